import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { RefundStatus, ReturnReason } from './rules';

/**
 * 返品・交換: a return recorded against a shipped order, with its lines. The
 * number (R000001 …) is per account, from the counters table like order
 * numbers. `request_key` is the client's key for one create request: a repeat
 * finds the return it made instead of restocking twice.
 */
export const returns = sqliteTable(
  'returns',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    orderId: text('order_id').notNull(),
    /** Kura's return number, per account: R000001 … */
    number: text('number').notNull(),
    reason: text('reason').$type<ReturnReason>().notNull(),
    note: text('note'),
    refundStatus: text('refund_status').$type<RefundStatus>().notNull(),
    /** integer yen */
    refundAmount: integer('refund_amount').notNull().default(0),
    /** 交換: the replacement order made for this return */
    exchangeOrderId: text('exchange_order_id'),
    requestKey: text('request_key'),
    createdAt: text('created_at').notNull(),
    /** user:<id> or token:<id> */
    createdBy: text('created_by'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('returns_account_number').on(t.accountId, t.number),
    uniqueIndex('returns_account_request_key').on(t.accountId, t.requestKey),
    index('returns_account_created').on(t.accountId, t.createdAt, t.id),
    index('returns_account_refund_created').on(t.accountId, t.refundStatus, t.createdAt, t.id),
    index('returns_account_order').on(t.accountId, t.orderId),
  ],
);

export const returnLines = sqliteTable(
  'return_lines',
  {
    accountId: text('account_id').notNull(),
    returnId: text('return_id').notNull(),
    orderId: text('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    /** of quantity, the units that are sellable (良品) and go back into stock; the rest are 不良 */
    sellableQuantity: integer('sellable_quantity').notNull(),
    /** the sellable units are back in stock (through the StockLedger) */
    restocked: integer('restocked', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.lineNo] }), index('return_lines_account_order_sku').on(t.accountId, t.orderId, t.sku)],
);
