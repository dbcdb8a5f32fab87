import { beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_METHODS } from '../../worker/orders/choices';
import type { Client } from '../helpers/client';
import { connectChannel } from '../helpers/channels';
import { adjust, importOrder, orderBody } from '../helpers/orders';
import { createTenant, signIn } from '../helpers/tenant';

/**
 * Kura's payment methods on the pages, the mall's own value beside them: the
 * order page shows 「クレジットカード (楽天市場: クレジットカード)」, the 納品書
 * prints the mall's word where Kura only knows "other", and the rules page
 * offers the whole list. These read the built web app (`npm run build:web` first).
 */
const page = async (c: Client, path: string) => {
  const res = await c.fetch(path);
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(200);
  expect(html).not.toMatch(/Internal Server Error|QWIK ERROR/);
  expect(html.trimEnd().endsWith('</html>'), `${path} is rendered to the end`).toBe(true);
  return html.replace(/<!--[\s\S]*?-->/g, '');
};

describe('payment methods on the pages', () => {
  let op: Client;
  let admin: Client;

  beforeAll(async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    admin = await signIn(t, 'admin');
    op = await signIn(t, 'op');
    expect((await op.api('/skus', { json: { code: 'PMP-1', name: '湯呑み' } })).status).toBe(201);
    await adjust(op, 'PMP-1', 100, 'set');
  });

  it('the order page shows the mall’s own name beside Kura’s label', async () => {
    const ch = await connectChannel(admin, 'rakuten', ['PMP-1']);
    const body = orderBody({ externalId: 'PMP-RAW', channelId: ch.id, lines: [{ sku: 'PMP-1', quantity: 1, unitPrice: 1000 }] });
    const { order } = await importOrder(op, { ...body, payment: { method: 'credit_card', paid: true, raw: 'クレジットカード決済' } });
    const html = await page(op, `/orders/${order.id}`);
    expect(html).toMatch(/id="order-payment-method"[^>]*>クレジットカード</);
    expect(html).toMatch(/id="order-payment-raw"[^>]*>\(楽天市場: クレジットカード決済\)</);
  });

  it('the 納品書 prints the mall’s word for a method Kura files under その他', async () => {
    const body = orderBody({ externalId: 'PMP-OTHER', lines: [{ sku: 'PMP-1', quantity: 1, unitPrice: 1000 }] });
    const { order } = await importOrder(op, { ...body, payment: { method: 'other', paid: true, raw: '現金書留' } });
    expect(await page(op, `/orders/${order.id}/slip`)).toMatch(/id="slip-payment"[^>]*>現金書留</);
    const plain = await importOrder(op, orderBody({ externalId: 'PMP-CARD', lines: [{ sku: 'PMP-1', quantity: 1, unitPrice: 1000 }] }));
    expect(await page(op, `/orders/${plain.order.id}/slip`)).toMatch(/id="slip-payment"[^>]*>クレジットカード</);
  });

  it('the rules page offers every Kura payment method', async () => {
    const html = await page(admin, '/orders/rules');
    const select = /<select[^>]*name="paymentMethod"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    for (const m of PAYMENT_METHODS) expect(select, m).toContain(`value="${m}"`);
  });
});
