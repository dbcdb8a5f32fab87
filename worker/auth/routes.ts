import { createRoute, z } from '@hono/zod-openapi';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse, text } from '../lib/openapi';
import { checkSameOrigin } from '../middleware/csrf';
import { revokeSession } from './sessions';
import { clearSessionCookie, replaceSessionCookie } from './cookie';
import { completeMfa, login, sendSmsCode, type AuthContext } from './login';
import { UserSchema } from '../users/openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';

const ctxOf = (c: Context<AppEnv>): AuthContext => ({ env: c.env, db: c.get('db'), client: c.get('client') });

const LoginBody = z
  .strictObject({
    account: text(64).openapi({ example: 'demo', description: 'Company code (会社コード)' }),
    loginId: text(64).openapi({ example: 'admin' }),
    // bounded by the policy's maximum in bytes of UTF-8, never truncated
    password: z.string().min(1).max(512),
  })
  .openapi('LoginRequest');

const LoginOk = z.object({ status: z.literal('ok'), user: UserSchema });
const LoginMfa = z.object({ status: z.literal('mfa_required'), mfaToken: z.string(), methods: z.array(z.enum(['totp', 'sms'])) });

const app = newRouter();

app.openapi(
  createRoute({
    method: 'post',
    path: '/login',
    operationId: 'signIn',
    tags: ['Sign-in'],
    security: [],
    summary: 'Sign in with company code, login ID and password',
    description: 'A locked user answers exactly like a wrong password. Attempts are rate-limited per IP (429 with Retry-After).',
    request: { body: jsonBody(LoginBody) },
    responses: {
      200: jsonResponse(z.union([LoginOk, LoginMfa]).openapi('LoginResponse'), 'Signed in (sets the session cookie), or the second factor is needed'),
      ...commonErrors,
    },
  }),
  async (c) => {
    checkSameOrigin(c); // login CSRF: only our own pages may post credentials with cookies
    const out = await login(ctxOf(c), c.req.valid('json'));
    if (out.status === 'mfa_required') return c.json(out, 200);
    await replaceSessionCookie(c, c.get('db'), out.sessionToken);
    return c.json({ status: out.status, user: out.user }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/mfa/sms',
    operationId: 'sendMfaSmsCode',
    tags: ['Sign-in'],
    security: [],
    summary: 'Send a 6-digit SMS code for this login attempt',
    description: 'Valid 10 minutes, single use, 5 tries; one resend a minute.',
    request: { body: jsonBody(z.strictObject({ mfaToken: z.string().min(1).max(200) })) },
    responses: { 200: jsonResponse(z.object({ status: z.literal('sent'), expiresAt: z.string() }), 'Code sent'), ...commonErrors },
  }),
  async (c) => c.json(await sendSmsCode(ctxOf(c), c.req.valid('json').mfaToken), 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/mfa',
    operationId: 'completeMfa',
    tags: ['Sign-in'],
    security: [],
    summary: 'Complete sign-in with the second factor',
    description: '`recovery` takes one of the recovery codes issued at TOTP enrolment.',
    request: {
      body: jsonBody(
        z.strictObject({ mfaToken: z.string().min(1).max(200), method: z.enum(['totp', 'sms', 'recovery']), code: z.string().min(1).max(32) }),
      ),
    },
    responses: { 200: jsonResponse(LoginOk, 'Signed in; sets the session cookie'), ...commonErrors },
  }),
  async (c) => {
    checkSameOrigin(c);
    const out = await completeMfa(ctxOf(c), c.req.valid('json'));
    await replaceSessionCookie(c, c.get('db'), out.sessionToken);
    return c.json({ status: out.status, user: out.user }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/logout',
    operationId: 'signOut',
    tags: ['Sign-in'],
    summary: 'Sign out; the session is invalid on the server from then on',
    responses: { 204: { description: 'Signed out' }, ...commonErrors },
  }),
  async (c) => {
    const p = c.get('principal');
    if (p?.kind === 'session') await revokeSession(c.get('db'), p.sessionId);
    clearSessionCookie(c);
    return c.body(null, 204);
  },
);

export default app;
