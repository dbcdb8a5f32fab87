import type { CancelReason } from './cancel-reasons';
import { planMallCancel } from '../channels/cancel-push';
import { and, asc, eq, gt, inArray, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Env } from '../env';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { ledgerOf } from '../stock/service';
import type { Outcome } from '../stock/types';
import { sendOrderMail } from './mail-service';
import { queueShipmentPush } from '../channels/shipment-push';
import { orderEvents, orderLines, orders } from './schema';
import { skus } from '../stock/schema';
import { chunks } from '../lib/chunks';
import { STANDARD_RATE, type TaxRate } from './tax';
import { afterStockArrives, arrivalStatus, canCancel, canShip, checkTransition, paymentSettled, type OrderStatus } from './state-machine';
import { storedPayment } from './payment-methods';
import { afterChildrenShipped, childrenToShip, guardMergeOnCancel, guardMergeOnEdit, markChildrenShipped, mergeInfo, undoChildrenShipped } from './merge-service';
import { hasShipments, recordRestParcel, shipmentsView } from './split-service';

export interface OrderInput {
  channelId: string;
  externalId: string;
  orderedAt: string;
  customer: { name: string; email?: string; phone?: string };
  shipTo: { name: string; postalCode: string; prefecture: string; city: string; address1: string; address2?: string; phone: string };
  lines: { sku: string; quantity: number; unitPrice: number; name?: string }[];
  /** method: Kura's (choices.ts PAYMENT_METHODS; anything else is stored as 'other'); raw: the mall's own name or code for it */
  payment: { method: string; paid: boolean; raw?: string | null };
  shipping?: { method?: string; desiredDate?: string; timeSlot?: string };
  note?: string;
  totals?: { shippingFee?: number; fees?: number; discount?: number; points?: number; tax?: number };
  raw?: unknown;
  /** when the mall last changed the order (from pulls and webhooks): an older version never overwrites a newer one */
  mallUpdatedAt?: string;
}

export interface OrderContext {
  env: Env;
  db: Db;
  accountId: string;
  actor: string | null;
}

type OrderRow = typeof orders.$inferSelect;

const event = (ctx: OrderContext, orderId: string, kind: string, detail?: unknown) =>
  ctx.db.insert(orderEvents).values({ id: newId(), accountId: ctx.accountId, orderId, at: new Date().toISOString(), actor: ctx.actor, kind, detail: detail ?? null });

export const findOrder = async (db: Db, accountId: string, id: string): Promise<OrderRow> => {
  const o = (await db.select().from(orders).where(and(eq(orders.accountId, accountId), eq(orders.id, id))).limit(1))[0];
  if (!o) throw new AppError(404, 'not_found', 'Order not found');
  return o;
};

/** The order with its lines and history, as the API answers it. */
export const orderView = async (db: Db, o: OrderRow) => {
  const [lines, events] = await Promise.all([
    db.select().from(orderLines).where(and(eq(orderLines.accountId, o.accountId), eq(orderLines.orderId, o.id))).orderBy(asc(orderLines.lineNo)),
    db.select().from(orderEvents).where(and(eq(orderEvents.accountId, o.accountId), eq(orderEvents.orderId, o.id))).orderBy(asc(orderEvents.at), asc(orderEvents.id)),
  ]);
  const [merge, parcels] = await Promise.all([mergeInfo(db, o), shipmentsView(db, o)]);
  return { ...summaryOf(o), lines: lines.map(({ accountId: _a, orderId: _o, ...l }) => l), events: events.map(({ accountId: _a, orderId: _o, ...e }) => e), raw: o.raw, merge, ...parcels };
};

export const summaryOf = (o: OrderRow) => ({
  id: o.id,
  number: o.number,
  channelId: o.channelId,
  externalId: o.externalId,
  status: o.status,
  orderedAt: o.orderedAt,
  customer: { name: o.customerName, email: o.customerEmail, phone: o.customerPhone },
  shipTo: { name: o.shipName, postalCode: o.postalCode, prefecture: o.prefecture, city: o.city, address1: o.address1, address2: o.address2, phone: o.shipPhone },
  payment: { method: o.paymentMethod, paid: o.paid, raw: o.paymentRaw },
  shipping: { method: o.shippingMethod, desiredDate: o.desiredDate, timeSlot: o.timeSlot, carrier: o.carrier, trackingNumber: o.trackingNumber, shippedAt: o.shippedAt },
  note: o.note,
  totals: { items: o.itemsTotal, shipping: o.shippingFee, fees: o.fees, discount: o.discount, points: o.points, tax: o.tax, total: o.total },
  stockWarning: o.stockWarning,
  reserved: o.reserved,
  flags: o.flags,
  cancelledAt: o.cancelledAt,
  createdAt: o.createdAt,
  updatedAt: o.updatedAt,
});

/**
 * Reserves an order's lines in the stock DO (reference = order id) and records
 * the outcome: reserved, or waiting for stock with the shortage per line.
 * A DO that cannot be reached leaves the order waiting; the re-check retries it.
 */
const reserveOrder = async (
  ctx: OrderContext,
  o: OrderRow,
  lines: { lineNo: number; sku: string; quantity: number }[],
  onArrival: boolean,
  /** after an edit: the status to keep when the reservation succeeds */
  keepStatus?: OrderStatus,
) => {
  const result = (await ledgerOf(ctx.env, ctx.accountId).reserve(ctx.accountId, {
    reference: o.id,
    channelId: o.channelId,
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    actor: ctx.actor,
  })) as unknown as Outcome<unknown>; // RPC typing drops the `details: unknown` branch
  const settled = paymentSettled({ method: o.paymentMethod, paid: o.paid });
  const now = new Date().toISOString();
  if (result.ok) {
    const status = keepStatus ?? (onArrival ? arrivalStatus({ stockReserved: true, paymentSettled: settled }) : afterStockArrives({ stockReserved: true, paymentSettled: settled }));
    const moved = await ctx.db
      .update(orders)
      .set({ reserved: true, stockWarning: false, status, updatedAt: now })
      .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, o.id), eq(orders.status, o.status)))
      .returning({ id: orders.id });
    if (!moved.length) {
      // The order changed while its stock was being reserved (cancelled or held meanwhile, or a
      // concurrent re-check recorded the same reservation): a reservation no order records would
      // hold the stock for good, so it goes back unless the order now says it is reserved.
      if (!(await findOrder(ctx.db, ctx.accountId, o.id)).reserved) await ledgerOf(ctx.env, ctx.accountId).release(ctx.accountId, o.id, ctx.actor);
      return false;
    }
    await ctx.db.batch([
      ctx.db.update(orderLines).set({ shortage: 0 }).where(and(eq(orderLines.accountId, ctx.accountId), eq(orderLines.orderId, o.id))),
      event(ctx, o.id, 'reserved', { status }),
    ]);
    return true;
  }
  const shortages = new Map<string, number>();
  for (const s of (result.details as { sku: string; requested: number; available: number }[] | undefined) ?? []) shortages.set(s.sku, s.requested - s.available);
  await ctx.db.batch([
    ctx.db
      .update(orders)
      .set({ reserved: false, stockWarning: true, status: 'awaiting_stock', updatedAt: now })
      .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, o.id), eq(orders.status, o.status))),
    ...lines.map((l) =>
      ctx.db
        .update(orderLines)
        .set({ shortage: shortages.get(l.sku) ?? 0 })
        .where(and(eq(orderLines.accountId, ctx.accountId), eq(orderLines.orderId, o.id), eq(orderLines.lineNo, l.lineNo))),
    ),
    ...(onArrival ? [event(ctx, o.id, 'stock_warning', { shortages: [...shortages].map(([sku, missing]) => ({ sku, missing })) })] : []),
  ]);
  return false;
};

const linesOf = (db: Db, accountId: string, orderId: string) =>
  db.select().from(orderLines).where(and(eq(orderLines.accountId, accountId), eq(orderLines.orderId, orderId))).orderBy(asc(orderLines.lineNo));

/** Moves an order along the workflow; 409 for a move it does not allow. Guarded against concurrent moves. */
export const transitionOrder = async (ctx: OrderContext, id: string, to: OrderStatus) => {
  const o = await findOrder(ctx.db, ctx.accountId, id);
  const check = checkTransition(o.status, to, { stockReserved: o.reserved && !o.stockWarning, paymentSettled: paymentSettled({ method: o.paymentMethod, paid: o.paid }) });
  if (!check.ok) throw new AppError(409, check.code, check.message, { from: o.status, to });
  const moved = await ctx.db
    .update(orders)
    .set({ status: to, updatedAt: new Date().toISOString() })
    .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id), eq(orders.status, o.status)))
    .returning({ id: orders.id });
  if (!moved.length) throw new AppError(409, 'order_changed', 'The order changed meanwhile; reload it');
  await event(ctx, id, 'status', { from: o.status, to });
  return findOrder(ctx.db, ctx.accountId, id);
};

/**
 * Cancels an open order and gives its reserved stock back. The order is
 * cancelled first (guarded against a concurrent move), then its reservation is
 * released: releasing first would leave an order that lost the race saying
 * "reserved" with nothing held. A StockLedger that cannot be reached gets the
 * release through the sync queue, which retries it until it is done.
 */
/**
 * Cancels an open order: its reservation is released, and the mall it came
 * from is told where its API takes a seller cancel (channels/cancel-push.ts);
 * where it does not, the history says the operator must cancel in the mall.
 */
export const cancelOrder = async (ctx: OrderContext, id: string, why: { reason: CancelReason; note: string | null; byMall?: boolean } = { reason: 'other', note: null }) => {
  // 同梱: a parent's children are unmerged first (409 merge_group asks the operator to); a child cancels only with its parent
  const o = await guardMergeOnCancel(ctx, await findOrder(ctx.db, ctx.accountId, id), why.byMall ?? false);
  // 分割出荷: parcels of it have gone, so the mall's order cannot be cancelled whole from here
  if (!why.byMall && canCancel(o.status) && (await hasShipments(ctx.db, ctx.accountId, id))) {
    throw new AppError(409, 'partially_shipped', 'Parcels of this order have shipped already; ship the rest or cancel it in the mall', { from: o.status });
  }
  if (!canCancel(o.status)) throw new AppError(409, 'invalid_transition', `A ${o.status} order cannot be cancelled`, { from: o.status, to: 'cancelled' });
  const now = new Date().toISOString();
  const moved = await ctx.db
    .update(orders)
    .set({ status: 'cancelled', reserved: false, cancelledAt: now, updatedAt: now })
    .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id), eq(orders.status, o.status)))
    .returning({ id: orders.id });
  if (!moved.length) throw new AppError(409, 'order_changed', 'The order changed meanwhile; reload it');
  await event(ctx, id, 'cancelled', { from: o.status, reason: why.reason, note: why.note, byMall: why.byMall ?? false });
  // A cancel the mall itself reported (order pull) is not sent back to it.
  const mall = why.byMall ? ({ kind: 'none' } as const) : await planMallCancel(ctx.env, ctx.db, ctx.accountId, o, why.reason, why.note);
  if (mall.kind === 'queued') await event(ctx, id, 'cancel_queued', { channelId: mall.channelId, channelName: mall.channelName });
  if (mall.kind === 'manual') await event(ctx, id, 'cancel_manual', { channelId: mall.channelId, channelName: mall.channelName, channelType: mall.channelType });
  if (o.reserved) {
    try {
      const r = (await ledgerOf(ctx.env, ctx.accountId).release(ctx.accountId, o.id, ctx.actor)) as unknown as Outcome<unknown>;
      if (!r.ok && r.code !== 'not_found') {
        console.error(JSON.stringify({ level: 'error', msg: 'cancelled order: its reservation could not be released', orderId: o.id, code: r.code }));
        await event(ctx, id, 'release_failed', { code: r.code });
      }
    } catch (e) {
      console.warn(JSON.stringify({ level: 'warn', msg: 'release on cancel deferred to the sync queue', orderId: o.id, error: String(e) }));
      await ctx.env.SYNC_QUEUE.send({ kind: 'release', accountId: ctx.accountId, reference: o.id, actor: ctx.actor });
    }
  }
  return findOrder(ctx.db, ctx.accountId, id);
};

/** Assigns the carrier an open order will ship with (an order already shipped keeps its own). */
export const setCarrier = async (ctx: OrderContext, id: string, carrier: string) => {
  const o = await findOrder(ctx.db, ctx.accountId, id);
  if (o.status === 'shipped' || o.status === 'cancelled') throw new AppError(409, 'order_closed', `A ${o.status} order keeps its carrier`);
  if (o.carrier === carrier) return o;
  await ctx.db.batch([
    ctx.db.update(orders).set({ carrier, updatedAt: new Date().toISOString() }).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id), eq(orders.status, o.status))),
    event(ctx, id, 'carrier', { from: o.carrier, to: carrier }),
  ]);
  return findOrder(ctx.db, ctx.accountId, id);
};

/** Ships a ready order: commits its reservation (onHand falls) and records carrier and tracking. */
export const shipOrder = async (ctx: OrderContext, id: string, input: { carrier: string; trackingNumber: string }) => {
  const o = await findOrder(ctx.db, ctx.accountId, id);
  if (!canShip(o.status)) throw new AppError(409, 'invalid_transition', `Only a ready_to_ship order can be shipped (this one is ${o.status})`, { from: o.status, to: 'shipped' });
  // 同梱: the orders merged into this one leave in its parcel (409 merge_child_not_ready when one cannot)
  const children = await childrenToShip(ctx, o);
  const now = new Date().toISOString();
  // The move first, guarded like every other: of two ships (or a ship and a cancel) of the same
  // order at once only one gets past here, so stock is never committed for an order that lost.
  const moved = await ctx.db
    .update(orders)
    .set({ status: 'shipped', reserved: false, carrier: input.carrier, trackingNumber: input.trackingNumber, shippedAt: now, updatedAt: now })
    .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id), eq(orders.status, o.status)))
    .returning({ id: orders.id });
  if (!moved.length) throw new AppError(409, 'order_changed', 'The order changed meanwhile; reload it');
  // Then the stock leaves the shelf. If it cannot (a stocktake found fewer units, or the
  // StockLedger is unreachable), the order goes back to where it was and the answer says why.
  const undo = () =>
    ctx.db
      .update(orders)
      .set({ status: o.status, reserved: o.reserved, carrier: o.carrier, trackingNumber: o.trackingNumber, shippedAt: o.shippedAt, updatedAt: new Date().toISOString() })
      .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id), eq(orders.status, 'shipped')))
      .then(() => undoChildrenShipped(ctx, id, children));
  try {
    await markChildrenShipped(ctx, id, children, input, now);
  } catch (e) {
    await undo();
    throw e;
  }
  let r: Outcome<unknown>;
  try {
    // one parcel: the parent's and every child's reservation ship together, all or none
    const ledger = ledgerOf(ctx.env, ctx.accountId);
    r = (children.length ? await ledger.commitMany(ctx.accountId, [o.id, ...children.map((c) => c.id)], ctx.actor) : await ledger.commit(ctx.accountId, o.id, ctx.actor)) as unknown as Outcome<unknown>;
  } catch (e) {
    await undo();
    console.error(JSON.stringify({ level: 'error', msg: 'ship: the stock could not be committed; the order was put back', orderId: id, error: String(e) }));
    throw new AppError(503, 'stock_unavailable', 'Stock could not be updated just now; the order was not shipped. Try again.');
  }
  if (!r.ok) {
    await undo();
    throw new AppError(r.status, r.code, r.message);
  }
  await event(ctx, id, 'shipped', input);
  // 分割出荷: after some parcels, this one carried the rest
  await recordRestParcel(ctx, o, input, now);
  await sendOrderMail(ctx.env, ctx.db, ctx.accountId, id, 'shipping_notice');
  // 出荷連携: the tracking number goes back to the store the order came from.
  await queueShipmentPush(ctx.env, ctx.db, ctx.accountId, o);
  await afterChildrenShipped(ctx, o, children, input);
  return findOrder(ctx.db, ctx.accountId, id);
};

/** What a later version of an imported order changes (null when nothing does). */
export const changesFrom = (o: OrderRow, lines: { sku: string; quantity: number; unitPrice: number }[], input: OrderInput): OrderPatch | null => {
  const patch: OrderPatch = {};
  const a = input.shipTo;
  if (
    a.name !== o.shipName ||
    a.postalCode !== o.postalCode ||
    a.prefecture !== o.prefecture ||
    a.city !== o.city ||
    a.address1 !== o.address1 ||
    (a.address2 ?? null) !== o.address2 ||
    a.phone !== o.shipPhone
  ) {
    patch.shipTo = a;
  }
  if (input.customer.name !== o.customerName || (input.customer.email ?? null) !== o.customerEmail || (input.customer.phone ?? null) !== o.customerPhone) {
    patch.customer = input.customer;
  }
  // The mall's raw value counts when it is sent (or when an unknown method is kept as the raw value).
  const pay = storedPayment(input.payment);
  const rawSent = input.payment.raw !== undefined || pay.method !== input.payment.method;
  if (input.payment.paid !== o.paid || pay.method !== o.paymentMethod || (rawSent && pay.raw !== o.paymentRaw)) {
    patch.payment = { method: pay.method, paid: input.payment.paid, ...(rawSent ? { raw: pay.raw } : {}) };
  }
  const sh = input.shipping ?? {};
  if ((sh.method ?? null) !== o.shippingMethod || (sh.desiredDate ?? null) !== o.desiredDate || (sh.timeSlot ?? null) !== o.timeSlot) {
    patch.shipping = { method: sh.method ?? null, desiredDate: sh.desiredDate ?? null, timeSlot: sh.timeSlot ?? null };
  }
  if ((input.note ?? null) !== o.note) patch.note = input.note ?? null;
  const key = (ls: { sku: string; quantity: number; unitPrice: number }[]) => ls.map((l) => `${l.sku}×${l.quantity}@${l.unitPrice}`).join('|');
  if (key(input.lines) !== key(lines)) patch.lines = input.lines;
  return Object.keys(patch).length ? patch : null;
};

/**
 * The 税率 each line of an edited order is kept at: a SKU already on the order keeps
 * the rate it was sold at, a SKU new to it takes the SKU's rate now (an unknown SKU 10%).
 * One D1 batch, however many lines.
 */
const lineTaxRates = async (db: Db, accountId: string, orderId: string, codes: string[]): Promise<(sku: string) => TaxRate> => {
  const [sold, ...current] = await db.batch([
    db.select({ sku: orderLines.sku, taxRate: orderLines.taxRate }).from(orderLines).where(and(eq(orderLines.accountId, accountId), eq(orderLines.orderId, orderId))),
    ...chunks([...new Set(codes)]).map((part) => db.select({ sku: skus.code, taxRate: skus.taxRate }).from(skus).where(and(eq(skus.accountId, accountId), inArray(skus.code, part)))),
  ]);
  const rates = new Map<string, TaxRate>();
  for (const r of current.flat()) rates.set(r.sku, r.taxRate);
  for (const r of sold) rates.set(r.sku, r.taxRate);
  return (sku) => rates.get(sku) ?? STANDARD_RATE;
};

/** The parts of a patch that differ from the order as stored (pure: the edit form sends everything). */
export const onlyChanges = (o: OrderRow, lines: { sku: string; quantity: number; unitPrice: number }[], patch: OrderPatch): OrderPatch => {
  const out: OrderPatch = {};
  const c = patch.customer;
  if (c && (c.name !== o.customerName || (c.email === undefined ? false : (c.email ?? null) !== o.customerEmail) || (c.phone === undefined ? false : (c.phone ?? null) !== o.customerPhone))) out.customer = c;
  const a = patch.shipTo;
  if (a && (a.name !== o.shipName || a.postalCode !== o.postalCode || a.prefecture !== o.prefecture || a.city !== o.city || a.address1 !== o.address1 || (a.address2 ?? null) !== o.address2 || a.phone !== o.shipPhone)) out.shipTo = a;
  const key = (ls: { sku: string; quantity: number; unitPrice: number }[]) => ls.map((l) => `${l.sku}×${l.quantity}@${l.unitPrice}`).join('|');
  if (patch.lines && key(patch.lines) !== key(lines)) out.lines = patch.lines;
  const p = patch.payment;
  if (p && ((p.method !== undefined && p.method !== o.paymentMethod) || (p.paid !== undefined && p.paid !== o.paid) || (p.raw !== undefined && p.raw !== o.paymentRaw))) out.payment = p;
  const sh = patch.shipping;
  if (sh && ((sh.method !== undefined && sh.method !== o.shippingMethod) || (sh.desiredDate !== undefined && sh.desiredDate !== o.desiredDate) || (sh.timeSlot !== undefined && sh.timeSlot !== o.timeSlot))) out.shipping = sh;
  if (patch.note !== undefined && patch.note !== o.note) out.note = patch.note;
  if (patch.flags && [...new Set(patch.flags)].join('\u0000') !== o.flags.join('\u0000')) out.flags = patch.flags;
  return out;
};

export interface OrderPatch {
  customer?: { name: string; email?: string | null; phone?: string | null };
  shipTo?: OrderInput['shipTo'];
  lines?: OrderInput['lines'];
  /** raw: the mall's own value, from a later version of an imported order (the API does not take it on PATCH) */
  payment?: { method?: string; paid?: boolean; raw?: string | null };
  shipping?: { method?: string | null; desiredDate?: string | null; timeSlot?: string | null };
  note?: string | null;
  flags?: string[];
}

/**
 * Edits an open order. New lines release the old reservation and reserve
 * again (all or nothing: a short line puts the order back to awaiting_stock);
 * a payment marked paid moves an order waiting for payment on (入金確認).
 */
export const editOrder = async (ctx: OrderContext, id: string, asked: OrderPatch) => {
  const found = await findOrder(ctx.db, ctx.accountId, id);
  if (found.status === 'shipped' || found.status === 'cancelled') throw new AppError(409, 'order_closed', `A ${found.status} order cannot be edited`);
  // A form sends every field: only what really differs is written, re-reserved and logged.
  const patch = onlyChanges(found, asked.lines ? await linesOf(ctx.db, ctx.accountId, id) : [], asked);
  // 分割出荷: the lines of an order some parcels have left with stay as they are (a mall's later version keeps the rest)
  if (patch.lines && (await hasShipments(ctx.db, ctx.accountId, id))) {
    if (!ctx.actor?.startsWith('channel:')) throw new AppError(409, 'partially_shipped', 'Parcels of this order have shipped already; its lines cannot change');
    delete patch.lines;
  }
  if (!Object.keys(patch).length) return found;
  // 同梱: a merged child's lines and address belong to its parent's parcel
  const o = await guardMergeOnEdit(ctx, found, patch);
  const now = new Date().toISOString();
  const set: Partial<OrderRow> = { updatedAt: now };
  if (patch.customer) Object.assign(set, { customerName: patch.customer.name, customerEmail: patch.customer.email ?? null, customerPhone: patch.customer.phone ?? null });
  if (patch.shipTo) {
    const a = patch.shipTo;
    Object.assign(set, { shipName: a.name, postalCode: a.postalCode, prefecture: a.prefecture, city: a.city, address1: a.address1, address2: a.address2 ?? null, shipPhone: a.phone });
  }
  if (patch.payment?.method !== undefined) set.paymentMethod = storedPayment({ method: patch.payment.method }).method;
  if (patch.payment?.raw !== undefined) set.paymentRaw = patch.payment.raw;
  if (patch.payment?.paid !== undefined) set.paid = patch.payment.paid;
  if (patch.shipping) {
    if (patch.shipping.method !== undefined) set.shippingMethod = patch.shipping.method;
    if (patch.shipping.desiredDate !== undefined) set.desiredDate = patch.shipping.desiredDate;
    if (patch.shipping.timeSlot !== undefined) set.timeSlot = patch.shipping.timeSlot;
  }
  if (patch.note !== undefined) set.note = patch.note;
  if (patch.flags) set.flags = [...new Set(patch.flags)];
  const statements: BatchItem<'sqlite'>[] = [];
  if (patch.lines) {
    const itemsTotal = patch.lines.reduce((n, l) => n + l.quantity * l.unitPrice, 0);
    Object.assign(set, { itemsTotal, total: itemsTotal + o.shippingFee + o.fees - o.discount - o.points });
    const rateOf = await lineTaxRates(ctx.db, ctx.accountId, id, patch.lines.map((l) => l.sku));
    const rows = patch.lines.map((l, i) => ({ accountId: ctx.accountId, orderId: id, lineNo: i + 1, sku: l.sku, name: l.name ?? null, quantity: l.quantity, unitPrice: l.unitPrice, taxRate: rateOf(l.sku), shortage: 0 }));
    statements.push(ctx.db.delete(orderLines).where(and(eq(orderLines.accountId, ctx.accountId), eq(orderLines.orderId, id))));
    // 9 bound parameters a line: 10 lines a statement keeps each under D1's 100.
    for (const part of chunks(rows, 10)) statements.push(ctx.db.insert(orderLines).values(part));
  }
  const moved = await ctx.db
    .update(orders)
    .set(set)
    .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id), eq(orders.status, o.status)))
    .returning({ id: orders.id });
  if (!moved.length) throw new AppError(409, 'order_changed', 'The order changed meanwhile; reload it');
  if (statements.length) await ctx.db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  await event(ctx, id, 'edited', { fields: Object.keys(patch) });

  let current = await findOrder(ctx.db, ctx.accountId, id);
  if (patch.lines) {
    if (current.reserved) {
      const r = (await ledgerOf(ctx.env, ctx.accountId).release(ctx.accountId, id, ctx.actor)) as unknown as Outcome<unknown>;
      if (!r.ok && r.code !== 'not_found') throw new AppError(r.status, r.code, r.message);
      await ctx.db.update(orders).set({ reserved: false }).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id)));
      current = await findOrder(ctx.db, ctx.accountId, id);
    }
    const reserved = await reserveOrder(ctx, current, await linesOf(ctx.db, ctx.accountId, id), false, current.status === 'awaiting_stock' ? undefined : current.status);
    current = await findOrder(ctx.db, ctx.accountId, id);
    if (!reserved) return current;
  }
  // 入金確認: paid now, so an order waiting for payment (with its stock reserved) moves on.
  if (current.status === 'awaiting_payment' && current.reserved && paymentSettled({ method: current.paymentMethod, paid: current.paid })) {
    return transitionOrder(ctx, id, 'new');
  }
  return current;
};

/**
 * Re-checks orders waiting for stock, oldest first, after stock arrived: each
 * that can now be reserved moves on by itself. `skus` narrows the check to
 * orders with a line for one of them (sets included: the DO announces a set
 * whenever a component changes).
 */
export const recheckAwaitingStock = async (env: Env, db: Db, accountId: string, skus?: string[], max = 500) => {
  const conds: (SQL | undefined)[] = [eq(orders.accountId, accountId), eq(orders.status, 'awaiting_stock'), eq(orders.reserved, false)];
  if (skus?.length) {
    conds.push(
      inArray(
        orders.id,
        db
          .select({ id: orderLines.orderId })
          .from(orderLines)
          .where(and(eq(orderLines.accountId, accountId), inArray(orderLines.sku, skus.slice(0, 90)))),
      ),
    );
  }
  const ctx: OrderContext = { env, db, accountId, actor: 'system:stock-arrived' };
  let checked = 0;
  let moved = 0;
  let after: { at: string; id: string } | null = null;
  // Oldest first, page by page: an old order that still cannot be served must not starve a newer
  // one that can (up to `max` orders a pass; the reservations made here trigger the next pass).
  while (checked < max) {
    const page: OrderRow[] = await db
      .select()
      .from(orders)
      .where(and(...conds, after ? or(gt(orders.orderedAt, after.at), and(eq(orders.orderedAt, after.at), gt(orders.id, after.id))) : undefined))
      .orderBy(asc(orders.orderedAt), asc(orders.id))
      .limit(Math.min(50, max - checked));
    if (!page.length) break;
    for (const o of page) if (await reserveOrder(ctx, o, await linesOf(db, accountId, o.id), false)) moved++;
    checked += page.length;
    const last = page[page.length - 1];
    after = { at: last.orderedAt, id: last.id };
    if (page.length < 50) break;
  }
  return { checked, moved };
};

/** Every account's orders waiting for stock, re-checked oldest first (the 15-minute cron). */
export const sweepAwaitingStock = async (env: Env, db: Db) => {
  const waiting = await env.DB.prepare(
    `SELECT a.id AS accountId FROM accounts a WHERE EXISTS (SELECT 1 FROM orders o WHERE o.account_id = a.id AND o.status = 'awaiting_stock')`,
  ).all<{ accountId: string }>();
  let moved = 0;
  for (const { accountId } of waiting.results) {
    try {
      moved += (await recheckAwaitingStock(env, db, accountId)).moved;
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'awaiting-stock sweep failed for an account', accountId, error: String(e) }));
    }
  }
  return { accounts: waiting.results.length, moved };
};
