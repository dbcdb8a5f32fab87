import { signInMethods } from '../auth/mfa-methods';
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse } from '../lib/openapi';
import { requireSession, sessionOf } from '../middleware/guards';
import { auditOf } from '../lib/audit';
import { AppError } from '../lib/errors';
import { createSecretBox, sha256Hex } from '../lib/crypto';
import { newId } from '../lib/ids';
import { findAccount } from '../accounts/service';
import { verifyPassword, hashPassword } from '../auth/password-hash';
import { createSession, revokeUserSessions } from '../auth/sessions';
import { setSessionCookie } from '../auth/cookie';
import { matchTotpStep, newTotpSecret, otpauthUri, qrSvg } from '../auth/totp';
import { recoveryCodes, users } from '../users/schema';
import { assertPasswordPolicy, getUser } from '../users/service';
import { ROLES } from '../users/schema';
import { PermissionSchema } from '../users/openapi';

const MeSchema = z
  .object({
    user: z.object({
      id: z.string(),
      loginId: z.string(),
      name: z.string(),
      email: z.string(),
      role: z.enum(ROLES),
      permissions: z.array(PermissionSchema).openapi({ description: 'Your 権限 in effect (an admin: every one): the web hides what you cannot use' }),
      mfa: z.object({ totp: z.boolean(), sms: z.boolean(), required: z.boolean(), enrolmentRequired: z.boolean() }),
    }),
    account: z.object({ code: z.string(), name: z.string(), isPlatform: z.boolean() }),
    csrfToken: z.string().openapi({ description: 'Send back as X-CSRF-Token on cookie-authenticated writes' }),
  })
  .openapi('Me');

const signedIn = requireSession('viewer');
const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'getMe',
    tags: ['My account'],
    summary: 'The signed-in user and account',
    middleware: [signedIn],
    responses: { 200: jsonResponse(MeSchema, 'Who you are'), ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const [u, a] = await Promise.all([getUser(db, p.accountId, p.userId), findAccount(db, p.accountId)]);
    return c.json(
      {
        user: {
          id: u.id,
          loginId: u.loginId,
          name: u.name,
          email: u.email,
          role: u.role,
          permissions: p.permissions,
          mfa: { totp: u.totpEnabled, sms: signInMethods(u, a!).includes('sms'), required: a!.mfaRequired, enrolmentRequired: p.mfaEnrolmentRequired },
        },
        account: { code: a!.code, name: a!.name, isPlatform: a!.isPlatform },
        csrfToken: p.csrfToken,
      },
      200,
    );
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/password',
    operationId: 'changeMyPassword',
    tags: ['My account'],
    summary: 'Change your password',
    description: 'Ends every session of the user, this one included, and starts a fresh session for this browser.',
    middleware: [signedIn],
    request: { body: jsonBody(z.strictObject({ currentPassword: z.string().min(1).max(512), newPassword: z.string().min(1).max(512) })) },
    responses: { 200: jsonResponse(z.object({ status: z.literal('changed') }), 'Changed'), ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const { currentPassword, newPassword } = c.req.valid('json');
    const u = await getUser(db, p.accountId, p.userId);
    if (!(await verifyPassword(currentPassword, u.passwordHash))) {
      throw new AppError(400, 'wrong_password', 'The current password is wrong', [{ field: 'currentPassword', message: 'Wrong password' }]);
    }
    assertPasswordPolicy(newPassword, u.loginId, 'newPassword');
    if (currentPassword === newPassword) {
      throw new AppError(400, 'password_policy', 'Choose a password different from the current one', [{ field: 'newPassword', rule: 'reuse', message: 'Same as the current password' }]);
    }
    const at = new Date().toISOString();
    await db.batch([
      db.update(users).set({ passwordHash: await hashPassword(newPassword), passwordChangedAt: at, updatedAt: at }).where(eq(users.id, u.id)),
      revokeUserSessions(db, u.id),
      auditOf(c, { action: 'me.password_change', targetType: 'user', targetId: u.id }),
    ]);
    const { token } = await createSession(db, { accountId: p.accountId, userId: u.id, ip: c.get('client').ip });
    setSessionCookie(c, token);
    return c.json({ status: 'changed' as const }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/mfa/totp',
    operationId: 'startTotpEnrolment',
    tags: ['My account'],
    summary: 'Start TOTP enrolment: a secret for an authenticator app, as a URI and a QR code',
    middleware: [signedIn],
    responses: { 200: jsonResponse(z.object({ otpauthUri: z.string(), qrSvg: z.string() }), 'Scan the QR code, then confirm with a code'), ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const a = await findAccount(db, p.accountId);
    const secret = newTotpSecret();
    const sealed = await createSecretBox(c.env.ENCRYPTION_KEYS, c.env.ENCRYPTION_KEY_ID).encrypt(secret);
    await db.update(users).set({ totpPendingSecret: sealed }).where(and(eq(users.accountId, p.accountId), eq(users.id, p.userId)));
    const uri = otpauthUri(secret, a!.code, p.loginId);
    return c.json({ otpauthUri: uri, qrSvg: qrSvg(uri) }, 200);
  },
);

const RECOVERY_CODES = 10;
const recoveryCode = () => {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
};

app.openapi(
  createRoute({
    method: 'post',
    path: '/mfa/totp/confirm',
    operationId: 'confirmTotpEnrolment',
    tags: ['My account'],
    summary: 'Finish TOTP enrolment with a current code; answers 10 one-time recovery codes',
    middleware: [signedIn],
    request: { body: jsonBody(z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'Six digits') })) },
    responses: { 200: jsonResponse(z.object({ recoveryCodes: z.array(z.string()) }), 'Enrolled; the codes are shown only now'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const u = await getUser(db, p.accountId, p.userId);
    if (!u.totpPendingSecret) throw new AppError(409, 'no_enrolment', 'Start the enrolment first');
    const secret = await createSecretBox(c.env.ENCRYPTION_KEYS, c.env.ENCRYPTION_KEY_ID).decrypt(u.totpPendingSecret);
    const step = matchTotpStep(secret, c.req.valid('json').code);
    if (step === null) throw new AppError(400, 'invalid_code', 'The code does not match; check the app and the clock', [{ field: 'code', message: 'Wrong code' }]);
    const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
    const rows = await Promise.all(
      codes.map(async (code) => ({ id: newId(), accountId: p.accountId, userId: u.id, codeHash: await sha256Hex(`${u.id}:${code}`) })),
    );
    await db.batch([
      db.delete(recoveryCodes).where(eq(recoveryCodes.userId, u.id)),
      db.insert(recoveryCodes).values(rows),
      db
        .update(users)
        .set({ totpSecret: u.totpPendingSecret, totpPendingSecret: null, totpEnabled: true, totpLastStep: step, updatedAt: new Date().toISOString() })
        .where(eq(users.id, u.id)),
      auditOf(c, { action: 'me.totp_enrol', targetType: 'user', targetId: u.id }),
    ]);
    return c.json({ recoveryCodes: codes }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/mfa/totp/disable',
    operationId: 'disableTotp',
    tags: ['My account'],
    summary: 'Turn TOTP off (needs your password); refused when the account requires MFA and no other factor is left',
    middleware: [signedIn],
    request: { body: jsonBody(z.strictObject({ currentPassword: z.string().min(1).max(512) })) },
    responses: { 200: jsonResponse(z.object({ status: z.literal('disabled') }), 'TOTP is off'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const u = await getUser(db, p.accountId, p.userId);
    if (!(await verifyPassword(c.req.valid('json').currentPassword, u.passwordHash))) {
      throw new AppError(400, 'wrong_password', 'The current password is wrong', [{ field: 'currentPassword', message: 'Wrong password' }]);
    }
    const a = await findAccount(db, p.accountId);
    if (a!.mfaRequired && !u.phone) throw new AppError(409, 'mfa_required', 'The account requires two-factor authentication');
    await db.batch([
      db.update(users).set({ totpEnabled: false, totpSecret: null, totpPendingSecret: null, updatedAt: new Date().toISOString() }).where(eq(users.id, u.id)),
      db.delete(recoveryCodes).where(eq(recoveryCodes.userId, u.id)),
      auditOf(c, { action: 'me.totp_disable', targetType: 'user', targetId: u.id }),
    ]);
    return c.json({ status: 'disabled' as const }, 200);
  },
);

export default app;
