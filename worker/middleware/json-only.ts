import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { AppError } from '../lib/errors';

/** Routes that take a CSV body instead of JSON (stock import; tracking import joins later). */
export const CSV_BODY_ROUTES: RegExp[] = [/^\/api\/v1\/stock\/import$/];

/**
 * The JSON API takes JSON: a body with another content type is a 415. This is
 * also a CSRF defence, since an HTML form cannot send application/json.
 */
export const jsonOnly = createMiddleware<AppEnv>(async (c, next) => {
  const hasBody = c.req.header('content-length') ? c.req.header('content-length') !== '0' : c.req.raw.body !== null;
  if (hasBody && !['GET', 'HEAD'].includes(c.req.method)) {
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const csv = CSV_BODY_ROUTES.some((r) => r.test(c.req.path));
    if (csv ? type !== 'text/csv' : type !== 'application/json') {
      throw new AppError(415, 'unsupported_media_type', csv ? 'Send the file as text/csv' : 'Send the body as application/json');
    }
  }
  await next();
});
