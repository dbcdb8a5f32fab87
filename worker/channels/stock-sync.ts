/**
 * From stock-changed to per-channel pushes: for each changed SKU, the
 * quantity every store should show (available through the channel's
 * allocation, safety stock and cap), recorded as intended in channel_stock and
 * handed to that channel's ChannelSync, which coalesces, batches and paces it.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { chunks } from '../lib/chunks';
import type { Env } from '../env';
import { publishedQuantity } from '../stock/allocation';
import { skus as skuTable } from '../stock/schema';
import type { StockPush } from './adapter';
import { channelListings, channelStock, channelState } from './schema';
import { listChannels, listingsForSkus, type ChannelRow } from './service';
import { channelSyncOf } from './sync-do';

/**
 * The SKUs of the account among `codes`, with their available figure, from the
 * D1 projection (written by the StockLedger before it sent stock-changed).
 */
export const skuFiguresOf = async (db: Db, accountId: string, codes: string[]) => {
  const out = new Map<string, { available: number; managed: boolean; deleted: boolean }>();
  for (const part of chunks(codes)) {
    const rows = await db
      .select({ code: skuTable.code, available: skuTable.available, managed: skuTable.managed, deleted: skuTable.deleted })
      .from(skuTable)
      .where(and(eq(skuTable.accountId, accountId), inArray(skuTable.code, part)));
    for (const r of rows) out.set(r.code, r);
  }
  return out;
};

/** The quantity one channel should show for one SKU (a deleted SKU shows 0; an unmanaged one is not pushed). */
const quantityFor = (c: ChannelRow, f: { available: number; managed: boolean; deleted: boolean } | undefined): number | null => {
  if (!f) return null;
  if (f.deleted) return 0;
  if (!f.managed) return null;
  return publishedQuantity(f.available, c.settings);
};

/** Works out and queues the pushes for these SKUs on every channel that lists them. */
export const publishStockChanges = async (env: Env, db: Db, accountId: string, codes: string[], only?: { channelId: string }) => {
  const chans = (await listChannels(db, accountId)).filter((c) => c.settings.stockPush && (!only || c.id === only.channelId));
  if (!chans.length || !codes.length) return { queued: 0 };
  const listings = (await listingsForSkus(db, accountId, codes)).filter((l) => chans.some((c) => c.id === l.channelId));
  if (!listings.length) return { queued: 0 };
  const figures = await skuFiguresOf(db, accountId, [...new Set(listings.map((l) => l.sku))]);
  const now = new Date().toISOString();
  let queued = 0;
  for (const c of chans) {
    const items: StockPush[] = [];
    for (const l of listings.filter((x) => x.channelId === c.id)) {
      const q = quantityFor(c, figures.get(l.sku));
      if (q !== null) items.push({ sku: l.sku, remoteId: l.remoteId, remoteVariantId: l.remoteVariantId, quantity: q });
    }
    if (!items.length) continue;
    for (let i = 0; i < items.length; i += 40) {
      const part = items.slice(i, i + 40);
      await db
        .insert(channelStock)
        .values(part.map((x) => ({ accountId, channelId: c.id, sku: x.sku, intended: x.quantity, intendedAt: now })))
        .onConflictDoUpdate({ target: [channelStock.channelId, channelStock.sku], set: { intended: sql`excluded.intended`, intendedAt: sql`excluded.intended_at` } });
    }
    const { backlog } = await channelSyncOf(env, accountId, c.id).enqueue(accountId, c.id, items);
    await db.update(channelState).set({ backlog, updatedAt: now }).where(eq(channelState.channelId, c.id));
    queued += items.length;
  }
  return { queued };
};

/** Every listed SKU of one channel (full resync, on demand or from the reconciler). */
export const resyncChannel = async (env: Env, db: Db, accountId: string, channelId: string) => {
  const codes = (await db.select({ sku: channelListings.sku }).from(channelListings).where(and(eq(channelListings.accountId, accountId), eq(channelListings.channelId, channelId)))).map((r) => r.sku);
  const startedAt = new Date().toISOString();
  await db
    .update(channelState)
    .set({ resync: { id: crypto.randomUUID(), total: codes.length, done: 0, startedAt, finishedAt: null }, updatedAt: startedAt })
    .where(eq(channelState.channelId, channelId));
  let queued = 0;
  for (let i = 0; i < codes.length; i += 500) queued += (await publishStockChanges(env, db, accountId, codes.slice(i, i + 500), { channelId })).queued;
  return { total: codes.length, queued };
};

/**
 * What every store shows for one SKU (GET /stock/{sku}): the quantity it should
 * publish now, and what it was last sent and confirmed, with when.
 */
export const storeFiguresForSku = async (db: Db, accountId: string, sku: string, available: number) => {
  const chans = await listChannels(db, accountId);
  const [listings, figures] = await Promise.all([
    db.select().from(channelListings).where(and(eq(channelListings.accountId, accountId), eq(channelListings.sku, sku))),
    db.select().from(channelStock).where(and(eq(channelStock.accountId, accountId), eq(channelStock.sku, sku))),
  ]);
  return listings.flatMap((l) => {
    const c = chans.find((x) => x.id === l.channelId);
    if (!c) return [];
    const f = figures.find((x) => x.channelId === c.id);
    return [
      {
        channelId: c.id,
        name: c.name,
        type: c.type,
        remoteId: l.remoteId,
        remoteVariantId: l.remoteVariantId,
        stockPush: c.settings.stockPush,
        published: publishedQuantity(available, c.settings),
        pushed: f?.pushed ?? null,
        pushedAt: f?.pushedAt ?? null,
        confirmed: f?.confirmed ?? null,
        confirmedAt: f?.confirmedAt ?? null,
        drift: f?.drift ?? false,
        error: f?.error ?? null,
      },
    ];
  });
};
