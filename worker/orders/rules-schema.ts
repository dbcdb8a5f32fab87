import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { RuleAction, RuleCondition } from './rules';

/** 自動処理: condition-and-action rules run on every arriving order, in priority order. */
export const orderRules = sqliteTable(
  'order_rules',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    priority: integer('priority').notNull().default(100),
    conditions: text('conditions', { mode: 'json' }).$type<RuleCondition[]>().notNull(),
    actions: text('actions', { mode: 'json' }).$type<RuleAction[]>().notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('order_rules_account').on(t.accountId, t.priority)],
);

/** ブラックリスト: names, phones or e-mails whose orders are flagged on arrival. */
export const blacklist = sqliteTable(
  'blacklist',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    kind: text('kind').$type<'name' | 'phone' | 'email'>().notNull(),
    /** normalised: no spaces, lower case, digits only for phones */
    value: text('value').notNull(),
    note: text('note'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('blacklist_account_value').on(t.accountId, t.kind, t.value)],
);

/** 保存した検索条件: a named order-list filter. */
export const savedSearches = sqliteTable(
  'saved_searches',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    /** the order list's query string, e.g. status=awaiting_stock&stockWarning=true */
    query: text('query').notNull(),
    createdBy: text('created_by'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('saved_searches_account').on(t.accountId)],
);

/** Customer e-mail templates per account (order confirmation, shipping notice); absent rows use the defaults, switched off. */
export const mailTemplates = sqliteTable(
  'mail_templates',
  {
    accountId: text('account_id').notNull(),
    kind: text('kind').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(false),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.kind] })],
);
