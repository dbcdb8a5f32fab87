import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Client } from '../helpers/client';
import { connectChannel, storeQuantity, type TestChannel } from '../helpers/channels';
import { sampleOrder } from '../helpers/fakes';
import { adjust, createSku, stockOf } from '../helpers/orders';
import { createTenant, signIn, sql, sqlFirst, type Tenant } from '../helpers/tenant';

/**
 * The promise Kura exists for, end to end through the real sync path
 * (StockLedger → stock-changed queue → ChannelSync DO → adapters → the four
 * malls' conformance fakes over HTTP): a sale on one store reaches every other
 * store with the right quantity, and a cancel brings it back.
 */
describe('sync end to end', () => {
  let t: Tenant;
  let admin: Client;
  let n = 0;
  const everyStore = async (chs: TestChannel[], sku: string, quantity: number, timeoutMs = 15_000) =>
    eventually(async () => {
      for (const ch of chs) expect(await storeQuantity(ch, sku), `${ch.mall} shows ${sku}`).toBe(quantity);
    }, timeoutMs);
  const pull = async (ch: TestChannel) => expect((await admin.api(`/channels/${ch.id}/sync`, { json: { what: 'orders' } })).status).toBe(202);
  const ordersOf = async (ch: TestChannel) => ((await (await admin.api(`/orders?channelId=${ch.id}&limit=200`)).json()) as { items: { id: string; externalId: string; status: string; reserved: boolean; stockWarning: boolean }[] }).items;

  beforeAll(async () => {
    t = await createTenant();
    admin = await signIn(t, 'admin');
  });

  it('a sale on Shopify reaches Rakuten, Yahoo! and Amazon with the right quantity, and a cancel brings it back', async () => {
    const sku = await createSku(admin, `E2E-${++n}`, 10);
    const shopify = await connectChannel(admin, 'shopify', [sku], { fakeQuantity: 10 });
    const others = [await connectChannel(admin, 'rakuten', [sku]), await connectChannel(admin, 'yahoo', [sku]), await connectChannel(admin, 'amazon', [sku])];
    // listing a SKU publishes it at once
    await everyStore(others, sku, 10);

    const placed = await shopify.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 3, unitPrice: 2980 }] }));
    await pull(shopify);
    await eventually(async () => expect((await ordersOf(shopify)).map((o) => o.externalId)).toEqual([placed.id]), 15_000);
    expect(await stockOf(admin, sku)).toMatchObject({ onHand: 10, reserved: 3, available: 7 });
    await everyStore(others, sku, 7);
    // Shopify's own figure: the fake lowered it on the sale, and Kura's push agrees
    await everyStore([shopify], sku, 7);

    // the store cancels: the next pull cancels it in Kura, the stock comes back everywhere
    await shopify.fake.cancelOrder(placed.id);
    await pull(shopify);
    await eventually(async () => expect((await ordersOf(shopify))[0].status).toBe('cancelled'), 15_000);
    expect(await stockOf(admin, sku)).toMatchObject({ reserved: 0, available: 10 });
    await everyStore([...others, shopify], sku, 10);

    // each store was sent exactly the quantities in its own format; what it showed is recorded per SKU
    const rakuten = others[0];
    const sent = (await rakuten.fake.received('stock')).flatMap((r) => (r.body as { inventories: { manageNumber: string; variantId: string; mode: string; quantity: number }[] }).inventories);
    expect(sent.map((i) => [i.mode, i.quantity])).toEqual([
      ['ABSOLUTE', 10],
      ['ABSOLUTE', 7],
      ['ABSOLUTE', 10],
    ]);
    const figure = await sqlFirst<{ intended: number; pushed: number; confirmed: number; drift: number }>('SELECT intended, pushed, confirmed, drift FROM channel_stock WHERE channel_id = ? AND sku = ?', rakuten.id, sku);
    expect(figure).toEqual({ intended: 10, pushed: 10, confirmed: 10, drift: 0 });
    const status = (await (await admin.api(`/channels/${shopify.id}/status`)).json()) as { lastOrderPullAt: string | null; lastStockPushAt: string | null; backlog: number };
    expect(status.lastOrderPullAt).not.toBeNull();
    expect(status.lastStockPushAt).not.toBeNull();
  });

  it('a stock adjustment in Kura reaches every store; safety stock and a cap are applied per channel', async () => {
    const sku = await createSku(admin, `E2E-${++n}`, 20);
    const capped = await connectChannel(admin, 'yahoo', [sku], { settings: { safetyStock: 2, maxQuantity: 5 } });
    const full = await connectChannel(admin, 'rakuten', [sku]);
    await everyStore([capped], sku, 5);
    await everyStore([full], sku, 20);
    await adjust(admin, sku, 3, 'set');
    await everyStore([capped], sku, 1);
    await everyStore([full], sku, 3);
    // GET /stock/{sku} shows what each store should show and what it was sent
    const stock = (await (await admin.api(`/stock/${sku}`)).json()) as { channels: { channelId: string; published: number; pushed: number | null }[] };
    expect(stock.channels.map((c) => [c.channelId, c.published, c.pushed]).sort()).toEqual(
      [
        [capped.id, 1, 1],
        [full.id, 3, 3],
      ].sort(),
    );
  });

  it('a pull that overlaps its watermark does not duplicate orders, and each order reserves once', async () => {
    const sku = await createSku(admin, `E2E-${++n}`, 10);
    const rakuten = await connectChannel(admin, 'rakuten', [sku], { fakeQuantity: 10 });
    await rakuten.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 1, unitPrice: 1000 }] }));
    await rakuten.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 2, unitPrice: 1000 }] }));
    await pull(rakuten);
    await eventually(async () => expect(await ordersOf(rakuten)).toHaveLength(2), 15_000);
    const first = await sqlFirst<{ order_watermark: string }>('SELECT order_watermark FROM channel_state WHERE channel_id = ?', rakuten.id);
    await pull(rakuten);
    await eventually(async () => {
      const again = await sqlFirst<{ order_watermark: string }>('SELECT order_watermark FROM channel_state WHERE channel_id = ?', rakuten.id);
      expect(again!.order_watermark > first!.order_watermark).toBe(true);
    }, 15_000);
    expect(await ordersOf(rakuten)).toHaveLength(2);
    expect(await stockOf(admin, sku)).toMatchObject({ reserved: 3 });
  });

  it('an Amazon FBA order is imported but reserves nothing', async () => {
    const sku = await createSku(admin, `E2E-${++n}`, 10);
    const amazon = await connectChannel(admin, 'amazon', [sku], { fakeQuantity: 10 });
    await amazon.fake.placeOrder(sampleOrder({ fulfilledByMall: true, lines: [{ sku, quantity: 2, unitPrice: 1500 }] }));
    await pull(amazon);
    const [order] = await eventually(async () => {
      const list = await ordersOf(amazon);
      expect(list).toHaveLength(1);
      return list;
    }, 15_000);
    expect(order).toMatchObject({ reserved: false, stockWarning: false });
    expect(await stockOf(admin, sku)).toMatchObject({ reserved: 0, available: 10 });
  });

  it('shipping an order in Kura sends its tracking number back to its mall', async () => {
    const sku = await createSku(admin, `E2E-${++n}`, 10);
    const rakuten = await connectChannel(admin, 'rakuten', [sku], { fakeQuantity: 10 });
    await rakuten.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 1, unitPrice: 1000 }] }));
    await pull(rakuten);
    const [order] = await eventually(async () => {
      const list = await ordersOf(rakuten);
      expect(list).toHaveLength(1);
      return list;
    }, 15_000);
    expect((await admin.api(`/orders/${order.id}/transition`, { json: { to: 'ready_to_ship' } })).status).toBe(200);
    expect((await admin.api(`/orders/${order.id}/ship`, { json: { carrier: 'yamato', trackingNumber: '123456789012' } })).status).toBe(200);
    const sent = await eventually(async () => {
      const r = await rakuten.fake.received('shipment');
      expect(r).toHaveLength(1);
      return r[0].body;
    }, 15_000);
    expect(JSON.stringify(sent)).toContain('123456789012');
    expect(JSON.stringify(sent)).toContain('1001'); // ヤマト運輸's deliveryCompany code
    await eventually(async () => {
      const events = (await (await admin.api(`/orders/${order.id}`)).json()) as { order: { events: { kind: string }[] } };
      expect(events.order.events.map((e) => e.kind)).toContain('shipment_sent');
    }, 10_000);
  });

  it('credentials are sealed at rest and never answered', async () => {
    const ch = await connectChannel(admin, 'rakuten', []);
    const row = await sqlFirst<{ credentials: string }>('SELECT credentials FROM channels WHERE id = ?', ch.id);
    expect(row!.credentials).not.toContain('SP123456');
    expect(row!.credentials).toMatch(/^k1:/);
    const body = await (await admin.api(`/channels/${ch.id}`)).text();
    expect(body).not.toContain('SP123456');
    expect(JSON.parse(body).credentialsStored).toEqual(['serviceSecret', 'licenseKey']);
    const list = await (await admin.api('/channels')).text();
    expect(list).not.toContain('SL123456');
    const logs = await sql<{ detail: string }>('SELECT * FROM operation_logs WHERE account_id = ?', t.id).catch(() => []);
    expect(JSON.stringify(logs)).not.toContain('SP123456');
  });
  it('credentials change key by key; a Shopify access token is a credential and can be replaced', async () => {
    const ch = await connectChannel(admin, 'shopify', []);
    const res = await admin.api(`/channels/${ch.id}`, { method: 'PATCH', json: { credentials: { accessToken: 'shpat_new_token' } } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { credentialsStored: string[] }).credentialsStored.sort()).toEqual(['accessToken', 'locationId', 'shopDomain', 'webhookSecret']);
    // the fake now refuses (it knows the old token): the connection test says so, without echoing any secret
    const test = (await (await admin.api(`/channels/${ch.id}/test`, { method: 'POST' })).json()) as { ok: boolean; message: string; auth: boolean };
    expect(test).toMatchObject({ ok: false, auth: true });
    expect(JSON.stringify(test)).not.toContain('shpat_');
  });
  it('a pull over orders Kura already holds reads no order’s details again (Yahoo! orderInfo, Amazon getOrderItems)', async () => {
    const sku = await createSku(admin, `E2E-${++n}`, 10);
    const yahoo = await connectChannel(admin, 'yahoo', [sku], { fakeQuantity: 10 });
    const amazon = await connectChannel(admin, 'amazon', [sku], { fakeQuantity: 10 });
    for (const ch of [yahoo, amazon]) await ch.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 1, unitPrice: 1000 }] }));
    const details = async () => ({
      yahoo: (await yahoo.fake.received('orders')).filter((r) => r.path.endsWith('/orderInfo')).length,
      amazon: (await amazon.fake.received('orderItems')).length,
    });
    for (const ch of [yahoo, amazon]) await pull(ch);
    await eventually(async () => {
      expect(await ordersOf(yahoo)).toHaveLength(1);
      expect(await ordersOf(amazon)).toHaveLength(1);
    }, 15_000);
    const first = await details();
    expect(first.yahoo).toBeGreaterThanOrEqual(1);
    expect(first.amazon).toBeGreaterThanOrEqual(1);
    for (const ch of [yahoo, amazon]) {
      const before = await sqlFirst<{ order_watermark: string }>('SELECT order_watermark FROM channel_state WHERE channel_id = ?', ch.id);
      await pull(ch);
      await eventually(async () => {
        const after = await sqlFirst<{ order_watermark: string }>('SELECT order_watermark FROM channel_state WHERE channel_id = ?', ch.id);
        expect(after!.order_watermark > before!.order_watermark).toBe(true);
      }, 15_000);
    }
    expect(await details()).toEqual(first);
  });
});
