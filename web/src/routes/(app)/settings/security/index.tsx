import { component$ } from '@builder.io/qwik';
import { Form, routeAction$, routeLoader$ } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { failWith, lines, loadFailure, num, str } from '../../../../lib/action';
import { jstToday } from '../../../../lib/jst';
import { useT } from '../../../../i18n';
import { useMe } from '../../layout';
import { SettingsNav, titleHead } from '../../../../components/settings/settings-nav';
import { AdminOnly, ErrorAlert, FieldError, OkAlert, fieldMessages } from '../../../../components/settings/errors';
import type { CountryException, SecuritySettings } from '../../../../components/settings/types';
import { ConfirmDialog } from '../../../../components/kit/confirm-dialog';

export const useSecurity = routeLoader$(async (ev) => {
  const [s, x] = await Promise.all([api<SecuritySettings>(ev, '/settings/security'), api<{ items: CountryException[] }>(ev, '/settings/country-exceptions')]);
  if (!s.ok) return { ...loadFailure(ev, s), settings: null, exceptions: [] as CountryException[] };
  if (!x.ok) return { ...loadFailure(ev, x), settings: null, exceptions: [] as CountryException[] };
  return { error: null, settings: s.data, exceptions: x.data.items };
});

export const useSaveSecurity = routeAction$(async (form, ev) => {
  const values = {
    ipAllowlist: str(form, 'ipAllowlist'),
    lockoutThreshold: str(form, 'lockoutThreshold'),
    lockoutMinutes: str(form, 'lockoutMinutes'),
    mfaRequired: form.mfaRequired ? 'on' : '',
  };
  const r = await api<SecuritySettings>(ev, '/settings/security', {
    method: 'PUT',
    csrf: str(form, '_csrf'),
    body: {
      ipAllowlist: lines(values.ipAllowlist),
      lockoutThreshold: num(values.lockoutThreshold),
      lockoutMinutes: num(values.lockoutMinutes),
      mfaRequired: values.mfaRequired === 'on',
    },
  });
  if (!r.ok) return failWith(ev, r, { values });
  return { saved: true };
});

export const useAddException = routeAction$(async (form, ev) => {
  const values = { country: str(form, 'country').trim(), from: str(form, 'from'), to: str(form, 'to'), cidrs: str(form, 'cidrs'), note: str(form, 'note').trim() };
  const r = await api<CountryException>(ev, '/settings/country-exceptions', {
    method: 'POST',
    csrf: str(form, '_csrf'),
    body: { country: values.country, from: values.from, to: values.to, cidrs: lines(values.cidrs), ...(values.note ? { note: values.note } : {}) },
  });
  if (!r.ok) return failWith(ev, r, { values });
  return { added: r.data.country };
});

export const useDeleteException = routeAction$(async (form, ev) => {
  const id = str(form, 'id');
  const r = await api(ev, `/settings/country-exceptions/${encodeURIComponent(id)}`, { method: 'DELETE', csrf: str(form, '_csrf') });
  if (!r.ok) return failWith(ev, r, { id });
  return { deleted: id };
});

/** セキュリティ: IP allowlist, lockout, required MFA, and the exceptions for access from abroad. */
export default component$(() => {
  const me = useMe();
  const data = useSecurity();
  const save = useSaveSecurity();
  const add = useAddException();
  const del = useDeleteException();
  const t = useT();
  const session = me.value.refused ? null : me.value.me;
  if (!session) return null;
  const csrf = session.csrfToken;
  const s = data.value.settings;

  const sv = save.value;
  const saveError = sv?.failed ? sv.error : null;
  const fe = fieldMessages(t, saveError);
  const svals = sv?.failed ? sv.values : undefined;

  const av = add.value;
  const addError = av?.failed ? av.error : null;
  const ae = fieldMessages(t, addError);
  const avals = av?.failed ? av.values : undefined;
  const dv = del.value;
  const today = jstToday();

  return (
    <>
      <SettingsNav />
      <h1 class="page-title">{t('security.title')}</h1>
      <p class="lead">{t('security.lead')}</p>
      {!s ? (
        <AdminOnly error={data.value.error} />
      ) : (
        <>
          <section class="card section" id="security-settings">
            <h2>{t('security.settings')}</h2>
            <OkAlert msg={sv && !sv.failed ? 'security.saved' : null} id="security-saved" />
            <ErrorAlert error={saveError} shown={['ipAllowlist', 'lockoutThreshold', 'lockoutMinutes', 'mfaRequired']} id="security-error" />
            <Form action={save} class="form" id="security-form">
              <input type="hidden" name="_csrf" value={csrf} />
              <label>
                {t('security.allowlist')}
                <textarea
                  name="ipAllowlist"
                  rows={5}
                  class="mono"
                  spellcheck={false}
                  aria-invalid={fe.ipAllowlist ? 'true' : undefined}
                  aria-describedby="allowlist-hint"
                  value={svals ? svals.ipAllowlist : s.ipAllowlist.join('\n')}
                />
                <span class="hint" id="allowlist-hint">
                  {t('security.allowlistHint')}
                </span>
                {s.ipAllowlist.length === 0 && !svals && <span class="hint">→ {t('security.allowlistEmpty')}</span>}
                <FieldError messages={fe.ipAllowlist} />
              </label>
              <div class="form-grid">
                <label>
                  {t('security.lockoutThreshold')}
                  <input name="lockoutThreshold" type="number" min={3} max={20} step={1} required value={svals?.lockoutThreshold ?? String(s.lockoutThreshold)} aria-invalid={fe.lockoutThreshold ? 'true' : undefined} />
                  <span class="hint">{t('security.lockoutThresholdHint')}</span>
                  <FieldError messages={fe.lockoutThreshold} />
                </label>
                <label>
                  {t('security.lockoutMinutes')}
                  <input name="lockoutMinutes" type="number" min={1} max={1440} step={1} required value={svals?.lockoutMinutes ?? String(s.lockoutMinutes)} aria-invalid={fe.lockoutMinutes ? 'true' : undefined} />
                  <span class="hint">{t('security.lockoutMinutesHint')}</span>
                  <FieldError messages={fe.lockoutMinutes} />
                </label>
              </div>
              <div>
                <label class="checkbox">
                  <input type="checkbox" name="mfaRequired" checked={svals ? svals.mfaRequired === 'on' : s.mfaRequired} />
                  {t('security.mfaRequired')}
                </label>
                <p class="hint">{t('security.mfaRequiredHint')}</p>
                <FieldError messages={fe.mfaRequired} />
              </div>
              <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={save.isRunning}>
                  {save.isRunning ? t('common.loading') : t('security.submit')}
                </button>
              </div>
            </Form>
          </section>

          <section class="section" id="country-exceptions">
            <h2>{t('security.exceptions')}</h2>
            <p class="hint">{t('security.exceptionsLead')}</p>
            <OkAlert msg={dv && !dv.failed ? 'security.exceptionDeleted' : null} id="exception-deleted" />
            <ErrorAlert error={dv?.failed ? dv.error : null} />
            <OkAlert msg={av && !av.failed ? 'security.exceptionAdded' : null} params={{ country: av?.added ?? '' }} id="exception-added" />
            <div class="table-wrap">
              <table id="exceptions-table">
                <thead>
                  <tr>
                    <th>{t('security.country')}</th>
                    <th>{t('security.from')}</th>
                    <th>{t('security.to')}</th>
                    <th>{t('security.cidrs')}</th>
                    <th>{t('security.note')}</th>
                    <th>{t('security.state')}</th>
                    <th>{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.value.exceptions.length === 0 && (
                    <tr>
                      <td colSpan={7} class="muted empty">
                        {t('security.exceptionsNone')}
                      </td>
                    </tr>
                  )}
                  {data.value.exceptions.map((e) => {
                    const state = today < e.from ? 'upcoming' : today > e.to ? 'expired' : 'active';
                    return (
                      <tr key={e.id} data-country={e.country}>
                        <td>
                          <strong class="mono">{e.country}</strong>
                        </td>
                        <td class="nowrap">{e.from}</td>
                        <td class="nowrap">{e.to}</td>
                        <td class="mono">
                          {e.cidrs.map((c) => (
                            <div key={c}>{c}</div>
                          ))}
                        </td>
                        <td class="cell-wrap">{e.note ?? ''}</td>
                        <td>
                          <span class={{ badge: true, 'badge-ok': state === 'active', 'badge-warn': state === 'upcoming' }}>{t(`security.state.${state}`)}</span>
                        </td>
                        <td>
                          <ConfirmDialog
                            id={`delete-exception-${e.id}`}
                            trigger={t('security.deleteException')}
                            triggerClass="btn btn-small btn-danger"
                            triggerLabel={`${t('security.deleteException')} ${e.country} ${e.from}–${e.to}`}
                            title={t('confirm.exception.title', { country: e.country, from: e.from, to: e.to })}
                            message={t('confirm.exception.message', { country: e.country })}
                          >
                            <Form action={del}>
                              <input type="hidden" name="_csrf" value={csrf} />
                              <input type="hidden" name="id" value={e.id} />
                              <button type="submit" class="btn btn-danger" id={`delete-exception-${e.id}-yes`}>
                                {t('confirm.yes.delete')}
                              </button>
                            </Form>
                          </ConfirmDialog>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>

          <section class="card section" id="add-exception">
            <h2>{t('security.addException')}</h2>
            <ErrorAlert error={addError} shown={['country', 'from', 'to', 'cidrs', 'note']} id="exception-error" />
            <Form
              action={add}
              class="form"
              id="exception-form"
              onSubmitCompleted$={(e, form) => {
                if (!(e.detail.value as { failed?: boolean } | undefined)?.failed) form.reset();
              }}
            >
              <input type="hidden" name="_csrf" value={csrf} />
              <div class="form-grid">
                <label>
                  {t('security.country')}
                  <input name="country" required maxLength={2} placeholder="US" class="mono upper" autoComplete="off" value={avals?.country} aria-invalid={ae.country ? 'true' : undefined} />
                  <span class="hint">{t('security.countryHint')}</span>
                  <FieldError messages={ae.country} />
                </label>
                <label>
                  {t('security.from')}
                  <input name="from" type="date" required value={avals?.from} aria-invalid={ae.from ? 'true' : undefined} />
                  <FieldError messages={ae.from} />
                </label>
                <label>
                  {t('security.to')}
                  <input name="to" type="date" required value={avals?.to} aria-invalid={ae.to ? 'true' : undefined} />
                  <FieldError messages={ae.to} />
                </label>
              </div>
              <p class="hint">{t('security.periodHint')}</p>
              <div class="form-grid-wide">
                <label>
                  {t('security.cidrs')}
                  <textarea name="cidrs" rows={3} required class="mono" spellcheck={false} placeholder="198.51.100.0/24" value={avals?.cidrs} aria-invalid={ae.cidrs ? 'true' : undefined} />
                  <span class="hint">{t('security.cidrsHint')}</span>
                  <FieldError messages={ae.cidrs} />
                </label>
                <label>
                  <span>
                    {t('security.note')} <span class="optional">({t('settings.form.optional')})</span>
                  </span>
                  <textarea name="note" rows={3} maxLength={500} value={avals?.note} aria-invalid={ae.note ? 'true' : undefined} />
                  <span class="hint">{t('security.noteHint')}</span>
                  <FieldError messages={ae.note} />
                </label>
              </div>
              <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={add.isRunning}>
                  {t('security.addException')}
                </button>
              </div>
            </Form>
          </section>
        </>
      )}
    </>
  );
});

export const head = titleHead('security.title');
