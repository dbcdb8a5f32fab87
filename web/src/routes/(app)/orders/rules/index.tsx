import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api, type ApiError } from '../../../../lib/api';
import { ORDER_STATUSES } from '../../../../lib/orders';
import { useMe } from '../../layout';
import { useT, useTMaybe, type MessageKey } from '../../../../i18n';
import { ConfirmDialog } from '../../../../components/kit/confirm-dialog';

interface RuleView {
  id: string;
  name: string;
  enabled: boolean;
  priority: number;
  conditions: { field: string; op: string; value: unknown }[];
  actions: { type: string; value: string }[];
}
interface SimResult {
  checked: number;
  matched: { orderId: string; number: string; status: string; plan: { matched: { name: string }[]; flags: string[]; carrier: string | null; status: string | null; refused: string | null } }[];
}

export const useRulesPage = routeLoader$(async (ev) => {
  const [rules, bl] = await Promise.all([api<{ items: RuleView[] }>(ev, '/order-rules'), api<{ items: { id: string; kind: string; value: string; note: string | null }[] }>(ev, '/blacklist')]);
  return { rules: rules.ok ? rules.data.items : [], blacklist: bl.ok ? bl.data.items : [] };
});

/** The form's fields as a rule (empty fields are "any"). */
const ruleFromForm = (f: Record<string, unknown>) => {
  const s = (k: string) => String(f[k] ?? '').trim();
  const conditions: unknown[] = [];
  if (s('channelId')) conditions.push({ field: 'channelId', op: 'eq', value: s('channelId') });
  if (s('paymentMethod')) conditions.push({ field: 'paymentMethod', op: 'eq', value: s('paymentMethod') });
  if (s('totalGte')) conditions.push({ field: 'total', op: 'gte', value: Number(s('totalGte')) });
  if (s('totalLte')) conditions.push({ field: 'total', op: 'lte', value: Number(s('totalLte')) });
  if (s('prefecture')) conditions.push({ field: 'prefecture', op: 'in', value: s('prefecture').split(/[,、\s]+/).filter(Boolean) });
  if (s('sku')) conditions.push({ field: 'sku', op: 'contains', value: s('sku') });
  if (s('hasFlag')) conditions.push({ field: 'flag', op: 'has', value: s('hasFlag') });
  const actions: unknown[] = [];
  if (s('status')) actions.push({ type: 'status', value: s('status') });
  if (s('flag')) actions.push({ type: 'flag', value: s('flag') });
  if (s('carrier')) actions.push({ type: 'carrier', value: s('carrier') });
  return { name: s('name') || 'draft', priority: Number(s('priority') || 100), enabled: true, conditions, actions };
};

export const useSaveRule = routeAction$(async (form, ev) => {
  const rule = ruleFromForm(form);
  if (form.intent === 'simulate') {
    const r = await api<SimResult>(ev, '/order-rules/simulate', { method: 'POST', csrf: String(form._csrf ?? ''), body: { rule, limit: 500 } });
    if (!r.ok) return ev.fail(r.status, { error: r.error });
    return { simulation: r.data };
  }
  const r = await api(ev, '/order-rules', { method: 'POST', csrf: String(form._csrf ?? ''), body: rule });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  return { saved: true };
});

export const useSimulateAll = routeAction$(async (form, ev) => {
  const r = await api<SimResult>(ev, '/order-rules/simulate', { method: 'POST', csrf: String(form._csrf ?? ''), body: { limit: 500 } });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  return { simulation: r.data };
});

export const useDeleteRule = routeAction$(async (form, ev) => {
  const r = await api(ev, `/order-rules/${encodeURIComponent(String(form.id))}`, { method: 'DELETE', csrf: String(form._csrf ?? '') });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  return { deleted: true };
});

export const useBlacklistAdd = routeAction$(async (form, ev) => {
  const r = await api(ev, '/blacklist', { method: 'POST', csrf: String(form._csrf ?? ''), body: { kind: String(form.kind), value: String(form.value ?? ''), ...(form.note ? { note: String(form.note) } : {}) } });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  return { added: true };
});

export const useBlacklistRemove = routeAction$(async (form, ev) => {
  const r = await api(ev, `/blacklist/${encodeURIComponent(String(form.id))}`, { method: 'DELETE', csrf: String(form._csrf ?? '') });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  return { removed: true };
});

/** A rule's conditions and actions in words. */
const describe = (r: RuleView, t: (k: MessageKey, p?: Record<string, string | number>) => string, tMaybe: (k: string) => string | undefined) => ({
  conditions: r.conditions.length
    ? r.conditions
        .map((c) =>
          c.field === 'total'
            ? `${c.op === 'gte' ? '≥' : '≤'} ¥${Number(c.value).toLocaleString('ja-JP')}`
            : `${(tMaybe(`orders.rules.cond.${c.field}`) ?? c.field).replace(/[(（].*[)）]/, '')} ${Array.isArray(c.value) ? c.value.join('・') : String(c.value)}`,
        )
        .join(' / ')
    : t('orders.rules.any'),
  actions: r.actions
    .map((a) => (a.type === 'status' ? `→ ${tMaybe(`orders.status.${a.value}`) ?? a.value}` : a.type === 'carrier' ? `${t('orders.rules.act.carrier')} ${tMaybe(`orders.carrier.${a.value}`) ?? a.value}` : `⚑ ${a.value}`))
    .join(' / '),
});

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const me = useMe();
  const page = useRulesPage();
  const save = useSaveRule();
  const simAll = useSimulateAll();
  const del = useDeleteRule();
  const blAdd = useBlacklistAdd();
  const blRemove = useBlacklistRemove();
  const csrf = me.value.me?.csrfToken ?? '';
  const sim = ((save.value as { simulation?: SimResult } | undefined)?.simulation ?? (simAll.value as { simulation?: SimResult } | undefined)?.simulation) || null;
  const error = [save, simAll, del, blAdd, blRemove].map((a) => a.value as { failed?: boolean; error?: ApiError } | undefined).find((v) => v?.failed)?.error;
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">{t('orders.title')}</Link> ›
      </p>
      <h1 class="page-title">{t('orders.rules.title')}</h1>
      <p class="hint">{t('orders.rules.help')}</p>
      {error && (
        <p class="alert alert-error" role="alert">
          {error.message}
          {Array.isArray(error.details) && ` (${(error.details as { field: string; message: string }[]).map((d) => `${d.field}: ${d.message}`).join(', ')})`}
        </p>
      )}
      {(save.value as { saved?: boolean } | undefined)?.saved && <p class="alert alert-ok">{t('common.saved')}</p>}

      <div class="table-wrap section">
        <table id="rules-table">
          <thead>
            <tr>
              <th class="num">{t('orders.rules.priority')}</th>
              <th>{t('orders.rules.name')}</th>
              <th>{t('orders.rules.conditions')}</th>
              <th>{t('orders.rules.actions')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {page.value.rules.length === 0 && (
              <tr>
                <td colSpan={5} class="muted">
                  {t('orders.rules.none')}
                </td>
              </tr>
            )}
            {page.value.rules.map((r) => {
              const d = describe(r, t, tMaybe);
              return (
                <tr key={r.id}>
                  <td class="num">{r.priority}</td>
                  <td>{r.name}</td>
                  <td>{d.conditions}</td>
                  <td>{d.actions}</td>
                  <td>
                    <ConfirmDialog
                      id={`delete-rule-${r.id}`}
                      trigger={t('orders.rules.delete')}
                      triggerClass="btn btn-small btn-danger"
                      triggerLabel={`${t('orders.rules.delete')} ${r.name}`}
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
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Form action={simAll} class="section">
        <input type="hidden" name="_csrf" value={csrf} />
        <button type="submit" class="btn" id="simulate-all">
          {t('orders.rules.simulateAll')}
        </button>
      </Form>

      {sim && (
        <section class="card section" id="simulation">
          <h2>{t('orders.rules.simulate')}</h2>
          <p>{t('orders.rules.simResult', { checked: sim.checked, matched: sim.matched.length })}</p>
          <table>
            <tbody>
              {sim.matched.slice(0, 100).map((m) => (
                <tr key={m.orderId}>
                  <td>
                    <Link prefetch={false} href={`/orders/${m.orderId}`} class="mono">
                      {m.number}
                    </Link>
                  </td>
                  <td>{m.plan.matched.map((x) => x.name).join(', ')}</td>
                  <td>
                    {m.plan.status && `→ ${tMaybe(`orders.status.${m.plan.status}`) ?? m.plan.status} `}
                    {m.plan.flags.map((f) => `⚑ ${f} `)}
                    {m.plan.carrier && `${tMaybe(`orders.carrier.${m.plan.carrier}`) ?? m.plan.carrier} `}
                    {m.plan.refused && <span class="badge badge-warn">{t('orders.rules.refused')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section class="card section">
        <Form action={save} class="form" id="rule-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <div class="form-grid">
            <label>
              {t('orders.rules.name')}
              <input name="name" maxLength={100} required />
            </label>
            <label>
              {t('orders.rules.priority')}
              <input name="priority" type="number" min={0} max={10000} value={100} />
            </label>
          </div>
          <h2 class="subhead">{t('orders.rules.conditions')}</h2>
          <div class="form-grid">
            <label>
              {t('orders.rules.cond.channelId')}
              <input name="channelId" maxLength={64} placeholder="manual" />
            </label>
            <label>
              {t('orders.rules.cond.paymentMethod')}
              <select name="paymentMethod">
                <option value="">{t('orders.rules.any')}</option>
                {['cod', 'bank_transfer', 'credit_card', 'convenience_store', 'mall'].map((m) => (
                  <option key={m} value={m}>
                    {tMaybe(`orders.payment.${m}`) ?? m}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('orders.rules.cond.totalGte')}
              <input name="totalGte" type="number" min={0} />
            </label>
            <label>
              {t('orders.rules.cond.totalLte')}
              <input name="totalLte" type="number" min={0} />
            </label>
            <label>
              {t('orders.rules.cond.prefecture')}
              <input name="prefecture" placeholder="沖縄県, 北海道" />
            </label>
            <label>
              {t('orders.rules.cond.sku')}
              <input name="sku" maxLength={64} class="mono" />
            </label>
            <label>
              {t('orders.rules.cond.flag')}
              <input name="hasFlag" maxLength={40} placeholder="repeat" />
            </label>
          </div>
          <h2 class="subhead">{t('orders.rules.actions')}</h2>
          <div class="form-grid">
            <label>
              {t('orders.rules.act.status')}
              <select name="status">
                <option value="">{t('orders.rules.any')}</option>
                {ORDER_STATUSES.filter((s) => s !== 'shipped' && s !== 'cancelled').map((s) => (
                  <option key={s} value={s}>
                    {t(`orders.status.${s}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('orders.rules.act.flag')}
              <input name="flag" maxLength={40} placeholder="要確認" />
            </label>
            <label>
              {t('orders.rules.act.carrier')}
              <select name="carrier">
                <option value="">{t('orders.rules.any')}</option>
                {(['yamato', 'sagawa', 'japanpost', 'other'] as const).map((c) => (
                  <option key={c} value={c}>
                    {t(`orders.carrier.${c}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div class="actions">
            <button type="submit" name="intent" value="save" class="btn btn-primary">
              {t('orders.rules.save')}
            </button>
            <button type="submit" name="intent" value="simulate" class="btn" id="simulate-draft">
              {t('orders.rules.simulateDraft')}
            </button>
          </div>
        </Form>
      </section>

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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Form action={blAdd} class="inline-form section">
          <input type="hidden" name="_csrf" value={csrf} />
          <select name="kind" aria-label={t('orders.blacklist.kind')}>
            {(['name', 'phone', 'email'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`orders.blacklist.kind.${k}`)}
              </option>
            ))}
          </select>
          <input name="value" required maxLength={254} placeholder={t('orders.blacklist.value')} />
          <input name="note" maxLength={500} placeholder={t('orders.blacklist.note')} />
          <button type="submit" class="btn">
            {t('orders.blacklist.add')}
          </button>
        </Form>
      </section>
    </>
  );
});

export const head: DocumentHead = { title: '自動処理' };
