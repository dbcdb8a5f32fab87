import { describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { latestSmsCode, outboxTo } from '../helpers/outbox';
import { enrolTotp, passwordStep, postMfa } from '../helpers/mfa';
import { createTenant, signIn, sql, uniquePhone } from '../helpers/tenant';

/** An account that requires MFA, with a user "staff" who has a phone (so SMS is the factor). */
const smsTenant = async () => {
  const phone = uniquePhone();
  const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator', phone }] });
  await sql('UPDATE accounts SET mfa_required = 1 WHERE id = ?', t.id);
  return { t, phone };
};

const requestSms = (client: Client, mfaToken: string) => client.api('/auth/mfa/sms', { json: { mfaToken } });

const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('SMS one-time codes', () => {
  it('sends a 6-digit code to the user’s phone, valid 10 minutes, and the code signs in', async () => {
    const { t, phone } = await smsTenant();
    const client = new Client();
    const { mfaToken, methods } = await passwordStep(client, t, 'staff');
    expect(methods).toEqual(['sms']);

    const sent = await requestSms(client, mfaToken);
    expect(sent.status).toBe(200);
    const body = (await sent.json()) as { status: string; expiresAt: string };
    expect(body.status).toBe('sent');
    const minutes = (Date.parse(body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9.5);
    expect(minutes).toBeLessThanOrEqual(10);

    const sms = (await outboxTo(phone)).filter((m) => m.channel === 'sms');
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toMatch(/\b\d{6}\b/);
    const code = await latestSmsCode(phone);

    // the development outbox shows it too
    const outbox = (await (await client.api('/dev/outbox')).json()) as { items: { channel: string; to: string; body: string }[] };
    expect(outbox.items.some((m) => m.channel === 'sms' && m.to === phone && m.body.includes(code))).toBe(true);

    // the code is stored only as a hash
    const row = await sql<{ sms_code_hash: string }>('SELECT sms_code_hash FROM mfa_challenges WHERE user_id = ?', t.users.staff.id);
    expect(row[0].sms_code_hash).not.toContain(code);

    const done = await postMfa(client, mfaToken, 'sms', code);
    expect(done.status).toBe(200);
    expect(client.cookie).not.toBeNull();
    expect((await client.api('/me')).status).toBe(200);
  });

  it('a code is single use', async () => {
    const { t, phone } = await smsTenant();
    const { mfaToken } = await passwordStep(new Client(), t, 'staff');
    await requestSms(new Client(), mfaToken);
    const code = await latestSmsCode(phone);
    expect((await postMfa(new Client(), mfaToken, 'sms', code)).status).toBe(200);
    expect((await postMfa(new Client(), mfaToken, 'sms', code)).status).toBe(401);
  });

  it('five wrong codes kill the attempt: even the right code then fails', async () => {
    const { t, phone } = await smsTenant();
    const client = new Client();
    const { mfaToken } = await passwordStep(client, t, 'staff');
    await requestSms(client, mfaToken);
    const code = await latestSmsCode(phone);
    for (let i = 0; i < 5; i++) {
      const res = await postMfa(client, mfaToken, 'sms', otherCode(code));
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('invalid_code');
    }
    expect((await postMfa(client, mfaToken, 'sms', code)).status).toBe(401);
    expect(client.cookie).toBeNull();
    // nor can a new code be sent on the dead attempt
    await sql('UPDATE mfa_challenges SET sms_sent_at = ? WHERE user_id = ?', new Date(Date.now() - 120_000).toISOString(), t.users.staff.id);
    expect((await requestSms(client, mfaToken)).status).toBe(401);
  });

  it('four wrong codes still leave the right one usable', async () => {
    const { t, phone } = await smsTenant();
    const { mfaToken } = await passwordStep(new Client(), t, 'staff');
    await requestSms(new Client(), mfaToken);
    const code = await latestSmsCode(phone);
    for (let i = 0; i < 4; i++) expect((await postMfa(new Client(), mfaToken, 'sms', otherCode(code))).status).toBe(401);
    expect((await postMfa(new Client(), mfaToken, 'sms', code)).status).toBe(200);
  });

  it('an expired code fails', async () => {
    const { t, phone } = await smsTenant();
    const { mfaToken } = await passwordStep(new Client(), t, 'staff');
    await requestSms(new Client(), mfaToken);
    const code = await latestSmsCode(phone);
    await sql('UPDATE mfa_challenges SET sms_expires_at = ? WHERE user_id = ?', new Date(Date.now() - 1000).toISOString(), t.users.staff.id);
    const res = await postMfa(new Client(), mfaToken, 'sms', code);
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('invalid_code');
  });

  it('asking again within 60 seconds answers 429 with Retry-After; later a new code replaces the old one', async () => {
    const { t, phone } = await smsTenant();
    const client = new Client();
    const { mfaToken } = await passwordStep(client, t, 'staff');
    expect((await requestSms(client, mfaToken)).status).toBe(200);
    const first = await latestSmsCode(phone);

    const again = await requestSms(client, mfaToken);
    expect(again.status).toBe(429);
    expect((await errorOf(again)).code).toBe('rate_limited');
    const wait = Number(again.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await outboxTo(phone)).filter((m) => m.channel === 'sms')).toHaveLength(1);

    // a minute later
    await sql('UPDATE mfa_challenges SET sms_sent_at = ? WHERE user_id = ?', new Date(Date.now() - 61_000).toISOString(), t.users.staff.id);
    expect((await requestSms(client, mfaToken)).status).toBe(200);
    const second = await latestSmsCode(phone);
    expect((await outboxTo(phone)).filter((m) => m.channel === 'sms')).toHaveLength(2);
    if (second !== first) expect((await postMfa(client, mfaToken, 'sms', first)).status).toBe(401);
    expect((await postMfa(client, mfaToken, 'sms', second)).status).toBe(200);
  });

  it('a code belongs to its own sign-in attempt: another attempt’s mfaToken cannot use it', async () => {
    const { t, phone } = await smsTenant();
    const a = await passwordStep(new Client(), t, 'staff');
    const b = await passwordStep(new Client(), t, 'staff');
    await requestSms(new Client(), a.mfaToken);
    const codeA = await latestSmsCode(phone);
    await requestSms(new Client(), b.mfaToken);
    const codeB = await latestSmsCode(phone);
    // (two random codes collide once in a million; then the check below is vacuous, not wrong)
    if (codeA !== codeB) expect((await postMfa(new Client(), b.mfaToken, 'sms', codeA)).status).toBe(401);
    expect((await postMfa(new Client(), a.mfaToken, 'sms', codeA)).status).toBe(200);
    expect((await postMfa(new Client(), b.mfaToken, 'sms', codeB)).status).toBe(200);
  });

  it('an attempt that never asked for an SMS accepts no SMS code', async () => {
    const { t, phone } = await smsTenant();
    const a = await passwordStep(new Client(), t, 'staff');
    const b = await passwordStep(new Client(), t, 'staff');
    await requestSms(new Client(), a.mfaToken);
    const code = await latestSmsCode(phone);
    expect((await postMfa(new Client(), b.mfaToken, 'sms', code)).status).toBe(401);
  });

  it('a user without a phone cannot ask for an SMS (409 sms_unavailable)', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    await enrolTotp(await signIn(t, 'staff'));
    const { mfaToken, methods } = await passwordStep(new Client(), t, 'staff');
    expect(methods).toEqual(['totp']);
    const res = await requestSms(new Client(), mfaToken);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('sms_unavailable');
  });
});
