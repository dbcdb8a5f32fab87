import { component$ } from '@builder.io/qwik';
import { Form, routeAction$, routeLoader$ } from '@builder.io/qwik-city';
import { api } from '../../../lib/api';
import { failWith, loadFailure, str } from '../../../lib/action';
import { formatJst } from '../../../lib/format';
import { useLocale, useT } from '../../../i18n';
import { useMe } from '../layout';
import { titleHead } from '../../../components/settings/settings-nav';
import { AdminOnly, ErrorAlert, FieldError, OkAlert, fieldMessages } from '../../../components/settings/errors';
import type { Account } from '../../../components/settings/types';
import { ConfirmDialog } from '../../../components/kit/confirm-dialog';
import { TableSection } from '../../../components/kit/table-section';

export const useAccounts = routeLoader$(async (ev) => {
  const r = await api<{ items: Account[] }>(ev, '/platform/accounts');
  if (!r.ok) return { ...loadFailure(ev, r), items: [] as Account[] };
  return { error: null, items: r.data.items };
});

export const useSetAccountStatus = routeAction$(async (form, ev) => {
  const id = str(form, 'id');
  const status = str(form, 'status');
  const r = await api<{ account: Account }>(ev, `/platform/accounts/${encodeURIComponent(id)}/status`, { method: 'POST', csrf: str(form, '_csrf'), body: { status } });
  if (!r.ok) return failWith(ev, r, { id });
  return { code: r.data.account.code, newStatus: r.data.account.status, at: Date.now() };
});

export const useCreateAccount = routeAction$(async (form, ev) => {
  const values = { code: str(form, 'code'), name: str(form, 'name'), adminEmail: str(form, 'adminEmail'), adminLoginId: str(form, 'adminLoginId'), adminName: str(form, 'adminName') };
  const r = await api<{ account: Account }>(ev, '/platform/accounts', {
    method: 'POST',
    csrf: str(form, '_csrf'),
    body: {
      code: values.code,
      name: values.name,
      adminEmail: values.adminEmail,
      admin: { loginId: values.adminLoginId, name: values.adminName, password: str(form, 'adminPassword') },
    },
  });
  if (!r.ok) return failWith(ev, r, { values });
  return { created: r.data.account.code };
});

/** The API's field names → this form's inputs (a password_policy detail names "password"). */
const ALIAS = { 'admin.loginId': 'adminLoginId', 'admin.name': 'adminName', 'admin.password': 'adminPassword', password: 'adminPassword', admin: 'adminLoginId' };

/** 運営管理: the platform operator's list of customer accounts. */
export default component$(() => {
  const me = useMe();
  const data = useAccounts();
  const setStatus = useSetAccountStatus();
  const create = useCreateAccount();
  const t = useT();
  const locale = useLocale();
  const session = me.value.refused ? null : me.value.me;
  if (!session) return null;
  const csrf = session.csrfToken;

  const sv = setStatus.value;
  const cv = create.value;
  const createError = cv?.failed ? cv.error : null;
  const fe = fieldMessages(t, createError, ALIAS);
  const vals = cv?.failed ? cv.values : undefined;

  return (
    <>
      <h1 class="page-title">{t('platform.title')}</h1>
      <p class="lead">{t('platform.lead')}</p>
      {data.value.error ? (
        <AdminOnly error={data.value.error} messageKey="platform.forbidden" />
      ) : (
        <>
          <OkAlert msg={sv && !sv.failed ? (sv.newStatus === 'active' ? 'platform.reactivated' : 'platform.suspended') : null} params={{ code: sv?.code ?? '' }} id="account-status-ok" />
          <ErrorAlert error={sv?.failed ? sv.error : null} />
          <OkAlert msg={cv && !cv.failed ? 'platform.created.ok' : null} params={{ code: cv?.created ?? '' }} id="account-created" />

          <TableSection id="accounts-table" title={t('platform.accounts')} columns={[t('platform.code'), t('platform.name'), t('platform.status'), t('platform.adminEmail'), t('platform.created'), t('common.actions')]}>
                  {data.value.items.map((a) => (
                    <tr key={a.id} data-code={a.code}>
                      <td>
                        <span class="mono">{a.code}</span>
                        {a.isPlatform && <span class="badge badge-me">{t('platform.platformBadge')}</span>}
                      </td>
                      <td>{a.name}</td>
                      <td>
                        <span class={{ badge: true, 'badge-ok': a.status === 'active', 'badge-err': a.status === 'suspended', 'badge-warn': a.status === 'terminated' }}>
                          {a.status === 'active' || a.status === 'suspended' || a.status === 'terminated' ? t(`platform.status.${a.status}`) : a.status}
                        </span>
                      </td>
                      <td class="cell-wrap">{a.adminEmail}</td>
                      <td class="nowrap">{formatJst(a.createdAt, locale)}</td>
                      <td>
                        {!a.isPlatform &&
                          (a.status === 'active' ? (
                            <ConfirmDialog
                              id={`suspend-account-${a.code}`}
                              trigger={t('platform.suspend')}
                              triggerClass="btn btn-small btn-danger"
                              triggerLabel={`${t('platform.suspend')} ${a.code}`}
                              title={t('confirm.account.title', { code: a.code })}
                              message={t('confirm.account.message', { name: a.name })}
                            >
                              <Form action={setStatus}>
                                <input type="hidden" name="_csrf" value={csrf} />
                                <input type="hidden" name="id" value={a.id} />
                                <input type="hidden" name="status" value="suspended" />
                                <button type="submit" class="btn btn-danger" id={`suspend-account-${a.code}-yes`}>
                                  {t('confirm.yes.suspend')}
                                </button>
                              </Form>
                            </ConfirmDialog>
                          ) : (
                            <Form action={setStatus}>
                              <input type="hidden" name="_csrf" value={csrf} />
                              <input type="hidden" name="id" value={a.id} />
                              <input type="hidden" name="status" value="active" />
                              <button type="submit" class="btn btn-small">
                                {t('platform.reactivate')}
                              </button>
                            </Form>
                          ))}
                      </td>
                    </tr>
                  ))}
          </TableSection>

          <section class="card section" id="create-account">
            <h2>{t('platform.create.title')}</h2>
            <ErrorAlert error={createError} shown={['code', 'name', 'adminEmail', 'adminLoginId', 'adminName', 'adminPassword']} alias={ALIAS} />
            <Form
              action={create}
              class="form"
              id="create-account-form"
              onSubmitCompleted$={(e, form) => {
                if (!(e.detail.value as { failed?: boolean } | undefined)?.failed) form.reset();
              }}
            >
              <input type="hidden" name="_csrf" value={csrf} />
              <div class="form-grid">
                <label>
                  {t('platform.code')}
                  <input name="code" required maxLength={32} class="mono" autoComplete="off" value={vals?.code} aria-invalid={fe.code ? 'true' : undefined} />
                  <span class="hint">{t('platform.create.codeHint')}</span>
                  <FieldError messages={fe.code} />
                </label>
                <label>
                  {t('platform.name')}
                  <input name="name" required maxLength={100} value={vals?.name} aria-invalid={fe.name ? 'true' : undefined} />
                  <FieldError messages={fe.name} />
                </label>
                <label>
                  {t('platform.adminEmail')}
                  <input name="adminEmail" type="email" required maxLength={254} value={vals?.adminEmail} aria-invalid={fe.adminEmail ? 'true' : undefined} />
                  <FieldError messages={fe.adminEmail} />
                </label>
              </div>
              <fieldset class="subfieldset">
                <legend>{t('platform.create.admin')}</legend>
                <div class="form-grid">
                  <label>
                    {t('platform.create.adminLoginId')}
                    <input name="adminLoginId" required maxLength={64} autoComplete="off" value={vals?.adminLoginId} aria-invalid={fe.adminLoginId ? 'true' : undefined} />
                    <FieldError messages={fe.adminLoginId} />
                  </label>
                  <label>
                    {t('platform.create.adminName')}
                    <input name="adminName" required maxLength={100} value={vals?.adminName} aria-invalid={fe.adminName ? 'true' : undefined} />
                    <FieldError messages={fe.adminName} />
                  </label>
                  <label>
                    {t('platform.create.adminPassword')}
                    <input name="adminPassword" type="password" required minLength={12} maxLength={128} autoComplete="new-password" aria-invalid={fe.adminPassword ? 'true' : undefined} />
                    <FieldError messages={fe.adminPassword} />
                  </label>
                </div>
                <p class="hint">{t('users.create.passwordHint')}</p>
              </fieldset>
              <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={create.isRunning}>
                  {t('platform.create.submit')}
                </button>
              </div>
            </Form>
          </section>
        </>
      )}
    </>
  );
});

export const head = titleHead('platform.title');
