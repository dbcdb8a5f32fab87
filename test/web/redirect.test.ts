import { describe, expect, it } from 'vitest';
import { safeNext } from '../../web/src/lib/redirect';
import { Client, ORIGIN } from '../helpers/client';
import { createTenant, signIn } from '../helpers/tenant';

/**
 * `next` after sign-in and after the language switch may only lead to one of
 * our own paths. These are the known ways to turn a "same-site path" check into
 * an open redirect (browsers drop tabs and newlines, read \ as /, and resolve
 * /.// to a host), plus CR/LF/NUL, which would also break the Location header.
 */
const BYPASSES = [
  '/\t/evil.example/',
  '/%09/evil.example/',
  '/\n/evil.example/',
  '/%0a/evil.example/',
  '/\r\n/evil.example/',
  '/%0d%0aSet-Cookie:x=1',
  '/%00/evil.example',
  '/\u0000evil',
  '/\\evil.example',
  '/%5Cevil.example',
  '\\/evil.example',
  '%5C/evil.example',
  '/%2F/evil.example',
  '/%2f%2fevil.example',
  '//evil.example',
  '///evil.example',
  '/.//evil.example',
  '/./\\evil.example',
  '/../..//evil.example',
  'https://evil.example/',
  'https:evil.example',
  'http:/evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'evil.example',
  '%2F%2Fevil.example',
  '/\u0085evil',
  ' //evil.example',
  '',
];

describe('redirect targets (next)', () => {
  it('refuses every known open-redirect trick and falls back to /', () => {
    for (const next of BYPASSES) expect(safeNext(next, '/', ORIGIN), JSON.stringify(next)).toBe('/');
  });

  it('keeps our own paths, with their query and fragment', () => {
    for (const next of ['/', '/orders', '/orders?status=new&q=%E5%B1%B1%E7%94%B0', '/settings/logs?tab=access#top', '/stock/TOTE-NAT', '/orders?q=a%2Fb']) {
      expect(safeNext(next, '/', ORIGIN), next).toBe(next);
    }
  });

  const locationOf = (res: Response) => res.headers.get('location');
  /** Where a browser would end up after this Location: it must stay on our origin. */
  const landsOnUs = (location: string | null) => location !== null && new URL(location.replace(/[\t\n\r]/g, ''), ORIGIN).origin === ORIGIN;

  it('GET /lang never redirects away, and never answers 500', async () => {
    const client = new Client();
    for (const next of BYPASSES) {
      const res = await client.fetch(`/lang?to=ja&next=${encodeURIComponent(next)}`);
      expect(res.status, JSON.stringify(next)).toBe(302);
      expect(locationOf(res), JSON.stringify(next)).toBe('/');
    }
    // the probe's own request, exactly as sent
    const probe = await client.fetch('/lang?to=ja&next=/%09/evil.example/');
    expect(probe.status).toBe(302);
    expect(landsOnUs(locationOf(probe))).toBe(true);
    const switched = await client.fetch('/lang?to=en&next=%2Forders%3Fstatus%3Dnew');
    expect(locationOf(switched)).toBe('/orders?status=new');
    // the language cookie is read by the server only (wapiti flagged it without HttpOnly)
    expect(switched.headers.getSetCookie().find((c) => c.startsWith('kura_lang='))).toMatch(/HttpOnly/i);
  });

  it('GET /login?next= sends a signed-in user only to our own paths', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    for (const next of BYPASSES) {
      const res = await admin.fetch(`/login?next=${encodeURIComponent(next)}`);
      expect(res.status, JSON.stringify(next)).toBe(302);
      expect(locationOf(res), JSON.stringify(next)).toBe('/');
    }
    const probe = await admin.fetch('/login?next=/%09/evil.example/x');
    expect(landsOnUs(locationOf(probe))).toBe(true);
    expect(locationOf(await admin.fetch('/login?next=%2Fstock'))).toBe('/stock');
  });
});
