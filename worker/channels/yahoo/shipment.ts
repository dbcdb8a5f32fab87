/**
 * Shipment, pure parts: Kura carriers → 配送会社コード, and the
 * orderShipStatusChange request.
 *
 *   出荷ステータス変更API https://developer.yahoo.co.jp/webapi/shopping/orderShipStatusChange.html
 *     POST XML <Req><Target><OrderId/><IsPointFix>true</IsPointFix></Target>
 *       <Order><Ship><ShipStatus>3</ShipStatus><ShipCompanyCode/><ShipInvoiceNumber1/><ShipDate>YYYYMMDD</ShipDate></Ship></Order>
 *       <SellerId/></Req>
 *     "※出荷ステータスを変更する際は、必ずポイント確定要否をtrueに指定してください。"
 *     ShipStatus "3 : 出荷済み"; ShipDate "出荷日(YYYYMMDD)".
 *   配送会社コード (注文詳細API): "1000 その他 1001 ヤマト運輸 1002 佐川急便 1003 日本郵便 1004 西濃運輸 1005 西武運輸 1006 福山通運 …"
 */
import { jstDateCompact } from './jst';
import { buildXml } from './xml';

/** Kura carrier (including the carrier-file variants B2クラウド, e飛伝Ⅱ, ゆうプリR) → ShipCompanyCode. */
export const SHIP_COMPANY_CODE: Readonly<Record<string, string>> = {
  yamato: '1001',
  yamato_b2: '1001',
  sagawa: '1002',
  sagawa_ehiden2: '1002',
  japanpost: '1003',
  japanpost_yupri: '1003',
  seino: '1004',
  fukuyama: '1006',
  other: '1000',
};

/** Unknown carriers are sent as 1000 その他 rather than refused: the tracking number still reaches the buyer. */
export const shipCompanyCode = (carrier: string): string => SHIP_COMPANY_CODE[carrier.trim().toLowerCase()] ?? '1000';

/** ShipStatus 3 出荷済み. */
export const SHIPPED = '3';

/**
 * 分割出荷: orderShipStatusChange has two 配送伝票番号 (ShipInvoiceNumber1, 2) and one
 * carrier code, so an order shipped in parcels sends its first two numbers, the
 * carrier of the last parcel (the order's), and a third parcel's onwards only in Kura.
 */
export const shipStatusChangeRequest = (p: { sellerId: string; orderId: string; carrier: string; trackingNumber: string; shippedAt: Date; trackingNumber2?: string }): string =>
  buildXml({
    Req: {
      Target: { OrderId: p.orderId, IsPointFix: 'true' },
      Order: {
        Ship: {
          ShipStatus: SHIPPED,
          ShipCompanyCode: shipCompanyCode(p.carrier),
          ShipInvoiceNumber1: p.trackingNumber.trim(),
          ...(p.trackingNumber2 ? { ShipInvoiceNumber2: p.trackingNumber2.trim() } : {}),
          ShipDate: jstDateCompact(p.shippedAt),
        },
      },
      SellerId: p.sellerId,
    },
  });
