import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { randomToken, sha256Hex } from '../lib/crypto';
import { newId } from '../lib/ids';
import { accounts } from '../accounts/schema';
import type { Scope } from '../auth/principal';
import { apiTokens } from './schema';

const TOKEN_PREFIX = 'kura_';

/** Creates a token; the secret is answered once and only its SHA-256 is kept. */
export const createApiToken = async (db: Db, input: { accountId: string; name: string; scopes: Scope[]; createdBy: string | null }) => {
  const secret = `${TOKEN_PREFIX}${randomToken(32)}`;
  const row = {
    id: newId(),
    accountId: input.accountId,
    name: input.name,
    prefix: secret.slice(0, 12),
    tokenHash: await sha256Hex(secret),
    scopes: input.scopes,
    createdBy: input.createdBy,
    createdAt: new Date().toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await db.insert(apiTokens).values(row);
  return { secret, row };
};

export const publicToken = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  scopes: t.scopes,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

export const listApiTokens = (db: Db, accountId: string) =>
  db.select().from(apiTokens).where(eq(apiTokens.accountId, accountId)).orderBy(desc(apiTokens.createdAt));

export const findApiToken = async (db: Db, accountId: string, id: string) =>
  (await db.select().from(apiTokens).where(and(eq(apiTokens.accountId, accountId), eq(apiTokens.id, id))).limit(1))[0] ?? null;

/** Resolves a bearer secret to its live token and active account, or null. */
export const resolveApiToken = async (db: Db, secret: string) => {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const rows = await db
    .select({ t: apiTokens, a: accounts })
    .from(apiTokens)
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .where(and(eq(apiTokens.tokenHash, await sha256Hex(secret)), isNull(apiTokens.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (!row || row.a.status !== 'active') return null;
  return row;
};

/** Records the last use, at most once a minute per token. */
export const touchApiToken = (db: Db, t: typeof apiTokens.$inferSelect, now = Date.now()) =>
  !t.lastUsedAt || now - Date.parse(t.lastUsedAt) >= 60_000
    ? db.update(apiTokens).set({ lastUsedAt: new Date(now).toISOString() }).where(eq(apiTokens.id, t.id))
    : null;
