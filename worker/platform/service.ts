import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions } from '../auth/schema';

/** Ends every session of an account (on suspension); a no-op statement when it is reactivated. */
export const revokeAccountSessions = (db: Db, accountId: string, keep: boolean) =>
  db
    .update(sessions)
    .set({ revokedAt: new Date().toISOString() })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt), keep ? sql`0` : undefined));
