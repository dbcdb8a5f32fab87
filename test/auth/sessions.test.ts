import { describe, expect, it } from 'vitest';
import { Client, errorOf, eventually, SESSION_COOKIE } from '../helpers/client';
import { createTenant, postLogin, signIn, sql, sqlFirst } from '../helpers/tenant';

const sha256Hex = async (s: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s))), (b) => b.toString(16).padStart(2, '0')).join('');

/** The session row behind a cookie value. */
const sessionOf = async (cookie: string) => sqlFirst<{ id: string; revoked_at: string | null; expires_at: string; created_at: string }>('SELECT * FROM sessions WHERE token_hash = ?', await sha256Hex(cookie));

/** A client that carries someone's cookie but is otherwise new (an old browser tab, or a thief). */
const withCookie = (cookie: string) => {
  const c = new Client();
  c.cookie = cookie;
  return c;
};

describe('the session cookie', () => {
  it('is __Host- prefixed, HttpOnly, Secure, SameSite=Lax, Path=/ and has no Domain', async () => {
    const t = await createTenant();
    const res = await postLogin(new Client(), t.code, 'admin', t.admin.password);
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    const c = cookies[0];
    expect(c).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{40,};`));
    const attrs = c.split(';').slice(1).map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('secure');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
    // the value is random and only its hash is stored
    const value = /=([^;]+)/.exec(c)![1];
    expect(await sqlFirst('SELECT id FROM sessions WHERE token_hash = ?', value)).toBeNull();
    expect(await sessionOf(value)).not.toBeNull();
  });

  it('GET /me answers who is signed in, with the CSRF token for writes', async () => {
    const t = await createTenant();
    const client = await signIn(t, 'admin');
    const res = await client.api('/me');
    expect(res.status).toBe(200);
    const me = (await res.json()) as { user: Record<string, unknown>; account: Record<string, unknown>; csrfToken: string };
    expect(me.user).toMatchObject({ id: t.admin.id, loginId: 'admin', email: t.admin.email, role: 'admin', mfa: { totp: false, sms: false } });
    expect(me.account).toMatchObject({ code: t.code });
    expect(me.csrfToken.length).toBeGreaterThanOrEqual(24);
    expect(JSON.stringify(me)).not.toMatch(/pbkdf2|password/i);
  });

  it('without a cookie, or with a made-up one, /me answers 401', async () => {
    expect((await new Client().api('/me')).status).toBe(401);
    const res = await withCookie('made-up-session-value').api('/me');
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('unauthorized');
  });

  it('every sign-in starts a new session with a new id, also when an old cookie is sent along', async () => {
    const t = await createTenant();
    const client = await signIn(t, 'admin');
    const first = client.cookie!;
    // signing in again from the same browser, with the old cookie still present
    const res = await client.api('/auth/login', { json: { account: t.code, loginId: 'admin', password: t.admin.password } });
    expect(res.status).toBe(200);
    const second = client.cookie!;
    expect(second).not.toBe(first);
    const [a, b] = [await sessionOf(first), await sessionOf(second)];
    expect(a!.id).not.toBe(b!.id);
    const third = await signIn(t, 'admin');
    expect(new Set([first, second, third.cookie]).size).toBe(3);
  });

  it('signing in while carrying another user’s session cookie ends that session on the server', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    // a shared PC: the admin's session is still in the browser when staff signs in
    const browser = await signIn(t, 'admin');
    const adminCookie = browser.cookie!;
    const res = await browser.api('/auth/login', { json: { account: t.code, loginId: 'staff', password: t.users.staff.password } });
    expect(res.status).toBe(200);
    expect(browser.cookie).not.toBe(adminCookie);
    expect((await sessionOf(adminCookie))!.revoked_at).not.toBeNull();
    // a copy of the admin's cookie is useless now; staff's new session works
    expect((await withCookie(adminCookie).api('/me')).status).toBe(401);
    expect((await browser.api('/me')).status).toBe(200);
    // a failed sign-in leaves the carried session alone
    const other = await signIn(t, 'admin');
    const kept = other.cookie!;
    expect((await other.api('/auth/login', { json: { account: t.code, loginId: 'staff', password: 'Wrong-Passw0rd-9' } })).status).toBe(401);
    expect((await sessionOf(kept))!.revoked_at).toBeNull();
  });

  it('logout (204) makes the old cookie useless on the server, and clears it in the browser', async () => {
    const t = await createTenant();
    const client = await signIn(t, 'admin');
    const cookie = client.cookie!;
    const res = await client.api('/auth/logout', { method: 'POST' });
    expect(res.status).toBe(204);
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect((await sessionOf(cookie))!.revoked_at).not.toBeNull();
    // someone who kept a copy of the cookie
    expect((await withCookie(cookie).api('/me')).status).toBe(401);
  });

  it('changing the password ends the user’s other sessions and renews this one', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const laptop = await signIn(t, 'staff');
    const phone = await signIn(t, 'staff');
    const colleague = await signIn(t, 'admin');
    const oldLaptopCookie = laptop.cookie!;

    const res = await laptop.api('/me/password', { json: { currentPassword: t.users.staff.password, newPassword: 'Fresh-Lantern-2046' } });
    expect(res.status).toBe(200);
    expect(laptop.cookie).not.toBe(oldLaptopCookie);
    expect((await laptop.api('/me')).status).toBe(200);
    expect((await phone.api('/me')).status).toBe(401);
    expect((await withCookie(oldLaptopCookie).api('/me')).status).toBe(401);
    // other users keep theirs
    expect((await colleague.api('/me')).status).toBe(200);
    // and only the new password signs in
    expect((await postLogin(new Client(), t.code, 'staff', t.users.staff.password)).status).toBe(401);
    expect((await postLogin(new Client(), t.code, 'staff', 'Fresh-Lantern-2046')).status).toBe(200);
  });

  it('disabling a user ends their sessions at once and refuses their sign-in', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const staff = await signIn(t, 'staff');
    const admin = await signIn(t, 'admin');
    const res = await admin.api(`/users/${t.users.staff.id}`, { method: 'PATCH', json: { status: 'disabled' } });
    expect(res.status).toBe(200);
    expect((await staff.api('/me')).status).toBe(401);
    const login = await postLogin(new Client(), t.code, 'staff', t.users.staff.password);
    expect(login.status).toBe(401);
    expect((await errorOf(login)).code).toBe('invalid_credentials');
  });

  it('an admin password reset ends the user’s sessions', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const staff = await signIn(t, 'staff');
    const admin = await signIn(t, 'admin');
    expect((await admin.api(`/users/${t.users.staff.id}`, { method: 'PATCH', json: { password: 'Reset-By-Admin-77' } })).status).toBe(200);
    expect((await staff.api('/me')).status).toBe(401);
    expect((await admin.api('/me')).status).toBe(200);
  });

  it('a session idle for more than 60 minutes has ended', async () => {
    const t = await createTenant();
    const client = await signIn(t, 'admin');
    const s = await sessionOf(client.cookie!);
    await sql('UPDATE sessions SET last_seen_at = ? WHERE id = ?', new Date(Date.now() - 59 * 60_000).toISOString(), s!.id);
    // 59 minutes idle: still valid, and using it refreshes it
    expect((await client.api('/me')).status).toBe(200);
    await sql('UPDATE sessions SET last_seen_at = ? WHERE id = ?', new Date(Date.now() - 61 * 60_000).toISOString(), s!.id);
    expect((await client.api('/me')).status).toBe(401);
  });

  it('using a session keeps it alive (last_seen_at moves forward)', async () => {
    const t = await createTenant();
    const client = await signIn(t, 'admin');
    const s = await sessionOf(client.cookie!);
    const longAgo = new Date(Date.now() - 30 * 60_000).toISOString();
    await sql('UPDATE sessions SET last_seen_at = ? WHERE id = ?', longAgo, s!.id);
    expect((await client.api('/me')).status).toBe(200);
    await eventually(async () => {
      const row = await sqlFirst<{ last_seen_at: string }>('SELECT last_seen_at FROM sessions WHERE id = ?', s!.id);
      expect(Date.parse(row!.last_seen_at)).toBeGreaterThan(Date.now() - 60_000);
    });
  });

  it('a session past its absolute expiry (12 hours) has ended, even if in use', async () => {
    const t = await createTenant();
    const client = await signIn(t, 'admin');
    const s = await sessionOf(client.cookie!);
    const hours = (Date.parse(s!.expires_at) - Date.parse(s!.created_at)) / 3600_000;
    expect(hours).toBe(12);
    await sql('UPDATE sessions SET expires_at = ? WHERE id = ?', new Date(Date.now() - 1000).toISOString(), s!.id);
    expect((await client.api('/me')).status).toBe(401);
  });

  it('suspending the account ends its sessions', async () => {
    const t = await createTenant();
    const client = await signIn(t, 'admin');
    await sql("UPDATE accounts SET status = 'suspended' WHERE id = ?", t.id);
    expect((await client.api('/me')).status).toBe(401);
    expect((await postLogin(new Client(), t.code, 'admin', t.admin.password)).status).toBe(401);
  });
});
