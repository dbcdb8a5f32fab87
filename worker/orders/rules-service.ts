import { and, asc, desc, eq, ne, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newId } from '../lib/ids';
import { orderEvents, orderLines, orders } from './schema';
import { blacklist, orderRules } from './rules-schema';
import { normaliseForMatch, planRules, type Rule, type RulePlan, type RuleSubject } from './rules';
import { checkTransition, paymentSettled } from './state-machine';

type OrderRow = typeof orders.$inferSelect;

export const loadRules = async (db: Db, accountId: string): Promise<Rule[]> =>
  (await db.select().from(orderRules).where(eq(orderRules.accountId, accountId)).orderBy(asc(orderRules.priority), asc(orderRules.id))).map((r) => ({
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    priority: r.priority,
    conditions: r.conditions,
    actions: r.actions,
  }));

const subjectOf = async (db: Db, o: OrderRow): Promise<RuleSubject> => {
  const lines = await db.select({ sku: orderLines.sku }).from(orderLines).where(and(eq(orderLines.accountId, o.accountId), eq(orderLines.orderId, o.id)));
  return { channelId: o.channelId, paymentMethod: o.paymentMethod, total: o.total, prefecture: o.prefecture, skus: lines.map((l) => l.sku), flags: o.flags };
};

/** What the rules would do to one order: status only where the workflow allows it. */
export const planFor = async (db: Db, rules: Rule[], o: OrderRow, extraFlags: string[] = []) => {
  const subject = await subjectOf(db, o);
  const plan = planRules(rules, { ...subject, flags: [...new Set([...subject.flags, ...extraFlags])] });
  let status = plan.status;
  let refused: string | null = null;
  if (status && status !== o.status) {
    const check = checkTransition(o.status, status, { stockReserved: o.reserved && !o.stockWarning, paymentSettled: paymentSettled({ method: o.paymentMethod, paid: o.paid }) });
    if (!check.ok) {
      refused = check.code;
      status = null;
    }
  } else status = null;
  return { ...plan, status, refused };
};

/** 自動処理のシミュレーション: the plan for the latest orders, applying nothing. */
export const simulateRules = async (db: Db, accountId: string, rules: Rule[], limit: number) => {
  const recent = await db.select().from(orders).where(eq(orders.accountId, accountId)).orderBy(desc(orders.orderedAt), desc(orders.id)).limit(limit);
  const out = [];
  for (const o of recent) {
    const plan = await planFor(db, rules, o);
    if (plan.matched.length) out.push({ orderId: o.id, number: o.number, status: o.status, plan: { matched: plan.matched, flags: plan.flags, carrier: plan.carrier, status: plan.status, refused: plan.refused } });
  }
  return { checked: recent.length, matched: out };
};
