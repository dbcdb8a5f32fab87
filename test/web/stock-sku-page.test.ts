import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../helpers/client';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';
import { adjust, importOrder, orderBody } from '../helpers/orders';

/**
 * The SKU page as the server renders it (reads the built web app: `npm run
 * build:web` first): the reserved orders and the ledger name an order by its
 * K-number, linked to the order, and the ledger says who acted by name.
 */
const page = async (c: Client, path: string) => {
  const res = await c.fetch(path);
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(200);
  expect(html).not.toMatch(/Internal Server Error|QWIK ERROR/);
  expect(html.trimEnd().endsWith('</html>'), `${path} is rendered to the end`).toBe(true);
  return html;
};

/** The markup of one element by id, to its closing tag (tables here do not nest), Qwik's comment markers left out. */
const section = (html: string, id: string, tag = 'table') =>
  (new RegExp(`<${tag}\\b[^>]*id="${id}"[\\s\\S]*?</${tag}>`).exec(html)?.[0] ?? '').replace(/<!--[\s\S]*?-->/g, '');

describe('the SKU page (在庫 › SKU)', () => {
  let t: Tenant;
  let op: Client;
  let order: { id: string; number: string };

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
    expect((await op.api('/skus', { json: { code: 'PAGE-MUG', name: 'マグカップ' } })).status).toBe(201);
    await adjust(op, 'PAGE-MUG', 10, 'set');
    ({ order } = await importOrder(op, orderBody({ externalId: 'PAGE-1', lines: [{ sku: 'PAGE-MUG', quantity: 2, unitPrice: 1200 }] })));
    // a reservation under a reference that is no order
    expect((await op.api('/stock/reservations', { json: { reference: 'PHONE-42', lines: [{ sku: 'PAGE-MUG', quantity: 1 }] } })).status).toBe(201);
  });

  it('links the reserved order and the ledger’s reference by K-number, and names who acted', async () => {
    const html = await page(op, '/stock/sku/PAGE-MUG');
    const link = new RegExp(`<a\\b[^>]*href="/orders/${order.id}"[^>]*>\\s*${order.number}\\s*</a>`);
    const reserved = section(html, 'reservations-table');
    expect(reserved).toMatch(link);
    // a reference that is no order is shown as it is, unlinked
    expect(reserved).toContain('PHONE-42');
    expect(reserved).not.toMatch(/href="\/orders\/PHONE-42"/);
    const ledger = section(html, 'ledger-table');
    expect(ledger).toMatch(link);
    expect(ledger).not.toContain(`>${order.id}<`);
    // 担当者: the user's name, never a raw id
    expect(ledger).toContain('担当者');
    expect(ledger).toContain('operator op (op)');
    expect(ledger).not.toContain(`user:${t.users.op.id}`);
    expect(ledger).not.toContain(t.users.op.id);
  });

  it('keeps the ledger CSV link, and the stock list keeps its export link (an admin: every permission)', async () => {
    const admin = await signIn(t, 'admin');
    const html = await page(admin, '/stock/sku/PAGE-MUG');
    expect(html).toMatch(/href="\/api\/v1\/stock\/PAGE-MUG\/ledger\?format=csv(&amp;|&)encoding=shift_jis"/);
    const list = await page(admin, '/stock');
    expect(list).toMatch(/href="\/api\/v1\/stock\/export\?encoding=shift_jis"/);
    // and both answer
    expect((await op.api('/stock/PAGE-MUG/ledger?format=csv&encoding=shift_jis')).status).toBe(200);
    expect((await op.api('/stock/export?encoding=shift_jis')).status).toBe(200);
  });
});
