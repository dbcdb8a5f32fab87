import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { AppError } from '../lib/errors';
import { anyExceptionAdmits } from '../security/service';

/**
 * The service is for use in Japan (SERVICE.md). Before the account is known,
 * a request from elsewhere passes only if some account holds a current
 * exception for that country and address; authenticate() then applies the
 * account's own exceptions and IP allowlist. Every refusal is logged.
 * Webhooks (/hooks/) are not people signing in: the mall's signature admits them.
 */
export const countryGate = createMiddleware<AppEnv>(async (c, next) => {
  // Malls' webhooks come from their own servers abroad; their signature, not the country, admits them.
  if (c.req.path.startsWith('/hooks/')) return next();
  const { ip, country } = c.get('client');
  if (!(await anyExceptionAdmits(c.get('db'), country, ip))) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'access refused', code: 'country_not_allowed', country, ip, path: c.req.path, requestId: c.get('requestId') }));
    throw new AppError(403, 'country_not_allowed', 'Access from this country is not allowed');
  }
  await next();
});
