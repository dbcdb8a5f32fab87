import type { MessageKey } from '../i18n';
import type { OrderView } from './orders';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
type TMaybe = (key: string, params?: Record<string, string | number>) => string | undefined;
type OrderEvent = OrderView['events'][number];

const EDITED_FIELDS = ['customer', 'shipTo', 'lines', 'payment', 'shipping', 'note', 'flags', 'totals'];

/**
 * One line of an order's history in the reader's language: what happened,
 * and the detail an operator needs (the move, the reason for a cancel, which
 * mall must still be told, what an edit changed). Unknown kinds show as
 * their code rather than vanish.
 */
export const historyText = (t: T, tMaybe: TMaybe, e: OrderEvent): string => {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const mall = typeof d.channelName === 'string' ? d.channelName : '';
  const base = tMaybe(`orders.event.${e.kind}`, { mall }) ?? e.kind;
  if (e.kind === 'status' && typeof d.from === 'string' && typeof d.to === 'string') {
    return `${base}: ${tMaybe(`orders.status.${d.from}`) ?? d.from} → ${tMaybe(`orders.status.${d.to}`) ?? d.to}`;
  }
  if (e.kind === 'cancelled') {
    const parts = [base];
    if (d.byMall === true) parts.push(t('desk.history.byMall'));
    else if (typeof d.reason === 'string') parts.push(t('desk.history.reason', { reason: tMaybe(`desk.cancel.reason.${d.reason}`) ?? d.reason }));
    if (typeof d.note === 'string' && d.note) parts.push(`「${d.note}」`);
    return parts.join(' · ');
  }
  if (e.kind === 'edited' && Array.isArray(d.fields)) {
    const fields = (d.fields as unknown[]).filter((f): f is string => typeof f === 'string' && EDITED_FIELDS.includes(f)).map((f) => t(`desk.field.${f}` as MessageKey));
    return fields.length ? `${base} · ${t('desk.history.changed', { fields: fields.join('、') })}` : base;
  }
  // 検品 (packing-routes.ts): its text is the packing area's
  if (e.kind === 'packed') return t('packing.event.packed', { units: typeof d.units === 'number' ? d.units : '—' });
  // 同梱 and 分割出荷 (merge-service.ts, split-service.ts): their texts are the merge area's
  const numbers = Array.isArray(d.numbers) ? (d.numbers as unknown[]).map(String).join('、') : '';
  if (e.kind === 'merged') return d.role === 'child' ? t('merge.event.mergedChild', { number: String(d.parentNumber ?? '') }) : t('merge.event.mergedParent', { numbers });
  if (e.kind === 'unmerged') {
    return d.role === 'child' ? t('merge.event.unmergedChild', { number: String(d.parentNumber ?? ''), status: tMaybe(`orders.status.${String(d.to)}`) ?? String(d.to ?? '') }) : t('merge.event.unmergedParent', { numbers });
  }
  if (e.kind === 'shipment') {
    const units = Array.isArray(d.lines) ? (d.lines as { quantity?: unknown }[]).reduce((n, l) => n + (typeof l.quantity === 'number' ? l.quantity : 0), 0) : 0;
    return t('merge.event.shipment', { n: typeof d.parcel === 'number' ? d.parcel : '—', carrier: tMaybe(`orders.carrier.${String(d.carrier)}`) ?? String(d.carrier ?? ''), tracking: String(d.trackingNumber ?? ''), units });
  }
  if (e.kind === 'shipped' && typeof d.parentNumber === 'string') return `${t('merge.event.shippedWith', { number: d.parentNumber })} · ${tMaybe(`orders.carrier.${String(d.carrier)}`) ?? String(d.carrier ?? '')} ${String(d.trackingNumber ?? '')}`;
  // 返品・交換 (worker/returns): the return's number, and the order on the other side of an exchange
  if (e.kind === 'returned' && typeof d.number === 'string') return t('returns.history.returned', { number: d.number, units: Number(d.units ?? 0), sellable: Number(d.sellable ?? 0) });
  if ((e.kind === 'exchange' || e.kind === 'exchange_of') && typeof d.orderNumber === 'string') {
    return t(e.kind === 'exchange' ? 'returns.history.exchange' : 'returns.history.exchange_of', { order: d.orderNumber, number: String(d.returnNumber ?? '') });
  }
  if (e.kind === 'shipped' && typeof d.trackingNumber === 'string') return `${base} · ${tMaybe(`orders.carrier.${String(d.carrier)}`) ?? String(d.carrier ?? '')} ${d.trackingNumber}`;
  if (e.kind === 'rules' && Array.isArray(d.matched)) {
    const names = (d.matched as { name?: unknown }[]).map((m) => (typeof m.name === 'string' ? m.name : '')).filter(Boolean);
    if (names.length) return `${base} · ${names.join('、')}`;
  }
  return base;
};
