import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { ledgerOf } from '../stock/service';
import type { Outcome } from '../stock/types';
import { queueShipmentPush } from '../channels/shipment-push';
import { sendOrderMail } from './mail-service';
import { mergedChildren } from './merge-service';
import { orderEvents, orderLines, orders, orderShipments } from './schema';
import { planPartialShipment, restOf } from './split';
import type { OrderContext } from './service';

/**
 * 分割出荷 (split shipments), the I/O around the pure rules of split.ts:
 * POST /orders/{id}/ship-partial records one parcel and commits exactly its
 * units in the StockLedger (commitPartial); the order stays ready_to_ship
 * (partiallyShipped in its view) until every unit has gone, and is shipped
 * with the last parcel. POST /orders/{id}/ship on such an order sends the rest
 * as the last parcel (service.ts shipOrder calls recordRestParcel).
 *
 * The malls hear of it once the whole order has shipped, with every parcel's
 * tracking number where the mall takes several (channels/shipment-push.ts):
 * telling a mall "shipped" after the first parcel would close the whole order
 * there and tell the buyer everything is on its way.
 */

type OrderRow = typeof orders.$inferSelect;
type ShipmentRow = typeof orderShipments.$inferSelect;

const event = (ctx: OrderContext, orderId: string, kind: string, detail: unknown) =>
  ctx.db.insert(orderEvents).values({ id: newId(), accountId: ctx.accountId, orderId, at: new Date().toISOString(), actor: ctx.actor, kind, detail });

/** An order's parcels, first first. */
export const shipmentsOf = (db: Db, accountId: string, orderId: string): Promise<ShipmentRow[]> =>
  db
    .select()
    .from(orderShipments)
    .where(and(eq(orderShipments.accountId, accountId), eq(orderShipments.orderId, orderId)))
    .orderBy(asc(orderShipments.shippedAt), asc(orderShipments.id));

/** What the order view shows of its parcels. */
export const shipmentsView = async (db: Db, o: OrderRow) => {
  const rows = await shipmentsOf(db, o.accountId, o.id);
  return {
    shipments: rows.map((s) => ({ id: s.id, carrier: s.carrier, trackingNumber: s.trackingNumber, shippedAt: s.shippedAt, lines: s.lines })),
    partiallyShipped: o.status === 'ready_to_ship' && rows.length > 0,
  };
};

const linesOf = (db: Db, accountId: string, orderId: string) =>
  db
    .select({ lineNo: orderLines.lineNo, sku: orderLines.sku, quantity: orderLines.quantity })
    .from(orderLines)
    .where(and(eq(orderLines.accountId, accountId), eq(orderLines.orderId, orderId)))
    .orderBy(asc(orderLines.lineNo));

/** Whether an order has sent a parcel already (it then keeps its lines and cannot be cancelled or merged). */
export const hasShipments = async (db: Db, accountId: string, orderId: string) =>
  (await db.select({ id: orderShipments.id }).from(orderShipments).where(and(eq(orderShipments.accountId, accountId), eq(orderShipments.orderId, orderId))).limit(1)).length > 0;

export interface PartialShipInput {
  carrier: string;
  trackingNumber: string;
  lines: { lineNo: number; quantity: number }[];
}

/**
 * Ships one parcel of a ready order. The parcel is recorded and the order
 * touched in one D1 batch, guarded by the order's last change, so two parcels
 * sent at once cannot both count the same units; then the StockLedger
 * commits exactly those units. If it cannot, the parcel is taken back and the
 * answer says why: stock and order never disagree.
 */
export const shipPartial = async (ctx: OrderContext, id: string, input: PartialShipInput) => {
  const o = (await ctx.db.select().from(orders).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id))).limit(1))[0];
  if (!o) throw new AppError(404, 'not_found', 'Order not found');
  if (o.status === 'merged') throw new AppError(409, 'order_merged', `${o.number} ships inside its parent's parcel`, { from: o.status });
  if (o.status !== 'ready_to_ship') throw new AppError(409, 'invalid_transition', `Only a ready_to_ship order can ship a parcel (this one is ${o.status})`, { from: o.status, to: 'shipped' });
  if ((await mergedChildren(ctx.db, ctx.accountId, o.id)).length) throw new AppError(409, 'merge_group', 'Orders merged into this one ship with it in one parcel; unmerge them to ship in parts');
  const [lines, earlier] = await Promise.all([linesOf(ctx.db, ctx.accountId, id), shipmentsOf(ctx.db, ctx.accountId, id)]);
  const plan = planPartialShipment(lines, earlier, input.lines);
  if (!plan.ok) {
    const over = plan.problems.filter((p) => p.code === 'exceeds_remaining');
    if (over.length) throw new AppError(409, 'exceeds_remaining', over[0].message, plan.problems);
    throw new AppError(400, 'validation_error', 'The parcel is not valid', plan.problems);
  }
  const now = new Date().toISOString();
  const shipmentId = newId();
  const [moved] = await ctx.db.batch([
    ctx.db
      .update(orders)
      .set(plan.complete ? { status: 'shipped', reserved: false, carrier: input.carrier, trackingNumber: input.trackingNumber, shippedAt: now, updatedAt: now } : { updatedAt: now })
      .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id), eq(orders.status, 'ready_to_ship'), eq(orders.updatedAt, o.updatedAt)))
      .returning({ id: orders.id }),
    ctx.db.insert(orderShipments).values({ id: shipmentId, accountId: ctx.accountId, orderId: id, carrier: input.carrier, trackingNumber: input.trackingNumber, shippedAt: now, lines: plan.parcel, actor: ctx.actor }),
  ]);
  const dropParcel = () => ctx.db.delete(orderShipments).where(and(eq(orderShipments.accountId, ctx.accountId), eq(orderShipments.id, shipmentId)));
  if (!moved.length) {
    await dropParcel();
    throw new AppError(409, 'order_changed', 'The order changed meanwhile; reload it');
  }
  const undo = async () => {
    await dropParcel();
    if (plan.complete) {
      await ctx.db
        .update(orders)
        .set({ status: 'ready_to_ship', reserved: o.reserved, carrier: o.carrier, trackingNumber: o.trackingNumber, shippedAt: o.shippedAt, updatedAt: new Date().toISOString() })
        .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id), eq(orders.status, 'shipped')));
    }
  };
  let r: Outcome<unknown>;
  try {
    r = (await ledgerOf(ctx.env, ctx.accountId).commitPartial(ctx.accountId, id, {
      shipment: shipmentId,
      items: plan.items,
      final: plan.complete,
      actor: ctx.actor,
    })) as unknown as Outcome<unknown>;
  } catch (e) {
    await undo();
    console.error(JSON.stringify({ level: 'error', msg: 'ship-partial: the stock could not be committed; the parcel was taken back', orderId: id, error: String(e) }));
    throw new AppError(503, 'stock_unavailable', 'Stock could not be updated just now; the parcel was not shipped. Try again.');
  }
  if (!r.ok) {
    await undo();
    throw new AppError(r.status, r.code, r.message, r.details);
  }
  await event(ctx, id, 'shipment', { shipmentId, carrier: input.carrier, trackingNumber: input.trackingNumber, lines: plan.parcel, complete: plan.complete, parcel: earlier.length + 1 });
  if (plan.complete) {
    await event(ctx, id, 'shipped', { carrier: input.carrier, trackingNumber: input.trackingNumber, parcels: earlier.length + 1 });
    await sendOrderMail(ctx.env, ctx.db, ctx.accountId, id, 'shipping_notice');
    // 出荷連携 once the whole order has gone, with every parcel's tracking number (shipment-push.ts)
    await queueShipmentPush(ctx.env, ctx.db, ctx.accountId, o);
  }
  const after = (await ctx.db.select().from(orders).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, id))).limit(1))[0];
  return { order: after, shipmentId, complete: plan.complete };
};

/**
 * POST /orders/{id}/ship on an order that already sent parcels: the rest goes
 * as its last parcel, recorded beside the others (the StockLedger's commit
 * ships whatever the reservation still holds). Nothing to do for an order
 * shipped in one go.
 */
export const recordRestParcel = async (ctx: OrderContext, o: OrderRow, input: { carrier: string; trackingNumber: string }, at: string) => {
  const earlier = await shipmentsOf(ctx.db, ctx.accountId, o.id);
  if (!earlier.length) return;
  const rest = restOf(await linesOf(ctx.db, ctx.accountId, o.id), earlier);
  if (!rest.length) return;
  const shipmentId = newId();
  await ctx.db.batch([
    ctx.db.insert(orderShipments).values({ id: shipmentId, accountId: ctx.accountId, orderId: o.id, carrier: input.carrier, trackingNumber: input.trackingNumber, shippedAt: at, lines: rest, actor: ctx.actor }),
    event(ctx, o.id, 'shipment', { shipmentId, carrier: input.carrier, trackingNumber: input.trackingNumber, lines: rest, complete: true, parcel: earlier.length + 1 }),
  ]);
};
