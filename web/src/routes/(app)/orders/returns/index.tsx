import { component$ } from '@builder.io/qwik';
import { Link, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { actionError } from '../../../../lib/action';
import { formatJst, formatYen } from '../../../../lib/format';
import { isDate, jstDayEnd, jstDayStart } from '../../../../lib/jst';
import { refundBadge, REFUND_STATUSES, RETURN_REASONS, type ReturnView } from '../../../../lib/returns';
import { errorText } from '../../../../components/settings/errors';
import { useLocale, useT, useTMaybe, type MessageKey } from '../../../../i18n';

const PAGE_SIZES = [25, 50, 100, 200];

/** 返品一覧: every return of the account, newest first, filtered and paged on the server (keyset), with the count of every match. */
export const useReturns = routeLoader$(async (ev) => {
  const pick = <T extends string>(value: string | null, allowed: readonly T[]) => ((allowed as readonly string[]).includes(value ?? '') ? (value as T) : '');
  const f = {
    refundStatus: pick(ev.query.get('refundStatus'), REFUND_STATUSES),
    reason: pick(ev.query.get('reason'), RETURN_REASONS),
    q: (ev.query.get('q') ?? '').slice(0, 100),
    from: isDate(ev.query.get('from')) ? (ev.query.get('from') as string) : '',
    to: isDate(ev.query.get('to')) ? (ev.query.get('to') as string) : '',
    cursor: ev.query.get('cursor') ?? '',
    limit: PAGE_SIZES.includes(Number(ev.query.get('limit'))) ? Number(ev.query.get('limit')) : 50,
  };
  const r = await api<{ items: ReturnView[]; nextCursor: string | null; total: number }>(ev, '/returns', {
    query: {
      refundStatus: f.refundStatus || undefined,
      reason: f.reason || undefined,
      q: f.q || undefined,
      from: f.from ? jstDayStart(f.from) : undefined,
      to: f.to ? jstDayEnd(f.to) : undefined,
      cursor: f.cursor || undefined,
      limit: f.limit,
    },
  });
  if (!r.ok) ev.status(r.status >= 400 && r.status < 600 ? (r.status as 400) : 500);
  return { f, page: r.ok ? r.data : { items: [] as ReturnView[], nextCursor: null, total: 0 }, error: r.ok ? null : actionError(r) };
});

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const data = useReturns();
  const { f, page, error } = data.value;
  // A plain string: a t() call written into a Link's props inside .map() is wrapped by the optimizer with `t` captured, and `t` cannot be serialised (QWIK ERROR Code(3)).
  const openTitle = t('returns.open');
  const qs = (extra: Record<string, string>) =>
    new URLSearchParams(
      Object.entries({ refundStatus: f.refundStatus, reason: f.reason, q: f.q, from: f.from, to: f.to, limit: f.limit === 50 ? '' : String(f.limit), ...extra }).filter(([, v]) => v),
    ).toString();
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">
          {t('orders.title')}
        </Link>{' '}
        ›
      </p>
      <div class="page-head">
        <h1 class="page-title">{t('returns.list.title')}</h1>
      </div>
      <form method="get" class="toolbar" id="return-filters">
        <select name="refundStatus" aria-label={t('returns.filter.refund')}>
          <option value="">{`${t('returns.filter.refund')}: ${t('returns.filter.all')}`}</option>
          {REFUND_STATUSES.map((s) => (
            <option key={s} value={s} selected={f.refundStatus === s}>
              {t(`returns.refund.${s}` as MessageKey)}
            </option>
          ))}
        </select>
        <select name="reason" aria-label={t('returns.filter.reason')}>
          <option value="">{`${t('returns.filter.reason')}: ${t('returns.filter.all')}`}</option>
          {RETURN_REASONS.map((r) => (
            <option key={r} value={r} selected={f.reason === r}>
              {t(`returns.reason.${r}` as MessageKey)}
            </option>
          ))}
        </select>
        <input type="search" name="q" value={f.q} placeholder={t('returns.filter.q')} maxLength={100} aria-label={t('returns.filter.q')} />
        <label class="checkbox">
          {t('returns.filter.from')} <input type="date" name="from" value={f.from} />
        </label>
        <label class="checkbox">
          {t('returns.filter.to')} <input type="date" name="to" value={f.to} />
        </label>
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
      </form>
      {error && (
        <p class="alert alert-error" role="alert" id="returns-error">
          {tMaybe(`returns.problem.${error.code}`) ?? errorText(t, error)}
        </p>
      )}
      <div class="list-head">
        <strong id="returns-count">{t('returns.count', { n: page.total.toLocaleString('ja-JP') })}</strong>
      </div>
      <div class="table-wrap">
        <table id="returns-table">
          <thead>
            <tr>
              <th>{t('returns.col.number')}</th>
              <th>{t('returns.col.createdAt')}</th>
              <th>{t('returns.col.order')}</th>
              <th>{t('returns.col.items')}</th>
              <th>{t('returns.col.units')}</th>
              <th>{t('returns.col.reason')}</th>
              <th>{t('returns.col.refund')}</th>
              <th>{t('returns.col.exchange')}</th>
              <th>{t('returns.col.by')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.length === 0 && (
              <tr>
                <td colSpan={9} class="muted">
                  {t('returns.empty')}
                </td>
              </tr>
            )}
            {page.items.map((r) => (
              <tr key={r.id} data-number={r.number}>
                <td>
                  <Link prefetch={false} href={`/orders/${r.orderId}/return`} class="mono" title={openTitle}>
                    {r.number}
                  </Link>
                </td>
                <td class="nowrap">{formatJst(r.createdAt, locale)}</td>
                <td>
                  <Link prefetch={false} href={`/orders/${r.orderId}`} class="mono">
                    {r.orderNumber}
                  </Link>
                </td>
                <td class="small">
                  {r.lines.slice(0, 3).map((l) => (
                    <div key={l.lineNo} class="nowrap">
                      <span class="mono">{l.sku}</span> <span>×{l.quantity}</span>
                    </div>
                  ))}
                  {r.lines.length > 3 && <div class="muted">{t('desk.list.moreLines', { n: r.lines.length - 3 })}</div>}
                </td>
                <td class="nowrap">{t('returns.units', { units: r.units, sellable: r.sellableUnits })}</td>
                <td>{t(`returns.reason.${r.reason}` as MessageKey)}</td>
                <td class="nowrap">
                  <span class={refundBadge(r.refund.status)}>{t(`returns.refund.${r.refund.status}` as MessageKey)}</span> <span>{formatYen(r.refund.amount)}</span>
                </td>
                <td>
                  {r.exchangeOrderId ? (
                    <Link prefetch={false} href={`/orders/${r.exchangeOrderId}`} class="mono">
                      {r.exchangeOrderNumber ?? r.exchangeOrderId}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td class="small">{r.createdByName ?? r.createdBy ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="pager">
        {f.cursor && (
          <Link prefetch={false} href={`/orders/returns?${qs({})}`} class="btn btn-small" id="returns-first">
            « {t('common.first')}
          </Link>
        )}
        {page.nextCursor && (
          <Link prefetch={false} href={`/orders/returns?${qs({ cursor: page.nextCursor })}`} class="btn btn-small" id="returns-next">
            {t('common.next')} »
          </Link>
        )}
      </div>
    </>
  );
});

export const head: DocumentHead = { title: '返品一覧' };
