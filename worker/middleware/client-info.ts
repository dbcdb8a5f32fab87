import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { isDevelopment } from '../env';
import { AppError } from '../lib/errors';

/**
 * Reads the client's address and country from Cloudflare's headers, which the
 * edge sets and overwrites. Locally a missing value means JP / 127.0.0.1
 * (API.md); in production a missing value fails closed.
 */
export const clientInfo = createMiddleware<AppEnv>(async (c, next) => {
  const dev = isDevelopment(c.env);
  const ip = c.req.header('cf-connecting-ip') ?? (dev ? '127.0.0.1' : undefined);
  const country = c.req.header('cf-ipcountry')?.toUpperCase() ?? (dev ? 'JP' : undefined);
  c.set('client', { ip: ip ?? 'unknown', country: country ?? 'XX' });
  if (!ip || !country) throw new AppError(403, 'country_not_allowed', 'Client location could not be determined');
  await next();
});
