import { component$ } from '@builder.io/qwik';
import { Form, routeAction$, routeLoader$ } from '@builder.io/qwik-city';
import { api, apiUpload } from '../../../../lib/api';
import { failWith, loadFailure, str, type ActionError } from '../../../../lib/action';
import { formatBytes, LOGO_MAX_BYTES, type ShopProfile } from '../../../../lib/shop';
import { useT } from '../../../../i18n';
import { useMe } from '../../layout';
import { SettingsNav, titleHead } from '../../../../components/settings/settings-nav';
import { AdminOnly, ErrorAlert, FieldError, OkAlert, fieldMessages } from '../../../../components/settings/errors';
import { ConfirmDialog } from '../../../../components/kit/confirm-dialog';

const FIELDS = ['name', 'postalCode', 'address', 'phone', 'email', 'slipMessage', 'invoiceNumber'] as const;

export const useShop = routeLoader$(async (ev) => {
  const r = await api<ShopProfile>(ev, '/settings/shop');
  if (!r.ok) return { ...loadFailure(ev, r), shop: null };
  return { error: null, shop: r.data };
});

export const useSaveShop = routeAction$(async (form, ev) => {
  const values = Object.fromEntries(FIELDS.map((f) => [f, str(form, f)])) as Record<(typeof FIELDS)[number], string>;
  // blank optional fields are cleared (null); the API normalises the rest
  const blankIsNull = (v: string) => (v.trim() === '' ? null : v);
  const r = await api<ShopProfile>(ev, '/settings/shop', {
    method: 'PUT',
    csrf: str(form, '_csrf'),
    body: {
      name: values.name,
      postalCode: blankIsNull(values.postalCode),
      address: blankIsNull(values.address),
      phone: blankIsNull(values.phone),
      email: blankIsNull(values.email),
      slipMessage: blankIsNull(values.slipMessage),
      invoiceNumber: blankIsNull(values.invoiceNumber),
    },
  });
  if (!r.ok) return failWith(ev, r, { values });
  return { saved: true };
});

/** The logo arrives as a multipart form; its bytes go to the API as the image itself. */
export const useUploadLogo = routeAction$(async (form, ev) => {
  const file = (form as Record<string, unknown>).logo;
  if (!(file instanceof Blob) || file.size === 0) return ev.fail(400, { error: { status: 400, code: 'logo_missing', message: 'Choose a file' } satisfies ActionError });
  // a file far past the limit is not read into memory at all
  if (file.size > LOGO_MAX_BYTES * 2) return ev.fail(413, { error: { status: 413, code: 'payload_too_large', message: 'Too large' } satisfies ActionError });
  const r = await apiUpload<ShopProfile>(ev, '/settings/shop/logo', {
    csrf: str(form, '_csrf'),
    contentType: file.type || 'application/octet-stream',
    body: await file.arrayBuffer(),
  });
  if (!r.ok) return failWith(ev, r);
  return { uploaded: true };
});

export const useDeleteLogo = routeAction$(async (form, ev) => {
  const r = await api(ev, '/settings/shop/logo', { method: 'DELETE', csrf: str(form, '_csrf') });
  if (!r.ok) return failWith(ev, r);
  return { deleted: true };
});

type T = ReturnType<typeof useT>;

/** The logo upload failures that have their own words (any other error is shown as the API says it). */
const LOGO_ERRORS = {
  logo_missing: 'shop.logoMissing',
  payload_too_large: 'shop.error.tooLarge',
  unsupported_media_type: 'shop.error.type',
  image_invalid: 'shop.error.invalid',
  image_dimensions_too_large: 'shop.error.dimensions',
} as const;
const logoErrorKey = (code: string) => (Object.hasOwn(LOGO_ERRORS, code) ? LOGO_ERRORS[code as keyof typeof LOGO_ERRORS] : null);

/** A logo upload's failure, in the reader's words (size, type, a damaged image and too many pixels have their own). */
const LogoError = (props: { t: T; error: ActionError | null }) => {
  const key = props.error ? logoErrorKey(props.error.code) : null;
  if (!key) return null;
  return (
    <p class="alert alert-error" role="alert" id="logo-error">
      {props.t(key)}
    </p>
  );
};

/** ショップ情報: what the delivery slips print about the shop (admins edit it). */
export default component$(() => {
  const me = useMe();
  const data = useShop();
  const save = useSaveShop();
  const upload = useUploadLogo();
  const del = useDeleteLogo();
  const t = useT();
  const session = me.value.refused ? null : me.value.me;
  if (!session) return null;
  const csrf = session.csrfToken;
  const admin = session.user.role === 'admin';
  const s = data.value.shop;

  const sv = save.value;
  const saveError = sv?.failed ? sv.error : null;
  const fe = fieldMessages(t, saveError);
  const vals = sv?.failed ? sv.values : undefined;
  const value = (f: (typeof FIELDS)[number]) => (vals ? vals[f] : (s?.[f] ?? '')) ?? '';

  const uv = upload.value;
  const uploadError = uv?.failed ? (uv.error as ActionError) : null;
  const dv = del.value;
  const logoOk = uv && !uv.failed ? 'shop.logoUploaded' : dv && !dv.failed ? 'shop.logoDeleted' : null;

  return (
    <>
      <SettingsNav />
      <h1 class="page-title">{t('shop.title')}</h1>
      <p class="lead">{t('shop.lead')}</p>
      {!s || !admin ? (
        <AdminOnly error={data.value.error} />
      ) : (
        <div class="shop-settings">
          <section class="card section" id="shop-profile">
            <h2>{t('shop.profile')}</h2>
            <OkAlert msg={sv && !sv.failed ? 'shop.saved' : null} id="shop-saved" />
            <ErrorAlert error={saveError} shown={[...FIELDS]} id="shop-error" />
            <Form action={save} class="form" id="shop-form">
              <input type="hidden" name="_csrf" value={csrf} />
              <label>
                {t('shop.name')}
                <input name="name" required maxLength={100} value={value('name')} aria-invalid={fe.name ? 'true' : undefined} />
                <span class="hint">{t('shop.nameHint')}</span>
                <FieldError messages={fe.name} />
              </label>
              <div class="form-grid">
                <label>
                  <span>
                    {t('shop.postalCode')} <span class="optional">({t('settings.form.optional')})</span>
                  </span>
                  <input name="postalCode" maxLength={10} inputMode="numeric" autoComplete="postal-code" placeholder="100-0001" class="mono" value={value('postalCode')} aria-invalid={fe.postalCode ? 'true' : undefined} />
                  <FieldError messages={fe.postalCode} />
                </label>
                <label>
                  <span>
                    {t('shop.phone')} <span class="optional">({t('settings.form.optional')})</span>
                  </span>
                  <input name="phone" type="tel" maxLength={20} autoComplete="tel" placeholder="03-1234-5678" class="mono" value={value('phone')} aria-invalid={fe.phone ? 'true' : undefined} />
                  <FieldError messages={fe.phone} />
                </label>
                <label>
                  <span>
                    {t('shop.email')} <span class="optional">({t('settings.form.optional')})</span>
                  </span>
                  <input name="email" type="email" maxLength={254} autoComplete="email" placeholder="shop@example.jp" value={value('email')} aria-invalid={fe.email ? 'true' : undefined} />
                  <FieldError messages={fe.email} />
                </label>
              </div>
              <label>
                <span>
                  {t('shop.address')} <span class="optional">({t('settings.form.optional')})</span>
                </span>
                <textarea name="address" rows={2} maxLength={300} autocomplete="street-address" value={value('address')} aria-invalid={fe.address ? 'true' : undefined} />
                <span class="hint">{t('shop.addressHint')}</span>
                <FieldError messages={fe.address} />
              </label>
              <label>
                <span>
                  {t('shop.slipMessage')} <span class="optional">({t('settings.form.optional')})</span>
                </span>
                <textarea name="slipMessage" rows={3} maxLength={500} placeholder={t('shop.slipMessagePlaceholder')} value={value('slipMessage')} aria-invalid={fe.slipMessage ? 'true' : undefined} />
                <span class="hint">{t('shop.slipMessageHint')}</span>
                <FieldError messages={fe.slipMessage} />
              </label>
              <label>
                <span>
                  {t('shop.invoiceNumber')} <span class="optional">({t('settings.form.optional')})</span>
                </span>
                <input
                  name="invoiceNumber"
                  maxLength={20}
                  autoComplete="off"
                  spellcheck={false}
                  placeholder="T1234567890123"
                  class="mono"
                  value={value('invoiceNumber')}
                  aria-invalid={fe.invoiceNumber ? 'true' : undefined}
                  aria-describedby="shop-invoice-hint"
                />
                <span class="hint" id="shop-invoice-hint">
                  {t('shop.invoiceNumberHint')}
                </span>
                <FieldError messages={fe.invoiceNumber} />
              </label>
              <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={save.isRunning}>
                  {save.isRunning ? t('common.loading') : t('shop.save')}
                </button>
              </div>
            </Form>
          </section>

          <section class="card section" id="shop-logo">
            <h2>{t('shop.logo')}</h2>
            <p class="hint">{t('shop.logoLead')}</p>
            <OkAlert msg={logoOk} id="logo-ok" />
            <LogoError t={t} error={uploadError} />
            {uploadError && !logoErrorKey(uploadError.code) && <ErrorAlert error={uploadError} id="logo-error" />}
            {dv?.failed && <ErrorAlert error={dv.error} />}
            <div class="logo-row">
              <div class="logo-preview" id="logo-preview">
                {s.logo ? (
                  <img src={s.logo.url} alt={t('shop.logoAlt')} width={240} height={80} />
                ) : (
                  <span class="muted">{t('shop.logoNone')}</span>
                )}
              </div>
              {s.logo && (
                <div>
                  <p class="small muted">
                    {t('shop.logoCurrent')}: {t('shop.logoMeta', { type: s.logo.contentType === 'image/png' ? 'PNG' : 'JPEG', size: formatBytes(s.logo.size) })}
                  </p>
                  <ConfirmDialog id="delete-logo" trigger={t('shop.logoDelete')} triggerClass="btn btn-small btn-danger" title={t('confirm.logo.title')} message={t('confirm.logo.message')}>
                    <Form action={del}>
                      <input type="hidden" name="_csrf" value={csrf} />
                      <button type="submit" class="btn btn-danger" id="logo-delete">
                        {t('confirm.yes.delete')}
                      </button>
                    </Form>
                  </ConfirmDialog>
                </div>
              )}
            </div>
            <Form action={upload} enctype="multipart/form-data" spaReset class="inline-form logo-form" id="logo-form">
              <input type="hidden" name="_csrf" value={csrf} />
              <label class="field">
                {t('shop.logoFile')}
                <input type="file" name="logo" accept="image/png,image/jpeg" required />
                <span class="hint">{t('shop.logoHint')}</span>
              </label>
              <button type="submit" class="btn btn-primary" disabled={upload.isRunning}>
                {upload.isRunning ? t('common.loading') : t('shop.logoUpload')}
              </button>
            </Form>
          </section>
        </div>
      )}
    </>
  );
});

export const head = titleHead('shop.title');
