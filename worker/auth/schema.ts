import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Server-side sessions: the cookie holds a random token, we keep its hash. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull(),
    /** the CSRF token cookie-authenticated writes must echo in X-CSRF-Token */
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
    ip: text('ip'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** A password-verified login waiting for its second factor (mfaToken). */
export const mfaChallenges = sqliteTable('mfa_challenges', {
  id: text('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  accountId: text('account_id').notNull(),
  userId: text('user_id').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  /** failed second-factor attempts on this challenge (TOTP or SMS) */
  attempts: integer('attempts').notNull().default(0),
  smsCodeHash: text('sms_code_hash'),
  smsExpiresAt: text('sms_expires_at'),
  smsSentAt: text('sms_sent_at'),
  smsSends: integer('sms_sends').notNull().default(0),
  consumedAt: text('consumed_at'),
});

/** Fixed-window counters (per-IP login throttle); one row per key and window. */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull(),
});
