import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jstDate } from '../lib/time';
import { countryExceptions } from './schema';
import { decideAccess, exceptionApplies, HOME_COUNTRY, type AccessDecision } from './access-rules';

/** Exceptions of one account that are in force today for a country (JST calendar). */
const activeExceptions = (db: Db, country: string, today: string, accountId?: string) =>
  db
    .select()
    .from(countryExceptions)
    .where(
      and(
        eq(countryExceptions.country, country),
        lte(countryExceptions.fromDate, today),
        gte(countryExceptions.toDate, today),
        accountId ? eq(countryExceptions.accountId, accountId) : undefined,
      ),
    );

/**
 * The gate before anyone is known (login page, static files): Japan, or a
 * country/range some account holds a current exception for. The account's own
 * rules are applied once the account is known (accessForAccount).
 */
export const anyExceptionAdmits = async (db: Db, country: string, ip: string, now = Date.now()) => {
  if (country === HOME_COUNTRY) return true;
  const today = jstDate(now);
  return (await activeExceptions(db, country, today)).some((e) => exceptionApplies(e, country, ip, today));
};

export const accessForAccount = async (
  db: Db,
  account: { id: string; ipAllowlist: string[] },
  client: { ip: string; country: string },
  now = Date.now(),
): Promise<AccessDecision> => {
  const today = jstDate(now);
  const exceptions = client.country === HOME_COUNTRY ? [] : await activeExceptions(db, client.country, today, account.id);
  return decideAccess({ ...client, today, ipAllowlist: account.ipAllowlist, exceptions });
};

export const listCountryExceptions = (db: Db, accountId: string) =>
  db.select().from(countryExceptions).where(eq(countryExceptions.accountId, accountId)).orderBy(asc(countryExceptions.fromDate));
