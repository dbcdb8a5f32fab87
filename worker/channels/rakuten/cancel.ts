/**
 * cancelOrder (キャンセル申請) request body, pure. RakutenPayOrderAPI:
 *   https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/cancelorder/
 *   POST https://api.rms.rakuten.co.jp/es/2.0/order/cancelOrder/ (ESA auth, JSON), valid only for
 *   orderProgress 100 注文確認待ち, 200 楽天処理中, 300 発送待ち (after shipping it is cancelOrderAfterShipping);
 *   body {orderNumber, inventoryRestoreType, changeReasonDetailApply}; answers MessageModelList
 *   (ORDER_EXT_API_CANCEL_ORDER_INFO_101 "キャンセル申請に成功しました。" on success).
 *   inventoryRestoreType 在庫連動区分: 0 商品設定に合わせる, 1 在庫連動する, 2 在庫連動しない.
 *   changeReasonDetailApply キャンセル理由: お客様都合 1 キャンセル, 2 受取後の返品, 3 長期不在による受取拒否,
 *   4 未入金, 5 代引決済の受取拒否, 6 その他; 店舗様都合 8 欠品, 10 その他, 13 発送遅延,
 *   14 顧客・配送対応注意表示, 15 返品（破損・品間違い）.
 * The portal needs an RMS login; the names and codes above are as the page lists
 * them (and as the public clients built from it send them). The body has no
 * free-text field, so the operator's note stays in Kura.
 */
import type { CancelPush } from '../adapter';
import type { CancelReason } from '../../orders/cancel-reasons';

/**
 * 2 在庫連動しない: Kura owns the stock figure. Releasing the reservation makes
 * Kura push the new absolute quantity to RMS; letting RMS put the units back as
 * well would show them twice until that push lands (an oversell window), and
 * "商品設定に合わせる" would do the same for every item set to 在庫連動.
 */
export const INVENTORY_RESTORE_NONE = 2;

/**
 * Kura's reason → changeReasonDetailApply. A duplicate order and fraud are the
 * buyer's doing (お客様都合 その他), not the shop's; "other" is the shop's own
 * (店舗様都合 その他), the honest default when the operator gives no cause.
 */
export const RAKUTEN_CANCEL_REASON: Readonly<Record<CancelReason, number>> = {
  customer: 1, // キャンセル (お客様都合)
  payment: 4, // 未入金
  duplicate: 6, // その他 (お客様都合)
  fraud: 6, // その他 (お客様都合)
  out_of_stock: 8, // 欠品 (店舗様都合)
  other: 10, // その他 (店舗様都合)
};

export interface CancelOrderBody {
  orderNumber: string;
  inventoryRestoreType: number;
  changeReasonDetailApply: number;
}

export const cancelOrderBody = (c: CancelPush): CancelOrderBody => ({
  orderNumber: c.externalId,
  inventoryRestoreType: INVENTORY_RESTORE_NONE,
  changeReasonDetailApply: RAKUTEN_CANCEL_REASON[c.reason] ?? RAKUTEN_CANCEL_REASON.other,
});

/** orderProgress values that mean the order is already on its way to cancelled: 800 キャンセル確定待ち, 900 キャンセル確定. */
export const CANCELLING = new Set([800, 900]);
