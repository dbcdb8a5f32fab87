import { and, eq } from 'drizzle-orm';
import { channelDeadLetters, channels } from '../channels/schema';
import { orderEvents } from '../orders/schema';
import { pullChannelOrders } from '../channels/order-pull';
import { pushShipment } from '../channels/shipment-push';
import { pushCancel } from '../channels/cancel-push';
import { publishStockChanges, resyncChannel } from '../channels/stock-sync';
import { MallError } from '../channels/adapter';
import { createDb } from '../db/client';
import type { Env, SyncMessage } from '../env';
import { chunks } from '../lib/chunks';
import { newId } from '../lib/ids';
import { AppError } from '../lib/errors';
import { recheckAwaitingStock } from '../orders/service';
import { ledgerOf } from '../stock/service';

/**
 * The sync queue consumer.
 * - stock-changed (one per SKU, from the StockLedger's outbox), coalesced per
 *   account: first the per-channel pushes (the sub-second path), then the
 *   re-check of orders waiting for those SKUs, oldest first.
 * - order-pull: one channel's pull from its watermark.
 * - shipment: one order's tracking number back to its mall.
 * - cancel: a seller cancel to a mall whose API takes one.
 * - channel-resync: every listed SKU of a channel.
 * What fails for good ends on the dead-letter queue, whose consumer records it
 * on the channel (channel_dead_letters) for the retry button.
 */
export const handleSyncBatch = async (batch: MessageBatch<SyncMessage>, env: Env, _ctx: ExecutionContext) => {
  const db = createDb(env.DB);
  if (batch.queue.endsWith('-dlq')) {
    for (const m of batch.messages) {
      const body = m.body;
      console.error(JSON.stringify({ level: 'error', msg: 'sync dead letter', queue: batch.queue, kind: body.kind }));
      if (body.kind === 'shipment' || body.kind === 'order-pull' || body.kind === 'cancel') await deadLetter(db, body, 'Failed after every retry', m.attempts);
      m.ack();
    }
    return;
  }
  // Stock first (the sub-second path), coalesced per account; pulls and shipments after.
  const byAccount = new Map<string, { skus: Set<string>; messages: Message<SyncMessage>[] }>();
  const others: Message<SyncMessage>[] = [];
  for (const m of batch.messages) {
    const body = m.body;
    if (body.kind !== 'stock-changed') {
      others.push(m);
      continue;
    }
    const entry = byAccount.get(body.accountId) ?? { skus: new Set<string>(), messages: [] };
    entry.skus.add(body.sku);
    entry.messages.push(m);
    byAccount.set(body.accountId, entry);
  }
  for (const [accountId, { skus, messages }] of byAccount) {
    try {
      await publishStockChanges(env, db, accountId, [...skus]);
      // the re-check filters by SKU in one statement: at most D1_IN_LIMIT SKUs a pass
      for (const part of chunks([...skus])) await recheckAwaitingStock(env, db, accountId, part);
      for (const m of messages) m.ack();
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'stock-changed handling failed; will retry', accountId, error: String(e) }));
      for (const m of messages) m.retry({ delaySeconds: 5 });
    }
  }
  // Pulls, shipments and resyncs of different channels run side by side: a slow mall never holds up another.
  await Promise.all(others.map((m) => handleOther(env, db, m)));
};

/** One pull, shipment or resync; a failure is retried by the queue with backoff (then dead-lettered). */
const handleOther = async (env: Env, db: ReturnType<typeof createDb>, m: Message<SyncMessage>) => {
  const body = m.body as Exclude<SyncMessage, { kind: 'stock-changed' }>;
  try {
    if (body.kind === 'order-pull') await pullChannelOrders(env, db, body.accountId, body.channelId);
    if (body.kind === 'shipment') await pushShipment(env, db, body.accountId, body.channelId, body.orderId);
    if (body.kind === 'cancel') await pushCancel(env, db, body.accountId, body.channelId, body.orderId, body.reason, body.note);
    if (body.kind === 'channel-resync') await resyncChannel(env, db, body.accountId, body.channelId);
    if (body.kind === 'release') await ledgerOf(env, body.accountId).release(body.accountId, body.reference, body.actor);
    m.ack();
  } catch (e) {
    if (e instanceof AppError && e.status === 404) {
      // The channel (or order) is gone: nothing left to do, and retrying cannot change that.
      console.warn(JSON.stringify({ level: 'warn', msg: `${body.kind} for something that no longer exists; dropped`, channelId: 'channelId' in body ? body.channelId : undefined }));
      m.ack();
      return;
    }
    if (e instanceof MallError && !e.retryable && (body.kind === 'shipment' || body.kind === 'cancel' || body.kind === 'order-pull')) {
      // The mall refused for good (bad data, already shipped, no permission): retrying cannot help.
      // It goes onto the channel's failed list at once, and an order's history says what the mall answered.
      await deadLetter(db, body, e.message, m.attempts);
      if (body.kind !== 'order-pull') await orderFailure(db, body, e.message);
      m.ack();
      return;
    }
    const retryAfter = e instanceof MallError && e.retryAfterSeconds ? e.retryAfterSeconds : undefined;
    console.warn(JSON.stringify({ level: 'warn', msg: `${body.kind} failed; will retry`, channelId: 'channelId' in body ? body.channelId : undefined, error: String(e instanceof Error ? e.message : e) }));
    // Backoff between queue retries: 2, 4, 8 … s, or the mall's Retry-After.
    m.retry({ delaySeconds: Math.min(600, retryAfter ?? 2 ** Math.min(9, m.attempts)) });
  }
};

type ChannelWork = Extract<SyncMessage, { kind: 'shipment' | 'cancel' | 'order-pull' }>;

/** Puts a failed piece of channel work on the channel's list of failures (with a retry button). */
const deadLetter = (db: ReturnType<typeof createDb>, body: ChannelWork, error: string, attempts: number) =>
  db.insert(channelDeadLetters).values({
    id: newId(),
    accountId: body.accountId,
    channelId: body.channelId,
    kind: body.kind === 'order-pull' ? 'orders' : body.kind,
    payload: body,
    error: error.slice(0, 1000),
    attempts,
    createdAt: new Date().toISOString(),
  });

/** A shipment or cancel the mall refused for good, in the order's history, with the mall's answer. */
const orderFailure = async (db: ReturnType<typeof createDb>, body: Extract<SyncMessage, { kind: 'shipment' | 'cancel' }>, error: string) => {
  const c = (await db.select({ name: channels.name }).from(channels).where(and(eq(channels.accountId, body.accountId), eq(channels.id, body.channelId))).limit(1))[0];
  await db.insert(orderEvents).values({
    id: newId(),
    accountId: body.accountId,
    orderId: body.orderId,
    at: new Date().toISOString(),
    actor: `channel:${body.channelId}`,
    kind: body.kind === 'cancel' ? 'cancel_failed' : 'shipment_failed',
    detail: { channelId: body.channelId, channelName: c?.name ?? '', error: error.slice(0, 500) },
  });
};
