/**
 * Order pulls (受注取込): per channel, everything the mall changed since the
 * watermark, minus an overlap so an order the mall saved a little late is not
 * missed. The import is idempotent by (channel, external id), so the overlap
 * never duplicates; an order the mall cancelled is cancelled in Kura too.
 */
import { and, eq, gte } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Env } from '../env';
import { importOrders, type ImportInput } from '../orders/import';
import { cancelOrder, type OrderContext } from '../orders/service';
import { orders } from '../orders/schema';
import type { PulledOrder } from './adapter';
import { adapterFor } from './registry';
import { channelListings, channelState } from './schema';
import { connectionOf, findChannel, type ChannelRow } from './service';
import { skuFiguresOf } from './stock-sync';

/** Pulls reach back this far before the watermark. */
export const PULL_OVERLAP_MS = 10 * 60_000;
/** A channel's first pull looks back this far. */
export const FIRST_PULL_LOOKBACK_MS = 3 * 24 * 3600_000;

/**
 * The mall's item codes on each line become Kura SKUs: through the channel's
 * listings (remote item/variant), else the code itself when it is a Kura SKU.
 * A line nobody can map keeps the mall's code, so the order waits with a stock
 * warning instead of being lost.
 */
export const mapLines = async (db: Db, accountId: string, channelId: string, orders: PulledOrder[]) => {
  const listings = await db.select().from(channelListings).where(and(eq(channelListings.accountId, accountId), eq(channelListings.channelId, channelId)));
  const byRemote = new Map(listings.map((l) => [`${l.remoteId}\u0000${l.remoteVariantId ?? ''}`, l.sku]));
  const byRemoteItem = new Map(listings.filter((l) => !l.remoteVariantId).map((l) => [l.remoteId, l.sku]));
  const known = await skuFiguresOf(db, accountId, [...new Set(orders.flatMap((o) => o.lines.map((l) => l.sku)))]);
  const skuOf = (l: PulledOrder['lines'][number]) =>
    (l.remoteId && (byRemote.get(`${l.remoteId}\u0000${l.remoteVariantId ?? ''}`) ?? (!l.remoteVariantId ? byRemoteItem.get(l.remoteId) : undefined))) ||
    (known.has(l.sku) ? l.sku : undefined) ||
    l.sku;
  return orders.map((o) => ({ ...o, lines: o.lines.map((l) => ({ sku: skuOf(l), quantity: l.quantity, unitPrice: l.unitPrice, ...(l.name ? { name: l.name } : {}) })) }));
};

/** Imports pulled (or webhook) orders for one channel; the mall's cancellations cancel them in Kura. */
export const importPulled = async (env: Env, db: Db, channel: ChannelRow, pulled: PulledOrder[]) => {
  const ctx: OrderContext = { env, db, accountId: channel.accountId, actor: `channel:${channel.id}` };
  const mapped = await mapLines(db, channel.accountId, channel.id, pulled);
  let created = 0;
  let cancelled = 0;
  for (let i = 0; i < mapped.length; i += 100) {
    const part = mapped.slice(i, i + 100);
    const inputs: ImportInput[] = part.map(({ cancelled: _c, fulfilledByMall, mallStatus: _m, ...o }) => ({
      ...o,
      // The mall's address fields can be blank on orders it has not released (Amazon Pending); the import needs text.
      shipTo: { ...o.shipTo, name: o.shipTo.name || o.customer.name || '-', city: o.shipTo.city || '-', address1: o.shipTo.address1 || '-', phone: o.shipTo.phone || '-' },
      channelId: channel.id,
      reserve: !fulfilledByMall,
    }));
    const results = await importOrders(ctx, inputs);
    for (const [k, r] of results.entries()) {
      if (r.created) created++;
      if (part[k].cancelled && r.order.status !== 'cancelled' && r.order.status !== 'shipped') {
        try {
          await cancelOrder(ctx, r.order.id, { reason: 'other', note: null, byMall: true });
          cancelled++;
        } catch (e) {
          console.warn(JSON.stringify({ level: 'warn', msg: 'mall cancellation could not be applied', orderId: r.order.id, error: String(e) }));
        }
      }
    }
  }
  return { received: pulled.length, created, cancelled };
};

/** One pull of one channel, from its watermark (minus the overlap) to now. */
export const pullChannelOrders = async (env: Env, db: Db, accountId: string, channelId: string, now = new Date()) => {
  const channel = await findChannel(db, accountId, channelId);
  if (!channel.settings.orderPull) return { skipped: true as const };
  const state = (await db.select().from(channelState).where(eq(channelState.channelId, channelId)).limit(1))[0];
  const since = state?.orderWatermark ? new Date(Date.parse(state.orderWatermark) - PULL_OVERLAP_MS) : new Date(now.getTime() - FIRST_PULL_LOOKBACK_MS);
  const at = now.toISOString();
  try {
    // Orders Kura already holds as of their latest mall update: adapters that read details one
    // order a call skip them, so a busy store's overlap costs no extra calls.
    const known = new Map(
      (
        await db
          .select({ externalId: orders.externalId, mallUpdatedAt: orders.mallUpdatedAt })
          .from(orders)
          .where(and(eq(orders.accountId, accountId), eq(orders.channelId, channelId), gte(orders.mallUpdatedAt, since.toISOString())))
      ).map((o) => [o.externalId, o.mallUpdatedAt]),
    );
    const isUnchanged = (externalId: string, mallUpdatedAt: string) => {
      const held = known.get(externalId);
      return !!held && held >= new Date(mallUpdatedAt).toISOString();
    };
    const pulled = await adapterFor(channel.type).pullOrders(await connectionOf(env, db, channel), { since, until: now, isUnchanged });
    const result = await importPulled(env, db, channel, pulled);
    await db.update(channelState).set({ orderWatermark: at, lastOrderPullAt: at, lastOrderPullError: null, updatedAt: at }).where(eq(channelState.channelId, channelId));
    return { skipped: false as const, ...result };
  } catch (e) {
    // The watermark stays: the next pull covers this window again, so nothing is lost.
    const message = String(e instanceof Error ? e.message : e).slice(0, 500);
    await db.update(channelState).set({ lastOrderPullAt: at, lastOrderPullError: message, updatedAt: at }).where(eq(channelState.channelId, channelId));
    throw e;
  }
};
