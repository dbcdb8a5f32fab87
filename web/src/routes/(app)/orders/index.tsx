import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../lib/api';
import { formatJst, formatYen } from '../../../lib/format';
import { ORDER_STATUSES, statusBadge, type OrderSummaryView } from '../../../lib/orders';
import { isDate, jstDayStart, jstDayEnd } from '../../../lib/jst';
import { useMe } from '../layout';
import { useLocale, useT, useTMaybe, type MessageKey } from '../../../i18n';

/** 受注一覧: filtered and paged on the server (keyset), newest first. */
export const useOrders = routeLoader$(async (ev) => {
  const f = {
    status: ev.query.get('status') ?? '',
    q: ev.query.get('q') ?? '',
    from: ev.query.get('from') ?? '',
    to: ev.query.get('to') ?? '',
    stockWarning: ev.query.get('stockWarning') === 'true',
    cursor: ev.query.get('cursor') ?? '',
  };
  const r = await api<{ items: OrderSummaryView[]; nextCursor: string | null }>(ev, '/orders', {
    query: {
      status: f.status || undefined,
      q: f.q || undefined,
      from: isDate(f.from) ? jstDayStart(f.from) : undefined,
      to: isDate(f.to) ? jstDayEnd(f.to) : undefined,
      stockWarning: f.stockWarning ? 'true' : undefined,
      cursor: f.cursor || undefined,
      limit: 50,
    },
  });
  const saved = await api<{ items: { id: string; name: string; query: string }[] }>(ev, '/saved-searches');
  return { f, page: r.ok ? r.data : { items: [], nextCursor: null }, error: r.ok ? null : r.error.message, saved: saved.ok ? saved.data.items : [] };
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

export const useBulk = routeAction$(async (form, ev) => {
  const ids = (Array.isArray(form.ids) ? form.ids : form.ids ? [form.ids] : []).map(String);
  // 納品書: the selection opens the printable slips instead of running an action
  if (form.slips) throw ev.redirect(302, `/orders/slips?ids=${ids.map(encodeURIComponent).join(',')}`);
  const action = String(form.action ?? '');
  const body =
    action === 'cancel'
      ? { action: 'cancel', ids }
      : action.startsWith('carrier:')
        ? { action: 'carrier', ids, carrier: action.replace(/^carrier:/, '') }
        : { action: 'transition', ids, to: action.replace(/^to:/, '') };
  const r = await api<{ results: { id: string; ok: boolean; error?: { message: string } }[] }>(ev, '/orders/bulk', { method: 'POST', csrf: String(form._csrf ?? ''), body });
  if (!r.ok) return ev.fail(r.status, { message: r.error.message });
  return { succeeded: r.data.results.filter((x) => x.ok).length, errors: r.data.results.filter((x) => !x.ok).map((x) => ({ id: x.id, message: x.error?.message ?? '' })) };
});

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const data = useOrders();
  const me = useMe();
  const bulk = useBulk();
  const saveSearch = useSaveSearch();
  const deleteSearch = useDeleteSearch();
  const { f, page, error, saved } = data.value;
  const csrf = me.value.me?.csrfToken ?? '';
  const qs = (extra: Record<string, string>) =>
    new URLSearchParams(Object.fromEntries(Object.entries({ status: f.status, q: f.q, from: f.from, to: f.to, stockWarning: f.stockWarning ? 'true' : '', ...extra }).filter(([, v]) => v))).toString();
  const result = bulk.value as { succeeded?: number; errors?: { id: string; message: string }[]; failed?: boolean; message?: string } | undefined;
  return (
    <>
      <div class="page-head">
        <h1 class="page-title">{t('orders.title')}</h1>
        <div class="actions">
          <Link href="/orders/new" class="btn btn-primary">
            {t('orders.new')}
          </Link>
          <Link href="/orders/tracking" class="btn">
            {t('orders.tracking.title')}
          </Link>
          <Link href="/orders/rules" class="btn">
            {t('orders.rules.title')}
          </Link>
          <Link href="/orders/mail-templates" class="btn">
            {t('orders.mail.title')}
          </Link>
        </div>
      </div>
      <form method="get" class="toolbar" id="order-filters">
        <select name="status" aria-label={t('orders.filter.status')}>
          <option value="">{t('orders.filter.all')}</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s} selected={f.status === s}>
              {t(`orders.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
        <input type="search" name="q" value={f.q} placeholder={t('orders.filter.q')} maxLength={100} />
        <label class="checkbox">
          {t('orders.filter.from')} <input type="date" name="from" value={f.from} />
        </label>
        <label class="checkbox">
          {t('orders.filter.to')} <input type="date" name="to" value={f.to} />
        </label>
        <label class="checkbox">
          <input type="checkbox" name="stockWarning" value="true" checked={f.stockWarning} /> {t('orders.filter.stockWarning')}
        </label>
        <button type="submit" class="btn">
          {t('common.search')}
        </button>
      </form>
      <div class="saved-searches" id="saved-searches">
        <span class="muted">{t('orders.saved.title')}:</span>
        {saved.map((x) => (
          <span key={x.id} class="chip">
            <Link href={`/orders?${x.query}`}>{x.name}</Link>
            <Form action={deleteSearch} class="chip-x">
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="id" value={x.id} />
              <button type="submit" aria-label={`${t('common.delete')} ${x.name}`}>
                ×
              </button>
            </Form>
          </span>
        ))}
        <Form action={saveSearch} class="inline-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="query" value={qs({})} />
          <input name="name" required maxLength={60} placeholder={t('orders.saved.name')} class="input-small" />
          <button type="submit" class="btn btn-small">
            {t('orders.saved.save')}
          </button>
        </Form>
      </div>
      {error && <p class="alert alert-error">{error}</p>}
      {result?.failed && <p class="alert alert-error">{result.message}</p>}
      {result && !result.failed && (
        <div class={result.errors?.length ? 'alert alert-warn' : 'alert alert-ok'} id="bulk-result">
          <p>{t('orders.bulk.result', { ok: result.succeeded ?? 0, failed: result.errors?.length ?? 0 })}</p>
          {result.errors?.map((x) => (
            <p key={x.id} class="mono">
              {page.items.find((o) => o.id === x.id)?.number ?? x.id}: {x.message}
            </p>
          ))}
        </div>
      )}
      <Form action={bulk} id="bulk-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <div class="bulk-bar">
          <span>{t('orders.bulk.selected')}</span>
          <select name="action" aria-label={t('orders.bulk.run')}>
            {ORDER_STATUSES.filter((s) => s !== 'shipped' && s !== 'cancelled').map((s) => (
              <option key={s} value={`to:${s}`}>
                {`${t('orders.bulk.moveTo')} → ${t(`orders.status.${s}` as MessageKey)}`}
              </option>
            ))}
            {(['yamato', 'sagawa', 'japanpost', 'other'] as const).map((c) => (
              <option key={c} value={`carrier:${c}`}>
                {`${t('orders.detail.carrier')} → ${t(`orders.carrier.${c}`)}`}
              </option>
            ))}
            <option value="cancel">{t('orders.bulk.cancel')}</option>
          </select>
          <button type="submit" class="btn btn-small" disabled={bulk.isRunning}>
            {bulk.isRunning ? t('common.loading') : t('orders.bulk.run')}
          </button>
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
                // The checked orders' carrier file, downloaded with the session cookie (GET, no state change).
                const ids = Array.from(document.querySelectorAll<HTMLInputElement>('#orders-table input[name="ids[]"]:checked')).map((i) => i.value);
                if (!ids.length) return;
                const carrier = (document.getElementById('carrier-file') as HTMLSelectElement).value;
                window.location.href = `/api/v1/orders/export/shipping?carrier=${carrier}&ids=${ids.map(encodeURIComponent).join(',')}`;
              }}
            >
              {t('orders.carrierFile.export')}
            </button>
          </span>
          <button type="submit" name="slips" value="1" class="btn btn-small" id="bulk-slips">
            {t('slip.bulkPrint')}
          </button>
        </div>
        <div class="table-wrap">
          <table id="orders-table">
            <thead>
              <tr>
                <th></th>
                <th>{t('orders.col.number')}</th>
                <th>{t('orders.col.orderedAt')}</th>
                <th>{t('orders.col.channel')}</th>
                <th>{t('orders.col.customer')}</th>
                <th class="num">{t('orders.col.total')}</th>
                <th>{t('orders.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    {t('orders.empty')}
                  </td>
                </tr>
              )}
              {page.items.map((o) => (
                <tr key={o.id} data-number={o.number}>
                  <td>
                    <input type="checkbox" name="ids[]" value={o.id} aria-label={o.number} />
                  </td>
                  <td>
                    <Link href={`/orders/${o.id}`} class="mono">
                      {o.number}
                    </Link>
                    <div class="muted small mono">{o.externalId}</div>
                  </td>
                  <td class="nowrap">{formatJst(o.orderedAt, locale)}</td>
                  <td>{o.channelId}</td>
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Form>
      <div class="pager">
        {f.cursor && (
          <Link href={`/orders?${qs({})}`} class="btn btn-small">
            « {t('common.prev')}
          </Link>
        )}
        {page.nextCursor && (
          <Link href={`/orders?${qs({ cursor: page.nextCursor })}`} class="btn btn-small">
            {t('common.next')} »
          </Link>
        )}
      </div>
    </>
  );
});

export const head: DocumentHead = { title: '受注' };
