import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { apiTokens } from '../tokens/schema';
import { channels } from '../channels/schema';
import { users } from './schema';

/**
 * Histories store who acted as "user:<id>" or "token:<id>" (ids never change,
 * names may); screens show people. This turns the ids of one account into
 * "name (loginId)", "API token name" and the store's name for "channel:<id>",
 * in three reads however long the history. System actors ("system:rules") are
 * left as they are.
 */
export const actorNames = async (db: Db, accountId: string, actors: (string | null)[]): Promise<Map<string, string>> => {
  const userIds = new Set<string>();
  const tokenIds = new Set<string>();
  const channelIds = new Set<string>();
  for (const a of actors) {
    if (a?.startsWith('channel:')) channelIds.add(a.slice(8));
    if (a?.startsWith('user:')) userIds.add(a.slice(5));
    if (a?.startsWith('token:')) tokenIds.add(a.slice(6));
  }
  const names = new Map<string, string>();
  const [u, t, ch] = await Promise.all([
    userIds.size
      ? db.select({ id: users.id, name: users.name, loginId: users.loginId }).from(users).where(and(eq(users.accountId, accountId), inArray(users.id, [...userIds].slice(0, 90))))
      : Promise.resolve([]),
    tokenIds.size
      ? db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(and(eq(apiTokens.accountId, accountId), inArray(apiTokens.id, [...tokenIds].slice(0, 90))))
      : Promise.resolve([]),
    channelIds.size
      ? db.select({ id: channels.id, name: channels.name }).from(channels).where(and(eq(channels.accountId, accountId), inArray(channels.id, [...channelIds].slice(0, 90))))
      : Promise.resolve([]),
  ]);
  for (const x of u) names.set(`user:${x.id}`, `${x.name} (${x.loginId})`);
  for (const x of t) names.set(`token:${x.id}`, `API: ${x.name}`);
  for (const x of ch) names.set(`channel:${x.id}`, x.name);
  return names;
};
