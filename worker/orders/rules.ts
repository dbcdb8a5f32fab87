import { checkTransition, paymentSettled, type OrderStatus } from './state-machine';

/**
 * Automatic processing rules (自動処理), pure: which rules match an order and
 * what they would do. The import applies the plan on arrival (arrival.ts);
 * 「今すぐ実行」 applies the same plan to the account's 新規受付 orders
 * (rules-service.ts runRules); simulation shows it without applying anything.
 */
export type RuleCondition =
  | { field: 'channelId'; op: 'eq'; value: string }
  | { field: 'paymentMethod'; op: 'eq'; value: string }
  | { field: 'total'; op: 'gte' | 'lte'; value: number }
  | { field: 'prefecture'; op: 'in'; value: string[] }
  | { field: 'sku'; op: 'contains'; value: string }
  | { field: 'flag'; op: 'has'; value: string }
  | { field: 'shippingMethod'; op: 'eq'; value: string };

/** The statuses a rule may move an order to (shipped and cancelled have their own actions). */
export const RULE_SETTABLE_STATUSES = ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'on_hold'] as const satisfies readonly OrderStatus[];
export type RuleSettableStatus = (typeof RULE_SETTABLE_STATUSES)[number];

/** The carriers a rule may choose (the ship action's list). */
export const RULE_CARRIERS = ['yamato', 'sagawa', 'japanpost', 'other'] as const;

export type RuleAction =
  | { type: 'status'; value: RuleSettableStatus }
  | { type: 'flag'; value: string }
  | { type: 'carrier'; value: (typeof RULE_CARRIERS)[number] }
  | { type: 'shippingMethod'; value: string };

export interface RuleSubject {
  channelId: string;
  paymentMethod: string;
  total: number;
  prefecture: string;
  skus: string[];
  flags: string[];
  /** 配送方法 as the order holds it (null: none given) */
  shippingMethod?: string | null;
}

export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  priority: number;
  conditions: RuleCondition[];
  actions: RuleAction[];
}

/**
 * The flags Kura itself sets on arrival (import.ts): a contact on the
 * blacklist, a buyer seen before (リピーター). Rules may test them.
 */
export const BUILTIN_FLAGS = ['blacklist', 'repeat'] as const;
/** Flags with a meaning elsewhere: `gift` prints the 納品書 as a gift slip (no prices). */
export const KNOWN_FLAGS = [...BUILTIN_FLAGS, 'gift'] as const;

export const conditionHolds = (c: RuleCondition, o: RuleSubject): boolean => {
  switch (c.field) {
    case 'channelId':
      return o.channelId === c.value;
    case 'paymentMethod':
      return o.paymentMethod === c.value;
    case 'total':
      return c.op === 'gte' ? o.total >= c.value : o.total <= c.value;
    case 'prefecture':
      return c.value.includes(o.prefecture);
    case 'sku':
      return o.skus.includes(c.value);
    case 'flag':
      return o.flags.includes(c.value);
    case 'shippingMethod':
      return (o.shippingMethod ?? null) === c.value;
  }
};

/** A rule matches when every condition holds (no conditions: every order). */
export const ruleMatches = (r: Rule, o: RuleSubject) => r.enabled && r.conditions.every((c) => conditionHolds(c, o));

export interface RulePlan {
  matched: { id: string; name: string }[];
  status: RuleSettableStatus | null;
  /** the flags the rules add (the order's own flags left out) */
  flags: string[];
  carrier: string | null;
  /** the 配送方法 the rules choose (null: leave it) */
  shippingMethod: string | null;
}

/** The rules in the order they run: priority, then id. */
export const inRunOrder = <R extends { priority: number; id: string }>(rules: readonly R[]): R[] => [...rules].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));

/**
 * Runs the rules in priority order: flags accumulate and a 配送方法 a rule
 * sets is the one later rules test (later rules see earlier rules' work);
 * the last status, carrier and 配送方法 set win.
 */
export const planRules = (rules: readonly Rule[], subject: RuleSubject): RulePlan => {
  const flags = [...subject.flags];
  let shippingMethod = subject.shippingMethod ?? null;
  const plan: RulePlan = { matched: [], status: null, flags: [], carrier: null, shippingMethod: null };
  for (const r of inRunOrder(rules)) {
    if (!ruleMatches(r, { ...subject, flags, shippingMethod })) continue;
    plan.matched.push({ id: r.id, name: r.name });
    for (const a of r.actions) {
      if (a.type === 'flag' && !flags.includes(a.value)) {
        flags.push(a.value);
        plan.flags.push(a.value);
      }
      if (a.type === 'status') plan.status = a.value;
      if (a.type === 'carrier') plan.carrier = a.value;
      if (a.type === 'shippingMethod') shippingMethod = plan.shippingMethod = a.value;
    }
  }
  return plan;
};

/** What an open order is now, as far as the rules can change it. */
export interface RuleTarget {
  status: OrderStatus;
  reserved: boolean;
  stockWarning: boolean;
  paymentMethod: string;
  paid: boolean;
  flags: string[];
  carrier: string | null;
  shippingMethod: string | null;
}

export type RuleChange =
  | { type: 'status'; from: OrderStatus; to: OrderStatus }
  | { type: 'flag'; from: null; to: string }
  | { type: 'carrier'; from: string | null; to: string }
  | { type: 'shippingMethod'; from: string | null; to: string };

export interface RuleOutcome {
  /** the rules that matched on the way, the plan's last status wish (even when refused) */
  plan: { matched: { id: string; name: string }[]; status: RuleSettableStatus | null; flags: string[]; carrier: string | null; shippingMethod: string | null };
  /** the status move, only where the workflow allows it */
  status: OrderStatus | null;
  /** why the rules' status move was refused (state-machine codes), or rules_unstable */
  refused: string | null;
  /** what changes, in a fixed order: status, flags, carrier, 配送方法 */
  changes: RuleChange[];
}

/** One pass of the rules over an order: the plan and the changes it makes where the workflow allows. */
const step = (rules: readonly Rule[], subject: RuleSubject, o: RuleTarget) => {
  const plan = planRules(rules, { ...subject, flags: o.flags, shippingMethod: o.shippingMethod });
  const changes: RuleChange[] = [];
  let refused: string | null = null;
  if (plan.status && plan.status !== o.status) {
    const check = checkTransition(o.status, plan.status, { stockReserved: o.reserved && !o.stockWarning, paymentSettled: paymentSettled({ method: o.paymentMethod, paid: o.paid }) });
    if (check.ok) changes.push({ type: 'status', from: o.status, to: plan.status });
    else refused = check.code;
  }
  for (const f of plan.flags) if (!o.flags.includes(f)) changes.push({ type: 'flag', from: null, to: f });
  if (plan.carrier && plan.carrier !== o.carrier) changes.push({ type: 'carrier', from: o.carrier, to: plan.carrier });
  if (plan.shippingMethod && plan.shippingMethod !== o.shippingMethod) changes.push({ type: 'shippingMethod', from: o.shippingMethod, to: plan.shippingMethod });
  return { plan, changes, refused };
};

/**
 * The rules applied to an existing order (「今すぐ実行」, simulation), until
 * they have nothing more to do: a pass's changes are applied and the rules
 * run again on the result (a flag set by a later rule may now satisfy an
 * earlier one; a rule whose 配送方法 no longer holds keeps what it did). The
 * outcome is therefore stable: applying it and running the rules again
 * changes nothing, which makes 今すぐ実行 idempotent. Rules that keep undoing
 * each other (配送方法 back and forth) never settle: the order is left alone,
 * refused as `rules_unstable`.
 */
export const outcomeFor = (rules: readonly Rule[], subject: RuleSubject, o: RuleTarget): RuleOutcome => {
  const matched = new Map<string, { id: string; name: string }>();
  let current = o;
  for (let pass = 0; pass <= rules.length + 1; pass++) {
    const s = step(rules, subject, current);
    for (const m of s.plan.matched) if (!matched.has(m.id)) matched.set(m.id, m);
    if (!s.changes.length) {
      const changes = diffOf(o, current);
      const status = changes.find((c) => c.type === 'status')?.to ?? null;
      return {
        plan: { matched: [...matched.values()], status: s.plan.status ?? (status as RuleSettableStatus | null), flags: changes.filter((c) => c.type === 'flag').map((c) => c.to), carrier: current.carrier !== o.carrier ? current.carrier : s.plan.carrier, shippingMethod: current.shippingMethod !== o.shippingMethod ? current.shippingMethod : s.plan.shippingMethod },
        status,
        refused: s.refused,
        changes,
      };
    }
    current = applyOutcome(current, s.changes);
  }
  return { plan: { matched: [...matched.values()], status: null, flags: [], carrier: null, shippingMethod: null }, status: null, refused: 'rules_unstable', changes: [] };
};

/** From one state of an order to another, as changes (status, added flags, carrier, 配送方法). */
const diffOf = (from: RuleTarget, to: RuleTarget): RuleChange[] => {
  const out: RuleChange[] = [];
  if (to.status !== from.status) out.push({ type: 'status', from: from.status, to: to.status });
  for (const f of to.flags) if (!from.flags.includes(f)) out.push({ type: 'flag', from: null, to: f });
  if (to.carrier && to.carrier !== from.carrier) out.push({ type: 'carrier', from: from.carrier, to: to.carrier });
  if (to.shippingMethod && to.shippingMethod !== from.shippingMethod) out.push({ type: 'shippingMethod', from: from.shippingMethod, to: to.shippingMethod });
  return out;
};

/** The order after an outcome: what to write. */
export const applyOutcome = (o: RuleTarget, changes: readonly RuleChange[]): RuleTarget => {
  const next = { ...o, flags: [...o.flags] };
  for (const c of changes) {
    if (c.type === 'status') next.status = c.to;
    if (c.type === 'flag' && !next.flags.includes(c.to)) next.flags.push(c.to);
    if (c.type === 'carrier') next.carrier = c.to;
    if (c.type === 'shippingMethod') next.shippingMethod = c.to;
  }
  return next;
};

/**
 * The flags an operator picks from in the rules screen: Kura's own (set on
 * arrival, or read by the slip), then every flag the rules set or test, in
 * the order the rules run.
 */
export const flagsInUse = (rules: readonly Pick<Rule, 'id' | 'priority' | 'conditions' | 'actions'>[]): string[] => {
  const out: string[] = [...KNOWN_FLAGS];
  for (const r of inRunOrder(rules)) {
    for (const a of r.actions) if (a.type === 'flag' && !out.includes(a.value)) out.push(a.value);
    for (const c of r.conditions) if (c.field === 'flag' && !out.includes(c.value)) out.push(c.value);
  }
  return out;
};

/**
 * The priorities a full ordered list of rule ids gets (POST /order-rules/reorder):
 * 10, 20, 30 … so a rule can later be put between two by its priority alone;
 * 1, 2, 3 … when there are too many rules for steps of ten.
 */
export const MAX_RULE_PRIORITY = 10_000;
export const prioritiesFor = (ids: readonly string[]): { id: string; priority: number }[] => {
  const step = ids.length * 10 <= MAX_RULE_PRIORITY ? 10 : 1;
  return ids.map((id, i) => ({ id, priority: (i + 1) * step }));
};

/** The ids with one rule swapped with its neighbour above (`up`) or below (`down`); unchanged at either end or for an unknown id. */
export const moveInOrder = (ids: readonly string[], id: string, dir: 'up' | 'down'): string[] => {
  const out = [...ids];
  const i = out.indexOf(id);
  const j = dir === 'up' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= out.length) return out;
  [out[i], out[j]] = [out[j], out[i]];
  return out;
};

/** Blacklist matching: compare normalised values (no spaces, lower case; phones as digits). */
export const normaliseForMatch = (kind: 'name' | 'phone' | 'email', value: string) =>
  kind === 'phone' ? value.replace(/\D/g, '') : value.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
