import type { OrderStatus } from '../../../worker/orders/state-machine';

/** The orders API's shapes: the types inferred from the worker's zod schemas, one definition for both. */
export { ORDER_STATUSES, bulkActionsFor, movesFrom, type BulkAction, type OrderStatus } from '../../../worker/orders/state-machine';
export { CANCEL_REASONS, type CancelReason } from '../../../worker/orders/cancel-reasons';
export type { OrderSummaryView, OrderView, OrderInputBody, OrderPatchBody } from '../../../worker/orders/api-schema';

/** Status badge colours: waiting states warn, final states are plain. */
export const statusBadge = (s: OrderStatus) =>
  s === 'awaiting_stock' || s === 'awaiting_payment' || s === 'on_hold' ? 'badge badge-warn' : s === 'ready_to_ship' || s === 'new' ? 'badge badge-ok' : 'badge';
