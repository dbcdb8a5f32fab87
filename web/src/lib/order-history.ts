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
  if (e.kind === 'shipped' && typeof d.trackingNumber === 'string') return `${base} · ${tMaybe(`orders.carrier.${String(d.carrier)}`) ?? String(d.carrier ?? '')} ${d.trackingNumber}`;
  return base;
};
