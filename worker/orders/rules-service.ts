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

/**
 * Flags every arriving order earns by itself: ブラックリスト (name, phone or
 * e-mail on the account's blacklist) and リピーター (an earlier order with the
 * same e-mail or phone).
 */
export const arrivalFlags = async (db: Db, o: OrderRow): Promise<string[]> => {
  const flags: string[] = [];
  const candidates = [
    { kind: 'name' as const, value: o.customerName },
    { kind: 'name' as const, value: o.shipName },
    ...(o.customerEmail ? [{ kind: 'email' as const, value: o.customerEmail }] : []),
    ...(o.customerPhone ? [{ kind: 'phone' as const, value: o.customerPhone }] : []),
    { kind: 'phone' as const, value: o.shipPhone },
  ].map((c) => ({ kind: c.kind, value: normaliseForMatch(c.kind, c.value) }));
  const hit = await db
    .select({ id: blacklist.id })
    .from(blacklist)
    .where(and(eq(blacklist.accountId, o.accountId), or(...candidates.map((c) => and(eq(blacklist.kind, c.kind), eq(blacklist.value, c.value))))))
    .limit(1);
  if (hit.length) flags.push('blacklist');
  const contact = [o.customerEmail ? eq(orders.customerEmail, o.customerEmail) : undefined, o.customerPhone ? eq(orders.customerPhone, o.customerPhone) : undefined].filter(Boolean);
  if (contact.length) {
    const earlier = await db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.accountId, o.accountId), ne(orders.id, o.id), or(...contact)))
      .limit(1);
    if (earlier.length) flags.push('repeat');
  }
  return flags;
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

/**
 * On arrival: adds the order's own flags, then runs the account's rules and
 * applies their plan (flags, carrier, status), recording it in the history.
 */
export const applyArrivalRules = async (db: Db, accountId: string, orderId: string) => {
  const o = (await db.select().from(orders).where(and(eq(orders.accountId, accountId), eq(orders.id, orderId))).limit(1))[0];
  if (!o) return null;
  const own = await arrivalFlags(db, o);
  const rules = await loadRules(db, accountId);
  const plan: RulePlan & { refused: string | null } = await planFor(db, rules, o, own);
  const flags = [...new Set([...o.flags, ...own, ...plan.flags])];
  const changed = flags.length !== o.flags.length || plan.carrier || plan.status;
  if (!changed) return plan;
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(orders)
      .set({ flags, ...(plan.carrier ? { carrier: plan.carrier } : {}), ...(plan.status ? { status: plan.status } : {}), updatedAt: now })
      .where(and(eq(orders.accountId, accountId), eq(orders.id, orderId), eq(orders.status, o.status))),
    db.insert(orderEvents).values({
      id: newId(),
      accountId,
      orderId,
      at: now,
      actor: 'system:rules',
      kind: 'rules',
      detail: { matched: plan.matched, flags: [...own, ...plan.flags], carrier: plan.carrier, status: plan.status ? { from: o.status, to: plan.status } : null, refused: plan.refused },
    }),
  ]);
  return plan;
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
