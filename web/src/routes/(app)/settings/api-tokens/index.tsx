import { $, component$, useSignal } from '@builder.io/qwik';
import { Form, routeAction$, routeLoader$ } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { failWith, loadFailure, str, strs } from '../../../../lib/action';
import { formatJst } from '../../../../lib/format';
import { useLocale, useT } from '../../../../i18n';
import { useMe } from '../../layout';
import { SettingsNav, titleHead } from '../../../../components/settings/settings-nav';
import { AdminOnly, ErrorAlert, FieldError, OkAlert, fieldMessages } from '../../../../components/settings/errors';
import { SCOPES, type ApiToken } from '../../../../components/settings/types';
import { ConfirmDialog } from '../../../../components/kit/confirm-dialog';
import { TableSection } from '../../../../components/kit/table-section';

export const useTokens = routeLoader$(async (ev) => {
  const r = await api<{ items: ApiToken[] }>(ev, '/api-tokens');
  if (!r.ok) return { ...loadFailure(ev, r), items: [] as ApiToken[] };
  return { error: null, items: r.data.items };
});

export const useCreateToken = routeAction$(async (form, ev) => {
  const name = str(form, 'name');
  const scopes = strs(form, 'scopes');
  const r = await api<ApiToken & { token: string }>(ev, '/api-tokens', { method: 'POST', csrf: str(form, '_csrf'), body: { name, scopes } });
  if (!r.ok) return failWith(ev, r, { values: { name, scopes: scopes.join(' ') } });
  // The secret is in this answer only: it is shown once and never stored by the page.
  return { created: { name: r.data.name, token: r.data.token, prefix: r.data.prefix } };
});

export const useRevokeToken = routeAction$(async (form, ev) => {
  const id = str(form, 'id');
  const name = str(form, 'name');
  const r = await api(ev, `/api-tokens/${encodeURIComponent(id)}`, { method: 'DELETE', csrf: str(form, '_csrf') });
  if (!r.ok) return failWith(ev, r, { id });
  return { revoked: name };
});

/** APIトークン: tokens for integrators; the secret is shown once, at creation. */
export default component$(() => {
  const me = useMe();
  const data = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const t = useT();
  const locale = useLocale();
  // With JavaScript, action results stay on the page: revoking afterwards hides the secret.
  const secretHidden = useSignal(false);
  const showSecret = $(() => {
    secretHidden.value = false;
  });
  const hideSecret = $(() => {
    secretHidden.value = true;
  });
  const session = me.value.refused ? null : me.value.me;
  if (!session) return null;
  const csrf = session.csrfToken;

  const cv = create.value;
  const createError = cv?.failed ? cv.error : null;
  const fe = fieldMessages(t, createError);
  const chosen = cv?.failed && cv.values ? cv.values.scopes.split(' ') : [];
  const rv = revoke.value;

  return (
    <>
      <SettingsNav />
      <h1 class="page-title">{t('tokens.title')}</h1>
      <p class="lead">{t('tokens.lead')}</p>
      {data.value.error ? (
        <AdminOnly error={data.value.error} />
      ) : (
        <>
          {cv && !cv.failed && cv.created && !secretHidden.value && (
            <section class="card section token-created" id="token-created">
              <h2>{t('tokens.secret.title', { name: cv.created.name })}</h2>
              <p class="alert alert-warn" role="alert">
                {t('tokens.secret.warning')}
              </p>
              {/* String(): a computed child, so a second token created on this page replaces the first */}
              <pre class="secret-box mono" id="token-secret" data-prefix={String(cv.created.prefix)}>
                {String(cv.created.token)}
              </pre>
              <p class="hint">{t('tokens.secret.usage')}</p>
              <a href="/settings/api-tokens" class="btn btn-small">
                {t('tokens.secret.done')}
              </a>
            </section>
          )}
          <OkAlert msg={rv && !rv.failed ? 'tokens.revokedOk' : null} params={{ name: rv?.revoked ?? '' }} id="token-revoked" />
          <ErrorAlert error={rv?.failed ? rv.error : null} />

          <TableSection id="tokens-table" title={t('tokens.list')} columns={[t('tokens.name'), t('tokens.prefix'), t('tokens.scopes'), t('tokens.created'), t('tokens.lastUsed'), t('tokens.state'), t('common.actions')]} empty={data.value.items.length === 0 ? t('tokens.none') : null}>
                  {data.value.items.map((k) => (
                    <tr key={k.id} data-token-name={k.name} class={{ revoked: !!k.revokedAt }}>
                      <td class="cell-wrap">
                        <strong>{k.name}</strong>
                      </td>
                      <td>
                        <code>{k.prefix}…</code>
                      </td>
                      <td>
                        <span class="badges">
                          {k.scopes.map((s) => (
                            <span key={s} class={{ badge: true, 'badge-warn': s.endsWith(':write') }} title={(SCOPES as readonly string[]).includes(s) ? t(`tokens.scope.${s as (typeof SCOPES)[number]}`) : s}>
                              {s}
                            </span>
                          ))}
                        </span>
                      </td>
                      <td class="nowrap">{formatJst(k.createdAt, locale)}</td>
                      <td class="nowrap">{k.lastUsedAt ? formatJst(k.lastUsedAt, locale) : <span class="muted">{t('tokens.neverUsed')}</span>}</td>
                      <td>
                        {k.revokedAt ? (
                          <span class="status-cell">
                            <span class="badge badge-err">{t('tokens.revoked')}</span>
                            <span class="small muted">{t('tokens.revokedAt', { time: formatJst(k.revokedAt, locale) })}</span>
                          </span>
                        ) : (
                          <span class="badge badge-ok">{t('tokens.active')}</span>
                        )}
                      </td>
                      <td>
                        {!k.revokedAt && (
                          <ConfirmDialog
                            id={`revoke-token-${k.id}`}
                            trigger={t('tokens.revoke', { name: k.name })}
                            triggerClass="btn btn-small btn-danger"
                            title={t('confirm.token.title', { name: k.name })}
                            message={t('confirm.token.message')}
                          >
                            <Form action={revoke} onSubmit$={hideSecret}>
                              <input type="hidden" name="_csrf" value={csrf} />
                              <input type="hidden" name="id" value={k.id} />
                              <input type="hidden" name="name" value={k.name} />
                              <button type="submit" class="btn btn-danger" id={`revoke-token-${k.id}-yes`}>
                                {t('confirm.yes.revoke')}
                              </button>
                            </Form>
                          </ConfirmDialog>
                        )}
                      </td>
                    </tr>
                  ))}
          </TableSection>

          <section class="card section" id="create-token">
            <h2>{t('tokens.create.title')}</h2>
            <ErrorAlert error={createError} shown={['name', 'scopes']} />
            <Form
              action={create}
              class="form"
              id="create-token-form"
              onSubmit$={showSecret}
              onSubmitCompleted$={(e, form) => {
                if (!(e.detail.value as { failed?: boolean } | undefined)?.failed) form.reset();
              }}
            >
              <input type="hidden" name="_csrf" value={csrf} />
              <label class="narrow">
                {t('tokens.name')}
                <input name="name" required maxLength={100} placeholder={t('tokens.nameHint')} value={cv?.failed ? cv.values?.name : undefined} aria-invalid={fe.name ? 'true' : undefined} />
                <FieldError messages={fe.name} />
              </label>
              <fieldset class="scopes" aria-invalid={fe.scopes ? 'true' : undefined}>
                <legend>{t('tokens.scopes')}</legend>
                <div class="scope-grid">
                  {SCOPES.map((s) => (
                    <label key={s} class="checkbox">
                      <input type="checkbox" name="scopes[]" value={s} checked={chosen.includes(s)} />
                      <span>
                        <code>{s}</code>
                        <span class="muted small"> {t(`tokens.scope.${s}`)}</span>
                      </span>
                    </label>
                  ))}
                </div>
                <p class="hint">{t('tokens.create.scopesHint')}</p>
                <FieldError messages={fe.scopes} />
              </fieldset>
              <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={create.isRunning}>
                  {t('tokens.create.submit')}
                </button>
              </div>
            </Form>
          </section>
        </>
      )}
    </>
  );
});

export const head = titleHead('tokens.title');
