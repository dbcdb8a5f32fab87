import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { isStaticBundle } from '../lib/static-paths';
import { actorOf } from '../auth/principal';
import { recordAccess } from '../logs/service';


/**
 * The access log (SERVICE.md: kept one year): every request with time, account,
 * user or token, IP, country, method, path (never the query: it is not ours to
 * keep), status and duration. Written after the response, off the hot path.
 * A page's in-process API calls are logged too, under the page's request id.
 */
export const accessLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  try {
    await next();
  } finally {
    const path = c.req.path;
    if (!isStaticBundle(path)) {
      const p = c.get('principal');
      const actor = p ? actorOf(p) : { userId: null, tokenId: null };
      const client = c.get('client') ?? { ip: c.req.header('cf-connecting-ip') ?? 'unknown', country: 'XX' };
      const entry = {
        at: new Date(started).toISOString(),
        requestId: c.get('requestId'),
        accountId: p?.accountId ?? null,
        ...actor,
        ip: client.ip,
        country: client.country,
        method: c.req.method,
        path: path.slice(0, 500),
        status: c.res.status,
        durationMs: Date.now() - started,
      };
      console.log(JSON.stringify({ level: 'info', msg: 'access', ...entry }));
      c.executionCtx.waitUntil(recordAccess(c.env.DB, entry).catch((e) => console.error(JSON.stringify({ level: 'error', msg: 'access log write failed', requestId: entry.requestId, error: String(e) }))));
    }
  }
});
