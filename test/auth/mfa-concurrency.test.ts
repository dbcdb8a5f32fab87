import { describe, expect, it } from 'vitest';
import { Client } from '../helpers/client';
import { latestSmsCode, outboxTo } from '../helpers/outbox';
import { passwordStep, postMfa } from '../helpers/mfa';
import { createTenant, sql, sqlFirst, uniquePhone } from '../helpers/tenant';

const smsTenant = async () => {
  const phone = uniquePhone();
  const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator', phone }] });
  await sql('UPDATE accounts SET mfa_required = 1 WHERE id = ?', t.id);
  return { t, phone };
};

/** Parallel requests must reach the app directly to interleave (see Client's `concurrent`). */
const parallel = () => new Client({ concurrent: true });

const otherCode = (code: string, i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');

describe('second-factor limits hold under concurrent requests', () => {
  it('guesses sent in parallel get no more than 5 tries: the right code sent after 20 parallel wrong ones fails', async () => {
    const { t, phone } = await smsTenant();
    const client = new Client();
    const { mfaToken } = await passwordStep(client, t, 'staff');
    await client.api('/auth/mfa/sms', { json: { mfaToken } });
    const code = await latestSmsCode(phone);
    // an attacker who knows the password fires many guesses at once, the right one among the last
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => postMfa(parallel(), mfaToken, 'sms', otherCode(code, i))),
      postMfa(parallel(), mfaToken, 'sms', code),
    ]);
    expect(answers.map((r) => r.status)).toEqual(Array(21).fill(401));
    expect((await postMfa(client, mfaToken, 'sms', code)).status).toBe(401);
    const row = await sqlFirst<{ consumed_at: string | null }>('SELECT consumed_at FROM mfa_challenges WHERE user_id = ?', t.users.staff.id);
    expect(row!.consumed_at).toBeNull();
  });

  it('parallel requests for an SMS send one code, the rest get 429', async () => {
    const { t, phone } = await smsTenant();
    const { mfaToken } = await passwordStep(new Client(), t, 'staff');
    const answers = await Promise.all(Array.from({ length: 10 }, () => parallel().api('/auth/mfa/sms', { json: { mfaToken } })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(429)]);
    expect((await outboxTo(phone)).filter((m) => m.channel === 'sms')).toHaveLength(1);
    // and the one code sent is the one that works
    expect((await postMfa(new Client(), mfaToken, 'sms', await latestSmsCode(phone))).status).toBe(200);
  });

  it('no more than 5 codes are sent for one sign-in attempt', async () => {
    const { t, phone } = await smsTenant();
    const { mfaToken } = await passwordStep(new Client(), t, 'staff');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      // a minute passes between requests
      await sql('UPDATE mfa_challenges SET sms_sent_at = ? WHERE user_id = ? AND sms_sent_at IS NOT NULL', new Date(Date.now() - 120_000).toISOString(), t.users.staff.id);
      statuses.push((await new Client().api('/auth/mfa/sms', { json: { mfaToken } })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect((await outboxTo(phone)).filter((m) => m.channel === 'sms')).toHaveLength(5);
  });

  it('even in parallel, no more than 5 codes are sent for one sign-in attempt', async () => {
    const { t, phone } = await smsTenant();
    const { mfaToken } = await passwordStep(new Client(), t, 'staff');
    for (let round = 0; round < 3; round++) {
      await sql('UPDATE mfa_challenges SET sms_sent_at = ? WHERE user_id = ? AND sms_sent_at IS NOT NULL', new Date(Date.now() - 120_000).toISOString(), t.users.staff.id);
      await Promise.all(Array.from({ length: 4 }, () => parallel().api('/auth/mfa/sms', { json: { mfaToken } })));
    }
    expect((await outboxTo(phone)).filter((m) => m.channel === 'sms').length).toBeLessThanOrEqual(5);
  });
});
