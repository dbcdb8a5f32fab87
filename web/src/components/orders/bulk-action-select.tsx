import { component$, useTask$, type Signal } from '@builder.io/qwik';
import { useT, type MessageKey } from '../../i18n';
import { bulkActionsFor, type OrderStatus } from '../../lib/orders';

export const CARRIERS = ['yamato', 'sagawa', 'japanpost', 'other'] as const;

/** The actions offered for these checked statuses, or for the list's status filter when nothing is checked. */
export const offeredActions = (picked: readonly OrderStatus[], filterStatus: OrderStatus | null): string[] => {
  const actions = bulkActionsFor(picked.length ? picked : filterStatus ? [filterStatus] : []);
  return actions.length ? [...actions, ...CARRIERS.map((c) => `carrier:${c}`)] : [];
};

/**
 * The bulk bar's action list: only what every checked order allows, the usual
 * next step first. A component of its own so that checking a row re-renders
 * this list alone, never the rows (which would reset tracking numbers being
 * typed into them).
 */
export const BulkActionSelect = component$((props: { picked: Signal<OrderStatus[]>; action: Signal<string>; filterStatus: OrderStatus | null }) => {
  const t = useT();
  const { picked, action } = props;
  const actions = offeredActions(picked.value, props.filterStatus);
  useTask$(({ track }) => {
    track(() => picked.value);
    const now = offeredActions(picked.value, props.filterStatus);
    if (!now.includes(action.value)) action.value = now[0] ?? '';
  });
  return (
    <select name="action" aria-label={t('orders.bulk.run')} value={action.value} onChange$={(_, el) => (action.value = el.value)}>
      {actions.length === 0 && <option value="">{t('orders.bulk.noAction')}</option>}
      {actions.map((a) => (
        <option key={a} value={a}>
          {a === 'ship'
            ? t('orders.bulk.ship')
            : a === 'cancel'
              ? t('orders.bulk.cancel')
              : a.startsWith('carrier:')
                ? t('orders.bulk.setCarrier', { carrier: t(`orders.carrier.${a.slice(8)}` as MessageKey) })
                : t(`orders.bulk.to.${a.slice(3)}` as MessageKey)}
        </option>
      ))}
    </select>
  );
});
