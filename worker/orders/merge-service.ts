import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { chunks } from '../lib/chunks';
import { queueShipmentPush } from '../channels/shipment-push';
import { sendOrderMail } from './mail-service';
import { orderEvents, orderShipments, orders } from './schema';
import { checkMerge, proposeMerges, type MergeCandidate, type MergeCheck } from './merge';
import { MERGEABLE_STATUSES, paymentSettled, unmergeTo } from './state-machine';
import type { OrderContext } from './service';

/**
 * 同梱 (merging orders), the I/O around the pure rules of merge.ts: the
 * proposals, merge and unmerge, the group an order view shows, and what
 * shipping a parent does to its children (service.ts shipOrder calls the
 * ship helpers). It imports nothing from service.ts but its types, so
 * service.ts can import it.
 */

type OrderRow = typeof orders.$inferSelect;

const event = (ctx: OrderContext, orderId: string, kind: string, detail: unknown) =>
  ctx.db.insert(orderEvents).values({ id: newId(), accountId: ctx.accountId, orderId, at: new Date().toISOString(), actor: ctx.actor, kind, detail });

/** The columns the rules read (the proposal selects only these: no mall payload). */
const CANDIDATE_COLUMNS = {
  id: orders.id,
  number: orders.number,
  channelId: orders.channelId,
  externalId: orders.externalId,
  status: orders.status,
  orderedAt: orders.orderedAt,
  customerName: orders.customerName,
  shipName: orders.shipName,
  postalCode: orders.postalCode,
  prefecture: orders.prefecture,
  city: orders.city,
  address1: orders.address1,
  address2: orders.address2,
  shipPhone: orders.shipPhone,
  paymentMethod: orders.paymentMethod,
  paid: orders.paid,
  total: orders.total,
  carrier: orders.carrier,
  desiredDate: orders.desiredDate,
  timeSlot: orders.timeSlot,
  reserved: orders.reserved,
  stockWarning: orders.stockWarning,
  mergeParentId: orders.mergeParentId,
};
type CandidateRow = Pick<OrderRow, keyof typeof CANDIDATE_COLUMNS>;

/** The rules' view of an order row. */
export const candidateOf = (o: CandidateRow, partiallyShipped = false): MergeCandidate => ({
  id: o.id,
  number: o.number,
  channelId: o.channelId,
  externalId: o.externalId,
  status: o.status,
  orderedAt: o.orderedAt,
  customerName: o.customerName,
  shipName: o.shipName,
  postalCode: o.postalCode,
  prefecture: o.prefecture,
  city: o.city,
  address1: o.address1,
  address2: o.address2,
  shipPhone: o.shipPhone,
  paymentMethod: o.paymentMethod,
  paid: o.paid,
  total: o.total,
  carrier: o.carrier,
  desiredDate: o.desiredDate,
  timeSlot: o.timeSlot,
  reserved: o.reserved,
  stockWarning: o.stockWarning,
  mergeParentId: o.mergeParentId,
  partiallyShipped,
});

/** A parent's children that still ship with it (status merged), oldest first. */
export const mergedChildren = (db: Db, accountId: string, parentId: string): Promise<OrderRow[]> =>
  db
    .select()
    .from(orders)
    .where(and(eq(orders.accountId, accountId), eq(orders.mergeParentId, parentId), eq(orders.status, 'merged')))
    .orderBy(asc(orders.orderedAt), asc(orders.id));

/** Which of these orders have shipped a parcel already (分割出荷). */
export const ordersWithShipments = async (db: Db, accountId: string, ids: string[]): Promise<Set<string>> => {
  const found = new Set<string>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectDistinct({ orderId: orderShipments.orderId })
      .from(orderShipments)
      .where(and(eq(orderShipments.accountId, accountId), inArray(orderShipments.orderId, part)));
    for (const r of rows) found.add(r.orderId);
  }
  return found;
};

/**
 * The merge group an order belongs to, as the order view shows it (null when
 * it is in none): the parent and its children. Children keep their parent
 * after the parcel ships, so a shipped group still shows; unmerge clears it.
 */
export const mergeInfo = async (db: Db, o: OrderRow) => {
  const parent = o.mergeParentId
    ? (await db.select({ id: orders.id, number: orders.number }).from(orders).where(and(eq(orders.accountId, o.accountId), eq(orders.id, o.mergeParentId))).limit(1))[0]
    : { id: o.id, number: o.number };
  if (!parent) return null;
  const children = await db
    .select({ id: orders.id, number: orders.number, channelId: orders.channelId, externalId: orders.externalId })
    .from(orders)
    .where(and(eq(orders.accountId, o.accountId), eq(orders.mergeParentId, parent.id), inArray(orders.status, ['merged', 'shipped'])))
    .orderBy(asc(orders.orderedAt), asc(orders.id));
  if (!children.length) return null;
  return { parentId: parent.id, parentNumber: parent.number, children };
};

/** Which of these orders are parents (have children merged into them). */
const parentsAmong = async (db: Db, accountId: string, ids: string[]): Promise<Set<string>> => {
  const found = new Set<string>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectDistinct({ parentId: orders.mergeParentId })
      .from(orders)
      .where(and(eq(orders.accountId, accountId), inArray(orders.mergeParentId, part), eq(orders.status, 'merged')));
    for (const r of rows) if (r.parentId) found.add(r.parentId);
  }
  return found;
};

/** Checks a merge against the rules (the API refuses it with the first problem's code, listing all). */
export const checkOrders = async (db: Db, accountId: string, parentId: string, childIds: string[]) => {
  const ids = [...new Set([parentId, ...childIds])];
  const rows = (await Promise.all(chunks(ids).map((part) => db.select().from(orders).where(and(eq(orders.accountId, accountId), inArray(orders.id, part)))))).flat();
  const byId = new Map(rows.map((o) => [o.id, o]));
  // another account's id answers exactly like an id that does not exist
  if (ids.some((id) => !byId.has(id))) throw new AppError(404, 'not_found', 'Order not found');
  const parent = byId.get(parentId)!;
  const existing = await mergedChildren(db, accountId, parentId);
  const shipped = await ordersWithShipments(db, accountId, ids);
  const check: MergeCheck = checkMerge(
    candidateOf(parent, shipped.has(parent.id)),
    childIds.map((id) => candidateOf(byId.get(id)!, shipped.has(id))),
    existing.map((c) => candidateOf(c)),
  );
  // A child must not be a parent itself: its own children would ride in a parcel they were not merged into.
  const parents = await parentsAmong(db, accountId, childIds);
  for (const id of [...new Set(childIds)].filter((x) => parents.has(x) && x !== parentId)) {
    const o = byId.get(id)!;
    check.problems.push({ orderId: id, number: o.number, code: 'is_parent', message: `${o.number} has orders merged into it; unmerge them first` });
    check.ok = false;
  }
  return { parent, children: childIds.map((id) => byId.get(id)!), existing, check };
};

/**
 * 同梱: the children join the parent's parcel (status merged, their status
 * kept for unmerge). All or none: if any of them changed meanwhile, none is
 * merged. Every order gets a `merged` event naming the others.
 */
export const mergeOrders = async (ctx: OrderContext, parentId: string, childIds: string[]) => {
  const { parent, children, existing, check } = await checkOrders(ctx.db, ctx.accountId, parentId, childIds);
  if (!check.ok) {
    const first = check.problems[0];
    throw new AppError(409, first.code, first.message, { problems: check.problems, warnings: check.warnings });
  }
  const ids = children.map((c) => c.id);
  const now = new Date().toISOString();
  const [touched, moved] = await ctx.db.batch([
    ctx.db
      .update(orders)
      .set({ updatedAt: now })
      .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, parent.id), eq(orders.status, parent.status), isNull(orders.mergeParentId)))
      .returning({ id: orders.id }),
    ctx.db
      .update(orders)
      // SQLite reads every right-hand side from the row as it was: the status before this update
      .set({ statusBeforeMerge: sql`${orders.status}`, status: 'merged', mergeParentId: parent.id, updatedAt: now })
      .where(
        and(
          eq(orders.accountId, ctx.accountId),
          inArray(orders.id, ids),
          isNull(orders.mergeParentId),
          inArray(orders.status, [...MERGEABLE_STATUSES]),
          eq(orders.reserved, true),
          eq(orders.stockWarning, false),
        ),
      )
      .returning({ id: orders.id }),
  ]);
  if (touched.length !== 1 || moved.length !== ids.length) {
    if (moved.length) {
      await ctx.db
        .update(orders)
        .set({ status: sql`COALESCE(${orders.statusBeforeMerge}, 'new')`, statusBeforeMerge: null, mergeParentId: null })
        .where(and(eq(orders.accountId, ctx.accountId), inArray(orders.id, moved.map((m) => m.id)), eq(orders.status, 'merged'), eq(orders.mergeParentId, parent.id)));
    }
    throw new AppError(409, 'order_changed', 'An order changed meanwhile; reload and merge again');
  }
  const all = [parent, ...existing, ...children];
  const numbers = (except: string) => all.filter((o) => o.id !== except).map((o) => o.number);
  await ctx.db.batch([
    event(ctx, parent.id, 'merged', { role: 'parent', numbers: numbers(parent.id), children: children.map((c) => ({ id: c.id, number: c.number, channelId: c.channelId, externalId: c.externalId })), cod: check.cod }),
    ...children.map((c) => event(ctx, c.id, 'merged', { role: 'child', parentId: parent.id, parentNumber: parent.number, numbers: numbers(c.id), from: c.status })),
  ]);
  return { parent, children, check };
};

/**
 * Takes children out of their parent's parcel: each returns to the status it
 * had when it was merged. The id may name a child (that child leaves) or a
 * parent (all of its children leave).
 */
export const unmergeOrder = async (ctx: OrderContext, id: string) => {
  const o = (await ctx.db.select().from(orders).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id))).limit(1))[0];
  if (!o) throw new AppError(404, 'not_found', 'Order not found');
  let parent: OrderRow;
  let children: OrderRow[];
  if (o.status === 'merged' && o.mergeParentId) {
    parent = (await ctx.db.select().from(orders).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, o.mergeParentId))).limit(1))[0] ?? o;
    children = [o];
  } else {
    parent = o;
    children = await mergedChildren(ctx.db, ctx.accountId, o.id);
    if (!children.length) throw new AppError(409, 'not_merged', `${o.number} is in no merge group (or its group has shipped)`);
  }
  const now = new Date().toISOString();
  const back = await ctx.db.batch(
    children.map((c) =>
      ctx.db
        .update(orders)
        .set({ status: unmergeTo(c.statusBeforeMerge), statusBeforeMerge: null, mergeParentId: null, updatedAt: now })
        .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, c.id), eq(orders.status, 'merged'), eq(orders.mergeParentId, c.mergeParentId ?? parent.id)))
        .returning({ id: orders.id }),
    ) as [never, ...never[]],
  );
  const done = children.filter((_, i) => (back[i] as unknown as { id: string }[]).length > 0);
  if (!done.length) throw new AppError(409, 'order_changed', 'The group changed meanwhile (shipped or unmerged); reload it');
  await ctx.db.batch([
    event(ctx, parent.id, 'unmerged', { role: 'parent', numbers: done.map((c) => c.number) }),
    ...done.map((c) => event(ctx, c.id, 'unmerged', { role: 'child', parentId: parent.id, parentNumber: parent.number, to: unmergeTo(c.statusBeforeMerge) })),
  ]);
  return { parent, children: done.map((c) => ({ ...c, status: unmergeTo(c.statusBeforeMerge) })) };
};

// ───────────────────────────── shipping a parent

/**
 * Before a parent ships: its children, each ready to go (stock reserved,
 * payment settled; 409 merge_child_not_ready names those that are not).
 */
export const childrenToShip = async (ctx: OrderContext, parent: OrderRow): Promise<OrderRow[]> => {
  const children = await mergedChildren(ctx.db, ctx.accountId, parent.id);
  const notReady = children.filter((c) => !c.reserved || c.stockWarning || !paymentSettled({ method: c.paymentMethod, paid: c.paid }));
  if (notReady.length) {
    throw new AppError(
      409,
      'merge_child_not_ready',
      `Orders in this parcel are not ready to ship: ${notReady.map((c) => c.number).join(', ')}`,
      notReady.map((c) => ({ id: c.id, number: c.number, reason: !c.reserved || c.stockWarning ? 'stock_not_reserved' : 'payment_pending' })),
    );
  }
  return children;
};

/** The children leave with the parent: shipped, with its carrier and tracking number. All or none. */
export const markChildrenShipped = async (ctx: OrderContext, parentId: string, children: OrderRow[], input: { carrier: string; trackingNumber: string }, now: string) => {
  if (!children.length) return;
  const moved = await ctx.db
    .update(orders)
    .set({ status: 'shipped', reserved: false, carrier: input.carrier, trackingNumber: input.trackingNumber, shippedAt: now, updatedAt: now })
    .where(and(eq(orders.accountId, ctx.accountId), eq(orders.mergeParentId, parentId), eq(orders.status, 'merged'), inArray(orders.id, children.map((c) => c.id))))
    .returning({ id: orders.id });
  if (moved.length !== children.length) {
    await undoChildrenShipped(ctx, parentId, children.filter((c) => moved.some((m) => m.id === c.id)));
    throw new AppError(409, 'order_changed', 'An order of this parcel changed meanwhile; reload it');
  }
};

/** Puts children back in the parcel, as they were (the parent's ship failed). */
export const undoChildrenShipped = async (ctx: OrderContext, parentId: string, children: OrderRow[]) => {
  if (!children.length) return;
  await ctx.db.batch(
    children.map((c) =>
      ctx.db
        .update(orders)
        .set({ status: 'merged', reserved: c.reserved, carrier: c.carrier, trackingNumber: c.trackingNumber, shippedAt: c.shippedAt, updatedAt: new Date().toISOString() })
        .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, c.id), eq(orders.mergeParentId, parentId), eq(orders.status, 'shipped'))),
    ) as [never, ...never[]],
  );
};

/**
 * After the parcel left: each child's history says it shipped inside the
 * parent, its customer gets the shipping notice, and its own mall gets the
 * tracking number (出荷連携 to every mall order in the parcel).
 */
export const afterChildrenShipped = async (ctx: OrderContext, parent: OrderRow, children: OrderRow[], input: { carrier: string; trackingNumber: string }) => {
  for (const c of children) {
    await event(ctx, c.id, 'shipped', { ...input, parentId: parent.id, parentNumber: parent.number });
    await sendOrderMail(ctx.env, ctx.db, ctx.accountId, c.id, 'shipping_notice');
    await queueShipmentPush(ctx.env, ctx.db, ctx.accountId, c);
  }
};

// ───────────────────────────── proposals

/** How many open orders the proposal looks at, newest first (a shop with more open orders sees `truncated`). */
export const MAX_PROPOSAL_SCAN = 5000;

/**
 * 同梱候補, paged: every group of two or more open orders with one merge key,
 * with whether it can merge and why not. Worked out afresh on each call from
 * the account's open orders (at most MAX_PROPOSAL_SCAN, newest first).
 */
export const mergeProposals = async (db: Db, accountId: string, page: { offset: number; limit: number }) => {
  const rows = await db
    .select(CANDIDATE_COLUMNS)
    .from(orders)
    .where(and(eq(orders.accountId, accountId), inArray(orders.status, [...MERGEABLE_STATUSES, 'merged'])))
    .orderBy(desc(orders.orderedAt), desc(orders.id))
    .limit(MAX_PROPOSAL_SCAN + 1);
  const truncated = rows.length > MAX_PROPOSAL_SCAN;
  const scanned = rows.slice(0, MAX_PROPOSAL_SCAN);
  // Partly shipped orders are ready_to_ship ones with a parcel gone.
  const partly = new Set(
    (
      await db
        .selectDistinct({ orderId: orderShipments.orderId })
        .from(orderShipments)
        .innerJoin(orders, and(eq(orders.id, orderShipments.orderId), eq(orders.accountId, accountId)))
        .where(and(eq(orderShipments.accountId, accountId), eq(orders.status, 'ready_to_ship')))
    ).map((r) => r.orderId),
  );
  const childrenBy = new Map<string, MergeCandidate[]>();
  for (const o of scanned) if (o.status === 'merged' && o.mergeParentId) childrenBy.set(o.mergeParentId, [...(childrenBy.get(o.mergeParentId) ?? []), candidateOf(o)]);
  const proposals = proposeMerges(
    scanned.filter((o) => o.status !== 'merged').map((o) => candidateOf(o, partly.has(o.id))),
    (id) => childrenBy.get(id) ?? [],
  );
  return { total: proposals.length, truncated, items: proposals.slice(page.offset, page.offset + page.limit), more: page.offset + page.limit < proposals.length };
};

// ───────────────────────────── guards for cancel and edit (service.ts)

/**
 * Before a cancel: a merged child cancels only with its parent, and a parent
 * with children is refused (409 merge_group) until they are unmerged: the
 * operator decides what becomes of them. A cancel the mall itself reported
 * unmerges first (the other orders go back to where they were) and goes on.
 * Answers the order as it is after that.
 */
export const guardMergeOnCancel = async (ctx: OrderContext, o: OrderRow, byMall: boolean): Promise<OrderRow> => {
  if (o.status === 'merged' && o.mergeParentId) {
    if (!byMall) throw new AppError(409, 'order_merged', `${o.number} ships inside another order's parcel; unmerge it first`, { parentId: o.mergeParentId });
    await unmergeOrder(ctx, o.id);
  } else {
    const children = await mergedChildren(ctx.db, ctx.accountId, o.id);
    if (!children.length) return o;
    if (!byMall) {
      throw new AppError(409, 'merge_group', `Orders ship inside ${o.number}'s parcel (${children.map((c) => c.number).join(', ')}); unmerge them first`, {
        children: children.map((c) => ({ id: c.id, number: c.number })),
      });
    }
    await unmergeOrder(ctx, o.id);
  }
  return (await ctx.db.select().from(orders).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, o.id))).limit(1))[0] ?? o;
};

/**
 * Before an edit: a merged child keeps its lines and address (they are part
 * of the parent's parcel): an operator unmerges it first (409 order_merged);
 * a later version from the mall unmerges it and applies.
 */
export const guardMergeOnEdit = async (ctx: OrderContext, o: OrderRow, changes: { lines?: unknown; shipTo?: unknown }): Promise<OrderRow> => {
  if (o.status !== 'merged' || !o.mergeParentId || (!changes.lines && !changes.shipTo)) return o;
  if (!ctx.actor?.startsWith('channel:')) throw new AppError(409, 'order_merged', `${o.number} ships inside another order's parcel; unmerge it before changing its lines or address`, { parentId: o.mergeParentId });
  await unmergeOrder(ctx, o.id);
  return (await ctx.db.select().from(orders).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, o.id))).limit(1))[0] ?? o;
};

// ───────────────────────────── one parcel's documents (picking, carrier files)

/**
 * The children still in the parcels of these orders (status merged), per
 * parent, oldest first: the picking list and the carrier file add them to
 * their parent's block or row.
 */
export const parcelChildren = async (db: Db, accountId: string, parentIds: string[]): Promise<Map<string, OrderRow[]>> => {
  const out = new Map<string, OrderRow[]>();
  for (const part of chunks([...new Set(parentIds)])) {
    const rows = await db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, accountId), inArray(orders.mergeParentId, part), eq(orders.status, 'merged')))
      .orderBy(asc(orders.orderedAt), asc(orders.id));
    for (const r of rows) out.set(r.mergeParentId!, [...(out.get(r.mergeParentId!) ?? []), r]);
  }
  return out;
};
