import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { OrderStatus } from './state-machine';
import type { TaxRate } from './tax';

/**
 * 受注: one model for every channel. Money is integer yen; times are UTC ISO.
 * (channel_id, external_id) is unique per account, which is what makes order
 * import idempotent however many times (pull, webhook, retry) an order arrives.
 */
export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    /** Kura's own order number, per account: K000001 … */
    number: text('number').notNull(),
    channelId: text('channel_id').notNull(),
    externalId: text('external_id').notNull(),
    status: text('status').$type<OrderStatus>().notNull(),
    orderedAt: text('ordered_at').notNull(),
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email'),
    customerPhone: text('customer_phone'),
    shipName: text('ship_name').notNull(),
    postalCode: text('postal_code').notNull(),
    prefecture: text('prefecture').notNull(),
    city: text('city').notNull(),
    address1: text('address1').notNull(),
    address2: text('address2'),
    shipPhone: text('ship_phone').notNull(),
    /** Kura's payment method (orders/choices.ts PAYMENT_METHODS): what rules, search, slips and carrier files read */
    paymentMethod: text('payment_method').notNull(),
    paid: integer('paid', { mode: 'boolean' }).notNull(),
    /** the mall's own name or code for the payment method (楽天 "クレジットカード", Yahoo! "PayPay残高等"…), shown beside Kura's */
    paymentRaw: text('payment_raw'),
    shippingMethod: text('shipping_method'),
    desiredDate: text('desired_date'),
    timeSlot: text('time_slot'),
    note: text('note'),
    itemsTotal: integer('items_total').notNull(),
    shippingFee: integer('shipping_fee').notNull().default(0),
    fees: integer('fees').notNull().default(0),
    discount: integer('discount').notNull().default(0),
    points: integer('points').notNull().default(0),
    tax: integer('tax').notNull().default(0),
    total: integer('total').notNull(),
    /** 在庫警告: some line could not be reserved */
    stockWarning: integer('stock_warning', { mode: 'boolean' }).notNull(),
    /** the stock DO holds this order's reservation (reference = order id) */
    reserved: integer('reserved', { mode: 'boolean' }).notNull().default(false),
    flags: text('flags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    shippedAt: text('shipped_at'),
    cancelledAt: text('cancelled_at'),
    /** the mall's own payload, kept for audit */
    raw: text('raw', { mode: 'json' }),
    /** when the mall last changed the order: an older version arriving later (webhooks out of order) changes nothing */
    mallUpdatedAt: text('mall_updated_at'),
    /** 同梱: the parent order this one ships inside (its status is then `merged`); null when not a merged child */
    mergeParentId: text('merge_parent_id'),
    /** 同梱: the status a merged child had, which unmerge returns it to */
    statusBeforeMerge: text('status_before_merge').$type<OrderStatus>(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('orders_account_channel_external').on(t.accountId, t.channelId, t.externalId),
    uniqueIndex('orders_account_number').on(t.accountId, t.number),
    index('orders_account_status_ordered').on(t.accountId, t.status, t.orderedAt, t.id),
    index('orders_account_ordered').on(t.accountId, t.orderedAt, t.id),
    // リピーター: an arriving order looks for earlier orders with the same e-mail or phone.
    index('orders_account_email').on(t.accountId, t.customerEmail),
    index('orders_account_phone').on(t.accountId, t.customerPhone),
    // 同梱: a parent's children
    index('orders_account_merge_parent').on(t.accountId, t.mergeParentId),
  ],
);

export const orderLines = sqliteTable(
  'order_lines',
  {
    accountId: text('account_id').notNull(),
    orderId: text('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    name: text('name'),
    quantity: integer('quantity').notNull(),
    unitPrice: integer('unit_price').notNull(),
    /** 消費税率 (10 or 8), taken from the SKU when the order arrives: a later change of the SKU's rate leaves the order as sold */
    taxRate: integer('tax_rate').$type<TaxRate>().notNull().default(10),
    /** units the last reservation attempt found missing for this line's SKU (0 when reserved) */
    shortage: integer('shortage').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] }), index('order_lines_account_sku').on(t.accountId, t.sku)],
);

/** The order's history: every change and who made it. */
export const orderEvents = sqliteTable(
  'order_events',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    orderId: text('order_id').notNull(),
    at: text('at').notNull(),
    actor: text('actor'),
    kind: text('kind').notNull(),
    detail: text('detail', { mode: 'json' }),
  },
  (t) => [index('order_events_order').on(t.orderId, t.at)],
);

/**
 * 分割出荷: one parcel of an order shipped in parts (POST /orders/{id}/ship-partial),
 * with its own carrier and tracking number and the units it carried per order line.
 */
export const orderShipments = sqliteTable(
  'order_shipments',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    orderId: text('order_id').notNull(),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    shippedAt: text('shipped_at').notNull(),
    lines: text('lines', { mode: 'json' }).$type<{ lineNo: number; sku: string; quantity: number }[]>().notNull(),
    actor: text('actor'),
  },
  (t) => [index('order_shipments_account_order').on(t.accountId, t.orderId, t.shippedAt)],
);

/** Per-account counters (order numbers). */
export const counters = sqliteTable(
  'counters',
  {
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.name] })],
);
