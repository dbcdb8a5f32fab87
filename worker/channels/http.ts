import { MallError, type Connection } from './adapter';

/** No mall call may hang a queue consumer: 15 s, then the call is retried later. */
const DEFAULT_TIMEOUT_MS = 15_000;

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export const parseRetryAfter = (value: string | null, now = Date.now()): number | undefined => {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
};

/** Joins the channel's base URL and a path without doubling or dropping slashes. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;

/**
 * fetch for adapters: a timeout, and the mall-independent HTTP failures turned
 * into MallError (401/403 auth, 429 and 5xx retryable with Retry-After, network
 * errors and timeouts retryable). Other answers come back for the adapter to read,
 * because malls put their own errors in 200 and 400 bodies.
 */
export const mallFetch = async (conn: Connection, url: string, init: RequestInit, timeoutMs = conn.timeoutMs ?? DEFAULT_TIMEOUT_MS): Promise<Response> => {
  const doFetch = conn.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    throw new MallError(timedOut ? `no answer within ${timeoutMs} ms` : `connection failed: ${e instanceof Error ? e.message : String(e)}`, 0, true);
  }
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    throw new MallError(`the mall refused the credentials (HTTP ${res.status})`, res.status, false, undefined, true);
  }
  if (res.status === 429 || res.status >= 500) {
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
    await res.body?.cancel();
    throw new MallError(res.status === 429 ? 'rate limited by the mall (HTTP 429)' : `mall error (HTTP ${res.status})`, res.status, true, retryAfter);
  }
  return res;
};
