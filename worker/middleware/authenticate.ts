import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { resolveSession, SESSION_COOKIE } from '../auth/sessions';
import type { Principal } from '../auth/principal';
import { AppError } from '../lib/errors';
import { accessForAccount } from '../security/service';
import { resolveApiToken, touchApiToken } from '../tokens/service';
import type { Scope } from '../auth/principal';
import { checkCsrfToken, checkSameOrigin, isUnsafeMethod } from './csrf';

const SIGN_IN_PATHS = new Set(['/api/v1/auth/login', '/api/v1/auth/mfa', '/api/v1/auth/mfa/sms']);

/**
 * Resolves who is calling (API token or session cookie) and applies the
 * account's own access rules (IP allowlist, country exceptions). It does not
 * demand a caller: routes say what they need with requireSession/requireScope.
 * On web pages it runs without the token check (`csrf: false`): Qwik City
 * checks the Origin of form posts, and the API calls a page makes carry the
 * session's CSRF token. There it puts the account into the access log and
 * applies the IP and country rules to the web app as well.
 */
export const authenticate = (opts: { csrf: boolean }) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const db = c.get('db');
    const authz = c.req.header('authorization');
    let principal: Principal | undefined;
    let account: { id: string; ipAllowlist: string[] } | undefined;

    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      const found = m ? await resolveApiToken(db, m[1]) : null;
      if (!found) throw new AppError(401, 'invalid_token', 'The API token is not valid');
      principal = { kind: 'token', accountId: found.a.id, tokenId: found.t.id, scopes: found.t.scopes as Scope[] };
      account = found.a;
      const touch = touchApiToken(db, found.t);
      if (touch) c.executionCtx.waitUntil(touch.then(() => undefined));
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      const found = cookie && cookie.length <= 200 ? await resolveSession(db, cookie) : null;
      if (found) {
        principal = found.principal;
        account = found.account;
        if (found.touch) c.executionCtx.waitUntil(found.touch().then(() => undefined));
      }
    }

    if (principal && account) {
      const decision = await accessForAccount(db, account, c.get('client'));
      if (!decision.ok) {
        console.warn(JSON.stringify({ level: 'warn', msg: 'access refused', code: decision.code, accountId: account.id, ...c.get('client'), requestId: c.get('requestId') }));
        throw new AppError(403, decision.code, decision.code === 'ip_not_allowed' ? 'Access from this IP address is not allowed' : 'Access from this country is not allowed');
      }
      c.set('principal', principal);
      // Sign-in routes check the Origin themselves and must work while an old session cookie is still around.
      if (opts.csrf && principal.kind === 'session' && isUnsafeMethod(c.req.method) && !SIGN_IN_PATHS.has(c.req.path)) {
        checkSameOrigin(c);
        checkCsrfToken(c, principal.csrfToken);
      }
    }
    await next();
  });
