import { createMiddleware } from 'hono/factory';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../app-env';
import { isStaticBundle } from '../lib/static-paths';

/**
 * Security headers on every response (IPA checklist; issue #2): a CSP with a
 * per-request nonce (Qwik adds it to its own inline scripts), frame-ancestors
 * 'none' and X-Frame-Options against clickjacking, nosniff, HSTS, a strict
 * referrer policy. Dynamic responses are never cached (Cache-Control: no-store).
 */
const headers = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", NONCE, "'strict-dynamic'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: 'DENY',
  xContentTypeOptions: 'nosniff',
  strictTransportSecurity: 'max-age=63072000; includeSubDomains',
  referrerPolicy: 'strict-origin-when-cross-origin',
  crossOriginOpenerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
});


export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await headers(c, async () => {
    await next();
    // Nothing but content-hashed bundles is cached: no account's data stays on a shared PC.
    if (!isStaticBundle(c.req.path)) c.res.headers.set('Cache-Control', 'no-store');
    // API.md: JSON is answered as application/json; charset=utf-8.
    if (c.res.headers.get('Content-Type') === 'application/json') c.res.headers.set('Content-Type', 'application/json; charset=utf-8');
  });
});
