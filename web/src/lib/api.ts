import type { RequestEventBase } from '@builder.io/qwik-city';

/** What the Worker hands the web app (worker/web/handoff.ts). */
export interface WebBridge {
  nonce: string;
  api: (req: Request) => Promise<Response>;
}

export interface ApiError {
  code: string;
  message: string;
  details?: { field?: string; message: string; rule?: string }[] | unknown;
}

export type ApiResult<T> = { ok: true; status: number; data: T; headers: Headers } | { ok: false; status: number; error: ApiError; headers: Headers };

const FORWARDED = ['cookie', 'cf-connecting-ip', 'cf-ipcountry', 'user-agent', 'x-request-id', 'accept-language'];

const bridgeOf = (ev: RequestEventBase): WebBridge => {
  const bridge = (ev.platform as { env?: { KURA?: WebBridge } }).env?.KURA;
  if (!bridge) throw new Error('The web app must run inside the Kura Worker');
  return bridge;
};

/** The browser's cookie and Cloudflare's client headers, for the in-process API call. */
const clientHeaders = (ev: RequestEventBase) => {
  const headers = new Headers();
  for (const h of FORWARDED) {
    const v = ev.request.headers.get(h);
    if (v) headers.set(h, v);
  }
  return headers;
};

/**
 * Calls the Kura API in-process, as the signed-in user: the page's cookie and
 * client headers go along, so the API applies the same auth, tenant scope,
 * roles, IP and country rules as for any client. Writes carry the session's
 * CSRF token (from a hidden form field) and our own Origin.
 */
export const api = async <T = unknown>(
  ev: RequestEventBase,
  path: string,
  init: { method?: string; body?: unknown; csrf?: string; query?: Record<string, string | number | undefined | null> } = {},
): Promise<ApiResult<T>> => {
  const url = new URL(`/api/v1${path}`, ev.url);
  for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const headers = clientHeaders(ev);
  const method = init.method ?? 'GET';
  if (method !== 'GET') {
    headers.set('origin', ev.url.origin);
    if (init.csrf) headers.set('x-csrf-token', init.csrf);
  }
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const res = await bridgeOf(ev).api(new Request(url, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) }));
  return resultOf<T>(ev, res);
};

/** An API answer as an ApiResult (JSON body or none). */
const resultOf = async <T>(ev: RequestEventBase, res: Response): Promise<ApiResult<T>> => {
  // A session the API started or ended (login, MFA, password change, logout) reaches the browser.
  for (const c of res.headers.getSetCookie()) ev.headers.append('Set-Cookie', c);
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  const body = res.status === 204 || !isJson ? null : await res.json();
  if (res.ok) return { ok: true, status: res.status, data: body as T, headers: res.headers };
  const error = (body as { error?: ApiError } | null)?.error ?? { code: 'http_' + res.status, message: res.statusText };
  return { ok: false, status: res.status, error, headers: res.headers };
};

/**
 * Sends a file's bytes as the body of an API write (the shop logo, a CSV), with
 * its own content type, as the signed-in user and with the session's CSRF
 * token; answers like `api`.
 */
export const apiUpload = async <T = unknown>(
  ev: RequestEventBase,
  path: string,
  init: { method?: string; csrf: string; contentType: string; body: ArrayBuffer },
): Promise<ApiResult<T>> => {
  const headers = clientHeaders(ev);
  headers.set('origin', ev.url.origin);
  headers.set('x-csrf-token', init.csrf);
  headers.set('content-type', init.contentType);
  const res = await bridgeOf(ev).api(new Request(new URL(`/api/v1${path}`, ev.url), { method: init.method ?? 'PUT', headers, body: init.body }));
  return resultOf<T>(ev, res);
};

/** The raw API response (CSV downloads), streamed through unchanged. */
export const apiRaw = (ev: RequestEventBase, path: string) =>
  bridgeOf(ev).api(new Request(new URL(`/api/v1${path}`, ev.url), { headers: clientHeaders(ev) }));

export const nonceOf = (ev: RequestEventBase) => bridgeOf(ev).nonce;

/**
 * Field messages from an API error's details, for showing next to each input.
 * Password-policy details carry a rule code, shown in the UI's language when
 * `translate` knows it ("policy.<rule>").
 */
export const fieldErrors = (error: ApiError | undefined | null, translate?: (key: string) => string | undefined): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  if (!error || !Array.isArray(error.details)) return out;
  for (const d of error.details as { field?: string; message: string; rule?: string }[]) {
    const f = d.field ?? '_';
    const local = d.rule && translate ? translate(`policy.${d.rule}`) : undefined;
    (out[f] ??= []).push(local ?? d.message);
  }
  return out;
};
