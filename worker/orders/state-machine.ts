import type { PaymentMethod } from './choices';

/**
 * The order workflow (受注の処理フェーズ) as one pure state machine. Anything
 * not listed here is refused with 409 by the API.
 *
 *   new (新規受付) ──► ready_to_ship (出荷待ち) ──ship──► shipped (出荷済)
 *    │  ▲                 │
 *    ▼  │                 ▼
 *   awaiting_payment (入金待ち)   awaiting_stock (在庫待ち)   on_hold (保留)
 *   any open status ──cancel──► cancelled (キャンセル)
 *
 * `shipped` is reached only through the ship action (it needs a carrier and a
 * tracking number and commits the stock); `cancelled` only through cancel
 * (it releases the stock). Both are final.
 *
 * 同梱: `merged` (同梱済) is a child order that ships inside its parent's parcel
 * (orders/merge.ts). It is reached only through the merge action, from an open
 * status, and left only with its parent (shipped with it) or by unmerge, which
 * returns it to the status it had. A merged order makes no move of its own and
 * cannot be cancelled or shipped by itself.
 */
export const ORDER_STATUSES = ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'shipped', 'cancelled', 'on_hold', 'merged'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const OPEN_STATUSES: readonly OrderStatus[] = ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'on_hold'];

const MOVES: Record<OrderStatus, readonly OrderStatus[]> = {
  new: ['awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'on_hold'],
  awaiting_payment: ['new', 'awaiting_stock', 'ready_to_ship', 'on_hold'],
  awaiting_stock: ['new', 'awaiting_payment', 'ready_to_ship', 'on_hold'],
  ready_to_ship: ['new', 'awaiting_payment', 'on_hold'],
  on_hold: ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship'],
  shipped: [],
  cancelled: [],
  // a child of a merge group moves only with its parent (ship) or by unmerge
  merged: [],
};

/** What the guards need to know about the order. */
export interface OrderFacts {
  /** every managed line is reserved (no 在庫警告) */
  stockReserved: boolean;
  /** paid, or a payment method that is settled on delivery (代金引換) or by the mall */
  paymentSettled: boolean;
}

export type MoveCheck = { ok: true } | { ok: false; code: 'invalid_transition' | 'stock_not_reserved' | 'payment_pending'; message: string };

export const checkTransition = (from: OrderStatus, to: OrderStatus, facts: OrderFacts): MoveCheck => {
  if (!MOVES[from].includes(to)) {
    return { ok: false, code: 'invalid_transition', message: `An order cannot move from ${from} to ${to}` };
  }
  if (to === 'ready_to_ship' && !facts.stockReserved) {
    return { ok: false, code: 'stock_not_reserved', message: 'Some lines are not reserved (在庫警告)' };
  }
  if (to === 'ready_to_ship' && !facts.paymentSettled) {
    return { ok: false, code: 'payment_pending', message: 'The order is not paid yet' };
  }
  return { ok: true };
};

export const canCancel = (from: OrderStatus): boolean => OPEN_STATUSES.includes(from);
export const canShip = (from: OrderStatus): boolean => from === 'ready_to_ship';

/** The statuses an order may be merged from (as a parent or a child): the open ones. */
export const MERGEABLE_STATUSES: readonly OrderStatus[] = OPEN_STATUSES;

/** Whether an order in `from` may join a merge group (it is open and not already a child). */
export const canMerge = (from: OrderStatus): boolean => MERGEABLE_STATUSES.includes(from);

/**
 * Where unmerge returns a child: the status it had when it was merged (an
 * open one), or 新規受付 when that is unknown.
 */
export const unmergeTo = (before: string | null | undefined): OrderStatus =>
  before && (MERGEABLE_STATUSES as readonly string[]).includes(before) ? (before as OrderStatus) : 'new';

/**
 * Payment methods (choices.ts PAYMENT_METHODS) the merchant ships without
 * waiting for the money: collected on delivery (cod), authorised or paid at
 * checkout (cards, wallets, carrier billing, points, gift cards, the mall's
 * own settlement), or paid after delivery by design (後払い, 請求書払い: waiting
 * for that money would never end). Bank transfer, convenience-store payment,
 * loans and 'other' wait for the money (入金待ち) unless marked paid.
 */
export const SETTLED_ON_DELIVERY: ReadonlySet<PaymentMethod> = new Set<PaymentMethod>([
  'cod',
  'mall',
  'credit_card',
  'amazon_pay',
  'rakuten_pay',
  'paypay',
  'apple_pay',
  'paypal',
  'carrier_billing',
  'points',
  'gift_card',
  'deferred',
  'invoice',
]);

export const paymentSettled = (payment: { method: string; paid: boolean }): boolean => payment.paid || SETTLED_ON_DELIVERY.has(payment.method as PaymentMethod);

/**
 * Where an arriving order starts: waiting for stock when a line could not be
 * reserved, waiting for payment when it must be paid first, otherwise new.
 */
export const arrivalStatus = (facts: OrderFacts): OrderStatus =>
  !facts.stockReserved ? 'awaiting_stock' : !facts.paymentSettled ? 'awaiting_payment' : 'new';

/** When stock arrives for an awaiting_stock order: the status it moves on to. */
export const afterStockArrives = (facts: OrderFacts): OrderStatus => (facts.paymentSettled ? 'new' : 'awaiting_payment');

/** The moves an order in `from` may make (the list the API enforces). */
export const movesFrom = (from: OrderStatus): readonly OrderStatus[] => MOVES[from];

/**
 * The step an operator usually takes next from each status: what the bulk bar
 * offers first. 出荷待ち → 出荷 is the ship action, not a move.
 */
const NEXT_STEP: Record<OrderStatus, BulkAction | null> = {
  new: 'to:ready_to_ship',
  awaiting_payment: 'to:ready_to_ship',
  awaiting_stock: 'to:ready_to_ship',
  ready_to_ship: 'ship',
  on_hold: 'to:new',
  shipped: null,
  cancelled: null,
  merged: null,
};

export type BulkAction = `to:${OrderStatus}` | 'ship' | 'cancel';

/**
 * What the bulk bar offers for a selection of orders: only the actions every
 * selected order allows, the usual next step first. With nothing selected,
 * every open-order action (nothing can run until something is checked).
 */
export const bulkActionsFor = (statuses: readonly OrderStatus[]): BulkAction[] => {
  const from = [...new Set(statuses)];
  const all = from.length === 0;
  const candidates: BulkAction[] = [
    ...ORDER_STATUSES.filter((to) => (all ? OPEN_STATUSES.includes(to) : from.every((s) => MOVES[s].includes(to)))).map((to) => `to:${to}` as const),
    ...(all || from.every(canShip) ? (['ship'] as const) : []),
    ...(all || from.every(canCancel) ? (['cancel'] as const) : []),
  ];
  const next = all ? 'to:ready_to_ship' : from.map((s) => NEXT_STEP[s]).find((a) => a !== null && candidates.includes(a));
  return next && candidates.includes(next) ? [next, ...candidates.filter((a) => a !== next)] : candidates;
};
