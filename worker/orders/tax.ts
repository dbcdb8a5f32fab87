/**
 * 消費税 on Kura's documents (納品書, 領収書): pure functions, no I/O, imported
 * by the worker and by the web pages alike.
 *
 * Prices in Kura are tax-included (内税), as the malls sell. The tax in an
 * amount is therefore worked out per rate, once over the rate's whole amount
 * (one rounding per rate and document, as インボイス制度 requires), and rounded
 * down (切り捨て): floor(total × rate / (100 + rate)).
 */

/** 10: 標準税率. 8: 軽減税率 (food and drink other than alcohol and eating in, newspapers). */
export const TAX_RATES = [10, 8] as const;
export type TaxRate = (typeof TAX_RATES)[number];

/** The rate a SKU gets until someone says otherwise, and what anything not sold as goods (shipping, fees) is taxed at. */
export const STANDARD_RATE: TaxRate = 10;
export const REDUCED_RATE: TaxRate = 8;

export const isTaxRate = (n: unknown): n is TaxRate => n === 10 || n === 8;

/**
 * The consumption tax included in a tax-included amount at one rate:
 * floor(total × rate / (100 + rate)). ¥1,100 at 10% holds ¥100, ¥1,080 at 8% holds ¥80.
 * Integer arithmetic throughout, so no amount is ever off by a float's rounding.
 * Nothing is owed on nothing: an amount of 0 or less holds no tax.
 */
export const includedTax = (total: number, rate: TaxRate): number => {
  if (!Number.isFinite(total) || total <= 0) return 0;
  const yen = Math.trunc(total);
  const n = yen * rate;
  return (n - (n % (100 + rate))) / (100 + rate);
};

/** One line of the breakdown: 「10%対象 ¥X(うち消費税 ¥Y)」. */
export interface TaxLine {
  rate: TaxRate;
  /** the tax-included amount at this rate */
  amount: number;
  /** the tax in it: includedTax(amount, rate) */
  tax: number;
}

/** What the breakdown needs of an order (the API's Order has all of it). */
export interface TaxableOrder {
  lines: readonly { quantity: number; unitPrice: number; taxRate: TaxRate }[];
  totals: { shipping: number; fees: number; discount: number };
}

/**
 * The order's amounts per rate, 10% first, then 8%:
 * - each line counts at its own rate (snapshotted from the SKU when the order arrived);
 * - shipping (送料) and fees (手数料: 代引手数料 and the like) count at 10%;
 * - a discount (値引) lowers both rates in proportion to their amounts (按分), the 8% share
 *   rounded down and the 10% share taking the rest, so the parts add up to the discount;
 * - points used (ポイント利用) do not lower them: mall points are a way of paying that the
 *   mall settles with the shop, not a price cut, so the taxable amount stays the price.
 * A rate appears when the order has a line or an amount at it (an order of food with free
 * shipping shows 8% alone); an order with nothing at all shows 10% at ¥0.
 */
export const taxBreakdown = (order: TaxableOrder): TaxLine[] => {
  const gross: Record<TaxRate, number> = { 10: order.totals.shipping + order.totals.fees, 8: 0 };
  const used = new Set<TaxRate>();
  for (const l of order.lines) {
    gross[l.taxRate] += l.quantity * l.unitPrice;
    used.add(l.taxRate);
  }
  const sum = gross[10] + gross[8];
  const discount = Math.min(Math.max(order.totals.discount, 0), Math.max(sum, 0));
  const reducedShare = sum > 0 ? Math.floor((discount * gross[8]) / sum) : 0;
  const net: Record<TaxRate, number> = { 10: Math.max(gross[10] - (discount - reducedShare), 0), 8: Math.max(gross[8] - reducedShare, 0) };
  const shown = TAX_RATES.filter((r) => used.has(r) || net[r] > 0);
  return (shown.length ? shown : [STANDARD_RATE]).map((rate) => ({ rate, amount: net[rate], tax: includedTax(net[rate], rate) }));
};

/** The tax of the whole document: the sum of the per-rate taxes (never a tax worked out over the grand total). */
export const totalTax = (lines: readonly TaxLine[]) => lines.reduce((n, l) => n + l.tax, 0);

/** 収入印紙: a paper receipt for money received (売上代金の受取書) of this much or more needs one (印紙税法, 第17号文書). */
export const REVENUE_STAMP_FROM = 50_000;

/**
 * Whether a paper receipt for `amount` needs a revenue stamp. The consumption tax the receipt
 * states (「うち消費税」 per rate) does not count towards the amount, so a ¥54,000 receipt that
 * states ¥4,909 of tax is for ¥49,091 and needs none. A receipt sent as a PDF or other
 * electronic file never needs one: the duty applies to paper only.
 */
export const needsRevenueStamp = (amount: number, statedTax = 0): boolean => amount - Math.max(statedTax, 0) >= REVENUE_STAMP_FROM;
