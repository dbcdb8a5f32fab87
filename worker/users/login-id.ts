import { sql, type SQL } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import { users } from './schema';

/**
 * Login IDs as people type them: full-width letters and digits (ＡＤＭＩＮ０１)
 * are the same ID as their ASCII forms (NFKC), and case never makes a
 * different user (ADMIN is admin), so no look-alike of a colleague can be made.
 */
export const normaliseLoginId = (raw: string): string => raw.normalize('NFKC').trim();

/** A new login ID: normalised first, then ASCII letters, digits and . _ @ - only. */
export const LoginIdInput = z
  .string()
  .max(256)
  .transform(normaliseLoginId)
  .pipe(z.string().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/, 'Letters, digits and . _ @ - only'));

/**
 * The users.login_id condition for a typed ID. Stored IDs are ASCII, so
 * SQLite's NOCASE (ASCII folding) is exact, and it is the collation of the
 * unique index users_account_login_nocase, which this comparison uses.
 */
export const sameLoginId = (typed: string): SQL => sql`${users.loginId} = ${normaliseLoginId(typed)} COLLATE NOCASE`;
