import { Fragment } from '@builder.io/qwik';
import { Link } from '@builder.io/qwik-city';
import type { Locale, MessageKey } from '../../i18n';
import { formatJst } from '../../lib/format';
import type { PickingListAnswer, PickingOrder, PickingTotal } from '../../../../worker/orders/picking';

/**
 * ピッキングリスト (picking lists), printed from the browser on A4 portrait
 * (picking.css sets the page): トータル, one row per SKU to pick, and 個別, one
 * block per order. Plain function components: they render inline in the
 * page's component, so the translate function and the data are never
 * serialised as props. Each reads its props into locals first: a `props.x` in
 * JSX makes Qwik's optimizer wrap it in a signal over the whole props object,
 * which would then be serialised with the page, translate function included,
 * and end the stream with a 500 (see SlipToolbar in slip.tsx).
 */

export type PickingKind = 'total' | 'order';
export type { PickingListAnswer };

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const qty = (n: number) => n.toLocaleString('ja-JP');

/** The page's own address for a kind of list over the same orders. */
export const pickingHref = (ids: string[], kind: PickingKind) => `/orders/picking?ids=${ids.map(encodeURIComponent).join(',')}&kind=${kind}`;

/** The screen-only bar: back to the list, 個別 / トータル, print. Hidden when printing. */
export const PickingToolbar = (props: { t: T; ids: string[]; kind: PickingKind }) => {
  const { t, ids, kind } = props;
  return (
    <div class="picking-toolbar">
      <Link prefetch={false} href="/orders" class="btn btn-small">
        ← {t('picking.backToList')}
      </Link>
      <nav class="picking-kinds" aria-label={t('picking.kind')}>
        <Link prefetch={false} href={pickingHref(ids, 'order')} id="picking-kind-order" class={kind === 'order' ? 'btn btn-small picking-kind-on' : 'btn btn-small'} aria-current={kind === 'order' ? 'page' : undefined}>
          {t('picking.kind.order')}
        </Link>
        <Link prefetch={false} href={pickingHref(ids, 'total')} id="picking-kind-total" class={kind === 'total' ? 'btn btn-small picking-kind-on' : 'btn btn-small'} aria-current={kind === 'total' ? 'page' : undefined}>
          {t('picking.kind.total')}
        </Link>
      </nav>
      <button type="button" class="btn btn-primary" id="picking-print" onClick$={() => window.print()}>
        {t('picking.print')}
      </button>
      <span class="hint">{t('picking.printHint')}</span>
    </div>
  );
};

/** The sheet's head: title, print date (JST) and the figures of the run. */
const PickingHead = (props: { t: T; title: string; printedAt: string; locale: Locale; figures: [string, string][] }) => {
  const { t, title, printedAt, locale, figures } = props;
  return (
    <header class="picking-head">
      <h1 class="picking-title">{title}</h1>
      <table class="picking-meta">
        <tbody>
          <tr>
            <th scope="row">{t('picking.printedAt')}</th>
            <td id="picking-printed-at">{formatJst(printedAt, locale)}</td>
          </tr>
          {figures.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td class="picking-num">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </header>
  );
};

/** An empty square to tick with a pen. */
const Box = () => <span class="picking-box" aria-hidden="true" />;

const SkuCell = (props: { t: T; sku: string; known: boolean }) => {
  const { t, sku, known } = props;
  return (
    <td class="picking-num picking-sku">
      {sku}
      {!known && <span class="picking-flag">{t('picking.unknownSku')}</span>}
    </td>
  );
};

/** トータルピッキング: one row per SKU to pick, by shelf number. */
export const PickingTotalSheet = (props: { t: T; locale: Locale; printedAt: string; orderCount: number; totals: PickingTotal[] }) => {
  const { t, locale, printedAt, orderCount, totals } = props;
  const units = totals.reduce((n, r) => n + r.quantity, 0);
  return (
    <article class="picking" id="picking-total" aria-label={t('picking.title.total')}>
      <PickingHead
        t={t}
        title={t('picking.title.total')}
        printedAt={printedAt}
        locale={locale}
        figures={[
          [t('picking.orderCount'), t('picking.orderCountValue', { n: qty(orderCount) })],
          [t('picking.skuCount'), t('picking.skuCountValue', { n: qty(totals.length) })],
          [t('picking.unitCount'), t('picking.unitCountValue', { n: qty(units) })],
        ]}
      />
      {totals.length === 0 ? (
        <p class="picking-empty">{t('picking.noLines')}</p>
      ) : (
        <table class="picking-lines">
          <thead>
            <tr>
              <th class="picking-col-shelf">{t('picking.col.shelf')}</th>
              <th class="picking-col-sku">{t('picking.col.sku')}</th>
              <th class="picking-col-jan">{t('picking.col.jan')}</th>
              <th>{t('picking.col.name')}</th>
              <th class="picking-col-qty">{t('picking.col.qty')}</th>
              <th class="picking-col-orders">{t('picking.col.orders')}</th>
              <th class="picking-col-check">{t('picking.col.check')}</th>
            </tr>
          </thead>
          <tbody>
            {totals.map((r) => (
              <tr key={r.sku} data-sku={r.sku}>
                <td class="picking-shelf">{r.shelfNumber ?? ''}</td>
                <SkuCell t={t} sku={r.sku} known={r.known} />
                <td class="picking-num picking-jan">{r.jan ?? ''}</td>
                <td>{r.name ?? ''}</td>
                <td class="picking-qty">{qty(r.quantity)}</td>
                <td class="picking-count">{qty(r.orderCount)}</td>
                <td class="picking-check">
                  <Box />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
};

const ClosedMark = (props: { t: T; status: string }) => {
  const { t, status } = props;
  if (status === 'cancelled') return <span class="picking-flag">{t('picking.status.cancelled')}</span>;
  if (status === 'shipped') return <span class="picking-flag">{t('picking.status.shipped')}</span>;
  return null;
};

/** One order's block: its numbers and ship-to name, then each line (a set's components beneath it). */
const PickingOrderBlock = (props: { t: T; order: PickingOrder }) => {
  const { t, order: o } = props;
  const honorific = t('picking.honorific');
  return (
    <section class="picking-order" data-order={o.number} aria-label={`${t('picking.orderNumber')} ${o.number}`}>
      <div class="picking-order-head">
        <span class="picking-order-number">
          <span class="picking-label">{t('picking.orderNumber')}</span>
          <span class="picking-num">{o.number}</span>
        </span>
        <span>
          <span class="picking-label">{t('picking.externalId')}</span>
          <span class="picking-num">{o.externalId}</span>
        </span>
        <span class="picking-order-to">
          <span class="picking-label">{t('picking.shipTo')}</span>
          {o.shipTo.name}
          {honorific && <span class="picking-honorific">{honorific}</span>}
        </span>
        <ClosedMark t={t} status={o.status} />
      </div>
      {o.lines.length === 0 ? (
        <p class="picking-empty">{t('picking.noLines')}</p>
      ) : (
        <table class="picking-lines">
          <thead>
            <tr>
              <th class="picking-col-shelf">{t('picking.col.shelf')}</th>
              <th class="picking-col-sku">{t('picking.col.sku')}</th>
              <th class="picking-col-jan">{t('picking.col.jan')}</th>
              <th>{t('picking.col.name')}</th>
              <th class="picking-col-qty">{t('picking.col.qty')}</th>
              <th class="picking-col-check">{t('picking.col.check')}</th>
            </tr>
          </thead>
          <tbody>
            {o.lines.flatMap((l, i) => [
              <tr key={`l${i}`} class={l.components.length ? 'picking-set' : undefined} data-sku={l.sku}>
                <td class="picking-shelf">{l.shelfNumber ?? ''}</td>
                <SkuCell t={t} sku={l.sku} known={l.known} />
                <td class="picking-num picking-jan">{l.jan ?? ''}</td>
                <td>
                  {l.name ?? ''}
                  {l.components.length > 0 && <span class="picking-set-note">{t('picking.set')}</span>}
                </td>
                <td class="picking-qty">{qty(l.quantity)}</td>
                <td class="picking-check">{l.components.length === 0 && <Box />}</td>
              </tr>,
              ...l.components.map((c) => (
                <tr key={`l${i}-${c.sku}`} class="picking-component" data-sku={c.sku}>
                  <td class="picking-shelf">{c.shelfNumber ?? ''}</td>
                  <td class="picking-num picking-sku">
                    <span class="picking-component-mark" aria-hidden="true">
                      └
                    </span>
                    <span class="picking-sr">{t('picking.component')}: </span>
                    {c.sku}
                    {!c.known && <span class="picking-flag">{t('picking.unknownSku')}</span>}
                  </td>
                  <td class="picking-num picking-jan">{c.jan ?? ''}</td>
                  <td>{c.name ?? ''}</td>
                  <td class="picking-qty">{qty(c.quantity)}</td>
                  <td class="picking-check">
                    <Box />
                  </td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      )}
    </section>
  );
};

/** 個別ピッキング: one block per order, by order number. */
export const PickingOrderSheet = (props: { t: T; locale: Locale; printedAt: string; orders: PickingOrder[] }) => {
  const { t, locale, printedAt, orders } = props;
  return (
    <article class="picking" id="picking-order" aria-label={t('picking.title.order')}>
      <PickingHead t={t} title={t('picking.title.order')} printedAt={printedAt} locale={locale} figures={[[t('picking.orderCount'), t('picking.orderCountValue', { n: qty(orders.length) })]]} />
      {orders.map((o) => (
        <Fragment key={o.id}>
          <PickingOrderBlock t={t} order={o} />
        </Fragment>
      ))}
    </article>
  );
};
