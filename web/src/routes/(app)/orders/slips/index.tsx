import { component$, Fragment, getLocale, useStyles$ } from '@builder.io/qwik';
import { routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { loadSlipOrders } from '../../../../lib/slips';
import type { ShopProfile } from '../../../../lib/shop';
import { toLocale, translate, useLocale, useT } from '../../../../i18n';
import { useMe } from '../../layout';
import { isGiftSlip, SlipSheet, SlipToolbar } from '../../../../components/orders/slip';
import slipStyles from '../../../../components/orders/slip.css?inline';

/** At most this many slips per print run (each is one API read). */
const MAX_SLIPS = 100;

/**
 * 納品書 in bulk: /orders/slips?ids=a,b,c, one A4 page per order, in the order
 * given. Ids that are not found (or belong to another account) are counted
 * and left out. `&gift=1` prints every one as a gift slip (no prices), `&gift=0`
 * none; without either, the orders flagged `gift` are.
 */
export const useSlips = routeLoader$(async (ev) => {
  const all = [...new Set((ev.query.get('ids') ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0 && s.length <= 64))];
  const [o, s] = await Promise.all([loadSlipOrders(ev, all.slice(0, MAX_SLIPS)), api<ShopProfile>(ev, '/settings/shop')]);
  if (o.error) ev.status(o.error.status);
  const param = ev.query.get('gift');
  return {
    orders: o.orders.map((order) => ({ order, gift: isGiftSlip(order, param) })),
    shop: s.ok ? s.data : null,
    issuedAt: new Date().toISOString(),
    ids: all.slice(0, MAX_SLIPS).join(','),
    giftParam: param === '1' || param === '0' ? param : null,
    requested: all.length,
    missing: o.missing,
    tooMany: all.length > MAX_SLIPS,
    error: o.error?.code ?? null,
  };
});

export default component$(() => {
  useStyles$(slipStyles);
  const t = useT();
  const locale = useLocale();
  const me = useMe();
  const data = useSlips();
  const d = data.value;
  const admin = me.value.me?.user.role === 'admin';
  const gifts = d.orders.filter((o) => o.gift).length;
  if (d.error) {
    return (
      <>
        <p class="alert alert-error" role="alert">
          {t('error.forbidden')}
        </p>
        <a href="/orders">← {t('slip.backToList')}</a>
      </>
    );
  }
  if (d.requested === 0) {
    return (
      <>
        <h1 class="page-title">{t('slip.bulkTitle')}</h1>
        <p class="alert alert-warn" role="alert" id="slips-none">
          {t('slip.noneSelected')}
        </p>
        <a href="/orders">← {t('slip.backToList')}</a>
      </>
    );
  }
  return (
    <>
      <SlipToolbar
        t={t}
        backHref="/orders"
        backLabel={t('slip.backToList')}
        count={t('slip.bulkCount', { n: d.orders.length })}
        shopMissing={!d.shop?.updatedAt}
        admin={admin}
        versions={{
          standardHref: `/orders/slips?ids=${encodeURIComponent(d.ids)}&gift=0`,
          giftHref: `/orders/slips?ids=${encodeURIComponent(d.ids)}&gift=1`,
          active: d.giftParam === '1' ? 'gift' : d.giftParam === '0' || gifts === 0 ? 'standard' : gifts === d.orders.length ? 'gift' : null,
          note: !d.giftParam && gifts > 0 ? t('documents.slip.giftAuto') : null,
        }}
      />
      {(d.missing > 0 || d.tooMany) && (
        <div class="slip-notes">
          {d.missing > 0 && (
            <p class="alert alert-warn" role="alert" id="slips-missing">
              {t('slip.someMissing', { n: d.missing })}
            </p>
          )}
          {d.tooMany && (
            <p class="alert alert-warn" role="alert">
              {t('slip.tooMany', { max: MAX_SLIPS })}
            </p>
          )}
        </div>
      )}
      <div class="slip-sheets">
        {d.orders.map(({ order, gift }) => (
          <Fragment key={order.id}>
            <SlipSheet order={order} shop={d.shop} issuedAt={d.issuedAt} t={t} locale={locale} gift={gift} />
          </Fragment>
        ))}
      </div>
    </>
  );
});

export const head: DocumentHead = ({ resolveValue, withLocale }) => {
  const d = resolveValue(useSlips);
  return { title: withLocale(() => `${translate(toLocale(getLocale('ja')), 'slip.bulkTitle')} (${d.orders.length})`), frontmatter: { documentTitle: true } };
};
