/**
 * 返品・交換 (returns and exchanges): the pure rules, no I/O.
 *
 * - Only a shipped order (出荷済) takes a return, and per SKU at most what it
 *   shipped minus what earlier returns of it already took back.
 * - Each returned unit is sellable (良品: back into stock) or not (不良: recorded,
 *   never restocked); the operator says how many of each line are sellable.
 * - The refund (返金) has a status and an integer yen amount, which together
 *   with the order's other returns never exceed what the order cost.
 * - An exchange (交換) is a return plus a new manual order for the replacement,
 *   linked both ways; its store order number is derived from the return's, so
 *   a repeated request finds the order it made before.
 */

/** Why the goods came back. */
export const RETURN_REASONS = [
  'customer', // お客様都合
  'defective', // 不良品
  'wrong_item', // 誤配送
  'damaged', // 配送中の破損
  'exchange', // 交換
  'other', // その他
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** Where the refund stands: 未定, 返金待ち, 返金済み, 返金不要. */
export const REFUND_STATUSES = ['none', 'pending', 'refunded', 'not_required'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Lines one return may hold (a return names each SKU once). */
export const MAX_RETURN_LINES = 200;

export interface OrderLineFacts {
  sku: string;
  name: string | null;
  quantity: number;
}

export interface ReturnedLineFacts {
  sku: string;
  quantity: number;
}

export interface ReturnableLine {
  sku: string;
  name: string | null;
  /** units of this SKU the order shipped (all its lines together) */
  shipped: number;
  /** units earlier returns already took back */
  returned: number;
  /** what may still come back */
  remaining: number;
}

/**
 * What may still be returned, one row per SKU in the order the order lists
 * them (two lines of the same SKU count together).
 */
export const returnableLines = (orderLines: OrderLineFacts[], returned: ReturnedLineFacts[]): ReturnableLine[] => {
  const rows = new Map<string, ReturnableLine>();
  for (const l of orderLines) {
    const row = rows.get(l.sku) ?? { sku: l.sku, name: l.name, shipped: 0, returned: 0, remaining: 0 };
    row.shipped += l.quantity;
    row.name ??= l.name;
    rows.set(l.sku, row);
  }
  const back = new Map<string, number>();
  for (const r of returned) back.set(r.sku, (back.get(r.sku) ?? 0) + r.quantity);
  return [...rows.values()].map((r) => {
    const returnedUnits = back.get(r.sku) ?? 0;
    return { ...r, returned: returnedUnits, remaining: Math.max(0, r.shipped - returnedUnits) };
  });
};

export interface RequestedLine {
  sku: string;
  quantity: number;
  /** of `quantity`, the units that are sellable (良品) and go back into stock */
  sellable: number;
}

export interface RuleProblem {
  field: string;
  code: string;
  message: string;
  /** the SKU the problem is about (for a screen to name it in its own language) */
  sku?: string;
  /** the limit broken: units still returnable, sellable at most, yen still refundable */
  limit?: number;
}

export type ReturnCheck =
  | { ok: true; lines: RequestedLine[] }
  | { ok: false; status: 400 | 409; code: string; message: string; details?: RuleProblem[] };

/**
 * Whether a return may be recorded against the order as it stands.
 * 409 `order_not_shipped` for an order that has not shipped (or was cancelled);
 * 400 `invalid_return` for lines that are wrong in themselves (a SKU the order
 * does not have, the same SKU twice, more sellable units than returned);
 * 409 `over_return` when a line asks back more than is still returnable.
 */
export const checkReturn = (orderStatus: string, returnable: ReturnableLine[], lines: RequestedLine[]): ReturnCheck => {
  if (orderStatus !== 'shipped') {
    return { ok: false, status: 409, code: 'order_not_shipped', message: `Only a shipped order takes returns (this one is ${orderStatus})` };
  }
  if (!lines.length) return { ok: false, status: 400, code: 'invalid_return', message: 'A return needs at least one line', details: [{ field: 'lines', code: 'empty', message: 'No lines' }] };
  const bySku = new Map(returnable.map((r) => [r.sku, r]));
  const seen = new Set<string>();
  const invalid: RuleProblem[] = [];
  const over: RuleProblem[] = [];
  lines.forEach((l, i) => {
    const row = bySku.get(l.sku);
    if (!row) invalid.push({ field: `lines.${i}.sku`, code: 'not_on_order', message: `${l.sku} is not on this order`, sku: l.sku });
    else if (seen.has(l.sku)) invalid.push({ field: `lines.${i}.sku`, code: 'duplicate_sku', message: `${l.sku} is named twice; give it one line`, sku: l.sku });
    else if (!Number.isInteger(l.quantity) || l.quantity < 1) invalid.push({ field: `lines.${i}.quantity`, code: 'invalid_quantity', message: 'At least 1 unit', sku: l.sku });
    else if (!Number.isInteger(l.sellable) || l.sellable < 0 || l.sellable > l.quantity) {
      invalid.push({ field: `lines.${i}.sellable`, code: 'sellable_exceeds_quantity', message: `Between 0 and the ${l.quantity} returned units`, sku: l.sku, limit: l.quantity });
    } else if (l.quantity > row.remaining) {
      over.push({ field: `lines.${i}.quantity`, code: 'over_return', message: `${l.sku}: at most ${row.remaining} more can be returned (shipped ${row.shipped}, returned ${row.returned})`, sku: l.sku, limit: row.remaining });
    }
    seen.add(l.sku);
  });
  if (invalid.length) return { ok: false, status: 400, code: 'invalid_return', message: 'Some lines of the return are not valid', details: invalid };
  if (over.length) return { ok: false, status: 409, code: 'over_return', message: 'More units than were shipped and not yet returned', details: over };
  return { ok: true, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, sellable: l.sellable })) };
};

/**
 * Whether a refund status and amount go together, and fit the order:
 * 返金不要 has no amount, 返金済み has one, and all of the order's refunds
 * together stay within its total. Answers the problems (none: fine).
 */
export const refundProblems = (refund: { status: RefundStatus; amount: number }, orderTotal: number, otherRefunds: number): RuleProblem[] => {
  const problems: RuleProblem[] = [];
  if (!Number.isInteger(refund.amount) || refund.amount < 0) problems.push({ field: 'refund.amount', code: 'invalid_amount', message: 'Whole yen, 0 or more' });
  else if (refund.status === 'not_required' && refund.amount > 0) problems.push({ field: 'refund.amount', code: 'refund_not_required', message: 'No amount when no refund is required' });
  else if (refund.status === 'refunded' && refund.amount === 0) problems.push({ field: 'refund.amount', code: 'refund_amount_missing', message: 'A refunded return needs the amount refunded' });
  else if (refund.amount + otherRefunds > orderTotal) {
    const limit = Math.max(0, orderTotal - otherRefunds);
    problems.push({ field: 'refund.amount', code: 'refund_exceeds_total', message: `At most ${limit} yen (the order's total less its other refunds)`, limit });
  }
  return problems;
};

export interface SetFacts {
  /** the SKU is registered (and not deleted) in the stock ledger */
  known: boolean;
  /** for a set (セット商品): its components; a set has no stock of its own */
  components: { sku: string; quantity: number }[];
}

export type RestockPlan =
  | { ok: true; items: { sku: string; quantity: number }[] }
  | { ok: false; details: RuleProblem[] };

/**
 * The stock movements of the sellable units: each sellable unit of a plain SKU
 * adds one to it; a set's sellable unit adds its components back. A SKU the
 * stock ledger does not know (deleted since) cannot be restocked: record those
 * units as not sellable. One row per SKU moved, in first-seen order.
 */
export const restockPlan = (lines: RequestedLine[], facts: Map<string, SetFacts>): RestockPlan => {
  const out = new Map<string, number>();
  const problems: RuleProblem[] = [];
  lines.forEach((l, i) => {
    if (l.sellable <= 0) return;
    const f = facts.get(l.sku);
    if (!f?.known) {
      problems.push({ field: `lines.${i}.sellable`, code: 'unknown_sku', message: `${l.sku} is not a registered SKU, so it cannot go back into stock; record it as not sellable`, sku: l.sku });
      return;
    }
    const parts = f.components.length ? f.components.map((c) => ({ sku: c.sku, quantity: c.quantity * l.sellable })) : [{ sku: l.sku, quantity: l.sellable }];
    for (const p of parts) out.set(p.sku, (out.get(p.sku) ?? 0) + p.quantity);
  });
  if (problems.length) return { ok: false, details: problems };
  return { ok: true, items: [...out].map(([sku, quantity]) => ({ sku, quantity })) };
};

/** The ledger's reason for a restock: names the order the goods came back from. */
export const restockReason = (orderNumber: string) => `返品 ${orderNumber}`;

/** 交換: the replacement order's store order number, one per return (a repeat finds the same order). */
export const exchangeExternalId = (returnNumber: string) => `${returnNumber}-EX`;

/** 交換: the replacement order's note, naming the original order and the return. */
export const exchangeNote = (orderNumber: string, returnNumber: string, note?: string | null) =>
  [`交換: 元受注 ${orderNumber}(返品 ${returnNumber})`, note?.trim() || null].filter(Boolean).join('\n');

/** Units and sellable units of a return's lines. */
export const unitsOf = (lines: { quantity: number; sellable: number }[]) => ({
  units: lines.reduce((n, l) => n + l.quantity, 0),
  sellableUnits: lines.reduce((n, l) => n + l.sellable, 0),
});
