import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { buildApp } from '../../worker/app';
import type { Env } from '../../worker/env';

/** Every request goes to this origin, so a same-origin Origin header is http://localhost. */
export const ORIGIN = 'http://localhost';
export const SESSION_COOKIE = '__Host-kura_session';

let ipSeq = 0;
const rand = (n: number) => crypto.getRandomValues(new Uint32Array(1))[0] % n;

/**
 * A client address no other test uses: the login throttle counts per IP across
 * all accounts, so each test signs in from its own address. Test files run in
 * parallel, hence the random part.
 */
export const uniqueIp = (): string => {
  ipSeq = (ipSeq + 1) % 250;
  return `10.${rand(250) + 1}.${rand(250) + 1}.${ipSeq + 1}`;
};

export interface RequestOptions {
  method?: string;
  /** a JSON body: sent with content-type application/json */
  json?: unknown;
  /** a raw body, sent as is (set the content type in headers) */
  body?: BodyInit;
  headers?: Record<string, string>;
  /** send the session cookie (default: when the client has one) */
  cookie?: boolean;
  /** send X-CSRF-Token on unsafe methods (default: when signed in) */
  csrf?: boolean;
  /** the Origin header for unsafe methods; null sends none (default: our own origin) */
  origin?: string | null;
  bearer?: string;
  ip?: string;
  country?: string | null;
}

/**
 * A browser-like caller of the real Worker: keeps the session cookie and the
 * CSRF token, and sends Cloudflare's client headers (CF-Connecting-IP,
 * CF-IPCountry). By default requests go through the Worker's default export
 * (`exports.default.fetch`). A client built with `envOverrides` runs the same
 * app (buildApp from worker/app.ts) under a modified env, e.g.
 * ENVIRONMENT=production. A `concurrent` client does the same with the test
 * env unchanged: in the pool, `exports.default.fetch` hands the Worker one
 * request at a time, so tests about parallel requests (lockout counting,
 * MFA tries) must call the app directly to get truly interleaved requests.
 */
export class Client {
  ip: string;
  country: string | null;
  cookie: string | null = null;
  csrfToken: string | null = null;
  private readonly envOverrides?: Partial<Env>;

  constructor(opts: { ip?: string; country?: string | null; envOverrides?: Partial<Env>; concurrent?: boolean } = {}) {
    this.ip = opts.ip ?? uniqueIp();
    this.country = opts.country === undefined ? 'JP' : opts.country;
    this.envOverrides = opts.envOverrides ?? (opts.concurrent ? {} : undefined);
  }

  /** A copy that shares nothing but the address and country (a second browser on the same machine). */
  fresh(): Client {
    return new Client({ ip: this.ip, country: this.country, envOverrides: this.envOverrides });
  }

  buildRequest(path: string, o: RequestOptions = {}): Request {
    const method = (o.method ?? (o.json !== undefined || o.body !== undefined ? 'POST' : 'GET')).toUpperCase();
    const headers = new Headers();
    const ip = o.ip ?? this.ip;
    if (ip) headers.set('cf-connecting-ip', ip);
    const country = o.country === undefined ? this.country : o.country;
    if (country) headers.set('cf-ipcountry', country);
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (unsafe) {
      const origin = o.origin === undefined ? ORIGIN : o.origin;
      if (origin !== null) headers.set('origin', origin);
    }
    const useCookie = o.cookie ?? true;
    if (useCookie && this.cookie) headers.set('cookie', `${SESSION_COOKIE}=${this.cookie}`);
    if (unsafe && (o.csrf ?? true) && this.csrfToken && useCookie && this.cookie) headers.set('x-csrf-token', this.csrfToken);
    if (o.bearer) headers.set('authorization', `Bearer ${o.bearer}`);
    let body: BodyInit | undefined = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers.set('content-type', 'application/json');
    }
    for (const [k, v] of Object.entries(o.headers ?? {})) headers.set(k, v);
    const url = path.startsWith('http') ? path : `${ORIGIN}${path}`;
    return new Request(url, { method, headers, body, redirect: 'manual' });
  }

  /** Sends a request; remembers a session cookie the Worker sets (or clears). */
  async fetch(path: string, o: RequestOptions = {}): Promise<Response> {
    const res = await send(this.buildRequest(path, o), this.envOverrides);
    for (const c of res.headers.getSetCookie()) {
      const m = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(c);
      if (m) {
        this.cookie = m[1] || null;
        this.csrfToken = null;
      }
    }
    return res;
  }

  /** A request to /api/v1<path>. */
  api(path: string, o: RequestOptions = {}): Promise<Response> {
    return this.fetch(`/api/v1${path}`, o);
  }

  /** Reads GET /me and keeps the session's CSRF token. */
  async refreshCsrf(): Promise<void> {
    const res = await this.api('/me');
    if (res.status !== 200) throw new Error(`GET /me answered ${res.status}: ${await res.text()}`);
    this.csrfToken = ((await res.json()) as { csrfToken: string }).csrfToken;
  }
}

/**
 * Runs a request through the Worker. With env overrides the app is built
 * afresh and the execution context is awaited, so waitUntil work (access log,
 * token last use) has finished when this returns.
 */
export const send = async (req: Request, envOverrides?: Partial<Env>): Promise<Response> => {
  if (!envOverrides) return exports.default.fetch(req);
  const ctx = createExecutionContext();
  const res = await buildApp().fetch(req, { ...env, ...envOverrides }, ctx);
  const body = await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return new Response(res.status === 204 ? null : body, res);
};

/** What must never reach a client: stack frames, internal error names, SQL. */
export const LEAK = /\bat .+:\d+:\d+|\n\s+at |TypeError|ReferenceError|SyntaxError|SQLITE|D1_ERROR|SELECT |INSERT |internal_error/;

export interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

/** The body of an error answer, checked to have exactly the API.md error shape. */
export const errorOf = async (res: Response): Promise<ErrorJson['error']> => {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`expected a JSON error body, got ${res.status} ${text.slice(0, 200)}`);
  }
  assertErrorShape(parsed);
  return (parsed as ErrorJson).error;
};

export const assertErrorShape = (body: unknown): void => {
  const b = body as ErrorJson;
  if (!b || typeof b !== 'object' || Object.keys(b).join() !== 'error') throw new Error(`not an error body: ${JSON.stringify(body).slice(0, 300)}`);
  const e = b.error;
  if (!e || typeof e !== 'object') throw new Error(`error is not an object: ${JSON.stringify(body).slice(0, 300)}`);
  if (typeof e.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(e.code)) throw new Error(`error.code is not snake_case: ${JSON.stringify(e.code)}`);
  if (typeof e.message !== 'string' || e.message.length === 0) throw new Error('error.message is missing');
  const extra = Object.keys(e).filter((k) => !['code', 'message', 'details'].includes(k));
  if (extra.length) throw new Error(`unexpected error keys: ${extra.join()}`);
};

/** Retries an assertion until it holds (for work the Worker finishes after answering, via waitUntil). */
export const eventually = async <T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
