import { describe, expect, it } from 'vitest';
import { MallError, type CancelPush, type Connection } from '../../worker/channels/adapter';
import { amazonAdapter } from '../../worker/channels/amazon/adapter';
import { RAKUTEN_CANCEL_REASON } from '../../worker/channels/rakuten/cancel';
import { rakutenAdapter } from '../../worker/channels/rakuten/adapter';
import { SHOPIFY_CANCEL_REASON, shopifyAdapter } from '../../worker/channels/shopify/adapter';
import { YAHOO_CANCEL_REASON } from '../../worker/channels/yahoo/cancel';
import { yahooAdapter } from '../../worker/channels/yahoo/adapter';
import { CANCEL_REASONS, type CancelReason } from '../../worker/orders/cancel-reasons';
import { RAKUTEN_FAKE_CREDENTIALS } from '../fakes/rakuten/credentials';
import { fakeShopifyCredentials } from '../fakes/shopify/constants';
import { FAKE_CREDENTIALS } from '../helpers/channels';
import { fakeMall, sampleOrder, type FakeMallClient } from '../helpers/fakes';

// A seller cancel (キャンセル連携) told to each mall through its adapter, against
// the mall's conformance fake over HTTP: what arrives, in the mall's own codes,
// and which of the mall's refusals are final and which are retried.

const lastHour = () => ({ since: new Date(Date.now() - 3_600_000), until: new Date(Date.now() + 60_000) });

const caught = async (p: Promise<unknown>): Promise<MallError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MallError);
  return e as MallError;
};

/** A fresh fake with its rate limits off, and a Connection to it. */
const setup = async (mall: 'shopify' | 'rakuten' | 'yahoo') => {
  const fake = fakeMall(mall);
  await fake.configure({ rateLimits: false });
  const credentials = mall === 'shopify' ? fakeShopifyCredentials() : mall === 'rakuten' ? { ...RAKUTEN_FAKE_CREDENTIALS } : { ...FAKE_CREDENTIALS.yahoo };
  const conn: Connection = { endpoint: fake.endpoint, credentials };
  return { fake, conn };
};

const control = async <T>(fake: FakeMallClient, path: string): Promise<T> => (await (await fetch(`${fake.endpoint}/__fake/${path}`)).json()) as T;

type ShopifyCancellation = { name: string; reason: string; restock: boolean; refund: boolean | null; refundMethod: Record<string, unknown> | null; notifyCustomer: boolean; staffNote: string | null; financialAfter: string };

describe('shopify: orderCancel', () => {
  const placeAndPull = async (fake: FakeMallClient, conn: Connection, over: Parameters<typeof sampleOrder>[0] = {}) => {
    const { id } = await fake.placeOrder(sampleOrder({ lines: [{ sku: 'CX-1', quantity: 2, unitPrice: 1000 }], ...over }));
    const order = (await shopifyAdapter.pullOrders(conn, lastHour())).find((o) => o.externalId === id || o.externalId === id.replace(/^#/, ''))!;
    expect(order, `pulled ${id}`).toBeDefined();
    return order;
  };
  const push = (order: { externalId: string; raw?: unknown }, reason: CancelReason, note: string | null = null): CancelPush => ({ externalId: order.externalId, reason, note, raw: order.raw });

  it('reaches Shopify with the mapped reason, no restock, a refund of the paid order and the note for staff', async () => {
    const { fake, conn } = await setup('shopify');
    await fake.addItems([{ sku: 'CX-1', remoteId: 'gid://shopify/InventoryItem/91000000001', remoteVariantId: 'gid://shopify/ProductVariant/91000000001', quantity: 10 }]);
    const order = await placeAndPull(fake, conn);
    const before = await fake.stock();
    await shopifyAdapter.cancelOrder!(conn, push(order, 'out_of_stock', '入荷未定のため'));

    const [cancel] = await control<ShopifyCancellation[]>(fake, 'cancellations');
    expect(cancel).toMatchObject({
      reason: 'INVENTORY',
      restock: false,
      refund: null,
      refundMethod: { originalPaymentMethodsRefund: true },
      notifyCustomer: true,
      staffNote: '入荷未定のため',
      financialAfter: 'REFUNDED',
    });
    // Kura owns the stock figure: Shopify put nothing back by itself
    expect(await fake.stock()).toEqual(before);
    // and the order now reads as cancelled on the next pull
    const [again] = await shopifyAdapter.pullOrders(conn, lastHour());
    expect(again.cancelled).toBe(true);
  });

  it('maps every Kura reason onto OrderCancelReason, refunds nothing unpaid and tells no fraudster', async () => {
    expect(SHOPIFY_CANCEL_REASON).toEqual({ customer: 'CUSTOMER', out_of_stock: 'INVENTORY', fraud: 'FRAUD', payment: 'DECLINED', duplicate: 'OTHER', other: 'OTHER' });
    const { fake, conn } = await setup('shopify');
    for (const reason of CANCEL_REASONS) {
      const order = await placeAndPull(fake, conn, { payment: 'bank', paid: false });
      await shopifyAdapter.cancelOrder!(conn, push(order, reason));
    }
    const sent = await control<ShopifyCancellation[]>(fake, 'cancellations');
    expect(sent.map((c) => c.reason)).toEqual(CANCEL_REASONS.map((r) => SHOPIFY_CANCEL_REASON[r]));
    expect(sent.every((c) => c.refundMethod === null && c.refund === null && c.staffNote === null && c.restock === false)).toBe(true);
    expect(sent.map((c) => c.notifyCustomer)).toEqual(CANCEL_REASONS.map((r) => r !== 'fraud'));
  });

  it('cuts the note to the 255 characters staffNote takes', async () => {
    const { fake, conn } = await setup('shopify');
    const order = await placeAndPull(fake, conn);
    await shopifyAdapter.cancelOrder!(conn, push(order, 'other', 'あ'.repeat(300)));
    const [cancel] = await control<ShopifyCancellation[]>(fake, 'cancellations');
    expect([...cancel.staffNote!].length).toBe(255);
  });

  it('treats an order already cancelled (a retry after a lost answer) as done, without a second mutation', async () => {
    const { fake, conn } = await setup('shopify');
    const order = await placeAndPull(fake, conn);
    await shopifyAdapter.cancelOrder!(conn, push(order, 'customer'));
    await shopifyAdapter.cancelOrder!(conn, push(order, 'customer'));
    expect(await fake.received('cancel')).toHaveLength(1);
  });

  it("surfaces Shopify's refusal as a final MallError with Shopify's words", async () => {
    const { fake, conn } = await setup('shopify');
    await fake.configure({ noRefundPermission: true });
    const order = await placeAndPull(fake, conn);
    const e = await caught(shopifyAdapter.cancelOrder!(conn, push(order, 'customer')));
    expect(e).toMatchObject({ retryable: false, status: 400 });
    expect(e.message).toContain('NO_REFUND_PERMISSION');
    expect(e.message).toContain('refund_orders');
    expect(await control<unknown[]>(fake, 'cancellations')).toEqual([]);

    // a fulfilled order cannot be cancelled
    await fake.configure({ noRefundPermission: false });
    const shipped = await placeAndPull(fake, conn);
    await shopifyAdapter.pushShipment(conn, { externalId: shipped.externalId, carrier: 'yamato', trackingNumber: '123456789012', shippedAt: new Date().toISOString(), raw: shipped.raw });
    const refused = await caught(shopifyAdapter.cancelOrder!(conn, push(shipped, 'customer')));
    expect(refused).toMatchObject({ retryable: false });
    expect(refused.message).toContain('INVALID');

    // an order Shopify does not know
    const gone = await caught(shopifyAdapter.cancelOrder!(conn, { externalId: '#9999', reason: 'other', note: null, raw: { id: 'gid://shopify/Order/1' } }));
    expect(gone).toMatchObject({ status: 404, retryable: false });
  });

  it('retries when Shopify throttles or fails', async () => {
    const { fake, conn } = await setup('shopify');
    const order = await placeAndPull(fake, conn);
    await fake.fault({ kind: 'throttle', retryAfter: 3 });
    expect(await caught(shopifyAdapter.cancelOrder!(conn, push(order, 'customer')))).toMatchObject({ retryable: true, retryAfterSeconds: 3 });
    await fake.fault({ kind: 'status', status: 503 });
    expect(await caught(shopifyAdapter.cancelOrder!(conn, push(order, 'customer')))).toMatchObject({ status: 503, retryable: true });
    // the mall was not told twice, and the next try goes through
    await shopifyAdapter.cancelOrder!(conn, push(order, 'customer'));
    expect(await fake.received('cancel')).toHaveLength(1);
  });
});

type RakutenCancel = { orderNumber: string; inventoryRestoreType: number; changeReasonDetail: number; byCustomer: boolean; inventoryRestored: boolean };

describe('rakuten: cancelOrder (キャンセル申請)', () => {
  const rawPost = (fake: FakeMallClient, body: unknown) =>
    fetch(`${fake.endpoint}/es/2.0/order/cancelOrder/`, {
      method: 'POST',
      headers: { Authorization: `ESA ${btoa(`${RAKUTEN_FAKE_CREDENTIALS.serviceSecret}:${RAKUTEN_FAKE_CREDENTIALS.licenseKey}`)}`, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
  const placed = async (fake: FakeMallClient, over: Parameters<typeof sampleOrder>[0] = {}) => {
    const { id } = await fake.placeOrder(sampleOrder({ lines: [{ sku: 'RX-1', quantity: 2, unitPrice: 1000 }], ...over }));
    return id;
  };
  const push = (orderNumber: string, reason: CancelReason): CancelPush => ({ externalId: orderNumber, reason, note: '入荷未定', raw: null });

  it('applies for the cancel with the mapped reason and without RMS putting its own stock back', async () => {
    const { fake, conn } = await setup('rakuten');
    await fake.addItems([{ sku: 'RX-1', remoteId: 'rx-item', remoteVariantId: 'rx-1', quantity: 10 }]);
    const id = await placed(fake);
    const before = await fake.stock();
    await rakutenAdapter.cancelOrder!(conn, push(id, 'out_of_stock'));

    expect((await fake.received('cancel')).map((r) => r.body)).toEqual([{ orderNumber: id, inventoryRestoreType: 2, changeReasonDetailApply: 8 }]);
    expect(await control<RakutenCancel[]>(fake, 'cancels')).toMatchObject([{ orderNumber: id, changeReasonDetail: 8, byCustomer: false, inventoryRestored: false }]);
    expect(await fake.stock()).toEqual(before);
    // RMS shows キャンセル確定待ち until Rakuten confirms; Kura keeps its own cancel meanwhile
    const [order] = await rakutenAdapter.pullOrders(conn, lastHour());
    expect(order).toMatchObject({ mallStatus: 'キャンセル確定待ち', cancelled: false });
  });

  it('maps every Kura reason onto a changeReasonDetailApply code RMS accepts', async () => {
    expect(RAKUTEN_CANCEL_REASON).toEqual({ customer: 1, payment: 4, duplicate: 6, fraud: 6, out_of_stock: 8, other: 10 });
    const { fake, conn } = await setup('rakuten');
    for (const reason of CANCEL_REASONS) await rakutenAdapter.cancelOrder!(conn, push(await placed(fake), reason));
    const sent = (await fake.received('cancel')).map((r) => (r.body as { changeReasonDetailApply: number }).changeReasonDetailApply);
    expect(sent).toEqual(CANCEL_REASONS.map((r) => RAKUTEN_CANCEL_REASON[r]));
  });

  it('treats an order already in キャンセル確定待ち or キャンセル確定 as done', async () => {
    const { fake, conn } = await setup('rakuten');
    const id = await placed(fake);
    await rakutenAdapter.cancelOrder!(conn, push(id, 'customer'));
    await rakutenAdapter.cancelOrder!(conn, push(id, 'customer'));
    await fake.cancelOrder(id); // Rakuten confirms (900)
    await rakutenAdapter.cancelOrder!(conn, push(id, 'customer'));
    expect(await fake.received('cancel')).toHaveLength(1);
  });

  it("surfaces RMS's refusal as a final MallError and its throttling or failure as retryable", async () => {
    const { fake, conn } = await setup('rakuten');
    const id = await placed(fake);
    await fetch(`${fake.endpoint}/__fake/orders/${id}/progress`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderProgress: 500 }) });
    const shipped = await caught(rakutenAdapter.cancelOrder!(conn, push(id, 'customer')));
    expect(shipped).toMatchObject({ status: 400, retryable: false, auth: false });
    expect(shipped.message).toContain('ORDER_EXT_API_CANCEL_ORDER_ERROR');
    expect(shipped.message).toContain('キャンセル申請できません');
    expect(await caught(rakutenAdapter.cancelOrder!(conn, push('000000-20260101-00000000', 'customer')))).toMatchObject({ retryable: false });

    const other = await placed(fake);
    await fake.fault({ kind: 'throttle', retryAfter: 2, match: 'cancelOrder' });
    expect(await caught(rakutenAdapter.cancelOrder!(conn, push(other, 'customer')))).toMatchObject({ status: 429, retryable: true });
    await fake.fault({ kind: 'status', status: 500, match: 'cancelOrder' });
    expect(await caught(rakutenAdapter.cancelOrder!(conn, push(other, 'customer')))).toMatchObject({ status: 500, retryable: true });
    const badKeys = await caught(rakutenAdapter.cancelOrder!({ ...conn, credentials: { serviceSecret: 'SPx', licenseKey: 'SLx' } }, push(other, 'customer')));
    expect(badKeys).toMatchObject({ auth: true, retryable: false });
    expect(await fake.received('cancel')).toHaveLength(0);
  });

  it('the fake refuses what RMS refuses: a missing or unlisted code, a string where a number belongs', async () => {
    const { fake } = await setup('rakuten');
    const id = await placed(fake);
    const refused = async (body: unknown) => {
      const res = await rawPost(fake, body);
      expect(res.status).toBe(400);
      return ((await res.json()) as { MessageModelList: { messageType: string; message: string }[] }).MessageModelList;
    };
    expect((await refused({ orderNumber: id, changeReasonDetailApply: 8 }))[0]).toMatchObject({ messageType: 'ERROR', message: expect.stringContaining('inventoryRestoreType') });
    expect((await refused({ orderNumber: id, inventoryRestoreType: 2, changeReasonDetailApply: 7 }))[0].message).toContain('changeReasonDetailApply');
    expect((await refused({ orderNumber: id, inventoryRestoreType: '2', changeReasonDetailApply: 8 }))[0].message).toContain('inventoryRestoreType');
    expect((await refused({ inventoryRestoreType: 2, changeReasonDetailApply: 8 }))[0].message).toContain('orderNumber');
    expect(await fake.received('cancel')).toHaveLength(0);
  });
});

describe('yahoo: orderStatusChange to キャンセル', () => {
  const tag = (xml: unknown, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(String(xml))?.[1];
  const placed = async (fake: FakeMallClient) => (await fake.placeOrder(sampleOrder({ lines: [{ sku: 'YX-1', quantity: 1, unitPrice: 1000 }] }))).id;
  const push = (orderId: string, reason: CancelReason): CancelPush => ({ externalId: orderId, reason, note: null, raw: null });

  it('sends OrderStatus 4 with the mapped CancelReason and no point fix, and the order reads cancelled', async () => {
    const { fake, conn } = await setup('yahoo');
    const id = await placed(fake);
    await yahooAdapter.cancelOrder!(conn, push(id, 'out_of_stock'));
    const [sent] = await fake.received('cancel');
    expect([tag(sent.body, 'OrderId'), tag(sent.body, 'IsPointFix'), tag(sent.body, 'OrderStatus'), tag(sent.body, 'CancelReason'), tag(sent.body, 'SellerId')]).toEqual([id, 'false', '4', '210', 'kura-store']);
    const [order] = await yahooAdapter.pullOrders(conn, lastHour());
    expect(order).toMatchObject({ externalId: id, cancelled: true });
    expect((order.raw as Record<string, unknown>).CancelReason).toBe('210');
  });

  it('maps every Kura reason onto a CancelReason code Yahoo! accepts', async () => {
    expect(YAHOO_CANCEL_REASON).toEqual({ customer: '100', payment: '120', duplicate: '160', fraud: '180', out_of_stock: '210', other: '230' });
    const { fake, conn } = await setup('yahoo');
    for (const reason of CANCEL_REASONS) await yahooAdapter.cancelOrder!(conn, push(await placed(fake), reason));
    expect((await fake.received('cancel')).map((r) => tag(r.body, 'CancelReason'))).toEqual(CANCEL_REASONS.map((r) => YAHOO_CANCEL_REASON[r]));
  });

  it('treats an order already キャンセル as done (a retry), and refuses the unknown order for good', async () => {
    const { fake, conn } = await setup('yahoo');
    const id = await placed(fake);
    await yahooAdapter.cancelOrder!(conn, push(id, 'customer'));
    await yahooAdapter.cancelOrder!(conn, push(id, 'customer'));
    expect(await fake.received('cancel')).toHaveLength(1);

    const e = await caught(yahooAdapter.cancelOrder!(conn, push('kura-store-99999999', 'customer')));
    expect(e).toMatchObject({ status: 400, retryable: false, auth: false });
    expect(e.message).toContain('does not exist');
  });

  it("retries Yahoo!'s rate limit and its failures", async () => {
    const { fake, conn } = await setup('yahoo');
    const id = await placed(fake);
    await fake.fault({ kind: 'throttle', match: 'orderStatusChange' });
    expect(await caught(yahooAdapter.cancelOrder!(conn, push(id, 'customer')))).toMatchObject({ retryable: true });
    await fake.fault({ kind: 'status', status: 500, match: 'orderStatusChange' });
    expect(await caught(yahooAdapter.cancelOrder!(conn, push(id, 'customer')))).toMatchObject({ status: 500, retryable: true });
    await yahooAdapter.cancelOrder!(conn, push(id, 'customer'));
    expect(await fake.received('cancel')).toHaveLength(1);
  });

  it('the fake refuses what the page requires: CancelReason for a cancel, IsPointFix, a move the table allows', async () => {
    const { fake, conn } = await setup('yahoo');
    const id = await placed(fake);
    const token = ((await (
      await fetch(`${fake.endpoint}/yconnect/v2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: conn.credentials.refreshToken, client_id: conn.credentials.clientId, client_secret: conn.credentials.clientSecret }),
      })
    ).json()) as { access_token: string }).access_token;
    const change = async (target: string, order: string) => {
      const res = await fetch(`${fake.endpoint}/ShoppingWebService/V1/orderStatusChange`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml; charset=UTF-8' },
        body: `<?xml version="1.0" encoding="UTF-8"?><Req><Target><OrderId>${id}</OrderId>${target}</Target><Order>${order}</Order><SellerId>kura-store</SellerId></Req>`,
      });
      return { status: res.status, message: tag(await res.text(), 'Message') };
    };
    expect(await change('<IsPointFix>false</IsPointFix>', '<OrderStatus>4</OrderStatus>')).toMatchObject({ status: 400, message: expect.stringContaining('CancelReason') });
    expect(await change('<IsPointFix>false</IsPointFix>', '<OrderStatus>4</OrderStatus><CancelReason>999</CancelReason>')).toMatchObject({ status: 400 });
    expect(await change('', '<OrderStatus>4</OrderStatus><CancelReason>100</CancelReason>')).toMatchObject({ status: 400, message: expect.stringContaining('IsPointFix') });
    expect(await change('<IsPointFix>false</IsPointFix>', '<OrderStatus>5</OrderStatus>')).toMatchObject({ status: 400, message: expect.stringContaining('IsPointFix') });
    expect(await fake.received('cancel')).toHaveLength(0);
    expect((await change('<IsPointFix>false</IsPointFix>', '<OrderStatus>4</OrderStatus><CancelReason>100</CancelReason>')).status).toBe(200);
    // nothing leaves キャンセル
    expect(await change('<IsPointFix>false</IsPointFix>', '<OrderStatus>2</OrderStatus>')).toMatchObject({ status: 400, message: 'Cannot Be Operated : CancelOrder OrderStatus' });
  });
});

describe('amazon', () => {
  it('has no seller cancel: the SP-API offers no JSON call for one', () => {
    expect(amazonAdapter.cancelOrder).toBeUndefined();
  });
});
