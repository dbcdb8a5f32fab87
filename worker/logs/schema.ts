import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Every request: kept one year (SERVICE.md), then purged by the daily cron. */
export const accessLogs = sqliteTable(
  'access_logs',
  {
    id: text('id').primaryKey(),
    at: text('at').notNull(),
    requestId: text('request_id').notNull(),
    accountId: text('account_id'),
    userId: text('user_id'),
    tokenId: text('token_id'),
    ip: text('ip').notNull(),
    country: text('country').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('access_logs_account_at').on(t.accountId, t.at), index('access_logs_at').on(t.at)],
);

/** Every change: who, what, before and after (secrets masked). */
export const operationLogs = sqliteTable(
  'operation_logs',
  {
    id: text('id').primaryKey(),
    at: text('at').notNull(),
    requestId: text('request_id'),
    accountId: text('account_id').notNull(),
    userId: text('user_id'),
    tokenId: text('token_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
  },
  (t) => [index('operation_logs_account_at').on(t.accountId, t.at)],
);
