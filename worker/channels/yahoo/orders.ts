/**
 * Orders, pure parts: the orderList / orderInfo request bodies, reading their
 * answers, and one orderInfo → PulledOrder.
 *
 *   注文検索API https://developer.yahoo.co.jp/webapi/shopping/orderList.html
 *     POST XML <Req><Search><Result/><Start/><Sort/><Condition/><Field/></Search><SellerId/></Req>
 *     "/Req/Search/Result（デフォルト : 10）最大取得件数(上限値：2000)", "/Req/Search/Start（デフォルト : 1）",
 *     Sort "+order_time"; Condition needs OrderId or a time range (OrderTimeFrom/To "YYYYMMDDHH24MISS").
 *     There is no condition on the update time: LastUpdateTime is only a Field.
 *     Answer: <Result><Status>OK</Status><Search><TotalCount>n</TotalCount><OrderInfo><Index/>…</OrderInfo>…</Search></Result>
 *   注文詳細API https://developer.yahoo.co.jp/webapi/shopping/orderInfo.html
 *     one order per call: <Req><Target><OrderId/><Field/></Target><SellerId/></Req>
 *     Answer: <ResultSet><Result><Status>OK</Status><OrderInfo>… <Pay/> <Ship/> <Detail/> <Item/>… <Seller/> <Buyer/></OrderInfo></Result></ResultSet>
 */
import type { PulledOrder } from '../adapter';
import { jstCompact, parseYahooTime, yahooDate } from './jst';
import { yahooStatus } from './status-map';
import { yahooPayment } from './payment-methods';
import { buildXml, child, children, parseXml, text, type XmlNode } from './xml';

/** The documented maximum of /Req/Search/Result. */
export const ORDER_LIST_MAX_RESULT = 2000;

/** What orderList returns per order: enough to decide whether the order changed in the window. */
export const ORDER_LIST_FIELDS = ['OrderId', 'OrderTime', 'LastUpdateTime', 'OrderStatus'] as const;

/** What orderInfo returns: exactly the fields the mapping below reads. */
export const ORDER_INFO_FIELDS = [
  // 注文
  'OrderId', 'OrderTime', 'LastUpdateTime', 'OrderStatus', 'CancelReason', 'BuyerComments',
  // 請求 (Pay)
  'PayStatus', 'PayMethod', 'PayMethodName', 'BillFirstName', 'BillLastName', 'BillPhoneNumber', 'BillMailAddress',
  // 配送 (Ship)
  'ShipStatus', 'ShipMethod', 'ShipMethodName', 'ShipRequestDate', 'ShipRequestTime', 'ShipCompanyCode', 'ShipInvoiceNumber1',
  'ShipFirstName', 'ShipLastName', 'ShipZipCode', 'ShipPrefecture', 'ShipCity', 'ShipAddress1', 'ShipAddress2', 'ShipPhoneNumber', 'ShipInstructType',
  // 明細 (Detail)
  'PayCharge', 'ShipCharge', 'GiftWrapCharge', 'Discount', 'Adjustments', 'UsePoint', 'TotalMallCouponDiscount', 'TotalPrice',
  // 商品 (Item)
  'LineId', 'ItemId', 'Title', 'SubCode', 'UnitPrice', 'Quantity',
] as const;

export const orderListRequest = (p: { sellerId: string; from: Date; to: Date; start: number; result: number }): string =>
  buildXml({
    Req: {
      Search: {
        Result: p.result,
        Start: p.start,
        Sort: '+order_time',
        Condition: { OrderTimeFrom: jstCompact(p.from), OrderTimeTo: jstCompact(p.to) },
        Field: ORDER_LIST_FIELDS.join(','),
      },
      SellerId: p.sellerId,
    },
  });

export const orderInfoRequest = (p: { sellerId: string; orderId: string }): string =>
  buildXml({ Req: { Target: { OrderId: p.orderId, Field: ORDER_INFO_FIELDS.join(',') }, SellerId: p.sellerId } });

export interface OrderListEntry {
  orderId: string;
  orderTime: Date | null;
  lastUpdateTime: Date | null;
  orderStatus: string;
}

export interface OrderListPage {
  ok: boolean;
  totalCount: number;
  entries: OrderListEntry[];
}

export const parseOrderList = (body: string): OrderListPage => {
  const result = child(parseXml(body), 'Result');
  const search = child(result, 'Search');
  const entries = children(search, 'OrderInfo')
    .map((o) => ({ orderId: text(o, 'OrderId'), orderTime: parseYahooTime(text(o, 'OrderTime')), lastUpdateTime: parseYahooTime(text(o, 'LastUpdateTime')), orderStatus: text(o, 'OrderStatus') }))
    .filter((e) => e.orderId);
  return { ok: text(result, 'Status') === 'OK', totalCount: Number(text(search, 'TotalCount')) || 0, entries };
};

/**
 * Orders sit in a 10-minute buyer-cancel window (IsReadOnly) during which
 * orderList leaves them out by default (ReadOnlyMode 0). An order can therefore
 * first appear after a pull whose window already covers its LastUpdateTime, so
 * anything ordered shortly before the window is taken as changed too.
 */
export const READ_ONLY_GRACE_MS = 15 * 60 * 1000;

/** Did this order change inside [since, until)? Unknown times count as changed (the import is idempotent). */
export const changedInWindow = (e: OrderListEntry, since: Date, until: Date): boolean => {
  const updated = e.lastUpdateTime ?? e.orderTime;
  if (!updated) return true;
  if (updated.getTime() >= since.getTime() && updated.getTime() < until.getTime()) return true;
  return !!e.orderTime && e.orderTime.getTime() >= since.getTime() - READ_ONLY_GRACE_MS && e.orderTime.getTime() < until.getTime();
};

/** The OrderInfo element of an orderInfo answer, or null (Status NG, or no such order). */
export const parseOrderInfo = (body: string): XmlNode | null => {
  const result = child(child(parseXml(body), 'ResultSet'), 'Result');
  if (text(result, 'Status') !== 'OK') return null;
  const info = child(result, 'OrderInfo');
  return text(info, 'OrderId') ? info : null;
};

const yen = (v: string): number => {
  const n = Number(v.replace(/,/g, ''));
  return Number.isFinite(n) ? Math.round(n) : 0;
};

/** "0600001" or "060-0001" → "060-0001"; anything else (abroad: その他) kept as the mall wrote it. */
export const postalCode = (zip: string): string => {
  const digits = zip.replace(/[^0-9]/g, '');
  return digits.length === 7 ? `${digits.slice(0, 3)}-${digits.slice(3)}` : zip.trim();
};

/** 姓 名 as the Japanese write a name. */
const fullName = (last: string, first: string): string => [last, first].filter(Boolean).join(' ');

const optional = (v: string): string | undefined => (v ? v : undefined);

/** ヤマト運輸 フルフィルメント (ShipInstructType 102 API連携, 104 マルチチャネル): Yamato ships from its own warehouse stock. */
const MALL_FULFILLED_INSTRUCT_TYPES = new Set(['102', '104']);

/** Our SKU-like code for a line: item_code, or item_code:sub_code as setStock names a variant. */
export const lineSku = (itemId: string, subCode: string): string => (subCode ? `${itemId}:${subCode}` : itemId);

export const toPulledOrder = (info: XmlNode): PulledOrder => {
  const pay = child(info, 'Pay');
  const ship = child(info, 'Ship');
  const detail = child(info, 'Detail');
  const status = yahooStatus(text(info, 'OrderStatus'), text(ship, 'ShipStatus'));
  const orderedAt = parseYahooTime(text(info, 'OrderTime')) ?? parseYahooTime(text(info, 'LastUpdateTime'));
  const adjustments = yen(text(detail, 'Adjustments'));
  const shipMethod = text(ship, 'ShipMethodName') || text(ship, 'ShipMethod');
  return {
    externalId: text(info, 'OrderId'),
    orderedAt: (orderedAt ?? new Date(0)).toISOString(),
    customer: {
      name: fullName(text(pay, 'BillLastName'), text(pay, 'BillFirstName')),
      email: optional(text(pay, 'BillMailAddress')),
      phone: optional(text(pay, 'BillPhoneNumber')),
    },
    shipTo: {
      name: fullName(text(ship, 'ShipLastName'), text(ship, 'ShipFirstName')),
      postalCode: postalCode(text(ship, 'ShipZipCode')),
      prefecture: text(ship, 'ShipPrefecture'),
      city: text(ship, 'ShipCity'),
      address1: text(ship, 'ShipAddress1'),
      address2: optional(text(ship, 'ShipAddress2')),
      phone: text(ship, 'ShipPhoneNumber'),
    },
    lines: children(info, 'Item').map((item) => {
      const itemId = text(item, 'ItemId');
      const subCode = text(item, 'SubCode');
      return {
        sku: lineSku(itemId, subCode),
        quantity: yen(text(item, 'Quantity')),
        unitPrice: yen(text(item, 'UnitPrice')),
        name: optional(text(item, 'Title')),
        remoteId: itemId,
        remoteVariantId: optional(subCode),
      };
    }),
    payment: { ...yahooPayment(text(pay, 'PayMethod'), text(pay, 'PayMethodName')), paid: text(pay, 'PayStatus') === '1' },
    shipping: {
      method: optional(shipMethod),
      desiredDate: yahooDate(text(ship, 'ShipRequestDate')),
      timeSlot: optional(text(ship, 'ShipRequestTime')),
    },
    note: optional(text(info, 'BuyerComments')),
    totals: {
      shippingFee: yen(text(detail, 'ShipCharge')),
      // 手数料 (代引き手数料 etc.) + ギフト包装料, and a positive 調整額
      fees: yen(text(detail, 'PayCharge')) + yen(text(detail, 'GiftWrapCharge')) + Math.max(adjustments, 0),
      // 値引き (the store's) + モールクーポン値引き額, and a negative 調整額; store coupons are already in UnitPrice
      discount: yen(text(detail, 'Discount')) + yen(text(detail, 'TotalMallCouponDiscount')) + Math.max(-adjustments, 0),
      // 利用ポイント合計: points, 特典の一部利用 and 商品券 together, as the mall sums them
      points: yen(text(detail, 'UsePoint')),
    },
    raw: info,
    cancelled: status.cancelled,
    fulfilledByMall: MALL_FULFILLED_INSTRUCT_TYPES.has(text(ship, 'ShipInstructType')),
    mallStatus: status.mallStatus,
    mallUpdatedAt: parseYahooTime(text(info, 'LastUpdateTime'))?.toISOString(),
  };
};
