import { component$ } from '@builder.io/qwik';
import { Link, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../lib/api';
import { formatJst } from '../../../lib/format';
import { healthBadge, healthOf, type ChannelStatus, type ChannelView } from '../../../lib/channels';
import { useMe } from '../layout';
import { useLocale, useT, type MessageKey } from '../../../i18n';

/** チャネル一覧: every store with its health, read from GET /channels/{id}/status (one call per store, in parallel). */
export const useChannels = routeLoader$(async (ev) => {
  const r = await api<{ items: ChannelView[] }>(ev, '/channels');
  if (!r.ok) return { items: [], error: r.error.message, deleted: false };
  const statuses = await Promise.all(r.data.items.map((c) => api<ChannelStatus>(ev, `/channels/${encodeURIComponent(c.id)}/status`)));
  return {
    items: r.data.items.map((c, i) => ({ channel: c, status: statuses[i].ok ? statuses[i].data : null })),
    error: null,
    deleted: ev.query.get('deleted') === '1',
  };
});

export default component$(() => {
  const t = useT();
  const locale = useLocale();
  const data = useChannels();
  const me = useMe();
  const isAdmin = me.value.me?.user.role === 'admin';
  const { items, error, deleted } = data.value;
  const now = Date.now();
  return (
    <>
      <div class="page-head">
        <div>
          <h1 class="page-title">{t('channels.title')}</h1>
          <p class="hint">{t('channels.lead')}</p>
        </div>
        {isAdmin && (
          <div class="actions">
            <Link prefetch={false} href="/channels/new" class="btn btn-primary" id="add-channel">
              {t('channels.add')}
            </Link>
          </div>
        )}
      </div>
      {deleted && (
        <p class="alert alert-ok" role="status">
          {t('channels.deleted')}
        </p>
      )}
      {error && <p class="alert alert-error">{error}</p>}
      {items.length === 0 && !error ? (
        <section class="card empty" id="channels-empty">
          <p>{t('channels.empty')}</p>
          <p class="hint">{isAdmin ? t('channels.emptyAdmin') : t('channels.emptyViewer')}</p>
          {isAdmin && (
            <Link prefetch={false} href="/channels/new" class="btn btn-primary">
              {t('channels.add')}
            </Link>
          )}
        </section>
      ) : (
        <div class="table-wrap">
          <table id="channels-table" class="channels-table">
            <thead>
              <tr>
                <th>{t('channels.col.health')}</th>
                <th>{t('channels.col.mall')}</th>
                <th>{t('channels.col.name')}</th>
                <th>{t('channels.col.lastOrderPull')}</th>
                <th>{t('channels.col.lastStockPush')}</th>
                <th class="num">{t('channels.col.backlog')}</th>
                <th class="num">{t('channels.col.drift')}</th>
                <th class="num">{t('channels.col.deadLetters')}</th>
                <th>{t('channels.col.error')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ channel: c, status: s }) => {
                const h = healthOf(s, now);
                const base = `/channels/${encodeURIComponent(c.id)}`;
                const latest = s?.errors.slice().sort((a, b) => b.at.localeCompare(a.at))[0];
                return (
                  <tr key={c.id} data-channel={c.id}>
                    <td>
                      <span class={healthBadge(h)} data-health={h}>
                        {t(`channels.health.${h}` as MessageKey)}
                      </span>
                    </td>
                    <td class="nowrap">
                      <span class={`mall mall-${c.type}`}>{t(`channels.type.${c.type}` as MessageKey)}</span>
                    </td>
                    <td>
                      <Link prefetch={false} href={base} class="channel-name">
                        {c.name}
                      </Link>
                    </td>
                    <td class="nowrap">
                      {!c.settings.orderPull ? <span class="badge">{t('channels.orderPullOff')}</span> : s?.lastOrderPullAt ? formatJst(s.lastOrderPullAt, locale) : <span class="muted">{t('channels.never')}</span>}
                    </td>
                    <td class="nowrap">
                      {!c.settings.stockPush ? <span class="badge">{t('channels.stockPushOff')}</span> : s?.lastStockPushAt ? formatJst(s.lastStockPushAt, locale) : <span class="muted">{t('channels.never')}</span>}
                    </td>
                    <td class="num">{s ? s.backlog : '—'}</td>
                    <td class="num">
                      {s && s.drift.length > 0 ? (
                        <Link prefetch={false} href={`${base}/stock?drift=true`} class="text-warn">
                          {s.drift.length >= 100 ? '100+' : s.drift.length}
                        </Link>
                      ) : s ? (
                        0
                      ) : (
                        '—'
                      )}
                    </td>
                    <td class="num">
                      {s && s.deadLetters > 0 ? (
                        <Link prefetch={false} href={`${base}/dead-letters`} class="text-err">
                          {s.deadLetters}
                        </Link>
                      ) : s ? (
                        0
                      ) : (
                        '—'
                      )}
                    </td>
                    <td class="error-cell">
                      {!s ? (
                        <span class="muted">{t('channels.statusUnavailable')}</span>
                      ) : latest ? (
                        <>
                          <span class="small muted">
                            {t(`channels.errorKind.${latest.kind}` as MessageKey)} · {formatJst(latest.at, locale)}
                          </span>
                          <div class="text-err clamp-2" title={latest.message}>
                            {latest.message}
                          </div>
                        </>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
});

export const head: DocumentHead = { title: 'チャネル' };
