import { describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { outboxTo } from '../helpers/outbox';
import { createTenant, postLogin, signIn, sql, sqlFirst, type Tenant } from '../helpers/tenant';

const WRONG = 'Wrong-Passw0rd-x';

const lockNotices = async (email: string) => (await outboxTo(email)).filter((m) => m.channel === 'email' && /locked|ロック/.test(`${m.subject} ${m.body}`));

const userRow = (id: string) =>
  sqlFirst<{ failed_logins: number; locked_until: string | null }>('SELECT failed_logins, locked_until FROM users WHERE id = ?', id);

/** n wrong passwords, one after another, from one client; answers the raw bodies. */
const failTimes = async (client: Client, t: Tenant, loginId: string, n: number) => {
  const bodies: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await postLogin(client, t.code, loginId, WRONG);
    expect(res.status).toBe(401);
    bodies.push(await res.text());
  }
  return bodies;
};

describe('account lock after failed sign-ins', () => {
  it('after 5 wrong passwords the right one is refused with exactly the wrong-password answer', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const client = new Client();
    const wrongBodies = await failTimes(client, t, 'staff', 5);
    const locked = await postLogin(client, t.code, 'staff', t.users.staff.password);
    expect(locked.status).toBe(401);
    const lockedBody = await locked.text();
    expect(lockedBody).toBe(wrongBodies[0]);
    expect(JSON.parse(lockedBody)).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
    // and an unknown login ID answers the same: nothing can be enumerated
    const unknown = await postLogin(client, t.code, 'nobody-here', WRONG);
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toBe(lockedBody);
    expect(locked.headers.get('set-cookie')).toBeNull();
  });

  it('four failures do not lock, and a success resets the count', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const client = new Client();
    await failTimes(client, t, 'staff', 4);
    expect((await userRow(t.users.staff.id))!.failed_logins).toBe(4);
    expect((await postLogin(client, t.code, 'staff', t.users.staff.password)).status).toBe(200);
    expect(await userRow(t.users.staff.id)).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('the locked user is told once by e-mail, however many attempts follow', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const client = new Client();
    await failTimes(client, t, 'staff', 4);
    expect(await lockNotices(t.users.staff.email)).toHaveLength(0);
    await failTimes(client, t, 'staff', 1);
    const notices = await lockNotices(t.users.staff.email);
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toContain('staff');
    await failTimes(client, t, 'staff', 3);
    expect((await postLogin(client, t.code, 'staff', t.users.staff.password)).status).toBe(401);
    expect(await lockNotices(t.users.staff.email)).toHaveLength(1);
  });

  it('concurrent wrong passwords are each counted: 20 in parallel make failed_logins 20 and one lock', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const admin = await signIn(t, 'admin');
    const put = await admin.api('/settings/security', { method: 'PUT', json: { ipAllowlist: [], lockoutThreshold: 20, lockoutMinutes: 30, mfaRequired: false } });
    expect(put.status).toBe(200);

    // requests that really interleave inside the Worker (see Client's `concurrent`)
    const client = new Client({ concurrent: true });
    const answers = await Promise.all(Array.from({ length: 20 }, () => postLogin(client, t.code, 'staff', WRONG)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(401));
    const row = await userRow(t.users.staff.id);
    expect(row!.failed_logins).toBe(20);
    expect(row!.locked_until).not.toBeNull();
    expect(Date.parse(row!.locked_until!)).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(await lockNotices(t.users.staff.email)).toHaveLength(1);
    expect((await postLogin(client, t.code, 'staff', t.users.staff.password)).status).toBe(401);
  });

  it('concurrent attempts below the threshold are counted exactly too (19 of 20 leave the user unlocked)', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const admin = await signIn(t, 'admin');
    await admin.api('/settings/security', { method: 'PUT', json: { ipAllowlist: [], lockoutThreshold: 20, lockoutMinutes: 30, mfaRequired: false } });
    const client = new Client({ concurrent: true });
    await Promise.all(Array.from({ length: 19 }, () => postLogin(client, t.code, 'staff', WRONG)));
    expect(await userRow(t.users.staff.id)).toEqual({ failed_logins: 19, locked_until: null });
    expect((await postLogin(client, t.code, 'staff', t.users.staff.password)).status).toBe(200);
  });

  it('an admin unlock (POST /users/{id}/unlock) lets the user in again', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const client = new Client();
    await failTimes(client, t, 'staff', 5);
    expect((await postLogin(client, t.code, 'staff', t.users.staff.password)).status).toBe(401);

    const admin = await signIn(t, 'admin');
    const listed = (await (await admin.api(`/users/${t.users.staff.id}`)).json()) as { user: { locked: boolean } };
    expect(listed.user.locked).toBe(true);
    const unlock = await admin.api(`/users/${t.users.staff.id}/unlock`, { method: 'POST' });
    expect(unlock.status).toBe(200);
    expect(((await unlock.json()) as { user: { locked: boolean; lockedUntil: string | null } }).user).toMatchObject({ locked: false, lockedUntil: null });
    expect(await userRow(t.users.staff.id)).toEqual({ failed_logins: 0, locked_until: null });
    expect((await postLogin(client, t.code, 'staff', t.users.staff.password)).status).toBe(200);
  });

  it('the lock ends by itself after lockoutMinutes, and the count starts again', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const client = new Client();
    await failTimes(client, t, 'staff', 5);
    const row = await userRow(t.users.staff.id);
    // locked for the account's 30 minutes (default)
    const minutes = (Date.parse(row!.locked_until!) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    // still locked one minute before the end
    await sql('UPDATE users SET locked_until = ? WHERE id = ?', new Date(Date.now() + 60_000).toISOString(), t.users.staff.id);
    expect((await postLogin(client, t.code, 'staff', t.users.staff.password)).status).toBe(401);
    // time passes: the lock is over
    await sql('UPDATE users SET locked_until = ? WHERE id = ?', new Date(Date.now() - 1000).toISOString(), t.users.staff.id);
    // a failure after expiry counts as the first of a new run, not the sixth
    await failTimes(client, t, 'staff', 1);
    expect(await userRow(t.users.staff.id)).toEqual({ failed_logins: 1, locked_until: null });
    expect((await postLogin(client, t.code, 'staff', t.users.staff.password)).status).toBe(200);
  });

  it('the threshold and duration follow the account settings', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const admin = await signIn(t, 'admin');
    await admin.api('/settings/security', { method: 'PUT', json: { ipAllowlist: [], lockoutThreshold: 3, lockoutMinutes: 5, mfaRequired: false } });
    const client = new Client();
    await failTimes(client, t, 'staff', 3);
    const row = await userRow(t.users.staff.id);
    expect(row!.failed_logins).toBe(3);
    const minutes = (Date.parse(row!.locked_until!) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4);
    expect(minutes).toBeLessThanOrEqual(5);
    expect((await postLogin(client, t.code, 'staff', t.users.staff.password)).status).toBe(401);
  });

  it('a lock affects only that user: others in the account still sign in', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }, { loginId: 'other', role: 'viewer' }] });
    const client = new Client();
    await failTimes(client, t, 'staff', 5);
    expect((await postLogin(new Client({ ip: client.ip }), t.code, 'other', t.users.other.password)).status).toBe(200);
    const err = await errorOf(await postLogin(client, t.code, 'staff', t.users.staff.password));
    expect(err.code).toBe('invalid_credentials');
  });
});
