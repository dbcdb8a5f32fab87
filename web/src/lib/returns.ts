import type { RefundStatus } from '../../../worker/returns/rules';

/** The returns API's shapes (返品・交換): the types inferred from the worker's zod schemas, one definition for both. */
export { RETURN_REASONS, REFUND_STATUSES, type RefundStatus, type ReturnReason } from '../../../worker/returns/rules';
export type { ReturnViewBody as ReturnView, ReturnableLineView } from '../../../worker/returns/api-schema';

/** Refund badge colours: waiting warns, done is good, the rest plain. */
export const refundBadge = (s: RefundStatus) => (s === 'pending' ? 'badge badge-warn' : s === 'refunded' ? 'badge badge-ok' : 'badge');

/** A number typed into a form: the number when it is one, else the text itself so the API names the field. */
export const formNumber = (v: unknown): number | string => {
  const t = String(v ?? '').trim().normalize('NFKC');
  return /^\d+$/.test(t) ? Number(t) : t;
};
