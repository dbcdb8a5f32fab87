import { and, asc, eq, gt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Env } from '../env';
import type { Principal } from '../auth/principal';
import { AppError } from '../lib/errors';
import { containsAny } from '../lib/search';
import { skus } from './schema';
import type { Outcome } from './types';

/** The account's StockLedger: always addressed by the account id from the session or token. */
export const ledgerOf = (env: Env, accountId: string) => env.STOCK_LEDGER.get(env.STOCK_LEDGER.idFromName(accountId));

/** A ledger outcome as the API's answer: the value, or the one error shape. */
export const unwrap = <T>(o: Outcome<T>): T => {
  if (!o.ok) throw new AppError(o.status, o.code, o.message, o.details);
  return o.value;
};

/** Who made a stock change, as the ledger records it (no personal data: ids only). */
export const actorLabel = (p: Principal) => (p.kind === 'session' ? `user:${p.userId}` : `token:${p.tokenId}`);

export interface SkuListQuery {
  q?: string;
  lowStock?: boolean;
  cursor?: string;
  limit: number;
}

/** Lists and search read the D1 projection, paged by SKU code (keyset), never the DO. */
export const listSkus = async (db: Db, accountId: string, query: SkuListQuery) => {
  const conds: (SQL | undefined)[] = [eq(skus.accountId, accountId), eq(skus.deleted, false)];
  if (query.q) {
    conds.push(containsAny(query.q, [skus.code, skus.name, skus.janCode]));
  }
  if (query.lowStock) conds.push(and(eq(skus.managed, true), lte(skus.available, skus.reorderPoint)));
  if (query.cursor) conds.push(gt(skus.code, query.cursor));
  const rows = await db
    .select()
    .from(skus)
    .where(and(...conds))
    .orderBy(asc(skus.code))
    .limit(query.limit + 1);
  return { items: rows.slice(0, query.limit), nextCursor: rows.length > query.limit ? rows[query.limit - 1].code : null };
};
