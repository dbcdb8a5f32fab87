import { component$, useStyles$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { actionError, failWith, str, type ActionError } from '../../../../lib/action';
import { loadChannelNames } from '../../../../lib/channel-names';
import { changeText, describeRule, draftFromForm, draftFromRule, emptyDraft, ruleBody, ruleLabels, type RuleDraft, type RuleView } from '../../../../lib/rule-form';
import { flagsInUse, moveInOrder } from '../../../../../../worker/orders/rules';
import { useMe } from '../../layout';
import { useLocale, useT, useTMaybe, type MessageKey } from '../../../../i18n';
import { ConfirmDialog } from '../../../../components/kit/confirm-dialog';
import { RuleEditor } from '../../../../components/orders/rule-editor';
import { errorText, fieldMessages, OkAlert } from '../../../../components/settings/errors';
import rulesStyles from '../../../../components/orders/rules.css?inline';

interface SimResult {
  checked: number;
  matched: { orderId: string; number: string; status: string; plan: { matched: { name: string }[]; flags: string[]; carrier: string | null; shippingMethod: string | null; status: string | null; refused: string | null } }[];
}
interface RunResult {
  examined: number;
  truncated: boolean;
  nextCursor: string | null;
  results: { orderId: string; number: string; rules: { id: string; name: string }[]; changes: { type: string; from: string | null; to: string }[] }[];
  refused: { orderId: string; number: string; code: string; to: string | null }[];
}

/** At most this many orders per 「今すぐ実行」 (the API's RUN_MAX_ORDERS). */
const RUN_MAX = 500;

export const useRulesPage = routeLoader$(async (ev) => {
  const [rules, bl, channels] = await Promise.all([
    api<{ items: RuleView[] }>(ev, '/order-rules'),
    api<{ items: { id: string; kind: string; value: string; note: string | null }[] }>(ev, '/blacklist'),
    loadChannelNames(ev),
  ]);
  const items = rules.ok ? rules.data.items : [];
  const edit = ev.query.get('edit');
  const saved = ev.query.get('saved');
  return {
    rules: items,
    blacklist: bl.ok ? bl.data.items : [],
    channels,
    editId: edit && items.some((r) => r.id === edit) ? edit : null,
    editMissing: !!edit && rules.ok && !items.some((r) => r.id === edit),
    saved: saved === 'created' || saved === 'updated' ? saved : null,
  };
});

const failStatus = (status: number) => (status >= 400 && status < 600 ? status : 500) as 400;

/** A refusal this page makes itself, before calling the API. */
const localError = (code: string, field?: string): ActionError => ({ status: 400, code, message: '', ...(field ? { details: [{ field, message: '', code }] } : {}) });

/** Save (new or edited, by `id`) or simulate the rule in the editor. */
export const useSaveRule = routeAction$(async (form, ev) => {
  const draft = draftFromForm(form);
  const rule = ruleBody(draft);
  const csrf = str(form, '_csrf');
  if (!rule.actions.length) return ev.fail(400, { error: localError('no_action', 'actions'), draft });
  if (str(form, 'intent') === 'simulate') {
    const r = await api<SimResult>(ev, '/order-rules/simulate', { method: 'POST', csrf, body: { rule: { ...rule, name: rule.name || '—' }, limit: 500 } });
    if (!r.ok) return ev.fail(failStatus(r.status), { error: actionError(r), draft });
    return { simulation: r.data, draft };
  }
  const id = str(form, 'id');
  const r = id ? await api(ev, `/order-rules/${encodeURIComponent(id)}`, { method: 'PUT', csrf, body: rule }) : await api(ev, '/order-rules', { method: 'POST', csrf, body: rule });
  if (!r.ok) return ev.fail(failStatus(r.status), { error: actionError(r), draft });
  throw ev.redirect(302, `/orders/rules?saved=${id ? 'updated' : 'created'}`);
});

/** 有効・無効: one click, no dialog. */
export const useToggleRule = routeAction$(async (form, ev) => {
  const r = await api(ev, `/order-rules/${encodeURIComponent(str(form, 'id'))}`, { method: 'PATCH', csrf: str(form, '_csrf'), body: { enabled: str(form, 'enabled') === 'true' } });
  if (!r.ok) return failWith(ev, r);
  return { toggled: true };
});

/** 上へ・下へ: the rules as they are now, with this one swapped with its neighbour, as the new running order. */
export const useMoveRule = routeAction$(async (form, ev) => {
  const current = await api<{ items: RuleView[] }>(ev, '/order-rules');
  if (!current.ok) return failWith(ev, current);
  const dir = str(form, 'dir') === 'down' ? 'down' : 'up';
  const ids = moveInOrder(
    current.data.items.map((r) => r.id),
    str(form, 'id'),
    dir,
  );
  const r = await api(ev, '/order-rules/reorder', { method: 'POST', csrf: str(form, '_csrf'), body: { ids } });
  if (!r.ok) return failWith(ev, r);
  return { moved: true };
});

export const useDeleteRule = routeAction$(async (form, ev) => {
  const r = await api(ev, `/order-rules/${encodeURIComponent(String(form.id))}`, { method: 'DELETE', csrf: String(form._csrf ?? '') });
  if (!r.ok) return failWith(ev, r);
  return { deleted: true };
});

export const useSimulateAll = routeAction$(async (form, ev) => {
  const r = await api<SimResult>(ev, '/order-rules/simulate', { method: 'POST', csrf: String(form._csrf ?? ''), body: { limit: 500 } });
  if (!r.ok) return failWith(ev, r);
  return { simulation: r.data };
});

/** 今すぐ実行 (and its continuation after a truncated run). */
export const useRunRules = routeAction$(async (form, ev) => {
  const cursor = str(form, 'cursor');
  const r = await api<RunResult>(ev, '/order-rules/run', { method: 'POST', csrf: str(form, '_csrf'), body: cursor ? { cursor } : {} });
  if (!r.ok) return failWith(ev, r);
  return { run: r.data };
});

export const useBlacklistAdd = routeAction$(async (form, ev) => {
  const r = await api(ev, '/blacklist', { method: 'POST', csrf: String(form._csrf ?? ''), body: { kind: String(form.kind), value: String(form.value ?? ''), ...(form.note ? { note: String(form.note) } : {}) } });
  if (!r.ok) return failWith(ev, r);
  return { added: true };
});

export const useBlacklistRemove = routeAction$(async (form, ev) => {
  const r = await api(ev, `/blacklist/${encodeURIComponent(String(form.id))}`, { method: 'DELETE', csrf: String(form._csrf ?? '') });
  if (!r.ok) return failWith(ev, r);
  return { removed: true };
});

export default component$(() => {
  useStyles$(rulesStyles);
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const me = useMe();
  const page = useRulesPage();
  const save = useSaveRule();
  const toggle = useToggleRule();
  const move = useMoveRule();
  const del = useDeleteRule();
  const simAll = useSimulateAll();
  const runNow = useRunRules();
  const blAdd = useBlacklistAdd();
  const blRemove = useBlacklistRemove();

  const csrf = me.value.me?.csrfToken ?? '';
  // changing and running the rules needs the 権限 "rules" (admins hold it); GET /me lists the permissions in effect
  const user = me.value.me?.user as { role: string; permissions?: string[] } | undefined;
  const canWrite = !!user && user.role !== 'viewer' && (user.permissions ? user.permissions.includes('rules') : true);
  const { rules, channels, editId, editMissing, saved } = page.value;
  const l = ruleLabels(t, tMaybe, locale, channels);

  const sv = save.value as { failed?: boolean; error?: ActionError; draft?: RuleDraft; simulation?: SimResult } | undefined;
  const sim = sv?.simulation ?? (simAll.value as { simulation?: SimResult } | undefined)?.simulation ?? null;
  const run = (runNow.value as { run?: RunResult } | undefined)?.run ?? null;
  const failed = [save, toggle, move, del, simAll, runNow, blAdd, blRemove].map((a) => a.value as { failed?: boolean; error?: ActionError } | undefined).find((v) => v?.failed)?.error;
  const editing = editId ? rules.find((r) => r.id === editId) : undefined;
  const fromRule = editing ? draftFromRule(editing) : null;
  const draft = sv?.draft ?? fromRule?.draft ?? emptyDraft();
  const fe = sv?.failed ? fieldMessages(t, sv.error) : {};
  if (sv?.failed && sv.error?.code === 'no_action') fe.actions = [t('rules.error.noAction')];
  const flags = flagsInUse(rules);

  /** An error headline in the reader's language, the rules' own codes included. */
  const headline = (e: ActionError) =>
    e.code === 'no_action'
      ? t('rules.error.noAction')
      : e.code === 'rules_changed'
        ? t('rules.error.rulesChanged')
        : e.code === 'not_found'
          ? t('rules.error.notFound')
          : e.code === 'permission_denied'
            ? t('rules.error.permission')
            : errorText(t, e);
  const details = failed && failed.code !== 'no_action' ? Object.entries(fieldMessages(t, failed)).filter(([f]) => f !== 'name') : [];

  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">
          {t('orders.title')}
        </Link>{' '}
        ›
      </p>
      <h1 class="page-title">{t('rules.title')}</h1>
      <p class="hint">{t('rules.help')}</p>
      {!canWrite && <p class="alert alert-warn">{t('rules.readOnly')}</p>}
      {failed && (
        <div class="alert alert-error" role="alert" id="rules-error">
          {headline(failed)}
          {details.length > 0 && (
            <ul class="alert-list">
              {details.map(([f, msgs]) => msgs.map((m, i) => <li key={f + i}>{m}</li>))}
            </ul>
          )}
        </div>
      )}
      {editMissing && (
        <p class="alert alert-warn" role="status">
          {t('rules.error.notFound')}
        </p>
      )}
      <OkAlert msg={saved === 'created' ? 'rules.saved.created' : saved === 'updated' ? 'rules.saved.updated' : null} id="rules-saved" />

      <div class="table-wrap section">
        <table id="rules-table">
          <thead>
            <tr>
              <th class="num">{t('rules.col.order')}</th>
              <th>{t('rules.col.enabled')}</th>
              <th>{t('rules.col.name')}</th>
              <th>{t('rules.col.conditions')}</th>
              <th>{t('rules.col.actions')}</th>
              {canWrite && <th>{t('rules.col.manage')}</th>}
            </tr>
          </thead>
          <tbody>
            {rules.length === 0 && (
              <tr>
                <td colSpan={canWrite ? 6 : 5} class="muted">
                  {t('rules.none')}
                </td>
              </tr>
            )}
            {rules.map((r, i) => {
              const d = describeRule(t, l, r);
              return (
                <tr key={r.id} id={`rule-${r.id}`} class={r.enabled ? undefined : 'muted'} data-enabled={String(r.enabled)}>
                  <td class="num">{i + 1}</td>
                  <td>
                    {canWrite ? (
                      <Form action={toggle}>
                        <input type="hidden" name="_csrf" value={csrf} />
                        <input type="hidden" name="id" value={r.id} />
                        <input type="hidden" name="enabled" value={r.enabled ? 'false' : 'true'} />
                        <button
                          type="submit"
                          class="btn btn-small rule-switch"
                          role="switch"
                          aria-checked={r.enabled ? 'true' : 'false'}
                          aria-label={t(r.enabled ? 'rules.toggle.turnOff' : 'rules.toggle.turnOn', { name: r.name })}
                          id={`toggle-rule-${r.id}`}
                        >
                          {r.enabled ? t('rules.on') : t('rules.off')}
                        </button>
                      </Form>
                    ) : (
                      <span class={r.enabled ? 'badge badge-ok' : 'badge'}>{r.enabled ? t('rules.on') : t('rules.off')}</span>
                    )}
                  </td>
                  <td>
                    {r.name}
                    {r.id === editId && <span class="badge badge-warn"> {t('rules.editing')}</span>}
                  </td>
                  <td>
                    <ul class="rule-lines rule-conditions">
                      {d.conditions.map((c, k) => (
                        <li key={k}>{c}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <ul class="rule-lines rule-actions">
                      {d.actions.map((a, k) => (
                        <li key={k}>{a}</li>
                      ))}
                    </ul>
                  </td>
                  {canWrite && (
                    <td>
                      <div class="row-actions">
                        <Form action={move}>
                          <input type="hidden" name="_csrf" value={csrf} />
                          <input type="hidden" name="id" value={r.id} />
                          <button type="submit" name="dir" value="up" class="btn btn-small" disabled={i === 0} aria-label={t('rules.upLabel', { name: r.name })} id={`up-rule-${r.id}`}>
                            ↑
                          </button>
                          <button type="submit" name="dir" value="down" class="btn btn-small" disabled={i === rules.length - 1} aria-label={t('rules.downLabel', { name: r.name })} id={`down-rule-${r.id}`}>
                            ↓
                          </button>
                        </Form>
                        <Link prefetch={false} href={`/orders/rules?edit=${encodeURIComponent(r.id)}#rule-form`} class="btn btn-small" aria-label={t('rules.editLabel', { name: r.name })} id={`edit-rule-${r.id}`}>
                          {t('rules.edit')}
                        </Link>
                        <ConfirmDialog
                          id={`delete-rule-${r.id}`}
                          trigger={t('rules.delete')}
                          triggerClass="btn btn-small btn-danger"
                          triggerLabel={t('rules.deleteLabel', { name: r.name })}
                          title={t('confirm.rule.title', { name: r.name })}
                          message={t('confirm.rule.message')}
                        >
                          <Form action={del}>
                            <input type="hidden" name="_csrf" value={csrf} />
                            <input type="hidden" name="id" value={r.id} />
                            <button type="submit" class="btn btn-danger" id={`delete-rule-${r.id}-yes`}>
                              {t('confirm.yes.delete')}
                            </button>
                          </Form>
                        </ConfirmDialog>
                      </div>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div class="rule-run section">
        <Form action={simAll}>
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit" class="btn" id="simulate-all">
            {t('rules.sim.all')}
          </button>
        </Form>
        {canWrite && (
          <ConfirmDialog id="run-rules" trigger={t('rules.run.button')} triggerClass="btn btn-primary" title={t('rules.run.confirmTitle')} message={t('rules.run.confirmMessage')}>
            <Form action={runNow}>
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit" class="btn btn-primary" id="run-rules-yes">
                {t('rules.run.yes')}
              </button>
            </Form>
          </ConfirmDialog>
        )}
      </div>
      {canWrite && <p class="hint">{t('rules.run.help', { max: RUN_MAX })}</p>}

      {run && (
        <section class="card section" id="run-result">
          <h2>{t('rules.run.resultTitle')}</h2>
          <p>{t('rules.run.result', { examined: run.examined, changed: run.results.length })}</p>
          {run.results.length === 0 && <p class="muted">{t('rules.run.nothing')}</p>}
          {run.results.length > 0 && (
            <div class="table-wrap">
              <table id="run-results">
                <thead>
                  <tr>
                    <th>{t('rules.run.col.order')}</th>
                    <th>{t('rules.run.col.changes')}</th>
                    <th>{t('rules.run.col.rules')}</th>
                  </tr>
                </thead>
                <tbody>
                  {run.results.map((x) => (
                    <tr key={x.orderId}>
                      <td>
                        <Link prefetch={false} href={`/orders/${x.orderId}`} class="mono">
                          {x.number}
                        </Link>
                      </td>
                      <td>
                        <ul class="rule-lines">
                          {x.changes.map((c, k) => (
                            <li key={k}>{changeText(t, l, c)}</li>
                          ))}
                        </ul>
                      </td>
                      <td>{l.join(x.rules.map((m) => m.name))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {run.refused.length > 0 && (
            <>
              <h3 class="subhead">{t('rules.run.refusedTitle')}</h3>
              <ul id="run-refused">
                {run.refused.map((x) => (
                  <li key={x.orderId}>
                    <Link prefetch={false} href={`/orders/${x.orderId}`} class="mono">
                      {x.number}
                    </Link>{' '}
                    {t('rules.run.refusedLine', { to: x.to ? l.status(x.to) : '—', reason: tMaybe(`rules.run.refused.${x.code}`) ?? x.code })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {run.truncated && run.nextCursor && (
            <div class="inline-form">
              <span class="alert alert-warn">{t('rules.run.truncated')}</span>
              <Form action={runNow}>
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="cursor" value={run.nextCursor} />
                <button type="submit" class="btn" id="run-rules-continue">
                  {t('rules.run.continue')}
                </button>
              </Form>
            </div>
          )}
        </section>
      )}

      {sim && (
        <section class="card section" id="simulation">
          <h2>{t('rules.sim.title')}</h2>
          <p>{t('rules.sim.result', { checked: sim.checked, matched: sim.matched.length })}</p>
          <table>
            <tbody>
              {sim.matched.slice(0, 100).map((m) => (
                <tr key={m.orderId}>
                  <td>
                    <Link prefetch={false} href={`/orders/${m.orderId}`} class="mono">
                      {m.number}
                    </Link>
                  </td>
                  <td>{l.join(m.plan.matched.map((x) => x.name))}</td>
                  <td>
                    {m.plan.status && `${t('rules.desc.act.status', { value: l.status(m.plan.status) })} `}
                    {m.plan.flags.map((f) => `${t('rules.desc.act.flag', { value: l.flag(f) })} `)}
                    {m.plan.carrier && `${t('rules.desc.act.carrier', { value: l.carrier(m.plan.carrier) })} `}
                    {m.plan.shippingMethod && `${t('rules.desc.act.shippingMethod', { value: l.shippingMethod(m.plan.shippingMethod) })} `}
                    {m.plan.refused && <span class="badge badge-warn">{t('rules.sim.refused')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {canWrite && (
        <section class="card section" id="rule-form-section">
          <h2>{editing ? t('rules.form.edit', { name: editing.name }) : t('rules.form.new')}</h2>
          <Form action={save} class="form" id="rule-form">
            <input type="hidden" name="_csrf" value={csrf} />
            {editing && <input type="hidden" name="id" value={editing.id} />}
            <RuleEditor key={editing?.id ?? 'new'} draft={draft} channels={channels.map((c) => ({ id: c.id, name: c.name }))} flags={flags} errors={fe} lossy={!sv?.draft && !!fromRule?.lossy} />
            <div class="actions">
              <button type="submit" name="intent" value="save" class="btn btn-primary" id="rule-save">
                {editing ? t('rules.form.saveEdit') : t('rules.form.save')}
              </button>
              <button type="submit" name="intent" value="simulate" class="btn" id="simulate-draft">
                {t('rules.form.simulate')}
              </button>
              {editing && (
                <Link prefetch={false} href="/orders/rules" class="btn" id="rule-cancel-edit">
                  {t('rules.form.cancelEdit')}
                </Link>
              )}
            </div>
          </Form>
        </section>
      )}

      <section class="card section" id="blacklist">
        <h2>{t('orders.blacklist.title')}</h2>
        <p class="hint">{t('orders.blacklist.help')}</p>
        <table>
          <tbody>
            {page.value.blacklist.map((b) => (
              <tr key={b.id}>
                <td>{tMaybe(`orders.blacklist.kind.${b.kind}`) ?? b.kind}</td>
                <td class="mono">{b.value}</td>
                <td class="muted">{b.note}</td>
                <td>
                  {canWrite && (
                    <ConfirmDialog
                      id={`delete-blacklist-${b.id}`}
                      trigger={t('common.delete')}
                      triggerClass="btn btn-small btn-danger"
                      triggerLabel={`${t('common.delete')} ${b.value}`}
                      title={t('confirm.blacklist.title', { value: b.value })}
                      message={t('confirm.blacklist.message', { kind: tMaybe(`orders.blacklist.kind.${b.kind}`) ?? b.kind })}
                    >
                      <Form action={blRemove}>
                        <input type="hidden" name="_csrf" value={csrf} />
                        <input type="hidden" name="id" value={b.id} />
                        <button type="submit" class="btn btn-danger" id={`delete-blacklist-${b.id}-yes`}>
                          {t('confirm.yes.delete')}
                        </button>
                      </Form>
                    </ConfirmDialog>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {canWrite && (
          <Form action={blAdd} class="inline-form section">
            <input type="hidden" name="_csrf" value={csrf} />
            <select name="kind" aria-label={t('orders.blacklist.kind')}>
              {(['name', 'phone', 'email'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`orders.blacklist.kind.${k}` as MessageKey)}
                </option>
              ))}
            </select>
            <input name="value" required maxLength={254} placeholder={t('orders.blacklist.value')} aria-label={t('orders.blacklist.value')} />
            <input name="note" maxLength={500} placeholder={t('orders.blacklist.note')} aria-label={t('orders.blacklist.note')} />
            <button type="submit" class="btn">
              {t('orders.blacklist.add')}
            </button>
          </Form>
        )}
      </section>
    </>
  );
});

export const head: DocumentHead = { title: '自動処理' };
