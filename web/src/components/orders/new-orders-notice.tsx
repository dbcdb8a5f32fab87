import { component$, useSignal, useVisibleTask$ } from '@builder.io/qwik';
import { useT } from '../../i18n';

/** How often the list asks whether orders arrived (only while the tab is visible). */
const POLL_MS = 30_000;

/**
 * 新着受注: new orders appear without a reload. A polite poll: one small
 * request (GET /orders?createdAfter=…&limit=1, which answers the count) every
 * 30 seconds while the tab is visible, and a notice with a link when orders
 * arrived since the list was rendered. The list itself is not swapped under
 * the operator's hands while they are checking rows.
 */
export const NewOrdersNotice = component$((props: { since: string }) => {
  const t = useT();
  const arrived = useSignal(0);
  // eslint-disable-next-line qwik/no-use-visible-task -- a timer in the browser is what this is
  useVisibleTask$(({ cleanup }) => {
    const since = props.since;
    const check = async () => {
      if (document.visibilityState !== 'visible') return;
      try {
        const r = await fetch(`/api/v1/orders?limit=1&createdAfter=${encodeURIComponent(since)}`);
        if (r.ok) arrived.value = ((await r.json()) as { total: number }).total;
      } catch {
        // offline for a moment: the next tick tries again
      }
    };
    const timer = setInterval(check, POLL_MS);
    const onVisible = () => void check();
    document.addEventListener('visibilitychange', onVisible);
    cleanup(() => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    });
  });
  if (arrived.value === 0) return null;
  return (
    <p class="alert alert-ok" role="status" id="new-orders">
      {t('desk.list.arrived', { n: arrived.value })}{' '}
      <a href="" onClick$={() => window.location.reload()} preventdefault:click>
        {t('desk.list.showArrived')}
      </a>
    </p>
  );
});
