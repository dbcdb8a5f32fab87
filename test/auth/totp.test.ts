import { describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { enrolTotp, passwordStep, postMfa } from '../helpers/mfa';
import { createTenant, signIn, sql, sqlFirst, uniquePhone } from '../helpers/tenant';
import { awaitStepMargin, secretOf, totpCodeAt } from '../helpers/totp';

const STEP = 30_000;

/** A tenant whose user "staff" has enrolled in TOTP; answers the secret and recovery codes too. */
const enrolled = async (opts: { phone?: string } = {}) => {
  const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator', phone: opts.phone ?? null }] });
  const staff = await signIn(t, 'staff');
  const { secret, recoveryCodes } = await enrolTotp(staff);
  return { t, secret, recoveryCodes };
};

/** Forgets the last accepted step, as if the enrolment was long ago (codes are refused at or below it). */
const forgetLastStep = (userId: string) => sql('UPDATE users SET totp_last_step = 0 WHERE id = ?', userId);

describe('TOTP enrolment', () => {
  it('starts with an otpauth URI and a QR code, and a valid code finishes it with 10 one-time recovery codes', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const staff = await signIn(t, 'staff');
    const start = await staff.api('/me/mfa/totp', { method: 'POST' });
    expect(start.status).toBe(200);
    const { otpauthUri, qrSvg } = (await start.json()) as { otpauthUri: string; qrSvg: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(otpauthUri).searchParams.get('issuer')).toBe('Kura');
    expect(decodeURIComponent(otpauthUri)).toContain(`${t.code}:staff`);
    expect(qrSvg).toMatch(/^<svg[\s>]/);
    const secret = secretOf(otpauthUri);

    // not enrolled until confirmed
    let me = (await (await staff.api('/me')).json()) as { user: { mfa: { totp: boolean } } };
    expect(me.user.mfa.totp).toBe(false);

    const wrong = await staff.api('/me/mfa/totp/confirm', { json: { code: totpCodeAt(secret, Date.now() + 5 * STEP) } });
    expect(wrong.status).toBe(400);
    expect((await errorOf(wrong)).code).toBe('invalid_code');

    const ok = await staff.api('/me/mfa/totp/confirm', { json: { code: totpCodeAt(secret) } });
    expect(ok.status).toBe(200);
    const { recoveryCodes } = (await ok.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);

    me = (await (await staff.api('/me')).json()) as { user: { mfa: { totp: boolean } } };
    expect(me.user.mfa.totp).toBe(true);

    // the secret is stored sealed with a key id, never in the clear
    const row = await sqlFirst<{ totp_secret: string; totp_pending_secret: string | null }>('SELECT totp_secret, totp_pending_secret FROM users WHERE id = ?', t.users.staff.id);
    expect(row!.totp_secret).toMatch(/^k1:/);
    expect(row!.totp_secret).not.toContain(secret);
    expect(row!.totp_pending_secret).toBeNull();
    const codes = await sql<{ code_hash: string }>('SELECT code_hash FROM recovery_codes WHERE user_id = ?', t.users.staff.id);
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(recoveryCodes).not.toContain(c.code_hash);
  });

  it('when the account requires MFA, a user without a second factor may only enrol until they have one', async () => {
    const t = await createTenant();
    await sql('UPDATE accounts SET mfa_required = 1 WHERE id = ?', t.id);
    const admin = await signIn(t, 'admin');
    const me = (await (await admin.api('/me')).json()) as { user: { mfa: { required: boolean; enrolmentRequired: boolean } } };
    expect(me.user.mfa).toMatchObject({ required: true, enrolmentRequired: true });
    const refused = await admin.api('/users');
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('mfa_enrolment_required');
    await enrolTotp(admin);
    expect((await admin.api('/users')).status).toBe(200);
    // from now on the password alone is not enough
    const { methods } = await passwordStep(new Client(), t, 'admin');
    expect(methods).toEqual(['totp']);
  });

  it('confirming without starting answers 409 no_enrolment', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const res = await admin.api('/me/mfa/totp/confirm', { json: { code: '123456' } });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('no_enrolment');
  });
});

describe('signing in with TOTP', () => {
  it('after enrolment the password alone is not enough: login answers mfa_required with totp, and a code completes it', async () => {
    const { t, secret } = await enrolled();
    const client = new Client();
    const { mfaToken, methods } = await passwordStep(client, t, 'staff');
    expect(methods).toEqual(['totp']);
    expect(client.cookie).toBeNull();
    expect((await client.api('/me')).status).toBe(401);

    await forgetLastStep(t.users.staff.id);
    const res = await postMfa(client, mfaToken, 'totp', totpCodeAt(secret));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('ok');
    expect(client.cookie).not.toBeNull();
    expect((await client.api('/me')).status).toBe(200);
  });

  it('a user with a phone is offered both totp and sms', async () => {
    const { t } = await enrolled({ phone: uniquePhone() });
    const { methods } = await passwordStep(new Client(), t, 'staff');
    expect(methods).toEqual(['totp', 'sms']);
  });

  it('accepts a code from the previous or next 30-second step, and refuses one two steps away', async () => {
    const { t, secret } = await enrolled();
    await forgetLastStep(t.users.staff.id);
    await awaitStepMargin(8000);
    const client = new Client();
    const now = Date.now();

    const first = await passwordStep(client, t, 'staff');
    for (const offset of [2 * STEP, -2 * STEP, 3 * STEP]) {
      const res = await postMfa(client, first.mfaToken, 'totp', totpCodeAt(secret, now + offset));
      expect(res.status, `code ${offset / 1000}s away`).toBe(401);
      expect((await errorOf(res)).code).toBe('invalid_code');
    }
    // the clock of the phone is 30 s behind: accepted (and the same challenge is still usable)
    expect((await postMfa(client, first.mfaToken, 'totp', totpCodeAt(secret, now - STEP))).status).toBe(200);

    // the clock of the phone is 30 s ahead: accepted
    const second = await passwordStep(client.fresh(), t, 'staff');
    expect((await postMfa(client.fresh(), second.mfaToken, 'totp', totpCodeAt(secret, now + STEP))).status).toBe(200);
  });

  it('the same code cannot be used twice, nor an older one after a newer one', async () => {
    const { t, secret } = await enrolled();
    await forgetLastStep(t.users.staff.id);
    await awaitStepMargin(8000);
    const now = Date.now();
    const code = totpCodeAt(secret, now);

    const a = await passwordStep(new Client(), t, 'staff');
    expect((await postMfa(new Client(), a.mfaToken, 'totp', code)).status).toBe(200);

    const b = await passwordStep(new Client(), t, 'staff');
    const replay = await postMfa(new Client(), b.mfaToken, 'totp', code);
    expect(replay.status).toBe(401);
    expect((await errorOf(replay)).code).toBe('invalid_code');
    // the previous step is inside the window but older than the code just used
    expect((await postMfa(new Client(), b.mfaToken, 'totp', totpCodeAt(secret, now - STEP))).status).toBe(401);
    // the next step's code is fresh: accepted on the same attempt
    expect((await postMfa(new Client(), b.mfaToken, 'totp', totpCodeAt(secret, now + STEP))).status).toBe(200);
  });

  it('two parallel sign-ins cannot both spend the same code', async () => {
    const { t, secret } = await enrolled();
    await forgetLastStep(t.users.staff.id);
    await awaitStepMargin(8000);
    const code = totpCodeAt(secret);
    const [a, b] = await Promise.all([passwordStep(new Client(), t, 'staff'), passwordStep(new Client(), t, 'staff')]);
    const answers = await Promise.all([postMfa(new Client({ concurrent: true }), a.mfaToken, 'totp', code), postMfa(new Client({ concurrent: true }), b.mfaToken, 'totp', code)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('a recovery code signs in once, and only once', async () => {
    const { t, recoveryCodes } = await enrolled();
    const client = new Client();
    const a = await passwordStep(client, t, 'staff');
    expect((await postMfa(client, a.mfaToken, 'recovery', recoveryCodes[0])).status).toBe(200);

    const b = await passwordStep(client.fresh(), t, 'staff');
    const again = await postMfa(client.fresh(), b.mfaToken, 'recovery', recoveryCodes[0]);
    expect(again.status).toBe(401);
    expect((await errorOf(again)).code).toBe('invalid_code');
    // another code still works, typed in capitals
    expect((await postMfa(client.fresh(), b.mfaToken, 'recovery', recoveryCodes[1].toUpperCase())).status).toBe(200);
    const used = await sqlFirst<{ n: number }>('SELECT count(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NOT NULL', t.users.staff.id);
    expect(used!.n).toBe(2);
  });

  it('a recovery code used by two parallel sign-ins works for only one', async () => {
    const { t, recoveryCodes } = await enrolled();
    const [a, b] = [await passwordStep(new Client(), t, 'staff'), await passwordStep(new Client(), t, 'staff')];
    const answers = await Promise.all([a, b].map((x) => postMfa(new Client({ concurrent: true }), x.mfaToken, 'recovery', recoveryCodes[0])));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('a recovery code of another user does not work', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }, { loginId: 'other', role: 'operator' }] });
    await enrolTotp(await signIn(t, 'staff'));
    const { recoveryCodes: othersCodes } = await enrolTotp(await signIn(t, 'other'));
    const a = await passwordStep(new Client(), t, 'staff');
    expect((await postMfa(new Client(), a.mfaToken, 'recovery', othersCodes[0])).status).toBe(401);
  });

  it('five wrong codes end the sign-in attempt: even the right code then fails', async () => {
    const { t, secret } = await enrolled();
    await forgetLastStep(t.users.staff.id);
    await awaitStepMargin(8000);
    const client = new Client();
    const { mfaToken } = await passwordStep(client, t, 'staff');
    const right = totpCodeAt(secret);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) expect((await postMfa(client, mfaToken, 'totp', wrong)).status).toBe(401);
    expect((await postMfa(client, mfaToken, 'totp', right)).status).toBe(401);
    expect(client.cookie).toBeNull();
    // a new sign-in attempt works with the same (unspent) code
    const again = await passwordStep(client, t, 'staff');
    expect((await postMfa(client, again.mfaToken, 'totp', right)).status).toBe(200);
  });

  it('a completed sign-in attempt cannot be completed again', async () => {
    const { t, secret } = await enrolled();
    await forgetLastStep(t.users.staff.id);
    await awaitStepMargin(8000);
    const { mfaToken } = await passwordStep(new Client(), t, 'staff');
    expect((await postMfa(new Client(), mfaToken, 'totp', totpCodeAt(secret))).status).toBe(200);
    expect((await postMfa(new Client(), mfaToken, 'totp', totpCodeAt(secret, Date.now() + STEP))).status).toBe(401);
  });

  it('a sign-in attempt older than 10 minutes cannot be completed', async () => {
    const { t, secret } = await enrolled();
    await forgetLastStep(t.users.staff.id);
    const { mfaToken } = await passwordStep(new Client(), t, 'staff');
    await sql('UPDATE mfa_challenges SET expires_at = ? WHERE user_id = ?', new Date(Date.now() - 1000).toISOString(), t.users.staff.id);
    expect((await postMfa(new Client(), mfaToken, 'totp', totpCodeAt(secret))).status).toBe(401);
  });

  it('an unknown mfaToken answers 401 invalid_code', async () => {
    const res = await postMfa(new Client(), 'not-a-real-token', 'totp', '123456');
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('invalid_code');
  });
});
