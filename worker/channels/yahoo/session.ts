/**
 * One adapter call's conversation with Yahoo!: the YConnect v2 access token
 * (obtained with the refresh token, reused while unexpired, refreshed once on
 * a 401), and the mall's error bodies turned into MallError.
 *
 *   Tokenエンドポイント https://developer.yahoo.co.jp/yconnect/v2/authorization_code/token.html
 *     POST https://auth.login.yahoo.co.jp/yconnect/v2/token, grant_type=refresh_token&refresh_token=…;
 *     "サーバーサイド・アプリケーションの場合は、Basic認証を用いたクライアント認証が必須です" (client_id:client_secret).
 *     Access tokens last 3600 s.
 *   APIアクセス https://developer.yahoo.co.jp/yconnect/v2/api_access.html
 *     Authorization: Bearer <access token>; a bad or expired token answers 401 with
 *     WWW-Authenticate: Bearer realm="yahooapis.jp", error="invalid_token".
 *   Errors https://developer.yahoo.co.jp/appendix/errors.html
 *     "403 Forbidden. リソースへのアクセスを許されていないか、利用制限を超えている場合" with
 *     <Error><Message>Your Request was Forbidden</Message></Error> (webapi/shopping/faq.html), and the order
 *     pages' 1 query a second per URL ("短い時間で同一URLに大量にアクセスを行った場合、一定時間利用できなくなることもあります。※(1クエリ/秒)").
 */
import { MallError, type Connection } from '../adapter';
import { joinUrl, mallFetch } from '../http';
import { parseYahooError } from './xml';

export const PRODUCTION_ENDPOINT = 'https://circus.shopping.yahooapis.jp';
export const YCONNECT_TOKEN_URL = 'https://auth.login.yahoo.co.jp/yconnect/v2/token';

/** Refresh a little before the mall's expiry so a token never dies mid-call. */
const EXPIRY_MARGIN_MS = 60_000;
/** Yahoo! gives no Retry-After; its documented pace is 1 query a second per URL. */
export const THROTTLE_RETRY_AFTER_S = 1;
const THROTTLED = /Your Request was Forbidden/i;
/** The order APIs' session limit ("AccessToken has been expired. This API session is shorter than another API."): re-authorise. */
const AUTH_ERROR_CODES = new Set(['px-04102']);

/** Yahoo!'s own hosts (production and test.circus) use the real YConnect; anything else (a fake) serves the token under its base. */
export const tokenUrl = (endpoint: string): string => {
  let host = '';
  try {
    host = new URL(endpoint).hostname;
  } catch {
    // not a URL: treat as non-production, mallFetch will report it
  }
  return host === 'shopping.yahooapis.jp' || host.endsWith('.shopping.yahooapis.jp') ? YCONNECT_TOKEN_URL : joinUrl(endpoint, 'yconnect/v2/token');
};

/**
 * mallFetch reads every 403 as bad credentials, but Yahoo! also answers its
 * rate limit with 403 "Your Request was Forbidden". This wrapper re-labels that
 * one answer as 429 so mallFetch reports it as retryable; other 403s go through.
 */
const throttleAwareFetch =
  (inner: typeof fetch): typeof fetch =>
  async (input, init) => {
    const res = await inner(input, init);
    if (res.status !== 403) return res;
    const body = await res.text();
    if (THROTTLED.test(body)) {
      return new Response(body, { status: 429, headers: { 'retry-after': res.headers.get('retry-after') ?? String(THROTTLE_RETRY_AFTER_S) } });
    }
    return new Response(body, { status: 403, headers: res.headers });
  };

export interface YahooSession {
  sellerId: string;
  /** An authorised call to a Shopping Web API path; answers a 2xx (200, or setStock's 207) or throws MallError. */
  call(path: string, init: RequestInit): Promise<Response>;
}

export const openSession = (conn: Connection, now: () => number = Date.now): YahooSession => {
  const http: Connection = { ...conn, fetch: throttleAwareFetch(conn.fetch ?? ((input, init) => fetch(input, init))) };
  let credentials = { ...conn.credentials };
  const sellerId = credentials.sellerId ?? '';

  const refresh = async (): Promise<string> => {
    const { clientId = '', clientSecret = '', refreshToken = '' } = credentials;
    const res = await mallFetch(http, tokenUrl(conn.endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; refresh_token?: string; error?: string };
    if (!res.ok || !body.access_token) {
      // RFC 6749 §5.2: invalid_grant (refresh token expired or revoked) needs the store to authorise Kura again.
      throw new MallError(`YConnect refused the token refresh (${body.error ?? `HTTP ${res.status}`})`, res.status, false, undefined, true);
    }
    credentials = {
      ...credentials,
      ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
      accessToken: body.access_token,
      accessTokenExpiresAt: new Date(now() + (Number(body.expires_in) || 3600) * 1000).toISOString(),
    };
    await conn.saveCredentials?.(credentials);
    return body.access_token;
  };

  const accessToken = async (): Promise<string> => {
    const expiresAt = Date.parse(credentials.accessTokenExpiresAt ?? '');
    if (credentials.accessToken && Number.isFinite(expiresAt) && expiresAt - EXPIRY_MARGIN_MS > now()) return credentials.accessToken;
    return refresh();
  };

  const send = (path: string, init: RequestInit, token: string) =>
    mallFetch(http, joinUrl(conn.endpoint, path), { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });

  const call = async (path: string, init: RequestInit): Promise<Response> => {
    let res: Response;
    try {
      res = await send(path, init, await accessToken());
    } catch (e) {
      if (!(e instanceof MallError && e.status === 401)) throw e;
      // The stored token was revoked or expired early: refresh once (a failed refresh is the auth error) and retry once.
      res = await send(path, init, await refresh());
    }
    if (res.ok) return res;
    const err = parseYahooError(await res.text());
    const auth = !!err.code && AUTH_ERROR_CODES.has(err.code);
    throw new MallError(`Yahoo! ${path.split('/').pop()}: ${err.code ? `${err.code} ` : ''}${err.message} (HTTP ${res.status})`, res.status, false, undefined, auth);
  };

  return { sellerId, call };
};

/**
 * For calls that are one step of a longer job (the order pull's detail calls, a
 * setStock resend): wait out the mall's throttling a few times instead of
 * failing the whole job. A lone call leaves throttling to the sync engine.
 */
export const withThrottleWait = async <T>(fn: () => Promise<T>, sleep: (ms: number) => Promise<void>, attempts = 3): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof MallError) || e.status !== 429 || attempt >= attempts) throw e;
      await sleep(Math.min(e.retryAfterSeconds ?? THROTTLE_RETRY_AFTER_S, 5) * 1000);
    }
  }
};

export const xmlPost = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/xml; charset=UTF-8' }, body });
export const formPost = (body: URLSearchParams): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
