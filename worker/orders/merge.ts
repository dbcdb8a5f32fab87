import { halfWidth, normaliseText } from '../lib/japanese-input';
import { canMerge, type OrderStatus } from './state-machine';

/**
 * 同梱 (merging orders), pure: which open orders go to the same person at the
 * same address (the merge key), which of them may travel in one parcel, and
 * what that parcel looks like. No I/O: merge-service.ts reads and writes.
 *
 * A merge keeps every order as it is (its channel, store order number, lines,
 * totals and stock reservation). The first order becomes the parent (親); the
 * others become children (子) in status `merged`, which ship inside the
 * parent's parcel: one label, one slip, one picking block, and the tracking
 * number goes back to every mall order in it.
 *
 * Rules (NextEngine's and CROSSMALL's 同梱 conditions, as far as Kura has the data):
 * - the same key: customer name, recipient name, phone, postal code and
 *   address, compared without spaces and in either width (full-width digits,
 *   hyphen look-alikes), so 「北1条西2-1」 and 「北１条西２－１」 are one address;
 * - every order open (new, awaiting payment or stock, ready to ship, on hold),
 *   not shipped in part, not already in a group as a child; a child must not be
 *   a parent itself;
 * - a child's stock is reserved (no 在庫警告): its units are set aside, so the
 *   parcel ships them without another check;
 * - one carrier: the orders name the same carrier, or none;
 * - 代金引換: all of the orders are cash on delivery or none is. The carrier then
 *   collects the sum of their totals (the COD amount becomes the sum);
 * - a different delivery wish (date or time slot) is a warning, not a refusal.
 */

/** What the rules need to know about an order. */
export interface MergeCandidate {
  id: string;
  number: string;
  channelId: string;
  externalId: string;
  status: OrderStatus;
  orderedAt: string;
  customerName: string;
  shipName: string;
  postalCode: string;
  prefecture: string;
  city: string;
  address1: string;
  address2: string | null;
  shipPhone: string;
  paymentMethod: string;
  paid: boolean;
  total: number;
  carrier: string | null;
  desiredDate: string | null;
  timeSlot: string | null;
  reserved: boolean;
  stockWarning: boolean;
  /** set on a merged child: its parent */
  mergeParentId: string | null;
  /** some part of it already shipped (分割出荷) */
  partiallyShipped: boolean;
}

export type MergeProblemCode =
  | 'same_order'
  | 'not_open'
  | 'already_merged'
  | 'is_parent'
  | 'not_reserved'
  | 'partially_shipped'
  | 'different_address'
  | 'carrier_differs'
  | 'payment_mixed'
  | 'too_many';

export type MergeWarningCode = 'delivery_wish_differs';

export interface MergeProblem {
  orderId: string;
  number: string;
  code: MergeProblemCode;
  message: string;
}

export interface MergeWarning {
  orderId: string;
  number: string;
  code: MergeWarningCode;
  message: string;
}

/** 代引: what the carrier collects for the parcel, when its orders are cash on delivery. */
export interface CodSum {
  /** the sum of the cash-on-delivery orders' totals (yen) */
  amount: number;
  /** how many orders it adds up */
  orders: number;
  /** true when more than one order's total is in it: the amount is no longer any one order's */
  summed: boolean;
}

/** At most this many orders in one parcel (a parent and 19 children). */
export const MAX_GROUP_SIZE = 20;

const compact = (s: string | null | undefined) => normaliseText(halfWidth(s ?? '')).replace(/\s+/g, '').toLowerCase();
const digits = (s: string | null | undefined) => halfWidth(s ?? '').replace(/\D/g, '');

/**
 * The merge key: orders with the same key go to the same person at the same
 * address. Customer and recipient name, phone (digits only), postal code
 * (digits only) and the address, each without spaces and width-folded.
 */
export const mergeKey = (o: Pick<MergeCandidate, 'customerName' | 'shipName' | 'shipPhone' | 'postalCode' | 'prefecture' | 'city' | 'address1' | 'address2'>): string =>
  [compact(o.customerName), compact(o.shipName), digits(o.shipPhone), digits(o.postalCode), compact(`${o.prefecture}${o.city}${o.address1}${o.address2 ?? ''}`)].join('\u0000');

/** 代金引換 still to be collected (Kura's unified 'cod', not yet paid). */
export const isCollect = (o: { paymentMethod: string; paid: boolean }): boolean => o.paymentMethod === 'cod' && !o.paid;

/** What the carrier collects for these orders in one parcel; null when none is cash on delivery. */
export const codOf = (orders: readonly Pick<MergeCandidate, 'paymentMethod' | 'paid' | 'total'>[]): CodSum | null => {
  const cod = orders.filter(isCollect);
  return cod.length ? { amount: cod.reduce((n, o) => n + o.total, 0), orders: cod.length, summed: cod.length > 1 } : null;
};

export interface MergeCheck {
  ok: boolean;
  problems: MergeProblem[];
  warnings: MergeWarning[];
  cod: CodSum | null;
}

/**
 * Whether `children` may join `parent`'s parcel (which may already hold
 * `existing` children). Every problem is listed, each on the order it concerns.
 */
export const checkMerge = (parent: MergeCandidate, children: readonly MergeCandidate[], existing: readonly MergeCandidate[] = []): MergeCheck => {
  const problems: MergeProblem[] = [];
  const warnings: MergeWarning[] = [];
  const problem = (o: MergeCandidate, code: MergeProblemCode, message: string) => problems.push({ orderId: o.id, number: o.number, code, message });

  if (!canMerge(parent.status)) problem(parent, parent.status === 'merged' ? 'already_merged' : 'not_open', `${parent.number} is ${parent.status}; only an open order can be a parent`);
  else if (parent.mergeParentId) problem(parent, 'already_merged', `${parent.number} already ships inside another order`);
  if (parent.partiallyShipped) problem(parent, 'partially_shipped', `${parent.number} has already shipped in part`);
  if (1 + existing.length + children.length > MAX_GROUP_SIZE) problem(parent, 'too_many', `At most ${MAX_GROUP_SIZE} orders go in one parcel`);

  const key = mergeKey(parent);
  const group = [parent, ...existing];
  const carrier = group.map((o) => o.carrier).find((c) => c !== null) ?? null;
  const collect = isCollect(parent);
  const seen = new Set<string>([parent.id, ...existing.map((o) => o.id)]);
  let groupCarrier = carrier;
  for (const c of children) {
    if (seen.has(c.id)) {
      problem(c, 'same_order', `${c.number} is named twice, or is the parent or already in its parcel`);
      continue;
    }
    seen.add(c.id);
    if (c.mergeParentId || c.status === 'merged') problem(c, 'already_merged', `${c.number} already ships inside another order`);
    else if (!canMerge(c.status)) problem(c, 'not_open', `${c.number} is ${c.status}; only an open order can be merged`);
    if (c.partiallyShipped) problem(c, 'partially_shipped', `${c.number} has already shipped in part`);
    if (!c.reserved || c.stockWarning) problem(c, 'not_reserved', `${c.number} has lines without stock (在庫警告); it can be a parent, not a child`);
    if (mergeKey(c) !== key) problem(c, 'different_address', `${c.number} goes to another customer or address`);
    if (c.carrier !== null) {
      if (groupCarrier !== null && c.carrier !== groupCarrier) problem(c, 'carrier_differs', `${c.number} ships with ${c.carrier}, the parcel with ${groupCarrier}`);
      else groupCarrier = c.carrier;
    }
    if (isCollect(c) !== collect) problem(c, 'payment_mixed', `${c.number} ${isCollect(c) ? 'is' : 'is not'} cash on delivery and ${parent.number} ${collect ? 'is' : 'is not'}: the carrier collects for all of a parcel or for none`);
    if ((c.desiredDate ?? null) !== (parent.desiredDate ?? null) || (c.timeSlot ?? null) !== (parent.timeSlot ?? null)) {
      warnings.push({ orderId: c.id, number: c.number, code: 'delivery_wish_differs', message: `${c.number} asks for another delivery date or time; the parcel keeps ${parent.number}'s` });
    }
  }
  return { ok: problems.length === 0, problems, warnings, cod: codOf([parent, ...existing, ...children]) };
};

/** A group the proposal offers: the suggested parent first, then the others, oldest first. */
export interface MergeProposal {
  key: string;
  parentId: string;
  /** the parent's children already merged (not offered again, but part of the parcel) */
  existingChildIds: string[];
  orders: MergeCandidate[];
  check: MergeCheck;
}

const byAge = (a: MergeCandidate, b: MergeCandidate) => (a.orderedAt < b.orderedAt ? -1 : a.orderedAt > b.orderedAt ? 1 : a.id < b.id ? -1 : 1);

/**
 * 同梱候補: groups of two or more open orders (not merged as a child, not
 * shipped in part) with the same merge key. The parent suggested is an order
 * that already is a parent; otherwise the oldest that cannot be a child (its
 * stock is not reserved); otherwise the oldest. Groups come oldest first (by
 * their oldest order): those have waited longest.
 *
 * `childrenOf` answers the children a parent already has (for the carrier and
 * cash-on-delivery checks).
 */
export const proposeMerges = (open: readonly MergeCandidate[], childrenOf: (parentId: string) => readonly MergeCandidate[] = () => []): MergeProposal[] => {
  const groups = new Map<string, MergeCandidate[]>();
  for (const o of open) {
    if (!canMerge(o.status) || o.mergeParentId || o.partiallyShipped) continue;
    const key = mergeKey(o);
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const out: MergeProposal[] = [];
  for (const [key, members] of groups) {
    if (members.length < 2) continue;
    const sorted = [...members].sort(byAge);
    const parent =
      sorted.find((o) => childrenOf(o.id).length > 0) ?? sorted.find((o) => !o.reserved || o.stockWarning) ?? sorted[0];
    const existing = childrenOf(parent.id);
    const children = sorted.filter((o) => o.id !== parent.id);
    out.push({ key, parentId: parent.id, existingChildIds: existing.map((o) => o.id), orders: [parent, ...children], check: checkMerge(parent, children, existing) });
  }
  return out.sort((a, b) => byAge(a.orders.reduce((m, o) => (byAge(o, m) < 0 ? o : m)), b.orders.reduce((m, o) => (byAge(o, m) < 0 ? o : m))));
};

/** The money fields of an order, as the API shows them. */
export interface ParcelTotals {
  items: number;
  shipping: number;
  fees: number;
  discount: number;
  points: number;
  tax: number;
  total: number;
}

/** What a parcel document (slip, carrier file row) reads of an order. */
export interface ParcelOrder<L> {
  number: string;
  externalId: string;
  totals: ParcelTotals;
  lines: L[];
}

/**
 * One parcel's document from a parent and its children: the parent's fields
 * (ship-to, payment, delivery wish, K-number) with every order's lines, the
 * totals added up (the 代引 amount of an all-COD parcel is then the sum), and
 * every store order number (「楽天 123 / Yahoo! 456」). With `allNumbers` the
 * K-numbers are listed too (the slip names every order it covers). Lines are
 * numbered afresh, parent's first.
 */
export const combineParcel = <L extends object, O extends ParcelOrder<L>>(parent: O, children: readonly O[], opts: { allNumbers?: boolean } = {}): O => {
  if (!children.length) return parent;
  const all = [parent, ...children];
  const sum = (k: keyof ParcelTotals) => all.reduce((n, o) => n + o.totals[k], 0);
  const lines = all.flatMap((o) => o.lines).map((l, i) => ('lineNo' in l ? { ...l, lineNo: i + 1 } : l));
  return {
    ...parent,
    number: opts.allNumbers ? all.map((o) => o.number).join(' / ') : parent.number,
    externalId: all.map((o) => o.externalId).join(' / '),
    totals: { ...parent.totals, items: sum('items'), shipping: sum('shipping'), fees: sum('fees'), discount: sum('discount'), points: sum('points'), tax: sum('tax'), total: sum('total') },
    lines,
  };
};
