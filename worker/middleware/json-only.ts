import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { AppError } from '../lib/errors';

/** JSON bodies are small. */
export const JSON_MAX_BYTES = 256 * 1024;

/** A route whose body is a file rather than JSON: the content types it takes and its size cap. */
export interface RawBodyRoute {
  path: RegExp;
  /** the methods that take the file (others on the same path stay JSON-only) */
  methods: string[];
  /** allowed media types, lower case, without parameters */
  types: string[];
  maxBytes: number;
}

/**
 * Routes that take a file instead of JSON: CSV imports (a stock import may
 * carry 100,000 lines; a carrier's tracking file) and the shop logo. The
 * route itself still checks what it got (a logo's magic bytes, say): the
 * content type only says which parser applies.
 */
export const RAW_BODY_ROUTES: RawBodyRoute[] = [
  { path: /^\/api\/v1\/stock\/import$/, methods: ['POST'], types: ['text/csv'], maxBytes: 8 * 1024 * 1024 },
  { path: /^\/api\/v1\/orders\/import\/tracking$/, methods: ['POST'], types: ['text/csv'], maxBytes: 2 * 1024 * 1024 },
  { path: /^\/api\/v1\/settings\/shop\/logo$/, methods: ['PUT'], types: ['image/png', 'image/jpeg'], maxBytes: 512 * 1024 },
  { path: /^\/api\/v1\/channels\/[^/]+\/listings\/import$/, methods: ['POST'], types: ['text/csv'], maxBytes: 2 * 1024 * 1024 },
];

export const rawBodyRouteOf = (method: string, path: string): RawBodyRoute | undefined =>
  RAW_BODY_ROUTES.find((r) => r.methods.includes(method) && r.path.test(path));

/** The body size cap of a request: its raw-body route's, else the JSON one. */
export const bodyLimitOf = (method: string, path: string): number => rawBodyRouteOf(method, path)?.maxBytes ?? JSON_MAX_BYTES;

/**
 * The JSON API takes JSON: a body with another content type is a 415 (a file
 * route takes only its own types). This is also a CSRF defence, since an HTML
 * form cannot send application/json.
 */
export const jsonOnly = createMiddleware<AppEnv>(async (c, next) => {
  const hasBody = c.req.header('content-length') ? c.req.header('content-length') !== '0' : c.req.raw.body !== null;
  if (hasBody && !['GET', 'HEAD'].includes(c.req.method)) {
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const raw = rawBodyRouteOf(c.req.method, c.req.path);
    const allowed = raw?.types ?? ['application/json'];
    if (!allowed.includes(type)) {
      throw new AppError(415, 'unsupported_media_type', raw ? `Send the file as ${allowed.join(' or ')}` : 'Send the body as application/json');
    }
  }
  await next();
});
