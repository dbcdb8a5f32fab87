import { describe, expect, it } from 'vitest';
import { Client, errorOf, ORIGIN } from '../helpers/client';
import { createTenant, signIn, sqlFirst } from '../helpers/tenant';

const newUser = (n: string) => ({ loginId: n, name: 'New user', email: `${n}@example.com`, role: 'viewer', password: 'Harbour-Crane-42' });

const userCount = async (accountId: string) => (await sqlFirst<{ n: number }>('SELECT count(*) AS n FROM users WHERE account_id = ?', accountId))!.n;

describe('cross-site request forgery defences on cookie-authenticated writes', () => {
  it('a write without X-CSRF-Token is refused (403 csrf_token) and changes nothing', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const before = await userCount(t.id);
    const res = await admin.api('/users', { json: newUser('nocsrf'), csrf: false });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('csrf_token');
    const wrong = await admin.api('/users', { json: newUser('wrongcsrf'), csrf: false, headers: { 'x-csrf-token': 'x'.repeat(32) } });
    expect(wrong.status).toBe(403);
    expect(await userCount(t.id)).toBe(before);
    // the same request with the token works
    expect((await admin.api('/users', { json: newUser('withcsrf') })).status).toBe(201);
    expect(await userCount(t.id)).toBe(before + 1);
  });

  it('a write from a foreign Origin is refused (403 csrf_origin), even with the token', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const before = await userCount(t.id);
    for (const origin of ['https://evil.example', 'http://localhost:8080', 'https://localhost', 'null']) {
      const res = await admin.api('/users', { json: newUser('evil'), origin });
      expect(res.status, origin).toBe(403);
      expect((await errorOf(res)).code).toBe('csrf_origin');
    }
    // without Origin, only Sec-Fetch-Site: same-origin is accepted
    expect((await admin.api('/users', { json: newUser('noorigin'), origin: null })).status).toBe(403);
    expect((await admin.api('/users', { json: newUser('crosssite'), origin: null, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect(await userCount(t.id)).toBe(before);
    expect((await admin.api('/users', { json: newUser('samesite'), origin: null, headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(201);
  });

  it('a form post (text/plain, urlencoded, multipart) is refused and changes nothing', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const before = await userCount(t.id);
    const json = JSON.stringify(newUser('formpost'));
    const bodies: [string, BodyInit][] = [
      ['text/plain', json],
      ['application/x-www-form-urlencoded', new URLSearchParams({ loginId: 'formpost', role: 'admin' }).toString()],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="loginId"\r\n\r\nformpost\r\n--x--\r\n`],
    ];
    for (const [type, body] of bodies) {
      // what a hostile page can send: the cookie rides along, no token, foreign origin
      const attack = await admin.api('/users', { body, headers: { 'content-type': type }, csrf: false, origin: 'https://evil.example' });
      expect(attack.status, type).toBe(403);
      // even same-origin with the token, a non-JSON body is 415
      const res = await admin.api('/users', { body, headers: { 'content-type': type } });
      expect(res.status, type).toBe(415);
      expect((await errorOf(res)).code).toBe('unsupported_media_type');
    }
    expect(await userCount(t.id)).toBe(before);
  });

  it('settings cannot be changed cross-site', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const res = await admin.api('/settings/security', {
      method: 'PUT',
      json: { ipAllowlist: [], lockoutThreshold: 20, lockoutMinutes: 1, mfaRequired: false },
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(403);
    const row = await sqlFirst<{ lockout_threshold: number }>('SELECT lockout_threshold FROM accounts WHERE id = ?', t.id);
    expect(row!.lockout_threshold).toBe(5);
  });

  it('logout cannot be forced cross-site', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    expect((await admin.api('/auth/logout', { method: 'POST', csrf: false, origin: 'https://evil.example' })).status).toBe(403);
    expect((await admin.api('/me')).status).toBe(200);
  });

  it('sign-in from a foreign Origin is refused (login CSRF), and sets no cookie', async () => {
    const t = await createTenant();
    const res = await new Client().api('/auth/login', {
      json: { account: t.code, loginId: 'admin', password: t.admin.password },
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('csrf_origin');
    expect(res.headers.get('set-cookie')).toBeNull();
    const noOrigin = await new Client().api('/auth/login', { json: { account: t.code, loginId: 'admin', password: t.admin.password }, origin: null });
    expect(noOrigin.status).toBe(403);
    expect((await new Client().api('/auth/login', { json: { account: t.code, loginId: 'admin', password: t.admin.password }, headers: { origin: ORIGIN } })).status).toBe(200);
  });

  it('API tokens need no CSRF token (no cookie is involved)', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const { token } = (await (await admin.api('/api-tokens', { json: { name: 'erp', scopes: ['orders:read'] } })).json()) as { token: string };
    // a bearer request from a foreign origin is not a CSRF risk: it is judged on the token alone
    const res = await new Client().api('/users', { json: newUser('bytoken'), bearer: token, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('forbidden');
  });
});
