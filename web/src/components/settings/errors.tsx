import { component$ } from '@builder.io/qwik';
import { Link } from '@builder.io/qwik-city';
import { useT, type MessageKey } from '../../i18n';
import type { ActionError } from '../../lib/action';
import { isPermission } from '../../lib/permissions';

type T = ReturnType<typeof useT>;

/** The API's own validation messages (worker/*), in the reader's language. */
const KNOWN: Record<string, MessageKey> = {
  'Letters, digits and . _ @ - only': 'settings.form.loginIdChars',
  'A phone number such as 090-1234-5678': 'settings.form.phone',
  'A postal code such as 100-0001': 'shop.error.postalCode',
  'T and 13 digits, such as T1234567890123': 'shop.error.invoiceNumber',
  'Not an IPv4 or IPv6 address or CIDR range': 'settings.form.cidr',
  'YYYY-MM-DD': 'settings.form.date',
  'Not a date': 'settings.form.date',
  'ISO 3166-1 alpha-2 code': 'settings.form.country',
  '"to" must not be before "from"': 'settings.form.dateOrder',
  'Japan needs no exception': 'settings.form.japan',
  '2–32 letters, digits or -': 'settings.form.accountCode',
  'Already used': 'settings.form.alreadyUsed',
  'Add your own address first': 'settings.form.addOwnIp',
  'Invalid email address': 'settings.form.email',
};

/** password_policy details name the failed rule (worker/auth/password-policy.ts). */
const RULES: Record<string, MessageKey> = {
  min_length: 'policy.min_length',
  max_length: 'policy.max_length',
  uppercase: 'policy.uppercase',
  lowercase: 'policy.lowercase',
  digit: 'policy.digit',
  common_password: 'policy.common_password',
};

interface Detail {
  field?: unknown;
  message?: unknown;
  code?: unknown;
  rule?: unknown;
  reason?: unknown;
}

/** One detail of an API error as a sentence for the reader; the API's text when we have no better one. */
export const detailText = (t: T, d: Detail): string => {
  const message = typeof d.message === 'string' ? d.message : '';
  if (typeof d.rule === 'string' && RULES[d.rule]) return t(RULES[d.rule]);
  // a refused channel endpoint names its reason (worker/channels/endpoint-policy.ts)
  if (d.code === 'endpoint_not_allowed' && typeof d.reason === 'string' && /^[a-z_]+$/.test(d.reason)) return t(`channels.form.endpointRefused.${d.reason}` as MessageKey);
  if (KNOWN[message]) return t(KNOWN[message]);
  const size = /^Too (small|big): expected (\w+) to (?:have|be) [<>]=?(\d+)/.exec(message);
  if (size) {
    const [, dir, origin, n] = size;
    const small = dir === 'small';
    if (origin === 'string') return small && n === '1' ? t('settings.form.required') : t(small ? 'settings.form.minLength' : 'settings.form.maxLength', { n });
    if (origin === 'number') return t(small ? 'settings.form.minNumber' : 'settings.form.maxNumber', { n });
    if (origin === 'array' || origin === 'set') return t(small ? 'settings.form.minItems' : 'settings.form.maxItems', { n });
  }
  if (d.code === 'invalid_type') return /received undefined/.test(message) ? t('settings.form.required') : /expected number/.test(message) ? t('settings.form.number') : t('settings.form.format');
  if (d.code === 'invalid_format') return t('settings.form.format');
  if (d.code === 'invalid_value') return t('settings.form.choice');
  if (d.code === 'unknown_field') return t('settings.form.unknownField');
  return message || t('settings.form.format');
};

/**
 * The API's validation details grouped by form field, in the reader's
 * language (a localised fieldErrors of lib/api.ts). "ipAllowlist.2" becomes
 * field "ipAllowlist" with "line 3: …"; `alias` renames API fields to form
 * fields ("admin.loginId" → "adminLoginId").
 */
export const fieldMessages = (t: T, error: ActionError | undefined | null, alias: Record<string, string> = {}): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  if (!error || !Array.isArray(error.details)) return out;
  for (const raw of error.details as unknown[]) {
    if (!raw || typeof raw !== 'object') continue;
    const d = raw as Detail;
    let field = typeof d.field === 'string' && d.field ? d.field : '_';
    let line: number | undefined;
    const indexed = /^(.*)\.(\d+)$/.exec(field);
    if (indexed) {
      field = indexed[1];
      line = Number(indexed[2]) + 1;
    }
    field = alias[field] ?? field;
    const text = detailText(t, d);
    (out[field] ??= []).push(line ? t('settings.form.line', { n: line, message: text }) : text);
  }
  return out;
};

/** The headline of an API error, in the reader's language. */
export const errorText = (t: T, e: ActionError): string => {
  switch (e.code) {
    case 'validation_error':
      return t('settings.error.validation');
    case 'password_policy':
      return t('settings.error.passwordPolicy');
    case 'login_id_taken':
      return t('settings.error.loginIdTaken');
    case 'last_admin':
      return t('settings.error.lastAdmin');
    case 'would_lock_out': {
      const ip = /\(([^)]+)\)/.exec(e.message)?.[1];
      return ip ? t('settings.error.wouldLockOut', { ip }) : t('settings.error.wouldLockOutNoIp');
    }
    case 'not_found':
      return t('settings.error.notFoundItem');
    case 'account_code_taken':
      return t('settings.error.accountCodeTaken');
    case 'platform_account':
      return t('settings.error.platformAccount');
    case 'csrf_token':
    case 'csrf_origin':
      return t('settings.error.csrf');
    case 'unauthorized':
      return t('settings.error.unauthorized');
    case 'rate_limited':
      return t('settings.error.rateLimited');
    case 'mfa_enrolment_required':
      return t('settings.error.mfaEnrolment');
    case 'ip_not_allowed':
      return t('error.forbiddenIp');
    case 'country_not_allowed':
      return t('error.forbiddenCountry');
    case 'forbidden':
      return t('error.forbidden');
    case 'permission_denied': {
      // 権限: details {permission} names the one missing (worker/users/permissions.ts)
      const p = (e.details as { permission?: unknown } | undefined)?.permission;
      return isPermission(p) ? t('perms.error.denied', { permission: t(`perms.name.${p}`) }) : t('perms.error.deniedUnknown');
    }
    case 'admin_permissions_fixed':
      return t('perms.error.adminFixed');
    default:
      return t('settings.error.other', { message: e.message });
  }
};

/**
 * An action's error as an alert. Details for fields the form does not show
 * next to an input (`shown` lists those it does) are listed here, so no
 * message is ever lost.
 */
export const ErrorAlert = component$((props: { error?: ActionError | null; shown?: string[]; alias?: Record<string, string>; id?: string }) => {
  const t = useT();
  if (!props.error) return null;
  const shown = new Set(props.shown ?? []);
  const rest = Object.entries(fieldMessages(t, props.error, props.alias)).filter(([f]) => !shown.has(f));
  return (
    <div class="alert alert-error" role="alert" id={props.id}>
      {errorText(t, props.error)}
      {rest.length > 0 && (
        <ul class="alert-list">
          {rest.map(([f, msgs]) => msgs.map((m, i) => <li key={f + i}>{m}</li>))}
        </ul>
      )}
    </div>
  );
});

/** The messages for one field, under its input. */
export const FieldError = (props: { messages?: string[]; id?: string }) =>
  props.messages?.length ? (
    <span class="field-error" id={props.id}>
      {props.messages.map((m, i) => (
        <span key={i} class="field-error-line">
          {m}
        </span>
      ))}
    </span>
  ) : null;

/**
 * Success, as a polite live region. Takes the message key (not the text): a
 * component's props must serialise, and a prop computed with t() would
 * capture the translate function.
 */
export const OkAlert = component$((props: { msg?: MessageKey | null; params?: Record<string, string | number>; id?: string }) => {
  const t = useT();
  return props.msg ? (
    <p class="alert alert-ok" role="status" id={props.id}>
      {t(props.msg, props.params)}
    </p>
  ) : null;
});

/** What a non-admin sees instead of a settings page (the API answered 403). */
export const AdminOnly = component$((props: { error?: ActionError | null; messageKey?: MessageKey }) => {
  const t = useT();
  const e = props.error;
  const forbidden = !e || e.status === 403;
  return (
    <section class="card settings-refused" id="settings-refused">
      <p class={forbidden ? 'alert alert-warn' : 'alert alert-error'} role="alert">
        {forbidden && (!e || e.code === 'forbidden') ? t(props.messageKey ?? 'settings.adminOnly') : e ? (e.status >= 500 || e.code.startsWith('http_') ? t('settings.error.load', { message: e.message }) : errorText(t, e)) : ''}
      </p>
      {forbidden && (
        <p class="hint">
          {t('settings.ownAccount')} <Link prefetch={false} href="/account">{t('nav.account')}</Link>
        </p>
      )}
      <Link prefetch={false} href="/">← {t('settings.toDashboard')}</Link>
    </section>
  );
});
