/**
 * The channel reconciler (every 15 minutes): compares what each store should
 * show with what it was last told and confirmed, and pushes again wherever
 * they differ: a push that never happened (a listing added later, a DO that
 * lost a flush), one the mall did not take, or drift read back from the mall.
 */
import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Env } from '../env';
import { channelListings, channels, channelStock, webhookEvents } from './schema';
import { publishStockChanges } from './stock-sync';

export const reconcileChannel = async (env: Env, db: Db, accountId: string, channelId: string) => {
  const mismatched = await db
    .select({ sku: channelStock.sku })
    .from(channelStock)
    .where(and(eq(channelStock.channelId, channelId), or(isNull(channelStock.pushed), ne(channelStock.pushed, channelStock.intended), eq(channelStock.drift, true))));
  const neverPushed = await db
    .select({ sku: channelListings.sku })
    .from(channelListings)
    .where(and(eq(channelListings.channelId, channelId), sql`NOT EXISTS (SELECT 1 FROM channel_stock s WHERE s.channel_id = ${channelId} AND s.sku = ${channelListings.sku})`));
  const codes = [...new Set([...mismatched, ...neverPushed].map((r) => r.sku))];
  for (let i = 0; i < codes.length; i += 500) await publishStockChanges(env, db, accountId, codes.slice(i, i + 500), { channelId });
  return { repaired: codes.length };
};

export const reconcileAllChannels = async (env: Env, db: Db) => {
  const all = await db.select({ id: channels.id, accountId: channels.accountId }).from(channels);
  let repaired = 0;
  for (const c of all) {
    try {
      repaired += (await reconcileChannel(env, db, c.accountId, c.id)).repaired;
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'channel reconcile failed', channelId: c.id, error: String(e) }));
    }
  }
  return { channels: all.length, repaired };
};

/** Webhook event ids are kept a week: the malls retry deliveries for 48 hours at most. */
export const purgeWebhookEvents = (db: Db, now: number) => db.delete(webhookEvents).where(lt(webhookEvents.receivedAt, new Date(now - 7 * 24 * 3600_000).toISOString()));
