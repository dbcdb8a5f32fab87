import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { randomToken, sha256Hex } from '../lib/crypto';
import { newId } from '../lib/ids';
import { accounts } from '../accounts/schema';
import { users } from '../users/schema';
import { effectivePermissions } from '../users/permissions';
import type { Principal } from './principal';
import { sessions } from './schema';
import { absoluteExpiry, needsTouch, sessionState } from './session-policy';

export const SESSION_COOKIE = '__Host-kura_session';

/** Starts a new session (a fresh id on every login: no fixation). Answers the cookie value. */
export const createSession = async (db: Db, input: { accountId: string; userId: string; ip: string }) => {
  const token = randomToken();
  const now = Date.now();
  const at = new Date(now).toISOString();
  const row = {
    id: newId(),
    tokenHash: await sha256Hex(token),
    accountId: input.accountId,
    userId: input.userId,
    csrfToken: randomToken(24),
    createdAt: at,
    lastSeenAt: at,
    expiresAt: absoluteExpiry(now),
    revokedAt: null,
    ip: input.ip,
  };
  await db.batch([db.insert(sessions).values(row), db.update(users).set({ lastLoginAt: at }).where(eq(users.id, input.userId))]);
  return { token, session: row };
};

/**
 * The principal behind a session cookie, or null when the session is unknown,
 * revoked, idle too long, past its absolute limit, or its user or account is
 * no longer active. `touch` is the write that refreshes lastSeenAt, if due.
 */
export const resolveSession = async (db: Db, token: string, now = Date.now()) => {
  const rows = await db
    .select({ s: sessions, u: users, a: accounts })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.tokenHash, await sha256Hex(token)))
    .limit(1);
  const row = rows[0];
  if (!row || sessionState(row.s, now) !== 'valid') return null;
  if (row.u.status !== 'active' || row.a.status !== 'active' || row.u.accountId !== row.a.id) return null;
  const principal: Principal = {
    kind: 'session',
    accountId: row.a.id,
    userId: row.u.id,
    loginId: row.u.loginId,
    role: row.u.role,
    sessionId: row.s.id,
    csrfToken: row.s.csrfToken,
    isPlatformAdmin: row.a.isPlatform && row.u.role === 'admin',
    mfaEnrolmentRequired: row.a.mfaRequired && !row.u.totpEnabled && !row.u.phone,
    // read on every request: a change an admin makes counts from the user's next click
    permissions: effectivePermissions(row.u.role, row.u.permissions),
  };
  const touch = needsTouch(row.s.lastSeenAt, now)
    ? () => db.update(sessions).set({ lastSeenAt: new Date(now).toISOString() }).where(eq(sessions.id, row.s.id))
    : null;
  return { principal, account: row.a, touch };
};

export const revokeSession = (db: Db, sessionId: string) =>
  db.update(sessions).set({ revokedAt: new Date().toISOString() }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));

/**
 * Ends the session a cookie names, whoever it belongs to. Signing in replaces
 * the browser's cookie, so the session it carried (perhaps another user's, on a
 * shared PC) must not stay alive on the server behind it.
 */
export const revokeSessionByToken = async (db: Db, token: string) =>
  db.update(sessions).set({ revokedAt: new Date().toISOString() }).where(and(eq(sessions.tokenHash, await sha256Hex(token)), isNull(sessions.revokedAt)));

/** Ends every session of a user (password change, disable), optionally keeping the caller's own. */
export const revokeUserSessions = (db: Db, userId: string, keepSessionId?: string) =>
  db
    .update(sessions)
    .set({ revokedAt: new Date().toISOString() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keepSessionId ? ne(sessions.id, keepSessionId) : undefined));
