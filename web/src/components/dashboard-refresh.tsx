import { component$, useSignal, useVisibleTask$ } from '@builder.io/qwik';
import { useNavigate } from '@builder.io/qwik-city';
import { useT } from '../i18n';

const REFRESH_MS = 60_000;

/**
 * The dashboard refreshes by itself: its loaders run again every minute while
 * the tab is visible (one page view's worth of API calls, never more often),
 * and it says when it last did.
 */
export const DashboardRefresh = component$(() => {
  const t = useT();
  const nav = useNavigate();
  const at = useSignal(new Date().toISOString());
  // eslint-disable-next-line qwik/no-use-visible-task -- a timer in the browser is what this is
  useVisibleTask$(({ cleanup }) => {
    const timer = setInterval(async () => {
      if (document.visibilityState !== 'visible') return;
      await nav(window.location.pathname, { forceReload: true, scroll: false });
      at.value = new Date().toISOString();
    }, REFRESH_MS);
    cleanup(() => clearInterval(timer));
  });
  const time = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' }).format(new Date(at.value));
  return (
    <p class="muted small" id="dashboard-refreshed" aria-live="polite">
      {t('desk.dash.refreshed', { time })}
    </p>
  );
});
