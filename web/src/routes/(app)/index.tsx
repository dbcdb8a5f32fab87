import { component$ } from '@builder.io/qwik';
import { Link, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { useMe } from './layout';
import { api } from '../../lib/api';
import { useT } from '../../i18n';

/** How many SKUs are at or below their reorder point (from the stock projection). */
export const useLowStock = routeLoader$(async (ev) => {
  const r = await api<{ items: unknown[]; nextCursor: string | null }>(ev, '/stock', { query: { lowStock: 'true', limit: 200 } });
  return r.ok ? { count: r.data.items.length, more: r.data.nextCursor !== null } : null;
});

export default component$(() => {
  const state = useMe();
  const low = useLowStock();
  const t = useT();
  if (state.value.refused) return null;
  const me = state.value.me!;
  const nudge = me.user.role === 'admin' && !me.user.mfa.totp;
  return (
    <>
      <h1 class="page-title">{t('dashboard.title')}</h1>
      <p class="lead">{t('dashboard.welcome', { name: me.user.name })}</p>
      {nudge && (
        <p class="alert alert-warn" id="mfa-nudge">
          {t('dashboard.mfaNudge')} <Link href="/account">{t('dashboard.mfaNudgeLink')}</Link>
        </p>
      )}
      <div class="cards">
        <Link href="/orders" class="card card-link">
          <h2>{t('dashboard.cards.orders')}</h2>
          <p class="muted">{t('dashboard.cards.comingSoon')}</p>
        </Link>
        <Link href={low.value && low.value.count > 0 ? '/stock?lowStock=true' : '/stock'} class="card card-link" id="low-stock-card">
          <h2>{t('dashboard.cards.stock')}</h2>
          {low.value ? (
            <p>
              {t('dashboard.stock.low')}: <strong class={low.value.count > 0 ? 'text-warn' : ''}>{low.value.count}{low.value.more ? '+' : ''}</strong>
            </p>
          ) : (
            <p class="muted">—</p>
          )}
        </Link>
        <Link href="/channels" class="card card-link">
          <h2>{t('dashboard.cards.channels')}</h2>
          <p class="muted">{t('dashboard.cards.comingSoon')}</p>
        </Link>
        <Link href="/account" class="card card-link">
          <h2>{t('dashboard.cards.security')}</h2>
          <p>
            {t('dashboard.security.mfa')}: <strong>{me.user.mfa.totp ? t('dashboard.security.on') : t('dashboard.security.off')}</strong>
          </p>
        </Link>
      </div>
    </>
  );
});

export const head: DocumentHead = { title: 'ダッシュボード' };
