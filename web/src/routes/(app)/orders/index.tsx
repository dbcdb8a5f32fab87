import { $, component$, useSignal, useStore } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, useNavigate, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../lib/api';
import { formatJst, formatYen } from '../../../lib/format';
import { ORDER_STATUSES, statusBadge, type OrderStatus, type OrderSummaryView } from '../../../lib/orders';
import { isDate, jstDayStart, jstDayEnd, jstToday } from '../../../lib/jst';
import { actionError } from '../../../lib/action';
import { errorText } from '../../../components/settings/errors';
import { NewOrdersNotice } from '../../../components/orders/new-orders-notice';
import { CarrierExport, openCarrierExport } from '../../../components/orders/carrier-export';
import { useMe } from '../layout';
import { BulkActionSelect, CARRIERS, offeredActions } from '../../../components/orders/bulk-action-select';
import { useLocale, useT, useTMaybe, type MessageKey } from '../../../i18n';
import { channelLabel, loadChannelNames } from '../../../lib/channel-names';
import { ConfirmDialog } from '../../../components/kit/confirm-dialog';
import { Pager } from '../../../components/kit/pager';
import { can } from '../../../lib/permissions';
import { Progress } from '../../../components/kit/progress';

const PAGE_SIZES = [25, 50, 100, 200];
const ORDER_SORTS = ['ordered_desc', 'ordered_asc', 'total_desc', 'total_asc'] as const;
const OPTIONAL_COLUMNS = ['payment', 'shipping', 'desired', 'items'] as const;
type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
const COLUMNS_COOKIE = 'kura_order_cols';
type OrderListItem = OrderSummaryView & { items: { lines: { sku: string; name: string | null; quantity: number }[]; lineCount: number; units: number } };

/** 受注一覧: filtered, sorted and paged on the server (keyset), with the count of every match. */
export const useOrders = routeLoader$(async (ev) => {
  const f = {
    status: ev.query.get('status') ?? '',
    q: ev.query.get('q') ?? '',
    from: ev.query.get('from') ?? '',
    to: ev.query.get('to') ?? '',
    stockWarning: ev.query.get('stockWarning') === 'true',
    channelId: ev.query.get('channelId') ?? '',
    cursor: ev.query.get('cursor') ?? '',
    sort: (ORDER_SORTS as readonly string[]).includes(ev.query.get('sort') ?? '') ? (ev.query.get('sort') as string) : 'ordered_desc',
    limit: PAGE_SIZES.includes(Number(ev.query.get('limit'))) ? Number(ev.query.get('limit')) : 50,
  };
  // The optional columns this browser chose (a cookie the column picker writes).
  const cols = (ev.cookie.get(COLUMNS_COOKIE)?.value ?? '').split(',').filter((c): c is OptionalColumn => (OPTIONAL_COLUMNS as readonly string[]).includes(c));
  const r = await api<{ items: OrderListItem[]; nextCursor: string | null; total: number }>(ev, '/orders', {
    query: {
      status: f.status || undefined,
      q: f.q || undefined,
      from: isDate(f.from) ? jstDayStart(f.from) : undefined,
      to: isDate(f.to) ? jstDayEnd(f.to) : undefined,
      stockWarning: f.stockWarning ? 'true' : undefined,
      channelId: f.channelId || undefined,
      cursor: f.cursor || undefined,
      sort: f.sort,
      limit: f.limit,
    },
  });
  const saved = await api<{ items: { id: string; name: string; query: string; canDelete: boolean }[] }>(ev, '/saved-searches');
  // The same filters for GET /orders/ids (the bulk bar's "every matching order"), JST days as instants.
  const idsQuery = new URLSearchParams(
    Object.entries({
      status: f.status,
      q: f.q,
      from: isDate(f.from) ? jstDayStart(f.from) : '',
      to: isDate(f.to) ? jstDayEnd(f.to) : '',
      stockWarning: f.stockWarning ? 'true' : '',
      channelId: f.channelId,
    }).filter(([, v]) => v),
  ).toString();
  const channels = await loadChannelNames(ev);
  return {
    f,
    cols,
    idsQuery,
    channels,
    page: r.ok ? r.data : { items: [], nextCursor: null, total: 0 },
    error: r.ok ? null : actionError(r),
    saved: saved.ok ? saved.data.items : [],
    // new orders are those imported after this page was made
    renderedAt: new Date().toISOString(),
    today: jstToday(),
  };
});

export const useSaveSearch = routeAction$(async (form, ev) => {
  const r = await api(ev, '/saved-searches', { method: 'POST', csrf: String(form._csrf ?? ''), body: { name: String(form.name ?? '').trim(), query: String(form.query ?? '') } });
  if (!r.ok) return ev.fail(r.status, { message: r.error.message });
  return { saved: true };
});

export const useDeleteSearch = routeAction$(async (form, ev) => {
  await api(ev, `/saved-searches/${encodeURIComponent(String(form.id))}`, { method: 'DELETE', csrf: String(form._csrf ?? '') });
  return { deleted: true };
});

/** Orders a bulk request carries at most; the runner sends the selection in chunks of this size. */
const BULK_CHUNK = 50;

type BulkError = { id: string; code: string; message: string };

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const data = useOrders();
  const me = useMe();
  // 権限 (GET /me): offer only what the API allows
  const mayImport = !!me.value.me && me.value.me.user.role !== 'viewer' && can(me.value.me, 'csv_import');
  const mayExportBuyers = can(me.value.me, 'export', 'personal_data');
  const seesBuyers = can(me.value.me, 'personal_data');
  const nav = useNavigate();
  const filterStatus = (ORDER_STATUSES as readonly string[]).includes(data.value.f.status) ? (data.value.f.status as OrderStatus) : null;
  /** The statuses of the checked orders: the bulk bar offers only what they all allow (never read here, so checking a row re-renders the list of actions alone). */
  const picked = useSignal<OrderStatus[]>([]);
  const action = useSignal(offeredActions([], filterStatus)[0] ?? '');
  const bulk = useStore({ phase: 'idle' as 'idle' | 'running' | 'done' | 'error', done: 0, total: 0, ok: 0, errors: [] as BulkError[], message: '', truncated: false, numbers: {} as Record<string, string> });
  const saveSearch = useSaveSearch();
  const deleteSearch = useDeleteSearch();
  const { f, cols, idsQuery, channels, page, error, saved, renderedAt, today } = data.value;
  const show = (c: OptionalColumn) => cols.includes(c);
  const extraCols = cols.length;
  const manual = t('orders.channel.manual');
  const csrf = me.value.me?.csrfToken ?? '';
  // a viewer only uses saved searches; saving one needs orders:write
  const canSaveSearch = me.value.me?.user.role !== 'viewer';
  const nothingSelected = t('orders.bulk.nothing');
  const qs = (extra: Record<string, string>) =>
    new URLSearchParams(
      Object.fromEntries(
        Object.entries({
          status: f.status,
          q: f.q,
          from: f.from,
          to: f.to,
          stockWarning: f.stockWarning ? 'true' : '',
          channelId: f.channelId,
          sort: f.sort === 'ordered_desc' ? '' : f.sort,
          limit: f.limit === 50 ? '' : String(f.limit),
          ...extra,
        }).filter(([, v]) => v),
      ),
    ).toString();

  /**
   * 一括処理: the checked orders, or every order matching the filters (their ids from
   * GET /orders/ids), sent to POST /orders/bulk in chunks of 50 with a progress bar.
   * A failing order never stops the others; each failure is listed by order number.
   */
  const runBulk = $(async (form: HTMLFormElement, filterQuery: string, noneMessage: string) => {
    const data = new FormData(form);
    const headers = { 'content-type': 'application/json', 'x-csrf-token': String(data.get('_csrf') ?? '') };
    Object.assign(bulk, { phase: 'running', done: 0, total: 0, ok: 0, errors: [], message: '', truncated: false });
    try {
      let ids = data.getAll('ids[]').map(String);
      if (data.get('scope') === 'all') {
        const r = await fetch(`/api/v1/orders/ids?${filterQuery}`);
        const body = await r.json();
        if (!r.ok) throw new Error(body?.error?.message ?? r.statusText);
        ids = body.ids;
        bulk.truncated = body.truncated;
      }
      if (!ids.length) throw new Error(noneMessage);
      const act = String(data.get('action'));
      const carrier = String(data.get('shipCarrier') ?? 'yamato');
      bulk.total = ids.length;
      for (let i = 0; i < ids.length; i += BULK_CHUNK) {
        const chunk = ids.slice(i, i + BULK_CHUNK);
        const body =
          act === 'cancel'
            ? { action: 'cancel', ids: chunk }
            : act === 'ship'
              ? { action: 'ship', ids: chunk, carrier, trackingNumbers: Object.fromEntries(chunk.map((id) => [id, String(data.get(`tn_${id}`) ?? '').trim()]).filter(([, tn]) => tn)) }
              : act.startsWith('carrier:')
                ? { action: 'carrier', ids: chunk, carrier: act.slice('carrier:'.length) }
                : { action: 'transition', ids: chunk, to: act.slice('to:'.length) };
        const r = await fetch('/api/v1/orders/bulk', { method: 'POST', headers, body: JSON.stringify(body) });
        const answer = await r.json();
        if (!r.ok) throw new Error(answer?.error?.message ?? r.statusText);
        for (const x of answer.results as { id: string; ok: boolean; error?: { code: string; message: string } }[]) {
          if (x.ok) bulk.ok++;
          else bulk.errors.push({ id: x.id, code: x.error?.code ?? '', message: x.error?.message ?? '' });
        }
        bulk.done = Math.min(ids.length, i + BULK_CHUNK);
      }
      bulk.phase = 'done';
    } catch (e) {
      bulk.phase = 'error';
      bulk.message = String((e as Error).message ?? e);
    }
    // the list shows the new statuses (the result box stays: it lives in this component's state)
    await nav(window.location.pathname + window.location.search, { forceReload: true, scroll: false });
  });
  return (
    <>
      <div class="page-head">
        <h1 class="page-title">{t('orders.title')}</h1>
        <div class="actions">
          <Link prefetch={false} href="/orders/new" class="btn btn-primary">
            {t('orders.new')}
          </Link>
          <Link prefetch={false} href="/orders/pack" class="btn" id="orders-pack">
            {t('packing.link')}
          </Link>
          <Link prefetch={false} href="/orders/merge" class="btn" id="orders-merge-link">
            {t('merge.title')}
          </Link>
          {mayImport && (
            <Link prefetch={false} href="/orders/tracking" class="btn">
              {t('orders.tracking.title')}
            </Link>
          )}
          <Link prefetch={false} href="/orders/rules" class="btn">
            {t('orders.rules.title')}
          </Link>
          <Link prefetch={false} href="/orders/mail-templates" class="btn">
            {t('orders.mail.title')}
          </Link>
          <Link prefetch={false} href="/orders/returns" class="btn" id="orders-returns-link">
            {t('returns.link.list')}
          </Link>
          {can(me.value.me, 'export', 'personal_data') && (
            <a href={`/api/v1/orders/export?${idsQuery ? `${idsQuery}&` : ''}format=csv&encoding=shift_jis`} class="btn" id="orders-export" title={t('stock.orderCsv.hint')} download>
              {t('stock.orderCsv.export')}
            </a>
          )}
        </div>
      </div>
      {!seesBuyers && <p class="alert alert-warn" id="orders-masked">{t('perms.orders.masked')}</p>}
      <form method="get" class="toolbar" id="order-filters">
        <select name="status" aria-label={t('orders.filter.status')}>
          <option value="">{t('orders.filter.all')}</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s} selected={f.status === s}>
              {t(`orders.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
        <select name="channelId" aria-label={t('orders.filter.channel')}>
          <option value="">{t('orders.filter.allChannels')}</option>
          <option value="manual" selected={f.channelId === 'manual'}>
            {manual}
          </option>
          {channels.map((c) => (
            <option key={c.id} value={c.id} selected={f.channelId === c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <input type="search" name="q" value={f.q} placeholder={seesBuyers ? t('orders.filter.q') : t('perms.orders.searchLimited')} maxLength={100} />
        <label class="checkbox">
          {t('orders.filter.from')} <input type="date" name="from" value={f.from} />
        </label>
        <label class="checkbox">
          {t('orders.filter.to')} <input type="date" name="to" value={f.to} />
        </label>
        <label class="checkbox">
          <input type="checkbox" name="stockWarning" value="true" checked={f.stockWarning} /> {t('orders.filter.stockWarning')}
        </label>
        <select name="sort" aria-label={t('desk.list.sort')}>
          {ORDER_SORTS.map((o) => (
            <option key={o} value={o} selected={f.sort === o}>
              {t(`desk.list.sort.${o}` as MessageKey)}
            </option>
          ))}
        </select>
        <select name="limit" aria-label={t('desk.list.pageSize')}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n} selected={f.limit === n}>
              {t('desk.list.perPage', { n })}
            </option>
          ))}
        </select>
        <button type="submit" class="btn">
          {t('common.search')}
        </button>
        <Link prefetch={false} href={`/orders?from=${today}&to=${today}`} class={f.from === today && f.to === today ? 'btn btn-small active' : 'btn btn-small'} id="preset-today">
          {t('desk.list.today')}
        </Link>
      </form>
      {(saved.length > 0 || canSaveSearch) && (
        <div class="saved-searches" id="saved-searches">
          <span class="muted">{t('orders.saved.title')}:</span>
          {saved.map((x) => (
            <span key={x.id} class="chip">
              <Link prefetch={false} href={`/orders?${x.query}`}>{x.name}</Link>
              {x.canDelete && (
                <ConfirmDialog
                  id={`delete-search-${x.id}`}
                  trigger="×"
                  triggerClass="chip-x-open"
                  triggerLabel={`${t('common.delete')} ${x.name}`}
                  title={t('confirm.search.title', { name: x.name })}
                  message={t('confirm.search.message')}
                >
                  <Form action={deleteSearch}>
                    <input type="hidden" name="_csrf" value={csrf} />
                    <input type="hidden" name="id" value={x.id} />
                    <button type="submit" class="btn btn-danger" id={`delete-search-${x.id}-yes`}>
                      {t('confirm.yes.delete')}
                    </button>
                  </Form>
                </ConfirmDialog>
              )}
            </span>
          ))}
          {canSaveSearch && (
            <Form action={saveSearch} class="inline-form">
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="query" value={qs({})} />
              <input name="name" required maxLength={60} placeholder={t('orders.saved.name')} class="input-small" />
              <button type="submit" class="btn btn-small">
                {t('orders.saved.save')}
              </button>
            </Form>
          )}
        </div>
      )}
      {error && <p class="alert alert-error">{errorText(t, error)}</p>}
      <NewOrdersNotice since={renderedAt} />
      <CarrierExport />
      <div class="list-head">
        <strong id="orders-count">{t('desk.list.count', { n: page.total.toLocaleString('ja-JP') })}</strong>
        <details class="column-picker">
          <summary>{t('desk.list.columns')}</summary>
          <div
            class="column-choices"
            onChange$={(_, el) => {
              // the choice is this browser's: a cookie the list's loader reads
              const chosen = Array.from(el.querySelectorAll<HTMLInputElement>('input:checked')).map((i) => i.value);
              document.cookie = `kura_order_cols=${chosen.join(',')}; path=/orders; max-age=31536000; samesite=lax`;
              window.location.reload();
            }}
          >
            {OPTIONAL_COLUMNS.map((c) => (
              <label key={c} class="checkbox">
                <input type="checkbox" value={c} checked={show(c)} /> {t(`desk.list.col.${c}` as MessageKey)}
              </label>
            ))}
          </div>
        </details>
      </div>
      {bulk.phase === 'error' && (
        <p class="alert alert-error" id="bulk-error">
          {bulk.message}
        </p>
      )}
      {bulk.phase === 'running' && (
        <Progress id="bulk-progress" done={bulk.done} total={bulk.total} label={t('orders.bulk.progress', { done: bulk.done, total: bulk.total })} />
      )}
      {bulk.phase === 'done' && (
        <div class={bulk.errors.length ? 'alert alert-warn' : 'alert alert-ok'} id="bulk-result">
          <p>{t('orders.bulk.result', { ok: bulk.ok, failed: bulk.errors.length })}</p>
          {bulk.truncated && <p>{t('orders.bulk.truncated')}</p>}
          {[...new Set(bulk.errors.map((x) => x.code))].map((code) => {
            // one line per kind of failure, with the orders it hit (numbers where this page knows them)
            const hit = bulk.errors.filter((x) => x.code === code);
            const names = hit.slice(0, 12).map((x) => page.items.find((o) => o.id === x.id)?.number ?? x.id);
            return (
              <p key={code} class="bulk-error-group">
                <strong>{tMaybe(`orders.problem.${code}`) ?? hit[0].message}</strong> — {t('orders.bulk.errorGroup', { count: hit.length })}
                <span class="mono small">
                  {' '}
                  ({names.join(', ')}
                  {hit.length > names.length ? ', …' : ''})
                </span>
              </p>
            );
          })}
        </div>
      )}
      <form id="bulk-form" method="post" preventdefault:submit onSubmit$={(_, el) => runBulk(el, idsQuery, nothingSelected)}>
        <input type="hidden" name="_csrf" value={csrf} />
        <div class="bulk-bar">
          <select name="scope" aria-label={t('orders.bulk.selected')}>
            <option value="selected">{t('orders.bulk.scopeSelected')}</option>
            <option value="all">{t('orders.bulk.scopeAll')}</option>
          </select>
          <span>→</span>
          <BulkActionSelect picked={picked} action={action} filterStatus={filterStatus} />
          {action.value === 'ship' && (
            <select name="shipCarrier" aria-label={t('orders.detail.carrier')}>
              {CARRIERS.map((c) => (
                <option key={c} value={c}>
                  {t(`orders.carrier.${c}`)}
                </option>
              ))}
            </select>
          )}
          <button type="submit" class="btn btn-small" disabled={bulk.phase === 'running'}>
            {bulk.phase === 'running' ? t('common.loading') : t('orders.bulk.run')}
          </button>
          {mayExportBuyers && (
          <span class="carrier-export" style="margin-left:auto">
            <select id="carrier-file" aria-label={t('orders.carrierFile.label')}>
              <option value="yamato_b2">{t('orders.carrierFile.yamato_b2')}</option>
              <option value="sagawa_ehiden2">{t('orders.carrierFile.sagawa_ehiden2')}</option>
              <option value="japanpost_yupri">{t('orders.carrierFile.japanpost_yupri')}</option>
            </select>
            <button
              type="button"
              class="btn btn-small"
              id="carrier-export"
              onClick$={() => {
                // The checked orders' carrier file: checked first in a dialog (components/orders/carrier-export.tsx); downloaded only when the carrier would take it.
                const ids = Array.from(document.querySelectorAll<HTMLInputElement>('#orders-table input[name="ids[]"]:checked')).map((i) => i.value);
                if (!ids.length) return;
                openCarrierExport(ids, (document.getElementById('carrier-file') as HTMLSelectElement).value);
              }}
            >
              {t('orders.carrierFile.export')}
            </button>
          </span>
          )}
          <button
            type="button"
            class="btn btn-small"
            id="bulk-slips"
            onClick$={() => {
              // 納品書: the checked orders' printable slips (a page of its own)
              const ids = Array.from(document.querySelectorAll<HTMLInputElement>('#orders-table input[name="ids[]"]:checked')).map((i) => i.value);
              if (ids.length) window.location.href = `/orders/slips?ids=${ids.map(encodeURIComponent).join(',')}`;
            }}
          >
            {t('slip.bulkPrint')}
          </button>
          <button
            type="button"
            class="btn btn-small"
            id="bulk-picking"
            onClick$={() => {
              // ピッキングリスト: the checked orders' picking list (a page of its own; トータル first, 個別 one click away)
              const ids = Array.from(document.querySelectorAll<HTMLInputElement>('#orders-table input[name="ids[]"]:checked')).map((i) => i.value);
              if (ids.length) window.location.href = `/orders/picking?ids=${ids.map(encodeURIComponent).join(',')}&kind=total`;
            }}
          >
            {t('picking.open')}
          </button>
        </div>
        <div class="table-wrap">
          <table
            id="orders-table"
            onChange$={(ev) => {
              if ((ev.target as HTMLInputElement).name !== 'ids[]' && (ev.target as HTMLInputElement).id !== 'select-page') return;
              picked.value = Array.from(document.querySelectorAll<HTMLInputElement>('#orders-table input[name="ids[]"]:checked')).map((i) => i.dataset.status as OrderStatus);
            }}
          >
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    id="select-page"
                    aria-label={t('orders.bulk.selectPage')}
                    title={t('orders.bulk.selectPage')}
                    onChange$={(_, el) => document.querySelectorAll<HTMLInputElement>('#orders-table input[name="ids[]"]').forEach((i) => (i.checked = el.checked))}
                  />
                </th>
                <th>{t('orders.col.number')}</th>
                <th>{t('orders.col.orderedAt')}</th>
                <th>{t('orders.col.channel')}</th>
                <th>{t('orders.col.customer')}</th>
                <th class="num">{t('orders.col.total')}</th>
                <th>{t('orders.col.status')}</th>
                {show('items') && <th>{t('desk.list.col.items')}</th>}
                {show('payment') && <th>{t('desk.list.col.payment')}</th>}
                {show('shipping') && <th>{t('desk.list.col.shipping')}</th>}
                {show('desired') && <th>{t('desk.list.col.desired')}</th>}
                {action.value === 'ship' && <th>{t('orders.bulk.trackingCol')}</th>}
              </tr>
            </thead>
            <tbody>
              {page.items.length === 0 && (
                <tr>
                  <td colSpan={(action.value === 'ship' ? 8 : 7) + extraCols} class="muted">
                    {t('orders.empty')}
                  </td>
                </tr>
              )}
              {page.items.map((o) => (
                <tr key={o.id} data-number={o.number}>
                  <td>
                    <input type="checkbox" name="ids[]" value={o.id} data-status={o.status} aria-label={o.number} />
                  </td>
                  <td>
                    <Link prefetch={false} href={`/orders/${o.id}`} class="mono">
                      {o.number}
                    </Link>
                    <div class="muted small mono">{o.externalId}</div>
                  </td>
                  <td class="nowrap">{formatJst(o.orderedAt, locale)}</td>
                  <td>{channelLabel(channels, o.channelId, manual)}</td>
                  <td>
                    {o.customer.name}
                    <div class="muted small">{o.shipTo.prefecture}</div>
                  </td>
                  <td class="num">{formatYen(o.totals.total)}</td>
                  <td>
                    <span class={statusBadge(o.status)}>{t(`orders.status.${o.status}` as MessageKey)}</span>
                    {o.stockWarning && <span class="badge badge-err">{t('orders.stockWarning')}</span>}
                    {o.flags.map((fl) => (
                      <span key={fl} class={fl === 'blacklist' ? 'badge badge-err' : fl === 'repeat' ? 'badge' : 'badge badge-warn'}>
                        {tMaybe(`orders.flag.${fl}`) ?? fl}
                      </span>
                    ))}
                  </td>
                  {show('items') && (
                    <td class="small">
                      {o.items.lines.map((l) => (
                        <div key={l.sku} class="nowrap">
                          <span class="mono">{l.sku}</span> ×{l.quantity}
                        </div>
                      ))}
                      {o.items.lineCount > o.items.lines.length && <div class="muted">{t('desk.list.moreLines', { n: o.items.lineCount - o.items.lines.length })}</div>}
                    </td>
                  )}
                  {show('payment') && (
                    <td class="small">
                      <span>{tMaybe(`orders.payment.${o.payment.method}`) ?? o.payment.method}</span>
                      {!o.payment.paid && <span class="badge">{t('orders.detail.unpaid')}</span>}
                    </td>
                  )}
                  {show('shipping') && <td class="small">{o.shipping.method ? (tMaybe(`orders.shippingMethod.${o.shipping.method}`) ?? o.shipping.method) : '—'}</td>}
                  {show('desired') && (
                    <td class="small nowrap">
                      <span>{o.shipping.desiredDate ?? '—'}</span> <span>{o.shipping.timeSlot ? (tMaybe(`orders.timeSlot.${o.shipping.timeSlot}`) ?? o.shipping.timeSlot) : ''}</span>
                    </td>
                  )}
                  {action.value === 'ship' && (
                    <td>
                      <input
                        name={`tn_${o.id}`}
                        class="input-small mono"
                        value={o.shipping.trackingNumber ?? ''}
                        disabled={o.status !== 'ready_to_ship'}
                        pattern="[0-9A-Za-z\-]{4,40}"
                        maxLength={40}
                        aria-label={`${t('orders.bulk.trackingCol')} ${o.number}`}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </form>
      <Pager id="orders-pager" firstHref={f.cursor ? `/orders?${qs({})}` : null} nextHref={page.nextCursor ? `/orders?${qs({ cursor: page.nextCursor })}` : null} firstLabel={t('common.first')} nextLabel={t('common.next')} />
    </>
  );
});

export const head: DocumentHead = { title: '受注' };
