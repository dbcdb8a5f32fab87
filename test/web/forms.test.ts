import { describe, expect, it } from 'vitest';
import { createTenant, signIn } from '../helpers/tenant';

/**
 * A form that carries the CSRF token must be posted: sent with GET (the
 * default of a <form> without method, as when JavaScript has not loaded yet)
 * the token would land in the URL, and from there in logs and Referer headers.
 */
const PAGES = ['/', '/orders', '/orders/new', '/orders/rules', '/stock', '/stock/import', '/stock/adjust', '/channels', '/settings/users', '/settings/security', '/settings/tokens', '/settings/shop', '/account'];

describe('forms that carry the CSRF token', () => {
  it('are all method="post" on every page an admin uses', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const checked: string[] = [];
    for (const path of PAGES) {
      const res = await admin.fetch(path);
      if (res.status === 404) continue;
      expect(res.status, path).toBe(200);
      const html = await res.text();
      for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
        if (!/name="_csrf"/.test(m[2])) continue;
        const id = /id="([^"]+)"/.exec(m[1])?.[1] ?? m[1].slice(0, 60);
        checked.push(`${path} ${id}`);
        expect(/\bmethod="post"/i.test(m[1]), `${path}: form ${id} carries _csrf but is not method="post"`).toBe(true);
      }
    }
    expect(checked.some((c) => c.startsWith('/orders bulk-form'))).toBe(true);
  });
});
