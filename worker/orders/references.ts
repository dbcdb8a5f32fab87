import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { chunks } from '../lib/chunks';
import { orders } from './schema';

/** An order as a reference shows it: its id (for the link) and its K-number. */
export interface OrderRef {
  id: string;
  number: string;
}

/** Order ids are ULIDs (lib/ids.ts); anything longer is no id of ours and is not looked up. */
const MAX_ID = 64;

/**
 * Which of these references (a reservation's or a ledger entry's: the order id
 * when an order made it) are orders of this account, with their K-numbers.
 * One batched read per response: the distinct references in slices of
 * D1_IN_LIMIT, always scoped by the account, so another account's order id
 * never resolves. References that are not orders (a return's number, a
 * caller's own reference) are simply absent from the map.
 */
export const orderReferences = async (db: Db, accountId: string, references: readonly (string | null | undefined)[]): Promise<Map<string, OrderRef>> => {
  const ids = [...new Set(references.filter((r): r is string => typeof r === 'string' && r.length > 0 && r.length <= MAX_ID))];
  const found = new Map<string, OrderRef>();
  if (!ids.length) return found;
  const parts = await Promise.all(
    chunks(ids).map((part) => db.select({ id: orders.id, number: orders.number }).from(orders).where(and(eq(orders.accountId, accountId), inArray(orders.id, part)))),
  );
  for (const rows of parts) for (const r of rows) found.set(r.id, { id: r.id, number: r.number });
  return found;
};

/** The reference's order, or null when it is not one of the account's orders. */
export const orderOf = (refs: Map<string, OrderRef>, reference: string | null | undefined): OrderRef | null => (reference ? (refs.get(reference) ?? null) : null);
