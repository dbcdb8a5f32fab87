import { component$, getLocale, useStyles$ } from '@builder.io/qwik';
import { routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../../lib/api';
import { loadSlipOrders } from '../../../../../lib/slips';
import type { ShopProfile } from '../../../../../lib/shop';
import { toLocale, translate, useLocale, useT } from '../../../../../i18n';
import { useMe } from '../../../layout';
import { isGiftSlip, SlipSheet, SlipToolbar } from '../../../../../components/orders/slip';
import slipStyles from '../../../../../components/orders/slip.css?inline';

/**
 * 納品書 of one order: the order and the shop profile, both through the API as the signed-in user.
 * `?gift=1` prints the gift version (no prices), `?gift=0` the standard one; without either,
 * an order flagged `gift` gets the gift version.
 */
export const useSlip = routeLoader$(async (ev) => {
  const [o, s] = await Promise.all([loadSlipOrders(ev, [ev.params.id]), api<ShopProfile>(ev, '/settings/shop')]);
  const order = o.orders[0] ?? null;
  if (!order) ev.status(o.error?.status ?? 404);
  const param = ev.query.get('gift');
  return { order, shop: s.ok ? s.data : null, issuedAt: new Date().toISOString(), gift: order ? isGiftSlip(order, param) : false, auto: param !== '1' && param !== '0' };
});

export default component$(() => {
  useStyles$(slipStyles);
  const t = useT();
  const locale = useLocale();
  const me = useMe();
  const data = useSlip();
  const { order, shop, issuedAt, gift, auto } = data.value;
  const admin = me.value.me?.user.role === 'admin';
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
  return (
    <>
      <SlipToolbar
        t={t}
        backHref={`/orders/${order.id}`}
        backLabel={t('slip.back')}
        shopMissing={!shop?.updatedAt}
        admin={admin}
        versions={{
          standardHref: `/orders/${order.id}/slip?gift=0`,
          giftHref: `/orders/${order.id}/slip?gift=1`,
          active: gift ? 'gift' : 'standard',
          note: auto && gift ? t('documents.slip.giftAuto') : null,
        }}
      />
      <div class="slip-sheets">
        <SlipSheet order={order} shop={shop} issuedAt={issuedAt} t={t} locale={locale} gift={gift} />
      </div>
    </>
  );
});

/** The title is the PDF's default file name: 納品書 K000123 (ギフト納品書 K000123). */
export const head: DocumentHead = ({ resolveValue, withLocale }) => {
  const { order, gift } = resolveValue(useSlip);
  return { title: withLocale(() => `${translate(toLocale(getLocale('ja')), gift ? 'documents.slip.giftTitle' : 'slip.title')}${order ? ` ${order.number}` : ''}`), frontmatter: { documentTitle: true } };
};
