/**
 * Talking to SP-API: Login with Amazon tokens, Restricted Data Tokens, and one
 * request helper that reads SP-API's error body.
 *
 * Sources:
 * - https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api
 *   (POST https://api.amazon.com/auth/o2/token, form grant_type=refresh_token, refresh_token,
 *   client_id, client_secret → {access_token, expires_in: 3600}; sent as `x-amz-access-token`)
 * - https://developer-docs.amazon.com/sp-api/changelog/sp-api-will-no-longer-require-aws-iam-or-aws-signature-version-4
 *   (since 2023-10-02 no AWS SigV4: the LWA token alone authorises a call)
 * - https://github.com/amzn/selling-partner-api-models/blob/main/models/tokens-api-model/tokens_2021-03-01.json
 *   (createRestrictedDataToken: the buyer's name and address need an RDT, 1 rps burst 10)
 * - https://developer-docs.amazon.com/sp-api/docs/usage-plans-and-rate-limits-in-the-sp-api
 *   (429 QuotaExceeded; `x-amzn-RateLimit-Limit` carries the operation's rate per second)
 */
import { MallError, type Connection } from '../adapter';
import { joinUrl, mallFetch } from '../http';
import type { SpErrorBody } from './types';

export const PRODUCTION_ENDPOINT = 'https://sellingpartnerapi-fe.amazon.com';
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';
export const JP_MARKETPLACE_ID = 'A1VC38T7YXB528';

/** A token this close to its expiry is refreshed first, so it cannot expire mid-call. */
const EXPIRY_MARGIN_MS = 60_000;

/** Amazon's own hosts use the real LWA server; a fake or proxy serves LWA under its own base. */
export const tokenUrl = (endpoint: string): string => {
  const host = new URL(endpoint).hostname;
  return host === 'amazon.com' || host.endsWith('.amazon.com') ? LWA_TOKEN_URL : joinUrl(endpoint, '/auth/o2/token');
};

export const marketplaceOf = (conn: Connection): string => conn.credentials.marketplaceId || JP_MARKETPLACE_ID;

/** One adapter call's view of the credentials: the access token it holds and whether it is fresh. */
export interface Session {
  conn: Connection;
  token?: string;
  /** Obtained from LWA during this call (a refusal then is final, not a stale token). */
  fresh: boolean;
}

export const openSession = (conn: Connection): Session => {
  const { accessToken, accessTokenExpiresAt } = conn.credentials;
  const usable = accessToken && Date.parse(accessTokenExpiresAt ?? '') - EXPIRY_MARGIN_MS > Date.now();
  return { conn, token: usable ? accessToken : undefined, fresh: false };
};

/** Exchanges the refresh token for an access token and hands it to the caller to store. */
const refresh = async (s: Session): Promise<string> => {
  const c = s.conn.credentials;
  const res = await mallFetch(s.conn, tokenUrl(s.conn.endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: c.refreshToken ?? '', client_id: c.clientId ?? '', client_secret: c.clientSecret ?? '' }).toString(),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
  if (!res.ok || !body.access_token) {
    // LWA answers 400 invalid_grant for a revoked or wrong refresh token: check the credentials.
    throw new MallError(`Login with Amazon refused the token refresh (${body.error ?? `HTTP ${res.status}`})`, res.status, false, undefined, true);
  }
  const expiresAt = new Date(Date.now() + (body.expires_in ?? 3600) * 1000).toISOString();
  await s.conn.saveCredentials?.({ ...c, accessToken: body.access_token, accessTokenExpiresAt: expiresAt });
  s.token = body.access_token;
  s.fresh = true;
  return body.access_token;
};

const sleep = (seconds: number) => new Promise((r) => setTimeout(r, seconds * 1000));

/** SP-API's x-amz-date: basic ISO 8601, UTC. */
const amzDate = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * SP-API sends no Retry-After on 429, only the operation's rate (x-amzn-RateLimit-Limit,
 * requests per second): one token comes back after 1/rate seconds. This fetch adds that
 * as Retry-After so mallFetch reports it, falling back to the documented rate.
 */
const withRetryAfter = (conn: Connection, documentedRate: number): Connection => ({
  ...conn,
  fetch: async (input, init) => {
    const res = await (conn.fetch ?? fetch)(input, init);
    if (res.status !== 429 || res.headers.get('retry-after')) return res;
    const rate = Number(res.headers.get('x-amzn-ratelimit-limit')) || documentedRate;
    const headers = new Headers(res.headers);
    headers.set('retry-after', String(Math.max(1, Math.ceil(1 / rate - 1e-6))));
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  },
});

export interface SpCall {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** The operation's documented rate (requests per second), for Retry-After. */
  rate: number;
  /** Statuses the caller handles itself (e.g. 404 unknown SKU); others become MallError. */
  allow?: number[];
  /** A Restricted Data Token to use instead of the session's access token. */
  token?: string;
}

/** The first SP-API error of a body as "code: message", never echoing credentials. */
const describe = (body: SpErrorBody, status: number): string => {
  const e = body.errors?.[0];
  return e ? `${e.code ?? 'Error'}: ${e.message ?? ''}${e.details ? ` (${e.details})` : ''}` : `HTTP ${status}`;
};

const send = async (s: Session, call: SpCall, token: string): Promise<Response> => {
  const url = new URL(joinUrl(s.conn.endpoint, call.path));
  for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const headers: Record<string, string> = {
    'x-amz-access-token': token,
    'x-amz-date': amzDate(),
    accept: 'application/json',
    'user-agent': 'Kura/1.0 (Language=TypeScript; Platform=Cloudflare Workers)',
  };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  return mallFetch(withRetryAfter(s.conn, call.rate), url.toString(), {
    method: call.method,
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
};

/**
 * One SP-API call with the session's token. A stored token Amazon refuses (revoked
 * early, clock skew) is refreshed once and the call repeated; a refusal of a fresh
 * token is final (auth MallError from mallFetch).
 */
export const spCall = async <T>(s: Session, call: SpCall): Promise<{ status: number; body: T }> => {
  let res: Response;
  try {
    res = await send(s, call, call.token ?? s.token ?? (await refresh(s)));
  } catch (e) {
    if (!(e instanceof MallError && e.auth) || s.fresh || call.token) throw e;
    res = await send(s, call, await refresh(s));
  }
  const body = (await res.json().catch(() => ({}))) as T & SpErrorBody;
  if (res.ok || call.allow?.includes(res.status)) return { status: res.status, body };
  const quota = body.errors?.some((e) => e.code === 'QuotaExceeded');
  throw new MallError(`Amazon ${call.method} ${call.path}: ${describe(body, res.status)}`, res.status, !!quota);
};

/**
 * getOrderItems runs once per order at 0.5 rps after a burst of 30: when Amazon
 * says "in two seconds", waiting beats failing the whole pull and starting over.
 * Longer waits (getOrders: a minute) go back to the sync engine as retryable.
 */
export const waitingOutShortThrottles = async <T>(fn: () => Promise<T>, budget: { seconds: number }, maxWait = 5): Promise<T> => {
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      const wait = e instanceof MallError && e.status === 429 ? (e.retryAfterSeconds ?? maxWait + 1) : Number.POSITIVE_INFINITY;
      if (wait > maxWait || wait > budget.seconds) throw e;
      budget.seconds -= wait;
      await sleep(wait);
    }
  }
};

/** A Restricted Data Token for getOrders with the buyer's name and the shipping address. */
export const ordersRdt = async (s: Session): Promise<string> => {
  const { body } = await spCall<{ restrictedDataToken: string }>(s, {
    method: 'POST',
    path: '/tokens/2021-03-01/restrictedDataToken',
    body: { restrictedResources: [{ method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] }] },
    rate: 1,
  });
  return body.restrictedDataToken;
};
