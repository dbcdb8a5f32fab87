import { component$, getLocale, useStyles$ } from '@builder.io/qwik';
import { routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../../lib/api';
import { loadSlipOrders } from '../../../../../lib/slips';
import type { ShopProfile } from '../../../../../lib/shop';
import { toLocale, translate, useLocale, useT } from '../../../../../i18n';
import { ReceiptSheet, ReceiptToolbar, receiptFigures } from '../../../../../components/orders/receipt';
import slipStyles from '../../../../../components/orders/slip.css?inline';
import receiptStyles from '../../../../../components/orders/receipt.css?inline';

/** What the screen lets the operator type into the receipt: one line, no control characters, at most `max` characters. */
const field = (raw: string | null, max: number) =>
  [...(raw ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()].slice(0, max).join('') || null;

/**
 * 領収書 of one order: the order and the shop profile through the API as the
 * signed-in user. `?to=` names the addressee (宛名; the customer by default),
 * `?for=` says what for (但し書き; 「お品代として」 by default).
 */
export const useReceipt = routeLoader$(async (ev) => {
  const [o, s] = await Promise.all([loadSlipOrders(ev, [ev.params.id]), api<ShopProfile>(ev, '/settings/shop')]);
  const order = o.orders[0] ?? null;
  if (!order) ev.status(o.error?.status ?? 404);
  return {
    order,
    shop: s.ok ? s.data : null,
    issuedAt: new Date().toISOString(),
    to: field(ev.query.get('to'), 100),
    purpose: field(ev.query.get('for'), 60),
  };
});

export default component$(() => {
  useStyles$(slipStyles);
  useStyles$(receiptStyles);
  const t = useT();
  const locale = useLocale();
  const data = useReceipt();
  const { order, shop, issuedAt } = data.value;
  if (!order) {
    return (
      <>
        <p class="alert alert-error" role="alert">
          {t('slip.notFound')}
        </p>
        <a href="/orders">← {t('slip.backToList')}</a>
      </>
    );
  }
  const to = data.value.to ?? order.customer.name;
  const purpose = data.value.purpose ?? t('documents.receipt.purposeDefault');
  if (order.status === 'cancelled') {
    return (
      <>
        <p class="alert alert-error" role="alert" id="receipt-cancelled">
          {t('documents.receipt.cancelled')}
        </p>
        <a href={`/orders/${order.id}`}>← {t('slip.back')}</a>
      </>
    );
  }
  const notes = [...(order.payment.paid ? [] : [t('documents.receipt.unpaid')]), ...(shop?.updatedAt ? [] : [t('slip.shopMissing')])];
  return (
    <>
      <ReceiptToolbar t={t} backHref={`/orders/${order.id}`} to={to} purpose={purpose} notes={notes} stamp={receiptFigures(order).stamp} />
      <div class="slip-sheets">
        <ReceiptSheet order={order} shop={shop} issuedAt={issuedAt} to={to} purpose={purpose} t={t} locale={locale} />
      </div>
    </>
  );
});

/** The title is the PDF's default file name: 領収書 K000123. */
export const head: DocumentHead = ({ resolveValue, withLocale }) => {
  const { order } = resolveValue(useReceipt);
  return { title: withLocale(() => `${translate(toLocale(getLocale('ja')), 'documents.receipt.title')}${order ? ` ${order.number}` : ''}`), frontmatter: { documentTitle: true } };
};
