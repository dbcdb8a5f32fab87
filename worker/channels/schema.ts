import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { AllocationRule } from '../stock/allocation';
import type { ChannelType } from './adapter';

export interface ChannelSettings {
  /** pull orders from the mall (cron, and webhooks where the mall has them) */
  orderPull: boolean;
  /** push stock quantities to the mall */
  stockPush: boolean;
  /** held back from this channel (channel 安全在庫) */
  safetyStock: number;
  /** never publish more than this (null: no cap) */
  maxQuantity: number | null;
  /** the account's share for this channel (在庫配分); all of it by default */
  allocation: AllocationRule;
  /** send the tracking number back to the mall when an order ships */
  shipmentPush: boolean;
}

/** 店舗: one store on one mall. Credentials are AES-GCM sealed (lib/crypto) and never leave the Worker. */
export const channels = sqliteTable(
  'channels',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    type: text('type').$type<ChannelType>().notNull(),
    name: text('name').notNull(),
    /** overrides the mall's production base URL (sandbox, conformance fake) */
    endpoint: text('endpoint'),
    /** "keyId:iv:ciphertext" of the credentials JSON */
    credentials: text('credentials').notNull(),
    settings: text('settings', { mode: 'json' }).$type<ChannelSettings>().notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('channels_account').on(t.accountId)],
);

/** Which mall item (and variant) carries which SKU on a channel. */
export const channelListings = sqliteTable(
  'channel_listings',
  {
    accountId: text('account_id').notNull(),
    channelId: text('channel_id').notNull(),
    sku: text('sku').notNull(),
    remoteId: text('remote_id').notNull(),
    remoteVariantId: text('remote_variant_id'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.sku] }), index('channel_listings_account_sku').on(t.accountId, t.sku), index('channel_listings_remote').on(t.channelId, t.remoteId)],
);

/**
 * What each store should show and what it was last told and confirmed, per
 * SKU: the per-SKU view, drift, and the reconciler's input.
 */
export const channelStock = sqliteTable(
  'channel_stock',
  {
    accountId: text('account_id').notNull(),
    channelId: text('channel_id').notNull(),
    sku: text('sku').notNull(),
    /** the published quantity Kura wants the store to show */
    intended: integer('intended').notNull(),
    intendedAt: text('intended_at').notNull(),
    /** the last quantity the mall accepted */
    pushed: integer('pushed'),
    pushedAt: text('pushed_at'),
    /** the quantity read back from the mall (null: it does not know the item) */
    confirmed: integer('confirmed'),
    confirmedAt: text('confirmed_at'),
    /** read back ≠ pushed (or the mall does not know the item) */
    drift: integer('drift', { mode: 'boolean' }).notNull().default(false),
    /** why the mall refused this item, if it did */
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.sku] }), index('channel_stock_account_sku').on(t.accountId, t.sku), index('channel_stock_drift').on(t.channelId, t.drift)],
);

/** Per-channel sync state: the order watermark and the last runs. */
export const channelState = sqliteTable('channel_state', {
  channelId: text('channel_id').primaryKey(),
  accountId: text('account_id').notNull(),
  /** orders changed up to here are in Kura (pulls go back a little before it: the overlap) */
  orderWatermark: text('order_watermark'),
  lastOrderPullAt: text('last_order_pull_at'),
  lastOrderPullError: text('last_order_pull_error'),
  lastStockPushAt: text('last_stock_push_at'),
  lastStockPushError: text('last_stock_push_error'),
  /** items waiting in the channel's push queue (kept by the ChannelSync DO) */
  backlog: integer('backlog').notNull().default(0),
  /** a full resync in progress or last run: {total, done, startedAt, finishedAt} */
  resync: text('resync', { mode: 'json' }).$type<{ id: string; total: number; done: number; startedAt: string; finishedAt: string | null } | null>(),
  updatedAt: text('updated_at').notNull(),
});

/** What finally failed after every retry: shown on the channel with a retry button. */
export const channelDeadLetters = sqliteTable(
  'channel_dead_letters',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    channelId: text('channel_id').notNull(),
    kind: text('kind').$type<'stock' | 'shipment' | 'cancel' | 'orders'>().notNull(),
    /** stock: [{sku, quantity}], shipment: {orderId}, cancel: {orderId, reason, note}, orders: {since, until} */
    payload: text('payload', { mode: 'json' }).notNull(),
    error: text('error').notNull(),
    attempts: integer('attempts').notNull(),
    createdAt: text('created_at').notNull(),
    /** set when someone pressed retry (the entry then leaves the list) */
    retriedAt: text('retried_at'),
  },
  (t) => [index('channel_dead_letters_channel').on(t.accountId, t.channelId, t.createdAt)],
);

/** Webhook deliveries already handled, by the mall's event id (duplicates are dropped). */
export const webhookEvents = sqliteTable(
  'webhook_events',
  {
    channelId: text('channel_id').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.eventId] }), index('webhook_events_received').on(t.receivedAt)],
);
