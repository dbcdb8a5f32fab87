import { $, component$, sync$, useSignal, useStore, useStyles$ } from '@builder.io/qwik';
import { useLocale, useT, useTMaybe } from '../../i18n';
import { PAYMENT_METHODS, SHIPPING_METHODS } from '../../../../worker/orders/choices';
import { PREFECTURES } from '../../../../worker/address/prefectures';
import { RULE_CARRIERS, RULE_SETTABLE_STATUSES } from '../../../../worker/orders/rules';
import { ruleLabels, type RuleDraft } from '../../lib/rule-form';
import rulesStyles from './rules.css?inline';

interface SkuHit {
  code: string;
  name: string;
  isSet: boolean;
}

/** 地方: the JIS numbers (JP-01 …) of each region's prefectures, for choosing a region at once. */
const REGIONS = [
  { key: 'rules.region.hokkaidoTohoku', from: 1, to: 7 },
  { key: 'rules.region.kanto', from: 8, to: 14 },
  { key: 'rules.region.chubu', from: 15, to: 23 },
  { key: 'rules.region.kinki', from: 24, to: 30 },
  { key: 'rules.region.chugokuShikoku', from: 31, to: 39 },
  { key: 'rules.region.kyushuOkinawa', from: 40, to: 47 },
] as const;
const jisOf = (code: string) => Number(code.slice(3));

/**
 * The condition-and-action editor of an automatic rule (自動処理). Every
 * value is picked from a list: the account's stores by name (and 手入力),
 * Kura's payment and shipping methods, the 47 prefectures as checkboxes (a
 * region at once), the flags in use, products found by a search over the SKU
 * master. It renders fields only: the page wraps it in its own <Form> with
 * the CSRF token and the buttons. Props are plain data (no translate
 * function, no action), so Qwik can serialise them.
 */
export const RuleEditor = component$((props: { draft: RuleDraft; channels: { id: string; name: string }[]; flags: string[]; errors: Record<string, string[]>; lossy?: boolean }) => {
  useStyles$(rulesStyles);
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const d = props.draft;
  const l = ruleLabels(t, tMaybe, locale, props.channels);
  const err = (field: string) => props.errors[field]?.join(' / ');

  const picked = useStore({ items: d.skus.map((code) => ({ code, name: '' })) });
  const query = useSignal('');
  const hits = useSignal<SkuHit[]>([]);
  const state = useSignal<'idle' | 'searching' | 'done' | 'error'>('idle');
  const active = useSignal(0);
  /** answers to an older search are dropped */
  const seq = useSignal(0);

  const search = $(async (text: string) => {
    const q = text.trim();
    const mine = ++seq.value;
    if (!q) {
      hits.value = [];
      state.value = 'idle';
      return;
    }
    state.value = 'searching';
    try {
      const r = await fetch(`/api/v1/skus?limit=8&q=${encodeURIComponent(q)}`);
      if (!r.ok) throw new Error(String(r.status));
      const body = (await r.json()) as { items: SkuHit[] };
      if (mine !== seq.value) return;
      hits.value = body.items.map(({ code, name, isSet }) => ({ code, name, isSet }));
      active.value = 0;
      state.value = 'done';
    } catch {
      state.value = 'error';
    }
  });

  const pick = $((h: SkuHit) => {
    if (!picked.items.some((p) => p.code === h.code)) picked.items.push({ code: h.code, name: h.name });
    query.value = '';
    hits.value = [];
    state.value = 'idle';
  });

  // the lists, with a saved value the lists no longer hold kept as a choice
  const withCurrent = <V extends string>(list: readonly V[], current: string) => (current && !list.includes(current as V) ? [...list, current] : [...list]);
  const payments = withCurrent(PAYMENT_METHODS, d.paymentMethod);
  const methods = withCurrent(SHIPPING_METHODS, d.shippingMethod);
  const unknownChannel = d.channelId && d.channelId !== 'manual' && !props.channels.some((c) => c.id === d.channelId);
  const flagChoices = [...new Set([...props.flags, ...d.hasFlags, ...d.actFlags])];

  return (
    <div class="rule-editor" id="rule-editor">
      {props.lossy && (
        <p class="alert alert-warn" role="status" id="rule-lossy">
          {t('rules.form.lossy')}
        </p>
      )}
      <div class="form-grid">
        <label class="field">
          <span class="field-label">{t('rules.form.name')}</span>
          <input name="name" id="rule-name" required maxLength={100} value={d.name} placeholder={t('rules.form.namePlaceholder')} aria-invalid={err('name') ? 'true' : undefined} />
          {err('name') && <span class="field-error">{err('name')}</span>}
        </label>
        <label class="checkbox">
          <input type="checkbox" name="enabled" value="true" checked={d.enabled} id="rule-enabled" /> {t('rules.form.enabled')}
        </label>
      </div>

      <h2 class="subhead">{t('rules.form.conditions')}</h2>
      <p class="hint">{t('rules.form.conditionsHint')}</p>
      <div class="form-grid">
        <label class="field">
          <span class="field-label">{t('rules.cond.channel')}</span>
          <select name="channelId" id="rule-channel">
            <option value="" selected={!d.channelId}>
              {t('rules.choose.any')}
            </option>
            <option value="manual" selected={d.channelId === 'manual'}>
              {t('rules.channel.manual')}
            </option>
            {props.channels.map((c) => (
              <option key={c.id} value={c.id} selected={d.channelId === c.id}>
                {c.name}
              </option>
            ))}
            {unknownChannel && (
              <option value={d.channelId} selected>
                {t('rules.channel.unknown')}
              </option>
            )}
          </select>
        </label>
        <label class="field">
          <span class="field-label">{t('rules.cond.payment')}</span>
          <select name="paymentMethod" id="rule-payment">
            <option value="" selected={!d.paymentMethod}>
              {t('rules.choose.any')}
            </option>
            {payments.map((m) => (
              <option key={m} value={m} selected={d.paymentMethod === m}>
                {l.payment(m)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">{t('rules.cond.shippingMethod')}</span>
          <select name="shippingMethod" id="rule-shipping-method">
            <option value="" selected={!d.shippingMethod}>
              {t('rules.choose.any')}
            </option>
            {methods.map((m) => (
              <option key={m} value={m} selected={d.shippingMethod === m}>
                {l.shippingMethod(m)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">{t('rules.cond.totalMin')}</span>
          <input name="totalMin" id="rule-total-min" type="number" inputMode="numeric" min={0} max={100000000} step={1} value={d.totalMin} />
        </label>
        <label class="field">
          <span class="field-label">{t('rules.cond.totalMax')}</span>
          <input name="totalMax" id="rule-total-max" type="number" inputMode="numeric" min={0} max={100000000} step={1} value={d.totalMax} />
        </label>
      </div>

      <fieldset class="subfieldset rule-prefectures" id="rule-prefectures">
        <legend>{t('rules.cond.prefecture')}</legend>
        <div class="toggles">
          {REGIONS.map((r) => {
            const names = PREFECTURES.filter((p) => jisOf(p.code) >= r.from && jisOf(p.code) <= r.to).map((p) => p.ja);
            const label = t(r.key);
            return (
              <button
                key={r.key}
                type="button"
                class="btn btn-small"
                aria-label={t('rules.region.pick', { region: label })}
                onClick$={(_, el) => {
                  const box = el.closest('fieldset');
                  for (const n of names) {
                    const input = box?.querySelector<HTMLInputElement>(`input[name="prefecture[]"][value="${n}"]`);
                    if (input) input.checked = true;
                  }
                }}
              >
                {label}
              </button>
            );
          })}
          <button
            type="button"
            class="btn btn-small"
            onClick$={(_, el) => {
              el.closest('fieldset')
                ?.querySelectorAll<HTMLInputElement>('input[name="prefecture[]"]')
                .forEach((i) => (i.checked = false));
            }}
          >
            {t('rules.region.clear')}
          </button>
        </div>
        <div class="scope-grid rule-prefecture-grid">
          {PREFECTURES.map((p) => (
            <label key={p.code} class="checkbox">
              <input type="checkbox" name="prefecture[]" value={p.ja} checked={d.prefectures.includes(p.ja)} /> {l.prefecture(p.ja)}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset class="subfieldset" id="rule-skus">
        <legend>{t('rules.cond.sku')}</legend>
        <div class="flags" id="rule-sku-chips">
          {picked.items.length === 0 && <span class="muted small">{t('rules.sku.empty')}</span>}
          {picked.items.map((p, i) => (
            <span key={p.code} class="chip" data-sku={p.code}>
              <input type="hidden" name="sku[]" value={p.code} />
              <span class="mono">{p.code}</span>
              {p.name && <span class="muted small">{p.name}</span>}
              <span class="chip-x">
                <button type="button" aria-label={t('rules.sku.remove', { sku: p.code })} onClick$={() => picked.items.splice(i, 1)}>
                  ×
                </button>
              </span>
            </span>
          ))}
        </div>
        <div class="picker">
          <label class="field">
            <span class="field-label">{t('rules.sku.search')}</span>
            <input
              type="search"
              id="rule-sku-search"
              autoComplete="off"
              role="combobox"
              aria-expanded={hits.value.length > 0}
              aria-controls="rule-sku-hits"
              placeholder={t('rules.sku.placeholder')}
              value={query.value}
              onInput$={(_, el) => {
                query.value = el.value;
                return search(el.value);
              }}
              // Enter picks the highlighted product instead of submitting the rule.
              onKeyDown$={[
                sync$((e: KeyboardEvent) => {
                  if (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp') e.preventDefault();
                }),
                $((e: KeyboardEvent) => {
                  if (e.key === 'ArrowDown') active.value = Math.min(hits.value.length - 1, active.value + 1);
                  if (e.key === 'ArrowUp') active.value = Math.max(0, active.value - 1);
                  if (e.key === 'Enter' && hits.value[active.value]) return pick(hits.value[active.value]);
                  if (e.key === 'Escape') hits.value = [];
                }),
              ]}
            />
          </label>
          {state.value === 'searching' && <span class="muted small">{t('rules.sku.searching')}</span>}
          {state.value === 'error' && <span class="field-error">{t('rules.sku.error')}</span>}
          {state.value === 'done' && hits.value.length === 0 && <span class="muted small">{t('rules.sku.none')}</span>}
          {hits.value.length > 0 && (
            <ul class="picker-hits" id="rule-sku-hits" role="listbox">
              {hits.value.map((h, i) => (
                <li key={h.code} role="option" aria-selected={i === active.value} class={i === active.value ? 'active' : ''} data-sku={h.code} onClick$={() => pick(h)}>
                  <span class="mono">{h.code}</span>
                  <span>{h.name}</span>
                  {h.isSet && <span class="badge">{t('rules.sku.set')}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      </fieldset>

      <fieldset class="subfieldset" id="rule-has-flags">
        <legend>{t('rules.cond.flag')}</legend>
        <div class="toggles">
          {flagChoices.map((f) => (
            <label key={f} class="checkbox">
              <input type="checkbox" name="hasFlag[]" value={f} checked={d.hasFlags.includes(f)} /> {l.flag(f)}
            </label>
          ))}
        </div>
      </fieldset>

      <h2 class="subhead">{t('rules.form.actions')}</h2>
      <p class="hint">{t('rules.form.actionsHint')}</p>
      {err('actions') && (
        <p class="field-error" role="alert" id="rule-actions-error">
          {err('actions')}
        </p>
      )}
      <div class="form-grid">
        <label class="field">
          <span class="field-label">{t('rules.act.status')}</span>
          <select name="actStatus" id="rule-act-status">
            <option value="" selected={!d.actStatus}>
              {t('rules.act.none')}
            </option>
            {RULE_SETTABLE_STATUSES.map((s) => (
              <option key={s} value={s} selected={d.actStatus === s}>
                {l.status(s)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">{t('rules.act.carrier')}</span>
          <select name="actCarrier" id="rule-act-carrier">
            <option value="" selected={!d.actCarrier}>
              {t('rules.act.none')}
            </option>
            {RULE_CARRIERS.map((c) => (
              <option key={c} value={c} selected={d.actCarrier === c}>
                {l.carrier(c)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">{t('rules.act.shippingMethod')}</span>
          <select name="actShippingMethod" id="rule-act-shipping-method">
            <option value="" selected={!d.actShippingMethod}>
              {t('rules.act.none')}
            </option>
            {SHIPPING_METHODS.map((m) => (
              <option key={m} value={m} selected={d.actShippingMethod === m}>
                {l.shippingMethod(m)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset class="subfieldset" id="rule-act-flags">
        <legend>{t('rules.act.flags')}</legend>
        <div class="toggles">
          {flagChoices.map((f) => (
            <label key={f} class="checkbox">
              <input type="checkbox" name="actFlag[]" value={f} checked={d.actFlags.includes(f)} /> {l.flag(f)}
            </label>
          ))}
        </div>
        <label class="field narrow">
          <span class="field-label">{t('rules.act.newFlag')}</span>
          <input name="newFlag" id="rule-new-flag" maxLength={40} value={d.newFlag} placeholder={t('rules.act.newFlagPlaceholder')} autoComplete="off" />
        </label>
      </fieldset>
    </div>
  );
});
