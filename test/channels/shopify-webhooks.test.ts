import { describe, expect, it } from 'vitest';
import type { Connection } from '../../worker/channels/adapter';
import { registerWebhooks, shopifyAdapter } from '../../worker/channels/shopify/adapter';
import { orderFromWebhook, verifyShopifyHmac, webhookEventOf } from '../../worker/channels/shopify/webhook';
import { FAKE_SHOP_DOMAIN, fakeShopifyCredentials } from '../fakes/shopify/constants';
import { fakeMall, sampleOrder, type FakeMallClient } from '../helpers/fakes';

// Webhooks from the Shopify fake, received by a second fake instance's sink
// (POST __fake/sink records each delivery byte for byte), then verified and
// mapped with worker/channels/shopify/webhook.ts.

const SECRET = 'shpss_webhook_test_secret';

interface Delivery {
  headers: Record<string, string>;
  raw: string;
}

const deliveries = async (sink: FakeMallClient, atLeast: number, timeoutMs = 5_000): Promise<Delivery[]> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = (await sink.received('sink')).map((r) => r.body as Delivery);
    if (got.length >= atLeast || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
};

const setup = async (config: Record<string, unknown> = {}) => {
  const mall = fakeMall('shopify');
  const sink = fakeMall('shopify');
  await mall.configure({ webhookUrl: `${sink.endpoint}/__fake/sink`, webhookSecret: SECRET, ...config });
  const conn: Connection = { endpoint: mall.endpoint, credentials: fakeShopifyCredentials({ webhookSecret: SECRET }) };
  return { mall, sink, conn };
};

const lastHour = () => ({ since: new Date(Date.now() - 3_600_000), until: new Date(Date.now() + 2_000) });

describe('shopify webhooks from the fake', () => {
  it('delivers orders/create signed, with every documented header, mapping like a pull', async () => {
    const { mall, sink, conn } = await setup();
    await mall.addItems([{ sku: 'TS-WHT-M', remoteId: 'gid://shopify/InventoryItem/1', remoteVariantId: 'gid://shopify/ProductVariant/2', quantity: 5 }]);
    const { id } = await mall.placeOrder(sampleOrder({ desiredDate: '2026-12-05', timeSlot: '午前中' }));
    const [d] = await deliveries(sink, 1);
    expect(d.headers).toMatchObject({
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-hmac-sha256': expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      'x-shopify-shop-domain': FAKE_SHOP_DOMAIN,
      'x-shopify-api-version': '2026-10',
      'x-shopify-webhook-id': expect.any(String),
      'x-shopify-event-id': expect.any(String),
      'x-shopify-triggered-at': expect.any(String),
    });
    expect(await verifyShopifyHmac(d.raw, d.headers['x-shopify-hmac-sha256'], SECRET)).toBe(true);
    expect(await verifyShopifyHmac(d.raw, d.headers['x-shopify-hmac-sha256'], 'not-the-secret')).toBe(false);

    const hooked = orderFromWebhook(d.headers['x-shopify-topic'], JSON.parse(d.raw));
    const [pulled] = await shopifyAdapter.pullOrders(conn, lastHour());
    expect(hooked?.externalId).toBe(id);
    // The same order either way; a webhook's lines lack only the inventory item id.
    expect({ ...hooked, raw: null, lines: hooked!.lines.map((l) => ({ ...l, remoteId: undefined })) }).toEqual({
      ...pulled,
      raw: null,
      lines: pulled.lines.map((l) => ({ ...l, remoteId: undefined })),
    });
    expect(pulled.shipping).toEqual({ method: '通常配送', desiredDate: '2026-12-05', timeSlot: '午前中' });

    const sent = await mall.received('webhook');
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toMatchObject({ topic: 'orders/create', status: 200 });
  });

  it('sends orders/cancelled when the store cancels', async () => {
    const { mall, sink } = await setup();
    const { id } = await mall.placeOrder(sampleOrder());
    await deliveries(sink, 1);
    await mall.cancelOrder(id);
    const got = await deliveries(sink, 2);
    expect(got.map((d) => d.headers['x-shopify-topic'])).toEqual(['orders/create', 'orders/cancelled']);
    expect(orderFromWebhook('orders/cancelled', JSON.parse(got[1].raw))).toMatchObject({ externalId: id, cancelled: true, mallStatus: 'CANCELLED/REFUNDED' });
  });

  it('can deliver each event twice with the same event id', async () => {
    const { mall, sink } = await setup({ duplicateWebhooks: true });
    await mall.placeOrder(sampleOrder());
    const got = await deliveries(sink, 2);
    expect(got).toHaveLength(2);
    expect(got[0].headers['x-shopify-event-id']).toBe(got[1].headers['x-shopify-event-id']);
    expect(got[0].raw).toBe(got[1].raw);
    const unique = new Set(got.map((d) => webhookEventOf(new Headers(d.headers)).eventId));
    expect(unique.size).toBe(1);
  });

  it('can deliver an older event after a newer one', async () => {
    const { mall, sink } = await setup({ outOfOrderWebhooks: true });
    const { id } = await mall.placeOrder(sampleOrder());
    await mall.cancelOrder(id);
    const got = await deliveries(sink, 2);
    expect(got.map((d) => d.headers['x-shopify-topic'])).toEqual(['orders/cancelled', 'orders/create']);
    const [newer, older] = got.map((d) => webhookEventOf(new Headers(d.headers), JSON.parse(d.raw)));
    // updated_at tells the receiver which state is the latest.
    expect(Date.parse(older.updatedAt!)).toBeLessThan(Date.parse(newer.updatedAt!));
    expect(newer.eventId).not.toBe(older.eventId);
  });

  it('can sign with the wrong secret', async () => {
    const { mall, sink } = await setup({ badSignature: true });
    await mall.placeOrder(sampleOrder());
    const [d] = await deliveries(sink, 1);
    expect(await verifyShopifyHmac(d.raw, d.headers['x-shopify-hmac-sha256'], SECRET)).toBe(false);
  });

  it('delivers to an address registered with webhookSubscriptionCreate', async () => {
    const mall = fakeMall('shopify');
    const sink = fakeMall('shopify');
    await mall.configure({ webhookSecret: SECRET });
    const conn: Connection = { endpoint: mall.endpoint, credentials: fakeShopifyCredentials({ webhookSecret: SECRET }) };
    await registerWebhooks(conn, `${sink.endpoint}/__fake/sink`);
    const { id } = await mall.placeOrder(sampleOrder());
    await mall.cancelOrder(id);
    const got = await deliveries(sink, 2);
    expect(got.map((d) => d.headers['x-shopify-topic'])).toEqual(['orders/create', 'orders/cancelled']);
    for (const d of got) expect(await verifyShopifyHmac(d.raw, d.headers['x-shopify-hmac-sha256'], SECRET)).toBe(true);
  });
});
