import { component$ } from '@builder.io/qwik';
import { Form, routeAction$, routeLoader$, z, zod$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../lib/api';
import { safeNext } from '../../lib/redirect';
import { useT } from '../../i18n';
import { LangSwitch } from '../../components/lang-switch';

type LoginAnswer = { status: 'ok' } | { status: 'mfa_required'; mfaToken: string; methods: ('totp' | 'sms')[] };

/** Already signed in? Go to the app. */
export const useAlreadySignedIn = routeLoader$(async (ev) => {
  const me = await api(ev, '/me');
  if (me.ok) throw ev.redirect(302, safeNext(ev.query.get('next'), '/', ev.url.origin));
  return null;
});

export const useLogin = routeAction$(
  async (form, ev) => {
    const r = await api<LoginAnswer>(ev, '/auth/login', { method: 'POST', body: { account: form.account, loginId: form.loginId, password: form.password } });
    if (!r.ok) return ev.fail(r.status, { code: r.error.code, message: r.error.message });
    if (r.data.status === 'mfa_required') return { mfaToken: r.data.mfaToken, methods: r.data.methods, smsSent: false };
    throw ev.redirect(302, safeNext(ev.query.get('next'), '/', ev.url.origin));
  },
  zod$({ account: z.string().min(1).max(64), loginId: z.string().min(1).max(64), password: z.string().min(1).max(512) }),
);

const MfaFields = { mfaToken: z.string().min(1).max(200), methods: z.string().max(20) };

export const useSendSms = routeAction$(
  async (form, ev) => {
    const methods = form.methods.split(',') as ('totp' | 'sms')[];
    const r = await api(ev, '/auth/mfa/sms', { method: 'POST', body: { mfaToken: form.mfaToken } });
    if (!r.ok) return ev.fail(r.status, { code: r.error.code, message: r.error.message, mfaToken: form.mfaToken, methods });
    return { mfaToken: form.mfaToken, methods, smsSent: true };
  },
  zod$(MfaFields),
);

export const useVerifyMfa = routeAction$(
  async (form, ev) => {
    const methods = form.methods.split(',') as ('totp' | 'sms')[];
    const r = await api(ev, '/auth/mfa', { method: 'POST', body: { mfaToken: form.mfaToken, method: form.method, code: form.code } });
    if (!r.ok) return ev.fail(r.status, { code: r.error.code, message: r.error.message, mfaToken: form.mfaToken, methods });
    throw ev.redirect(302, safeNext(ev.query.get('next'), '/', ev.url.origin));
  },
  zod$({ ...MfaFields, method: z.enum(['totp', 'sms', 'recovery']), code: z.string().min(1).max(32) }),
);

export default component$(() => {
  useAlreadySignedIn();
  const t = useT();
  const login = useLogin();
  const sms = useSendSms();
  const verify = useVerifyMfa();

  // The MFA step: whichever action last answered carries the login attempt's token.
  const step = (verify.value as { mfaToken?: string; methods?: string[] } | undefined)?.mfaToken
    ? (verify.value as { mfaToken: string; methods: string[] })
    : (sms.value as { mfaToken?: string; methods?: string[] } | undefined)?.mfaToken
      ? (sms.value as { mfaToken: string; methods: string[] })
      : (login.value as { mfaToken?: string; methods?: string[] } | undefined)?.mfaToken
        ? (login.value as { mfaToken: string; methods: string[] })
        : null;

  const failedCode = login.value?.failed ? (login.value as { code?: string }).code : null;
  const loginError = !failedCode
    ? null
    : failedCode === 'rate_limited'
      ? t('login.rateLimited')
      : failedCode === 'ip_not_allowed'
        ? t('error.forbiddenIp')
        : failedCode === 'country_not_allowed'
          ? t('error.forbiddenCountry')
          : t('login.invalid');
  // the API's own messages are English: every failure is shown in the UI's language, by its code
  const smsCode = sms.value?.failed ? (sms.value as { code?: string }).code : null;
  const mfaError = verify.value?.failed
    ? t('login.mfa.invalid')
    : !smsCode
      ? null
      : smsCode === 'rate_limited'
        ? t('login.rateLimited')
        : smsCode === 'sms_unavailable'
          ? t('login.mfa.smsUnavailable')
          : t('login.mfa.invalid');
  const hasTotp = step?.methods.includes('totp');
  const hasSms = step?.methods.includes('sms');

  return (
    <main class="auth-page">
      <div class="auth-card">
        <div class="auth-brand">
          <span class="brand-mark">蔵</span>
          <div>
            <div class="brand-name">Kura</div>
            <div class="brand-tagline">{t('app.tagline')}</div>
          </div>
          <LangSwitch />
        </div>
        {!step ? (
          <Form action={login} class="form" id="login-form">
            <h1>{t('login.title')}</h1>
            {loginError && (
              <p class="alert alert-error" role="alert">
                {loginError}
              </p>
            )}
            <label>
              {t('login.account')}
              <input name="account" autoComplete="organization" required maxLength={64} />
            </label>
            <label>
              {t('login.loginId')}
              <input name="loginId" autoComplete="username" required maxLength={64} />
            </label>
            <label>
              {t('login.password')}
              <input name="password" type="password" autoComplete="current-password" required maxLength={512} />
            </label>
            <button type="submit" class="btn btn-primary" disabled={login.isRunning}>
              {login.isRunning ? t('common.loading') : t('login.submit')}
            </button>
          </Form>
        ) : (
          <div class="form" id="mfa-step">
            <h1>{t('login.mfa.title')}</h1>
            {mfaError && (
              <p class="alert alert-error" role="alert">
                {mfaError}
              </p>
            )}
            {sms.value && !sms.value.failed && <p class="alert alert-ok">{t('login.mfa.smsSent')}</p>}
            {hasTotp && <p class="hint">{t('login.mfa.totpHelp')}</p>}
            {hasSms && (
              <Form action={sms} class="inline-form">
                <input type="hidden" name="mfaToken" value={step.mfaToken} />
                <input type="hidden" name="methods" value={step.methods.join(',')} />
                <span class="hint">{t('login.mfa.smsHelp')}</span>
                <button type="submit" class="btn" disabled={sms.isRunning}>
                  {t('login.mfa.sendSms')}
                </button>
              </Form>
            )}
            <Form action={verify} id="mfa-form">
              <input type="hidden" name="mfaToken" value={step.mfaToken} />
              <input type="hidden" name="methods" value={step.methods.join(',')} />
              <label>
                {t('login.mfa.method')}
                <select name="method">
                  {hasTotp && <option value="totp">{t('login.mfa.method.totp')}</option>}
                  {hasSms && (
                    <option value="sms" selected={Boolean(sms.value && !sms.value.failed)}>
                      {t('login.mfa.method.sms')}
                    </option>
                  )}
                  {hasTotp && <option value="recovery">{t('login.mfa.method.recovery')}</option>}
                </select>
              </label>
              <label>
                {t('login.mfa.code')}
                <input name="code" inputMode="numeric" autoComplete="one-time-code" required maxLength={32} />
              </label>
              <button type="submit" class="btn btn-primary" disabled={verify.isRunning}>
                {t('login.mfa.submit')}
              </button>
            </Form>
            <a href="/login" class="link-muted">
              {t('login.mfa.restart')}
            </a>
          </div>
        )}
        <p class="auth-footer">{t('login.footer')}</p>
      </div>
    </main>
  );
});

export const head: DocumentHead = { title: 'ログイン / Sign in' };
