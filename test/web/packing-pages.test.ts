import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, type Client } from '../helpers/client';
import { cancel, createSku, importOrder, orderBody, ship, transition } from '../helpers/orders';
import { createTenant, signIn } from '../helpers/tenant';

/**
 * The 検品 pages as the server renders them (they read the built web app:
 * `npm run build:web` first): the packing bench of one order with its lines,
 * the big scan field and the live status area, and the entry page that opens
 * an order's check from its order number or store order number.
 */

const page = async (c: Client, path: string, status = 200, lang?: 'en') => {
  const res = await c.fetch(path, lang ? { headers: { cookie: `${SESSION_COOKIE}=${c.cookie}; kura_lang=${lang}` } } : {});
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(status);
  expect(html).not.toMatch(/Internal Server Error|QWIK ERROR/);
  expect(html.trimEnd().endsWith('</html>'), `${path} is rendered to the end`).toBe(true);
  return html;
};

/** The opening tag of the element with this id. */
const tagOf = (html: string, id: string) => new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0] ?? '';

describe('the packing pages (検品)', () => {
  let op: Client;
  let order: { id: string; number: string; externalId: string };

  beforeAll(async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
    await createSku(op, 'PP-CUP', 50);
    await createSku(op, 'PP-TEA', 50);
    expect((await op.api('/skus/PP-CUP', { method: 'PATCH', json: { janCode: '4901234567894', name: '湯のみ' } })).status).toBe(200);
    expect((await op.api('/skus', { json: { code: 'PP-GIFT', name: 'ギフトセット', components: [{ sku: 'PP-CUP', quantity: 2 }, { sku: 'PP-TEA', quantity: 1 }] } })).status).toBe(201);
    order = (
      await importOrder(
        op,
        orderBody({
          externalId: 'PP-STORE-1',
          customerName: '佐藤 花子',
          lines: [
            { sku: 'PP-CUP', quantity: 2, unitPrice: 800 },
            { sku: 'PP-GIFT', quantity: 1, unitPrice: 3000 },
          ],
        }),
      )
    ).order;
  });

  it('shows the bench: order number, ship-to, each line and a set’s components with their counts, one big focused field and an assertive status', async () => {
    const html = await page(op, `/orders/${order.id}/pack`);
    expect(html).toContain(order.number);
    expect(html).toContain('佐藤 花子');
    expect(html).toContain('PP-STORE-1');
    const table = /<table[^>]*id="pack-lines"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    for (const text of ['PP-CUP', '4901234567894', '湯のみ', 'PP-GIFT', 'ギフトセット', 'PP-TEA', '構成品', '未検品']) expect(table, text).toContain(text);
    expect(table.match(/data-sku="PP-CUP"/g)).toHaveLength(2); // its own line, and as a component of the set
    expect(table.match(/data-state="pending"/g)).toHaveLength(4);
    expect(html).toContain('0 / 5 点');

    const input = tagOf(html, 'pack-scan');
    expect(input).toMatch(/autofocus/i);
    expect(input).toMatch(/type="text"/);
    expect(input).not.toMatch(/inputmode/i);
    // the field is in no form: Enter from the scanner never submits anything
    const before = html.slice(0, html.indexOf('id="pack-scan"'));
    expect(before.lastIndexOf('<form')).toBeLessThanOrEqual(before.lastIndexOf('</form>'));
    const status = tagOf(html, 'pack-status');
    expect(status).toMatch(/role="status"/);
    expect(status).toMatch(/aria-live="assertive"/);
    // nothing to record before the check is complete, and nothing to undo
    expect(html).not.toContain('id="pack-record"');
    expect(tagOf(html, 'pack-reset-open')).toMatch(/disabled/);
  });

  it('speaks English when the reader chose it', async () => {
    const html = await page(op, `/orders/${order.id}/pack`, 200, 'en');
    expect(html).toContain('Product barcode (JAN) or SKU');
    expect(html).toContain('0 of 5 items');
    expect(html).toContain('Not yet');
    expect(html).not.toContain('未検品');
  });

  it('shows the last recorded check, and 検品 in the order’s history', async () => {
    const res = await op.api(`/orders/${order.id}/packing`, {
      json: { scans: ['PP-CUP', 'PP-CUP', 'PP-GIFT'].map((code) => ({ code, at: new Date().toISOString() })), result: 'passed' },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await page(op, `/orders/${order.id}/pack`)).toContain('前回の検品');
    expect(/<ul[^>]*id="order-history"[\s\S]*?<\/ul>/.exec(await page(op, `/orders/${order.id}`))?.[0]).toContain('検品完了(5点)');
  });

  it('says why a shipped or cancelled order cannot be checked, with no scan field', async () => {
    const shipped = (await importOrder(op, orderBody({ externalId: 'PP-SHIPPED', lines: [{ sku: 'PP-TEA', quantity: 1, unitPrice: 500 }] }))).order;
    expect((await transition(op, shipped.id, 'ready_to_ship')).status).toBe(200);
    expect((await ship(op, shipped.id)).status).toBe(200);
    const cancelled = (await importOrder(op, orderBody({ externalId: 'PP-CANCELLED', lines: [{ sku: 'PP-TEA', quantity: 1, unitPrice: 500 }] }))).order;
    expect((await cancel(op, cancelled.id)).status).toBe(200);
    for (const o of [shipped, cancelled]) {
      const html = await page(op, `/orders/${o.id}/pack`);
      expect(html).toContain('id="pack-closed"');
      expect(html).not.toContain('id="pack-scan"');
    }
  });

  it('answers 404 for another account’s order, showing nothing of it', async () => {
    const other = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const otherOp = await signIn(other, 'op');
    await createSku(otherOp, 'PP-SECRET', 5);
    const theirs = (await importOrder(otherOp, orderBody({ externalId: 'PP-THEIRS', customerName: '他社 顧客', lines: [{ sku: 'PP-SECRET', quantity: 1, unitPrice: 100 }] }))).order;
    const html = await page(op, `/orders/${theirs.id}/pack`, 404);
    expect(html).toContain('id="packing-error"');
    expect(html).not.toMatch(/PP-SECRET|他社/);
  });

  it('opens an order’s check from its order number (any case, full-width) or store order number', async () => {
    for (const q of [order.number, order.number.toLowerCase(), order.number.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)), 'PP-STORE-1']) {
      const res = await op.fetch(`/orders/pack?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(302);
      expect(res.headers.get('location'), q).toBe(`/orders/${order.id}/pack`);
    }
  });

  it('shows the entry form, and says when nothing matches', async () => {
    const empty = await page(op, '/orders/pack');
    expect(tagOf(empty, 'pack-entry')).toMatch(/autofocus/i);
    expect(tagOf(empty, 'pack-entry-form')).toMatch(/method="get"/i);
    const none = await page(op, '/orders/pack?q=K999999');
    expect(none).toContain('id="pack-entry-none"');
    expect(none).toContain('K999999');
    // no number matches, but the search finds the order by its ship-to name: offered to choose
    const candidates = await page(op, `/orders/pack?q=${encodeURIComponent('佐藤')}`);
    expect(candidates).toContain('id="pack-entry-choose"');
    expect(candidates).toContain(`href="/orders/${order.id}/pack"`);
  });
});
