import { eq } from 'drizzle-orm';
import { createDb } from '../db/client';
import type { Env } from '../env';
import { accounts } from '../accounts/schema';
import { ledgerOf } from './service';

/**
 * The reconcile job: every active account's StockLedger re-projects all its
 * SKUs to D1, repairing any drift (a lost write, a D1 restore). The DO stays
 * the truth; this only rewrites the copy. Answers SKUs re-projected per account.
 */
export const reconcileStockProjections = async (env: Env) => {
  const active = await createDb(env.DB).select({ id: accounts.id }).from(accounts).where(eq(accounts.status, 'active'));
  const out: Record<string, number> = {};
  for (const a of active) out[a.id] = await ledgerOf(env, a.id).reprojectAll(a.id);
  return out;
};
