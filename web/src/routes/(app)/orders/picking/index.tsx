import { component$, getLocale, useStyles$ } from '@builder.io/qwik';
import { Link, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { toLocale, translate, useLocale, useT } from '../../../../i18n';
import { PickingOrderSheet, PickingToolbar, PickingTotalSheet, type PickingKind, type PickingListAnswer } from '../../../../components/orders/picking';
import pickingStyles from '../../../../components/orders/picking.css?inline';

/** At most this many orders per list (GET /orders/picking takes 100). */
const MAX_ORDERS = 100;

/**
 * ピッキングリスト: /orders/picking?ids=a,b,c&kind=total|order, for the orders
 * checked in the order list. トータル (the default) lists each SKU to pick
 * once, by shelf number; 個別 lists each order's lines. One API read, as the
 * signed-in user; ids that are not found (or are another account's) are
 * counted and left out.
 */
export const usePicking = routeLoader$(async (ev) => {
  const kind: PickingKind = ev.query.get('kind') === 'order' ? 'order' : 'total';
  const all = [...new Set((ev.query.get('ids') ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0 && s.length <= 64))];
  const ids = all.slice(0, MAX_ORDERS);
  const base = { kind, ids, requested: all.length, tooMany: all.length > MAX_ORDERS, printedAt: new Date().toISOString() };
  if (!ids.length) return { ...base, list: null as PickingListAnswer | null, error: null as string | null };
  const r = await api<PickingListAnswer>(ev, '/orders/picking', { query: { ids: ids.join(',') } });
  if (!r.ok) {
    ev.status(r.status);
    return { ...base, list: null, error: r.status === 403 ? 'forbidden' : 'failed' };
  }
  return { ...base, list: r.data, error: null };
});

export default component$(() => {
  useStyles$(pickingStyles);
  const t = useT();
  const locale = useLocale();
  const data = usePicking();
  const d = data.value;
  const back = (
    <Link prefetch={false} href="/orders">
      ← {t('picking.backToList')}
    </Link>
  );
  if (d.error) {
    return (
      <>
        <p class="alert alert-error" role="alert" id="picking-error">
          {t(d.error === 'forbidden' ? 'picking.forbidden' : 'picking.failed')}
        </p>
        {back}
      </>
    );
  }
  if (!d.list) {
    return (
      <>
        <h1 class="page-title">{t('picking.title')}</h1>
        <p class="alert alert-warn" role="alert" id="picking-none">
          {t('picking.noneSelected')}
        </p>
        {back}
      </>
    );
  }
  const list = d.list;
  const closed = list.orders.filter((o) => o.status === 'cancelled' || o.status === 'shipped').length;
  return (
    <>
      <PickingToolbar t={t} ids={d.ids} kind={d.kind} />
      {(list.missing > 0 || d.tooMany || closed > 0) && (
        <div class="picking-notes">
          {list.missing > 0 && (
            <p class="alert alert-warn" role="alert" id="picking-missing">
              {t('picking.someMissing', { n: list.missing })}
            </p>
          )}
          {d.tooMany && (
            <p class="alert alert-warn" role="alert">
              {t('picking.tooMany', { max: MAX_ORDERS })}
            </p>
          )}
          {closed > 0 && (
            <p class="alert alert-warn" role="alert" id="picking-closed">
              {t('picking.closedIncluded', { n: closed })}
            </p>
          )}
        </div>
      )}
      <div class="picking-sheets">
        {d.kind === 'order' ? (
          <PickingOrderSheet t={t} locale={locale} printedAt={d.printedAt} orders={list.orders} />
        ) : (
          <PickingTotalSheet t={t} locale={locale} printedAt={d.printedAt} orderCount={list.orders.length} totals={list.totals} />
        )}
      </div>
    </>
  );
});

/** The title is the PDF's default file name: トータルピッキングリスト (12). */
export const head: DocumentHead = ({ resolveValue, withLocale }) => {
  const d = resolveValue(usePicking);
  return {
    title: withLocale(() => {
      const title = translate(toLocale(getLocale('ja')), d.kind === 'order' ? 'picking.title.order' : 'picking.title.total');
      return d.list ? `${title} (${d.list.orders.length})` : title;
    }),
  };
};
