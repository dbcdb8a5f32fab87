/**
 * The Yahoo! Shopping fake's order model: a neutral FakeOrderSpec becomes an
 * order with the mall's own field names, grouped the way orderInfo answers
 * (注文 / Pay 請求 / Ship 配送 / Detail 明細 / Item 商品 / Seller / Buyer), and
 * the field picking for orderList (flat) and orderInfo (grouped).
 *
 * Sources: https://developer.yahoo.co.jp/webapi/shopping/orderInfo.html (取得可能項目 and the sample
 * responses: BillZipCode "111-2222", ShipZipCode "9999999", OrderTime "2018-12-07T01:27:04+09:00"),
 * https://developer.yahoo.co.jp/webapi/shopping/orderList.html (取得情報 Field).
 * Only erasable TypeScript: Node strips the types.
 */
import type { FakeItem, FakeOrderSpec } from '../harness.ts';

export type Fields = Record<string, string>;

export interface YahooOrder {
  /** 注文 fields (OrderId, OrderTime, LastUpdateTime, OrderStatus …) */
  info: Fields;
  Pay: Fields;
  Ship: Fields;
  Detail: Fields;
  Item: Fields[];
  Seller: Fields;
  Buyer: Fields;
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const jstIso = (d: Date): string => new Date(d.getTime() + JST_OFFSET_MS).toISOString().slice(0, 19);
/** "2025-01-02T03:04:05+09:00" */
export const jstWithOffset = (d: Date): string => `${jstIso(d)}+09:00`;
/** YYYYMMDDHH24MISS of a stored OrderTime, for comparing with orderList conditions. */
export const compactOf = (withOffset: string): string => {
  const t = Date.parse(withOffset);
  return Number.isNaN(t) ? '' : jstIso(new Date(t)).replace(/[-T:]/g, '');
};

/** The neutral payment words (FakeOrderSpec.payment) → PayMethod and PayMethodName. */
const PAY_METHODS: Record<string, [string, string]> = {
  card: ['payment_a1', 'クレジットカード決済'],
  bank: ['payment_b1', '銀行振込'],
  cod: ['payment_d1', '商品代引'],
  convenience: ['payment_a7', 'コンビニ決済（その他）'],
  paypay: ['payment_a17', 'PayPay残高等'],
};

/** 姓 名 → [姓, 名] (full-width or half-width space). */
const splitName = (name: string): [string, string] => {
  const parts = name.trim().split(/[\s\u3000]+/);
  return [parts[0] ?? '', parts.slice(1).join(' ')];
};

/** The code setStock/getStock use for an item: code, or code:sub_code. */
export const yahooCode = (i: { remoteId: string; remoteVariantId?: string | null }): string =>
  i.remoteVariantId ? `${i.remoteId}:${i.remoteVariantId}` : i.remoteId;

export const buildOrder = (p: { orderId: string; sellerId: string; spec: FakeOrderSpec; items: FakeItem[]; now: Date }): YahooOrder => {
  const { spec } = p;
  const orderTime = spec.orderedAt ? new Date(spec.orderedAt) : p.now;
  const [payMethod, payMethodName] = PAY_METHODS[spec.payment ?? 'card'] ?? ['payment_e1', spec.payment ?? 'その他'];
  const paid = spec.paid ?? (payMethod === 'payment_a1' || payMethod === 'payment_a17');
  const [billLast, billFirst] = splitName(spec.customer.name);
  const [billLastKana, billFirstKana] = splitName(spec.customer.kana ?? '');
  const [shipLast, shipFirst] = splitName(spec.shipTo.name);
  const lines = spec.lines.map((line, i) => {
    const item = p.items.find((it) => it.sku === line.sku);
    return {
      LineId: String(i + 1),
      ItemId: item?.remoteId ?? line.sku,
      Title: line.name ?? line.sku,
      SubCode: item?.remoteVariantId ?? '',
      UnitPrice: String(line.unitPrice),
      Quantity: String(line.quantity),
    };
  });
  const itemsTotal = spec.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const shipCharge = spec.shippingFee ?? 0;
  const stamp = jstWithOffset(orderTime);
  return {
    info: {
      OrderId: p.orderId,
      Version: '1',
      OrderTime: stamp,
      // A new order was last updated when it was placed; cancel and ship move this on.
      LastUpdateTime: stamp,
      OrderStatus: '2',
      IsSeen: 'false',
      IsReadOnly: '0',
      CancelReason: '',
      BuyerComments: spec.note ?? '',
    },
    Pay: {
      PayStatus: paid ? '1' : '0',
      PayType: paid ? '1' : '0',
      PayMethod: payMethod,
      PayMethodName: payMethodName,
      BillAddressFrom: 'ship',
      BillFirstName: billFirst,
      BillFirstNameKana: billFirstKana,
      BillLastName: billLast,
      BillLastNameKana: billLastKana,
      // The documented samples carry both forms: the bill postcode with a hyphen, the ship one without.
      BillZipCode: spec.shipTo.postalCode,
      BillPrefecture: spec.shipTo.prefecture,
      BillCity: spec.shipTo.city,
      BillAddress1: spec.shipTo.address1,
      BillAddress2: spec.shipTo.address2 ?? '',
      BillPhoneNumber: spec.customer.phone ?? spec.shipTo.phone,
      BillMailAddress: spec.customer.email ?? '',
    },
    Ship: {
      // "支払方法によって「出荷不可」か「出荷可」とし、注文受付時に判定します。"
      ShipStatus: paid || payMethod === 'payment_d1' ? '1' : '0',
      ShipMethod: 'postage1',
      ShipMethodName: '宅配便',
      ShipRequestDate: spec.desiredDate ?? '',
      ShipRequestTime: spec.timeSlot ?? '',
      ShipNotes: '',
      ShipCompanyCode: '',
      ShipInvoiceNumber1: '',
      ShipInvoiceNumber2: '',
      ShipUrl: '',
      ShipDate: '',
      ShipFirstName: shipFirst,
      ShipLastName: shipLast,
      ShipZipCode: spec.shipTo.postalCode.replace(/[^0-9]/g, ''),
      ShipPrefecture: spec.shipTo.prefecture,
      ShipCity: spec.shipTo.city,
      ShipAddress1: spec.shipTo.address1,
      ShipAddress2: spec.shipTo.address2 ?? '',
      ShipPhoneNumber: spec.shipTo.phone,
      ShipInstructType: '0',
    },
    Detail: {
      PayCharge: '0',
      ShipCharge: String(shipCharge),
      GiftWrapCharge: '0',
      Discount: '0',
      Adjustments: '0',
      UsePoint: '0',
      TotalMallCouponDiscount: '0',
      TotalPrice: String(itemsTotal + shipCharge),
      SettleAmount: String(itemsTotal + shipCharge),
    },
    Item: lines,
    Seller: { SellerId: p.sellerId },
    Buyer: { IsLogin: 'true' },
  };
};

const GROUPS = ['Pay', 'Ship', 'Detail', 'Seller', 'Buyer'] as const;

/** orderList: one flat OrderInfo with the requested Field keys found anywhere but the item lines. */
export const listFields = (o: YahooOrder, fields: string[]): Fields => {
  const flat: Fields = { ...o.info, ...o.Pay, ...o.Ship, ...o.Detail, ...o.Seller, ...o.Buyer };
  const out: Fields = {};
  for (const f of fields) if (f in flat) out[f] = flat[f];
  return out;
};

/** orderInfo: the requested keys, each in its group, item fields in every Item. */
export const infoFields = (o: YahooOrder, fields: string[]): Record<string, unknown> => {
  const want = new Set(fields);
  const pick = (src: Fields): Fields => Object.fromEntries(Object.entries(src).filter(([k]) => want.has(k)));
  const out: Record<string, unknown> = pick(o.info);
  for (const g of GROUPS) {
    const part = pick(o[g]);
    if (Object.keys(part).length) out[g] = part;
  }
  const items = o.Item.map(pick).filter((i) => Object.keys(i).length);
  if (items.length) out.Item = items;
  return out;
};
