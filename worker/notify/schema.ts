import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Every e-mail and SMS Kura sends, with its delivery state; in development this is the outbox. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id'),
    channel: text('channel').$type<'email' | 'sms'>().notNull(),
    to: text('to').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    /** queued | sent | failed | local (development outbox only) */
    status: text('status').notNull(),
    error: text('error'),
    sentAt: text('sent_at').notNull(),
  },
  (t) => [index('outbox_sent').on(t.sentAt)],
);
