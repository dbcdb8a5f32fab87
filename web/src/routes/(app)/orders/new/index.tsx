import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, type DocumentHead } from '@builder.io/qwik-city';
import { api, fieldErrors, type ApiError } from '../../../../lib/api';
import { parseLines } from '../../../../lib/stock';
import { useMe } from '../../layout';
import { useT } from '../../../../i18n';
import { FieldError } from '../../../../components/field-error';

const PREFECTURES = '北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県'.split(' ');

/** 電話・FAX注文の手入力: a manual order (channel "manual") through the same import as the malls'. */
export const useCreateOrder = routeAction$(async (form, ev) => {
  const s = (k: string) => String(form[k] ?? '').trim();
  const opt = (k: string) => s(k) || undefined;
  const body = {
    channelId: 'manual',
    externalId: s('externalId') || `MANUAL-${Date.now()}`,
    orderedAt: s('orderedAt') ? new Date(`${s('orderedAt')}:00+09:00`).toISOString() : new Date().toISOString(),
    customer: { name: s('customerName'), email: opt('email'), phone: opt('phone') },
    shipTo: {
      name: s('shipName') || s('customerName'),
      postalCode: s('postalCode'),
      prefecture: s('prefecture'),
      city: s('city'),
      address1: s('address1'),
      address2: opt('address2'),
      phone: s('shipPhone') || s('phone'),
    },
    lines: parseLines(s('lines')).map(([sku, qty, price]) => ({ sku, quantity: Number(qty ?? 1), unitPrice: Number(price ?? 0) })),
    payment: { method: s('paymentMethod'), paid: form.paid === 'true' },
    totals: { shippingFee: Number(s('shippingFee') || 0) },
    note: opt('note'),
  };
  const r = await api<{ order: { id: string } }>(ev, '/orders', { method: 'POST', csrf: s('_csrf'), body });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  throw ev.redirect(302, `/orders/${r.data.order.id}`);
});

export default component$(() => {
  const t = useT();
  const me = useMe();
  const create = useCreateOrder();
  const v = create.value as { failed?: boolean; error?: ApiError } | undefined;
  const fe = v?.failed ? fieldErrors(v.error) : {};
  const pick = (prefix: string) => Object.entries(fe).filter(([k]) => k.startsWith(prefix)).flatMap(([, m]) => m);
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">{t('orders.title')}</Link> ›
      </p>
      <h1 class="page-title">{t('orders.new')}</h1>
      {v?.failed && <p class="alert alert-error">{v.error?.message}</p>}
      <Form action={create} class="form" id="order-form">
        <input type="hidden" name="_csrf" value={me.value.me?.csrfToken ?? ''} />
        <section class="card form-grid">
          <label>
            {t('orders.form.externalId')}
            <input name="externalId" maxLength={128} placeholder="TEL-20261126-01" />
          </label>
          <label>
            {t('orders.form.orderedAt')}
            <input name="orderedAt" type="datetime-local" />
          </label>
          <label>
            {t('orders.form.customerName')}
            <input name="customerName" required maxLength={100} />
            <FieldError messages={pick('customer.name')} />
          </label>
          <label>
            {t('orders.form.email')}
            <input name="email" type="email" maxLength={254} />
            <FieldError messages={pick('customer.email')} />
          </label>
          <label>
            {t('orders.form.phone')}
            <input name="phone" type="tel" maxLength={20} required />
          </label>
        </section>
        <section class="card form-grid">
          <label>
            {t('orders.form.shipName')}
            <input name="shipName" maxLength={100} placeholder={t('orders.form.sameAsCustomer')} />
          </label>
          <label>
            {t('orders.form.postalCode')}
            <input name="postalCode" required maxLength={8} placeholder="100-0001" inputMode="numeric" />
            <FieldError messages={pick('shipTo.postalCode')} />
          </label>
          <label>
            {t('orders.form.prefecture')}
            <select name="prefecture" required>
              {PREFECTURES.map((p) => (
                <option key={p} value={p} selected={p === '東京都'}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('orders.form.city')}
            <input name="city" required maxLength={100} />
          </label>
          <label>
            {t('orders.form.address1')}
            <input name="address1" required maxLength={200} />
          </label>
          <label>
            {t('orders.form.address2')}
            <input name="address2" maxLength={200} />
          </label>
        </section>
        <section class="card form">
          <label>
            {t('orders.form.lines')}
            <textarea name="lines" rows={4} class="mono" required placeholder="TS-WHT-M,2,3300&#10;TOTE-NAT,1,2200" />
            <FieldError messages={pick('lines')} />
          </label>
          <div class="form-grid">
            <label>
              {t('orders.form.paymentMethod')}
              <select name="paymentMethod">
                {(['cod', 'bank_transfer', 'credit_card', 'convenience_store'] as const).map((m) => (
                  <option key={m} value={m}>
                    {t(`orders.payment.${m}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('orders.form.shippingFee')}
              <input name="shippingFee" type="number" min={0} value={0} />
            </label>
          </div>
          <label class="checkbox">
            <input type="checkbox" name="paid" value="true" /> {t('orders.form.paid')}
          </label>
          <label>
            {t('orders.detail.note')}
            <textarea name="note" rows={2} maxLength={2000} />
          </label>
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              {t('orders.form.submit')}
            </button>
          </div>
        </section>
      </Form>
    </>
  );
});

export const head: DocumentHead = { title: '受注入力' };
