import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, type Client } from '../helpers/client';
import { createSku, importOrder, orderBody, ship, transition } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/**
 * 返品・交換 pages as the server renders them (they read the built web app:
 * `npm run build:web` first): the return form of a shipped order with its
 * confirmation, the order's returns below it, the refusal for an order not
 * shipped, and 返品一覧 paged on the server with its count, in both languages.
 */

/** The page's HTML, rendered to the end without a server error. */
const page = async (c: Client, path: string, opts: { status?: number; lang?: 'ja' | 'en' } = {}) => {
  const res = await c.fetch(path, opts.lang ? { headers: { cookie: `${SESSION_COOKIE}=${c.cookie}; kura_lang=${opts.lang}` } } : {});
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(opts.status ?? 200);
  expect(html).not.toMatch(/Internal Server Error|QWIK ERROR/);
  expect(html.trimEnd().endsWith('</html>'), `${path} is rendered to the end`).toBe(true);
  return html;
};

describe('the returns pages (返品・交換)', () => {
  let t: Tenant;
  let op: Client;
  let shipped: { id: string; number: string };
  let open: { id: string; number: string };
  let returnNumber: string;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }, { loginId: 'viewer', role: 'viewer' }] });
    op = await signIn(t, 'op');
    await createSku(op, 'RP-TEE', 20);
    await createSku(op, 'RP-CAP', 20);
    shipped = (await importOrder(op, orderBody({ externalId: `RP-SHIP-${t.code}`, lines: [{ sku: 'RP-TEE', quantity: 3, unitPrice: 2500 }, { sku: 'RP-CAP', quantity: 1, unitPrice: 1800 }] }))).order;
    expect((await transition(op, shipped.id, 'ready_to_ship')).status).toBe(200);
    expect((await ship(op, shipped.id)).status).toBe(200);
    open = (await importOrder(op, orderBody({ externalId: `RP-OPEN-${t.code}`, lines: [{ sku: 'RP-CAP', quantity: 1, unitPrice: 1800 }] }))).order;
  });

  it('shows the return form of a shipped order: each SKU with what may come back, and a confirmation before saving', async () => {
    const html = await page(op, `/orders/${shipped.id}/return`);
    expect(html).toContain('id="return-form"');
    expect(html).toContain('data-sku="RP-TEE"');
    expect(html).toContain('data-sku="RP-CAP"');
    expect(html).toContain('name="requestKey"');
    expect(html).toContain('name="qty_0"');
    expect(html).toContain('name="sellable_0"');
    expect(html).toContain('id="return-confirm"');
    expect(html).toContain('お客様都合');
    expect(html).toContain('返金待ち');
    expect(html).toContain('まだ返品はありません');
    expect(html).toContain(shipped.number);
  });

  it('after a return: the form shows what is left, the order’s returns list it, and the order’s history names it', async () => {
    const res = await op.api(`/orders/${shipped.id}/returns`, { json: { lines: [{ sku: 'RP-TEE', quantity: 2, sellable: 1 }], reason: 'defective', refund: { status: 'pending', amount: 2500 } } });
    expect(res.status).toBe(201);
    returnNumber = ((await res.json()) as { return: { number: string } }).return.number;
    const html = await page(op, `/orders/${shipped.id}/return?done=${returnNumber}`);
    expect(html).toContain('id="return-done"');
    expect(html).toContain(`data-number="${returnNumber}"`);
    expect(html).toContain('在庫に戻しました');
    expect(html).toContain('交換品を手配');
    const detail = await page(op, `/orders/${shipped.id}`);
    expect(detail).toContain(`返品を登録 ${returnNumber}`);
  });

  it('says plainly that an order not yet shipped takes no return', async () => {
    const html = await page(op, `/orders/${open.id}/return`);
    expect(html).toContain('id="return-not-shipped"');
    expect(html).not.toContain('id="return-form"');
  });

  it('answers 404 for another account’s order', async () => {
    const other = await signIn(await createTenant(), 'admin');
    const html = await page(other, `/orders/${shipped.id}/return`, { status: 404 });
    expect(html).not.toContain(shipped.number);
  });

  it('lists returns with their count, the order’s K-number linked, filtered by refund status; in English too', async () => {
    const html = await page(op, '/orders/returns');
    expect(html).toContain('id="returns-count"');
    expect(html).toContain('1件');
    expect(html).toContain(`data-number="${returnNumber}"`);
    expect(html).toContain(`href="/orders/${shipped.id}"`);
    expect(html).toContain('返金待ち');
    const none = await page(op, '/orders/returns?refundStatus=refunded');
    expect(none).toContain('0件');
    expect(none).not.toContain(`data-number="${returnNumber}"`);
    const en = await page(op, '/orders/returns', { lang: 'en' });
    expect(en).toContain('To be refunded');
    expect(en).toContain('Returns');
  });

  it('lets a viewer read the returns but shows no form', async () => {
    const viewer = await signIn(t, 'viewer');
    const html = await page(viewer, `/orders/${shipped.id}/return`);
    expect(html).not.toContain('id="return-form"');
    expect(html).toContain(`data-number="${returnNumber}"`);
  });
});
