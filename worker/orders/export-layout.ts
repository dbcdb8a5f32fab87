import { csvRows } from '../lib/csv';
import { jstCell, textCell, type CsvHeaders } from '../lib/csv-export';
import { MANUAL_CHANNEL_JA, paymentLabelJa, statusLabelJa } from './labels';
import { isTaxRate, STANDARD_RATE, taxBreakdown, type TaxRate } from './tax';

/**
 * 受注CSV for accounting (pure): one row per order line. Every row names its
 * order (受注番号 … 支払い方法); the order's amounts (the 10% and 8% taxable
 * amounts and the tax in each, worked out by tax.ts as on the 納品書, then
 * 送料, 手数料, 値引, ポイント, 合計) stand on its first line only, so a
 * column's sum is the sum over the orders.
 *
 * headers=ja (the default) is for people in Excel: Japanese headers, JST
 * times, statuses and payment methods in Japanese, the store's name, and the
 * postal code, JAN and a digits-only store order number as text (="060-0001")
 * so their leading zeros stay. headers=en is for integrations: English column
 * codes and the values as stored (UTC ISO times, codes, channel id).
 */
export const ORDER_EXPORT_HEADER_JA = [
  '受注番号',
  '店舗',
  '店舗受注番号',
  '受注日時',
  'ステータス',
  '注文者',
  '郵便番号',
  '都道府県',
  '支払い方法',
  'SKU',
  'JAN',
  '商品名',
  '数量',
  '単価(税込)',
  '小計',
  '税率',
  '10%対象',
  '10%消費税',
  '8%対象',
  '8%消費税',
  '送料',
  '手数料',
  '値引',
  'ポイント',
  '合計',
];

export const ORDER_EXPORT_HEADER_EN = [
  'number',
  'channelId',
  'externalId',
  'orderedAt',
  'status',
  'customerName',
  'postalCode',
  'prefecture',
  'paymentMethod',
  'sku',
  'janCode',
  'name',
  'quantity',
  'unitPrice',
  'subtotal',
  'taxRate',
  'taxable10',
  'tax10',
  'taxable8',
  'tax8',
  'shippingFee',
  'fees',
  'discount',
  'points',
  'total',
];

export const orderExportHeader = (headers: CsvHeaders) => (headers === 'ja' ? ORDER_EXPORT_HEADER_JA : ORDER_EXPORT_HEADER_EN);

/** What the layout needs of an order (the orders and order_lines rows have all of it). */
export interface ExportOrder {
  number: string;
  channelId: string;
  externalId: string;
  orderedAt: string;
  status: string;
  customerName: string;
  postalCode: string;
  prefecture: string;
  paymentMethod: string;
  shippingFee: number;
  fees: number;
  discount: number;
  points: number;
  total: number;
  lines: readonly { sku: string; name: string | null; quantity: number; unitPrice: number; taxRate: number }[];
}

export interface ExportLookups {
  /** the store's name for a channel id (undefined: not known, the id is written) */
  channelName: (channelId: string) => string | undefined;
  /** the SKU's JAN code, if it has one */
  janOf: (sku: string) => string | null | undefined;
  /** the SKU's name in the catalogue, for a line the mall sent without one */
  skuName?: (sku: string) => string | null | undefined;
}

const rateOf = (n: number): TaxRate => (isTaxRate(n) ? n : STANDARD_RATE);

/** The order's amounts per rate (tax.ts: shipping and fees at 10%, the discount shared in proportion, points not a price cut). */
export const orderTaxColumns = (o: ExportOrder) => {
  const lines = taxBreakdown({
    lines: o.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, taxRate: rateOf(l.taxRate) })),
    totals: { shipping: o.shippingFee, fees: o.fees, discount: o.discount },
  });
  const at = (rate: TaxRate) => lines.find((l) => l.rate === rate) ?? { amount: 0, tax: 0 };
  return { taxable10: at(10).amount, tax10: at(10).tax, taxable8: at(8).amount, tax8: at(8).tax };
};

/** The rows of one order: one per line, the order's amounts on the first. An order without lines still gets one row. */
export const orderExportRows = (o: ExportOrder, headers: CsvHeaders, look: ExportLookups): unknown[][] => {
  const ja = headers === 'ja';
  const channel = ja ? (o.channelId === 'manual' ? MANUAL_CHANNEL_JA : (look.channelName(o.channelId) ?? o.channelId)) : o.channelId;
  const head = [
    o.number,
    channel,
    ja ? textCell(o.externalId) : o.externalId,
    ja ? jstCell(o.orderedAt) : o.orderedAt,
    ja ? statusLabelJa(o.status) : o.status,
    o.customerName,
    ja ? textCell(o.postalCode) : o.postalCode,
    o.prefecture,
    ja ? paymentLabelJa(o.paymentMethod) : o.paymentMethod,
  ];
  const t = orderTaxColumns(o);
  const amounts = [t.taxable10, t.tax10, t.taxable8, t.tax8, o.shippingFee, o.fees, o.discount, o.points, o.total];
  const blank = amounts.map(() => '');
  const lines = o.lines.length ? o.lines : [null];
  return lines.map((l, i) => {
    const jan = l ? (look.janOf(l.sku) ?? null) : null;
    const line = l
      ? [l.sku, ja ? textCell(jan) : (jan ?? ''), l.name ?? look.skuName?.(l.sku) ?? '', l.quantity, l.unitPrice, l.quantity * l.unitPrice, rateOf(l.taxRate)]
      : ['', '', '', '', '', '', ''];
    return [...head, ...line, ...(i === 0 ? amounts : blank)];
  });
};

export const orderExportCsv = (orders: readonly ExportOrder[], headers: CsvHeaders, look: ExportLookups): string =>
  csvRows(orders.flatMap((o) => orderExportRows(o, headers, look)));

/** The most lines one export writes (the logs' CSV cap); a range with more is refused, never cut short. */
export const MAX_EXPORT_LINES = 100_000;
