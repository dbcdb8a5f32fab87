import type { OrderStatus } from './state-machine';

/**
 * Automatic processing rules (自動処理), pure: which rules match an order and
 * what they would do. The service applies the plan on arrival; simulation
 * shows the same plan for existing orders without applying anything.
 */
export type RuleCondition =
  | { field: 'channelId'; op: 'eq'; value: string }
  | { field: 'paymentMethod'; op: 'eq'; value: string }
  | { field: 'total'; op: 'gte' | 'lte'; value: number }
  | { field: 'prefecture'; op: 'in'; value: string[] }
  | { field: 'sku'; op: 'contains'; value: string }
  | { field: 'flag'; op: 'has'; value: string };

export type RuleAction =
  | { type: 'status'; value: Exclude<OrderStatus, 'shipped' | 'cancelled'> }
  | { type: 'flag'; value: string }
  | { type: 'carrier'; value: 'yamato' | 'sagawa' | 'japanpost' | 'other' };

export interface RuleSubject {
  channelId: string;
  paymentMethod: string;
  total: number;
  prefecture: string;
  skus: string[];
  flags: string[];
}

export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  priority: number;
  conditions: RuleCondition[];
  actions: RuleAction[];
}

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
  }
};

/** A rule matches when every condition holds (no conditions: every order). */
export const ruleMatches = (r: Rule, o: RuleSubject) => r.enabled && r.conditions.every((c) => conditionHolds(c, o));

export interface RulePlan {
  matched: { id: string; name: string }[];
  status: Exclude<OrderStatus, 'shipped' | 'cancelled'> | null;
  flags: string[];
  carrier: string | null;
}

/**
 * Runs the rules in priority order: flags accumulate (later rules see earlier
 * rules' flags), the last status and carrier set win.
 */
export const planRules = (rules: readonly Rule[], subject: RuleSubject): RulePlan => {
  const flags = [...subject.flags];
  const plan: RulePlan = { matched: [], status: null, flags: [], carrier: null };
  for (const r of [...rules].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id))) {
    if (!ruleMatches(r, { ...subject, flags })) continue;
    plan.matched.push({ id: r.id, name: r.name });
    for (const a of r.actions) {
      if (a.type === 'flag' && !flags.includes(a.value)) {
        flags.push(a.value);
        plan.flags.push(a.value);
      }
      if (a.type === 'status') plan.status = a.value;
      if (a.type === 'carrier') plan.carrier = a.value;
    }
  }
  return plan;
};

/** Blacklist matching: compare normalised values (no spaces, lower case; phones as digits). */
export const normaliseForMatch = (kind: 'name' | 'phone' | 'email', value: string) =>
  kind === 'phone' ? value.replace(/\D/g, '') : value.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
