import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A tenant (テナント), identified by its company code (会社コード). */
export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** active | suspended | terminated (contract ended; data destroyed 30 business days later) */
  status: text('status').notNull().default('active'),
  adminEmail: text('admin_email').notNull(),
  /** The service operator's own account: its admins see the platform area. */
  isPlatform: integer('is_platform', { mode: 'boolean' }).notNull().default(false),
  // security settings (API.md: GET|PUT /settings/security)
  ipAllowlist: text('ip_allowlist', { mode: 'json' }).$type<string[]>().notNull().default([]),
  lockoutThreshold: integer('lockout_threshold').notNull().default(5),
  lockoutMinutes: integer('lockout_minutes').notNull().default(30),
  mfaRequired: integer('mfa_required', { mode: 'boolean' }).notNull().default(false),
  contractEndedAt: text('contract_ended_at'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export type Account = typeof accounts.$inferSelect;
