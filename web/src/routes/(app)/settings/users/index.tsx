import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$ } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { failWith, loadFailure, str } from '../../../../lib/action';
import { formatJst } from '../../../../lib/format';
import { useLocale, useT } from '../../../../i18n';
import { useMe } from '../../layout';
import { SettingsNav, titleHead } from '../../../../components/settings/settings-nav';
import { AdminOnly, ErrorAlert, FieldError, OkAlert, fieldMessages } from '../../../../components/settings/errors';
import { MfaBadges, RoleLabel, UserStatus } from '../../../../components/settings/user-bits';
import { ROLES, type User } from '../../../../components/settings/types';
import { TableSection } from '../../../../components/kit/table-section';
import { PERMISSIONS } from '../../../../lib/permissions';

export const useUsers = routeLoader$(async (ev) => {
  const r = await api<{ items: User[] }>(ev, '/users');
  if (!r.ok) return { ...loadFailure(ev, r), items: [] as User[] };
  return { error: null, items: r.data.items };
});

export const useCreateUser = routeAction$(async (form, ev) => {
  const values = { loginId: str(form, 'loginId'), name: str(form, 'name'), email: str(form, 'email'), phone: str(form, 'phone').trim(), role: str(form, 'role') };
  const { phone, ...rest } = values;
  const r = await api<{ user: User }>(ev, '/users', {
    method: 'POST',
    csrf: str(form, '_csrf'),
    body: { ...rest, ...(phone ? { phone } : {}), password: str(form, 'password') },
  });
  if (!r.ok) return failWith(ev, r, { values });
  return { created: r.data.user.loginId, id: r.data.user.id };
});

export const useUnlockUser = routeAction$(async (form, ev) => {
  const id = str(form, 'id');
  const r = await api<{ user: User }>(ev, `/users/${encodeURIComponent(id)}/unlock`, { method: 'POST', csrf: str(form, '_csrf') });
  if (!r.ok) return failWith(ev, r, { id });
  return { unlocked: r.data.user.loginId };
});

/** ユーザー: every user of the account, and a form to add one. */
export default component$(() => {
  const me = useMe();
  const users = useUsers();
  const create = useCreateUser();
  const unlock = useUnlockUser();
  const t = useT();
  const locale = useLocale();
  const session = me.value.refused ? null : me.value.me;
  if (!session) return null;
  const csrf = session.csrfToken;
  const myId = session.user.id;

  const cv = create.value;
  const createError = cv?.failed ? cv.error : null;
  const fe = fieldMessages(t, createError);
  const vals = cv?.failed ? cv.values : undefined;
  const uv = unlock.value;

  return (
    <>
      <SettingsNav />
      <h1 class="page-title">{t('users.title')}</h1>
      <p class="lead">{t('users.lead')}</p>
      {users.value.error ? (
        <AdminOnly error={users.value.error} />
      ) : (
        <>
          <OkAlert msg={cv && !cv.failed ? 'users.created.ok' : null} params={{ loginId: cv?.created ?? '' }} id="user-created" />
          <OkAlert msg={uv && !uv.failed ? 'users.unlocked' : null} params={{ loginId: uv?.unlocked ?? '' }} />
          <ErrorAlert error={uv?.failed ? uv.error : null} />

          <TableSection id="users-table" title={t('users.list')} columns={[t('users.loginId'), t('users.name'), t('users.email'), t('users.role'), t('perms.list.column'), t('users.status'), t('users.mfa'), t('users.lastLogin'), t('common.actions')]}>
                  {users.value.items.map((u) => (
                    <tr key={u.id} data-login-id={u.loginId}>
                      <td class="nowrap">
                        <Link prefetch={false} href={`/settings/users/${u.id}`} class="mono">
                          {u.loginId}
                        </Link>
                        {u.id === myId && <span class="badge badge-me">{t('users.you')}</span>}
                      </td>
                      <td class="nowrap">{u.name}</td>
                      <td class="nowrap">{u.email}</td>
                      <td>
                        <RoleLabel role={u.role} />
                      </td>
                      <td class="perm-summary" data-permissions={u.permissions.join(' ')}>
                        {/* 権限 at a glance: an admin holds them all */}
                        {u.role === 'admin' || u.permissions.length === PERMISSIONS.length ? (
                          <span class="badge badge-ok">{t('perms.list.all')}</span>
                        ) : u.permissions.length === 0 ? (
                          <span class="muted">{t('perms.list.none')}</span>
                        ) : (
                          <span class="badges">
                            {u.permissions.map((p) => (
                              <span key={p} class="badge" title={t(`perms.name.${p}`)}>
                                {t(`perms.short.${p}`)}
                              </span>
                            ))}
                          </span>
                        )}
                      </td>
                      <td>
                        <UserStatus user={u} />
                      </td>
                      <td>
                        <MfaBadges user={u} />
                      </td>
                      <td class="nowrap">{u.lastLoginAt ? formatJst(u.lastLoginAt, locale) : <span class="muted">{t('users.never')}</span>}</td>
                      <td>
                        <div class="actions">
                          <Link prefetch={false} href={`/settings/users/${u.id}`} class="btn btn-small">
                            {t('users.open')}
                          </Link>
                          {u.locked && (
                            <Form action={unlock}>
                              <input type="hidden" name="_csrf" value={csrf} />
                              <input type="hidden" name="id" value={u.id} />
                              <button type="submit" class="btn btn-small">
                                {t('users.unlock')}
                              </button>
                            </Form>
                          )}
                        </div>
                      </td>
                    </tr>
                  ))}
          </TableSection>

          <section class="card section" id="create-user">
            <h2>{t('users.create.title')}</h2>
            <ErrorAlert error={createError} shown={['loginId', 'name', 'email', 'phone', 'role', 'password']} />
            <Form
              action={create}
              class="form"
              id="create-user-form"
              onSubmitCompleted$={(e, form) => {
                if (!(e.detail.value as { failed?: boolean } | undefined)?.failed) form.reset();
              }}
            >
              <input type="hidden" name="_csrf" value={csrf} />
              <div class="form-grid">
                <label>
                  {t('users.loginId')}
                  <input name="loginId" required maxLength={64} autoComplete="off" value={vals?.loginId} aria-invalid={fe.loginId ? 'true' : undefined} />
                  <FieldError messages={fe.loginId} />
                </label>
                <label>
                  {t('users.name')}
                  <input name="name" required maxLength={100} value={vals?.name} aria-invalid={fe.name ? 'true' : undefined} />
                  <FieldError messages={fe.name} />
                </label>
                <label>
                  {t('users.email')}
                  <input name="email" type="email" required maxLength={254} value={vals?.email} aria-invalid={fe.email ? 'true' : undefined} />
                  <FieldError messages={fe.email} />
                </label>
                <label>
                  <span>
                    {t('users.phone')} <span class="optional">({t('settings.form.optional')})</span>
                  </span>
                  <input name="phone" type="tel" maxLength={20} placeholder="090-1234-5678" value={vals?.phone} aria-invalid={fe.phone ? 'true' : undefined} />
                  <span class="hint">{t('users.phoneHint')}</span>
                  <FieldError messages={fe.phone} />
                </label>
                <label>
                  {t('users.role')}
                  <select name="role" aria-invalid={fe.role ? 'true' : undefined}>
                    {ROLES.map((r) => (
                      <option key={r} value={r} selected={(vals?.role ?? 'operator') === r}>
                        {t(`settings.role.${r}`)}
                      </option>
                    ))}
                  </select>
                  <FieldError messages={fe.role} />
                </label>
                <label>
                  {t('users.create.password')}
                  <input name="password" type="password" required minLength={12} maxLength={128} autoComplete="new-password" aria-invalid={fe.password ? 'true' : undefined} aria-describedby="password-policy" />
                  <FieldError messages={fe.password} id="password-errors" />
                </label>
              </div>
              <p class="hint" id="password-policy">
                {t('users.create.passwordHint')}
              </p>
              <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={create.isRunning}>
                  {create.isRunning ? t('common.loading') : t('users.create.submit')}
                </button>
              </div>
            </Form>
          </section>
        </>
      )}
    </>
  );
});

export const head = titleHead('users.title');
