import { component$ } from '@builder.io/qwik';
import { Form, routeAction$, z, zod$, type DocumentHead } from '@builder.io/qwik-city';
import { renderSVG } from 'uqr';
import { api, fieldErrors, type ApiError } from '../../../lib/api';
import { useMe } from '../layout';
import { useT, useTMaybe } from '../../../i18n';
import { FieldError } from '../../../components/field-error';
import { ConfirmDialog } from '../../../components/kit/confirm-dialog';

const fail = (error: ApiError) => ({ failed: true as const, error });

export const useChangePassword = routeAction$(
  async (form, ev) => {
    if (form.newPassword !== form.confirmPassword) {
      return ev.fail(400, { error: { code: 'mismatch', message: 'mismatch', details: [{ field: 'confirmPassword', message: 'mismatch' }] } as ApiError });
    }
    const r = await api(ev, '/me/password', { method: 'POST', csrf: form._csrf, body: { currentPassword: form.currentPassword, newPassword: form.newPassword } });
    if (!r.ok) return ev.fail(r.status, { error: r.error });
    return { changed: true };
  },
  zod$({ _csrf: z.string().max(100), currentPassword: z.string().max(512), newPassword: z.string().max(512), confirmPassword: z.string().max(512) }),
);

export const useStartTotp = routeAction$(
  async (form, ev) => {
    const r = await api<{ otpauthUri: string; qrSvg: string }>(ev, '/me/mfa/totp', { method: 'POST', csrf: form._csrf });
    if (!r.ok) return ev.fail(r.status, { error: r.error });
    return r.data;
  },
  zod$({ _csrf: z.string().max(100) }),
);

export const useConfirmTotp = routeAction$(
  async (form, ev) => {
    const r = await api<{ recoveryCodes: string[] }>(ev, '/me/mfa/totp/confirm', { method: 'POST', csrf: form._csrf, body: { code: form.code } });
    // On a wrong code, show the same QR again (the pending secret is unchanged on the server).
    if (!r.ok) return ev.fail(r.status, { error: r.error, otpauthUri: form.otpauthUri, qrSvg: renderSVG(form.otpauthUri, { border: 2 }) });
    return r.data;
  },
  zod$({ _csrf: z.string().max(100), code: z.string().max(32), otpauthUri: z.string().startsWith('otpauth://').max(500) }),
);

export const useDisableTotp = routeAction$(
  async (form, ev) => {
    const r = await api(ev, '/me/mfa/totp/disable', { method: 'POST', csrf: form._csrf, body: { currentPassword: form.currentPassword } });
    if (!r.ok) return ev.fail(r.status, { error: r.error });
    return { disabled: true };
  },
  zod$({ _csrf: z.string().max(100), currentPassword: z.string().max(512) }),
);

export default component$(() => {
  const state = useMe();
  const t = useT();
  const tMaybe = useTMaybe();
  const pw = useChangePassword();
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const disable = useDisableTotp();
  if (state.value.refused) return null;
  const me = state.value.me!;
  const csrf = me.csrfToken;

  const pwErrors = pw.value?.failed ? fieldErrors((pw.value as ReturnType<typeof fail>).error, tMaybe) : {};
  const pwMismatch = pw.value?.failed && (pw.value as ReturnType<typeof fail>).error.code === 'mismatch';
  const confirmFailed = confirm.value?.failed ? (confirm.value as { error: ApiError; otpauthUri: string; qrSvg: string }) : null;
  const enrolling = confirmFailed ?? (start.value && !start.value.failed ? (start.value as { otpauthUri: string; qrSvg: string }) : null);
  const recovery = confirm.value && !confirm.value.failed ? (confirm.value as { recoveryCodes: string[] }).recoveryCodes : null;
  const totpOn = (me.user.mfa.totp || Boolean(recovery)) && !(disable.value && !disable.value.failed);

  return (
    <>
      <h1 class="page-title">{t('account.title')}</h1>
      {me.user.mfa.enrolmentRequired && !recovery && (
        <p class="alert alert-warn" role="alert">
          {t('account.totp.required')}
        </p>
      )}

      <section class="card section">
        <h2>{t('account.profile')}</h2>
        <dl class="kv">
          <dt>{t('login.account')}</dt>
          <dd>{me.account.code}</dd>
          <dt>{t('login.loginId')}</dt>
          <dd>{me.user.loginId}</dd>
          <dt>Name</dt>
          <dd>{me.user.name}</dd>
          <dt>E-mail</dt>
          <dd>{me.user.email}</dd>
          <dt>Role</dt>
          <dd>{me.user.role}</dd>
        </dl>
      </section>

      <section class="card section" id="totp">
        <h2>{t('account.totp.title')}</h2>
        {recovery ? (
          <>
            <p class="alert alert-ok">{t('account.totp.enabled')}</p>
            <p>{t('account.totp.recovery')}</p>
            <pre class="secret-box mono" id="recovery-codes">
              {recovery.join('\n')}
            </pre>
          </>
        ) : totpOn ? (
          <>
            <p>
              <span class="badge badge-ok">{t('dashboard.security.on')}</span> {t('account.totp.enabled')}
            </p>
            {disable.value?.failed && <p class="alert alert-error">{(disable.value as ReturnType<typeof fail>).error.message}</p>}
            <ConfirmDialog id="disable-totp" trigger={t('account.totp.disable')} title={t('confirm.totp.title')} message={t('confirm.totp.message')}>
              <Form action={disable}>
                <input type="hidden" name="_csrf" value={csrf} />
                <label class="field">
                  {t('account.password.current')}
                  <input type="password" name="currentPassword" autoComplete="current-password" required autoFocus />
                </label>
                <button type="submit" class="btn btn-danger" id="disable-totp-yes">
                  {t('confirm.yes.disable')}
                </button>
              </Form>
            </ConfirmDialog>
          </>
        ) : enrolling ? (
          <>
            <p>{t('account.totp.scan')}</p>
            <div class="qr" dangerouslySetInnerHTML={enrolling.qrSvg} />
            <details>
              <summary class="muted">{t('account.totp.manual')}</summary>
              <code class="mono" id="otpauth-uri">
                {enrolling.otpauthUri}
              </code>
            </details>
            {confirmFailed && <p class="alert alert-error">{confirmFailed.error.message}</p>}
            <Form action={confirm} class="inline-form" id="totp-confirm">
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="otpauthUri" value={enrolling.otpauthUri} />
              <label class="field">
                {t('login.mfa.code')}
                <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required />
              </label>
              <button type="submit" class="btn btn-primary">
                {t('account.totp.confirm')}
              </button>
            </Form>
          </>
        ) : (
          <>
            {disable.value && !disable.value.failed && <p class="alert alert-ok">{t('account.totp.disabledDone')}</p>}
            <p>{t('account.totp.disabled')}</p>
            <Form action={start}>
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit" class="btn btn-primary" id="totp-start">
                {t('account.totp.start')}
              </button>
            </Form>
          </>
        )}
        <h3 class="subhead">{t('account.sms')}</h3>
        <p class="muted">{me.user.mfa.sms ? t('account.sms.on') : t('account.sms.off')}</p>
      </section>

      <section class="card section">
        <h2>{t('account.password.title')}</h2>
        <p class="hint">{t('account.password.policy')}</p>
        {pw.value && !pw.value.failed && <p class="alert alert-ok">{t('account.password.changed')}</p>}
        {pw.value?.failed && !pwMismatch && <p class="alert alert-error">{(pw.value as ReturnType<typeof fail>).error.message}</p>}
        <Form action={pw} class="form narrow" id="password-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <label>
            {t('account.password.current')}
            <input type="password" name="currentPassword" autoComplete="current-password" required aria-invalid={Boolean(pwErrors.currentPassword)} />
            <FieldError messages={pwErrors.currentPassword} />
          </label>
          <label>
            {t('account.password.new')}
            <input type="password" name="newPassword" autoComplete="new-password" required aria-invalid={Boolean(pwErrors.newPassword)} />
            <FieldError messages={pwErrors.newPassword} />
          </label>
          <label>
            {t('account.password.confirm')}
            <input type="password" name="confirmPassword" autoComplete="new-password" required aria-invalid={Boolean(pwMismatch)} />
            {pwMismatch && <span class="field-error">{t('account.password.mismatch')}</span>}
          </label>
          <button type="submit" class="btn btn-primary">
            {t('account.password.submit')}
          </button>
        </Form>
      </section>
    </>
  );
});

export const head: DocumentHead = { title: 'アカウント' };
