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
 */
export const ORDER_STATUSES = ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'shipped', 'cancelled', 'on_hold'] as const;
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

/** Payment methods settled without the merchant waiting for money first. */
const SETTLED_ON_DELIVERY = new Set(['cod', 'mall', 'credit_card', 'amazon_pay', 'rakuten_pay', 'paypay']);

export const paymentSettled = (payment: { method: string; paid: boolean }): boolean => payment.paid || SETTLED_ON_DELIVERY.has(payment.method);

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
