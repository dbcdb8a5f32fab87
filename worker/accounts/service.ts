import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { accounts } from './schema';

export const findAccountByCode = async (db: Db, code: string) =>
  (await db.select().from(accounts).where(eq(accounts.code, code.toLowerCase())).limit(1))[0] ?? null;

export const findAccount = async (db: Db, id: string) => (await db.select().from(accounts).where(eq(accounts.id, id)).limit(1))[0] ?? null;

/** The security settings an admin sees and edits (API.md: /settings/security). */
export const securitySettingsOf = (a: typeof accounts.$inferSelect) => ({
  ipAllowlist: a.ipAllowlist,
  lockoutThreshold: a.lockoutThreshold,
  lockoutMinutes: a.lockoutMinutes,
  mfaRequired: a.mfaRequired,
});
