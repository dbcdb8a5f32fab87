/**
 * One GraphQL Admin API call: where it goes, how it authenticates, and how
 * Shopify's answers become MallErrors.
 *
 * - POST https://{shop}.myshopify.com/admin/api/{version}/graphql.json with the
 *   X-Shopify-Access-Token header (https://shopify.dev/docs/api/admin-graphql).
 * - HTTP-level failures (401/403, 429, 5xx, timeouts) are mallFetch's.
 * - GraphQL errors arrive in an HTTP 200 body: THROTTLED is retryable after
 *   the time the bucket needs to hold the query's requested cost
 *   ((requested − currentlyAvailable) / restoreRate seconds, from
 *   extensions.cost; https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits);
 *   ACCESS_DENIED is a missing scope on the app's token (an auth problem);
 *   INTERNAL_SERVER_ERROR is retryable; anything else is a bad request.
 */
import { MallError, type Connection } from '../adapter';
import { joinUrl, mallFetch } from '../http';

/** The stable version Kura speaks (supported until at least 2027-10; see the versioning page). */
export const SHOPIFY_API_VERSION = '2026-10';

/** A placeholder the adapter fills from credentials.shopDomain when the channel has no endpoint. */
export const SHOPIFY_DEFAULT_ENDPOINT = 'https://{shopDomain}';

/** "kura-demo", "kura-demo.myshopify.com", "https://kura-demo.myshopify.com/" → "kura-demo.myshopify.com" */
export const normalizeShopDomain = (raw: string | undefined): string | null => {
  const host = (raw ?? '')
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  if (!host) return null;
  const full = host.includes('.') ? host : `${host}.myshopify.com`;
  // Only a shop's own admin host: the token must never be sent anywhere else.
  return /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(full) ? full : null;
};

/** The shop's base URL: the channel's endpoint (a sandbox or the fake), or https://{shop}.myshopify.com. */
export const shopBaseUrl = (conn: Connection): string => {
  const endpoint = conn.endpoint?.trim();
  if (endpoint && !endpoint.includes('{shopDomain}')) return endpoint;
  const domain = normalizeShopDomain(conn.credentials.shopDomain);
  if (!domain) throw new MallError('shopDomain must be the shop\'s myshopify.com domain (e.g. kura-demo.myshopify.com)', 400, false, undefined, true);
  return `https://${domain}`;
};

export const graphqlUrl = (conn: Connection): string => joinUrl(shopBaseUrl(conn), `admin/api/${SHOPIFY_API_VERSION}/graphql.json`);

export interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

interface GraphqlError {
  message?: string;
  extensions?: { code?: string };
}

/** Seconds until the bucket holds `requested` points again (at least 1). */
export const throttleWaitSeconds = (cost: QueryCost | undefined): number => {
  const s = cost?.throttleStatus;
  if (!s || !cost?.requestedQueryCost || !s.restoreRate) return 1;
  return Math.max(1, Math.ceil((cost.requestedQueryCost - s.currentlyAvailable) / s.restoreRate));
};

/** The MallError for a GraphQL `errors` array (HTTP 200). */
export const errorFromGraphql = (errors: unknown, cost: QueryCost | undefined): MallError => {
  const list: GraphqlError[] = Array.isArray(errors) ? errors : [{ message: typeof errors === 'string' ? errors : JSON.stringify(errors) }];
  const codes = list.map((e) => e.extensions?.code ?? '');
  const text = list
    .map((e) => (e.extensions?.code ? `${e.extensions.code}: ${e.message ?? ''}` : (e.message ?? '')))
    .join('; ')
    .slice(0, 500);
  if (codes.includes('THROTTLED')) return new MallError(`Shopify throttled the call (cost limit): ${text}`, 429, true, throttleWaitSeconds(cost));
  if (codes.includes('ACCESS_DENIED')) return new MallError(`the app's access token lacks a scope: ${text}`, 403, false, undefined, true);
  if (codes.includes('INTERNAL_SERVER_ERROR') || codes.includes('SERVICE_UNAVAILABLE')) return new MallError(`Shopify error: ${text}`, 503, true);
  return new MallError(`Shopify refused the request: ${text}`, 400, false);
};

/** Shopify's answer to a non-2xx status that mallFetch lets through (400, 402, 404, 423 ...). */
const errorFromStatus = (status: number, body: unknown): MallError => {
  const detail = typeof body === 'object' && body && 'errors' in body ? JSON.stringify((body as { errors: unknown }).errors).slice(0, 300) : '';
  if (status === 404) return new MallError(`no such shop or API version ${SHOPIFY_API_VERSION} (HTTP 404)`, 404, false);
  if (status === 402) return new MallError('the shop is frozen: its Shopify bill is unpaid (HTTP 402)', 402, false);
  if (status === 423) return new MallError('the shop is locked by Shopify (HTTP 423)', 423, false);
  return new MallError(`Shopify refused the request (HTTP ${status}) ${detail}`.trim(), status, false);
};

export interface GraphqlResult<T> {
  data: T;
  cost?: QueryCost;
}

/** Sends one operation; answers its data, or throws a MallError for any error Shopify reports. */
export const shopifyGraphql = async <T>(conn: Connection, query: string, variables: Record<string, unknown>): Promise<GraphqlResult<T>> => {
  const token = conn.credentials.accessToken;
  if (!token) throw new MallError('accessToken is missing', 401, false, undefined, true);
  const res = await mallFetch(conn, graphqlUrl(conn), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: unknown; extensions?: { cost?: QueryCost } };
  try {
    body = await res.json();
  } catch {
    throw new MallError(`unreadable answer from Shopify (HTTP ${res.status})`, res.status, false);
  }
  if (!res.ok) throw errorFromStatus(res.status, body);
  const cost = body.extensions?.cost;
  // Partial data with errors is still an error: Kura never acts on half an answer.
  if (body.errors) throw errorFromGraphql(body.errors, cost);
  if (body.data === undefined || body.data === null) throw new MallError('Shopify answered without data', res.status, false);
  return { data: body.data, cost };
};
