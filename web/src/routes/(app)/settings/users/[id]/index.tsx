import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$ } from '@builder.io/qwik-city';
import { api } from '../../../../../lib/api';
import { failWith, loadFailure, str, strs } from '../../../../../lib/action';
import { PERMISSIONS } from '../../../../../lib/permissions';
import { formatJst } from '../../../../../lib/format';
import { useLocale, useT } from '../../../../../i18n';
import { useMe } from '../../../layout';
import { SettingsNav, titleHead } from '../../../../../components/settings/settings-nav';
import { AdminOnly, ErrorAlert, FieldError, OkAlert, fieldMessages } from '../../../../../components/settings/errors';
import { MfaBadges, RoleLabel, UserStatus } from '../../../../../components/settings/user-bits';
import { ROLES, type User } from '../../../../../components/settings/types';
import { ConfirmDialog } from '../../../../../components/kit/confirm-dialog';

const path = (id: string) => `/users/${encodeURIComponent(id)}`;

export const useUser = routeLoader$(async (ev) => {
  const r = await api<{ user: User }>(ev, path(ev.params.id));
  if (!r.ok) return { ...loadFailure(ev, r), user: null };
  return { error: null, user: r.data.user };
});

export const useEditUser = routeAction$(async (form, ev) => {
  const values = { name: str(form, 'name'), email: str(form, 'email'), phone: str(form, 'phone').trim(), role: str(form, 'role') };
  const r = await api<{ user: User }>(ev, path(ev.params.id), {
    method: 'PATCH',
    csrf: str(form, '_csrf'),
    body: { ...values, phone: values.phone || null },
  });
  if (!r.ok) return failWith(ev, r, { values });
  return { saved: true };
});

export const useSetStatus = routeAction$(async (form, ev) => {
  const status = str(form, 'status');
  const r = await api<{ user: User }>(ev, path(ev.params.id), { method: 'PATCH', csrf: str(form, '_csrf'), body: { status } });
  if (!r.ok) return failWith(ev, r);
  return { newStatus: r.data.user.status, at: Date.now() };
});

export const useUnlock = routeAction$(async (form, ev) => {
  const r = await api<{ user: User }>(ev, `${path(ev.params.id)}/unlock`, { method: 'POST', csrf: str(form, '_csrf') });
  if (!r.ok) return failWith(ev, r);
  return { unlocked: r.data.user.loginId };
});

/** 権限: the whole set, as the checkboxes hold it (the API validates every word). */
export const useSetPermissions = routeAction$(async (form, ev) => {
  const r = await api<{ user: User }>(ev, path(ev.params.id), { method: 'PATCH', csrf: str(form, '_csrf'), body: { permissions: strs(form, 'permissions') } });
  if (!r.ok) return failWith(ev, r);
  return { permissionsSaved: true };
});

export const useResetPassword = routeAction$(async (form, ev) => {
  const r = await api<{ user: User }>(ev, path(ev.params.id), { method: 'PATCH', csrf: str(form, '_csrf'), body: { password: str(form, 'password') } });
  if (!r.ok) return failWith(ev, r);
  return { reset: true };
});

/** One user: profile and role, 権限 (permissions), enable/disable, unlock, password reset. */
export default component$(() => {
  const me = useMe();
  const data = useUser();
  const edit = useEditUser();
  const setStatus = useSetStatus();
  const unlock = useUnlock();
  const reset = useResetPassword();
  const setPermissions = useSetPermissions();
  const t = useT();
  const locale = useLocale();
  const session = me.value.refused ? null : me.value.me;
  if (!session) return null;
  const csrf = session.csrfToken;
  const u = data.value.user;

  const ev_ = edit.value;
  const editError = ev_?.failed ? ev_.error : null;
  const fe = fieldMessages(t, editError);
  const vals = ev_?.failed ? ev_.values : undefined;
  const sv = setStatus.value;
  const lv = unlock.value;
  const rv = reset.value;
  const resetError = rv?.failed ? rv.error : null;
  const re = fieldMessages(t, resetError);
  const pv = setPermissions.value;

  return (
    <>
      <SettingsNav />
      <p class="back-link">
        <Link prefetch={false} href="/settings/users">← {t('users.detail.back')}</Link>
      </p>
      {!u ? (
        data.value.error?.status === 404 ? (
          <section class="card">
            <p class="alert alert-warn" role="alert">
              {t('users.detail.notFound')}
            </p>
          </section>
        ) : (
          <AdminOnly error={data.value.error} />
        )
      ) : (
        <>
          <h1 class="page-title">{t('users.detail.title', { name: u.name })}</h1>
          <dl class="facts" id="user-facts">
            <div>
              <dt>{t('users.loginId')}</dt>
              <dd class="mono">{u.loginId}</dd>
            </div>
            <div>
              <dt>{t('users.role')}</dt>
              <dd>
                <RoleLabel role={u.role} />
              </dd>
            </div>
            <div>
              <dt>{t('users.status')}</dt>
              <dd>
                <UserStatus user={u} />
              </dd>
            </div>
            <div>
              <dt>{t('users.mfa')}</dt>
              <dd>
                <MfaBadges user={u} />
              </dd>
            </div>
            <div>
              <dt>{t('users.lastLogin')}</dt>
              <dd>{u.lastLoginAt ? formatJst(u.lastLoginAt, locale) : t('users.never')}</dd>
            </div>
            <div>
              <dt>{t('users.created')}</dt>
              <dd>{formatJst(u.createdAt, locale)}</dd>
            </div>
          </dl>

          <div class="settings-columns">
            <div class="stack">
              <section class="card" id="edit-user">
                <h2>{t('users.edit.title')}</h2>
                <OkAlert msg={ev_ && !ev_.failed ? 'users.edit.ok' : null} />
                <ErrorAlert error={editError} shown={['name', 'email', 'phone', 'role']} />
                <Form action={edit} class="form" id="edit-user-form">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <label>
                    {t('users.name')}
                    <input name="name" required maxLength={100} value={vals?.name ?? u.name} aria-invalid={fe.name ? 'true' : undefined} />
                    <FieldError messages={fe.name} />
                  </label>
                  <label>
                    {t('users.email')}
                    <input name="email" type="email" required maxLength={254} value={vals?.email ?? u.email} aria-invalid={fe.email ? 'true' : undefined} />
                    <FieldError messages={fe.email} />
                  </label>
                  <label>
                    <span>
                      {t('users.phone')} <span class="optional">({t('settings.form.optional')})</span>
                    </span>
                    <input name="phone" type="tel" maxLength={20} placeholder="090-1234-5678" value={vals?.phone ?? u.phone ?? ''} aria-invalid={fe.phone ? 'true' : undefined} />
                    <span class="hint">
                      {t('users.phoneHint')} {t('users.edit.phoneClear')}
                    </span>
                    <FieldError messages={fe.phone} />
                  </label>
                  <label>
                    {t('users.role')}
                    <select name="role" aria-invalid={fe.role ? 'true' : undefined}>
                      {ROLES.map((r) => (
                        <option key={r} value={r} selected={(vals?.role ?? u.role) === r}>
                          {t(`settings.role.${r}`)}
                        </option>
                      ))}
                    </select>
                    <FieldError messages={fe.role} />
                  </label>
                  <div class="actions">
                    <button type="submit" class="btn btn-primary" disabled={edit.isRunning}>
                      {t('users.edit.submit')}
                    </button>
                  </div>
                </Form>
              </section>

              <section class="card" id="user-permissions">
                <h2>{t('perms.section.title')}</h2>
                <OkAlert msg={pv && !pv.failed ? 'perms.saved' : null} id="permissions-saved" />
                <ErrorAlert error={pv?.failed ? pv.error : null} shown={['permissions']} />
                <p class="hint">{t('perms.section.lead')}</p>
                {u.role === 'admin' ? (
                  <fieldset class="scopes" disabled id="permissions-fixed">
                    <legend>{t('perms.group', { name: u.name })}</legend>
                    <p class="alert alert-warn" id="permissions-admin-note">
                      {t('perms.adminNote')}
                    </p>
                    <div class="scope-grid">
                      {PERMISSIONS.map((p) => (
                        <label key={p} class="checkbox" data-permission={p}>
                          <input type="checkbox" name="permissions[]" value={p} checked disabled />
                          <span>
                            <strong>{t(`perms.name.${p}`)}</strong>
                            <span class="muted small"> {t(`perms.desc.${p}`)}</span>
                          </span>
                        </label>
                      ))}
                    </div>
                  </fieldset>
                ) : (
                  <Form action={setPermissions} class="form" id="permissions-form">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <fieldset class="scopes">
                      <legend>{t('perms.group', { name: u.name })}</legend>
                      <div class="scope-grid">
                        {PERMISSIONS.map((p) => (
                          <label key={p} class="checkbox" data-permission={p}>
                            <input type="checkbox" name="permissions[]" value={p} checked={u.permissions.includes(p)} />
                            <span>
                              <strong>{t(`perms.name.${p}`)}</strong>
                              <span class="muted small"> {t(`perms.desc.${p}`)}</span>
                            </span>
                          </label>
                        ))}
                      </div>
                    </fieldset>
                    <div class="actions">
                      <button type="submit" class="btn btn-primary" id="save-permissions" disabled={setPermissions.isRunning}>
                        {t('perms.save')}
                      </button>
                    </div>
                  </Form>
                )}
              </section>
            </div>

            <div class="stack">
              <section class="card" id="user-status">
                <h2>{t('users.status.title')}</h2>
                <OkAlert msg={sv && !sv.failed ? (sv.newStatus === 'active' ? 'users.enabled.ok' : 'users.disabled.ok') : null} />
                <ErrorAlert error={sv?.failed ? sv.error : null} />
                <p>{u.status === 'active' ? t('users.status.activeNote') : t('users.status.disabledNote')}</p>
                {u.id === session.user.id ? (
                  <p class="hint">{t('users.selfNote')}</p>
                ) : u.status === 'active' ? (
                  <>
                    <p class="hint">{t('users.disable.note')}</p>
                    <ConfirmDialog id="disable-user" trigger={t('users.disable')} title={t('confirm.user.disable.title', { name: u.name })} message={t('confirm.user.disable.message')}>
                      <Form action={setStatus}>
                        <input type="hidden" name="_csrf" value={csrf} />
                        <input type="hidden" name="status" value="disabled" />
                        <button type="submit" class="btn btn-danger" id="toggle-status">
                          {t('confirm.yes.disable')}
                        </button>
                      </Form>
                    </ConfirmDialog>
                  </>
                ) : (
                  <Form action={setStatus}>
                    <input type="hidden" name="_csrf" value={csrf} />
                    <input type="hidden" name="status" value="active" />
                    <button type="submit" class="btn" id="toggle-status">
                      {t('users.enable')}
                    </button>
                  </Form>
                )}
              </section>

              <section class="card" id="user-lock">
                <h2>{t('users.lock.title')}</h2>
                <OkAlert msg={lv && !lv.failed ? 'users.unlocked' : null} params={{ loginId: lv?.unlocked ?? '' }} />
                <ErrorAlert error={lv?.failed ? lv.error : null} />
                {u.locked ? (
                  <Form action={unlock}>
                    <input type="hidden" name="_csrf" value={csrf} />
                    <p>{t('users.lock.lockedNote', { time: formatJst(u.lockedUntil, locale) })}</p>
                    <button type="submit" class="btn" id="unlock-user">
                      {t('users.unlock')}
                    </button>
                  </Form>
                ) : (
                  <p class="muted">{t('users.lock.notLocked')}</p>
                )}
              </section>

              <section class="card" id="reset-password">
                <h2>{t('users.reset.title')}</h2>
                {u.id === session.user.id ? (
                  <p class="hint">
                    {t('users.reset.self')} <Link prefetch={false} href="/account">{t('nav.account')}</Link>
                  </p>
                ) : (
                  <>
                    <OkAlert msg={rv && !rv.failed ? 'users.reset.ok' : null} />
                    {/* every error shows here: the dialog with the password field closes on submit */}
                    <ErrorAlert error={resetError} />
                    <p class="hint">{t('users.reset.note')}</p>
                    <ConfirmDialog id="reset-user-password" trigger={t('users.reset.submit')} title={t('confirm.user.reset.title', { name: u.name })} message={t('confirm.user.reset.message')}>
                      <Form
                        action={reset}
                        class="form"
                        onSubmitCompleted$={(e, form) => {
                          if (!(e.detail.value as { failed?: boolean } | undefined)?.failed) form.reset();
                        }}
                      >
                        <input type="hidden" name="_csrf" value={csrf} />
                        <label>
                          {t('users.reset.password')}
                          <input name="password" type="password" required minLength={12} maxLength={128} autoComplete="new-password" autoFocus aria-invalid={re.password ? 'true' : undefined} />
                          <FieldError messages={re.password} />
                        </label>
                        <p class="hint">{t('users.create.passwordHint')}</p>
                        <button type="submit" class="btn btn-danger" id="reset-user-password-yes" disabled={reset.isRunning}>
                          {t('confirm.yes.reset')}
                        </button>
                      </Form>
                    </ConfirmDialog>
                  </>
                )}
              </section>
            </div>
          </div>
        </>
      )}
    </>
  );
});

export const head = titleHead('users.title');
