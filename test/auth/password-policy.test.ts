import { beforeAll, describe, expect, it } from 'vitest';
import { checkPassword } from '../../worker/auth/password-policy';
import { verifyPassword } from '../../worker/auth/password-hash';
import { Client, errorOf } from '../helpers/client';
import { createTenant, postLogin, signIn, sqlFirst, type Tenant } from '../helpers/tenant';

const letters = (n: number) => Array.from({ length: n }, (_, i) => 'bcdfghjkmnpqrstvwxz'[i % 19]).join('');
/** A password of exactly n code points that passes every other rule. */
const ofLength = (n: number) => `Q7${letters(n - 2)}`;

describe('the password policy (pure rules)', () => {
  it('counts length in Unicode code points: 11 fails, 12 and 128 pass, 129 fails', () => {
    expect(checkPassword(ofLength(11))).toEqual(['min_length']);
    expect(checkPassword(ofLength(12))).toEqual([]);
    expect(checkPassword(ofLength(128))).toEqual([]);
    expect(checkPassword(ofLength(129))).toEqual(['max_length']);
    // 11 code points but 19 UTF-16 units: still too short
    expect(checkPassword(`Aa1${'😀'.repeat(8)}`)).toEqual(['min_length']);
    expect(checkPassword(`Aa1${'😀'.repeat(9)}`)).toEqual([]);
    expect(checkPassword(`Aa1${'蔵'.repeat(9)}`)).toEqual([]);
    // 128 code points are 253 UTF-16 units: accepted, never truncated
    expect(checkPassword(`Aa1${'😀'.repeat(125)}`)).toEqual([]);
    expect(checkPassword(`Aa1${'😀'.repeat(126)}`)).toEqual(['max_length']);
  });

  it('names each missing character class', () => {
    expect(checkPassword('lowercase-only-42')).toEqual(['uppercase']);
    expect(checkPassword('UPPERCASE-ONLY-42')).toEqual(['lowercase']);
    expect(checkPassword('No-Digits-At-All')).toEqual(['digit']);
    expect(checkPassword('zq-kv')).toEqual(['min_length', 'uppercase', 'digit']);
  });

  it('refuses common passwords, also with digits or symbols added at the end', () => {
    expect(checkPassword('Password1234')).toContain('common_password');
    expect(checkPassword('Sunshine20262026')).toContain('common_password');
    expect(checkPassword('Qwertyuiop99!')).toContain('common_password');
    expect(checkPassword('Iloveyou-2026')).toContain('common_password');
    expect(checkPassword('Shelf7Lantern-Koi')).toEqual([]);
  });

  it('refuses a password that contains the login ID', () => {
    expect(checkPassword('Tanaka-Warehouse-9', { loginId: 'tanaka' })).toContain('common_password');
    expect(checkPassword('Tanaka-Warehouse-9', { loginId: 'suzuki' })).toEqual([]);
  });
});

describe('password policy at the API', () => {
  let tenant: Tenant;
  let admin: Client;
  let n = 0;
  beforeAll(async () => {
    tenant = await createTenant();
    admin = await signIn(tenant, 'admin');
  });

  const createUser = (password: string) =>
    admin.api('/users', { json: { loginId: `u${++n}`, name: 'New user', email: `u${n}@${tenant.code}.example`, role: 'viewer', password } });

  const rulesOf = (details: unknown) => (details as { field: string; rule: string; message: string }[]).map((d) => d.rule);

  it.each([
    ['12 ASCII characters', ofLength(12)],
    ['128 ASCII characters', ofLength(128)],
    ['12 code points with kanji', `Aa1${'蔵'.repeat(9)}`],
    ['128 code points of emoji (253 UTF-16 units)', `Aa1${'😀'.repeat(125)}`],
  ])('an admin can create a user with a password of %s, and it signs in', async (_label, password) => {
    const res = await createUser(password);
    expect(res.status).toBe(201);
    const { user } = (await res.json()) as { user: { id: string; loginId: string } };
    const row = await sqlFirst<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', user.id);
    expect(await verifyPassword(password, row!.password_hash)).toBe(true);
    const login = await postLogin(new Client(), tenant.code, user.loginId, password);
    expect(login.status).toBe(200);
  });

  it.each([
    ['11 characters', ofLength(11), ['min_length']],
    ['129 characters', ofLength(129), ['max_length']],
    ['11 code points of emoji', `Aa1${'😀'.repeat(8)}`, ['min_length']],
    ['129 code points of emoji', `Aa1${'😀'.repeat(126)}`, ['max_length']],
    ['no upper case', 'lowercase-only-42', ['uppercase']],
    ['no lower case', 'UPPERCASE-ONLY-42', ['lowercase']],
    ['no digit', 'No-Digits-At-All', ['digit']],
    ['a common password', 'Password1234', ['common_password']],
    ['a common word with digits added', 'Sunshine20262026', ['common_password']],
    ['several faults', 'zq-kv', ['min_length', 'uppercase', 'digit']],
  ])('creating a user with a password of %s answers 400 password_policy naming the rules', async (_label, password, rules) => {
    const before = await sqlFirst<{ n: number }>('SELECT count(*) AS n FROM users WHERE account_id = ?', tenant.id);
    const res = await createUser(password);
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('password_policy');
    expect(rulesOf(err.details)).toEqual(rules);
    for (const d of err.details as { field: string; message: string }[]) {
      expect(d.field).toBe('password');
      expect(d.message.length).toBeGreaterThan(0);
    }
    const after = await sqlFirst<{ n: number }>('SELECT count(*) AS n FROM users WHERE account_id = ?', tenant.id);
    expect(after!.n).toBe(before!.n);
  });

  it('an admin password reset (PATCH /users/{id}) is held to the same policy', async () => {
    const created = (await (await createUser(ofLength(14))).json()) as { user: { id: string } };
    const res = await admin.api(`/users/${created.user.id}`, { method: 'PATCH', json: { password: 'Password1234' } });
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('password_policy');
    expect(rulesOf(err.details)).toEqual(['common_password']);
  });

  describe('changing your own password (POST /me/password)', () => {
    it.each([
      ['11 characters', ofLength(11), ['min_length']],
      ['129 characters', ofLength(129), ['max_length']],
      ['no upper case', 'lowercase-only-42', ['uppercase']],
      ['no lower case', 'UPPERCASE-ONLY-42', ['lowercase']],
      ['no digit', 'No-Digits-At-All', ['digit']],
      ['a common password', 'Password1234', ['common_password']],
    ])('refuses a new password with %s and keeps the old one', async (_label, newPassword, rules) => {
      const t = await createTenant();
      const me = await signIn(t, 'admin');
      const res = await me.api('/me/password', { json: { currentPassword: t.admin.password, newPassword } });
      expect(res.status).toBe(400);
      const err = await errorOf(res);
      expect(err.code).toBe('password_policy');
      expect(rulesOf(err.details)).toEqual(rules);
      expect((err.details as { field: string }[]).every((d) => d.field === 'newPassword')).toBe(true);
      // the old password still works, the refused one does not
      expect((await postLogin(new Client(), t.code, 'admin', t.admin.password)).status).toBe(200);
      expect((await postLogin(new Client(), t.code, 'admin', newPassword)).status).toBe(401);
    });

    it('accepts 12 and 128 code points (kanji and emoji counted as one each)', async () => {
      const t = await createTenant();
      const me = await signIn(t, 'admin');
      let current = t.admin.password;
      for (const next of [ofLength(12), `Aa1${'蔵'.repeat(9)}`, `Aa1${'😀'.repeat(125)}`, ofLength(128)]) {
        const res = await me.api('/me/password', { json: { currentPassword: current, newPassword: next } });
        expect(res.status, await res.clone().text()).toBe(200);
        await me.refreshCsrf();
        current = next;
        expect((await postLogin(new Client(), t.code, 'admin', next)).status).toBe(200);
      }
    });

    it('refuses a wrong current password', async () => {
      const t = await createTenant();
      const me = await signIn(t, 'admin');
      const res = await me.api('/me/password', { json: { currentPassword: 'Not-The-Password-1', newPassword: ofLength(16) } });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('wrong_password');
    });
  });
});
