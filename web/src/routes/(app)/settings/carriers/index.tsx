import { component$ } from '@builder.io/qwik';
import { Form, routeAction$, routeLoader$ } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { failWith, loadFailure, str, type ActionError } from '../../../../lib/action';
import { formatJst } from '../../../../lib/format';
import {
  CARRIER_CODES,
  SAGAWA_FREIGHT,
  SAGAWA_SLOT_PLANS,
  YAMATO_INVOICE_TYPES,
  carrierMessage,
  detailsOf,
  fieldLabel,
  problemText,
  type CarrierCode,
  type CarrierSettings,
  type CarrierSettingsList,
} from '../../../../lib/carriers';
import { useLocale, useT, type Locale, type MessageKey } from '../../../../i18n';
import { useMe } from '../../layout';
import { SettingsNav, titleHead } from '../../../../components/settings/settings-nav';
import { AdminOnly, FieldError, detailText, errorText } from '../../../../components/settings/errors';

/**
 * 配送会社の設定: per carrier, the shipper (ご依頼主; blank fields are the shop
 * profile's) and the account fields its label file needs, with what the
 * pre-export check would still refuse. Admins edit it (PUT
 * /carriers/{carrier}/settings); the API normalises full-width input.
 */

const SHIPPER_FIELDS = ['name', 'postalCode', 'address', 'phone'] as const;
type ShipperField = (typeof SHIPPER_FIELDS)[number];

/** Each carrier's own fields, in the order of its card; the select fields are sent as chosen, the rest blank → null. */
const CONTRACT_FIELDS: Record<CarrierCode, readonly string[]> = {
  yamato: ['customerCode', 'classCode', 'freightNumber', 'invoiceType', 'itemName'],
  sagawa: ['customerCode', 'department', 'freightPayment', 'timeSlots', 'itemName'],
  japanpost: ['invoiceType', 'packetInvoiceType', 'shipperCode', 'itemName'],
};
const SELECTS = new Set(['yamato.invoiceType', 'sagawa.freightPayment', 'sagawa.timeSlots']);

export const useCarrierSettings = routeLoader$(async (ev) => {
  const r = await api<CarrierSettingsList>(ev, '/carriers/settings');
  if (!r.ok) return { ...loadFailure(ev, r), data: null };
  return { error: null, data: r.data };
});

export const useSaveCarrier = routeAction$(async (form, ev) => {
  const carrier = str(form, 'carrier') as CarrierCode;
  if (!(CARRIER_CODES as readonly string[]).includes(carrier)) {
    return ev.fail(400, { error: { status: 400, code: 'validation_error', message: 'Unknown carrier' } satisfies ActionError, id: '' });
  }
  // form names use "_" (Qwik City reads "a.b" as a nested object); values and errors are keyed like the API's fields
  const values: Record<string, string> = {};
  for (const f of SHIPPER_FIELDS) values[`shipper.${f}`] = str(form, `shipper_${f}`);
  for (const f of CONTRACT_FIELDS[carrier]) values[`contract.${f}`] = str(form, `contract_${f}`);
  const blankIsNull = (v: string) => (v.trim() === '' ? null : v);
  const r = await api<CarrierSettings>(ev, `/carriers/${carrier}/settings`, {
    method: 'PUT',
    csrf: str(form, '_csrf'),
    body: {
      shipper: Object.fromEntries(SHIPPER_FIELDS.map((f) => [f, blankIsNull(values[`shipper.${f}`])])),
      contract: Object.fromEntries(CONTRACT_FIELDS[carrier].map((f) => [f, SELECTS.has(`${carrier}.${f}`) ? values[`contract.${f}`] : blankIsNull(values[`contract.${f}`])])),
    },
  });
  if (!r.ok) return failWith(ev, r, { values, id: carrier });
  return { saved: carrier };
});

type T = ReturnType<typeof useT>;
type SaveAction = ReturnType<typeof useSaveCarrier>;

/** The error's details by field, in the reader's words (the carrier settings' own messages first). */
const messagesByField = (t: T, e: ActionError | null): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const d of detailsOf(e)) (out[d.field] ??= []).push(carrierMessage(t, d.message) ?? detailText(t, d));
  return out;
};

interface FieldProps {
  t: T;
  carrier: CarrierCode;
  name: string;
  label: string;
  hint?: string;
  value: string;
  messages?: string[];
  placeholder?: string;
  maxLength?: number;
  mono?: boolean;
  inputMode?: 'numeric' | 'tel' | 'text';
  optional?: boolean;
}

/** One text field of a card, its hint and its errors (a plain function: it receives t). */
const TextField = (props: FieldProps) => {
  const { t, carrier, name, label, hint, value, messages, placeholder, maxLength, mono, inputMode, optional } = props;
  const id = `${carrier}-${name.replace('.', '-')}`;
  return (
    <label>
      <span>
        {label} {optional && <span class="optional">({t('settings.form.optional')})</span>}
      </span>
      <input
        id={id}
        name={name.replace('.', '_')}
        value={value}
        placeholder={placeholder}
        maxLength={maxLength ?? 100}
        inputMode={inputMode}
        class={mono ? 'mono' : undefined}
        autoComplete="off"
        aria-invalid={messages?.length ? 'true' : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <FieldError messages={messages} />
    </label>
  );
};

interface SelectProps {
  carrier: CarrierCode;
  name: string;
  label: string;
  hint?: string;
  value: string;
  options: { value: string; label: string }[];
  messages?: string[];
}

const SelectField = (props: SelectProps) => {
  const { carrier, name, label, hint, value, options, messages } = props;
  const id = `${carrier}-${name.replace('.', '-')}`;
  return (
    <label>
      {label}
      <select id={id} name={name.replace('.', '_')} aria-describedby={hint ? `${id}-hint` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <FieldError messages={messages} />
    </label>
  );
};

interface CardProps {
  t: T;
  locale: Locale;
  item: CarrierSettings;
  shop: CarrierSettingsList['shop'];
  csrf: string;
  save: SaveAction;
}

/** One carrier: its shipper, its account fields, what is still missing, and one Save. */
const CarrierCard = (props: CardProps) => {
  const { t, locale, item, shop, csrf, save } = props;
  const carrier = item.carrier;
  const sv = save.value;
  const mine = sv && 'failed' in sv && sv.failed && sv.id === carrier ? sv : null;
  const error = mine ? mine.error : null;
  const fe = messagesByField(t, error);
  const saved = sv && 'saved' in sv && sv.saved === carrier;
  const contract = item.contract as unknown as Record<string, string | null>;
  const value = (key: string): string => {
    if (mine?.values && key in mine.values) return mine.values[key];
    const [group, field] = key.split('.');
    const v = group === 'shipper' ? item.shipper[field as ShipperField] : contract[field];
    return v ?? '';
  };
  const shopValue = (f: ShipperField) => {
    const v = shop[f];
    return v ? t('carrier.fromShop', { value: v.replace(/\n/g, ' ') }) : t('carrier.fromShopNone');
  };
  const shown = new Set([...SHIPPER_FIELDS.map((f) => `shipper.${f}`), ...CONTRACT_FIELDS[carrier].map((f) => `contract.${f}`)]);
  const rest = Object.entries(fe).filter(([f]) => !shown.has(f));
  const name = t(`carrier.name.${carrier}` as MessageKey);
  const text = (key: string, label: MessageKey, hint?: MessageKey, extra: Partial<FieldProps> = {}) => (
    <TextField t={t} carrier={carrier} name={key} label={t(label)} hint={hint ? t(hint) : undefined} value={value(key)} messages={fe[key]} optional {...extra} />
  );
  return (
    <section class="card section carrier-card" id={`carrier-${carrier}`} aria-labelledby={`carrier-${carrier}-title`}>
      <h2 id={`carrier-${carrier}-title`}>{name}</h2>
      <p class="small muted">{item.updatedAt ? t('carrier.updatedAt', { at: formatJst(item.updatedAt, locale) }) : t('carrier.neverSaved')}</p>
      {saved && (
        <p class="alert alert-ok" role="status" id={`carrier-${carrier}-saved`}>
          {t('carrier.saved', { carrier: name })}
        </p>
      )}
      {error && (
        <div class="alert alert-error" role="alert" id={`carrier-${carrier}-error`}>
          {errorText(t, error)}
          {rest.length > 0 && (
            <ul class="alert-list">
              {rest.map(([f, msgs]) => msgs.map((m, i) => <li key={f + i}>{m}</li>))}
            </ul>
          )}
        </div>
      )}
      {item.problems.length > 0 ? (
        <div class="alert alert-warn" id={`carrier-${carrier}-problems`}>
          {t('carrier.settingsProblems')}
          <ul class="alert-list">
            {item.problems.map((p, i) => (
              <li key={i} data-field={p.field} data-code={p.code}>
                {fieldLabel(t, p.field)}: {problemText(t, p)}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p class="alert alert-ok" id={`carrier-${carrier}-ready`}>
          {t('carrier.settingsOk')}
        </p>
      )}
      <Form action={save} class="form" id={`carrier-${carrier}-form`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="carrier" value={carrier} />
        <h3>{t('carrier.shipper')}</h3>
        <p class="hint">{t('carrier.shipperHint')}</p>
        <div class="form-grid">
          <TextField t={t} carrier={carrier} name="shipper.name" label={t('carrier.shipper.name')} hint={shopValue('name')} value={value('shipper.name')} messages={fe['shipper.name']} placeholder={shop.name} optional />
          <TextField
            t={t}
            carrier={carrier}
            name="shipper.postalCode"
            label={t('carrier.shipper.postalCode')}
            hint={shopValue('postalCode')}
            value={value('shipper.postalCode')}
            messages={fe['shipper.postalCode']}
            placeholder={shop.postalCode ?? '100-0001'}
            maxLength={20}
            inputMode="numeric"
            mono
            optional
          />
          <TextField
            t={t}
            carrier={carrier}
            name="shipper.phone"
            label={t('carrier.shipper.phone')}
            hint={shopValue('phone')}
            value={value('shipper.phone')}
            messages={fe['shipper.phone']}
            placeholder={shop.phone ?? '03-1234-5678'}
            maxLength={40}
            inputMode="tel"
            mono
            optional
          />
        </div>
        <label>
          <span>
            {t('carrier.shipper.address')} <span class="optional">({t('settings.form.optional')})</span>
          </span>
          <textarea
            id={`${carrier}-shipper-address`}
            name="shipper_address"
            rows={2}
            maxLength={300}
            placeholder={shop.address ?? ''}
            value={value('shipper.address')}
            aria-invalid={fe['shipper.address'] ? 'true' : undefined}
          />
          <span class="hint">
            {shopValue('address')} {t('carrier.addressHint')}
          </span>
          <FieldError messages={fe['shipper.address']} />
        </label>

        <h3>{t('carrier.contract')}</h3>
        {carrier === 'yamato' && (
          <div class="form-grid">
            {text('contract.customerCode', 'carrier.yamato.customerCode', 'carrier.yamato.customerCodeHint', { placeholder: '0312345678', maxLength: 20, inputMode: 'numeric', mono: true, optional: false })}
            {text('contract.classCode', 'carrier.yamato.classCode', 'carrier.yamato.classCodeHint', { placeholder: '001', maxLength: 10, inputMode: 'numeric', mono: true })}
            {text('contract.freightNumber', 'carrier.yamato.freightNumber', 'carrier.yamato.freightNumberHint', { placeholder: '01', maxLength: 10, inputMode: 'numeric', mono: true, optional: false })}
            <SelectField
              carrier={carrier}
              name="contract.invoiceType"
              label={t('carrier.yamato.invoiceType')}
              hint={t('carrier.yamato.invoiceTypeHint')}
              value={value('contract.invoiceType')}
              options={YAMATO_INVOICE_TYPES.map((v) => ({ value: v, label: t(`carrier.yamato.invoiceType.${v}`) }))}
              messages={fe['contract.invoiceType']}
            />
          </div>
        )}
        {carrier === 'sagawa' && (
          <div class="form-grid">
            {text('contract.customerCode', 'carrier.sagawa.customerCode', 'carrier.sagawa.customerCodeHint', { placeholder: '123456789012', maxLength: 20, inputMode: 'numeric', mono: true })}
            {text('contract.department', 'carrier.sagawa.department', 'carrier.sagawa.departmentHint', { maxLength: 40 })}
            <SelectField
              carrier={carrier}
              name="contract.freightPayment"
              label={t('carrier.sagawa.freightPayment')}
              value={value('contract.freightPayment')}
              options={SAGAWA_FREIGHT.map((v) => ({ value: v, label: t(`carrier.sagawa.freightPayment.${v}`) }))}
              messages={fe['contract.freightPayment']}
            />
            <SelectField
              carrier={carrier}
              name="contract.timeSlots"
              label={t('carrier.sagawa.timeSlots')}
              hint={t('carrier.sagawa.timeSlotsHint')}
              value={value('contract.timeSlots')}
              options={SAGAWA_SLOT_PLANS.map((v) => ({ value: v, label: t(`carrier.sagawa.timeSlots.${v}`) }))}
              messages={fe['contract.timeSlots']}
            />
          </div>
        )}
        {carrier === 'japanpost' && (
          <div class="form-grid">
            {text('contract.invoiceType', 'carrier.japanpost.invoiceType', 'carrier.japanpost.invoiceTypeHint', { placeholder: '1100780', maxLength: 40, mono: true, optional: false })}
            {text('contract.packetInvoiceType', 'carrier.japanpost.packetInvoiceType', 'carrier.japanpost.packetInvoiceTypeHint', { maxLength: 40, mono: true })}
            {text('contract.shipperCode', 'carrier.japanpost.shipperCode', 'carrier.japanpost.shipperCodeHint', { maxLength: 40, mono: true })}
          </div>
        )}
        {text('contract.itemName', 'carrier.itemName', 'carrier.itemNameHint', { maxLength: 100 })}
        <div class="actions">
          <button type="submit" class="btn btn-primary" id={`carrier-${carrier}-save`} disabled={save.isRunning}>
            {save.isRunning ? t('common.loading') : t('carrier.save')}
          </button>
        </div>
      </Form>
    </section>
  );
};

/** 設定 → 配送会社: one card per carrier (admins). */
export default component$(() => {
  const me = useMe();
  const data = useCarrierSettings();
  const save = useSaveCarrier();
  const t = useT();
  const locale = useLocale();
  const session = me.value.refused ? null : me.value.me;
  if (!session) return null;
  const admin = session.user.role === 'admin';
  const list = data.value.data;
  return (
    <>
      <SettingsNav />
      <h1 class="page-title">{t('carrier.title')}</h1>
      <p class="lead">{t('carrier.lead')}</p>
      {!list || !admin ? (
        <AdminOnly error={data.value.error} />
      ) : (
        <div class="stack carrier-settings" id="carrier-settings">
          {list.items.map((item) => (
            <CarrierCard key={item.carrier} t={t} locale={locale} item={item} shop={list.shop} csrf={session.csrfToken} save={save} />
          ))}
        </div>
      )}
    </>
  );
});

export const head = titleHead('carrier.title');
