import type { Locale, MessageKey } from '../../i18n';
import { formatYen } from '../../lib/format';
import type { OrderView } from '../../lib/orders';
import type { ShopProfile } from '../../lib/shop';

/**
 * 納品書 (delivery slip): one A4 portrait sheet per order, printed from the
 * browser (slip.css sets the page). Plain function components: they render
 * inline in the page's component, so the translate function and the data
 * are never serialised as props.
 */

/** What a slip needs of an order (the mall payload and history stay out of the page). */
export type SlipOrder = Omit<OrderView, 'raw' | 'events'>;

export const slipOrderOf = ({ raw: _raw, events: _events, ...o }: OrderView): SlipOrder => o;

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A calendar day in JST: 2026年11月26日 / 26 November 2026. */
export const jstDateText = (iso: string, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));

const Lines = (props: { text: string | null; class?: string }) =>
  props.text ? (
    <div class={props.class}>
      {props.text.split(/\r?\n/).map((l, i) => (
        <span key={i} class="slip-line">
          {l}
        </span>
      ))}
    </div>
  ) : null;

const ShopBlock = (props: { shop: ShopProfile | null; t: T }) => {
  const s = props.shop;
  if (!s) return null;
  return (
    <div class="slip-shop">
      {s.logo && <img class="slip-logo" src={s.logo.url} alt={s.name} />}
      <div class="slip-shop-name">{s.name}</div>
      {s.postalCode && <div>〒{s.postalCode}</div>}
      <Lines text={s.address} />
      {s.phone && (
        <div>
          {props.t('slip.tel')} <span class="slip-num">{s.phone}</span>
        </div>
      )}
      {s.email && (
        <div>
          {props.t('slip.email')} {s.email}
        </div>
      )}
    </div>
  );
};

const Row = (props: { label: string; value: string; class?: string; id?: string }) => (
  <tr class={props.class}>
    <th scope="row">{props.label}</th>
    <td class="slip-money" id={props.id}>
      {props.value}
    </td>
  </tr>
);

export const SlipSheet = (props: { order: SlipOrder; shop: ShopProfile | null; issuedAt: string; t: T; locale: Locale }) => {
  const { order: o, shop, t, locale } = props;
  const to = o.shipTo;
  const honorific = t('slip.honorific');
  const minus = (n: number) => (n > 0 ? `−${formatYen(n)}` : formatYen(0));
  return (
    <article class="slip" data-order={o.number} aria-label={`${t('slip.title')} ${o.number}`}>
      <header class="slip-head">
        <h1 class={locale === 'ja' ? 'slip-title slip-title-ja' : 'slip-title'}>{t('slip.title')}</h1>
        <table class="slip-meta">
          <tbody>
            <tr>
              <th scope="row">{t('slip.orderNumber')}</th>
              <td class="slip-num">{o.number}</td>
            </tr>
            <tr>
              <th scope="row">{t('slip.externalId')}</th>
              <td class="slip-num">{o.externalId}</td>
            </tr>
            <tr>
              <th scope="row">{t('slip.orderDate')}</th>
              <td>{jstDateText(o.orderedAt, locale)}</td>
            </tr>
            <tr>
              <th scope="row">{t('slip.issueDate')}</th>
              <td>{jstDateText(props.issuedAt, locale)}</td>
            </tr>
          </tbody>
        </table>
      </header>

      <div class="slip-parties">
        <section class="slip-to" aria-label={t('slip.shipTo')}>
          <div class="slip-label">{t('slip.shipTo')}</div>
          <div>〒{to.postalCode}</div>
          <div>
            {to.prefecture}
            {to.city}
            {to.address1}
          </div>
          {to.address2 && <div>{to.address2}</div>}
          <div class="slip-to-name">
            {to.name}
            {honorific && <span class="slip-honorific">{honorific}</span>}
          </div>
          <div>
            {t('slip.tel')} <span class="slip-num">{to.phone}</span>
          </div>
        </section>
        <ShopBlock shop={shop} t={t} />
      </div>

      <p class="slip-greeting">{t('slip.greeting')}</p>

      <table class="slip-lines">
        <thead>
          <tr>
            <th class="slip-col-sku">{t('slip.col.sku')}</th>
            <th>{t('slip.col.name')}</th>
            <th class="slip-col-qty">{t('slip.col.qty')}</th>
            <th class="slip-col-price">{t('slip.col.price')}</th>
            <th class="slip-col-subtotal">{t('slip.col.subtotal')}</th>
          </tr>
        </thead>
        <tbody>
          {o.lines.map((l) => (
            <tr key={l.lineNo}>
              <td class="slip-num">{l.sku}</td>
              <td>{l.name ?? ''}</td>
              <td class="slip-money">{l.quantity.toLocaleString('ja-JP')}</td>
              <td class="slip-money">{formatYen(l.unitPrice)}</td>
              <td class="slip-money">{formatYen(l.unitPrice * l.quantity)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <div class="slip-bottom">
        <div class="slip-message-box">{shop?.slipMessage && <Lines text={shop.slipMessage} class="slip-message" />}</div>
        <div class="slip-sums">
          <table class="slip-totals">
            <tbody>
              <Row label={t('slip.itemsTotal')} value={formatYen(o.totals.items)} />
              <Row label={t('slip.shipping')} value={formatYen(o.totals.shipping)} />
              <Row label={t('slip.fees')} value={formatYen(o.totals.fees)} />
              <Row label={t('slip.discount')} value={minus(o.totals.discount)} />
              {o.totals.points > 0 && <Row label={t('slip.points')} value={minus(o.totals.points)} />}
              <Row label={t('slip.total')} value={formatYen(o.totals.total)} class="slip-grand" />
            </tbody>
          </table>
          <p class="slip-tax">
            {t('slip.taxIncluded')}
            {o.totals.tax > 0 && <span class="slip-line">{t('slip.taxAmount', { tax: formatYen(o.totals.tax) })}</span>}
          </p>
        </div>
      </div>
    </article>
  );
};

/**
 * The screen-only bar above the sheets: back, print, a hint. Hidden when
 * printing. The props are read into locals first: a `props.x` in JSX makes
 * Qwik's optimizer wrap it in a signal over the whole props object, which
 * would then be serialised with the page, translate function included, and
 * end the stream with a 500 (QWIK ERROR Code(3)).
 */
export const SlipToolbar = (props: { t: T; backHref: string; backLabel: string; count?: string; shopMissing: boolean; admin: boolean }) => {
  const { t, backHref, backLabel, count, shopMissing, admin } = props;
  return (
    <div class="slip-toolbar">
      <a href={backHref} class="btn btn-small">
        ← {backLabel}
      </a>
      <button type="button" class="btn btn-primary" id="slip-print" onClick$={() => window.print()}>
        {t('slip.print')}
      </button>
      {count && <strong id="slip-count">{count}</strong>}
      <span class="hint">{t('slip.printHint')}</span>
      {shopMissing && (
        <span class="hint">
          {t('slip.shopMissing')} {admin && <a href="/settings/shop">{t('slip.shopSettings')}</a>}
        </span>
      )}
    </div>
  );
};
