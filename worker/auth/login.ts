import { signInMethods } from './mfa-methods';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Env } from '../env';
import { findAccountByCode } from '../accounts/service';
import { accounts } from '../accounts/schema';
import { AppError } from '../lib/errors';
import { randomDigits, randomToken, sha256Hex, constantTimeEqual, createSecretBox } from '../lib/crypto';
import { newId } from '../lib/ids';
import { notify } from '../notify/service';
import { accessForAccount } from '../security/service';
import { recoveryCodes, users, type User } from '../users/schema';
import { sameLoginId } from '../users/login-id';
import { effectivePermissions } from '../users/permissions';
import { isLocked, lockUntil } from './lockout';
import { DUMMY_HASH, verifyPassword } from './password-hash';
import { hitRateLimit } from './rate-limit';
import { mfaChallenges } from './schema';
import { createSession } from './sessions';
import { matchTotpStep } from './totp';

export interface AuthContext {
  env: Env;
  db: Db;
  client: { ip: string; country: string };
  now?: number;
}

/** Login attempts per IP address per 10 minutes, across all accounts. */
export const LOGIN_ATTEMPTS_PER_IP = 30;
const LOGIN_WINDOW_SECONDS = 600;
export const MFA_CHALLENGE_MINUTES = 10;
export const SMS_CODE_MINUTES = 10;
export const SMS_RESEND_SECONDS = 60;
export const MFA_MAX_TRIES = 5;
const SMS_MAX_SENDS = 5;

const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'The company code, login ID or password is wrong, or sign-in from this network is not allowed');
const invalidCode = () => new AppError(401, 'invalid_code', 'The code is wrong or has expired');

/** A user as the API shows it; `mfa` says which second factors sign-in really asks for (mfa-methods.ts). */
export const publicUser = (u: User, account: { mfaRequired: boolean }) => {
  const methods = signInMethods(u, account);
  return {
  id: u.id,
  loginId: u.loginId,
  name: u.name,
  email: u.email,
  phone: u.phone,
  role: u.role,
  permissions: effectivePermissions(u.role, u.permissions),
  status: u.status,
  locked: isLocked(u.lockedUntil, Date.now()),
  lockedUntil: u.lockedUntil,
  lastLoginAt: u.lastLoginAt,
  mfa: { totp: methods.includes('totp'), sms: methods.includes('sms') },
  createdAt: u.createdAt,
  };
};

export type LoginOutcome =
  | { status: 'ok'; user: ReturnType<typeof publicUser>; sessionToken: string }
  | { status: 'mfa_required'; mfaToken: string; methods: ('totp' | 'sms')[] };

/** Counts one failure atomically; answers the new count and whether this failure locked the user. */
const recordFailure = async (ctx: AuthContext, user: User, threshold: number, minutes: number, now: number) => {
  const nowIso = new Date(now).toISOString();
  const expired = `(locked_until IS NOT NULL AND locked_until <= ?1)`;
  const newCount = `(CASE WHEN ${expired} THEN 1 ELSE failed_logins + 1 END)`;
  const row = await ctx.env.DB.prepare(
    `UPDATE users SET
       failed_logins = ${newCount},
       locked_until = CASE WHEN ${newCount} >= ?2 THEN ?3 WHEN ${expired} THEN NULL ELSE locked_until END,
       updated_at = ?1
     WHERE id = ?4 RETURNING failed_logins`,
  )
    .bind(nowIso, threshold, lockUntil(now, minutes), user.id)
    .first<{ failed_logins: number }>();
  return row?.failed_logins ?? 0;
};

const lockoutNotice = (user: User, minutes: number) => ({
  channel: 'email' as const,
  to: user.email,
  subject: '【Kura】アカウントがロックされました / Your Kura account was locked',
  body:
    `${user.name} 様\n\nログインに続けて失敗したため、ログインID「${user.loginId}」を${minutes}分間ロックしました。` +
    `お心当たりがない場合は管理者にご連絡ください。\n\n` +
    `Sign-in for "${user.loginId}" was locked for ${minutes} minutes after repeated failed attempts. ` +
    `If this was not you, tell your administrator.\n`,
});

/**
 * POST /auth/login. A locked user, an unknown user and a wrong password all
 * answer the same 401 after the same PBKDF2 work, so nothing can be enumerated.
 */
export const login = async (ctx: AuthContext, input: { account: string; loginId: string; password: string }): Promise<LoginOutcome> => {
  const now = ctx.now ?? Date.now();
  const throttle = await hitRateLimit(ctx.env.DB, `login:ip:${ctx.client.ip}`, LOGIN_ATTEMPTS_PER_IP, LOGIN_WINDOW_SECONDS, now);
  if (!throttle.allowed) {
    throw new AppError(429, 'rate_limited', 'Too many sign-in attempts; try again later', undefined, { 'Retry-After': String(throttle.retryAfter) });
  }

  const account = await findAccountByCode(ctx.db, input.account);
  if (account && account.status === 'active') {
    const decision = await accessForAccount(ctx.db, account, ctx.client, now);
    if (!decision.ok) {
      // Refused before the password is looked at, but answered exactly like an
      // unknown company code (same 401, same PBKDF2 work), so an outsider cannot
      // tell which codes exist. The refusal itself is kept in the log.
      console.warn(JSON.stringify({ level: 'warn', msg: 'access refused', code: decision.code, accountId: account.id, path: '/api/v1/auth/login', ...ctx.client }));
      await verifyPassword(input.password, DUMMY_HASH);
      throw invalidCredentials();
    }
  }
  const user =
    account && account.status === 'active'
      ? ((await ctx.db.select().from(users).where(and(eq(users.accountId, account.id), sameLoginId(input.loginId))).limit(1))[0] ?? null)
      : null;

  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!account || !user || user.status !== 'active') throw invalidCredentials();
  if (isLocked(user.lockedUntil, now)) throw invalidCredentials();

  if (!passwordOk) {
    const count = await recordFailure(ctx, user, account.lockoutThreshold, account.lockoutMinutes, now);
    if (count === account.lockoutThreshold) {
      await notify(ctx.env, ctx.db, account.id, lockoutNotice(user, account.lockoutMinutes)).catch(() => undefined);
    }
    throw invalidCredentials();
  }

  // Reset the counter only if no concurrent failure locked the user meanwhile.
  const nowIso = new Date(now).toISOString();
  const reset = await ctx.env.DB.prepare(
    `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1 AND (locked_until IS NULL OR locked_until <= ?2) RETURNING id`,
  )
    .bind(user.id, nowIso)
    .first();
  if (!reset) throw invalidCredentials();

  const methods = signInMethods(user, account);
  if (methods.length > 0) {
    const mfaToken = randomToken();
    await ctx.db.insert(mfaChallenges).values({
      id: newId(),
      tokenHash: await sha256Hex(mfaToken),
      accountId: account.id,
      userId: user.id,
      createdAt: nowIso,
      expiresAt: new Date(now + MFA_CHALLENGE_MINUTES * 60_000).toISOString(),
    });
    return { status: 'mfa_required', mfaToken, methods };
  }
  const { token } = await createSession(ctx.db, { accountId: account.id, userId: user.id, ip: ctx.client.ip });
  return { status: 'ok', user: publicUser(user, account), sessionToken: token };
};

const loadChallenge = async (ctx: AuthContext, mfaToken: string, now: number) => {
  if (mfaToken.length > 200) throw invalidCode();
  const row = (
    await ctx.db
      .select({ c: mfaChallenges, u: users })
      .from(mfaChallenges)
      .innerJoin(users, eq(users.id, mfaChallenges.userId))
      .where(eq(mfaChallenges.tokenHash, await sha256Hex(mfaToken)))
      .limit(1)
  )[0];
  if (!row || row.c.consumedAt || Date.parse(row.c.expiresAt) <= now || row.c.attempts >= MFA_MAX_TRIES || row.u.status !== 'active') {
    throw invalidCode();
  }
  return row;
};

/** POST /auth/mfa/sms: a 6-digit code, valid 10 minutes, bound to this login attempt, resent at most once a minute. */
export const sendSmsCode = async (ctx: AuthContext, mfaToken: string) => {
  const now = ctx.now ?? Date.now();
  const { c, u } = await loadChallenge(ctx, mfaToken, now);
  if (!u.phone) throw new AppError(409, 'sms_unavailable', 'No phone number is registered for this user');
  if (c.smsSentAt && now - Date.parse(c.smsSentAt) < SMS_RESEND_SECONDS * 1000) {
    const wait = Math.ceil((SMS_RESEND_SECONDS * 1000 - (now - Date.parse(c.smsSentAt))) / 1000);
    throw new AppError(429, 'rate_limited', 'Wait before asking for another code', undefined, { 'Retry-After': String(wait) });
  }
  if (c.smsSends >= SMS_MAX_SENDS) throw new AppError(429, 'rate_limited', 'Too many codes sent; sign in again', undefined, { 'Retry-After': '600' });
  const code = randomDigits(6);
  const expiresAt = new Date(now + SMS_CODE_MINUTES * 60_000).toISOString();
  // The checks above read the challenge; this one write re-checks them atomically, so
  // parallel requests cannot send more than one code a minute or five in all.
  const claimed = await ctx.env.DB.prepare(
    `UPDATE mfa_challenges SET sms_code_hash = ?1, sms_expires_at = ?2, sms_sent_at = ?3, sms_sends = sms_sends + 1
     WHERE id = ?4 AND sms_sends < ?5 AND (sms_sent_at IS NULL OR sms_sent_at <= ?6) RETURNING id`,
  )
    .bind(await sha256Hex(`${c.id}:${code}`), expiresAt, new Date(now).toISOString(), c.id, SMS_MAX_SENDS, new Date(now - SMS_RESEND_SECONDS * 1000).toISOString())
    .first();
  if (!claimed) throw new AppError(429, 'rate_limited', 'Wait before asking for another code', undefined, { 'Retry-After': String(SMS_RESEND_SECONDS) });
  await notify(ctx.env, ctx.db, c.accountId, {
    channel: 'sms',
    to: u.phone,
    body: `Kura 認証コード: ${code} (${SMS_CODE_MINUTES}分間有効 / valid ${SMS_CODE_MINUTES} min). 他人に教えないでください。`,
  });
  return { status: 'sent' as const, expiresAt };
};

/**
 * Takes one of the challenge's five tries before the code is checked, in one
 * atomic write: parallel guesses cannot get more than MFA_MAX_TRIES between them.
 */
const claimTry = async (ctx: AuthContext, challengeId: string): Promise<boolean> =>
  Boolean(
    await ctx.env.DB.prepare('UPDATE mfa_challenges SET attempts = attempts + 1 WHERE id = ?1 AND attempts < ?2 AND consumed_at IS NULL RETURNING id')
      .bind(challengeId, MFA_MAX_TRIES)
      .first(),
  );

/** Accepts a TOTP code once: the step must be newer than the last accepted one (atomic compare-and-set). */
export const acceptTotp = async (ctx: AuthContext, user: User, code: string, now: number): Promise<boolean> => {
  if (!user.totpEnabled || !user.totpSecret) return false;
  const secret = await createSecretBox(ctx.env.ENCRYPTION_KEYS, ctx.env.ENCRYPTION_KEY_ID).decrypt(user.totpSecret);
  const step = matchTotpStep(secret, code, now);
  if (step === null) return false;
  const claimed = await ctx.env.DB.prepare('UPDATE users SET totp_last_step = ?1 WHERE id = ?2 AND totp_last_step < ?1 RETURNING id')
    .bind(step, user.id)
    .first();
  return Boolean(claimed);
};

/** A recovery code ("xxxx-xxxx-xxxx"), each usable once. */
const acceptRecoveryCode = async (ctx: AuthContext, user: User, code: string): Promise<boolean> => {
  const normalised = code.trim().toLowerCase();
  if (!/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/.test(normalised)) return false;
  const hash = await sha256Hex(`${user.id}:${normalised}`);
  const used = await ctx.db
    .update(recoveryCodes)
    .set({ usedAt: new Date().toISOString() })
    .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used.length > 0;
};

/** POST /auth/mfa: the second factor; on success the challenge is consumed and a session starts. */
export const completeMfa = async (ctx: AuthContext, input: { mfaToken: string; method: 'totp' | 'sms' | 'recovery'; code: string }) => {
  const now = ctx.now ?? Date.now();
  const { c, u } = await loadChallenge(ctx, input.mfaToken, now);
  if (!(await claimTry(ctx, c.id))) throw invalidCode();
  let ok = false;
  if (input.method === 'totp') ok = await acceptTotp(ctx, u, input.code, now);
  else if (input.method === 'recovery') ok = await acceptRecoveryCode(ctx, u, input.code);
  else
    ok =
      Boolean(c.smsCodeHash && c.smsExpiresAt && Date.parse(c.smsExpiresAt) > now) &&
      constantTimeEqual(await sha256Hex(`${c.id}:${input.code.trim()}`), c.smsCodeHash!);
  if (!ok) throw invalidCode();
  const consumed = await ctx.db
    .update(mfaChallenges)
    .set({ consumedAt: new Date(now).toISOString() })
    .where(and(eq(mfaChallenges.id, c.id), isNull(mfaChallenges.consumedAt)))
    .returning({ id: mfaChallenges.id });
  if (consumed.length === 0) throw invalidCode();
  const { token } = await createSession(ctx.db, { accountId: c.accountId, userId: u.id, ip: ctx.client.ip });
  const account = (await ctx.db.select({ mfaRequired: accounts.mfaRequired }).from(accounts).where(eq(accounts.id, c.accountId)).limit(1))[0] ?? { mfaRequired: false };
  return { status: 'ok' as const, user: publicUser(u, account), sessionToken: token };
};
