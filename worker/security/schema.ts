import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** An approved access from outside Japan: country, period (JST dates, inclusive) and source ranges. */
export const countryExceptions = sqliteTable(
  'country_exceptions',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    country: text('country').notNull(),
    fromDate: text('from_date').notNull(),
    toDate: text('to_date').notNull(),
    cidrs: text('cidrs', { mode: 'json' }).$type<string[]>().notNull(),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('country_exceptions_country').on(t.country, t.toDate)],
);
