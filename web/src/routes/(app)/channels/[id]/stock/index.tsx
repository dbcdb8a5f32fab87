import { component$ } from '@builder.io/qwik';
import { Link, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../../lib/api';
import { formatJst } from '../../../../../lib/format';
import type { StoreFigure } from '../../../../../lib/channels';
import { useChannel } from '../layout';
import { useLocale, useT } from '../../../../../i18n';

/** SKU別在庫: what this store should show per SKU, what was sent and confirmed; keyset-paged on the server. */
export const useStoreFigures = routeLoader$(async (ev) => {
  const drift = ev.query.get('drift') === 'true';
  const cursor = ev.query.get('cursor') ?? '';
  const r = await api<{ items: StoreFigure[]; nextCursor: string | null }>(ev, `/channels/${encodeURIComponent(ev.params.id)}/stock`, {
    query: { drift: drift ? 'true' : undefined, cursor: cursor || undefined, limit: 50 },
  });
  return { drift, cursor, page: r.ok ? r.data : { items: [], nextCursor: null }, error: r.ok ? null : r.error.message };
});

export default component$(() => {
  const t = useT();
  const locale = useLocale();
  const ch = useChannel();
  const data = useStoreFigures();
  const c = ch.value.channel;
  if (!c) return null;
  const { drift, cursor, page, error } = data.value;
  const base = `/channels/${encodeURIComponent(c.id)}/stock`;
  const qs = (extra: Record<string, string>) => new URLSearchParams({ ...(drift ? { drift: 'true' } : {}), ...extra }).toString();
  return (
    <>
      <div class="page-head">
        <div>
          <h2 class="page-subtitle">{t('channels.stock.title')}</h2>
          <p class="hint">{t('channels.stock.lead')}</p>
        </div>
      </div>
      <form method="get" class="toolbar" id="store-stock-filter">
        <label class="checkbox">
          <input type="checkbox" name="drift" value="true" checked={drift} onChange$={(_, el) => el.form?.requestSubmit()} /> {t('channels.stock.driftOnly')}
        </label>
        <noscript>
          <button type="submit" class="btn btn-small">
            {t('channels.stock.filter')}
          </button>
        </noscript>
        {!c.settings.stockPush && <span class="badge">{t('channels.stockPushOff')}</span>}
      </form>
      {error && <p class="alert alert-error">{error}</p>}
      <div class="table-wrap">
        <table id="store-stock-table">
          <thead>
            <tr>
              <th>{t('channels.col.sku')}</th>
              <th class="num">{t('channels.col.intended')}</th>
              <th class="num">{t('channels.col.pushed')}</th>
              <th class="num">{t('channels.col.confirmed')}</th>
              <th>{t('channels.col.state')}</th>
              <th>{t('channels.col.error')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.length === 0 && (
              <tr>
                <td colSpan={6} class="muted empty">
                  {drift ? t('channels.stock.emptyDrift') : t('channels.stock.empty')}
                </td>
              </tr>
            )}
            {page.items.map((f) => (
              <tr key={f.sku} data-sku={f.sku} class={{ 'row-drift': f.drift }}>
                <td>
                  <Link prefetch={false} href={`/stock/sku/${encodeURIComponent(f.sku)}`} class="mono">
                    {f.sku}
                  </Link>
                </td>
                <td class="num">
                  <strong>{f.intended}</strong>
                  <div class="small muted nowrap">{formatJst(f.intendedAt, locale)}</div>
                </td>
                <td class="num">
                  {f.pushed ?? '—'}
                  {f.pushedAt && <div class="small muted nowrap">{formatJst(f.pushedAt, locale)}</div>}
                </td>
                <td class="num">
                  <span class={{ 'text-warn': f.drift }}>{f.confirmed ?? '—'}</span>
                  {f.confirmedAt && <div class="small muted nowrap">{formatJst(f.confirmedAt, locale)}</div>}
                </td>
                <td>
                  <span class="badges">
                    {f.error && <span class="badge badge-err">{t('channels.state.error')}</span>}
                    {f.drift && <span class="badge badge-warn">{t('channels.state.drift')}</span>}
                    {!f.error && !f.drift && (f.pushed === f.intended ? <span class="badge badge-ok">{t('channels.state.ok')}</span> : <span class="badge">{t('channels.state.pending')}</span>)}
                  </span>
                </td>
                <td class="cell-wrap error-cell">{f.error ? <span class="text-err">{f.error}</span> : <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(cursor || page.nextCursor) && (
        <div class="pager">
          {cursor && (
            <Link prefetch={false} href={`${base}?${qs({})}`} class="btn btn-small">
              {t('channels.first')}
            </Link>
          )}
          {page.nextCursor && (
            <Link prefetch={false} href={`${base}?${qs({ cursor: page.nextCursor })}`} class="btn btn-small" id="stock-next">
              {t('common.next')} »
            </Link>
          )}
        </div>
      )}
    </>
  );
});

export const head: DocumentHead = { title: 'SKU別在庫' };
