import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts } from '../accounts/schema';

export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    loginId: text('login_id').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    role: text('role').$type<Role>().notNull(),
    /**
     * 権限 (users/permissions.ts): a JSON array of permission words. New users get
     * their role's defaults (users/service.ts newUserRow); a row written without it
     * has none (fail closed). An admin has every permission whatever is stored.
     */
    permissions: text('permissions', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** active | disabled */
    status: text('status').notNull().default('active'),
    /** "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>": parameters kept so they can be raised later */
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: text('password_changed_at').notNull(),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: text('locked_until'),
    /** AES-GCM sealed TOTP secret ("keyId:iv:ct"); pending until confirmed */
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    totpEnabled: integer('totp_enabled', { mode: 'boolean' }).notNull().default(false),
    /** the last accepted TOTP time step: a code is never accepted twice */
    totpLastStep: integer('totp_last_step').notNull().default(0),
    lastLoginAt: text('last_login_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  // Login IDs are unique without regard to case (ADMIN is admin), so nobody can
  // create a look-alike of another user. They are ASCII once NFKC-normalised
  // (users/login-id.ts), so SQLite's ASCII-only NOCASE folding is exact.
  (t) => [uniqueIndex('users_account_login_nocase').on(t.accountId, sql`${t.loginId} COLLATE NOCASE`)],
);

/** One-time recovery codes, stored hashed. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull().references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('recovery_codes_user').on(t.userId)],
);

export type User = typeof users.$inferSelect;
