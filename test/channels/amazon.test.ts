import { describe, expect, it } from 'vitest';
import { MallError, type Connection } from '../../worker/channels/adapter';
import { amazonAdapter } from '../../worker/channels/amazon/adapter';
import { AMAZON_FAKE_CREDENTIALS } from '../fakes/amazon/credentials';
import { fakeMall, sampleOrder, type FakeMallClient } from '../helpers/fakes';

// The Amazon adapter against the SP-API conformance fake (test/fakes/amazon/).

const MARKETPLACE = 'A1VC38T7YXB528';
const hourAgo = () => new Date(Date.now() - 3_600_000);

const connect = (fake: FakeMallClient, credentials: Record<string, string> = {}) => {
  const saved: Record<string, string>[] = [];
  const conn: Connection = {
    endpoint: fake.endpoint,
    credentials: { ...AMAZON_FAKE_CREDENTIALS, ...credentials },
    saveCredentials: async (next) => {
      saved.push(next);
    },
  };
  return { conn, saved };
};

const pull = (conn: Connection, since = hourAgo(), until = new Date()) => amazonAdapter.pullOrders(conn, { since, until });

const failure = async (p: Promise<unknown>): Promise<MallError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MallError);
  return e as MallError;
};

/** An LWA token straight from the fake, for calls the adapter never makes. */
const lwaToken = async (fake: FakeMallClient) => {
  const res = await fetch(`${fake.endpoint}/auth/o2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: AMAZON_FAKE_CREDENTIALS.refreshToken, client_id: AMAZON_FAKE_CREDENTIALS.clientId, client_secret: AMAZON_FAKE_CREDENTIALS.clientSecret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
};

describe('amazon adapter: orders', () => {
  it('maps an order field by field, with the address from a Restricted Data Token', async () => {
    const fake = fakeMall('amazon');
    await fake.addItems([{ sku: 'TS-WHT-M', remoteId: 'AMZ-TS-WHT-M', quantity: 10 }]);
    const { id } = await fake.placeOrder(sampleOrder({ desiredDate: '2031-05-02', timeSlot: '14-16' }));
    const { conn } = connect(fake);

    const [order] = await pull(conn);
    const { raw, ...mapped } = order;
    expect(mapped).toEqual({
      externalId: id,
      orderedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      customer: { name: '山田 太郎', email: `${id.replace(/-/g, '')}@marketplace.amazon.co.jp`, phone: '011-123-4567' },
      shipTo: { name: '山田 花子', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2丁目1-1', address2: 'サンプルビル 5F', phone: '011-123-4567' },
      lines: [{ sku: 'AMZ-TS-WHT-M', quantity: 2, unitPrice: 2980, name: 'Tシャツ 白 M', remoteId: 'AMZ-TS-WHT-M' }],
      payment: { method: 'credit_card', paid: true, raw: 'CreditCard' },
      shipping: { method: 'Scheduled', desiredDate: '2031-05-02', timeSlot: '14-16' },
      // 5960 and 550 yen include 541 and 50 yen consumption tax.
      totals: { shippingFee: 550, fees: 0, discount: 0, tax: 591 },
      cancelled: false,
      fulfilledByMall: false,
      mallStatus: 'Unshipped',
      mallUpdatedAt: expect.any(String),
    });
    const amazon = raw as { AmazonOrderId: string; OrderTotal: { Amount: string }; OrderItems: { OrderItemId: string; SellerSKU: string }[] };
    expect(amazon.AmazonOrderId).toBe(id);
    expect(amazon.OrderItems).toHaveLength(1);
    // Kura's total (items + shipping + fees − discount) is Amazon's OrderTotal.
    expect(2 * 2980 + 550).toBe(Number(amazon.OrderTotal.Amount));
    // Amazon holds the ordered units: the listing shows 8 of 10.
    expect(await fake.stock()).toEqual({ 'AMZ-TS-WHT-M': 8 });
    const [rdt] = await fake.received('rdt');
    expect(rdt.body).toEqual({ restrictedResources: [{ method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] }] });
  });

  it('shows no buyer name, street or phone to a plain access token (the fake enforces the RDT)', async () => {
    const fake = fakeMall('amazon');
    await fake.placeOrder(sampleOrder());
    const res = await fetch(`${fake.endpoint}/orders/v0/orders?MarketplaceIds=${MARKETPLACE}&LastUpdatedAfter=${hourAgo().toISOString()}`, { headers: { 'x-amz-access-token': await lwaToken(fake) } });
    const { payload } = (await res.json()) as { payload: { Orders: { ShippingAddress: Record<string, string>; BuyerInfo: Record<string, string> }[] } };
    expect(payload.Orders[0].ShippingAddress).toEqual({ City: '札幌市中央区', StateOrRegion: '北海道', PostalCode: '060-0001', CountryCode: 'JP' });
    expect(payload.Orders[0].BuyerInfo.BuyerName).toBeUndefined();
  });

  it('follows NextToken to the end for orders and for order items', async () => {
    const fake = fakeMall('amazon');
    await fake.configure({ ordersPageSize: 2, itemsPageSize: 1 });
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      ids.push(
        (
          await fake.placeOrder(
            sampleOrder({
              lines: [
                { sku: `A-${n}`, quantity: 1, unitPrice: 1000 },
                { sku: `B-${n}`, quantity: 2, unitPrice: 500 },
              ],
            }),
          )
        ).id,
      );
    }
    const { conn } = connect(fake);
    const orders = await pull(conn);
    expect(orders.map((o) => o.externalId).sort()).toEqual([...ids].sort());
    for (const o of orders) expect(o.lines.map((l) => l.quantity)).toEqual([1, 2]);

    const calls = await fake.received('orders');
    expect(calls.map((c) => (c.body as { count: number }).count)).toEqual([2, 2, 1]);
    const [first, ...rest] = calls.map((c) => (c.body as { query: Record<string, string> }).query);
    expect(first).toEqual({ MarketplaceIds: MARKETPLACE, LastUpdatedAfter: expect.any(String), MaxResultsPerPage: '100' });
    for (const q of rest) expect(Object.keys(q).sort()).toEqual(['MarketplaceIds', 'NextToken']);
    // Two items an order, one per page: two getOrderItems pages for each of five orders.
    expect(await fake.received('orderItems')).toHaveLength(10);
  });

  it('sends the window to Amazon, closing it only when it ends over two minutes ago', async () => {
    const fake = fakeMall('amazon');
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
    const old = await fake.placeOrder(sampleOrder({ orderedAt: at(3).toISOString() }));
    const middle = await fake.placeOrder(sampleOrder({ orderedAt: at(2).toISOString() }));
    await fake.placeOrder(sampleOrder({ orderedAt: at(1).toISOString() }));
    const { conn } = connect(fake);

    const since = at(2.5);
    const until = at(1.5);
    const inWindow = await pull(conn, since, until);
    expect(inWindow.map((o) => o.externalId)).toEqual([middle.id]);
    const upToNow = await pull(conn, at(4), new Date());
    expect(upToNow).toHaveLength(3);
    expect(upToNow.map((o) => o.externalId)).toContain(old.id);

    const [closed, open] = (await fake.received('orders')).map((c) => (c.body as { query: Record<string, string> }).query);
    expect(closed).toEqual({ MarketplaceIds: MARKETPLACE, LastUpdatedAfter: since.toISOString(), LastUpdatedBefore: until.toISOString(), MaxResultsPerPage: '100' });
    // Amazon refuses a LastUpdatedBefore within the last two minutes: a window ending now stays open.
    expect(open.LastUpdatedBefore).toBeUndefined();
  });

  it('skips Pending orders, imports cancelled, cash-on-delivery and FBA orders as such', async () => {
    const fake = fakeMall('amazon');
    await fake.addItems([{ sku: 'TS-WHT-M', remoteId: 'AMZ-TS-WHT-M', quantity: 10 }]);
    await fake.placeOrder(sampleOrder({ payment: 'convenience', paid: false }));
    const cod = await fake.placeOrder(sampleOrder({ payment: 'cod', paid: false }));
    const fba = await fake.placeOrder(sampleOrder({ fulfilledByMall: true }));
    const cancelled = await fake.placeOrder(sampleOrder());
    await fake.cancelOrder(cancelled.id);
    const { conn } = connect(fake);

    const orders = new Map((await pull(conn)).map((o) => [o.externalId, o]));
    expect([...orders.keys()].sort()).toEqual([cod.id, fba.id, cancelled.id].sort());
    expect(orders.get(cod.id)).toMatchObject({ payment: { method: 'cod', paid: false }, totals: { fees: 330 }, mallStatus: 'Unshipped' });
    expect(orders.get(fba.id)).toMatchObject({ fulfilledByMall: true, mallStatus: 'Shipped', cancelled: false });
    expect(orders.get(cancelled.id)).toMatchObject({ cancelled: true, mallStatus: 'Canceled', fulfilledByMall: false });
    // Amazon has no address for a cancelled order; the lines stay for the record.
    expect(orders.get(cancelled.id)?.shipTo.address1).toBe('');
    // Pending and COD orders hold 2 units each; FBA units come from Amazon's warehouse; the cancelled order gave its 2 back.
    expect(await fake.stock()).toEqual({ 'AMZ-TS-WHT-M': 6 });
  });
});

describe('amazon adapter: credentials', () => {
  it('refreshes the access token once, saves it, and reuses it while it is valid', async () => {
    const fake = fakeMall('amazon');
    const first = connect(fake);
    await pull(first.conn);
    expect(first.saved).toHaveLength(1);
    expect(first.saved[0]).toMatchObject({ ...AMAZON_FAKE_CREDENTIALS, accessToken: expect.stringMatching(/^Atza\|/) });
    const expiresIn = Date.parse(first.saved[0].accessTokenExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(3_500_000);
    expect(expiresIn).toBeLessThanOrEqual(3_600_000);
    const auth = await fake.received('auth');
    expect(auth).toEqual([expect.objectContaining({ body: { grant_type: 'refresh_token', client_id: AMAZON_FAKE_CREDENTIALS.clientId } })]);

    const second = connect(fake, first.saved[0]);
    await pull(second.conn);
    await amazonAdapter.testConnection(second.conn);
    expect(second.saved).toHaveLength(0);
    expect(await fake.received('auth')).toHaveLength(1);
  });

  it('refreshes an expired token before calling, and a refused stored token once', async () => {
    const fake = fakeMall('amazon');
    const expired = connect(fake, { accessToken: 'Atza|old', accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    await amazonAdapter.testConnection(expired.conn);
    expect(expired.saved).toHaveLength(1);

    const revoked = connect(fake, { accessToken: 'Atza|revoked', accessTokenExpiresAt: new Date(Date.now() + 3_000_000).toISOString() });
    await amazonAdapter.testConnection(revoked.conn);
    expect(revoked.saved).toHaveLength(1);
    expect(await fake.received('auth')).toHaveLength(2);
  });

  it('reports a wrong refresh token or client secret as an auth failure', async () => {
    const fake = fakeMall('amazon');
    const badGrant = await failure(amazonAdapter.testConnection(connect(fake, { refreshToken: 'Atzr|nope' }).conn));
    expect(badGrant).toMatchObject({ auth: true, retryable: false, status: 400 });
    expect(badGrant.message).toContain('invalid_grant');
    expect(badGrant.message).not.toContain('Atzr|nope');
    const badClient = await failure(pull(connect(fake, { clientSecret: 'wrong' }).conn));
    expect(badClient).toMatchObject({ auth: true, retryable: false, status: 401 });
    // A seller id this app is not authorised for is refused by the Listings API.
    const otherSeller = await failure(amazonAdapter.readStock!(connect(fake, { sellerId: 'A3SOMEONEELSE' }).conn, [{ sku: 'S', remoteId: 'S' }]));
    expect(otherSeller).toMatchObject({ auth: true, status: 403 });
  });
});

describe('amazon adapter: throttling and errors', () => {
  it('turns getOrders QuotaExceeded into a retryable error after 1/rate seconds', async () => {
    const fake = fakeMall('amazon');
    const token = await lwaToken(fake);
    const url = `${fake.endpoint}/orders/v0/orders?MarketplaceIds=${MARKETPLACE}&LastUpdatedAfter=${hourAgo().toISOString()}`;
    // The documented usage plan: a burst of 20, then 0.0167 requests per second.
    for (let n = 0; n < 20; n++) expect((await fetch(url, { headers: { 'x-amz-access-token': token } })).status).toBe(200);
    const limited = await fetch(url, { headers: { 'x-amz-access-token': token } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-amzn-ratelimit-limit')).toBe('0.0167');
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toEqual({ errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] });

    const e = await failure(pull(connect(fake).conn));
    expect(e).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 60, auth: false });
  });

  it('passes an injected throttle on with its wait, and waits out a short getOrderItems throttle itself', async () => {
    const fake = fakeMall('amazon');
    await fake.placeOrder(sampleOrder());
    await fake.fault({ kind: 'throttle', match: '/orders/v0/orders', retryAfter: 7 });
    const e = await failure(pull(connect(fake).conn));
    expect(e).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 7 });

    await fake.fault({ kind: 'throttle', match: '/orderItems', retryAfter: 1 });
    const orders = await pull(connect(fake).conn);
    expect(orders).toHaveLength(1);
    expect(orders[0].lines).toHaveLength(1);
  });

  it('reports a 500 as retryable and a bad request as final', async () => {
    const fake = fakeMall('amazon');
    await fake.fault({ kind: 'status', status: 500, match: '/orders/v0/orders' });
    expect(await failure(pull(connect(fake).conn))).toMatchObject({ status: 500, retryable: true });
    await fake.fault({ kind: 'status', status: 503, match: '/listings/', retryAfter: 3 });
    expect(await failure(amazonAdapter.pushStock(connect(fake).conn, [{ sku: 'S', remoteId: 'S', quantity: 1 }]))).toMatchObject({ status: 503, retryable: true, retryAfterSeconds: 3 });
    // An order id Amazon does not know, on confirmShipment: SP-API's own 404 body, final.
    const e = await failure(amazonAdapter.pushShipment(connect(fake).conn, { externalId: '999-0000000-0000000', carrier: 'yamato', trackingNumber: '1', shippedAt: new Date().toISOString(), raw: { FulfillmentChannel: 'MFN', OrderItems: [{ OrderItemId: '1', QuantityOrdered: 1, ASIN: 'B0' }] } }));
    expect(e).toMatchObject({ status: 404, retryable: false });
    expect(e.message).toContain('NotFound');
  });
});

describe('amazon adapter: stock', () => {
  it('patches one SKU per call with the exact fulfillment_availability merge body', async () => {
    const fake = fakeMall('amazon');
    await fake.addItems([{ sku: 'TS-WHT-M', remoteId: 'AMZ-TS-WHT-M', quantity: 10 }]);
    const { conn } = connect(fake);
    const result = await amazonAdapter.pushStock(conn, [{ sku: 'TS-WHT-M', remoteId: 'AMZ-TS-WHT-M', quantity: 7 }]);
    expect(result).toEqual({ accepted: ['TS-WHT-M'], rejected: [] });
    const [push] = await fake.received('stock');
    expect(push.path).toMatch(new RegExp(`/listings/2021-08-01/items/${AMAZON_FAKE_CREDENTIALS.sellerId}/AMZ-TS-WHT-M$`));
    expect(push.body).toEqual({
      productType: 'PRODUCT',
      patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }] }],
    });
    expect(await fake.stock()).toEqual({ 'AMZ-TS-WHT-M': 7 });
    // merge keeps the handling time set in Seller Central (replace would drop it).
    const res = await fetch(`${fake.endpoint}/listings/2021-08-01/items/${AMAZON_FAKE_CREDENTIALS.sellerId}/AMZ-TS-WHT-M?marketplaceIds=${MARKETPLACE}&includedData=attributes`, {
      headers: { 'x-amz-access-token': await lwaToken(fake) },
    });
    expect(((await res.json()) as { attributes: { fulfillment_availability: unknown[] } }).attributes.fulfillment_availability).toEqual([
      { fulfillment_channel_code: 'DEFAULT', quantity: 7, lead_time_to_ship_max_days: 2, marketplace_id: MARKETPLACE },
    ]);

    expect(amazonAdapter.limits).toEqual({ maxItemsPerCall: 1, callsPerSecond: 5, burst: 5, maxInFlight: 5 });
    await expect(
      amazonAdapter.pushStock(conn, [
        { sku: 'A', remoteId: 'A', quantity: 1 },
        { sku: 'B', remoteId: 'B', quantity: 1 },
      ]),
    ).rejects.toThrow(/1 SKU per call/);
  });

  it('is told ACCEPTED for an unknown SKU (Amazon’s quirk) and finds out through readStock', async () => {
    const fake = fakeMall('amazon');
    await fake.addItems([{ sku: 'TS-WHT-M', remoteId: 'AMZ-TS-WHT-M', quantity: 4 }]);
    const { conn } = connect(fake);
    expect(await amazonAdapter.pushStock(conn, [{ sku: 'GHOST', remoteId: 'AMZ-GHOST', quantity: 5 }])).toEqual({ accepted: ['GHOST'], rejected: [] });
    expect(await fake.stock()).toEqual({ 'AMZ-TS-WHT-M': 4 });
    expect(
      await amazonAdapter.readStock!(conn, [
        { sku: 'TS-WHT-M', remoteId: 'AMZ-TS-WHT-M' },
        { sku: 'GHOST', remoteId: 'AMZ-GHOST' },
      ]),
    ).toEqual([
      { sku: 'TS-WHT-M', quantity: 4 },
      { sku: 'GHOST', quantity: null },
    ]);
  });
});

describe('amazon adapter: shipment and connection', () => {
  it('confirms an MFN shipment in Amazon’s format and the order turns Shipped', async () => {
    const fake = fakeMall('amazon');
    await fake.placeOrder(
      sampleOrder({
        lines: [
          { sku: 'A', quantity: 1, unitPrice: 1000 },
          { sku: 'B', quantity: 3, unitPrice: 500 },
        ],
      }),
    );
    const { conn } = connect(fake);
    const [order] = await pull(conn);
    const shippedAt = '2031-05-01T09:30:00+09:00';
    await amazonAdapter.pushShipment(conn, { externalId: order.externalId, carrier: 'yamato_b2', trackingNumber: '1234-5678-9012', shippedAt, raw: order.raw });

    const items = (order.raw as { OrderItems: { OrderItemId: string }[] }).OrderItems;
    const [shipment] = await fake.received('shipment');
    expect(shipment.path).toMatch(new RegExp(`/orders/v0/orders/${order.externalId}/shipmentConfirmation$`));
    expect(shipment.body).toEqual({
      marketplaceId: MARKETPLACE,
      packageDetail: {
        packageReferenceId: '1',
        carrierCode: 'Yamato Transport',
        trackingNumber: '123456789012',
        shipDate: '2031-05-01T00:30:00.000Z',
        orderItems: [
          { orderItemId: items[0].OrderItemId, quantity: 1 },
          { orderItemId: items[1].OrderItemId, quantity: 3 },
        ],
      },
    });
    const [after] = await pull(conn);
    expect(after.mallStatus).toBe('Shipped');
  });

  it('sends an unlisted carrier as Other with its name, and leaves FBA orders to Amazon', async () => {
    const fake = fakeMall('amazon');
    const mfn = await fake.placeOrder(sampleOrder());
    await fake.placeOrder(sampleOrder({ fulfilledByMall: true }));
    const { conn } = connect(fake);
    const orders = await pull(conn);
    for (const o of orders) await amazonAdapter.pushShipment(conn, { externalId: o.externalId, carrier: 'other', trackingNumber: 'X123', shippedAt: new Date().toISOString(), raw: o.raw });
    const shipments = await fake.received('shipment');
    expect(shipments).toHaveLength(1);
    expect(shipments[0].path).toContain(mfn.id);
    expect((shipments[0].body as { packageDetail: Record<string, unknown> }).packageDetail).toMatchObject({ carrierCode: 'Other', carrierName: 'other', trackingNumber: 'X123' });
  });

  it('tests the connection through the seller’s marketplace participations', async () => {
    const fake = fakeMall('amazon');
    await amazonAdapter.testConnection(connect(fake).conn);
    const other = await failure(amazonAdapter.testConnection(connect(fake, { marketplaceId: 'ATVPDKIKX0DER' }).conn));
    expect(other).toMatchObject({ auth: true, retryable: false });
    expect(amazonAdapter.credentialKeys).toEqual(['sellerId', 'clientId', 'clientSecret', 'refreshToken']);
    expect(amazonAdapter.defaultEndpoint).toBe('https://sellingpartnerapi-fe.amazon.com');
  });
});
