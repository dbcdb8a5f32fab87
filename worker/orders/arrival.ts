/**
 * What happens to an order the moment it arrives (pure): given the outcome of
 * its reservation, its own flags and the account's rules, the status, flags,
 * carrier and history it ends up with. The import (import.ts) gathers the
 * facts in one read and writes this plan in one batch.
 */
import { planRules, type Rule } from './rules';
import { arrivalStatus, checkTransition, paymentSettled, type OrderStatus } from './state-machine';

export interface ArrivingOrder {
  channelId: string;
  paymentMethod: string;
  paid: boolean;
  total: number;
  prefecture: string;
  skus: string[];
  /** 配送方法 as the order arrived (rules may test and change it) */
  shippingMethod?: string | null;
}

export type ReservationOutcome =
  | { kind: 'reserved' }
  /** some line is short: units missing per SKU (set lines report their components) */
  | { kind: 'short'; shortages: Map<string, number> }
  /** the stock DO could not be reached: the order waits and the re-check retries */
  | { kind: 'unreachable' }
  /** fulfilled by the mall (Amazon FBA): nothing of Kura's stock is involved */
  | { kind: 'not_needed' };

export interface ArrivalEvent {
  actor: string | null;
  kind: string;
  detail: unknown;
}

export interface ArrivalPlan {
  status: OrderStatus;
  reserved: boolean;
  stockWarning: boolean;
  flags: string[];
  carrier: string | null;
  /** the 配送方法 a rule chose (null: as it arrived) */
  shippingMethod: string | null;
  shortages: Map<string, number>;
  events: ArrivalEvent[];
}

export const planArrival = (
  o: ArrivingOrder,
  reservation: ReservationOutcome,
  ownFlags: string[],
  rules: readonly Rule[],
  actor: string | null,
): ArrivalPlan => {
  const settled = paymentSettled({ method: o.paymentMethod, paid: o.paid });
  const stockOk = reservation.kind === 'reserved' || reservation.kind === 'not_needed';
  const events: ArrivalEvent[] = [];
  const shortages = reservation.kind === 'short' ? reservation.shortages : new Map<string, number>();
  let status = arrivalStatus({ stockReserved: stockOk, paymentSettled: settled });
  if (reservation.kind === 'reserved') events.push({ actor, kind: 'reserved', detail: { status } });
  if (reservation.kind === 'short') events.push({ actor, kind: 'stock_warning', detail: { shortages: [...shortages].map(([sku, missing]) => ({ sku, missing })) } });
  if (reservation.kind === 'not_needed') events.push({ actor, kind: 'fulfilled_by_mall', detail: { status } });

  // 自動処理: the order's own flags first, so rules can test them.
  const plan = planRules(rules, { channelId: o.channelId, paymentMethod: o.paymentMethod, total: o.total, prefecture: o.prefecture, skus: o.skus, flags: ownFlags, shippingMethod: o.shippingMethod ?? null });
  const shippingMethod = plan.shippingMethod !== null && plan.shippingMethod !== (o.shippingMethod ?? null) ? plan.shippingMethod : null;
  let refused: string | null = null;
  let ruleStatus = plan.status;
  if (ruleStatus && ruleStatus !== status) {
    const check = checkTransition(status, ruleStatus, { stockReserved: stockOk, paymentSettled: settled });
    if (!check.ok) {
      refused = check.code;
      ruleStatus = null;
    }
  } else ruleStatus = null;
  const flags = [...new Set([...ownFlags, ...plan.flags])];
  if (flags.length || plan.matched.length) {
    events.push({
      actor: 'system:rules',
      kind: 'rules',
      detail: {
        matched: plan.matched,
        flags: [...ownFlags, ...plan.flags],
        carrier: plan.carrier,
        ...(shippingMethod ? { shippingMethod: { from: o.shippingMethod ?? null, to: shippingMethod } } : {}),
        status: ruleStatus ? { from: status, to: ruleStatus } : null,
        refused,
      },
    });
  }
  if (ruleStatus) status = ruleStatus;
  return { status, reserved: reservation.kind === 'reserved', stockWarning: !stockOk, flags, carrier: plan.carrier, shippingMethod, shortages, events };
};
