import { and, asc, desc, eq, gt, inArray, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { chunks } from '../lib/chunks';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { orderLines, orders } from './schema';
import { orderRules } from './rules-schema';
import { applyOutcome, outcomeFor, type Rule, type RuleChange, type RuleSubject, type RuleTarget } from './rules';

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

/** The SKUs of many orders in a few reads (D1 binds at most 100 parameters a statement). */
const skusOf = async (db: Db, accountId: string, orderIds: string[]) => {
  const out = new Map<string, string[]>(orderIds.map((id) => [id, []]));
  for (const part of chunks(orderIds)) {
    for (const l of await db.select({ orderId: orderLines.orderId, sku: orderLines.sku }).from(orderLines).where(and(eq(orderLines.accountId, accountId), inArray(orderLines.orderId, part)))) {
      out.get(l.orderId)?.push(l.sku);
    }
  }
  return out;
};

const subjectOf = (o: OrderRow, skus: string[]): RuleSubject => ({
  channelId: o.channelId,
  paymentMethod: o.paymentMethod,
  total: o.total,
  prefecture: o.prefecture,
  skus,
  flags: o.flags,
  shippingMethod: o.shippingMethod,
});

const targetOf = (o: OrderRow): RuleTarget => ({
  status: o.status,
  reserved: o.reserved,
  stockWarning: o.stockWarning,
  paymentMethod: o.paymentMethod,
  paid: o.paid,
  flags: o.flags,
  carrier: o.carrier,
  shippingMethod: o.shippingMethod,
});

/** 自動処理のシミュレーション: the plan for the latest orders, applying nothing. */
export const simulateRules = async (db: Db, accountId: string, rules: Rule[], limit: number) => {
  const recent = await db.select().from(orders).where(eq(orders.accountId, accountId)).orderBy(desc(orders.orderedAt), desc(orders.id)).limit(limit);
  const skus = await skusOf(
    db,
    accountId,
    recent.map((o) => o.id),
  );
  const out = [];
  for (const o of recent) {
    const { plan, status, refused } = outcomeFor(rules, subjectOf(o, skus.get(o.id) ?? []), targetOf(o));
    if (plan.matched.length) {
      out.push({ orderId: o.id, number: o.number, status: o.status, plan: { matched: plan.matched, flags: plan.flags, carrier: plan.carrier, shippingMethod: plan.shippingMethod, status, refused } });
    }
  }
  return { checked: recent.length, matched: out };
};

/** At most this many orders per 「今すぐ実行」 call; the answer says when more wait (truncated, nextCursor). */
export const RUN_MAX_ORDERS = 500;

export interface RunResult {
  examined: number;
  truncated: boolean;
  nextCursor: string | null;
  results: { orderId: string; number: string; rules: { id: string; name: string }[]; changes: RuleChange[] }[];
  refused: { orderId: string; number: string; code: string; to: string | null }[];
}

/**
 * 今すぐ実行: the account's saved, enabled rules on its 新規受付 (new) orders,
 * oldest first, with the engine the import uses. Each order that changes is
 * written in one guarded statement (status and updated_at as read, so an
 * order someone changed meanwhile is left alone) and gets a `rules` event in
 * the same batch. Idempotent in effect: the plan is a fixed point of the rules
 * (rules.ts planRules), so a second run finds nothing to change.
 */
export const runRules = async (d1: D1Database, db: Db, accountId: string, actor: string | null, opts: { limit: number; cursor?: string }): Promise<RunResult> => {
  const after = opts.cursor ? decodeCursor(opts.cursor) : null;
  if (opts.cursor && !after) throw new AppError(400, 'validation_error', 'The request is not valid', [{ field: 'cursor', code: 'invalid_cursor', message: 'Not a cursor of this list' }]);
  const rules = (await loadRules(db, accountId)).filter((r) => r.enabled);
  const rows = await db
    .select()
    .from(orders)
    .where(and(eq(orders.accountId, accountId), eq(orders.status, 'new'), after ? or(gt(orders.orderedAt, after.at), and(eq(orders.orderedAt, after.at), gt(orders.id, after.id))) : undefined))
    .orderBy(asc(orders.orderedAt), asc(orders.id))
    .limit(opts.limit + 1);
  const truncated = rows.length > opts.limit;
  const examined = rows.slice(0, opts.limit);
  const last = examined.at(-1);
  const nextCursor = truncated && last ? encodeCursor({ at: last.orderedAt, id: last.id }) : null;
  if (!rules.length || !examined.length) return { examined: examined.length, truncated, nextCursor, results: [], refused: [] };

  const skus = await skusOf(
    db,
    accountId,
    examined.map((o) => o.id),
  );
  const at = new Date().toISOString();
  const planned: { o: OrderRow; rules: { id: string; name: string }[]; changes: RuleChange[]; statements: D1PreparedStatement[] }[] = [];
  const refused: RunResult['refused'] = [];
  for (const o of examined) {
    const outcome = outcomeFor(rules, subjectOf(o, skus.get(o.id) ?? []), targetOf(o));
    if (outcome.refused) refused.push({ orderId: o.id, number: o.number, code: outcome.refused, to: outcome.plan.status });
    if (!outcome.changes.length) continue;
    const next = applyOutcome(targetOf(o), outcome.changes);
    const status = outcome.changes.find((c) => c.type === 'status');
    const detail = {
      run: true,
      matched: outcome.plan.matched,
      flags: outcome.changes.filter((c) => c.type === 'flag').map((c) => c.to),
      carrier: outcome.plan.carrier,
      ...(next.shippingMethod !== o.shippingMethod ? { shippingMethod: { from: o.shippingMethod, to: next.shippingMethod } } : {}),
      status: status ? { from: status.from, to: status.to } : null,
      refused: outcome.refused,
      changes: outcome.changes,
    };
    planned.push({
      o,
      rules: outcome.plan.matched,
      changes: outcome.changes,
      statements: [
        d1
          .prepare(
            `UPDATE orders SET status = ?1, flags = ?2, carrier = ?3, shipping_method = ?4, updated_at = ?5
             WHERE account_id = ?6 AND id = ?7 AND status = ?8 AND updated_at = ?9 RETURNING id`,
          )
          .bind(next.status, JSON.stringify(next.flags), next.carrier, next.shippingMethod, at, accountId, o.id, o.status, o.updatedAt),
        // the history only where the guarded update above went in
        d1
          .prepare(
            `INSERT INTO order_events (id, account_id, order_id, at, actor, kind, detail)
             SELECT ?1, ?2, ?3, ?4, ?5, 'rules', ?6 WHERE EXISTS (SELECT 1 FROM orders WHERE account_id = ?2 AND id = ?3 AND updated_at = ?4)`,
          )
          .bind(newId(), accountId, o.id, at, actor, JSON.stringify(detail)),
      ],
    });
  }
  const results: RunResult['results'] = [];
  for (const part of chunks(planned, 50)) {
    const written = await d1.batch(part.flatMap((p) => p.statements));
    part.forEach((p, i) => {
      if ((written[i * 2] as D1Result<{ id: string }>).results.length) results.push({ orderId: p.o.id, number: p.o.number, rules: p.rules, changes: p.changes });
    });
  }
  return { examined: examined.length, truncated, nextCursor, results, refused };
};
