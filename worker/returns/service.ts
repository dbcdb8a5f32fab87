/**
 * 返品・交換: recording a return against a shipped order, its restock, the
 * refund, and the exchange order. The rules are ./rules.ts; this is the I/O.
 *
 * Creating a return is one guarded D1 batch: the return (numbered R000001 …
 * from the account's counter), its lines and the order's `returned` event go in
 * only while the order is shipped and every line is still returnable, so two
 * concurrent returns can never take back more than was shipped. The sellable
 * units then go back into stock through the StockLedger (adjust, reference =
 * the return number); each line records that it is restocked.
 *
 * A repeat of the same request (same `requestKey`) answers the return it made
 * and finishes a restock that did not complete; before adjusting again it
 * looks in the ledger for the return's own entry, so stock never goes back twice.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import type { Env } from '../env';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { ledgerOf } from '../stock/service';
import type { AdjustItem, Outcome } from '../stock/types';
import { orderEvents, orderLines, orders } from '../orders/schema';
import { findOrder } from '../orders/service';
import { importOrder, type ImportedOrder } from '../orders/import';
import { actorNames } from '../users/actor-names';
import { returnLines, returns } from './schema';
import {
  checkReturn,
  exchangeExternalId,
  exchangeNote,
  refundProblems,
  restockPlan,
  restockReason,
  returnableLines,
  unitsOf,
  type RefundStatus,
  type RequestedLine,
  type RestockPlan,
  type SetFacts,
} from './rules';
import type { CreateReturnInput, ExchangeInput, ReturnPatchInput, ReturnViewBody } from './api-schema';

export interface ReturnContext {
  env: Env;
  db: Db;
  accountId: string;
  /** user:<id> or token:<id>: who the ledger, the history and the return name */
  actor: string | null;
}

type ReturnRow = typeof returns.$inferSelect;
type LineRow = typeof returnLines.$inferSelect;
type OrderRow = typeof orders.$inferSelect;

const exchangeOrders = alias(orders, 'exchange_orders');

/** The returns matching `conds` (already scoped to the account), as the API answers them. */
const loadViews = async (db: Db, accountId: string, conds: (SQL | undefined)[], opts: { order: 'asc' | 'desc'; limit?: number }) => {
  const base = db
    .select({ r: returns, orderNumber: orders.number, exchangeOrderNumber: exchangeOrders.number })
    .from(returns)
    .innerJoin(orders, and(eq(orders.id, returns.orderId), eq(orders.accountId, returns.accountId)))
    .leftJoin(exchangeOrders, and(eq(exchangeOrders.id, returns.exchangeOrderId), eq(exchangeOrders.accountId, returns.accountId)))
    .where(and(eq(returns.accountId, accountId), ...conds))
    .orderBy(...(opts.order === 'desc' ? [desc(returns.createdAt), desc(returns.id)] : [asc(returns.createdAt), asc(returns.id)]));
  const rows = opts.limit ? await base.limit(opts.limit) : await base;
  return { rows, views: await viewsOf(db, accountId, rows) };
};

type Joined = { r: ReturnRow; orderNumber: string; exchangeOrderNumber: string | null };

const viewsOf = async (db: Db, accountId: string, rows: Joined[]): Promise<ReturnViewBody[]> => {
  if (!rows.length) return [];
  const ids = rows.map((x) => x.r.id);
  const orderIds = [...new Set(rows.map((x) => x.r.orderId))];
  const [lines, names, actors] = await Promise.all([
    db.select().from(returnLines).where(and(eq(returnLines.accountId, accountId), inArray(returnLines.returnId, ids))).orderBy(asc(returnLines.returnId), asc(returnLines.lineNo)),
    db
      .select({ orderId: orderLines.orderId, sku: orderLines.sku, name: orderLines.name })
      .from(orderLines)
      .where(and(eq(orderLines.accountId, accountId), inArray(orderLines.orderId, orderIds))),
    actorNames(db, accountId, rows.map((x) => x.r.createdBy)),
  ]);
  const nameOf = new Map<string, string | null>();
  for (const n of names) if (!nameOf.get(`${n.orderId}\u0000${n.sku}`)) nameOf.set(`${n.orderId}\u0000${n.sku}`, n.name);
  const linesOf = new Map<string, LineRow[]>();
  for (const l of lines) linesOf.set(l.returnId, [...(linesOf.get(l.returnId) ?? []), l]);
  return rows.map(({ r, orderNumber, exchangeOrderNumber }) => {
    const ls = (linesOf.get(r.id) ?? []).map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      name: nameOf.get(`${r.orderId}\u0000${l.sku}`) ?? null,
      quantity: l.quantity,
      sellable: l.sellableQuantity,
      restocked: l.restocked,
    }));
    return {
      id: r.id,
      number: r.number,
      orderId: r.orderId,
      orderNumber,
      reason: r.reason,
      note: r.note,
      refund: { status: r.refundStatus, amount: r.refundAmount },
      exchangeOrderId: r.exchangeOrderId,
      exchangeOrderNumber,
      lines: ls,
      ...unitsOf(ls),
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      createdByName: (r.createdBy && actors.get(r.createdBy)) ?? null,
      updatedAt: r.updatedAt,
    };
  });
};

const findReturnRow = async (db: Db, accountId: string, id: string): Promise<ReturnRow> => {
  const r = (await db.select().from(returns).where(and(eq(returns.accountId, accountId), eq(returns.id, id))).limit(1))[0];
  if (!r) throw new AppError(404, 'not_found', 'Return not found');
  return r;
};

/** One return as the API answers it; 404 for an id of another account or none. */
export const returnView = async (db: Db, accountId: string, id: string): Promise<ReturnViewBody> => {
  const { views } = await loadViews(db, accountId, [eq(returns.id, id)], { order: 'asc', limit: 1 });
  if (!views[0]) throw new AppError(404, 'not_found', 'Return not found');
  return views[0];
};

/** What the order shipped, and what its returns took back so far. */
const returnFacts = async (db: Db, accountId: string, orderId: string) => {
  const [ls, back, refunds] = await db.batch([
    db.select({ sku: orderLines.sku, name: orderLines.name, quantity: orderLines.quantity }).from(orderLines).where(and(eq(orderLines.accountId, accountId), eq(orderLines.orderId, orderId))).orderBy(asc(orderLines.lineNo)),
    db.select({ sku: returnLines.sku, quantity: returnLines.quantity }).from(returnLines).where(and(eq(returnLines.accountId, accountId), eq(returnLines.orderId, orderId))),
    db.select({ id: returns.id, amount: returns.refundAmount }).from(returns).where(and(eq(returns.accountId, accountId), eq(returns.orderId, orderId))),
  ]);
  return { returnable: returnableLines(ls, back), refunds };
};

/** The returns of one order (oldest first) and what may still come back. */
export const returnsOfOrder = async (db: Db, accountId: string, orderId: string) => {
  await findOrder(db, accountId, orderId);
  const [{ views }, facts] = await Promise.all([loadViews(db, accountId, [eq(returns.orderId, orderId)], { order: 'asc' }), returnFacts(db, accountId, orderId)]);
  return { items: views, returnable: facts.returnable };
};

/** `sellable: true | false | n` as a number of units. */
const normalised = (lines: CreateReturnInput['lines']): RequestedLine[] =>
  lines.map((l) => ({ sku: l.sku, quantity: l.quantity, sellable: l.sellable === true ? l.quantity : l.sellable === false ? 0 : l.sellable }));

/** Which sellable SKUs the StockLedger knows, and the components of the sets among them. */
const stockFacts = async (ctx: ReturnContext, codes: string[]): Promise<Map<string, SetFacts>> => {
  const stub = ledgerOf(ctx.env, ctx.accountId);
  const facts = new Map<string, SetFacts>();
  try {
    for (const code of [...new Set(codes)]) {
      const s = await stub.getStock(ctx.accountId, code);
      facts.set(code, { known: !!s, components: s?.isSet ? s.components : [] });
    }
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'return: the stock ledger could not be read', error: String(e) }));
    throw new AppError(503, 'stock_unavailable', 'Stock could not be read just now; nothing was recorded. Try again.');
  }
  return facts;
};

const sameLines = (a: RequestedLine[], b: { sku: string; quantity: number; sellable: number }[]) =>
  a.length === b.length && a.every((l, i) => l.sku === b[i].sku && l.quantity === b[i].quantity && l.sellable === b[i].sellable);

/**
 * Puts the sellable units of a return back into stock, once. `verify`: the
 * restock may have happened already (a repeat after a failure), so the
 * ledger is searched for the return's own entry first.
 */
const restock = async (ctx: ReturnContext, r: ReturnRow, orderNumber: string, verify: boolean, planned?: RestockPlan) => {
  const lines = await ctx.db.select().from(returnLines).where(and(eq(returnLines.accountId, ctx.accountId), eq(returnLines.returnId, r.id))).orderBy(asc(returnLines.lineNo));
  const pending = lines.filter((l) => l.sellableQuantity > 0 && !l.restocked);
  if (!pending.length) return;
  const requested = pending.map((l) => ({ sku: l.sku, quantity: l.quantity, sellable: l.sellableQuantity }));
  // a fresh return restocks every sellable line, as planned when it was checked
  const plan = planned && pending.length === lines.filter((l) => l.sellableQuantity > 0).length ? planned : restockPlan(requested, await stockFacts(ctx, requested.map((l) => l.sku)));
  if (!plan.ok) throw new AppError(409, 'not_restockable', `Return ${r.number} is recorded, but some sellable units cannot go back into stock`, plan.details);
  const stub = ledgerOf(ctx.env, ctx.accountId);
  const markDone = () =>
    ctx.db
      .update(returnLines)
      .set({ restocked: true })
      .where(and(eq(returnLines.accountId, ctx.accountId), eq(returnLines.returnId, r.id), inArray(returnLines.lineNo, pending.map((l) => l.lineNo))));
  try {
    if (verify && (await ledgerHas(ctx, plan.items[0].sku, r.number, r.createdAt))) {
      await markDone();
      return;
    }
    const items: AdjustItem[] = plan.items.map((i) => ({ sku: i.sku, mode: 'delta', quantity: i.quantity, reason: restockReason(orderNumber) }));
    const outcome = (await stub.adjust(ctx.accountId, items, { kind: 'adjust', reference: r.number, actor: ctx.actor })) as unknown as Outcome<unknown>;
    if (!outcome.ok) throw new AppError(409, 'not_restockable', `Return ${r.number} is recorded, but its sellable units could not go back into stock: ${outcome.message}`, outcome.details);
  } catch (e) {
    if (e instanceof AppError) throw e;
    console.error(JSON.stringify({ level: 'error', msg: 'return: restock failed; a repeat of the request finishes it', returnId: r.id, error: String(e) }));
    throw new AppError(503, 'restock_pending', `Return ${r.number} is recorded, but its stock could not be updated just now. Send the same request again (same requestKey) to finish.`, {
      returnId: r.id,
      number: r.number,
    });
  }
  await markDone();
};

/** Whether the SKU's ledger already holds an entry of this return (searched back to when the return was made). */
const ledgerHas = async (ctx: ReturnContext, sku: string, reference: string, since: string) => {
  const stub = ledgerOf(ctx.env, ctx.accountId);
  let before: number | undefined;
  for (;;) {
    const rows = await stub.ledger(ctx.accountId, sku, { before, limit: 200 });
    if (rows.some((e) => e.reference === reference)) return true;
    if (rows.length < 200 || rows[rows.length - 1].at < since) return false;
    before = rows[rows.length - 1].seq;
  }
};

export interface CreateResult {
  view: ReturnViewBody;
  order: OrderRow;
  created: boolean;
  /** the return is recorded, but its sellable units are not back in stock yet (answer this error) */
  restockError?: AppError;
}

/** A repeat of a create request with the same key: the return it made, restocked now if it was not. */
const replay = async (ctx: ReturnContext, existing: ReturnRow, o: OrderRow, lines: RequestedLine[]): Promise<CreateResult> => {
  const stored = await ctx.db.select().from(returnLines).where(and(eq(returnLines.accountId, ctx.accountId), eq(returnLines.returnId, existing.id))).orderBy(asc(returnLines.lineNo));
  if (existing.orderId !== o.id || !sameLines(lines, stored.map((l) => ({ sku: l.sku, quantity: l.quantity, sellable: l.sellableQuantity })))) {
    throw new AppError(422, 'request_key_reused', 'This requestKey was used for a different return', { number: existing.number });
  }
  await restock(ctx, existing, o.number, true);
  return { view: await returnView(ctx.db, ctx.accountId, existing.id), order: o, created: false };
};

const byRequestKey = async (db: Db, accountId: string, key: string) =>
  (await db.select().from(returns).where(and(eq(returns.accountId, accountId), eq(returns.requestKey, key))).limit(1))[0];

/** Records a return against a shipped order and restocks its sellable units. */
export const createReturn = async (ctx: ReturnContext, orderId: string, input: CreateReturnInput): Promise<CreateResult> => {
  const o = await findOrder(ctx.db, ctx.accountId, orderId);
  const lines = normalised(input.lines);
  if (input.requestKey) {
    const existing = await byRequestKey(ctx.db, ctx.accountId, input.requestKey);
    if (existing) return replay(ctx, existing, o, lines);
  }
  const facts = await returnFacts(ctx.db, ctx.accountId, o.id);
  const check = checkReturn(o.status, facts.returnable, lines);
  if (!check.ok) throw new AppError(check.status, check.code, check.message, check.details);
  const refund = { status: input.refund?.status ?? ('none' as RefundStatus), amount: input.refund?.amount ?? 0 };
  const refundIssues = refundProblems(refund, o.total, facts.refunds.reduce((n, r) => n + r.amount, 0));
  if (refundIssues.length) throw new AppError(400, 'invalid_refund', 'The refund does not fit the return', refundIssues);
  const plan = restockPlan(check.lines, await stockFacts(ctx, check.lines.filter((l) => l.sellable > 0).map((l) => l.sku)));
  if (!plan.ok) throw new AppError(409, 'not_restockable', 'Some sellable units cannot go back into stock; nothing was recorded', plan.details);

  const id = newId();
  const now = new Date().toISOString();
  const units = unitsOf(check.lines);
  const json = JSON.stringify(check.lines);
  const D1 = ctx.env.DB;
  // Every statement after the insert acts only if the return went in; the insert itself only
  // while the order is shipped and no line asks back more than it shipped minus earlier returns.
  const written = await D1.batch([
    D1.prepare(`INSERT OR IGNORE INTO counters (account_id, name, value) VALUES (?1, 'return', 0)`).bind(ctx.accountId),
    D1.prepare(
      `INSERT OR IGNORE INTO returns (id, account_id, order_id, number, reason, note, refund_status, refund_amount, exchange_order_id, request_key, created_at, created_by, updated_at)
       SELECT ?1, ?2, ?3, 'R' || printf('%06d', (SELECT value + 1 FROM counters WHERE account_id = ?2 AND name = 'return')), ?4, ?5, ?6, ?7, NULL, ?8, ?9, ?10, ?9
       WHERE EXISTS (SELECT 1 FROM orders WHERE id = ?3 AND account_id = ?2 AND status = 'shipped')
         AND NOT EXISTS (
           SELECT 1 FROM json_each(?11) j
           WHERE (SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE account_id = ?2 AND order_id = ?3 AND sku = json_extract(j.value, '$.sku'))
               < (SELECT COALESCE(SUM(quantity), 0) FROM return_lines WHERE account_id = ?2 AND order_id = ?3 AND sku = json_extract(j.value, '$.sku')) + json_extract(j.value, '$.quantity')
         )
       RETURNING id, number`,
    ).bind(id, ctx.accountId, o.id, input.reason, input.note ?? null, refund.status, refund.amount, input.requestKey ?? null, now, ctx.actor, json),
    D1.prepare(`UPDATE counters SET value = value + 1 WHERE account_id = ?1 AND name = 'return' AND EXISTS (SELECT 1 FROM returns WHERE id = ?2)`).bind(ctx.accountId, id),
    D1.prepare(
      `INSERT INTO return_lines (account_id, return_id, order_id, line_no, sku, quantity, sellable_quantity, restocked)
       SELECT ?1, ?2, ?3, j.key + 1, json_extract(j.value, '$.sku'), json_extract(j.value, '$.quantity'), json_extract(j.value, '$.sellable'), 0
       FROM json_each(?4) j WHERE EXISTS (SELECT 1 FROM returns WHERE id = ?2)`,
    ).bind(ctx.accountId, id, o.id, json),
    D1.prepare(
      `INSERT INTO order_events (id, account_id, order_id, at, actor, kind, detail)
       SELECT ?1, ?2, ?3, ?4, ?5, 'returned', json_object('returnId', r.id, 'number', r.number, 'reason', r.reason, 'units', ?6, 'sellable', ?7)
       FROM returns r WHERE r.id = ?8`,
    ).bind(newId(), ctx.accountId, o.id, now, ctx.actor, units.units, units.sellableUnits, id),
  ]);
  const won = (written[1] as D1Result<{ id: string; number: string }>).results[0];
  if (!won) {
    // Lost to a concurrent request: the same key (answer its return), or a return that took the units.
    if (input.requestKey) {
      const existing = await byRequestKey(ctx.db, ctx.accountId, input.requestKey);
      if (existing) return replay(ctx, existing, o, lines);
    }
    const now2 = await findOrder(ctx.db, ctx.accountId, o.id);
    const again = checkReturn(now2.status, (await returnFacts(ctx.db, ctx.accountId, o.id)).returnable, lines);
    if (!again.ok) throw new AppError(again.status, again.code, again.message, again.details);
    throw new AppError(409, 'order_changed', 'The order changed meanwhile; reload it and try again');
  }
  const row = await findReturnRow(ctx.db, ctx.accountId, id);
  // The return is recorded whatever happens next: a restock that fails is answered after the
  // caller has logged the return (restockError), and a repeat with the same key finishes it.
  let restockError: AppError | undefined;
  try {
    await restock(ctx, row, o.number, false, plan);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    restockError = e;
  }
  return { view: await returnView(ctx.db, ctx.accountId, id), order: o, created: true, restockError };
};

/** 返金・メモ: changes the refund status or amount and the note of a return. */
export const updateReturn = async (ctx: ReturnContext, id: string, patch: ReturnPatchInput) => {
  const before = await findReturnRow(ctx.db, ctx.accountId, id);
  const o = await findOrder(ctx.db, ctx.accountId, before.orderId);
  const refund = { status: patch.refund?.status ?? before.refundStatus, amount: patch.refund?.amount ?? before.refundAmount };
  // 返金不要 clears an amount the patch does not name
  if (patch.refund?.status === 'not_required' && patch.refund.amount === undefined) refund.amount = 0;
  const note = patch.note === undefined ? before.note : patch.note;
  const changed = refund.status !== before.refundStatus || refund.amount !== before.refundAmount || note !== before.note;
  if (!changed) return { before, view: await returnView(ctx.db, ctx.accountId, id), orderNumber: o.number, changed: false };
  const others = await ctx.db
    .select({ amount: sql<number>`COALESCE(SUM(${returns.refundAmount}), 0)` })
    .from(returns)
    .where(and(eq(returns.accountId, ctx.accountId), eq(returns.orderId, o.id), ne(returns.id, id)));
  const issues = refundProblems(refund, o.total, Number(others[0]?.amount ?? 0));
  if (issues.length) throw new AppError(400, 'invalid_refund', 'The refund does not fit the return', issues);
  const moved = await ctx.db
    .update(returns)
    .set({ refundStatus: refund.status, refundAmount: refund.amount, note, updatedAt: new Date().toISOString() })
    .where(and(eq(returns.accountId, ctx.accountId), eq(returns.id, id), eq(returns.updatedAt, before.updatedAt)))
    .returning({ id: returns.id });
  if (!moved.length) throw new AppError(409, 'return_changed', 'The return changed meanwhile; reload it');
  return { before, view: await returnView(ctx.db, ctx.accountId, id), orderNumber: o.number, changed: true };
};

/**
 * 交換: a replacement order for a return, made through the same import as a
 * manual order (channel "manual"), to the original order's customer and
 * address. The new order's note names the original order; the return names
 * the new order. One exchange per return; its store order number is the
 * return's (R000001-EX), so a repeat after a failure finds the same order.
 */
export const exchangeReturn = async (ctx: ReturnContext, id: string, input: ExchangeInput) => {
  const r = await findReturnRow(ctx.db, ctx.accountId, id);
  if (r.exchangeOrderId) {
    const made = await findOrder(ctx.db, ctx.accountId, r.exchangeOrderId).catch(() => null);
    throw new AppError(409, 'exchange_exists', `Return ${r.number} already has its exchange order${made ? ` ${made.number}` : ''}`, { orderId: r.exchangeOrderId, number: made?.number ?? null });
  }
  const o = await findOrder(ctx.db, ctx.accountId, r.orderId);
  const { order, created } = await importOrder(ctx, {
    channelId: 'manual',
    externalId: exchangeExternalId(r.number),
    orderedAt: new Date().toISOString(),
    customer: { name: o.customerName, email: o.customerEmail ?? undefined, phone: o.customerPhone ?? undefined },
    shipTo: { name: o.shipName, postalCode: o.postalCode, prefecture: o.prefecture, city: o.city, address1: o.address1, address2: o.address2 ?? undefined, phone: o.shipPhone },
    lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, ...(l.name ? { name: l.name } : {}) })),
    payment: input.payment ?? { method: o.paymentMethod, paid: true },
    shipping: input.shipping ?? (o.shippingMethod ? { method: o.shippingMethod } : undefined),
    note: exchangeNote(o.number, r.number, input.note),
  });
  const now = new Date().toISOString();
  const linked = await ctx.db
    .update(returns)
    .set({ exchangeOrderId: order.id, updatedAt: now })
    .where(and(eq(returns.accountId, ctx.accountId), eq(returns.id, r.id), isNull(returns.exchangeOrderId)))
    .returning({ id: returns.id });
  if (!linked.length) {
    const current = await findReturnRow(ctx.db, ctx.accountId, r.id);
    if (current.exchangeOrderId !== order.id) throw new AppError(409, 'exchange_exists', `Return ${r.number} already has its exchange order`, { orderId: current.exchangeOrderId });
  } else {
    const at = new Date().toISOString();
    await ctx.db.insert(orderEvents).values([
      { id: newId(), accountId: ctx.accountId, orderId: o.id, at, actor: ctx.actor, kind: 'exchange', detail: { returnId: r.id, returnNumber: r.number, orderId: order.id, orderNumber: order.number } },
      { id: newId(), accountId: ctx.accountId, orderId: order.id, at, actor: ctx.actor, kind: 'exchange_of', detail: { returnId: r.id, returnNumber: r.number, orderId: o.id, orderNumber: o.number } },
    ]);
  }
  return { view: await returnView(ctx.db, ctx.accountId, r.id), order: order as ImportedOrder, created, originalNumber: o.number };
};

export interface ReturnListFilters {
  refundStatus?: RefundStatus;
  reason?: string;
  orderId?: string;
  q?: string;
  from?: string;
  to?: string;
  /** false: q never matches the customer's name (a caller without personal_data, orders/mask.ts) */
  searchBuyers?: boolean;
}

const filterConditions = (f: ReturnListFilters): (SQL | undefined)[] => {
  const conds: (SQL | undefined)[] = [];
  if (f.refundStatus) conds.push(eq(returns.refundStatus, f.refundStatus));
  if (f.reason) conds.push(eq(returns.reason, f.reason as ReturnRow['reason']));
  if (f.orderId) conds.push(eq(returns.orderId, f.orderId));
  if (f.from) conds.push(gte(returns.createdAt, f.from));
  if (f.to) conds.push(lte(returns.createdAt, f.to));
  const q = f.q?.trim();
  if (q) {
    const exact = q.normalize('NFKC');
    const compact = exact.replace(/[\s　]+/g, '').toLowerCase();
    conds.push(
      or(
        eq(returns.number, exact.toUpperCase()),
        eq(orders.number, exact.toUpperCase()),
        eq(orders.externalId, exact),
        compact && f.searchBuyers !== false ? sql`instr(lower(replace(replace(${orders.customerName}, ' ', ''), '　', '')), ${compact}) > 0` : undefined,
      ),
    );
  }
  return conds;
};

/** 返品一覧: newest first, filtered and paged on the server (keyset), with the count of every match. */
export const listReturns = async (db: Db, accountId: string, f: ReturnListFilters & { cursor?: string; limit: number }) => {
  const conds = filterConditions(f);
  const c = decodeCursor(f.cursor);
  const pageConds = c ? [...conds, or(lt(returns.createdAt, c.at), and(eq(returns.createdAt, c.at), lt(returns.id, c.id)))] : conds;
  const [{ rows, views }, counted] = await Promise.all([
    loadViews(db, accountId, pageConds, { order: 'desc', limit: f.limit + 1 }),
    db
      .select({ n: sql<number>`count(*)` })
      .from(returns)
      .innerJoin(orders, and(eq(orders.id, returns.orderId), eq(orders.accountId, returns.accountId)))
      .where(and(eq(returns.accountId, accountId), ...conds)),
  ]);
  const items = views.slice(0, f.limit);
  const last = rows[f.limit - 1];
  return {
    items,
    nextCursor: rows.length > f.limit && last ? encodeCursor({ at: last.r.createdAt, id: last.r.id }) : null,
    total: Number(counted[0]?.n ?? 0),
  };
};
