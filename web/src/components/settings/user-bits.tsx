import { useLocale, useT } from '../../i18n';
import { formatJst } from '../../lib/format';
import type { Role, User } from './types';

/*
 * Inline components (plain functions), not component$: they re-render with
 * the page, so they follow the loader's data after every action. (A
 * component$ prop written as `obj.field` is frozen by Qwik's optimizer when
 * `obj` is a plain loader object.) Text goes through t()/formatJst, never a
 * bare `{props.x}`, for the same reason.
 */

/** 管理者 / オペレーター / 閲覧者. */
export const RoleLabel = (props: { role: Role }) => {
  const t = useT();
  const role = props.role;
  return <span class={`role role-${role}`}>{t(`settings.role.${role}`)}</span>;
};

/** Active or disabled, and the lock with its end in JST. */
export const UserStatus = (props: { user: User }) => {
  const t = useT();
  const locale = useLocale();
  const u = props.user;
  return (
    <span class="status-cell">
      {u.status === 'active' ? <span class="badge badge-ok">{t('users.status.active')}</span> : <span class="badge">{t('users.status.disabled')}</span>}
      {u.locked && (
        <span class="locked">
          <span class="badge badge-err">{t('users.locked')}</span>
          <span class="small muted nowrap">{t('users.lockedUntil', { time: formatJst(u.lockedUntil, locale) })}</span>
        </span>
      )}
    </span>
  );
};

/** TOTP / SMS badges, or なし. */
export const MfaBadges = (props: { user: User }) => {
  const t = useT();
  const { totp, sms } = props.user.mfa;
  if (!totp && !sms) return <span class="muted">{t('users.mfa.none')}</span>;
  return (
    <span class="badges">
      {totp && <span class="badge badge-ok">{t('users.mfa.totp')}</span>}
      {sms && <span class="badge badge-ok">{t('users.mfa.sms')}</span>}
    </span>
  );
};
