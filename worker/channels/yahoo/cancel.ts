/**
 * Seller cancel, pure parts: Kura's reasons → キャンセル理由 codes, and the
 * orderStatusChange request.
 *
 *   注文ステータス変更API https://developer.yahoo.co.jp/webapi/shopping/orderStatusChange.html
 *     POST XML to /ShoppingWebService/V1/orderStatusChange:
 *       <Req><Target><OrderId/><IsPointFix/></Target><Order><OrderStatus>4</OrderStatus><CancelReason/></Order><SellerId/></Req>
 *     OrderStatus "1 : 予約中 2 : 処理中 3 : 保留 4 : キャンセル 5 : 完了"; the page's 注文ステータス遷移表
 *     allows 予約中/処理中/保留 → キャンセル, and 完了 → キャンセル except for いたずら注文; nothing leaves キャンセル.
 *     IsPointFix (ポイント確定要否) is required: "※注文ステータスを「完了」に変更する際は、必ずポイント確定要否をtrueに指定してください。"
 *     CancelReason キャンセル理由 (as 注文詳細API returns it, https://developer.yahoo.co.jp/webapi/shopping/orderInfo.html):
 *       注文者都合 100 キャンセル, 110 返品, 120 未入金, 130 住所不明, 140 受け取り拒否, 150 連絡不通,
 *       160 重複注文, 170 決済審査不可, 180 その他; ストア都合 200 決済方法都合, 210 欠品, 220 販売中止, 230 その他.
 *     Errors come as <Error><Message/><Code/></Error> (an invalid transition reads
 *     "Cannot Be Operated : CancelOrder OrderStatus").
 * The request has no free-text field for the store's note, so it stays in Kura.
 */
import type { CancelReason } from '../../orders/cancel-reasons';
import { buildXml } from './xml';

/** OrderStatus 4 キャンセル. */
export const CANCELLED = '4';

/**
 * Kura's reason → CancelReason. Fraud has no code of its own; it is the
 * orderer's doing (注文者都合 その他), not the store's. "other" is the store's
 * own (ストア都合 その他), the honest default when the operator gives no cause.
 */
export const YAHOO_CANCEL_REASON: Readonly<Record<CancelReason, string>> = {
  customer: '100', // キャンセル (注文者都合)
  payment: '120', // 未入金
  duplicate: '160', // 重複注文
  fraud: '180', // その他 (注文者都合)
  out_of_stock: '210', // 欠品 (ストア都合)
  other: '230', // その他 (ストア都合)
};

/**
 * IsPointFix false: ポイント確定 grants the buyer the order's points for good,
 * which is what completing (完了) an order does; a cancelled order's points must
 * not be granted.
 */
export const orderCancelRequest = (p: { sellerId: string; orderId: string; reason: CancelReason }): string =>
  buildXml({
    Req: {
      Target: { OrderId: p.orderId, IsPointFix: 'false' },
      Order: { OrderStatus: CANCELLED, CancelReason: YAHOO_CANCEL_REASON[p.reason] ?? YAHOO_CANCEL_REASON.other },
      SellerId: p.sellerId,
    },
  });
