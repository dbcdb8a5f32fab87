import { MallError, type Connection } from './adapter';
import { checkEndpoint, REFUSAL_MESSAGES, type EndpointContext } from './endpoint-policy';

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
 * Without a guard (an adapter driven directly, as the adapter tests do) only
 * the environment-independent part applies: http(s), canonical host, no
 * private / link-local / reserved address. Loopback stays allowed here for the
 * conformance fakes; a stored channel always carries its environment's rule.
 */
const UNGUARDED: EndpointContext = { development: true, mallHosts: [], sandboxHosts: [] };

/** Refuses, before anything is sent, a URL the rule forbids or a store without its credentials. Final, never retried. */
export const assertSendable = (conn: Connection, url: string): void => {
  const guard = conn.guard;
  const verdict = checkEndpoint(url, guard?.policy ?? UNGUARDED);
  if (!verdict.ok) throw new MallError(`Kura does not send credentials to this address: ${REFUSAL_MESSAGES[verdict.reason]} (${verdict.reason})`, 0, false);
  if (guard?.credentialsMissing) throw new MallError('No credentials are stored for this store (its endpoint changed): enter them again', 0, false, undefined, true);
};

/**
 * fetch for adapters: the endpoint rule (assertSendable), a timeout, and the mall-independent HTTP failures turned
 * into MallError (401/403 auth, 429 and 5xx retryable with Retry-After, network
 * errors and timeouts retryable). Other answers come back for the adapter to read,
 * because malls put their own errors in 200 and 400 bodies.
 */
export const mallFetch = async (conn: Connection, url: string, init: RequestInit, timeoutMs = conn.timeoutMs ?? DEFAULT_TIMEOUT_MS): Promise<Response> => {
  assertSendable(conn, url);
  const doFetch = conn.fetch ?? fetch;
  let res: Response;
  try {
    // A redirect would carry the credential headers to a host nobody checked: it is an error instead.
    res = await doFetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
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
  if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
    await res.body?.cancel();
    throw new MallError(`the mall answered with a redirect (HTTP ${res.status}), which Kura does not follow`, res.status, false);
  }
  return res;
};
