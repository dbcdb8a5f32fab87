/**
 * Channels (店舗): the store records, their sealed credentials, listings and
 * the Connection an adapter needs. Every function takes the account from the
 * caller (the session), never from a request body.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Env } from '../env';
import { createSecretBox } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { chunks } from '../lib/chunks';
import { newId } from '../lib/ids';
import type { ChannelType, Connection } from './adapter';
import { adapterFor } from './registry';
import { channelListings, channels, channelState, type ChannelSettings } from './schema';

export type ChannelRow = typeof channels.$inferSelect;

export const DEFAULT_SETTINGS: ChannelSettings = { orderPull: true, stockPush: true, shipmentPush: true, safetyStock: 0, maxQuantity: null, allocation: { kind: 'all' } };

const box = (env: Env) => createSecretBox(env.ENCRYPTION_KEYS, env.ENCRYPTION_KEY_ID);

/** The channel as the API answers it: never the credentials, only which keys are stored. */
export const channelView = async (env: Env, c: ChannelRow) => {
  let stored: string[] = [];
  try {
    // A cached access token (Yahoo!, Amazon: refreshed by the adapter) is not a credential anyone entered;
    // Shopify's accessToken is.
    const entered = new Set(adapterFor(c.type).credentialKeys);
    stored = Object.keys(JSON.parse(await box(env).decrypt(c.credentials)) as Record<string, string>).filter((k) => entered.has(k) || !/^accessToken/.test(k));
  } catch {
    stored = [];
  }
  return { id: c.id, type: c.type, name: c.name, endpoint: c.endpoint, settings: c.settings, credentialsStored: stored, createdAt: c.createdAt, updatedAt: c.updatedAt };
};

export const findChannel = async (db: Db, accountId: string, id: string): Promise<ChannelRow> => {
  const c = (await db.select().from(channels).where(and(eq(channels.accountId, accountId), eq(channels.id, id))).limit(1))[0];
  if (!c) throw new AppError(404, 'not_found', 'Channel not found');
  return c;
};

export const listChannels = (db: Db, accountId: string) => db.select().from(channels).where(eq(channels.accountId, accountId)).orderBy(asc(channels.createdAt), asc(channels.id));

const missingKeys = (type: ChannelType, credentials: Record<string, string>) => adapterFor(type).credentialKeys.filter((k) => !credentials[k]);

export const createChannel = async (
  env: Env,
  db: Db,
  accountId: string,
  input: { type: ChannelType; name: string; endpoint?: string | null; credentials: Record<string, string>; settings?: Partial<ChannelSettings> },
) => {
  const missing = missingKeys(input.type, input.credentials);
  if (missing.length) throw new AppError(400, 'validation_error', 'The request is not valid', missing.map((k) => ({ field: `credentials.${k}`, message: 'Required for this mall' })));
  const now = new Date().toISOString();
  const row: ChannelRow = {
    id: newId(),
    accountId,
    type: input.type,
    name: input.name,
    endpoint: input.endpoint ?? null,
    credentials: await box(env).encrypt(JSON.stringify(input.credentials)),
    settings: { ...DEFAULT_SETTINGS, ...input.settings },
    createdAt: now,
    updatedAt: now,
  };
  await db.batch([db.insert(channels).values(row), db.insert(channelState).values({ channelId: row.id, accountId, updatedAt: now })]);
  return row;
};

export const updateChannel = async (
  env: Env,
  db: Db,
  accountId: string,
  id: string,
  patch: { name?: string; endpoint?: string | null; credentials?: Record<string, string>; settings?: Partial<ChannelSettings> },
) => {
  const c = await findChannel(db, accountId, id);
  let credentials = c.credentials;
  if (patch.credentials) {
    // New values replace the stored ones key by key; keys left out keep their value.
    const merged = { ...(JSON.parse(await box(env).decrypt(c.credentials)) as Record<string, string>), ...patch.credentials };
    // A changed secret invalidates an access token cached from the old one (unless the token is itself
    // a credential the mall issued, like Shopify's, or was just given).
    if (!adapterFor(c.type).credentialKeys.includes('accessToken') && !patch.credentials.accessToken) {
      delete merged.accessToken;
      delete merged.accessTokenExpiresAt;
    }
    const missing = missingKeys(c.type, merged);
    if (missing.length) throw new AppError(400, 'validation_error', 'The request is not valid', missing.map((k) => ({ field: `credentials.${k}`, message: 'Required for this mall' })));
    credentials = await box(env).encrypt(JSON.stringify(merged));
  }
  const next = {
    name: patch.name ?? c.name,
    endpoint: patch.endpoint === undefined ? c.endpoint : patch.endpoint,
    credentials,
    settings: { ...c.settings, ...patch.settings },
    updatedAt: new Date().toISOString(),
  };
  await db.update(channels).set(next).where(and(eq(channels.accountId, accountId), eq(channels.id, id)));
  return { ...c, ...next };
};

/** What an adapter needs: the base URL and the decrypted credentials, and a way to store refreshed tokens. */
export const connectionOf = async (env: Env, db: Db, c: ChannelRow): Promise<Connection> => {
  const credentials = JSON.parse(await box(env).decrypt(c.credentials)) as Record<string, string>;
  const timeout = Number(env.MALL_TIMEOUT_MS);
  return {
    endpoint: c.endpoint ?? adapterFor(c.type).defaultEndpoint,
    credentials,
    ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}),
    saveCredentials: async (next) => {
      await db
        .update(channels)
        .set({ credentials: await box(env).encrypt(JSON.stringify(next)) })
        .where(and(eq(channels.accountId, c.accountId), eq(channels.id, c.id)));
    },
  };
};

export const listingsOf = (db: Db, accountId: string, channelId: string) =>
  db.select().from(channelListings).where(and(eq(channelListings.accountId, accountId), eq(channelListings.channelId, channelId))).orderBy(asc(channelListings.sku));

/** The listings carrying these SKUs, on every channel of the account. */
export const listingsForSkus = async (db: Db, accountId: string, skus: string[]) => {
  const out: (typeof channelListings.$inferSelect)[] = [];
  for (const part of chunks(skus)) out.push(...(await db.select().from(channelListings).where(and(eq(channelListings.accountId, accountId), inArray(channelListings.sku, part)))));
  return out;
};
