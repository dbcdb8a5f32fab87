/**
 * Channels (店舗): the store records, their sealed credentials, listings and
 * the Connection an adapter needs. Every function takes the account from the
 * caller (the session), never from a request body.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isDevelopment, type Env } from '../env';
import { createSecretBox } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { chunks } from '../lib/chunks';
import { newId } from '../lib/ids';
import type { ChannelType, Connection } from './adapter';
import { checkEndpoint, parseHostList, REFUSAL_MESSAGES, type EndpointContext } from './endpoint-policy';
import { mallHostsOf } from './mall-hosts';
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

/** The endpoint rule for a channel of this mall in this environment (endpoint-policy.ts). */
export const endpointContextOf = (env: Pick<Env, 'ENVIRONMENT' | 'MALL_SANDBOX_HOSTS'>, type: ChannelType): EndpointContext => ({
  development: isDevelopment(env),
  mallHosts: mallHostsOf(type),
  sandboxHosts: parseHostList(env.MALL_SANDBOX_HOSTS),
});

/** A refused endpoint as the API's one validation error, naming the field and the rule broken. */
const assertEndpointAllowed = (env: Env, type: ChannelType, endpoint: string | null | undefined) => {
  if (endpoint === null || endpoint === undefined) return;
  const verdict = checkEndpoint(endpoint, endpointContextOf(env, type));
  if (!verdict.ok) {
    throw new AppError(400, 'validation_error', 'The request is not valid', [{ field: 'endpoint', code: 'endpoint_not_allowed', reason: verdict.reason, message: REFUSAL_MESSAGES[verdict.reason] }]);
  }
};

const decryptCredentials = async (env: Env, sealed: string): Promise<Record<string, string>> => JSON.parse(await box(env).decrypt(sealed)) as Record<string, string>;

export const createChannel = async (
  env: Env,
  db: Db,
  accountId: string,
  input: { type: ChannelType; name: string; endpoint?: string | null; credentials: Record<string, string>; settings?: Partial<ChannelSettings> },
) => {
  assertEndpointAllowed(env, input.type, input.endpoint);
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
  assertEndpointAllowed(env, c.type, patch.endpoint);
  // Credentials entered for one host are never sent to another: a new endpoint (another URL, or back
  // to the mall's default) starts with no credentials unless this request gives a full new set.
  const endpointChanged = patch.endpoint !== undefined && (patch.endpoint ?? null) !== (c.endpoint ?? null);
  let credentials = c.credentials;
  /** the names of the stored credentials a new endpoint deleted (for the operation log) */
  let droppedKeys: string[] = [];
  if (patch.credentials) {
    // New values replace the stored ones key by key; keys left out keep their value (none, for a new endpoint).
    const merged = { ...(endpointChanged ? {} : await decryptCredentials(env, c.credentials)), ...patch.credentials };
    // A changed secret invalidates an access token cached from the old one (unless the token is itself
    // a credential the mall issued, like Shopify's, or was just given).
    if (!adapterFor(c.type).credentialKeys.includes('accessToken') && !patch.credentials.accessToken) {
      delete merged.accessToken;
      delete merged.accessTokenExpiresAt;
    }
    const missing = missingKeys(c.type, merged);
    if (missing.length) throw new AppError(400, 'validation_error', 'The request is not valid', missing.map((k) => ({ field: `credentials.${k}`, message: 'Required for this mall' })));
    credentials = await box(env).encrypt(JSON.stringify(merged));
  } else if (endpointChanged) {
    droppedKeys = Object.keys(await decryptCredentials(env, c.credentials).catch(() => ({})));
    credentials = await box(env).encrypt(JSON.stringify({}));
  }
  const next = {
    name: patch.name ?? c.name,
    endpoint: patch.endpoint === undefined ? c.endpoint : patch.endpoint,
    credentials,
    settings: { ...c.settings, ...patch.settings },
    updatedAt: new Date().toISOString(),
  };
  await db.update(channels).set(next).where(and(eq(channels.accountId, accountId), eq(channels.id, id)));
  return { row: { ...c, ...next } as ChannelRow, droppedKeys };
};

/** What an adapter needs: the base URL and the decrypted credentials, and a way to store refreshed tokens. */
export const connectionOf = async (env: Env, db: Db, c: ChannelRow): Promise<Connection> => {
  const credentials = await decryptCredentials(env, c.credentials);
  const timeout = Number(env.MALL_TIMEOUT_MS);
  return {
    endpoint: c.endpoint ?? adapterFor(c.type).defaultEndpoint,
    credentials,
    // mallFetch checks every URL against this environment's rule and sends nothing without credentials.
    guard: { policy: endpointContextOf(env, c.type), credentialsMissing: missingKeys(c.type, credentials).length > 0 },
    ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}),
    saveCredentials: async (next) => {
      await db
        .update(channels)
        .set({ credentials: await box(env).encrypt(JSON.stringify(next)) })
        // Only while the endpoint is still the one these credentials were read for: a refresh finishing
        // after the endpoint changed must not bring the dropped credentials back.
        .where(and(eq(channels.accountId, c.accountId), eq(channels.id, c.id), c.endpoint === null ? isNull(channels.endpoint) : eq(channels.endpoint, c.endpoint)));
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

/**
 * The store's Connection, for a call the user asked for (connection test, sync,
 * retry), or a 409 instead of calling the mall: its credentials are missing
 * (dropped when its endpoint changed), or its stored endpoint breaks today's
 * rule (stored before the rule existed). The same guard stops every other call
 * in mallFetch; this answers the user clearly before anything is queued.
 */
export const sendableConnection = async (env: Env, db: Db, c: ChannelRow): Promise<Connection> => {
  const conn = await connectionOf(env, db, c);
  const missing = missingKeys(c.type, conn.credentials);
  if (missing.length) throw new AppError(409, 'credentials_missing', 'No credentials are stored for this store: enter them again before it is called', { missing });
  if (c.endpoint && conn.guard) {
    const verdict = checkEndpoint(c.endpoint, conn.guard.policy);
    if (!verdict.ok) throw new AppError(409, 'endpoint_not_allowed', `The store's endpoint is not allowed: ${REFUSAL_MESSAGES[verdict.reason]}`, { reason: verdict.reason });
  }
  return conn;
};
