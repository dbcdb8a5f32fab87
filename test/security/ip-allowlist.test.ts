import { describe, expect, it, vi } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { uniqueRange4, uniqueRange6 } from '../helpers/net';
import { createTenant, postLogin, signIn, sqlFirst } from '../helpers/tenant';

const settings = (ipAllowlist: string[]) => ({ ipAllowlist, lockoutThreshold: 5, lockoutMinutes: 30, mfaRequired: false });

/** The same browser session seen from another address (Cloudflare reports the new one). */
const from = (c: Client, ip: string) => {
  const other = new Client({ ip });
  other.cookie = c.cookie;
  other.csrfToken = c.csrfToken;
  return other;
};

describe('IP allowlist', () => {
  it('with IPv4 and IPv6 ranges set, requests from outside get 403 ip_not_allowed, inside pass', async () => {
    const v4 = uniqueRange4();
    const v6 = uniqueRange6();
    const outside = uniqueRange4();
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const admin = await signIn(t, 'admin', new Client({ ip: v4.ip(10) }));

    const put = await admin.api('/settings/security', { method: 'PUT', json: settings([v4.cidr, v6.cidr]) });
    expect(put.status).toBe(200);
    expect(((await (await admin.api('/settings/security')).json()) as { ipAllowlist: string[] }).ipAllowlist).toEqual([v4.cidr, v6.cidr]);

    // the admin's session, from inside and outside
    expect((await admin.api('/me')).status).toBe(200);
    const refused = await from(admin, outside.ip(10)).api('/users');
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('ip_not_allowed');
    expect((await from(admin, outside.ip(10)).api('/me')).status).toBe(403);
    expect((await from(admin, v6.ip('5')).api('/me')).status).toBe(200);
    expect((await from(admin, v4.ip(250)).api('/users')).status).toBe(200);
    // an IPv4 address written in its IPv6-mapped form is still inside
    expect((await from(admin, `::ffff:${v4.ip(20)}`).api('/me')).status).toBe(200);
    // a neighbouring IPv6 prefix is outside
    expect((await from(admin, '2001:db9::1').api('/me')).status).toBe(403);

    // sign-in from outside is refused before the password is even looked at, and answered
    // exactly like an unknown company code, so outsiders cannot enumerate codes
    const login = await postLogin(new Client({ ip: outside.ip(11) }), t.code, 'staff', t.users.staff.password);
    expect(login.status).toBe(401);
    expect((await errorOf(login)).code).toBe('invalid_credentials');
    expect(login.headers.get('set-cookie')).toBeNull();
    // from inside (over IPv6) it works
    expect((await postLogin(new Client({ ip: v6.ip('abc') }), t.code, 'staff', t.users.staff.password)).status).toBe(200);
  });

  it('API tokens are held to the allowlist too', async () => {
    const v4 = uniqueRange4();
    const t = await createTenant();
    const admin = await signIn(t, 'admin', new Client({ ip: v4.ip(1) }));
    const { token } = (await (await admin.api('/api-tokens', { json: { name: 'erp', scopes: ['orders:read'] } })).json()) as { token: string };
    await admin.api('/settings/security', { method: 'PUT', json: settings([v4.cidr]) });
    const outside = await new Client().api('/openapi.json', { bearer: token });
    expect(outside.status).toBe(403);
    expect((await errorOf(outside)).code).toBe('ip_not_allowed');
    expect((await new Client({ ip: v4.ip(2) }).api('/openapi.json', { bearer: token })).status).toBe(200);
  });

  it('from outside the allowlist, an existing company code answers exactly like an unknown one, and the refusal is logged', async () => {
    const v4 = uniqueRange4();
    const outside = uniqueRange4();
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const admin = await signIn(t, 'admin', new Client({ ip: v4.ip(1) }));
    await admin.api('/settings/security', { method: 'PUT', json: settings([v4.cidr]) });
    const warnings: string[] = [];
    const spy = vi.spyOn(console, 'warn').mockImplementation((m: string) => void warnings.push(String(m)));
    try {
      const existing = await postLogin(new Client({ ip: outside.ip(3) }), t.code, 'staff', 'Wrong-Passw0rd-1');
      const existingRight = await postLogin(new Client({ ip: outside.ip(4) }), t.code, 'staff', t.users.staff.password);
      const unknown = await postLogin(new Client({ ip: outside.ip(5) }), `${t.code}x`, 'staff', 'Wrong-Passw0rd-1');
      const bodies = await Promise.all([existing, existingRight, unknown].map(async (r) => ({ status: r.status, body: await r.text() })));
      expect(bodies[0]).toEqual(bodies[2]);
      expect(bodies[1]).toEqual(bodies[2]);
      expect(bodies[2].status).toBe(401);
    } finally {
      spy.mockRestore();
    }
    expect(warnings.some((w) => w.includes('access refused') && w.includes('ip_not_allowed') && w.includes(t.id))).toBe(true);
    // the refused attempts did not count towards the lockout
    expect(await sqlFirst<{ failed_logins: number }>('SELECT failed_logins FROM users WHERE id = ?', t.users.staff.id)).toEqual({ failed_logins: 0 });
  });

  it('an empty allowlist means any address', async () => {
    const v4 = uniqueRange4();
    const t = await createTenant();
    const admin = await signIn(t, 'admin', new Client({ ip: v4.ip(1) }));
    await admin.api('/settings/security', { method: 'PUT', json: settings([v4.cidr]) });
    expect((await from(admin, '192.0.2.44').api('/me')).status).toBe(403);
    expect((await admin.api('/settings/security', { method: 'PUT', json: settings([]) })).status).toBe(200);
    expect((await from(admin, '192.0.2.44').api('/me')).status).toBe(200);
  });

  it('an allowlist that would exclude the admin’s own address is refused with 409 would_lock_out', async () => {
    const mine = uniqueRange4();
    const elsewhere = uniqueRange4();
    const t = await createTenant();
    const admin = await signIn(t, 'admin', new Client({ ip: mine.ip(7) }));
    const res = await admin.api('/settings/security', { method: 'PUT', json: settings([elsewhere.cidr, '2001:db8::/32']) });
    expect(res.status).toBe(409);
    const err = await errorOf(res);
    expect(err.code).toBe('would_lock_out');
    expect(err.message).toContain(mine.ip(7));
    const row = await sqlFirst<{ ip_allowlist: string }>('SELECT ip_allowlist FROM accounts WHERE id = ?', t.id);
    expect(JSON.parse(row!.ip_allowlist)).toEqual([]);
    expect((await admin.api('/me')).status).toBe(200);
  });

  it('refuses ranges that are not IPv4 or IPv6 CIDR (400 naming the entry)', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    for (const bad of ['10.0.0.0/33', '300.1.1.1', 'example.com', '2001:db8::/129', '']) {
      const res = await admin.api('/settings/security', { method: 'PUT', json: settings([bad]) });
      expect(res.status, bad).toBe(400);
      const err = await errorOf(res);
      expect(err.code).toBe('validation_error');
      expect((err.details as { field: string }[]).map((d) => d.field)).toContain('ipAllowlist.0');
    }
  });
});
