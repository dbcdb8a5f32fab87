import { describe, expect, it } from 'vitest';
import { MallError, type Connection, type PullWindow } from '../../worker/channels/adapter';
import { pullRakutenOrders, rakutenAdapter } from '../../worker/channels/rakuten/adapter';
import { formatRmsDatetime } from '../../worker/channels/rakuten/datetime';
import { RAKUTEN_FAKE_CREDENTIALS } from '../fakes/rakuten/credentials';
import { fakeMall, sampleOrder, type FakeMallClient } from '../helpers/fakes';

// The Rakuten adapter against the RMS conformance fake (test/fakes/rakuten), over HTTP.

const MIN = 60_000;
const DAY = 86_400_000;

const conn = (fake: FakeMallClient, credentials: Record<string, string> = { ...RAKUTEN_FAKE_CREDENTIALS }): Connection => ({ endpoint: fake.endpoint, credentials });

/** A fresh fake; its rate limits off unless a test is about them. */
const setup = async (rateLimits = false) => {
  const fake = fakeMall('rakuten');
  if (!rateLimits) await fake.configure({ rateLimits: false });
  return fake;
};

const around = (ms = 2 * 3600_000): PullWindow => ({ since: new Date(Date.now() - ms), until: new Date(Date.now() + MIN) });

const caught = async (p: Promise<unknown>): Promise<MallError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof MallError) return e;
    throw e;
  }
  throw new Error('expected a MallError');
};

const rawPost = (fake: FakeMallClient, path: string, body: unknown) =>
  fetch(`${fake.endpoint}${path}`, {
    method: 'POST',
    headers: { Authorization: `ESA ${btoa(`${RAKUTEN_FAKE_CREDENTIALS.serviceSecret}:${RAKUTEN_FAKE_CREDENTIALS.licenseKey}`)}`, 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });

const searches = async (fake: FakeMallClient) =>
  (await fake.received('orders')).filter((r) => r.path.endsWith('/searchOrder/')).map((r) => r.body as { dateType: number; startDatetime: string; endDatetime: string; orderProgressList?: number[]; PaginationRequestModel: { requestRecordsAmount: number; requestPage: number } });

const getOrderCalls = async (fake: FakeMallClient) =>
  (await fake.received('orders')).filter((r) => r.path.endsWith('/getOrder/')).map((r) => r.body as { orderNumberList: string[]; version: number });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const jsonOf = async (res: Response) => (await res.json()) as Record<string, any>;

const rmsTime = (s: string) => Date.parse(s.replace(/\+0900$/, '+09:00'));

describe('rakuten adapter: auth and failures', () => {
  it('passes testConnection with the right keys and reports wrong keys as an auth MallError', async () => {
    const fake = await setup();
    await expect(rakutenAdapter.testConnection(conn(fake))).resolves.toBeUndefined();
    const e = await caught(rakutenAdapter.testConnection(conn(fake, { serviceSecret: RAKUTEN_FAKE_CREDENTIALS.serviceSecret, licenseKey: 'SL123456_wrong' })));
    expect(e).toMatchObject({ status: 401, retryable: false, auth: true });
    const missing = await caught(rakutenAdapter.pushStock(conn(fake, {}), [{ sku: 'A', remoteId: 'a', remoteVariantId: 'v', quantity: 1 }]));
    expect(missing.auth).toBe(true);
    // the fake answers a wrong ESA header the way RMS does
    const res = await fetch(`${fake.endpoint}/es/2.0/order/searchOrder/`, { method: 'POST', headers: { Authorization: 'ESA bm9wZTpub3Bl' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(await jsonOf(res)).toEqual({ Results: { errorCode: 'ES01-01', message: 'Un-Authorised' } });
  });

  it('reports throttling and server errors as retryable, with Retry-After', async () => {
    const fake = await setup();
    await fake.fault({ kind: 'throttle', retryAfter: 3, match: 'searchOrder' });
    const throttled = await caught(rakutenAdapter.testConnection(conn(fake)));
    expect(throttled).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 3 });
    await fake.fault({ kind: 'status', status: 500, match: 'bulk-upsert' });
    const failed = await caught(rakutenAdapter.pushStock(conn(fake), [{ sku: 'A', remoteId: 'a', remoteVariantId: 'v', quantity: 1 }]));
    expect(failed).toMatchObject({ status: 500, retryable: true });
    await fake.fault({ kind: 'status', status: 503, retryAfter: 30, match: 'getOrder' });
    await fake.placeOrder(sampleOrder());
    const unavailable = await caught(rakutenAdapter.pullOrders(conn(fake), around()));
    expect(unavailable).toMatchObject({ status: 503, retryable: true, retryAfterSeconds: 30 });
  });

  it('enforces bulk-upsert at one request a second (429, retryable)', async () => {
    const fake = await setup(true);
    await fake.addItems([{ sku: 'A', remoteId: 'item-a', remoteVariantId: 'v1', quantity: 5 }]);
    const item = { sku: 'A', remoteId: 'item-a', remoteVariantId: 'v1', quantity: 4 };
    await rakutenAdapter.pushStock(conn(fake), [item]);
    const e = await caught(rakutenAdapter.pushStock(conn(fake), [{ ...item, quantity: 3 }]));
    expect(e).toMatchObject({ status: 429, retryable: true });
    expect(e.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await fake.stock()).toEqual({ 'item-a/v1': 4 });
    await new Promise((r) => setTimeout(r, 1100));
    await rakutenAdapter.pushStock(conn(fake), [{ ...item, quantity: 3 }]);
    expect(await fake.stock()).toEqual({ 'item-a/v1': 3 });
  });
});

describe('rakuten adapter: orders', () => {
  it('maps an order field by field (leading-zero postcode, building, points, coupon)', async () => {
    const fake = await setup();
    await fake.addItems([{ sku: 'TS-WHT-M', remoteId: 'ts-001', remoteVariantId: 'wht-m', quantity: 10 }]);
    const spec = { ...sampleOrder({ desiredDate: '2026-12-01', timeSlot: '14-16', note: '不在時は宅配ボックスへ' }), rakuten: { usedPoint: 100, coupon: 200 } };
    const { id } = await fake.placeOrder(spec);
    expect(id).toMatch(/^\d{6}-\d{8}-\d{8}$/);
    expect(await fake.stock()).toEqual({ 'ts-001/wht-m': 8 });

    const orders = await rakutenAdapter.pullOrders(conn(fake), around());
    expect(orders).toHaveLength(1);
    const o = orders[0];
    const { raw, orderedAt, ...rest } = o;
    expect(Math.abs(Date.parse(orderedAt) - Date.now())).toBeLessThan(5 * MIN);
    expect(rest).toEqual({
      externalId: id,
      customer: { name: '山田 太郎', email: 'taro@example.jp', phone: '090-1234-5678' },
      shipTo: { name: '山田 花子', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2丁目1-1', address2: 'サンプルビル 5F', phone: '011-123-4567' },
      lines: [{ sku: 'TS-WHT-M', quantity: 2, unitPrice: 2980, name: 'Tシャツ 白 M', remoteId: 'ts-001', remoteVariantId: 'wht-m' }],
      payment: { method: 'credit_card', paid: true, raw: 'クレジットカード' },
      shipping: { method: '宅配便', desiredDate: '2026-12-01', timeSlot: '14-16' },
      note: '不在時は宅配ボックスへ',
      totals: { shippingFee: 550, fees: 0, discount: 200, points: 100, tax: Math.floor(((5960 + 550 - 200) * 10) / 110) },
      cancelled: false,
      fulfilledByMall: false,
      mallStatus: '発送待ち',
    });
    expect((raw as { orderNumber: string; OrdererModel: { zipCode1: string } }).orderNumber).toBe(id);
    expect((raw as { PackageModelList: { SenderModel: { zipCode1: string; subAddress: string } }[] }).PackageModelList[0].SenderModel).toMatchObject({ zipCode1: '060', subAddress: '北一条西2丁目1-1\u3000サンプルビル 5F' });
    // getOrder asked for the latest version
    expect((await getOrderCalls(fake)).map((c) => c.version)).toEqual([10]);
    // dates went out in RMS's JST format
    for (const s of await searches(fake)) expect(s.startDatetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0900$/);
  });

  it('follows searchOrder paging to the end', async () => {
    const fake = await setup();
    const placed = [];
    for (let i = 0; i < 5; i++) placed.push((await fake.placeOrder(sampleOrder({ orderedAt: new Date(Date.now() - (10 - i) * MIN).toISOString() }))).id);
    const orders = await pullRakutenOrders(conn(fake), around(), { pageSize: 2 });
    expect(orders.map((o) => o.externalId)).toEqual(placed);
    const byOrderDate = (await searches(fake)).filter((s) => s.dateType === 1 && !s.orderProgressList);
    expect(byOrderDate.map((s) => s.PaginationRequestModel.requestPage)).toEqual([1, 2, 3]);
    expect(byOrderDate.every((s) => s.PaginationRequestModel.requestRecordsAmount === 2)).toBe(true);
  });

  it('asks getOrder for at most 100 orders a call', async () => {
    const fake = await setup();
    for (let i = 0; i < 105; i++) await fake.placeOrder(sampleOrder({ orderedAt: new Date(Date.now() - 30 * MIN + i * 1000).toISOString() }));
    const orders = await rakutenAdapter.pullOrders(conn(fake), around());
    expect(new Set(orders.map((o) => o.externalId)).size).toBe(105);
    expect((await getOrderCalls(fake)).map((c) => c.orderNumberList.length)).toEqual([100, 5]);
    // and the fake refuses more, as RMS does
    const res = await rawPost(fake, '/es/2.0/order/getOrder/', { orderNumberList: orders.slice(0, 101).map((o) => o.externalId), version: 10 });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).MessageModelList[0].messageType).toBe('ERROR');
  });

  it('cuts long windows into searches of at most 63 days (the fake refuses longer ones)', async () => {
    const fake = await setup();
    const old = (await fake.placeOrder(sampleOrder({ orderedAt: new Date(Date.now() - 90 * DAY).toISOString() }))).id;
    const recent = (await fake.placeOrder(sampleOrder({ orderedAt: new Date(Date.now() - DAY).toISOString() }))).id;
    const since = new Date(Date.now() - 130 * DAY);
    const until = new Date();
    const orders = await rakutenAdapter.pullOrders(conn(fake), { since, until });
    expect(orders.map((o) => o.externalId).sort()).toEqual([old, recent].sort());
    const ranges = (await searches(fake)).filter((s) => s.dateType === 1 && !s.orderProgressList).map((s) => [rmsTime(s.startDatetime), rmsTime(s.endDatetime)]);
    expect(ranges.length).toBe(3);
    for (const [a, b] of ranges) expect(b - a).toBeLessThanOrEqual(63 * DAY);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1] + 1000);
    expect(ranges[0][0]).toBe(Math.floor(since.getTime() / 1000) * 1000);

    const tooLong = await rawPost(fake, '/es/2.0/order/searchOrder/', {
      dateType: 1,
      startDatetime: '2026-01-01T00:00:00+0900',
      endDatetime: '2026-03-06T00:00:00+0900',
      PaginationRequestModel: { requestRecordsAmount: 30, requestPage: 1 },
    });
    expect(tooLong.status).toBe(400);
    const body = await jsonOf(tooLong);
    expect(body.orderNumberList).toBeNull();
    expect(body.MessageModelList[0]).toMatchObject({ messageType: 'ERROR' });
    // RMS searches reach 730 days back: an older watermark is clamped rather than refused
    await expect(rakutenAdapter.pullOrders(conn(fake), { since: new Date(Date.now() - 800 * DAY), until: new Date() })).resolves.toHaveLength(2);
    const tooOld = await rawPost(fake, '/es/2.0/order/searchOrder/', {
      dateType: 1,
      startDatetime: formatRmsDatetime(new Date(Date.now() - 731 * DAY)),
      endDatetime: formatRmsDatetime(new Date(Date.now() - 700 * DAY)),
    });
    expect(tooOld.status).toBe(400);
    const badFormat = await rawPost(fake, '/es/2.0/order/searchOrder/', { dateType: 1, startDatetime: '2026-01-01T00:00:00Z', endDatetime: '2026-01-02T00:00:00+0900' });
    expect((await jsonOf(badFormat)).MessageModelList).toEqual([{ messageType: 'ERROR', messageCode: 'ORDER_EXT_API_SEARCH_ORDER_ERROR_011', message: 'startDatetimeの書式が不正です。' }]);
  });

  it('halves a range when a search reaches more results than RMS hands out', async () => {
    const fake = await setup();
    await fake.configure({ searchResultCap: 3 });
    const placed = [];
    for (let i = 0; i < 8; i++) placed.push((await fake.placeOrder(sampleOrder({ orderedAt: new Date(Date.now() - (60 - i * 7) * MIN).toISOString() }))).id);
    const orders = await pullRakutenOrders(conn(fake), around(), { resultCap: 3 });
    expect(orders.map((o) => o.externalId).sort()).toEqual([...placed].sort());
  });

  it('sees a cancellation of a recent order, though Rakuten cannot search by change time', async () => {
    const fake = await setup();
    const { id } = await fake.placeOrder(sampleOrder({ orderedAt: new Date(Date.now() - 3 * DAY).toISOString() }));
    expect(await rakutenAdapter.pullOrders(conn(fake), around(MIN))).toEqual([]);
    await fake.cancelOrder(id);
    const orders = await rakutenAdapter.pullOrders(conn(fake), around(MIN));
    expect(orders.map((o) => [o.externalId, o.cancelled, o.mallStatus])).toEqual([[id, true, 'キャンセル確定']]);
    const cancelSearch = (await searches(fake)).find((s) => s.orderProgressList);
    expect(cancelSearch?.orderProgressList).toEqual([900]);
  });

  it('sees a prepaid order once Rakuten releases it (paid, 注文確定日 in the window)', async () => {
    const fake = await setup();
    const { id } = await fake.placeOrder(sampleOrder({ payment: 'bank', paid: false, orderedAt: new Date(Date.now() - 2 * DAY).toISOString() }));
    const before = await rakutenAdapter.pullOrders(conn(fake), around(3 * DAY));
    expect(before.map((o) => [o.payment, o.mallStatus])).toEqual([[{ method: 'bank_transfer', paid: false, raw: '銀行振込' }, '楽天処理中']]);
    const moved = await fetch(`${fake.endpoint}/__fake/orders/${id}/progress`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderProgress: 300 }) });
    expect(moved.status).toBe(200);
    const after = await rakutenAdapter.pullOrders(conn(fake), around(MIN));
    expect(after.map((o) => [o.externalId, o.payment, o.mallStatus])).toEqual([[id, { method: 'bank_transfer', paid: true, raw: '銀行振込' }, '発送待ち']]);
  });
});

describe('rakuten adapter: stock', () => {
  it('sends absolute quantities in bulk-upsert format and reads them back', async () => {
    const fake = await setup();
    await fake.addItems([
      { sku: 'TS-WHT-M', remoteId: 'ts-001', remoteVariantId: 'wht-m', quantity: 10 },
      { sku: 'TS-WHT-L', remoteId: 'TS-001', remoteVariantId: 'wht-l', quantity: 10 },
    ]);
    const result = await rakutenAdapter.pushStock(conn(fake), [
      { sku: 'TS-WHT-M', remoteId: 'ts-001', remoteVariantId: 'wht-m', quantity: 7 },
      { sku: 'TS-WHT-L', remoteId: 'TS-001', remoteVariantId: 'wht-l', quantity: 120_000 },
      { sku: 'NO-VARIANT', remoteId: 'ts-002', quantity: 3 },
    ]);
    expect(result.accepted).toEqual(['TS-WHT-M', 'TS-WHT-L']);
    expect(result.rejected).toEqual([{ sku: 'NO-VARIANT', reason: expect.stringContaining('variantId') }]);
    const pushes = await fake.received('stock');
    expect(pushes.map((p) => [p.path.replace(/^.*\/es\//, '/es/'), p.body])).toEqual([
      [
        '/es/2.1/inventories/bulk-upsert',
        {
          inventories: [
            { manageNumber: 'ts-001', variantId: 'wht-m', mode: 'ABSOLUTE', quantity: 7 },
            { manageNumber: 'TS-001', variantId: 'wht-l', mode: 'ABSOLUTE', quantity: 99_999 },
          ],
        },
      ],
    ]);
    expect(await fake.stock()).toEqual({ 'ts-001/wht-m': 7, 'TS-001/wht-l': 99_999 });
    expect(
      await rakutenAdapter.readStock!(conn(fake), [
        { sku: 'TS-WHT-M', remoteId: 'ts-001', remoteVariantId: 'wht-m' },
        { sku: 'TS-WHT-L', remoteId: 'TS-001', remoteVariantId: 'wht-l' },
      ]),
    ).toEqual([
      { sku: 'TS-WHT-M', quantity: 7 },
      { sku: 'TS-WHT-L', quantity: 99_999 },
    ]);
  });

  it('accepts unknown SKUs silently (the RMS quirk); readStock reports them as null', async () => {
    const fake = await setup();
    await fake.addItems([{ sku: 'KNOWN', remoteId: 'item-k', remoteVariantId: 'v1', quantity: 5 }]);
    const result = await rakutenAdapter.pushStock(conn(fake), [
      { sku: 'KNOWN', remoteId: 'item-k', remoteVariantId: 'v1', quantity: 2 },
      { sku: 'GHOST', remoteId: 'no-such-item', remoteVariantId: 'v9', quantity: 8 },
    ]);
    expect(result).toEqual({ accepted: ['KNOWN', 'GHOST'], rejected: [] });
    expect(await fake.stock()).toEqual({ 'item-k/v1': 2 });
    const back = await rakutenAdapter.readStock!(conn(fake), [
      { sku: 'KNOWN', remoteId: 'item-k', remoteVariantId: 'v1' },
      { sku: 'GHOST', remoteId: 'no-such-item', remoteVariantId: 'v9' },
    ]);
    expect(back).toEqual([
      { sku: 'KNOWN', quantity: 2 },
      { sku: 'GHOST', quantity: null },
    ]);
  });

  it('refuses more than 400 items a call (the engine batches); the fake refuses them too', async () => {
    const fake = await setup();
    const items = Array.from({ length: 401 }, (_, i) => ({ sku: `S${i}`, remoteId: `item-${i}`, remoteVariantId: 'v', quantity: 1 }));
    await expect(rakutenAdapter.pushStock(conn(fake), items)).rejects.not.toBeInstanceOf(MallError);
    await expect(rakutenAdapter.pushStock(conn(fake), items)).rejects.toThrow(/400/);
    expect(rakutenAdapter.limits).toEqual({ maxItemsPerCall: 400, callsPerSecond: 1, burst: 1 });
    const res = await rawPost(fake, '/es/2.1/inventories/bulk-upsert', { inventories: items.map((i) => ({ manageNumber: i.remoteId, variantId: 'v', mode: 'ABSOLUTE', quantity: 1 })) });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors[0].code).toBeTruthy();
    expect(await fake.received('stock')).toEqual([]);
  });

  it('rejects the items RMS refuses by index and sends the rest again', async () => {
    const calls: unknown[] = [];
    const stub: typeof fetch = async (_url, init) => {
      calls.push(JSON.parse(String(init?.body)));
      return calls.length === 1
        ? Response.json({ errors: [{ code: 'IE0121', message: 'not allowed', metadata: { propertyPath: 'inventories[1].variantId' } }] }, { status: 400 })
        : new Response(null, { status: 204 });
    };
    const result = await rakutenAdapter.pushStock({ endpoint: 'https://rms.invalid', credentials: { ...RAKUTEN_FAKE_CREDENTIALS }, fetch: stub }, [
      { sku: 'A', remoteId: 'a', remoteVariantId: 'v1', quantity: 1 },
      { sku: 'B', remoteId: 'b', remoteVariantId: 'v2', quantity: 2 },
    ]);
    expect(result).toEqual({ accepted: ['A'], rejected: [{ sku: 'B', reason: 'IE0121 not allowed' }] });
    expect(calls[1]).toEqual({ inventories: [{ manageNumber: 'a', variantId: 'v1', mode: 'ABSOLUTE', quantity: 1 }] });
  });
});

describe('rakuten adapter: shipments', () => {
  it('reports the shipment in updateOrderShipping format and the order becomes 発送済', async () => {
    const fake = await setup();
    const { id } = await fake.placeOrder(sampleOrder());
    const [order] = await rakutenAdapter.pullOrders(conn(fake), around());
    const basketId = (order.raw as { PackageModelList: { basketId: number }[] }).PackageModelList[0].basketId;
    await rakutenAdapter.pushShipment(conn(fake), { externalId: id, carrier: 'yamato_b2', trackingNumber: '123456789012', shippedAt: '2026-03-31T20:00:00.000Z', raw: order.raw });
    const shipments = await fake.received('shipment');
    expect(shipments.map((s) => s.body)).toEqual([
      { orderNumber: id, BasketidModelList: [{ basketId, ShippingModelList: [{ deliveryCompany: '1001', shippingNumber: '123456789012', shippingDate: '2026-04-01' }] }] },
    ]);
    const [again] = await rakutenAdapter.pullOrders(conn(fake), around());
    expect(again.mallStatus).toBe('発送済');
    // a repeated push with the newer payload updates the same ShippingModel instead of adding one
    await rakutenAdapter.pushShipment(conn(fake), { externalId: id, carrier: 'sagawa', trackingNumber: '123456789012', shippedAt: '2026-04-01T01:00:00.000Z', raw: again.raw });
    const stored = (await (await fetch(`${fake.endpoint}/__fake/orders/${id}`)).json()) as { PackageModelList: { ShippingModelList: { deliveryCompany: string }[] }[] };
    expect(stored.PackageModelList[0].ShippingModelList.map((s) => s.deliveryCompany)).toEqual(['1002']);
  });

  it('reports a refused shipment as a final MallError', async () => {
    const fake = await setup();
    const { id } = await fake.placeOrder(sampleOrder({ payment: 'bank', paid: false }));
    const [order] = await rakutenAdapter.pullOrders(conn(fake), around());
    const e = await caught(rakutenAdapter.pushShipment(conn(fake), { externalId: id, carrier: 'sagawa', trackingNumber: '1', shippedAt: new Date().toISOString(), raw: order.raw }));
    expect(e).toMatchObject({ status: 400, retryable: false, auth: false });
    expect(e.message).toMatch(/ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR/);
    const noRaw = await caught(rakutenAdapter.pushShipment(conn(fake), { externalId: id, carrier: 'sagawa', trackingNumber: '1', shippedAt: new Date().toISOString(), raw: null }));
    expect(noRaw.retryable).toBe(false);
  });
});
