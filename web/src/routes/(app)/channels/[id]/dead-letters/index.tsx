import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../../lib/api';
import { failWith, str } from '../../../../../lib/action';
import { formatJst } from '../../../../../lib/format';
import { deadLetterSummary, type DeadLetter } from '../../../../../lib/channels';
import { ErrorAlert } from '../../../../../components/settings/errors';
import { useMe } from '../../../layout';
import { useChannel } from '../layout';
import { useLocale, useT, useTMaybe } from '../../../../../i18n';
import { Pager } from '../../../../../components/kit/pager';

const deadPath = (id: string) => `/channels/${encodeURIComponent(id)}/dead-letters`;

/** 失敗キュー: what failed after every retry, newest first, keyset-paged on the server. */
export const useDeadLetters = routeLoader$(async (ev) => {
  const cursor = ev.query.get('cursor') ?? '';
  const r = await api<{ items: DeadLetter[]; nextCursor: string | null }>(ev, deadPath(ev.params.id), { query: { cursor: cursor || undefined, limit: 50 } });
  return { cursor, page: r.ok ? r.data : { items: [], nextCursor: null }, error: r.ok ? null : r.error.message };
});

/** 再実行 (operators and admins): stock is recomputed from today's figures; a shipment or pull is queued again. */
export const useRetry = routeAction$(async (form, ev) => {
  const letterId = str(form, 'letterId');
  const r = await api(ev, `${deadPath(ev.params.id)}/${encodeURIComponent(letterId)}/retry`, { method: 'POST', csrf: str(form, '_csrf') });
  if (!r.ok) return failWith(ev, r, { id: letterId });
  return { retried: letterId };
});

const SHOWN_SKUS = 6;

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const me = useMe();
  const ch = useChannel();
  const data = useDeadLetters();
  const retry = useRetry();
  const c = ch.value.channel;
  if (!c) return null;
  const role = me.value.me?.user.role;
  const canRetry = role === 'admin' || role === 'operator';
  const csrf = me.value.me?.csrfToken ?? '';
  const { cursor, page, error } = data.value;
  const rv = retry.value;
  const base = deadPath(c.id);
  return (
    <>
      <div class="page-head">
        <div>
          <h2 class="page-subtitle">{t('channels.dead.title')}</h2>
          <p class="hint">{t('channels.dead.lead')}</p>
        </div>
      </div>
      {rv && !rv.failed && (
        <p class="alert alert-ok" role="status" id="retry-done">
          {t('channels.dead.retried')}
        </p>
      )}
      <ErrorAlert error={rv?.failed ? rv.error : null} />
      {error && <p class="alert alert-error">{error}</p>}
      <div class="table-wrap">
        <table id="dead-letters-table">
          <thead>
            <tr>
              <th>{t('channels.dead.col.kind')}</th>
              <th>{t('channels.dead.col.content')}</th>
              <th>{t('channels.dead.col.error')}</th>
              <th class="num">{t('channels.dead.col.attempts')}</th>
              <th>{t('channels.dead.col.at')}</th>
              {canRetry && <th class="actions-col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {page.items.length === 0 && (
              <tr>
                <td colSpan={canRetry ? 6 : 5} class="muted empty">
                  {t('channels.dead.empty')}
                </td>
              </tr>
            )}
            {page.items.map((l) => {
              const sum = deadLetterSummary(l);
              return (
                <tr key={l.id} data-letter={l.id}>
                  <td class="nowrap">
                    <span class="badge">{tMaybe(`channels.dead.kind.${l.kind}`) ?? l.kind}</span>
                  </td>
                  <td class="content-cell">
                    {sum.skus ? (
                      <ul class="sku-list">
                        {sum.skus.slice(0, SHOWN_SKUS).map((x) => (
                          <li key={x.sku}>
                            <Link prefetch={false} href={`/stock/sku/${encodeURIComponent(x.sku)}`} class="mono">
                              {x.sku}
                            </Link>
                            {x.quantity !== null && <span class="muted"> × {x.quantity}</span>}
                            {x.reason && <span class="small text-err"> — {x.reason}</span>}
                          </li>
                        ))}
                        {sum.skus.length > SHOWN_SKUS && <li class="muted">{t('channels.dead.more', { n: sum.skus.length - SHOWN_SKUS })}</li>}
                      </ul>
                    ) : sum.orderId ? (
                      <span>
                        {t('channels.dead.order')}{' '}
                        <Link prefetch={false} href={`/orders/${encodeURIComponent(sum.orderId)}`} class="mono">
                          {sum.orderId}
                        </Link>
                      </span>
                    ) : (
                      <span>
                        {t('channels.dead.pull')}
                        {sum.window && (
                          <span class="small muted">
                            {' '}
                            ({formatJst(sum.window.since, locale)} – {formatJst(sum.window.until, locale)})
                          </span>
                        )}
                      </span>
                    )}
                  </td>
                  <td class="cell-wrap error-cell text-err">{l.error}</td>
                  <td class="num">{l.attempts}</td>
                  <td class="nowrap">{formatJst(l.createdAt, locale)}</td>
                  {canRetry && (
                    <td>
                      <Form action={retry}>
                        <input type="hidden" name="_csrf" value={csrf} />
                        <input type="hidden" name="letterId" value={l.id} />
                        <button type="submit" class="btn btn-small" disabled={retry.isRunning}>
                          {t('channels.dead.retry')}
                        </button>
                      </Form>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager firstHref={cursor ? base : null} nextHref={page.nextCursor ? `${base}?cursor=${encodeURIComponent(page.nextCursor)}` : null} firstLabel={t('channels.first')} nextLabel={t('common.next')} />
    </>
  );
});

export const head: DocumentHead = { title: '失敗キュー' };
