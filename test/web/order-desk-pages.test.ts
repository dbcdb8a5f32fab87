import { describe, expect, it } from 'vitest';
import { createTenant, signIn, sql } from '../helpers/tenant';
import { eventually } from '../helpers/client';
import { createSku, importOrder, orderBody } from '../helpers/orders';

/**
 * The order desk's pages as the server renders them (issue #10's defects):
 * bulk 納品書 render to the end, a page view leaves one access-log entry
 * plus one per API call it made, and the placeholders say what is built.
 */
describe('the order desk pages', () => {
  it('prints three or more 納品書 in one run with no server error after the last', async () => {
    const t = await createTenant({ users: [{ loginId: 'operator', role: 'operator' }] });
    const op = await signIn(t, 'operator');
    await createSku(op, 'SLIP-1', 10);
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) ids.push((await importOrder(op, orderBody({ externalId: `SLIPS-${i}`, lines: [{ sku: 'SLIP-1', quantity: 1, unitPrice: 1200 }] }))).order.id);
    const res = await op.fetch(`/orders/slips?ids=${ids.join(',')}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/Internal Server Error|QWIK ERROR/);
    expect(html.match(/<article\b[^>]*class="slip"/g)).toHaveLength(3);
    // the document is whole: the last slip is followed by the page's closing tags
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('id="slip-count"');
  });

  it('logs a page view once, with one entry per API call it made, under the page request id', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const res = await admin.fetch('/orders');
    expect(res.status).toBe(200);
    await res.text();
    const id = res.headers.get('x-request-id')!;
    const rows = await eventually(async () => {
      const r = await sql<{ method: string; path: string }>('SELECT method, path FROM access_logs WHERE request_id = ?', id);
      expect(r.some((x) => x.path === '/orders')).toBe(true);
      expect(r.length).toBeGreaterThan(1);
      return r;
    });
    const pages = rows.filter((r) => !r.path.startsWith('/api/'));
    expect(pages).toEqual([{ method: 'GET', path: '/orders' }]);
    const calls = rows.filter((r) => r.path.startsWith('/api/v1/')).map((r) => `${r.method} ${r.path}`);
    expect(calls).toContain('GET /api/v1/orders');
    // no call is made twice, and nothing but the API is fetched on the page's behalf
    expect(new Set(calls).size).toBe(calls.length);
    expect(rows.length).toBe(1 + calls.length);
  });

  it('says truthfully what is built on the 商品 and 発注 placeholders, チャネル included', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    for (const path of ['/products', '/purchasing']) {
      const html = await (await admin.fetch(path)).text();
      const built = /<ul id="built-now">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
      for (const href of ['/orders', '/stock', '/channels', '/settings']) expect(built, path).toContain(`href="${href}"`);
      expect(built, path).toContain('チャネル');
      expect(built, path).toContain('Shopify');
    }
  });
});
