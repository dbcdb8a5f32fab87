import { describe, expect, it } from 'vitest';
import { Client } from '../helpers/client';
import { createTenant, signIn } from '../helpers/tenant';

const expectSecurityHeaders = (res: Response) => {
  const h = res.headers;
  const csp = h.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=_-]+'/);
  expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
  expect(h.get('x-frame-options')).toBe('DENY');
  expect(h.get('x-content-type-options')).toBe('nosniff');
  expect(h.get('strict-transport-security')).toMatch(/max-age=\d{8,}/);
  expect(h.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
};

/** GET a web page, following same-origin redirects (e.g. to the sign-in page). */
const getPage = async (client: Client, path: string) => {
  let res = await client.fetch(path, { headers: { accept: 'text/html' } });
  for (let i = 0; i < 3 && res.status >= 300 && res.status < 400; i++) {
    const next = new URL(res.headers.get('location')!, 'http://localhost');
    expect(next.origin).toBe('http://localhost');
    expectSecurityHeaders(res);
    res = await client.fetch(next.pathname + next.search, { headers: { accept: 'text/html' } });
  }
  return res;
};

describe('security headers', () => {
  it('are on an API answer', async () => {
    const res = await new Client().fetch('/api/health');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('are on an HTML page (and on the redirect to it), with a fresh CSP nonce per response', async () => {
    const client = new Client();
    const a = await getPage(client, '/');
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await a.text()).toMatch(/<html/i);
    expectSecurityHeaders(a);
    expect(a.headers.get('cache-control')).toBe('no-store');
    const b = await getPage(client, '/');
    const nonce = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy')!)![1];
    expect(nonce(a)).not.toBe(nonce(b));
  });

  it('are on error answers (404, 401, 403, 400)', async () => {
    const client = new Client();
    for (const [res, status] of [
      [await client.api('/no-such-route'), 404],
      [await client.api('/me'), 401],
      [await new Client({ country: 'CN' }).fetch('/api/health'), 403],
      [await client.api('/auth/login', { body: '{not json', headers: { 'content-type': 'application/json' } }), 400],
    ] as const) {
      expect(res.status).toBe(status);
      expectSecurityHeaders(res);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('signed-in answers are never cached (Cache-Control: no-store)', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    for (const path of ['/me', '/users', '/settings/security', '/logs/access']) {
      const res = await admin.api(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expectSecurityHeaders(res);
    }
  });

  it('the API docs page is served under the same CSP, its scripts carrying the nonce', async () => {
    const res = await new Client().fetch('/api/docs');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy')!)![1];
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  });
});
