import type { JSONObject } from '@builder.io/qwik-city';
import type { MessageKey } from '../i18n';
import type { Rule, RuleAction, RuleChange, RuleCondition } from '../../../worker/orders/rules';
import { PREFECTURES } from '../../../worker/address/prefectures';
import { num, str, strs } from './action';

/**
 * The rules screen's form as plain data (components/orders/rule-editor.tsx):
 * one field per kind of condition and action, every value picked from a list.
 * A rule from the API becomes a draft to edit, a posted form becomes a draft
 * again (to refill it after a refusal) and the rule body the API takes.
 */
export interface RuleDraft {
  name: string;
  enabled: boolean;
  channelId: string;
  paymentMethod: string;
  totalMin: string;
  totalMax: string;
  prefectures: string[];
  skus: string[];
  hasFlags: string[];
  shippingMethod: string;
  actStatus: string;
  actCarrier: string;
  actShippingMethod: string;
  actFlags: string[];
  newFlag: string;
}

export type RuleView = Pick<Rule, 'id' | 'name' | 'enabled' | 'priority' | 'conditions' | 'actions'>;

export const emptyDraft = (): RuleDraft => ({
  name: '',
  enabled: true,
  channelId: '',
  paymentMethod: '',
  totalMin: '',
  totalMax: '',
  prefectures: [],
  skus: [],
  hasFlags: [],
  shippingMethod: '',
  actStatus: '',
  actCarrier: '',
  actShippingMethod: '',
  actFlags: [],
  newFlag: '',
});

/**
 * A saved rule as a draft. `lossy` when the form cannot show all of it: two
 * conditions of a kind the form holds once (two stores, two totals "from"…),
 * or two status, carrier or 配送方法 actions.
 */
export const draftFromRule = (r: RuleView): { draft: RuleDraft; lossy: boolean } => {
  const d = { ...emptyDraft(), name: r.name, enabled: r.enabled };
  let lossy = false;
  const once = (current: string, next: string) => {
    if (current && current !== next) lossy = true;
    return next;
  };
  for (const c of r.conditions as RuleCondition[]) {
    if (c.field === 'channelId') d.channelId = once(d.channelId, c.value);
    else if (c.field === 'paymentMethod') d.paymentMethod = once(d.paymentMethod, c.value);
    else if (c.field === 'shippingMethod') d.shippingMethod = once(d.shippingMethod, c.value);
    else if (c.field === 'total' && c.op === 'gte') d.totalMin = once(d.totalMin, String(c.value));
    else if (c.field === 'total') d.totalMax = once(d.totalMax, String(c.value));
    else if (c.field === 'prefecture') {
      if (d.prefectures.length) lossy = true;
      d.prefectures = [...new Set([...d.prefectures, ...c.value])];
    } else if (c.field === 'sku') d.skus = [...new Set([...d.skus, c.value])];
    else if (c.field === 'flag') d.hasFlags = [...new Set([...d.hasFlags, c.value])];
    else lossy = true;
  }
  for (const a of r.actions as RuleAction[]) {
    if (a.type === 'status') d.actStatus = once(d.actStatus, a.value);
    else if (a.type === 'carrier') d.actCarrier = once(d.actCarrier, a.value);
    else if (a.type === 'shippingMethod') d.actShippingMethod = once(d.actShippingMethod, a.value);
    else if (a.type === 'flag') d.actFlags = [...new Set([...d.actFlags, a.value])];
    else lossy = true;
  }
  return { draft: d, lossy };
};

/** The posted editor as a draft (checkbox groups arrive as `name[]`). */
export const draftFromForm = (f: JSONObject): RuleDraft => ({
  name: str(f, 'name').trim(),
  enabled: str(f, 'enabled') === 'true',
  channelId: str(f, 'channelId'),
  paymentMethod: str(f, 'paymentMethod'),
  totalMin: str(f, 'totalMin').trim(),
  totalMax: str(f, 'totalMax').trim(),
  prefectures: strs(f, 'prefecture'),
  skus: [...new Set(strs(f, 'sku'))],
  hasFlags: strs(f, 'hasFlag'),
  shippingMethod: str(f, 'shippingMethod'),
  actStatus: str(f, 'actStatus'),
  actCarrier: str(f, 'actCarrier'),
  actShippingMethod: str(f, 'actShippingMethod'),
  actFlags: strs(f, 'actFlag'),
  newFlag: str(f, 'newFlag').trim(),
});

/** The rule body of POST /order-rules and PUT /order-rules/{id} (the priority is left to the API: last, or kept). */
export const ruleBody = (d: RuleDraft) => {
  const conditions: unknown[] = [];
  if (d.channelId) conditions.push({ field: 'channelId', op: 'eq', value: d.channelId });
  if (d.paymentMethod) conditions.push({ field: 'paymentMethod', op: 'eq', value: d.paymentMethod });
  if (d.totalMin) conditions.push({ field: 'total', op: 'gte', value: num(d.totalMin) });
  if (d.totalMax) conditions.push({ field: 'total', op: 'lte', value: num(d.totalMax) });
  if (d.prefectures.length) conditions.push({ field: 'prefecture', op: 'in', value: d.prefectures });
  for (const sku of d.skus) conditions.push({ field: 'sku', op: 'contains', value: sku });
  for (const flag of d.hasFlags) conditions.push({ field: 'flag', op: 'has', value: flag });
  if (d.shippingMethod) conditions.push({ field: 'shippingMethod', op: 'eq', value: d.shippingMethod });
  const actions: unknown[] = [];
  if (d.actStatus) actions.push({ type: 'status', value: d.actStatus });
  for (const flag of [...new Set([...d.actFlags, ...(d.newFlag ? [d.newFlag] : [])])]) actions.push({ type: 'flag', value: flag });
  if (d.actCarrier) actions.push({ type: 'carrier', value: d.actCarrier });
  if (d.actShippingMethod) actions.push({ type: 'shippingMethod', value: d.actShippingMethod });
  return { name: d.name, enabled: d.enabled, conditions, actions };
};

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
type TMaybe = (key: string, params?: Record<string, string | number>) => string | undefined;

/** Labels for the codes a rule holds, in the reader's language; never a raw store id. */
export const ruleLabels = (t: T, tMaybe: TMaybe, locale: 'ja' | 'en', channels: readonly { id: string; name: string }[]) => {
  const romaji = new Map(PREFECTURES.map((p) => [p.ja, p.romaji.charAt(0).toUpperCase() + p.romaji.slice(1)]));
  return {
    channel: (id: string) => (id === 'manual' ? t('rules.channel.manual') : (channels.find((c) => c.id === id)?.name ?? t('rules.channel.unknown'))),
    payment: (m: string) => tMaybe(`orders.payment.${m}`) ?? m,
    shippingMethod: (m: string) => tMaybe(`orders.shippingMethod.${m}`) ?? m,
    status: (s: string) => tMaybe(`orders.status.${s}`) ?? s,
    carrier: (c: string) => tMaybe(`orders.carrier.${c}`) ?? c,
    flag: (f: string) => tMaybe(`orders.flag.${f}`) ?? tMaybe(`rules.flag.${f}`) ?? f,
    prefecture: (p: string) => (locale === 'en' ? (romaji.get(p) ?? p) : p),
    yen: (n: number) => `¥${n.toLocaleString('ja-JP')}`,
    /** names one after another, as each language lists them */
    join: (names: readonly string[]) => names.join(locale === 'en' ? ', ' : '・'),
  };
};
export type RuleLabels = ReturnType<typeof ruleLabels>;

/** At most `max` names, then "and n more". */
const some = (t: T, l: RuleLabels, names: string[], max = 6) => (names.length > max ? `${l.join(names.slice(0, max))} ${t('rules.desc.more', { n: names.length - max })}` : l.join(names));

/** A rule's conditions and actions in words, one line each. */
export const describeRule = (t: T, l: RuleLabels, r: RuleView) => {
  const conditions = (r.conditions as RuleCondition[]).map((c) => {
    switch (c.field) {
      case 'channelId':
        return t('rules.desc.channel', { value: l.channel(c.value) });
      case 'paymentMethod':
        return t('rules.desc.payment', { value: l.payment(c.value) });
      case 'total':
        return t(c.op === 'gte' ? 'rules.desc.totalGte' : 'rules.desc.totalLte', { amount: l.yen(c.value) });
      case 'prefecture':
        return t('rules.desc.prefecture', { value: some(t, l, c.value.map(l.prefecture)) });
      case 'sku':
        return t('rules.desc.sku', { value: c.value });
      case 'flag':
        return t('rules.desc.flag', { value: l.flag(c.value) });
      case 'shippingMethod':
        return t('rules.desc.shippingMethod', { value: l.shippingMethod(c.value) });
      default:
        return '';
    }
  });
  const actions = (r.actions as RuleAction[]).map((a) => {
    switch (a.type) {
      case 'status':
        return t('rules.desc.act.status', { value: l.status(a.value) });
      case 'flag':
        return t('rules.desc.act.flag', { value: l.flag(a.value) });
      case 'carrier':
        return t('rules.desc.act.carrier', { value: l.carrier(a.value) });
      case 'shippingMethod':
        return t('rules.desc.act.shippingMethod', { value: l.shippingMethod(a.value) });
      default:
        return '';
    }
  });
  return { conditions: conditions.length ? conditions : [t('rules.desc.any')], actions };
};

/** One change of 「今すぐ実行」 in words. */
export const changeText = (t: T, l: RuleLabels, c: RuleChange | { type: string; from: string | null; to: string }) => {
  const unset = t('rules.change.unset');
  switch (c.type) {
    case 'status':
      return t('rules.change.status', { from: l.status(c.from ?? ''), to: l.status(c.to) });
    case 'flag':
      return t('rules.change.flag', { to: l.flag(c.to) });
    case 'carrier':
      return t('rules.change.carrier', { from: c.from ? l.carrier(c.from) : unset, to: l.carrier(c.to) });
    case 'shippingMethod':
      return t('rules.change.shippingMethod', { from: c.from ? l.shippingMethod(c.from) : unset, to: l.shippingMethod(c.to) });
    default:
      return `${c.type}: ${c.to}`;
  }
};
