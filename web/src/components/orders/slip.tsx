import { Link } from '@builder.io/qwik-city';
import type { Locale, MessageKey } from '../../i18n';
import { formatYen } from '../../lib/format';
import { REDUCED_RATE, taxBreakdown, type TaxLine } from '../../../../worker/orders/tax';
import type { OrderView } from '../../lib/orders';
import type { ShopProfile } from '../../lib/shop';

/**
 * 納品書 (delivery slip): one A4 portrait sheet per order, printed from the
 * browser (slip.css sets the page); the 領収書 (receipt.tsx) shares its parts.
 * Plain function components: they render inline in the page's component, so
 * the translate function and the data are never serialised as props. Each
 * reads its props into locals first and never writes `props.x` in JSX (see
 * SlipToolbar).
 */

/** What a slip needs of an order (the mall payload and history stay out of the page). */
export type SlipOrder = Omit<OrderView, 'raw' | 'events'>;

export const slipOrderOf = ({ raw: _raw, events: _events, ...o }: OrderView): SlipOrder => o;

export type T = (key: MessageKey, params?: Record<string, string | number>) => string;

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

/** The shop's name, registration number (登録番号) when `invoice`, address and contacts: the sender's block of every document. */
export const ShopBlock = (props: { shop: ShopProfile | null; t: T; invoice: boolean; class?: string }) => {
  const { shop: s, t, invoice, class: cls } = props;
  if (!s) return null;
  const tel = t('slip.tel');
  const mail = t('slip.email');
  const registration = invoice && s.invoiceNumber ? t('documents.invoiceNumber', { number: s.invoiceNumber }) : null;
  return (
    <div class={cls ?? 'slip-shop'}>
      {s.logo && <img class="slip-logo" src={s.logo.url} alt={s.name} />}
      <div class="slip-shop-name">{s.name}</div>
      {registration && (
        <div class="slip-invoice-number slip-num" id="shop-invoice-number">
          {registration}
        </div>
      )}
      {s.postalCode && <div>〒{s.postalCode}</div>}
      <Lines text={s.address} />
      {s.phone && (
        <div>
          {tel} <span class="slip-num">{s.phone}</span>
        </div>
      )}
      {s.email && (
        <div>
          {mail} {s.email}
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

/**
 * The payment method in the reader's words (orders.payment.*). Kura's 'other'
 * says nothing to the customer: the mall's own name for it (payment.raw,
 * "現金書留") is printed instead when there is one.
 */
export const paymentLabel = (t: T, method: string, raw?: string | null) => {
  if (method === 'other' && raw) return raw;
  const key = `orders.payment.${method}`;
  const label = t(key as MessageKey);
  return label === key ? (raw ?? method) : label;
};

/** The same name, however it was spaced (山田 太郎 / 山田　太郎 / 山田太郎). */
const samePerson = (a: string, b: string) => a.normalize('NFKC').replace(/\s+/g, '') === b.normalize('NFKC').replace(/\s+/g, '');

/** The 税率別内訳 lines: 「10%対象 ¥X(うち消費税 ¥Y)」, one per rate. */
export const TaxLines = (props: { taxes: TaxLine[]; t: T; id?: string; class?: string }) => {
  const { taxes, t, id, class: cls } = props;
  return (
    <ul class={cls ?? 'slip-tax-lines'} id={id}>
      {taxes.map((x) => (
        <li key={x.rate} data-rate={x.rate}>
          {t('documents.tax.line', { rate: x.rate, amount: formatYen(x.amount), tax: formatYen(x.tax) })}
        </li>
      ))}
    </ul>
  );
};

/** Whether an order's slip is the gift version: `?gift=1` or `?gift=0` decide; without either, the order's flag `gift` does. */
export const isGiftSlip = (order: Pick<SlipOrder, 'flags'>, param: string | null) => (param === '1' ? true : param === '0' ? false : order.flags.includes('gift'));

/**
 * One order's 納品書. The standard sheet is also the shop's 適格請求書 (qualified
 * invoice): the registration number under the shop's name, 8% lines marked ※,
 * and the amounts and tax per rate. The gift sheet (`gift`) is the same sheet
 * with no price, total or payment on it, and the orderer (ご依頼主) named when
 * someone else receives the goods.
 */
export const SlipSheet = (props: { order: SlipOrder; shop: ShopProfile | null; issuedAt: string; t: T; locale: Locale; gift?: boolean }) => {
  const { order: o, shop, issuedAt, t, locale, gift } = props;
  const to = o.shipTo;
  const honorific = t('slip.honorific');
  const minus = (n: number) => (n > 0 ? `−${formatYen(n)}` : formatYen(0));
  const taxes = gift ? [] : taxBreakdown(o);
  const reduced = !gift && o.lines.some((l) => l.taxRate === REDUCED_RATE);
  const orderer = gift && !samePerson(o.customer.name, to.name) ? o.customer.name : null;
  const cod = !gift && o.payment.method === 'cod';
  const mark = t('documents.tax.reducedMark');
  return (
    <article class={gift ? 'slip slip-gift' : 'slip'} data-order={o.number} data-gift={gift ? 'true' : undefined} aria-label={`${gift ? t('documents.slip.giftTitle') : t('slip.title')} ${o.number}`}>
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
              <td>{jstDateText(issuedAt, locale)}</td>
            </tr>
            {!gift && (
              <tr>
                <th scope="row">{t('slip.payment')}</th>
                <td id="slip-payment">{paymentLabel(t, o.payment.method, o.payment.raw)}</td>
              </tr>
            )}
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
          {orderer && (
            <div class="slip-orderer" id="slip-orderer">
              <span class="slip-orderer-label">{t('documents.slip.orderer')}</span>
              <span class="slip-orderer-name">
                {orderer}
                {honorific && <span class="slip-honorific">{honorific}</span>}
              </span>
            </div>
          )}
        </section>
        <ShopBlock shop={shop} t={t} invoice={!gift} />
      </div>

      <p class="slip-greeting">{t('slip.greeting')}</p>

      <table class="slip-lines">
        <thead>
          <tr>
            <th class="slip-col-sku">{t('slip.col.sku')}</th>
            <th>{t('slip.col.name')}</th>
            <th class="slip-col-qty">{t('slip.col.qty')}</th>
            {!gift && <th class="slip-col-price">{t('slip.col.price')}</th>}
            {!gift && <th class="slip-col-subtotal">{t('slip.col.subtotal')}</th>}
          </tr>
        </thead>
        <tbody>
          {o.lines.map((l) => (
            <tr key={l.lineNo}>
              <td class="slip-num">{l.sku}</td>
              <td>
                {l.name ?? ''}
                {!gift && l.taxRate === REDUCED_RATE && <span class="slip-reduced">{mark}</span>}
              </td>
              <td class="slip-money">{l.quantity.toLocaleString('ja-JP')}</td>
              {!gift && <td class="slip-money">{formatYen(l.unitPrice)}</td>}
              {!gift && <td class="slip-money">{formatYen(l.unitPrice * l.quantity)}</td>}
            </tr>
          ))}
        </tbody>
      </table>

      <div class="slip-bottom">
        <div class="slip-message-box">{shop?.slipMessage && <Lines text={shop.slipMessage} class="slip-message" />}</div>
        {!gift && (
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
            {cod && (
              <p class="slip-cod" id="slip-cod">
                <span>{t('documents.cod')}</span> <strong class="slip-money">{formatYen(o.totals.total)}</strong>
              </p>
            )}
            <div class="slip-tax" id="slip-tax">
              <p>{t('slip.taxIncluded')}</p>
              <TaxLines taxes={taxes} t={t} />
              {reduced && <p>{t('documents.tax.reducedNote')}</p>}
            </div>
          </div>
        )}
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
export const SlipToolbar = (props: {
  t: T;
  backHref: string;
  backLabel: string;
  count?: string;
  shopMissing: boolean;
  admin: boolean;
  /** the switch between the standard and the gift (no prices) version */
  versions?: { standardHref: string; giftHref: string; active: 'standard' | 'gift' | null; note?: string | null };
}) => {
  const { t, backHref, backLabel, count, shopMissing, admin, versions } = props;
  return (
    <div class="slip-toolbar">
      <a href={backHref} class="btn btn-small">
        ← {backLabel}
      </a>
      <button type="button" class="btn btn-primary" id="slip-print" onClick$={() => window.print()}>
        {t('slip.print')}
      </button>
      {versions && (
        <nav class="slip-versions" aria-label={t('documents.slip.version')}>
          <Link
            prefetch={false}
            href={versions.standardHref}
            class={versions.active === 'standard' ? 'slip-version is-active' : 'slip-version'}
            aria-current={versions.active === 'standard' ? 'page' : undefined}
            id="slip-standard"
          >
            {t('documents.slip.standard')}
          </Link>
          <Link
            prefetch={false}
            href={versions.giftHref}
            class={versions.active === 'gift' ? 'slip-version is-active' : 'slip-version'}
            aria-current={versions.active === 'gift' ? 'page' : undefined}
            id="slip-gift"
          >
            {t('documents.slip.gift')}
          </Link>
        </nav>
      )}
      {count && <strong id="slip-count">{count}</strong>}
      <span class="hint">{t('slip.printHint')}</span>
      {versions?.note && <span class="hint">{versions.note}</span>}
      {shopMissing && (
        <span class="hint">
          {t('slip.shopMissing')} {admin && <a href="/settings/shop">{t('slip.shopSettings')}</a>}
        </span>
      )}
    </div>
  );
};
