import { component$ } from '@builder.io/qwik';
import { Link, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../lib/api';
import type { SkuView } from '../../../lib/stock';
import { useT } from '../../../i18n';
import { Pager } from '../../../components/kit/pager';
import { useMe } from '../layout';
import { can } from '../../../lib/permissions';

/** 在庫一覧: reads the D1 projection through the API, paged and filtered on the server. */
export const useStockList = routeLoader$(async (ev) => {
  const q = ev.query.get('q') ?? '';
  const lowStock = ev.query.get('lowStock') === 'true';
  const cursor = ev.query.get('cursor') ?? undefined;
  const r = await api<{ items: SkuView[]; nextCursor: string | null }>(ev, '/stock', { query: { q, lowStock: lowStock ? 'true' : undefined, cursor, limit: 50 } });
  return { q, lowStock, cursor: cursor ?? null, page: r.ok ? r.data : { items: [], nextCursor: null }, error: r.ok ? null : r.error.message };
});

export default component$(() => {
  const t = useT();
  const list = useStockList();
  const shell = useMe();
  const { q, lowStock, page, cursor, error } = list.value;
  // 権限 (GET /me): offer only what the API would allow; a viewer never writes
  const me = shell.value.me;
  const writes = !!me && me.user.role !== 'viewer';
  const mayAdjust = writes && can(me, 'stock_adjust');
  const mayImport = writes && can(me, 'csv_import', 'stock_adjust');
  const mayExport = can(me, 'export');
  const qs = (extra: Record<string, string>) => new URLSearchParams({ ...(q ? { q } : {}), ...(lowStock ? { lowStock: 'true' } : {}), ...extra }).toString();
  return (
    <>
      <div class="page-head">
        <h1 class="page-title">{t('stock.title')}</h1>
        <div class="actions">
          <Link prefetch={false} href="/stock/new" class="btn btn-primary">
            {t('stock.list.new')}
          </Link>
          {mayAdjust && (
            <Link prefetch={false} href="/stock/adjust" class="btn" id="stock-adjust-link">
              {t('stock.list.adjust')}
            </Link>
          )}
          {mayImport && (
            <Link prefetch={false} href="/stock/import" class="btn" id="stock-import-link">
              {t('stock.list.import')}
            </Link>
          )}
          {mayExport && (
            <a href={`/api/v1/stock/export?encoding=shift_jis${lowStock ? '&lowStock=true' : ''}`} class="btn" id="stock-export-link" download>
              {t('stock.list.export')}
            </a>
          )}
          <Link prefetch={false} href="/stock/locations" class="btn">
            {t('stock.list.locations')}
          </Link>
        </div>
      </div>
      <form method="get" class="toolbar">
        <input type="search" name="q" value={q} placeholder={t('stock.list.search')} maxLength={100} />
        <label class="checkbox">
          <input type="checkbox" name="lowStock" value="true" checked={lowStock} /> {t('stock.list.lowStock')}
        </label>
        <button type="submit" class="btn">
          {t('common.search')}
        </button>
      </form>
      {error && <p class="alert alert-error">{error}</p>}
      <div class="table-wrap">
        <table id="stock-table">
          <thead>
            <tr>
              <th>{t('stock.col.code')}</th>
              <th>{t('stock.col.name')}</th>
              <th>{t('stock.col.variation')}</th>
              <th class="num">{t('stock.col.onHand')}</th>
              <th class="num">{t('stock.col.reserved')}</th>
              <th class="num">{t('stock.col.available')}</th>
              <th class="num">{t('stock.col.safety')}</th>
              <th class="num">{t('stock.col.reorder')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.length === 0 && (
              <tr>
                <td colSpan={8} class="muted">
                  {t('stock.empty')}
                </td>
              </tr>
            )}
            {page.items.map((s) => (
              <tr key={s.code}>
                <td>
                  <Link prefetch={false} href={`/stock/sku/${encodeURIComponent(s.code)}`} class="mono">
                    {s.code}
                  </Link>
                  {s.isSet && <span class="badge">{t('stock.badge.set')}</span>}
                </td>
                <td>{s.name}</td>
                <td class="muted">{[s.axis1, s.axis2].filter(Boolean).join(' / ') || '—'}</td>
                <td class="num">{s.onHand}</td>
                <td class="num">{s.reserved}</td>
                <td class="num">
                  <strong>{s.available}</strong>
                  {s.managed && s.available <= s.reorderPoint && <span class="badge badge-warn">{t('stock.badge.low')}</span>}
                  {!s.managed && <span class="badge">{t('stock.badge.unmanaged')}</span>}
                </td>
                <td class="num">{s.safetyStock}</td>
                <td class="num">{s.reorderPoint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager firstHref={cursor ? `/stock?${qs({})}` : null} nextHref={page.nextCursor ? `/stock?${qs({ cursor: page.nextCursor })}` : null} firstLabel={t('common.first')} nextLabel={t('common.next')} id="stock-pager" />
    </>
  );
});

export const head: DocumentHead = { title: '在庫' };
