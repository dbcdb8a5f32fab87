/**
 * キャンセル連携: when an operator cancels an order that came from a mall,
 * the mall is told where its API allows a seller cancel (through the sync
 * queue, like shipments: a slow or failing mall never holds up the cancel
 * button; the queue retries, then dead-letters it onto the channel). Where
 * the mall's API has no seller cancel, the order's history says plainly that
 * the operator must cancel in the mall's own screen.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Env } from '../env';
import { newId } from '../lib/ids';
import type { CancelReason } from '../orders/cancel-reasons';
import { orderEvents, orders } from '../orders/schema';
import { adapterFor } from './registry';
import { channels } from './schema';
import { connectionOf } from './service';

/** What happens at the mall for a cancelled order: 'queued' (Kura tells it), 'manual' (the operator must), or 'none' (no mall). */
export type MallCancel = { kind: 'queued' | 'manual'; channelId: string; channelType: string; channelName: string } | { kind: 'none' };

/** Decides, and queues the push where the mall's API can take it. */
export const planMallCancel = async (env: Env, db: Db, accountId: string, order: { id: string; channelId: string }, reason: CancelReason, note: string | null): Promise<MallCancel> => {
  const c = (await db.select().from(channels).where(and(eq(channels.accountId, accountId), eq(channels.id, order.channelId))).limit(1))[0];
  if (!c) return { kind: 'none' };
  const base = { channelId: c.id, channelType: c.type, channelName: c.name };
  if (!adapterFor(c.type).cancelOrder) return { kind: 'manual', ...base };
  await env.SYNC_QUEUE.send({ kind: 'cancel', accountId, channelId: c.id, orderId: order.id, reason, note });
  return { kind: 'queued', ...base };
};

/** Sends one cancel to its mall and records it in the order's history. Throws on a failure the queue should retry. */
export const pushCancel = async (env: Env, db: Db, accountId: string, channelId: string, orderId: string, reason: CancelReason, note: string | null) => {
  const c = (await db.select().from(channels).where(and(eq(channels.accountId, accountId), eq(channels.id, channelId))).limit(1))[0];
  const o = (await db.select().from(orders).where(and(eq(orders.accountId, accountId), eq(orders.id, orderId))).limit(1))[0];
  const adapter = c ? adapterFor(c.type) : null;
  if (!c || !o || o.status !== 'cancelled' || !adapter?.cancelOrder) return { skipped: true };
  await adapter.cancelOrder(await connectionOf(env, db, c), { externalId: o.externalId, reason, note, raw: o.raw });
  await db.insert(orderEvents).values({
    id: newId(),
    accountId,
    orderId,
    at: new Date().toISOString(),
    actor: `channel:${channelId}`,
    kind: 'cancel_sent',
    detail: { channelId, channelName: c.name, reason },
  });
  return { skipped: false };
};
