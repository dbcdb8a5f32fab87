import type { Db } from '../db/client';
import { chunks } from '../lib/chunks';
import { actorNames } from '../users/actor-names';
import { orderOf, orderReferences, type OrderRef } from '../orders/references';
import type { LedgerEntry } from './types';

/**
 * What a person needs beside the stock ledger's ids: the K-number of the
 * order a reference names, and the name of whoever acted (user, API token,
 * store). Two batched reads per page of entries, scoped by the account.
 */
export interface LedgerNames {
  orders: Map<string, OrderRef>;
  actors: Map<string, string>;
}

/** actorNames reads up to 90 ids of a kind at once: a long page (a CSV's 1,000 rows) goes in slices. */
const namesOfActors = async (db: Db, accountId: string, actors: readonly (string | null)[]) => {
  const distinct = [...new Set(actors.filter((a): a is string => !!a))];
  const maps = await Promise.all(chunks(distinct).map((part) => actorNames(db, accountId, part)));
  return new Map(maps.flatMap((m) => [...m]));
};

export const ledgerNames = async (db: Db, accountId: string, entries: readonly Pick<LedgerEntry, 'reference' | 'actor'>[]): Promise<LedgerNames> => {
  const [orders, actors] = await Promise.all([orderReferences(db, accountId, entries.map((e) => e.reference)), namesOfActors(db, accountId, entries.map((e) => e.actor))]);
  return { orders, actors };
};

/** A ledger entry as the API answers it: with `order` ({id, number} or null) and `actorName` (null for system actors and unknown ids). */
export const withNames = <E extends Pick<LedgerEntry, 'reference' | 'actor'>>(e: E, names: LedgerNames) => ({
  ...e,
  order: orderOf(names.orders, e.reference),
  actorName: (e.actor && names.actors.get(e.actor)) || null,
});
