/**
 * 出荷連携: when an order ships in Kura, its carrier and tracking number go
 * back to the mall it came from (through the sync queue, so a slow or failing
 * mall never holds up the ship button; the queue retries and finally
 * dead-letters it onto the channel).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Env } from '../env';
import { newId } from '../lib/ids';
import { orderEvents, orders, orderShipments } from '../orders/schema';
import { adapterFor } from './registry';
import { channels } from './schema';
import { connectionOf } from './service';

/** Queues the push when the order came from a channel that wants it. */
export const queueShipmentPush = async (env: Env, db: Db, accountId: string, order: { id: string; channelId: string }) => {
  const c = (await db.select().from(channels).where(and(eq(channels.accountId, accountId), eq(channels.id, order.channelId))).limit(1))[0];
  if (!c || !c.settings.shipmentPush) return false;
  await env.SYNC_QUEUE.send({ kind: 'shipment', accountId, channelId: c.id, orderId: order.id });
  return true;
};

/** Sends one order's shipment to its mall and records it in the order's history. Throws on a failure the queue should retry. */
export const pushShipment = async (env: Env, db: Db, accountId: string, channelId: string, orderId: string) => {
  const c = (await db.select().from(channels).where(and(eq(channels.accountId, accountId), eq(channels.id, channelId))).limit(1))[0];
  const o = (await db.select().from(orders).where(and(eq(orders.accountId, accountId), eq(orders.id, orderId))).limit(1))[0];
  if (!c || !o || o.status !== 'shipped' || !o.trackingNumber || !o.carrier) return { skipped: true };
  // 分割出荷: an order shipped in parcels is pushed once it has all gone, with every parcel (orders/split-service.ts)
  const parcels = await db
    .select({ carrier: orderShipments.carrier, trackingNumber: orderShipments.trackingNumber, shippedAt: orderShipments.shippedAt })
    .from(orderShipments)
    .where(and(eq(orderShipments.accountId, accountId), eq(orderShipments.orderId, orderId)))
    .orderBy(asc(orderShipments.shippedAt), asc(orderShipments.id));
  await adapterFor(c.type).pushShipment(await connectionOf(env, db, c), {
    externalId: o.externalId,
    carrier: o.carrier,
    trackingNumber: o.trackingNumber,
    shippedAt: o.shippedAt ?? new Date().toISOString(),
    raw: o.raw,
    ...(parcels.length > 1 ? { parcels } : {}),
  });
  await db.insert(orderEvents).values({
    id: newId(),
    accountId,
    orderId,
    at: new Date().toISOString(),
    actor: `channel:${channelId}`,
    kind: 'shipment_sent',
    detail: { channelId, carrier: o.carrier, trackingNumber: o.trackingNumber, ...(parcels.length > 1 ? { trackingNumbers: parcels.map((p) => p.trackingNumber) } : {}) },
  });
  return { skipped: false };
};
