import { component$ } from '@builder.io/qwik';
import { Link, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { useMe } from './layout';
import { api } from '../../lib/api';
import { channelLabel, loadChannelNames } from '../../lib/channel-names';
import { formatJst, formatYen } from '../../lib/format';
import { healthBadge, healthOf, type ChannelStatus } from '../../lib/channels';
import { useLocale, useT } from '../../i18n';
import type { OrderFigures } from '../../../../worker/orders/dashboard-figures';
import { DashboardRefresh } from '../../components/dashboard-refresh';

/** How many SKUs are at or below their reorder point (from the stock projection). */
export const useLowStock = routeLoader$(async (ev) => {
  const r = await api<{ items: unknown[]; nextCursor: string | null }>(ev, '/stock', { query: { lowStock: 'true', limit: 200 } });
  return r.ok ? { count: r.data.items.length, more: r.data.nextCursor !== null } : null;
});


/** Today's orders per channel, open orders per status, stock warnings (GET /orders/summary). */
export const useOrderFigures = routeLoader$(async (ev) => {
  const r = await api<OrderFigures>(ev, '/orders/summary');
  return r.ok ? r.data : null;
});

/** Every store with its sync health (the チャネル card, and the store names of today's orders): one status read per store, a handful per account. */
export const useChannelHealth = routeLoader$(async (ev) => {
  const list = await loadChannelNames(ev);
  return Promise.all(
    list.map(async (c) => {
      const r = await api<ChannelStatus>(ev, `/channels/${encodeURIComponent(c.id)}/status`);
      const s = r.ok ? r.data : null;
      return { id: c.id, name: c.name, health: healthOf(s), lastStockPushAt: s?.lastStockPushAt ?? null, lastOrderPullAt: s?.lastOrderPullAt ?? null };
    }),
  );
});

/** The JST calendar day of an instant (the dashboard's "today" links). */
const todayOf = (iso: string) => new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(0, 10);

const OPEN = ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'on_hold'] as const;

export default component$(() => {
  const state = useMe();
  const low = useLowStock();
  const figures = useOrderFigures();
  const channelHealth = useChannelHealth();
  const locale = useLocale();
  const t = useT();
  if (state.value.refused) return null;
  const me = state.value.me!;
  const nudge = me.user.role === 'admin' && !me.user.mfa.totp;
  return (
    <>
      <h1 class="page-title">{t('dashboard.title')}</h1>
      <DashboardRefresh />
      <p class="lead">{t('dashboard.welcome', { name: me.user.name })}</p>
      {nudge && (
        <p class="alert alert-warn" id="mfa-nudge">
          {t('dashboard.mfaNudge')} <Link prefetch={false} href="/account">{t('dashboard.mfaNudgeLink')}</Link>
        </p>
      )}
      <div class="cards">
        <section class="card" id="orders-today">
          <h2>{t('dashboard.orders.today')}</h2>
          {figures.value && (
            <p class="day-compare">
              <Link prefetch={false} href={`/orders?from=${todayOf(figures.value.since)}&to=${todayOf(figures.value.since)}`} id="today-total">
                <strong class="big">{t('desk.dash.orders', { n: figures.value.today.reduce((n, c) => n + c.orders, 0) })}</strong>{' '}
                <span>{formatYen(figures.value.today.reduce((n, c) => n + c.total, 0))}</span>
              </Link>
              <span class="muted small" id="yesterday-total">
                {t('desk.dash.yesterday', { n: figures.value.yesterday.orders, total: formatYen(figures.value.yesterday.total) })}
              </span>
            </p>
          )}
          {figures.value && figures.value.today.length > 0 ? (
            <table>
              <tbody>
                {figures.value.today.map((c) => (
                  <tr key={c.channelId}>
                    <td>{channelLabel(channelHealth.value, c.channelId, t('orders.channel.manual'))}</td>
                    <td class="num">{c.orders}</td>
                    <td class="num">{formatYen(c.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">{t('dashboard.orders.none')}</p>
          )}
        </section>
        {figures.value && (
          <section class="card" id="orders-ageing">
            <h2>{t('desk.dash.ageing')}</h2>
            <table>
              <tbody>
                <tr>
                  <td>
                    <Link prefetch={false} href={`/orders?status=ready_to_ship&to=${figures.value.ageing.readyToShip.orderedOnOrBefore}&sort=ordered_asc`} id="ageing-ready">
                      {t('desk.dash.readyLate', { days: figures.value.ageing.readyToShip.days })}
                    </Link>
                  </td>
                  <td class="num">
                    <strong class={figures.value.ageing.readyToShip.count ? 'text-warn' : ''}>{figures.value.ageing.readyToShip.count}</strong>
                  </td>
                </tr>
                <tr>
                  <td>
                    <Link prefetch={false} href={`/orders?status=awaiting_stock&to=${figures.value.ageing.awaitingStock.orderedOnOrBefore}&sort=ordered_asc`} id="ageing-stock">
                      {t('desk.dash.stockLate', { days: figures.value.ageing.awaitingStock.days })}
                    </Link>
                  </td>
                  <td class="num">
                    <strong class={figures.value.ageing.awaitingStock.count ? 'text-warn' : ''}>{figures.value.ageing.awaitingStock.count}</strong>
                  </td>
                </tr>
              </tbody>
            </table>
          </section>
        )}
        <section class="card" id="orders-waiting">
          <h2>{t('dashboard.orders.waiting')}</h2>
          <table>
            <tbody>
              {OPEN.map((s) => (
                <tr key={s}>
                  <td>
                    <Link prefetch={false} href={`/orders?status=${s}`}>{t(`orders.status.${s}`)}</Link>
                  </td>
                  <td class="num">{figures.value?.byStatus[s] ?? 0}</td>
                </tr>
              ))}
              <tr>
                <td>
                  <Link prefetch={false} href="/orders?stockWarning=true">{t('orders.stockWarning')}</Link>
                </td>
                <td class="num">
                  <strong class={figures.value?.stockWarnings ? 'text-warn' : ''}>{figures.value?.stockWarnings ?? 0}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        </section>
        <Link prefetch={false} href={low.value && low.value.count > 0 ? '/stock?lowStock=true' : '/stock'} class="card card-link" id="low-stock-card">
          <h2>{t('dashboard.cards.stock')}</h2>
          {low.value ? (
            <p>
              {t('dashboard.stock.low')}: <strong class={low.value.count > 0 ? 'text-warn' : ''}>{low.value.count}{low.value.more ? '+' : ''}</strong>
            </p>
          ) : (
            <p class="muted">—</p>
          )}
        </Link>
        <Link prefetch={false} href="/channels" class="card card-link" id="channels-card">
          <h2>{t('dashboard.cards.channels')}</h2>
          {channelHealth.value.length === 0 ? (
            <p class="muted">{t('dashboard.channels.none')}</p>
          ) : (
            <table>
              <tbody>
                {channelHealth.value.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <span class={healthBadge(c.health)}>{t(`channels.health.${c.health}`)}</span> {c.name}
                      <div class="muted small">
                        {t('dashboard.channels.lastPush')}: {c.lastStockPushAt ? formatJst(c.lastStockPushAt, locale) : '—'}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Link>
        <Link prefetch={false} href="/account" class="card card-link">
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
