import { describe, expect, it } from 'vitest';
import { MallError, type Connection, type StockPush } from '../../worker/channels/adapter';
import { registerWebhooks, shopifyAdapter } from '../../worker/channels/shopify/adapter';
import { ORDERS_PAGE_SIZE } from '../../worker/channels/shopify/queries';
import { FAKE_LOCATION_ID, fakeShopifyCredentials } from '../fakes/shopify/constants';
import { fakeMall, sampleOrder } from '../helpers/fakes';

// The Shopify adapter against the conformance fake (test/fakes/shopify): the
// GraphQL Admin API 2026-10 as the docs describe it, over local HTTP.

const setup = (credentials: Record<string, string> = {}) => {
  const mall = fakeMall('shopify');
  const conn: Connection = { endpoint: mall.endpoint, credentials: fakeShopifyCredentials(credentials) };
  return { mall, conn };
};

const inv = (n: number) => `gid://shopify/InventoryItem/${40000000000 + n}`;
const variant = (n: number) => `gid://shopify/ProductVariant/${45000000000 + n}`;
const lastHour = () => ({ since: new Date(Date.now() - 3_600_000), until: new Date(Date.now() + 2_000) });

const caught = async (p: Promise<unknown>): Promise<MallError> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MallError);
    return e as MallError;
  }
  throw new Error('expected a MallError');
};

type GraphqlBody = { query: string; variables: Record<string, unknown> };

describe('shopify adapter: connection and errors', () => {
  it('answers testConnection with good credentials and refuses bad ones as auth errors', async () => {
    const { mall, conn } = setup();
    await shopifyAdapter.testConnection(conn);

    const badToken = await caught(shopifyAdapter.testConnection({ endpoint: mall.endpoint, credentials: fakeShopifyCredentials({ accessToken: 'shpat_wrong' }) }));
    expect(badToken).toMatchObject({ status: 401, auth: true, retryable: false });
    expect(badToken.message).not.toContain('shpat_wrong');

    const badLocation = await caught(shopifyAdapter.testConnection({ endpoint: mall.endpoint, credentials: fakeShopifyCredentials({ locationId: 'gid://shopify/Location/1' }) }));
    expect(badLocation).toMatchObject({ auth: true, retryable: false });
  });

  it('turns THROTTLED (HTTP 200) into a retryable MallError with the wait the bucket needs', async () => {
    const { mall, conn } = setup();
    // An empty bucket: the orders query (about 660 requested points) needs 7 s of restore at 100 points/s.
    await mall.configure({ bucketCurrentlyAvailable: 0 });
    const e = await caught(shopifyAdapter.pullOrders(conn, lastHour()));
    expect(e).toMatchObject({ retryable: true, auth: false });
    expect(e.retryAfterSeconds).toBeGreaterThanOrEqual(6);
    expect(e.retryAfterSeconds).toBeLessThanOrEqual(7);

    // The fake's injected throttle says exactly how long.
    const { mall: other, conn: otherConn } = setup();
    await other.fault({ kind: 'throttle', retryAfter: 4 });
    expect(await caught(shopifyAdapter.pullOrders(otherConn, lastHour()))).toMatchObject({ retryable: true, retryAfterSeconds: 4 });
    // and the next call goes through
    expect(await shopifyAdapter.pullOrders(otherConn, lastHour())).toEqual([]);
  });

  it('treats 5xx as retryable', async () => {
    const { mall, conn } = setup();
    await mall.fault({ kind: 'status', status: 500 });
    expect(await caught(shopifyAdapter.pullOrders(conn, lastHour()))).toMatchObject({ status: 500, retryable: true });
    await mall.fault({ kind: 'status', status: 503, retryAfter: 9 });
    expect(await caught(shopifyAdapter.pushStock(conn, [{ sku: 'A', remoteId: inv(1), quantity: 1 }]))).toMatchObject({ status: 503, retryable: true, retryAfterSeconds: 9 });
  });
});

describe('shopify adapter: orders', () => {
  it('maps a Japanese order field by field', async () => {
    const { mall, conn } = setup();
    await mall.addItems([{ sku: 'TS-WHT-M', remoteId: inv(1), remoteVariantId: variant(1), quantity: 10 }]);
    const placed = await mall.placeOrder(
      sampleOrder({
        shipTo: { name: '山田 花子', postalCode: '0600001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2丁目1-1', address2: 'サンプルビル 5F', phone: '011-123-4567' },
        desiredDate: '2026-12-01',
        timeSlot: '14:00-16:00',
        note: '不在時は宅配ボックスへ',
      }),
    );
    const orders = await shopifyAdapter.pullOrders(conn, lastHour());
    expect(orders).toHaveLength(1);
    const [o] = orders;
    expect(o.externalId).toBe(placed.id);
    expect({ ...o, raw: undefined, orderedAt: undefined }).toEqual({
      externalId: '#1001',
      orderedAt: undefined,
      customer: { name: '山田 太郎', email: 'taro@example.jp', phone: '090-1234-5678' },
      shipTo: { name: '山田 花子', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2丁目1-1', address2: 'サンプルビル 5F', phone: '011-123-4567' },
      lines: [{ sku: 'TS-WHT-M', quantity: 2, unitPrice: 2980, name: 'Tシャツ 白 M', remoteId: inv(1), remoteVariantId: variant(1) }],
      payment: { method: 'credit_card', paid: true, raw: 'shopify_payments' },
      shipping: { method: '通常配送', desiredDate: '2026-12-01', timeSlot: '14:00-16:00' },
      note: '不在時は宅配ボックスへ',
      // 2 × 2,980 + 550, tax included: floor(6,510 × 10 / 110)
      totals: { shippingFee: 550, discount: 0, tax: 591 },
      raw: undefined,
      cancelled: false,
      fulfilledByMall: false,
      mallStatus: 'PAID/UNFULFILLED',
      mallUpdatedAt: expect.any(String),
    });
    expect(Date.parse(o.orderedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(o.raw).toMatchObject({ id: expect.stringMatching(/^gid:\/\/shopify\/Order\/\d+$/), name: '#1001', shippingAddress: { province: 'Hokkaidō', provinceCode: 'JP-01', name: '花子 山田' } });
    // The sale lowered the shop's own quantity, as checkout does.
    expect(await mall.stock()).toEqual({ [`${inv(1)}/${variant(1)}`]: 8 });
  });

  it('maps cash on delivery as unpaid and keeps another prefecture and postcode', async () => {
    const { mall, conn } = setup();
    await mall.placeOrder(
      sampleOrder({
        payment: 'cod',
        paid: false,
        shipTo: { name: '佐藤 一郎', postalCode: '100-0001', prefecture: '東京都', city: '千代田区', address1: '千代田1-1', phone: '03-0000-0000' },
      }),
    );
    const [o] = await shopifyAdapter.pullOrders(conn, lastHour());
    expect(o.payment).toEqual({ method: 'cod', paid: false, raw: 'Cash on Delivery (COD)' });
    expect(o.mallStatus).toBe('PENDING/UNFULFILLED');
    expect(o.shipTo).toEqual({ name: '佐藤 一郎', postalCode: '100-0001', prefecture: '東京都', city: '千代田区', address1: '千代田1-1', address2: undefined, phone: '03-0000-0000' });
  });

  it('follows the cursor to the last page, filtered by updated_at', async () => {
    const { mall, conn } = setup();
    const count = ORDERS_PAGE_SIZE * 2 + 2;
    for (let i = 0; i < count; i++) await mall.placeOrder(sampleOrder({ customer: { name: `客 ${i}` } }));
    const orders = await shopifyAdapter.pullOrders(conn, lastHour());
    expect(orders).toHaveLength(count);
    expect(new Set(orders.map((o) => o.externalId)).size).toBe(count);

    const calls = (await mall.received('orders')).map((r) => r.body as GraphqlBody);
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.variables.first)).toEqual([ORDERS_PAGE_SIZE, ORDERS_PAGE_SIZE, ORDERS_PAGE_SIZE]);
    expect(calls[0].variables.after).toBeNull();
    expect(calls[1].variables.after).toEqual(expect.any(String));
    expect(calls[2].variables.after).not.toBe(calls[1].variables.after);
    expect(calls[0].query).toContain('sortKey: UPDATED_AT');
    expect(calls[0].variables.query).toMatch(/^updated_at:>='\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ' AND updated_at:<'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ'$/);

    // A window that ends before the orders were placed sees none of them.
    expect(await shopifyAdapter.pullOrders(conn, { since: new Date(Date.now() - 7_200_000), until: new Date(Date.now() - 3_600_000) })).toEqual([]);
  });

  it('fetches the lines of an order that do not fit its first page', async () => {
    const { mall, conn } = setup();
    const lines = Array.from({ length: 12 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1, unitPrice: 100 + i }));
    await mall.placeOrder(sampleOrder({ lines }));
    const [o] = await shopifyAdapter.pullOrders(conn, lastHour());
    expect(o.lines.map((l) => [l.sku, l.unitPrice])).toEqual(lines.map((l) => [l.sku, l.unitPrice]));
    const calls = (await mall.received('orders')).map((r) => r.body as GraphqlBody);
    expect(calls).toHaveLength(2);
    expect(calls[1].query).toContain('KuraOrderLines');
  });

  it('sees a cancellation as a later change of the same order', async () => {
    const { mall, conn } = setup();
    await mall.addItems([{ sku: 'TS-WHT-M', remoteId: inv(1), remoteVariantId: variant(1), quantity: 10 }]);
    const { id } = await mall.placeOrder(sampleOrder());
    const [before] = await shopifyAdapter.pullOrders(conn, lastHour());
    await mall.cancelOrder(id);
    const [after] = await shopifyAdapter.pullOrders(conn, lastHour());
    expect(before.cancelled).toBe(false);
    expect(after).toMatchObject({ externalId: id, cancelled: true, mallStatus: 'CANCELLED/REFUNDED' });
    expect(after.lines).toEqual(before.lines);
    expect(Date.parse((after.raw as { updatedAt: string }).updatedAt)).toBeGreaterThan(Date.parse((before.raw as { updatedAt: string }).updatedAt));
    // Shopify restocks a cancelled order's items.
    expect(await mall.stock()).toEqual({ [`${inv(1)}/${variant(1)}`]: 10 });
  });
});

describe('shopify adapter: stock', () => {
  it('sets absolute "available" quantities in the format Shopify 2026-10 requires', async () => {
    const { mall, conn } = setup();
    await mall.addItems([
      { sku: 'A', remoteId: inv(1), remoteVariantId: variant(1), quantity: 5 },
      { sku: 'B', remoteId: inv(2), remoteVariantId: variant(2), quantity: 0 },
    ]);
    const result = await shopifyAdapter.pushStock(conn, [
      { sku: 'A', remoteId: inv(1), remoteVariantId: variant(1), quantity: 12 },
      { sku: 'B', remoteId: inv(2), remoteVariantId: variant(2), quantity: 0 },
    ]);
    expect(result).toEqual({ accepted: ['A', 'B'], rejected: [] });
    expect(await mall.stock()).toEqual({ [`${inv(1)}/${variant(1)}`]: 12, [`${inv(2)}/${variant(2)}`]: 0 });

    const [call] = await mall.received('stock');
    const body = call.body as GraphqlBody;
    expect(call.path).toMatch(/\/admin\/api\/2026-10\/graphql\.json$/);
    expect(body.query).toContain('inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey)');
    expect(body.variables).toEqual({
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
      input: {
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: expect.stringMatching(/^gid:\/\/kura\/StockPush\//),
        quantities: [
          { inventoryItemId: inv(1), locationId: FAKE_LOCATION_ID, quantity: 12, changeFromQuantity: null },
          { inventoryItemId: inv(2), locationId: FAKE_LOCATION_ID, quantity: 0, changeFromQuantity: null },
        ],
      },
    });
  });

  it('rejects unknown inventory items (Shopify refuses the whole call) and still sets the rest', async () => {
    const { mall, conn } = setup();
    await mall.addItems([
      { sku: 'A', remoteId: inv(1), quantity: 1 },
      { sku: 'C', remoteId: inv(3), quantity: 1 },
    ]);
    const result = await shopifyAdapter.pushStock(conn, [
      { sku: 'A', remoteId: inv(1), quantity: 7 },
      { sku: 'GONE', remoteId: inv(2), quantity: 4 },
      { sku: 'C', remoteId: inv(3), quantity: 9 },
      { sku: 'VARIANT-AS-ID', remoteId: variant(3), quantity: 2 },
    ]);
    expect(result.accepted).toEqual(['A', 'C']);
    expect(result.rejected).toEqual([
      { sku: 'VARIANT-AS-ID', reason: expect.stringContaining('InventoryItem GID') },
      { sku: 'GONE', reason: 'INVALID_INVENTORY_ITEM: The specified inventory item could not be found.' },
    ]);
    expect(await mall.stock()).toEqual({ [inv(1)]: 7, [inv(3)]: 9 });
    // Only the second call was applied, and it carried only the known items.
    const applied = await mall.received('stock');
    expect(applied).toHaveLength(1);
    expect((applied[0].body as GraphqlBody).variables.input).toMatchObject({ quantities: [{ inventoryItemId: inv(1), quantity: 7 }, { inventoryItemId: inv(3), quantity: 9 }] });
  });

  it('refuses a wrong location for the whole call, as a credentials problem', async () => {
    const { mall, conn } = setup({ locationId: 'gid://shopify/Location/999' });
    await mall.addItems([{ sku: 'A', remoteId: inv(1), quantity: 1 }]);
    const e = await caught(shopifyAdapter.pushStock(conn, [{ sku: 'A', remoteId: inv(1), quantity: 3 }]));
    expect(e).toMatchObject({ retryable: false, auth: true });
    expect(e.message).toContain('INVALID_LOCATION');
    expect(await mall.stock()).toEqual({ [inv(1)]: 1 });
  });

  it('takes at most 250 quantities per call', async () => {
    const { conn } = setup();
    expect(shopifyAdapter.limits.maxItemsPerCall).toBe(250);
    const items: StockPush[] = Array.from({ length: 251 }, (_, i) => ({ sku: `S${i}`, remoteId: inv(i), quantity: 1 }));
    await expect(shopifyAdapter.pushStock(conn, items)).rejects.toThrow(/at most 250/);
    await expect(shopifyAdapter.pushStock(conn, items)).rejects.not.toBeInstanceOf(MallError);
  });

  it('pushes a full batch of 250 in one call', async () => {
    const { mall, conn } = setup();
    const items = Array.from({ length: 250 }, (_, i) => ({ sku: `S${i}`, remoteId: inv(i), quantity: 0 }));
    await mall.addItems(items);
    const result = await shopifyAdapter.pushStock(conn, items.map((i, n) => ({ ...i, quantity: n })));
    expect(result.accepted).toHaveLength(250);
    expect(await mall.received('stock')).toHaveLength(1);
    expect((await mall.stock())[inv(249)]).toBe(249);
  });

  it('reads quantities back, null where Shopify does not know the item', async () => {
    const { mall, conn } = setup();
    await mall.addItems([{ sku: 'A', remoteId: inv(1), remoteVariantId: variant(1), quantity: 6 }]);
    expect(
      await shopifyAdapter.readStock!(conn, [
        { sku: 'A', remoteId: inv(1), remoteVariantId: variant(1) },
        { sku: 'GONE', remoteId: inv(2) },
        { sku: 'BAD', remoteId: 'not-an-id' },
      ]),
    ).toEqual([
      { sku: 'A', quantity: 6 },
      { sku: 'GONE', quantity: null },
      { sku: 'BAD', quantity: null },
    ]);
  });
});

describe('shopify adapter: shipment', () => {
  it('fulfills the open fulfillment orders with the tracking number', async () => {
    const { mall, conn } = setup();
    const { id } = await mall.placeOrder(sampleOrder());
    const [pulled] = await shopifyAdapter.pullOrders(conn, lastHour());
    await shopifyAdapter.pushShipment(conn, { externalId: id, carrier: 'yamato', trackingNumber: '1234-5678-9012', shippedAt: new Date().toISOString(), raw: pulled.raw });

    const [call] = await mall.received('shipment');
    const body = call.body as GraphqlBody;
    expect(body.query).toContain('fulfillmentCreate(fulfillment: $fulfillment)');
    expect(body.variables).toEqual({
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: expect.stringMatching(/^gid:\/\/shopify\/FulfillmentOrder\/\d+$/) }],
        notifyCustomer: true,
        trackingInfo: { company: 'Yamato (JA)', number: '1234-5678-9012', url: 'https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01=123456789012' },
      },
    });
    const [after] = await shopifyAdapter.pullOrders(conn, lastHour());
    expect(after.mallStatus).toBe('PAID/FULFILLED');

    // A retry after a lost answer finds nothing left to fulfill and does nothing.
    await shopifyAdapter.pushShipment(conn, { externalId: id, carrier: 'yamato', trackingNumber: '1234-5678-9012', shippedAt: new Date().toISOString(), raw: pulled.raw });
    expect(await mall.received('shipment')).toHaveLength(1);
  });

  it('finds the order by its name when the raw payload has no id', async () => {
    const { mall, conn } = setup();
    await mall.placeOrder(sampleOrder());
    const { id } = await mall.placeOrder(sampleOrder());
    await shopifyAdapter.pushShipment(conn, { externalId: id, carrier: 'other', trackingNumber: 'X1', shippedAt: new Date().toISOString(), raw: null });
    const [call] = await mall.received('shipment');
    expect((call.body as GraphqlBody).variables.fulfillment).toMatchObject({ trackingInfo: { company: 'other', number: 'X1' } });
    const orders = await shopifyAdapter.pullOrders(conn, lastHour());
    expect(orders.find((o) => o.externalId === id)?.mallStatus).toBe('PAID/FULFILLED');
    expect(orders.find((o) => o.externalId !== id)?.mallStatus).toBe('PAID/UNFULFILLED');
  });

  it('refuses to ship a cancelled order', async () => {
    const { mall, conn } = setup();
    const { id } = await mall.placeOrder(sampleOrder());
    await mall.cancelOrder(id);
    const [pulled] = await shopifyAdapter.pullOrders(conn, lastHour());
    const e = await caught(shopifyAdapter.pushShipment(conn, { externalId: id, carrier: 'sagawa', trackingNumber: '5555', shippedAt: new Date().toISOString(), raw: pulled.raw }));
    expect(e).toMatchObject({ retryable: false });
    expect(await mall.received('shipment')).toHaveLength(0);
  });
});

describe('shopify adapter: webhook registration', () => {
  it('subscribes the three order topics, and again without complaint', async () => {
    const { mall, conn } = setup();
    const url = 'https://kura.example.jp/hooks/shopify/ch-1';
    expect((await registerWebhooks(conn, url)).map((r) => r.topic)).toEqual(['ORDERS_CREATE', 'ORDERS_UPDATED', 'ORDERS_CANCELLED']);
    await registerWebhooks(conn, url);
    const calls = (await mall.received('webhookSubscription')).map((r) => (r.body as GraphqlBody).variables);
    expect(calls).toEqual([
      { topic: 'ORDERS_CREATE', subscription: { uri: url, format: 'JSON' } },
      { topic: 'ORDERS_UPDATED', subscription: { uri: url, format: 'JSON' } },
      { topic: 'ORDERS_CANCELLED', subscription: { uri: url, format: 'JSON' } },
    ]);
  });
});
