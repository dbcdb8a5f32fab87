import { beforeAll, describe, expect, it } from 'vitest';
import { Client, eventually } from '../helpers/client';
import { connectChannel, storeQuantity, type TestChannel } from '../helpers/channels';
import { fakeMall, sampleOrder, type FakeMallClient } from '../helpers/fakes';
import { FAKE_WEBHOOK_SECRET } from '../fakes/shopify/constants';
import { createSku, stockOf } from '../helpers/orders';
import { createTenant, signIn, sql, type Tenant } from '../helpers/tenant';

/**
 * POST /hooks/shopify/{channelId}: real deliveries from the Shopify fake
 * (signed with the channel's secret, every X-Shopify-* header), caught by a
 * sink and handed to Kura as Shopify would send them. A bad signature answers
 * 401 and changes nothing; duplicates are dropped by event id; an older event
 * arriving after a newer one changes nothing; a sale by webhook reaches the
 * other stores.
 */
interface Delivery {
  headers: Record<string, string>;
  raw: string;
}

describe('Shopify webhooks into Kura', () => {
  let t: Tenant;
  let admin: Client;
  let n = 0;

  const setup = async (config: Record<string, unknown> = {}) => {
    const sku = await createSku(admin, `HOOK-${++n}`, 10);
    const shop = await connectChannel(admin, 'shopify', [sku], { fakeQuantity: 10 });
    const sink = fakeMall('shopify');
    await shop.fake.configure({ webhookUrl: `${sink.endpoint}/__fake/sink`, webhookSecret: FAKE_WEBHOOK_SECRET, ...config });
    return { sku, shop, sink };
  };
  const caught = (sink: FakeMallClient, atLeast: number) =>
    eventually(async () => {
      const got = (await sink.received('sink')).map((r) => r.body as Delivery);
      expect(got.length).toBeGreaterThanOrEqual(atLeast);
      return got;
    }, 10_000);
  const deliver = (ch: TestChannel, d: Delivery, over: Record<string, string> = {}) =>
    new Client().fetch(`/hooks/shopify/${ch.id}`, { method: 'POST', body: d.raw, headers: { ...d.headers, ...over }, country: 'US', origin: null });
  const ordersOf = async (ch: TestChannel) => ((await (await admin.api(`/orders?channelId=${ch.id}`)).json()) as { items: { id: string; status: string; externalId: string }[] }).items;

  beforeAll(async () => {
    t = await createTenant();
    admin = await signIn(t, 'admin');
  });

  it('a signed orders/create becomes an order at once (from abroad too), and the other stores get the new quantity', async () => {
    const { sku, shop, sink } = await setup();
    const rakuten = await connectChannel(admin, 'rakuten', [sku]);
    const placed = await shop.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 4, unitPrice: 1200 }] }));
    const [d] = await caught(sink, 1);
    const res = await deliver(shop, d);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect((await ordersOf(shop)).map((o) => o.externalId)).toEqual([placed.id]);
    expect(await stockOf(admin, sku)).toMatchObject({ reserved: 4, available: 6 });
    await eventually(async () => expect(await storeQuantity(rakuten, sku)).toBe(6), 15_000);
  });

  it('a bad signature answers 401 and changes nothing; so does an unknown channel', async () => {
    const { shop, sink } = await setup({ badSignature: true });
    await shop.fake.placeOrder(sampleOrder({ lines: [{ sku: `HOOK-${n}`, quantity: 1, unitPrice: 100 }] }));
    const [d] = await caught(sink, 1);
    const res = await deliver(shop, d);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    const tampered = await deliver(shop, { ...d, raw: d.raw.replace('"quantity":1', '"quantity":99') }, {});
    expect(tampered.status).toBe(401);
    const nowhere = await new Client().fetch('/hooks/shopify/NO-SUCH-CHANNEL', { method: 'POST', body: d.raw, headers: d.headers, origin: null });
    expect(nowhere.status).toBe(401);
    expect(await ordersOf(shop)).toEqual([]);
    expect(await sql('SELECT event_id FROM webhook_events WHERE channel_id = ?', shop.id)).toEqual([]);
  });

  it('a delivery repeated with the same event id is dropped', async () => {
    const { shop, sink, sku } = await setup({ duplicateWebhooks: true });
    await shop.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 1, unitPrice: 100 }] }));
    const got = await caught(sink, 2);
    expect(await (await deliver(shop, got[0])).json()).toEqual({ ok: true });
    expect(await (await deliver(shop, got[1])).json()).toEqual({ ok: true, duplicate: true });
    expect(await ordersOf(shop)).toHaveLength(1);
    expect(await stockOf(admin, sku)).toMatchObject({ reserved: 1 });
  });

  it('an older event arriving after a newer one changes nothing: the cancelled order stays cancelled', async () => {
    const { shop, sink, sku } = await setup({ outOfOrderWebhooks: true });
    const { id } = await shop.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 2, unitPrice: 100 }] }));
    await shop.fake.cancelOrder(id);
    const got = await caught(sink, 2);
    expect(got.map((d) => d.headers['x-shopify-topic'])).toEqual(['orders/cancelled', 'orders/create']);
    for (const d of got) expect((await deliver(shop, d)).status).toBe(200);
    const [order] = await ordersOf(shop);
    expect(order.status).toBe('cancelled');
    expect(await stockOf(admin, sku)).toMatchObject({ reserved: 0, available: 10 });
  });
});
