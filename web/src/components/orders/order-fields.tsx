import { $, component$, useSignal, type JSXChildren } from '@builder.io/qwik';
import { useT, useTMaybe, type MessageKey } from '../../i18n';
import { PAYMENT_METHODS, PREFECTURE_NAMES, SHIPPING_METHODS, TIME_SLOTS } from '../../../../worker/orders/choices';
import type { OrderDraft } from '../../lib/order-form';

/**
 * The fields of an order that staff type or correct by hand: customer, ship-to
 * address (the postal code fills 都道府県 and 市区町村 from GET /postal-codes),
 * payment and delivery, note. Every choice is picked from a list. Field names
 * are the API's paths (shipTo.postalCode …), so the API's validation details
 * land under the right field. `errors` are already in the reader's language.
 * `contact: false` (a user without the personal_data 権限, who sees the buyer
 * masked) leaves the customer and ship-to fields out: they can be neither read
 * nor overwritten (send orderPatchBody(form, { contact: false })).
 */
export const OrderFields = component$((props: { draft: OrderDraft; errors: Record<string, string[]>; contact?: boolean }) => {
  const t = useT();
  const contact = props.contact !== false;
  const tMaybe = useTMaybe();
  const d = props.draft;
  const e = (field: string) => props.errors[field]?.join(' / ');
  const postalNote = useSignal('');
  const postalBad = useSignal(false);

  // Plain strings for the lookup handler: a $() closure may capture only serialisable values, never `t`.
  const msg = { invalid: t('desk.postal.invalid'), notFound: t('desk.postal.notFound'), choose: t('desk.postal.choose'), filled: t('desk.postal.filled', { address: '{address}' }) };
  const lookup = $(async (button: HTMLElement) => {
    const form = button.closest('form')!;
    const field = (name: string) => form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
    const code = field('shipTo.postalCode').value;
    postalBad.value = false;
    const r = await fetch(`/api/v1/postal-codes/${encodeURIComponent(code)}`);
    if (r.status === 400) {
      postalBad.value = true;
      postalNote.value = msg.invalid;
      return;
    }
    const body = (await r.json()) as { postalCode: string; addresses: { prefecture: string; city: string; town: string }[] };
    const a = body.addresses[0];
    if (!r.ok || !a) {
      postalBad.value = true;
      postalNote.value = msg.notFound;
      return;
    }
    field('shipTo.postalCode').value = body.postalCode;
    field('shipTo.prefecture').value = a.prefecture;
    field('shipTo.city').value = a.city;
    const street = field('shipTo.address1');
    // the town (町域) starts the street line unless the operator already typed one
    if (!street.value.trim() && body.addresses.length === 1) street.value = a.town;
    postalNote.value = body.addresses.length > 1 ? msg.choose : msg.filled.replace('{address}', `${a.prefecture}${a.city}${a.town}`);
    street.focus();
  });

  return (
    <>
      {!contact && (
        <p class="alert alert-warn" id="order-contact-hidden">
          {t('perms.orders.contactHidden')}
        </p>
      )}
      {contact && (
      <>
      <section class="card form-section" id="section-customer">
        <h2>{t('desk.section.customer')}</h2>
        <div class="form-grid">
          <Field label={t('orders.form.customerName')} error={e('customer.name')}>
            <input name="customer.name" required maxLength={100} value={d.customer.name} autoComplete="off" />
          </Field>
          <Field label={t('orders.form.email')} error={e('customer.email')}>
            <input name="customer.email" type="email" maxLength={254} value={d.customer.email} autoComplete="off" />
          </Field>
          <Field label={t('orders.form.phone')} error={e('customer.phone')}>
            <input name="customer.phone" type="tel" maxLength={40} value={d.customer.phone} placeholder="03-1234-5678" autoComplete="off" />
          </Field>
        </div>
      </section>
      <section class="card form-section" id="section-ship-to">
        <h2>{t('desk.section.shipTo')}</h2>
        <div class="form-grid">
          <Field label={t('orders.form.shipName')} error={e('shipTo.name')}>
            <input name="shipTo.name" maxLength={100} value={d.shipTo.name} placeholder={t('orders.form.sameAsCustomer')} autoComplete="off" />
          </Field>
          <Field label={t('orders.form.postalCode')} error={e('shipTo.postalCode') ?? (postalBad.value ? postalNote.value : undefined)}>
            <span class="postal-row">
              <input name="shipTo.postalCode" required maxLength={20} value={d.shipTo.postalCode} placeholder="100-0001" inputMode="numeric" autoComplete="off" />
              <button type="button" class="btn btn-small" id="postal-lookup" onClick$={(_, el) => lookup(el)}>
                {t('desk.postal.lookup')}
              </button>
            </span>
            {!postalBad.value && postalNote.value && (
              <span class="hint" id="postal-note">
                {postalNote.value}
              </span>
            )}
          </Field>
          <Field label={t('orders.form.prefecture')} error={e('shipTo.prefecture')}>
            <select name="shipTo.prefecture" required value={d.shipTo.prefecture}>
              {PREFECTURE_NAMES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('orders.form.city')} error={e('shipTo.city')}>
            <input name="shipTo.city" required maxLength={100} value={d.shipTo.city} autoComplete="off" />
          </Field>
          <Field label={t('orders.form.address1')} error={e('shipTo.address1')}>
            <input name="shipTo.address1" required maxLength={200} value={d.shipTo.address1} autoComplete="off" />
          </Field>
          <Field label={t('orders.form.address2')} error={e('shipTo.address2')}>
            <input name="shipTo.address2" maxLength={200} value={d.shipTo.address2} autoComplete="off" />
          </Field>
          <Field label={t('orders.form.phone')} error={e('shipTo.phone')}>
            <input name="shipTo.phone" type="tel" maxLength={40} value={d.shipTo.phone} placeholder={t('orders.form.sameAsCustomer')} autoComplete="off" />
          </Field>
        </div>
      </section>
      </>
      )}
      <section class="card form-section" id="section-payment">
        <h2>{t('desk.section.payment')}</h2>
        <div class="form-grid">
          <Field label={t('orders.form.paymentMethod')} error={e('payment.method')}>
            <select name="payment.method" value={d.payment.method}>
              {PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`orders.payment.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          </Field>
          <label class="checkbox">
            <input type="checkbox" name="payment.paid" value="true" checked={d.payment.paid} /> {t('orders.form.paid')}
          </label>
          <Field label={t('orders.form.shippingMethod')} error={e('shipping.method')}>
            <select name="shipping.method" value={d.shipping.method}>
              <option value="">{t('desk.form.noMethod')}</option>
              {SHIPPING_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`orders.shippingMethod.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('desk.form.desiredDate')} error={e('shipping.desiredDate')}>
            <input name="shipping.desiredDate" type="date" value={d.shipping.desiredDate} />
          </Field>
          <Field label={t('orders.detail.timeSlot')} error={e('shipping.timeSlot')}>
            <select name="shipping.timeSlot" value={d.shipping.timeSlot}>
              <option value="">{t('desk.form.noSlot')}</option>
              {[...new Set([...TIME_SLOTS, ...(d.shipping.timeSlot ? [d.shipping.timeSlot] : [])])].map((s) => (
                <option key={s} value={s}>
                  {tMaybe(`orders.timeSlot.${s}`) ?? s}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label={t('orders.detail.note')} error={e('note')}>
          <textarea name="note" rows={2} maxLength={2000} value={d.note} />
        </Field>
      </section>
    </>
  );
});

/**
 * A label with its control and the control's error (the kit's form field).
 * A plain function, not a component$: the control is rendered in the page's
 * own component, and the props are read into locals first (a `props.x` in
 * JSX would make Qwik serialise the whole props object, children included).
 */
export const Field = (props: { label: string; error?: string; children?: JSXChildren }) => {
  const { label, error, children } = props;
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      {children}
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
};
