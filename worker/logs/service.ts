import { and, desc, eq, gte, lt, lte, or, type SQL } from 'drizzle-orm';
import { createDb, type Db } from '../db/client';
import { newId } from '../lib/ids';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { accessLogs, operationLogs } from './schema';
import { maskSecrets } from './mask';

export type AccessEntry = Omit<typeof accessLogs.$inferInsert, 'id'>;

export const recordAccess = async (d1: D1Database, entry: AccessEntry) => {
  await createDb(d1).insert(accessLogs).values({ id: newId(), ...entry });
};

export interface OperationInput {
  accountId: string;
  userId?: string | null;
  tokenId?: string | null;
  requestId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The insert for one operation-log row, to batch with the change it records (D1 has no transactions). */
export const operationInsert = (db: Db, op: OperationInput) =>
  db.insert(operationLogs).values({
    id: newId(),
    at: new Date().toISOString(),
    accountId: op.accountId,
    userId: op.userId ?? null,
    tokenId: op.tokenId ?? null,
    requestId: op.requestId ?? null,
    action: op.action,
    targetType: op.targetType,
    targetId: op.targetId ?? null,
    before: op.before === undefined ? null : maskSecrets(op.before),
    after: op.after === undefined ? null : maskSecrets(op.after),
  });

export interface LogQuery {
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

const range = <T extends typeof accessLogs | typeof operationLogs>(t: T, accountId: string, q: LogQuery) => {
  const conds: SQL[] = [eq(t.accountId, accountId)];
  if (q.from) conds.push(gte(t.at, q.from));
  if (q.to) conds.push(lte(t.at, q.to));
  const c = decodeCursor(q.cursor);
  if (c) conds.push(or(lt(t.at, c.at), and(eq(t.at, c.at), lt(t.id, c.id)))!);
  return and(...conds);
};

const paged = <R extends { at: string; id: string }>(rows: R[], limit: number) => ({
  items: rows.slice(0, limit),
  nextCursor: rows.length > limit ? encodeCursor(rows[limit - 1]) : null,
});

export const listAccessLogs = async (db: Db, accountId: string, q: LogQuery) =>
  paged(
    await db.select().from(accessLogs).where(range(accessLogs, accountId, q)).orderBy(desc(accessLogs.at), desc(accessLogs.id)).limit(q.limit + 1),
    q.limit,
  );

export const listOperationLogs = async (db: Db, accountId: string, q: LogQuery) =>
  paged(
    await db
      .select()
      .from(operationLogs)
      .where(range(operationLogs, accountId, q))
      .orderBy(desc(operationLogs.at), desc(operationLogs.id))
      .limit(q.limit + 1),
    q.limit,
  );

export const ACCESS_LOG_RETENTION_DAYS = 365;

/**
 * Deletes access logs older than a year (SERVICE.md), in chunks so one run
 * never holds D1 for long. Answers how many rows went.
 */
export const purgeAccessLogs = async (d1: D1Database, now = Date.now()): Promise<number> => {
  const cutoff = new Date(now - ACCESS_LOG_RETENTION_DAYS * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const r = await d1
      .prepare('DELETE FROM access_logs WHERE id IN (SELECT id FROM access_logs WHERE at < ? LIMIT 5000)')
      .bind(cutoff)
      .run();
    total += r.meta.changes ?? 0;
    if ((r.meta.changes ?? 0) < 5000) return total;
  }
};
