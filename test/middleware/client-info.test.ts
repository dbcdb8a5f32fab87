import { describe, expect, it } from 'vitest';
import { Client, errorOf, eventually } from '../helpers/client';
import { createTenant, signIn, sqlFirst } from '../helpers/tenant';

const production = { ENVIRONMENT: 'production' } as const;

describe('client address and country from Cloudflare’s headers', () => {
  it('in production, a request without CF-Connecting-IP or CF-IPCountry fails closed (403)', async () => {
    const noIp = await new Client({ envOverrides: production, ip: '', country: 'JP' }).fetch('/api/health');
    expect(noIp.status).toBe(403);
    expect((await errorOf(noIp)).code).toBe('country_not_allowed');
    const noCountry = await new Client({ envOverrides: production, country: null }).fetch('/api/health');
    expect(noCountry.status).toBe(403);
    expect((await errorOf(noCountry)).code).toBe('country_not_allowed');
    const page = await new Client({ envOverrides: production, ip: '', country: null }).fetch('/');
    expect(page.status).toBe(403);
    // with both headers, production serves normally
    expect((await new Client({ envOverrides: production }).fetch('/api/health')).status).toBe(200);
  });

  it('in development, missing headers count as JP and 127.0.0.1', async () => {
    const rid = `noheaders${Date.now()}`;
    const res = await new Client({ ip: '', country: null }).fetch('/api/health', { headers: { 'x-request-id': rid } });
    expect(res.status).toBe(200);
    const row = await eventually(async () => {
      const r = await sqlFirst<{ ip: string; country: string }>('SELECT ip, country FROM access_logs WHERE request_id = ?', rid);
      expect(r).not.toBeNull();
      return r!;
    });
    expect(row).toEqual({ ip: '127.0.0.1', country: 'JP' });
  });

  it('the development-only routes (/api/v1/dev/*) do not exist in production', async () => {
    const prod = new Client({ envOverrides: production });
    for (const [method, path] of [['GET', '/dev/outbox'], ['POST', '/dev/seed']] as const) {
      const res = await prod.api(path, { method });
      expect(res.status, path).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
    expect((await new Client().api('/dev/outbox')).status).toBe(200);
  });

  it('in production, sign-in works with the headers set, and mail is not written to the outbox', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const client = new Client({ envOverrides: production });
    const res = await client.api('/auth/login', { json: { account: t.code, loginId: 'staff', password: t.users.staff.password } });
    expect(res.status).toBe(200);
    await client.refreshCsrf();
    expect((await client.api('/me')).status).toBe(200);
    // five failures lock the user in production too; without a mail provider the notice is not stored locally
    for (let i = 0; i < 5; i++) await new Client({ envOverrides: production }).api('/auth/login', { json: { account: t.code, loginId: 'staff', password: 'Wrong-Passw0rd-x' } });
    const locked = await sqlFirst<{ locked_until: string | null }>('SELECT locked_until FROM users WHERE id = ?', t.users.staff.id);
    expect(locked!.locked_until).not.toBeNull();
    const stored = await sqlFirst<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE "to" = ?', t.users.staff.email);
    expect(stored!.n).toBe(0);
  });

  it('a signed-in session works in production with the same cookie rules', async () => {
    const t = await createTenant();
    const dev = await signIn(t, 'admin');
    const prod = new Client({ envOverrides: production, ip: dev.ip });
    prod.cookie = dev.cookie;
    prod.csrfToken = dev.csrfToken;
    expect((await prod.api('/me')).status).toBe(200);
  });
});
