import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { TaxRate } from '../orders/tax';

/**
 * The D1 projection of each account's StockLedger: SKU master fields and stock
 * figures, for lists, search and the low-stock filter (which never touch the
 * DO). Written only by the StockLedger's drain; `version` only moves forward,
 * so a late write can never overwrite a newer one.
 */
export const skus = sqliteTable(
  'skus',
  {
    accountId: text('account_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    axis1: text('axis1'),
    axis2: text('axis2'),
    janCode: text('jan_code'),
    supplierCode: text('supplier_code'),
    shelfNumber: text('shelf_number'),
    managed: integer('managed', { mode: 'boolean' }).notNull(),
    isSet: integer('is_set', { mode: 'boolean' }).notNull(),
    components: text('components', { mode: 'json' }).$type<{ sku: string; quantity: number }[]>().notNull(),
    safetyStock: integer('safety_stock').notNull(),
    reorderPoint: integer('reorder_point').notNull(),
    /** 消費税率 in percent: 10 (標準税率) or 8 (軽減税率: food and drink, newspapers) */
    taxRate: integer('tax_rate').$type<TaxRate>().notNull().default(10),
    onHand: integer('on_hand').notNull(),
    reserved: integer('reserved').notNull(),
    available: integer('available').notNull(),
    locations: text('locations', { mode: 'json' }).$type<{ location: string; onHand: number; reserved: number }[]>().notNull(),
    deleted: integer('deleted', { mode: 'boolean' }).notNull(),
    version: integer('version').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.code] }),
    index('skus_account_name').on(t.accountId, t.name),
    index('skus_account_jan').on(t.accountId, t.janCode),
    index('skus_account_low').on(t.accountId, t.available),
  ],
);

export type SkuProjection = typeof skus.$inferSelect;
