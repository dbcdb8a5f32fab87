/**
 * ピッキングリスト (picking lists) for a set of orders: pure layout, no I/O.
 *
 * - 個別ピッキング (per order): one block per order, sorted by order number,
 *   its lines in the order's own order. A set line (セット商品) also lists the
 *   components to pick for it.
 * - トータルピッキング (total per SKU): one row per SKU to pick across all the
 *   orders, sets exploded into their components, sorted by shelf number (棚番)
 *   then SKU; SKUs without a shelf number come last.
 *
 * A SKU the facts do not know (deleted, or never created: the order still came
 * in) is kept with its code and the name the order line carries.
 */
import type { OrderStatus } from './state-machine';

export interface PickingOrderInput {
  id: string;
  /** Kura's order number, K000001 … */
  number: string;
  /** the store's order number */
  externalId: string;
  status: OrderStatus;
  shipTo: { name: string };
  lines: { sku: string; name: string | null; quantity: number }[];
}

/** What the SKU master says about a code. */
export interface SkuFacts {
  name: string;
  jan: string | null;
  /** 棚番 */
  shelfNumber: string | null;
  /** a set's components (セット商品); absent or empty for an ordinary SKU */
  components?: { sku: string; quantity: number }[];
}

export type SkuFactsLookup = ReadonlyMap<string, SkuFacts>;

/** One thing to pick: a SKU and what identifies it on the shelf. */
export interface PickItem {
  sku: string;
  jan: string | null;
  name: string | null;
  shelfNumber: string | null;
  /** false: the SKU master does not know this code */
  known: boolean;
}

export interface PickingComponent extends PickItem {
  /** units of this component for the whole line (line quantity × units per set) */
  quantity: number;
}

export interface PickingLine extends PickItem {
  quantity: number;
  /** for a set: the components to pick for this line; empty otherwise */
  components: PickingComponent[];
}

export interface PickingOrder {
  id: string;
  number: string;
  externalId: string;
  status: OrderStatus;
  shipTo: { name: string };
  lines: PickingLine[];
}

export interface PickingTotal extends PickItem {
  quantity: number;
  /** how many of the orders need this SKU */
  orderCount: number;
}

export interface PickingLists {
  orders: PickingOrder[];
  totals: PickingTotal[];
}

/** GET /orders/picking's answer (the web page reads this type). */
export interface PickingListAnswer extends PickingLists {
  /** ids that name no order of the account */
  missing: number;
}

/** Sets hold ordinary SKUs only (the ledger refuses a set inside a set); the bound guards bad data. */
const MAX_SET_DEPTH = 4;

const collator = new Intl.Collator('ja', { numeric: true, sensitivity: 'variant' });
/** Natural order (A-2 before A-10), with a plain code-unit tie-break so the result never depends on the collator alone. */
const byText = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

const shelfOf = (f: SkuFacts | undefined) => {
  const s = f?.shelfNumber?.trim();
  return s ? s : null;
};

const itemOf = (sku: string, facts: SkuFactsLookup, lineName: string | null): PickItem => {
  const f = facts.get(sku);
  return { sku, jan: f?.jan || null, name: f?.name || lineName || null, shelfNumber: shelfOf(f), known: !!f };
};

/**
 * The leaf SKUs to pick for `quantity` units of `sku`: the SKU itself, or a
 * set's components (each times its units per set), merged by code in the
 * order the set lists them.
 */
const explode = (sku: string, quantity: number, facts: SkuFactsLookup, path: string[] = []): { sku: string; quantity: number }[] => {
  const comps = facts.get(sku)?.components ?? [];
  if (!comps.length || path.includes(sku) || path.length >= MAX_SET_DEPTH) return [{ sku, quantity }];
  const out = new Map<string, number>();
  for (const c of comps) for (const leaf of explode(c.sku, quantity * c.quantity, facts, [...path, sku])) out.set(leaf.sku, (out.get(leaf.sku) ?? 0) + leaf.quantity);
  return [...out].map(([code, q]) => ({ sku: code, quantity: q }));
};

const isSet = (sku: string, facts: SkuFactsLookup) => (facts.get(sku)?.components?.length ?? 0) > 0;

export const sortOrders = <O extends { id: string; number: string }>(orders: readonly O[]): O[] => [...orders].sort((a, b) => byText(a.number, b.number) || byText(a.id, b.id));

/** By shelf number, SKUs without one last, then by SKU code. */
export const byShelfThenSku = (a: { shelfNumber: string | null; sku: string }, b: { shelfNumber: string | null; sku: string }) => {
  if (a.shelfNumber !== b.shelfNumber) {
    if (a.shelfNumber === null) return 1;
    if (b.shelfNumber === null) return -1;
    const s = byText(a.shelfNumber, b.shelfNumber);
    if (s) return s;
  }
  return byText(a.sku, b.sku);
};

/** The codes that sets among `facts` are made of and that `facts` does not hold yet (to read them in a second batch). */
export const missingComponentCodes = (facts: SkuFactsLookup): string[] => {
  const out = new Set<string>();
  for (const f of facts.values()) for (const c of f.components ?? []) if (!facts.has(c.sku)) out.add(c.sku);
  return [...out];
};

/** Both layouts for these orders. */
export const pickingLists = (orders: readonly PickingOrderInput[], facts: SkuFactsLookup): PickingLists => {
  const sorted = sortOrders(orders);

  const blocks: PickingOrder[] = sorted.map((o) => ({
    id: o.id,
    number: o.number,
    externalId: o.externalId,
    status: o.status,
    shipTo: { name: o.shipTo.name },
    lines: o.lines.map((l) => ({
      ...itemOf(l.sku, facts, l.name),
      quantity: l.quantity,
      components: isSet(l.sku, facts) ? explode(l.sku, l.quantity, facts).map((c) => ({ ...itemOf(c.sku, facts, null), quantity: c.quantity })) : [],
    })),
  }));

  const totals = new Map<string, PickingTotal & { seenIn: Set<string> }>();
  for (const o of sorted) {
    for (const l of o.lines) {
      for (const leaf of explode(l.sku, l.quantity, facts)) {
        const row = totals.get(leaf.sku) ?? { ...itemOf(leaf.sku, facts, leaf.sku === l.sku ? l.name : null), quantity: 0, orderCount: 0, seenIn: new Set<string>() };
        // an unknown code's name is the first one an order line gives it
        if (!row.name && leaf.sku === l.sku && l.name) row.name = l.name;
        row.quantity += leaf.quantity;
        row.seenIn.add(o.id);
        totals.set(leaf.sku, row);
      }
    }
  }
  const rows = [...totals.values()].map(({ seenIn, ...row }) => ({ ...row, orderCount: seenIn.size })).sort(byShelfThenSku);
  return { orders: blocks, totals: rows };
};
