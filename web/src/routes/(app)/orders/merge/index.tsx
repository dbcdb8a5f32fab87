import { component$, getLocale } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { actionError, failWith, str, type ActionError } from '../../../../lib/action';
import { channelLabel, loadChannelNames } from '../../../../lib/channel-names';
import { formatJst, formatYen } from '../../../../lib/format';
import { useMe } from '../../layout';
import { toLocale, translate, useLocale, useT, useTMaybe } from '../../../../i18n';
import { ConfirmDialog } from '../../../../components/kit/confirm-dialog';
import { errorText } from '../../../../components/settings/errors';

/**
 * 同梱候補: /orders/merge lists the groups of open orders that go to one
 * customer at one address (GET /orders/merge-proposals, paged on the server),
 * each with its orders by K-number, store and store order number, and a
 * 「同梱する」 button that asks first. After merging, a link to the parent.
 */

interface ProposalOrder {
  id: string;
  number: string;
  channelId: string;
  externalId: string;
  status: string;
  orderedAt: string;
  customerName: string;
  shipTo: { name: string; postalCode: string; prefecture: string; city: string; address1: string; address2: string | null };
  paymentMethod: string;
  total: number;
  carrier: string | null;
  role: 'parent' | 'child';
}

interface Problem {
  orderId: string;
  number: string;
  code: string;
  message: string;
}

interface Proposal {
  parentId: string;
  orders: ProposalOrder[];
  existingChildIds: string[];
  canMerge: boolean;
  problems: Problem[];
  warnings: Problem[];
  cod: { amount: number; orders: number; summed: boolean } | null;
}

interface ProposalPage {
  items: Proposal[];
  nextCursor: string | null;
  total: number;
  truncated: boolean;
}

/** Groups per page. */
const PAGE = 20;

export const useMergeProposals = routeLoader$(async (ev) => {
  const cursor = ev.query.get('cursor') ?? '';
  const [r, channels] = await Promise.all([api<ProposalPage>(ev, '/orders/merge-proposals', { query: { limit: PAGE, cursor } }), loadChannelNames(ev)]);
  if (!r.ok) {
    ev.status(r.status >= 400 && r.status < 600 ? r.status : 500);
    return { items: [] as Proposal[], nextCursor: null as string | null, total: 0, truncated: false, cursor, channels, error: actionError(r) as ActionError | null };
  }
  return { ...r.data, cursor, channels, error: null as ActionError | null };
});

/** 同梱する: the group's parent and the others as its children. */
export const useMergeOrders = routeAction$(async (form, ev) => {
  const childIds = str(form, 'childIds')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const r = await api<{ parent: { id: string; number: string }; children: { number: string }[] }>(ev, '/orders/merge', {
    method: 'POST',
    csrf: str(form, '_csrf'),
    body: { parentId: str(form, 'parentId'), childIds },
  });
  if (!r.ok) return failWith(ev, r);
  return { merged: { parentId: r.data.parent.id, parentNumber: r.data.parent.number, children: r.data.children.map((c) => c.number) } };
});

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const me = useMe();
  const page = useMergeProposals();
  const mergeAction = useMergeOrders();

  const csrf = me.value.me?.csrfToken ?? '';
  const role = me.value.me?.user.role;
  const canWrite = !!role && role !== 'viewer';
  const { items, total, truncated, nextCursor, cursor, channels, error } = page.value;
  const manual = t('merge.manual');
  const result = mergeAction.value as { failed?: boolean; error?: ActionError; merged?: { parentId: string; parentNumber: string; children: string[] } } | undefined;
  const merged = result?.merged ?? null;
  const failed = result?.failed ? (result.error ?? null) : null;

  /** An API error in the reader's words: this feature's codes first, then the common ones. */
  const headline = (e: ActionError) => tMaybe(`merge.error.${e.code}`) ?? errorText(t, e);
  const problemText = (p: Problem) => tMaybe(`merge.problem.${p.code}`, { number: p.number }) ?? p.message;
  const warningText = (p: Problem) => tMaybe(`merge.warning.${p.code}`, { number: p.number }) ?? p.message;
  const statusText = (s: string) => (s === 'merged' ? t('merge.status.merged') : (tMaybe(`orders.status.${s}`) ?? s));
  const failedProblems = failed && failed.details && typeof failed.details === 'object' && Array.isArray((failed.details as { problems?: unknown }).problems) ? ((failed.details as { problems: Problem[] }).problems) : [];

  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">
          {t('orders.title')}
        </Link>{' '}
        ›
      </p>
      <h1 class="page-title">{t('merge.title')}</h1>
      <p class="hint">{t('merge.help')}</p>
      {!canWrite && <p class="alert alert-warn">{t('merge.readOnly')}</p>}
      {error && (
        <p class="alert alert-error" role="alert" id="merge-load-error">
          {error.status === 403 ? errorText(t, error) : t('merge.loadFailed', { message: headline(error) })}
        </p>
      )}
      {merged && (
        <p class="alert alert-ok" role="status" id="merge-done">
          {t('merge.done', { number: merged.parentNumber, children: merged.children.join('、') })}{' '}
          <Link prefetch={false} href={`/orders/${merged.parentId}`} id="merge-done-link">
            {t('merge.done.link', { number: merged.parentNumber })}
          </Link>
        </p>
      )}
      {failed && (
        <div class="alert alert-error" role="alert" id="merge-error">
          {headline(failed)}
          {failedProblems.length > 0 && (
            <ul class="alert-list">
              {failedProblems.map((p, i) => (
                <li key={i}>{problemText(p)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!error && (
        <p class="muted" id="merge-count">
          {t('merge.count', { n: total })}
        </p>
      )}
      {truncated && (
        <p class="alert alert-warn" id="merge-truncated">
          {t('merge.truncated')}
        </p>
      )}
      {!error && items.length === 0 && (
        <p class="muted" id="merge-none">
          {t('merge.none')}
        </p>
      )}

      {items.map((g, gi) => {
        const parent = g.orders.find((o) => o.id === g.parentId) ?? g.orders[0];
        const children = g.orders.filter((o) => o.id !== parent.id);
        const childNumbers = children.map((o) => o.number).join('、');
        const codText = g.cod ? (g.cod.summed ? t('merge.cod', { n: g.cod.orders, amount: formatYen(g.cod.amount) }) : t('merge.codOne', { amount: formatYen(g.cod.amount) })) : null;
        const dialogId = `merge-${parent.id}`;
        return (
          <section key={g.parentId} class="card section merge-group" id={`merge-group-${parent.id}`} data-can-merge={String(g.canMerge)} aria-labelledby={`merge-group-title-${parent.id}`}>
            <h2 class="subhead" id={`merge-group-title-${parent.id}`}>
              {t('merge.group', { n: gi + 1 })} — {parent.customerName}
            </h2>
            <div class="table-wrap">
              <table class="merge-orders">
                <thead>
                  <tr>
                    <th>{t('merge.col.role')}</th>
                    <th>{t('merge.col.number')}</th>
                    <th>{t('merge.col.store')}</th>
                    <th>{t('merge.col.externalId')}</th>
                    <th>{t('merge.col.customer')}</th>
                    <th>{t('merge.col.address')}</th>
                    <th>{t('merge.col.status')}</th>
                    <th class="num">{t('merge.col.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  {g.orders.map((o) => (
                    <tr key={o.id} data-order={o.number} data-role={o.role}>
                      <td>
                        <span class={o.role === 'parent' ? 'badge badge-ok' : 'badge'} title={o.role === 'parent' ? t('merge.role.parentHint') : undefined}>
                          {t(o.role === 'parent' ? 'merge.role.parent' : 'merge.role.child')}
                        </span>
                      </td>
                      <td class="mono">
                        <Link prefetch={false} href={`/orders/${o.id}`}>
                          {o.number}
                        </Link>
                        <div class="muted small">{formatJst(o.orderedAt, locale)}</div>
                      </td>
                      <td>{channelLabel(channels, o.channelId, manual)}</td>
                      <td class="mono">{o.externalId}</td>
                      <td>{o.customerName}</td>
                      <td>
                        〒{o.shipTo.postalCode} {o.shipTo.prefecture}
                        {o.shipTo.city}
                        {o.shipTo.address1}
                        {o.shipTo.address2 ? ` ${o.shipTo.address2}` : ''}
                        {o.shipTo.name !== o.customerName && <div class="muted small">{o.shipTo.name}</div>}
                      </td>
                      <td>{statusText(o.status)}</td>
                      <td class="num">{formatYen(o.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {g.existingChildIds.length > 0 && <p class="hint">{t('merge.existing', { n: g.existingChildIds.length })}</p>}
            {codText && (
              <p class="merge-cod" id={`merge-cod-${parent.id}`}>
                {codText}
              </p>
            )}
            {g.problems.length > 0 && (
              <div class="alert alert-warn merge-problems">
                {t('merge.cannot')}
                <ul class="alert-list">
                  {g.problems.map((p, i) => (
                    <li key={i} data-code={p.code}>
                      {problemText(p)}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {g.warnings.length > 0 && (
              <div class="alert merge-warnings">
                {t('merge.warnings')}
                <ul class="alert-list">
                  {g.warnings.map((p, i) => (
                    <li key={i} data-code={p.code}>
                      {warningText(p)}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <div class="row-actions">
              <ConfirmDialog
                id={dialogId}
                trigger={t('merge.button')}
                triggerClass="btn btn-primary"
                triggerLabel={t('merge.buttonLabel', { number: parent.number })}
                disabled={!g.canMerge || !canWrite}
                title={t('merge.confirm.title', { number: parent.number })}
                message={t('merge.confirm.message', { number: parent.number, children: childNumbers }) + (g.cod && g.cod.summed ? ` ${t('merge.confirm.cod', { amount: formatYen(g.cod.amount) })}` : '')}
              >
                <Form action={mergeAction}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="parentId" value={parent.id} />
                  <input type="hidden" name="childIds" value={children.map((o) => o.id).join(',')} />
                  <button type="submit" class="btn btn-primary" id={`merge-submit-${parent.id}`}>
                    {t('merge.confirm.submit')}
                  </button>
                </Form>
              </ConfirmDialog>
            </div>
          </section>
        );
      })}

      {(cursor || nextCursor) && (
        <nav class="pager" aria-label={t('merge.title')}>
          {cursor && (
            <Link prefetch={false} href="/orders/merge" class="btn" id="merge-first">
              {t('merge.first')}
            </Link>
          )}
          {nextCursor && (
            <Link prefetch={false} href={`/orders/merge?cursor=${encodeURIComponent(nextCursor)}`} class="btn" id="merge-next">
              {t('merge.next')}
            </Link>
          )}
        </nav>
      )}
    </>
  );
});

export const head: DocumentHead = ({ withLocale }) => ({ title: withLocale(() => translate(toLocale(getLocale('ja')), 'merge.title')) });
