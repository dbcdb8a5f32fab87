import { describe, expect, it } from 'vitest';
import { fakeMall, sampleOrder, type FakeMallClient } from '../helpers/fakes';
import { MallError, type Connection, type StockPush } from '../../worker/channels/adapter';
import { createYahooAdapter, yahooAdapter } from '../../worker/channels/yahoo/adapter';

// The Yahoo! Shopping adapter against its conformance fake (test/fakes/yahoo/):
// YConnect refresh, orderList paging and change detection, orderInfo mapping,
// setStock's exact form body and quirks, orderShipStatusChange, and the mall's errors.

const CREDENTIALS = { sellerId: 'kura-store', clientId: 'kura-client-id', clientSecret: 'kura-client-secret', refreshToken: 'kura-refresh-token' };
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const setup = async (opts: { rateLimits?: boolean; credentials?: Record<string, string> } = {}) => {
  const mall = fakeMall('yahoo');
  if (!opts.rateLimits) await mall.configure({ rateLimits: false });
  const saved: Record<string, string>[] = [];
  const conn: Connection = {
    endpoint: mall.endpoint,
    credentials: { ...CREDENTIALS, ...opts.credentials },
    saveCredentials: async (next) => {
      saved.push(next);
      conn.credentials = next;
    },
  };
  return { mall, conn, saved };
};

const aroundNow = () => ({ since: new Date(Date.now() - HOUR), until: new Date(Date.now() + 60_000) });

/** An access token straight from the fake, for calls the adapter would never make. */
const rawToken = async (mall: FakeMallClient) => {
  const res = await fetch(`${mall.endpoint}/yconnect/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: CREDENTIALS.refreshToken, client_id: CREDENTIALS.clientId, client_secret: CREDENTIALS.clientSecret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
};

const tag = (xml: unknown, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(String(xml))?.[1];

const mallError = async (p: Promise<unknown>): Promise<MallError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MallError);
  return e as MallError;
};

describe('yahoo adapter: orders', () => {
  it('maps an order field by field, Japanese address and all', async () => {
    const { mall, conn } = await setup();
    await mall.addItems([{ sku: 'TS-WHT-M', remoteId: 'tshirt', remoteVariantId: 'wht-m', quantity: 10 }]);
    const orderedAt = '2025-03-01T00:30:00.000Z'; // 09:30 JST
    const { id } = await mall.placeOrder(sampleOrder({ orderedAt, desiredDate: '2025-03-05', timeSlot: '14:00～16:00', note: '不在時は宅配ボックスへ' }));
    const orders = await yahooAdapter.pullOrders(conn, { since: new Date(Date.parse(orderedAt) - HOUR), until: new Date(Date.parse(orderedAt) + HOUR) });
    expect(orders).toHaveLength(1);
    const [order] = orders;
    expect(order.externalId).toBe(id);
    expect(id).toMatch(/^kura-store-\d{8}$/);
    expect(order.orderedAt).toBe(orderedAt);
    expect(order.customer).toEqual({ name: '山田 太郎', email: 'taro@example.jp', phone: '090-1234-5678' });
    // The mall sent ShipZipCode "0600001": the leading zero and the hyphen are Kura's.
    expect(order.shipTo).toEqual({ name: '山田 花子', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2丁目1-1', address2: 'サンプルビル 5F', phone: '011-123-4567' });
    expect(order.lines).toEqual([{ sku: 'tshirt:wht-m', quantity: 2, unitPrice: 2980, name: 'Tシャツ 白 M', remoteId: 'tshirt', remoteVariantId: 'wht-m' }]);
    expect(order.payment).toEqual({ method: 'credit_card', paid: true, raw: 'クレジットカード決済' });
    expect(order.shipping).toEqual({ method: '宅配便', desiredDate: '2025-03-05', timeSlot: '14:00～16:00' });
    expect(order.note).toBe('不在時は宅配ボックスへ');
    expect(order.totals).toEqual({ shippingFee: 550, fees: 0, discount: 0, points: 0 });
    expect(order.cancelled).toBe(false);
    expect(order.fulfilledByMall).toBe(false);
    expect(order.mallStatus).toBe('処理中・出荷可');
    // raw is the mall's own OrderInfo, native names and groups.
    expect(order.raw).toMatchObject({ OrderId: id, OrderTime: '2025-03-01T09:30:00+09:00', Pay: { PayMethod: 'payment_a1', PayStatus: '1' }, Ship: { ShipZipCode: '0600001' }, Detail: { TotalPrice: '6510' } });
    // The sale lowered the mall's own stock.
    expect(await mall.stock()).toEqual({ 'tshirt/wht-m': 8 });
    // orderInfo was asked for exactly this order, once.
    const infos = (await mall.received('orders')).filter((r) => r.path.endsWith('/orderInfo'));
    expect(infos.map((r) => tag(r.body, 'OrderId'))).toEqual([id]);
  });

  it('maps an unpaid bank-transfer order without a building as waiting', async () => {
    const { mall, conn } = await setup();
    await mall.placeOrder(sampleOrder({ payment: 'bank', paid: false, shipTo: { ...sampleOrder().shipTo, address2: undefined, postalCode: '100-0001' } }));
    const [order] = await yahooAdapter.pullOrders(conn, aroundNow());
    expect(order.payment).toEqual({ method: 'bank_transfer', paid: false, raw: '銀行振込' });
    expect(order.shipTo.address2).toBeUndefined();
    expect(order.shipTo.postalCode).toBe('100-0001');
    expect(order.mallStatus).toBe('処理中・出荷不可');
  });

  it('follows Start/Result paging to TotalCount and reads each order with its own orderInfo call', async () => {
    const { mall, conn } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await mall.placeOrder(sampleOrder())).id);
    const orders = await createYahooAdapter({ pageSize: 2 }).pullOrders(conn, aroundNow());
    expect(orders.map((o) => o.externalId).sort()).toEqual([...ids].sort());
    const received = await mall.received('orders');
    const lists = received.filter((r) => r.path.endsWith('/orderList'));
    expect(lists.map((r) => [tag(r.body, 'Start'), tag(r.body, 'Result')])).toEqual([
      ['1', '2'],
      ['3', '2'],
      ['5', '2'],
    ]);
    expect(received.filter((r) => r.path.endsWith('/orderInfo'))).toHaveLength(5);
  });

  it('keeps only orders changed in the window: an old order cancelled now comes back, an old untouched one does not', async () => {
    const { mall, conn } = await setup();
    const old = new Date(Date.now() - 10 * DAY).toISOString();
    const untouched = await mall.placeOrder(sampleOrder({ orderedAt: old }));
    const cancelled = await mall.placeOrder(sampleOrder({ orderedAt: old }));
    const fresh = await mall.placeOrder(sampleOrder());
    await mall.cancelOrder(cancelled.id);
    const window = aroundNow();
    const orders = await yahooAdapter.pullOrders(conn, window);
    expect(orders.map((o) => o.externalId).sort()).toEqual([cancelled.id, fresh.id].sort());
    expect(orders.find((o) => o.externalId === cancelled.id)).toMatchObject({ cancelled: true, mallStatus: 'キャンセル・出荷可' });
    expect(orders.map((o) => o.externalId)).not.toContain(untouched.id);
    // orderList has no update-time condition: the adapter searched order times 30 days back (JST, YYYYMMDDHH24MISS).
    const [list] = (await mall.received('orders')).filter((r) => r.path.endsWith('/orderList'));
    const jst = (d: Date) => new Date(d.getTime() + 9 * HOUR).toISOString().slice(0, 19).replace(/[-T:]/g, '');
    expect(tag(list.body, 'OrderTimeFrom')).toBe(jst(new Date(window.since.getTime() - 30 * DAY)));
    expect(tag(list.body, 'OrderTimeTo')).toBe(jst(window.until));
    expect(tag(list.body, 'SellerId')).toBe('kura-store');
  });

  it('waits out the mall throttling an orderInfo call inside a pull', async () => {
    const { mall, conn } = await setup();
    const { id } = await mall.placeOrder(sampleOrder());
    await mall.fault({ kind: 'throttle', match: 'orderInfo' });
    const waits: number[] = [];
    const orders = await createYahooAdapter({ sleep: async (ms) => void waits.push(ms) }).pullOrders(conn, aroundNow());
    expect(orders.map((o) => o.externalId)).toEqual([id]);
    expect(waits).toEqual([1000]);
  });

  it('reports a 500 as retryable', async () => {
    const { mall, conn } = await setup();
    await mall.fault({ kind: 'status', status: 500, match: 'orderList' });
    const e = await mallError(yahooAdapter.pullOrders(conn, aroundNow()));
    expect(e).toMatchObject({ status: 500, retryable: true, auth: false });
  });
});

describe('yahoo adapter: YConnect tokens', () => {
  it('gets an access token with the refresh token, saves it, and reuses it while unexpired', async () => {
    const { mall, conn, saved } = await setup();
    await yahooAdapter.testConnection(conn);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ ...CREDENTIALS, accessToken: expect.stringMatching(/^fake-at-/) });
    const expiresIn = Date.parse(saved[0].accessTokenExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
    await yahooAdapter.testConnection(conn);
    expect(saved).toHaveLength(1);
    expect(await mall.received('auth')).toHaveLength(1);
  });

  it('refreshes once and retries when the shopping API answers 401', async () => {
    const { mall, conn, saved } = await setup({ credentials: { accessToken: 'stale-token', accessTokenExpiresAt: new Date(Date.now() + HOUR).toISOString() } });
    await yahooAdapter.testConnection(conn);
    expect(saved).toHaveLength(1);
    expect(saved[0].accessToken).not.toBe('stale-token');
    // Revoked server-side later: the next call refreshes again and goes through.
    await mall.configure({ revokeAccessTokens: true });
    await yahooAdapter.pushStock(conn, [{ sku: 'MUG', remoteId: 'mug', quantity: 1 }]);
    expect(saved).toHaveLength(2);
    expect(await mall.received('auth')).toHaveLength(2);
  });

  it('fails with an auth MallError when the refresh token is refused', async () => {
    const { conn } = await setup({ credentials: { refreshToken: 'revoked', accessToken: 'stale-token', accessTokenExpiresAt: new Date(Date.now() + HOUR).toISOString() } });
    const e = await mallError(yahooAdapter.pullOrders(conn, aroundNow()));
    expect(e).toMatchObject({ auth: true, retryable: false });
    expect(e.message).toContain('invalid_grant');
    expect(e.message).not.toContain('revoked');
  });

  it('fails with an auth MallError when the client secret is wrong', async () => {
    const { conn } = await setup({ credentials: { clientSecret: 'wrong' } });
    const e = await mallError(yahooAdapter.testConnection(conn));
    expect(e).toMatchObject({ status: 401, auth: true, retryable: false });
  });

  it('fails with an auth MallError when the token belongs to another store', async () => {
    const { conn } = await setup({ credentials: { sellerId: 'someone-else' } });
    const e = await mallError(yahooAdapter.testConnection(conn));
    expect(e).toMatchObject({ status: 403, auth: true, retryable: false });
  });
});

describe('yahoo adapter: stock', () => {
  const tshirt: StockPush = { sku: 'TS-WHT-M', remoteId: 'tshirt', remoteVariantId: 'wht-m', quantity: 7 };
  const mug: StockPush = { sku: 'MUG', remoteId: 'mug', quantity: 0 };

  it('sends absolute quantities as setStock form fields, item_code:sub_code for variants', async () => {
    const { mall, conn } = await setup();
    await mall.addItems([
      { sku: 'TS-WHT-M', remoteId: 'tshirt', remoteVariantId: 'wht-m', quantity: 10 },
      { sku: 'MUG', remoteId: 'mug', quantity: 3 },
    ]);
    expect(await yahooAdapter.pushStock(conn, [tshirt, mug])).toEqual({ accepted: ['TS-WHT-M', 'MUG'], rejected: [] });
    const [push] = await mall.received('stock');
    expect(push.path).toMatch(/\/ShoppingWebService\/V1\/setStock$/);
    expect(push.body).toBe('seller_id=kura-store&item_code=tshirt%3Awht-m%2Cmug&quantity=7%2C0');
    expect(Object.fromEntries(new URLSearchParams(push.body as string))).toEqual({ seller_id: 'kura-store', item_code: 'tshirt:wht-m,mug', quantity: '7,0' });
    expect(await mall.stock()).toEqual({ 'tshirt/wht-m': 7, mug: 0 });
    expect(await yahooAdapter.readStock!(conn, [tshirt, mug])).toEqual([
      { sku: 'TS-WHT-M', quantity: 7 },
      { sku: 'MUG', quantity: 0 },
    ]);
  });

  it('never sends more than 1,000 codes: the adapter refuses, and so does the mall', async () => {
    const { mall, conn } = await setup();
    const many = Array.from({ length: 1001 }, (_, i) => ({ sku: `S${i}`, remoteId: `item-${i}`, quantity: 1 }));
    await expect(yahooAdapter.pushStock(conn, many)).rejects.toThrow(/at most 1000/);
    expect(yahooAdapter.limits).toEqual({ maxItemsPerCall: 1000, callsPerSecond: 1, burst: 1 });
    expect(await yahooAdapter.pushStock(conn, many.slice(0, 1000))).toMatchObject({ rejected: [] });
    const res = await fetch(`${mall.endpoint}/ShoppingWebService/V1/setStock`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await rawToken(mall)}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ seller_id: 'kura-store', item_code: many.map((m) => m.remoteId).join(','), quantity: many.map(() => '1').join(',') }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/<Error><Message>item_code takes at most 1000 codes \(got 1001\)\.<\/Message><Code>ed-00002<\/Code><\/Error>/);
  });

  it('accepts unknown item codes like the mall does: success, nothing visible changes, read-back says unknown', async () => {
    const { mall, conn } = await setup();
    await mall.addItems([{ sku: 'MUG', remoteId: 'mug', quantity: 3 }]);
    const ghost: StockPush = { sku: 'GHOST', remoteId: 'ghost', quantity: 4 };
    expect(await yahooAdapter.pushStock(conn, [ghost, { ...mug, quantity: 2 }])).toEqual({ accepted: ['GHOST', 'MUG'], rejected: [] });
    expect(await mall.stock()).toEqual({ mug: 2 });
    expect(await yahooAdapter.readStock!(conn, [ghost, mug])).toEqual([
      { sku: 'GHOST', quantity: null },
      { sku: 'MUG', quantity: 2 },
    ]);
    // The mall links the earlier push once the item is registered.
    await mall.addItems([{ sku: 'GHOST', remoteId: 'ghost', quantity: 0 }]);
    expect(await mall.stock()).toEqual({ mug: 2, ghost: 4 });
  });

  it('rejects the codes the mall refuses (207) and resends the rest, which that answer cancelled', async () => {
    const { mall, conn } = await setup();
    await mall.addItems([{ sku: 'MUG', remoteId: 'mug', quantity: 3 }]);
    const bad: StockPush = { sku: 'BAD', remoteId: 'bad_code', quantity: 1 };
    const result = await yahooAdapter.pushStock(conn, [{ ...mug, quantity: 5 }, bad]);
    expect(result.accepted).toEqual(['MUG']);
    expect(result.rejected).toEqual([{ sku: 'BAD', reason: expect.stringContaining('st-02101') }]);
    const pushes = await mall.received('stock');
    expect(pushes.map((p) => new URLSearchParams(p.body as string).get('item_code'))).toEqual(['mug']);
    expect(await mall.stock()).toEqual({ mug: 5 });
  });

  it("answers the mall's throttling as a retryable MallError with a retry delay", async () => {
    const { mall, conn } = await setup();
    await mall.fault({ kind: 'throttle', match: 'setStock' });
    const e = await mallError(yahooAdapter.pushStock(conn, [mug]));
    expect(e).toMatchObject({ retryable: true, retryAfterSeconds: 1, auth: false });
  });

  it('is throttled by the fake at one query a second per API', async () => {
    const { conn } = await setup({ rateLimits: true });
    await yahooAdapter.pushStock(conn, [mug]);
    const e = await mallError(yahooAdapter.pushStock(conn, [mug]));
    expect(e).toMatchObject({ retryable: true, retryAfterSeconds: 1 });
    // Another API has its own pace.
    expect(await yahooAdapter.readStock!(conn, [mug])).toEqual([{ sku: 'MUG', quantity: null }]);
  });
});

describe('yahoo adapter: shipment', () => {
  it('marks the order shipped with the carrier code, slip number and JST ship date', async () => {
    const { mall, conn } = await setup();
    const { id } = await mall.placeOrder(sampleOrder());
    await yahooAdapter.pushShipment(conn, { externalId: id, carrier: 'yamato_b2', trackingNumber: '1234-5678-9012', shippedAt: '2025-04-01T16:00:00Z', raw: {} });
    const [sent] = await mall.received('shipment');
    expect(sent.path).toMatch(/\/ShoppingWebService\/V1\/orderShipStatusChange$/);
    expect(tag(sent.body, 'OrderId')).toBe(id);
    expect(tag(sent.body, 'IsPointFix')).toBe('true');
    expect(tag(sent.body, 'ShipStatus')).toBe('3');
    expect(tag(sent.body, 'ShipCompanyCode')).toBe('1001');
    expect(tag(sent.body, 'ShipInvoiceNumber1')).toBe('1234-5678-9012');
    expect(tag(sent.body, 'ShipDate')).toBe('20250402'); // 01:00 JST the next day
    expect(tag(sent.body, 'SellerId')).toBe('kura-store');
    const [order] = await yahooAdapter.pullOrders(conn, aroundNow());
    expect(order.mallStatus).toBe('処理中・出荷済み');
    expect(order.raw).toMatchObject({ Ship: { ShipCompanyCode: '1001', ShipInvoiceNumber1: '1234-5678-9012' } });
  });

  it("passes the mall's refusal on as a final MallError with its message", async () => {
    const { mall, conn } = await setup();
    const { id } = await mall.placeOrder(sampleOrder());
    // 日本郵便 slips are 11–13 characters without hyphens.
    const e = await mallError(yahooAdapter.pushShipment(conn, { externalId: id, carrier: 'japanpost', trackingNumber: '1234', shippedAt: new Date().toISOString(), raw: {} }));
    expect(e).toMatchObject({ status: 400, retryable: false, auth: false });
    expect(e.message).toContain('ShipInvoiceNumber1 is not a valid slip number');
    const missing = await mallError(yahooAdapter.pushShipment(conn, { externalId: 'kura-store-99999999', carrier: 'sagawa', trackingNumber: '123456789012', shippedAt: new Date().toISOString(), raw: {} }));
    expect(missing).toMatchObject({ status: 400, retryable: false });
    expect(await mall.received('shipment')).toHaveLength(0);
  });
});
