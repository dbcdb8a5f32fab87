import type { Locale } from '../../i18n';
import { formatYen } from '../../lib/format';
import type { ShopProfile } from '../../lib/shop';
import { needsRevenueStamp, taxBreakdown, totalTax } from '../../../../worker/orders/tax';
import { jstDateText, ShopBlock, TaxLines, type SlipOrder, type T } from './slip';

/**
 * 領収書 (receipt): one clean A4 sheet for one order, printed from the browser
 * or saved as a PDF (the page's title names the file). It states the amount
 * received (the order's total), what for (但し書き), the tax per rate, the
 * shop with its registration number, and, when the amount calls for one on
 * paper, a box for the 収入印紙. Plain function components, as on the slip:
 * props read into locals, never `props.x` in JSX, and `t` never handed to a
 * component$.
 */
/**
 * What the receipt states: the amount received (the order's total), the tax per rate, and
 * whether a paper copy needs a 収入印紙. The tax the receipt states is left out of the stamp
 * duty's amount only when the breakdown is of exactly the amount received; with points used
 * it is of more, so then the whole amount counts.
 */
export const receiptFigures = (o: SlipOrder) => {
  const amount = o.totals.total;
  const taxes = taxBreakdown(o);
  return { amount, taxes, stamp: needsRevenueStamp(amount, o.totals.points > 0 ? 0 : totalTax(taxes)) };
};

export const ReceiptSheet = (props: { order: SlipOrder; shop: ShopProfile | null; issuedAt: string; to: string; purpose: string; t: T; locale: Locale }) => {
  const { order: o, shop, issuedAt, to, purpose, t, locale } = props;
  const { amount, taxes, stamp } = receiptFigures(o);
  const honorific = t('slip.honorific');
  return (
    <article class="slip receipt" data-order={o.number} aria-label={`${t('documents.receipt.title')} ${o.number}`}>
      <header class="receipt-head">
        <h1 class={locale === 'ja' ? 'receipt-title receipt-title-ja' : 'receipt-title'}>{t('documents.receipt.title')}</h1>
        <table class="slip-meta receipt-meta">
          <tbody>
            <tr>
              <th scope="row">{t('documents.receipt.number')}</th>
              <td class="slip-num" id="receipt-number">
                {o.number}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('documents.receipt.issueDate')}</th>
              <td id="receipt-date">{jstDateText(issuedAt, locale)}</td>
            </tr>
          </tbody>
        </table>
      </header>

      <p class="receipt-to" id="receipt-to">
        <span class="receipt-to-name">{to}</span>
        {honorific && <span class="receipt-honorific">{honorific}</span>}
      </p>

      <div class="receipt-amount">
        <span class="receipt-amount-label">{t('documents.receipt.amount')}</span>
        <span class="receipt-amount-value slip-num" id="receipt-amount">
          {t('documents.receipt.amountValue', { amount: formatYen(amount) })}
        </span>
      </div>
      <p class="receipt-purpose" id="receipt-purpose">
        {t('documents.receipt.purposeLine', { purpose })}
      </p>
      <p class="receipt-received">{t('documents.receipt.received')}</p>

      <div class="receipt-bottom">
        <section class="receipt-breakdown" aria-label={t('documents.receipt.breakdown')}>
          <div class="slip-label">{t('documents.receipt.breakdown')}</div>
          <TaxLines taxes={taxes} t={t} id="receipt-tax" class="receipt-tax-lines" />
          <p class="receipt-small">{t('slip.taxIncluded')}</p>
          {o.totals.points > 0 && <p class="receipt-small">{t('documents.receipt.points', { points: formatYen(o.totals.points) })}</p>}
          <p class="receipt-small">
            {t('documents.receipt.orderNumber')} <span class="slip-num">{o.number}</span>
          </p>
        </section>
        {stamp && (
          <div class="receipt-stamp" id="receipt-stamp">
            <div class="receipt-stamp-box">{t('documents.receipt.stamp')}</div>
            <p class="receipt-small">{t('documents.receipt.stampPdf')}</p>
          </div>
        )}
        <ShopBlock shop={shop} t={t} invoice={true} class="slip-shop receipt-shop" />
      </div>
    </article>
  );
};

/**
 * The screen-only bar above the receipt: back, print, and a small form that
 * changes the addressee (宛名) and the description (但し書き) through the
 * page's query (?to=…&for=…), so what is printed is what the address says.
 */
export const ReceiptToolbar = (props: { t: T; backHref: string; to: string; purpose: string; notes: string[]; stamp: boolean }) => {
  const { t, backHref, to, purpose, notes, stamp } = props;
  return (
    <div class="slip-toolbar receipt-toolbar">
      <a href={backHref} class="btn btn-small">
        ← {t('slip.back')}
      </a>
      <button type="button" class="btn btn-primary" id="receipt-print" onClick$={() => window.print()}>
        {t('slip.print')}
      </button>
      <form method="get" class="receipt-edit" id="receipt-edit">
        <label>
          <span>{t('documents.receipt.to')}</span>
          <input name="to" value={to} maxLength={100} autoComplete="off" aria-describedby="receipt-to-hint" />
        </label>
        <label>
          <span>{t('documents.receipt.purpose')}</span>
          <input name="for" value={purpose} maxLength={60} autoComplete="off" />
        </label>
        <button type="submit" class="btn btn-small" id="receipt-apply">
          {t('documents.receipt.apply')}
        </button>
        <span class="hint" id="receipt-to-hint">
          {t('documents.receipt.toHint')}
        </span>
      </form>
      <span class="hint">{t('documents.receipt.printHint')}</span>
      {stamp && <span class="hint">{t('documents.receipt.stampHint')}</span>}
      {notes.map((n) => (
        <p key={n} class="alert alert-warn receipt-note" role="status">
          {n}
        </p>
      ))}
    </div>
  );
};
