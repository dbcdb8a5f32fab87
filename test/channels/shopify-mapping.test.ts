import { describe, expect, it } from 'vitest';
import { MallError } from '../../worker/channels/adapter';
import { errorFromGraphql, normalizeShopDomain, shopBaseUrl, throttleWaitSeconds } from '../../worker/channels/shopify/client';
import { deliveryWish, domesticPhone, isoDate, orderFromGraphql, orderGidOf, postalCode, type GraphqlOrder } from '../../worker/channels/shopify/order-map';
import { PREFECTURES, prefectureName } from '../../worker/channels/shopify/prefectures';
import { FINANCIAL_STATUS, FULFILLMENT_STATUS, orderState, restFinancialStatus, restFulfillmentStatus } from '../../worker/channels/shopify/status-map';
import { inventoryItemGid, setQuantitiesInput, splitUserErrors } from '../../worker/channels/shopify/stock';
import { orderFromWebhook, verifyShopifyHmac, webhookEventOf } from '../../worker/channels/shopify/webhook';

// The Shopify adapter's pure parts: the status table, Japanese addresses,
// webhook signatures and payloads, stock inputs and error classification.

describe('shopify status map', () => {
  it('covers every documented financial and fulfillment status', () => {
    expect(Object.keys(FINANCIAL_STATUS).sort()).toEqual(['AUTHORIZED', 'EXPIRED', 'PAID', 'PARTIALLY_PAID', 'PARTIALLY_REFUNDED', 'PENDING', 'REFUNDED', 'VOIDED']);
    expect(Object.keys(FULFILLMENT_STATUS).sort()).toEqual([
      'FULFILLED', 'IN_PROGRESS', 'ON_HOLD', 'OPEN', 'PARTIALLY_FULFILLED', 'PENDING_FULFILLMENT', 'REQUEST_DECLINED', 'RESTOCKED', 'SCHEDULED', 'UNFULFILLED',
    ]);
  });

  it.each([
    [{ cancelledAt: null, financial: 'PAID', fulfillment: 'UNFULFILLED' }, { cancelled: false, paid: true, shipped: false, mallStatus: 'PAID/UNFULFILLED' }],
    [{ cancelledAt: null, financial: 'AUTHORIZED', fulfillment: 'UNFULFILLED' }, { cancelled: false, paid: true, shipped: false, mallStatus: 'AUTHORIZED/UNFULFILLED' }],
    [{ cancelledAt: null, financial: 'PENDING', fulfillment: 'UNFULFILLED' }, { cancelled: false, paid: false, shipped: false, mallStatus: 'PENDING/UNFULFILLED' }],
    [{ cancelledAt: null, financial: 'PARTIALLY_PAID', fulfillment: 'PARTIALLY_FULFILLED' }, { cancelled: false, paid: false, shipped: false, mallStatus: 'PARTIALLY_PAID/PARTIALLY_FULFILLED' }],
    [{ cancelledAt: null, financial: 'PAID', fulfillment: 'FULFILLED' }, { cancelled: false, paid: true, shipped: true, mallStatus: 'PAID/FULFILLED' }],
    [{ cancelledAt: '2026-11-20T01:00:00Z', financial: 'REFUNDED', fulfillment: 'UNFULFILLED' }, { cancelled: true, paid: true, shipped: false, mallStatus: 'CANCELLED/REFUNDED' }],
    [{ cancelledAt: '2026-11-20T01:00:00Z', financial: 'VOIDED', fulfillment: 'UNFULFILLED' }, { cancelled: true, paid: false, shipped: false, mallStatus: 'CANCELLED/VOIDED' }],
    // refunded but not cancelled: Shopify keeps the two apart, so does Kura
    [{ cancelledAt: null, financial: 'REFUNDED', fulfillment: 'FULFILLED' }, { cancelled: false, paid: true, shipped: true, mallStatus: 'REFUNDED/FULFILLED' }],
    [{ cancelledAt: null, financial: 'SOMETHING_NEW', fulfillment: 'ALSO_NEW' }, { cancelled: false, paid: false, shipped: false, mallStatus: 'SOMETHING_NEW/ALSO_NEW' }],
  ])('%o → %o', (input, expected) => {
    expect(orderState(input)).toEqual(expected);
  });

  it('reads the webhook words as the GraphQL enums', () => {
    expect(restFinancialStatus('partially_refunded')).toBe('PARTIALLY_REFUNDED');
    expect(restFinancialStatus(null)).toBe('PENDING');
    expect(restFulfillmentStatus(null)).toBe('UNFULFILLED');
    expect(restFulfillmentStatus('partial')).toBe('PARTIALLY_FULFILLED');
    expect(restFulfillmentStatus('fulfilled')).toBe('FULFILLED');
    expect(restFulfillmentStatus('restocked')).toBe('RESTOCKED');
  });

  // paymentGatewayNames → Kura's payment methods: test/channels/payment-methods.test.ts.
});

describe('shopify Japanese addresses', () => {
  it('maps all 47 prefecture codes to distinct 都道府県 names', () => {
    expect(PREFECTURES).toHaveLength(47);
    const names = new Set<string>();
    for (let n = 1; n <= 47; n++) {
      const code = `JP-${String(n).padStart(2, '0')}`;
      const name = prefectureName(code, 'ignored');
      expect(name, code).toMatch(/^.+(都|道|府|県)$/);
      names.add(name);
    }
    expect(names.size).toBe(47);
    expect(prefectureName('JP-01', 'Hokkaidō')).toBe('北海道');
    expect(prefectureName('JP-13', null)).toBe('東京都');
    expect(prefectureName('JP-26', null)).toBe('京都府');
    expect(prefectureName('JP-27', null)).toBe('大阪府');
    expect(prefectureName('JP-47', null)).toBe('沖縄県');
  });

  it('falls back to the province name when the code is missing', () => {
    expect(prefectureName(null, 'Hokkaidō')).toBe('北海道');
    expect(prefectureName(null, 'Tōkyō')).toBe('東京都');
    expect(prefectureName('', 'TOKYO')).toBe('東京都');
    expect(prefectureName(undefined, 'Ōsaka')).toBe('大阪府');
    expect(prefectureName(undefined, 'Kochi')).toBe('高知県');
    expect(prefectureName(undefined, 'Hyōgo')).toBe('兵庫県');
    expect(prefectureName(undefined, '東京')).toBe('東京都');
    expect(prefectureName(undefined, '京都')).toBe('京都府');
    expect(prefectureName(undefined, '北海道')).toBe('北海道');
    expect(prefectureName(undefined, 'Atlantis')).toBe('Atlantis');
    expect(prefectureName(undefined, null)).toBe('');
  });

  it('writes postal codes as NNN-NNNN keeping leading zeros', () => {
    expect(postalCode('060-0001')).toBe('060-0001');
    expect(postalCode('0600001')).toBe('060-0001');
    expect(postalCode('〒060-0001')).toBe('060-0001');
    expect(postalCode('０６０－０００１')).toBe('060-0001');
    expect(postalCode(' 004 0051 ')).toBe('004-0051');
    expect(postalCode('SW1A 1AA')).toBe('SW1A 1AA');
    expect(postalCode(null)).toBe('');
  });

  it('writes phone numbers in the domestic form', () => {
    expect(domesticPhone('+81 90-1234-5678')).toBe('090-1234-5678');
    expect(domesticPhone('+819012345678')).toBe('09012345678');
    expect(domesticPhone('+81 (0)3-1234-5678')).toBe('03-1234-5678');
    expect(domesticPhone('０１１－１２３－４５６７')).toBe('011-123-4567');
    expect(domesticPhone(null)).toBe('');
  });

  it('reads the delivery wish from cart attributes', () => {
    expect(isoDate('2026/12/1')).toBe('2026-12-01');
    expect(isoDate('2026年12月01日(火)')).toBe('2026-12-01');
    expect(isoDate('指定なし')).toBeUndefined();
    expect(deliveryWish([{ key: '配送希望日', value: '2026/12/01' }, { key: '配送希望時間帯', value: '14:00-16:00' }])).toEqual({ desiredDate: '2026-12-01', timeSlot: '14:00-16:00' });
    expect(deliveryWish([{ key: 'お届け希望日', value: '指定なし' }, { key: '配達時間', value: '午前中' }])).toEqual({ desiredDate: undefined, timeSlot: '午前中' });
    expect(deliveryWish([{ key: 'Delivery Date', value: '2026-12-24' }, { key: '誕生日', value: '1990/01/01' }])).toEqual({ desiredDate: '2026-12-24', timeSlot: undefined });
  });
});

const graphqlOrder = (over: Partial<GraphqlOrder> = {}): GraphqlOrder => ({
  id: 'gid://shopify/Order/6100000000001',
  name: '#1001',
  createdAt: '2026-11-20T01:02:03Z',
  updatedAt: '2026-11-20T01:02:03Z',
  cancelledAt: null,
  displayFinancialStatus: 'PAID',
  displayFulfillmentStatus: 'UNFULFILLED',
  email: 'taro@example.jp',
  phone: null,
  note: '置き配希望',
  paymentGatewayNames: ['shopify_payments'],
  currentTotalPriceSet: { shopMoney: { amount: '6010.0' } },
  totalShippingPriceSet: { shopMoney: { amount: '550.0' } },
  currentTotalTaxSet: { shopMoney: { amount: '546.0' } },
  currentTotalDiscountsSet: { shopMoney: { amount: '500.0' } },
  customer: { displayName: '太郎 山田', firstName: '太郎', lastName: '山田', defaultEmailAddress: { emailAddress: 'other@example.jp' }, defaultPhoneNumber: { phoneNumber: '+81 90-1234-5678' } },
  shippingAddress: { firstName: '花子', lastName: '山田', name: '花子 山田', zip: '0040051', province: 'Hokkaidō', provinceCode: 'JP-01', city: '札幌市厚別区', address1: '厚別中央1条5丁目', address2: 'サンプルマンション 101', phone: '011-123-4567' },
  shippingLine: { title: 'ヤマト運輸' },
  customAttributes: [],
  lineItems: {
    nodes: [
      { sku: 'TS-WHT-M', name: 'Tシャツ 白 M', quantity: 2, currentQuantity: 2, originalUnitPriceSet: { shopMoney: { amount: '2980.0' } }, variant: { id: 'gid://shopify/ProductVariant/11', inventoryItem: { id: 'gid://shopify/InventoryItem/21' } } },
      { sku: null, name: 'ギフト包装', quantity: 1, currentQuantity: 1, originalUnitPriceSet: { shopMoney: { amount: '0.0' } }, variant: null },
      { sku: 'REMOVED', name: '削除された行', quantity: 1, currentQuantity: 0, originalUnitPriceSet: { shopMoney: { amount: '100.0' } }, variant: null },
    ],
  },
  ...over,
});

describe('shopify order mapping', () => {
  it('maps a GraphQL order field by field', () => {
    const node = graphqlOrder();
    const o = orderFromGraphql(node);
    expect(o).toEqual({
      externalId: '#1001',
      orderedAt: '2026-11-20T01:02:03Z',
      customer: { name: '山田 太郎', email: 'taro@example.jp', phone: '090-1234-5678' },
      shipTo: { name: '山田 花子', postalCode: '004-0051', prefecture: '北海道', city: '札幌市厚別区', address1: '厚別中央1条5丁目', address2: 'サンプルマンション 101', phone: '011-123-4567' },
      lines: [
        { sku: 'TS-WHT-M', quantity: 2, unitPrice: 2980, name: 'Tシャツ 白 M', remoteId: 'gid://shopify/InventoryItem/21', remoteVariantId: 'gid://shopify/ProductVariant/11' },
        { sku: '', quantity: 1, unitPrice: 0, name: 'ギフト包装', remoteId: undefined, remoteVariantId: undefined },
      ],
      payment: { method: 'credit_card', paid: true, raw: 'shopify_payments' },
      shipping: { method: 'ヤマト運輸', desiredDate: undefined, timeSlot: undefined },
      note: '置き配希望',
      totals: { shippingFee: 550, discount: 500, tax: 546 },
      raw: node,
      cancelled: false,
      fulfilledByMall: false,
      mallStatus: 'PAID/UNFULFILLED',
      mallUpdatedAt: '2026-11-20T01:02:03Z',
    });
  });

  it('keeps the bought lines of a cancelled order', () => {
    const o = orderFromGraphql(graphqlOrder({ cancelledAt: '2026-11-21T00:00:00Z', displayFinancialStatus: 'REFUNDED' }));
    expect(o.cancelled).toBe(true);
    expect(o.mallStatus).toBe('CANCELLED/REFUNDED');
    expect(o.lines.map((l) => [l.sku, l.quantity])).toEqual([['TS-WHT-M', 2], ['', 1], ['REMOVED', 1]]);
  });

  it('finds the order GID in either payload', () => {
    expect(orderGidOf({ id: 'gid://shopify/Order/5' })).toBe('gid://shopify/Order/5');
    expect(orderGidOf({ id: 5, admin_graphql_api_id: 'gid://shopify/Order/5' })).toBe('gid://shopify/Order/5');
    expect(orderGidOf({ id: 5 })).toBe('gid://shopify/Order/5');
    expect(orderGidOf(null)).toBeNull();
  });
});

describe('shopify webhooks (pure)', () => {
  const body = '{"id":820982911946154508,"name":"#9999","note":"配送前に電話"}';
  // base64(HMAC-SHA256("shpss_test_secret", body)), computed outside Kura
  const signature = '3YDOtL05tSB2Tnag6uVVyM3LMSIMIJLoJBYhzGf+ZZc=';

  it('verifies X-Shopify-Hmac-Sha256 over the raw bytes', async () => {
    expect(await verifyShopifyHmac(body, signature, 'shpss_test_secret')).toBe(true);
    expect(await verifyShopifyHmac(new TextEncoder().encode(body).buffer as ArrayBuffer, signature, 'shpss_test_secret')).toBe(true);
    expect(await verifyShopifyHmac(body, signature, 'another_secret')).toBe(false);
    expect(await verifyShopifyHmac(body.replace('9999', '9998'), signature, 'shpss_test_secret')).toBe(false);
    expect(await verifyShopifyHmac(JSON.stringify(JSON.parse(body), null, 1), signature, 'shpss_test_secret')).toBe(false);
    expect(await verifyShopifyHmac(body, null, 'shpss_test_secret')).toBe(false);
    expect(await verifyShopifyHmac(body, 'not base64!', 'shpss_test_secret')).toBe(false);
    expect(await verifyShopifyHmac(body, btoa('short'), 'shpss_test_secret')).toBe(false);
    expect(await verifyShopifyHmac(body, signature, '')).toBe(false);
  });

  it('maps a REST-shaped orders/create payload', () => {
    const payload = {
      id: 6100000000007,
      admin_graphql_api_id: 'gid://shopify/Order/6100000000007',
      name: '#1007',
      created_at: '2026-11-20T10:00:00+09:00',
      updated_at: '2026-11-20T10:00:05+09:00',
      cancelled_at: null,
      financial_status: 'pending',
      fulfillment_status: null,
      email: 'hanako@example.jp',
      phone: null,
      note: null,
      note_attributes: [{ name: '配送希望日', value: '2026/12/03' }, { name: '配送希望時間帯', value: '19:00-21:00' }],
      payment_gateway_names: ['Cash on Delivery (COD)'],
      current_total_discounts: '0',
      current_total_tax: '327',
      total_shipping_price_set: { shop_money: { amount: '600', currency_code: 'JPY' } },
      shipping_lines: [{ title: '佐川急便', price: '600' }],
      customer: { first_name: '花子', last_name: '佐藤', email: 'hanako@example.jp', phone: '+81 80-0000-1111' },
      shipping_address: { first_name: '花子', last_name: '佐藤', name: '花子 佐藤', zip: '100-0001', province: 'Tōkyō', province_code: 'JP-13', city: '千代田区', address1: '千代田1-1', address2: '', phone: '03-0000-1111' },
      line_items: [{ sku: 'MUG-01', name: 'マグカップ', quantity: 1, current_quantity: 1, price: '3000', variant_id: 44 }],
    };
    expect(orderFromWebhook('orders/create', payload)).toEqual({
      externalId: '#1007',
      orderedAt: '2026-11-20T10:00:00+09:00',
      customer: { name: '佐藤 花子', email: 'hanako@example.jp', phone: '080-0000-1111' },
      shipTo: { name: '佐藤 花子', postalCode: '100-0001', prefecture: '東京都', city: '千代田区', address1: '千代田1-1', address2: undefined, phone: '03-0000-1111' },
      lines: [{ sku: 'MUG-01', quantity: 1, unitPrice: 3000, name: 'マグカップ', remoteId: undefined, remoteVariantId: 'gid://shopify/ProductVariant/44' }],
      payment: { method: 'cod', paid: false, raw: 'Cash on Delivery (COD)' },
      shipping: { method: '佐川急便', desiredDate: '2026-12-03', timeSlot: '19:00-21:00' },
      note: undefined,
      totals: { shippingFee: 600, discount: 0, tax: 327 },
      raw: payload,
      cancelled: false,
      fulfilledByMall: false,
      mallStatus: 'PENDING/UNFULFILLED',
      mallUpdatedAt: '2026-11-20T10:00:05+09:00',
    });
    expect(orderFromWebhook('orders/cancelled', { ...payload, cancelled_at: '2026-11-21T00:00:00Z', financial_status: 'voided' })).toMatchObject({ cancelled: true, mallStatus: 'CANCELLED/VOIDED' });
    expect(orderFromWebhook('orders/delete', { id: 6100000000007 })).toBeNull();
    expect(orderFromWebhook('products/update', payload)).toBeNull();
    expect(orderFromWebhook('orders/create', 'nonsense')).toBeNull();
  });

  it('reads the event id and topic from the headers', () => {
    const h = new Headers({ 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Event-Id': 'ev-1', 'X-Shopify-Webhook-Id': 'wh-1', 'X-Shopify-Shop-Domain': 'a.myshopify.com', 'X-Shopify-Triggered-At': '2026-11-20T01:00:00Z' });
    expect(webhookEventOf(h, { updated_at: '2026-11-20T01:00:00Z' })).toEqual({
      topic: 'orders/create',
      eventId: 'ev-1',
      webhookId: 'wh-1',
      shopDomain: 'a.myshopify.com',
      triggeredAt: '2026-11-20T01:00:00Z',
      updatedAt: '2026-11-20T01:00:00Z',
    });
  });
});

describe('shopify stock input and errors', () => {
  it('builds the inventorySetQuantities input with changeFromQuantity null', () => {
    expect(setQuantitiesInput([{ inventoryItemId: 'gid://shopify/InventoryItem/1', quantity: 7 }, { inventoryItemId: 'gid://shopify/InventoryItem/2', quantity: -3 }], 'gid://shopify/Location/9')).toEqual({
      name: 'available',
      reason: 'correction',
      quantities: [
        { inventoryItemId: 'gid://shopify/InventoryItem/1', locationId: 'gid://shopify/Location/9', quantity: 7, changeFromQuantity: null },
        { inventoryItemId: 'gid://shopify/InventoryItem/2', locationId: 'gid://shopify/Location/9', quantity: 0, changeFromQuantity: null },
      ],
    });
    expect(inventoryItemGid('gid://shopify/InventoryItem/123')).toBe('gid://shopify/InventoryItem/123');
    expect(inventoryItemGid('123')).toBe('gid://shopify/InventoryItem/123');
    expect(inventoryItemGid('gid://shopify/ProductVariant/123')).toBeNull();
    expect(inventoryItemGid('TS-WHT-M')).toBeNull();
  });

  it('splits userErrors into per-item rejections and call-wide errors', () => {
    const { perItem, callWide } = splitUserErrors([
      { code: 'INVALID_INVENTORY_ITEM', field: ['input', 'quantities', '1', 'inventoryItemId'], message: 'The specified inventory item could not be found.' },
      { code: 'INVALID_QUANTITY_TOO_HIGH', field: ['input', 'quantities', '3', 'quantity'], message: 'too high' },
      { code: 'INVALID_LOCATION', field: ['input', 'quantities', '0', 'locationId'], message: 'The specified location could not be found.' },
      { code: 'INVALID_REASON', field: ['input', 'reason'], message: 'The specified reason is invalid.' },
    ]);
    expect([...perItem.entries()]).toEqual([
      [1, 'INVALID_INVENTORY_ITEM: The specified inventory item could not be found.'],
      [3, 'INVALID_QUANTITY_TOO_HIGH: too high'],
    ]);
    expect(callWide.map((e) => e.code)).toEqual(['INVALID_LOCATION', 'INVALID_REASON']);
  });

  it('turns THROTTLED into a retryable MallError with the wait the bucket needs', () => {
    const cost = { requestedQueryCost: 752, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 41, restoreRate: 100 } };
    expect(throttleWaitSeconds(cost)).toBe(8);
    const e = errorFromGraphql([{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], cost);
    expect(e).toBeInstanceOf(MallError);
    expect(e).toMatchObject({ retryable: true, retryAfterSeconds: 8, auth: false });
    expect(errorFromGraphql([{ message: 'Access denied for orders field.', extensions: { code: 'ACCESS_DENIED' } }], undefined)).toMatchObject({ retryable: false, auth: true });
    expect(errorFromGraphql([{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], undefined)).toMatchObject({ retryable: true });
    expect(errorFromGraphql([{ message: 'Query cost is 1172', extensions: { code: 'MAX_COST_EXCEEDED' } }], undefined)).toMatchObject({ retryable: false, auth: false });
  });

  it('sends the token only to a myshopify.com admin host', () => {
    expect(normalizeShopDomain('kura-demo')).toBe('kura-demo.myshopify.com');
    expect(normalizeShopDomain('https://Kura-Demo.myshopify.com/admin')).toBe('kura-demo.myshopify.com');
    expect(normalizeShopDomain('evil.example.com')).toBeNull();
    expect(shopBaseUrl({ endpoint: 'https://{shopDomain}', credentials: { shopDomain: 'kura-demo' } })).toBe('https://kura-demo.myshopify.com');
    expect(shopBaseUrl({ endpoint: '', credentials: { shopDomain: 'kura-demo.myshopify.com' } })).toBe('https://kura-demo.myshopify.com');
    expect(shopBaseUrl({ endpoint: 'http://127.0.0.1:8790/shopify/t-1', credentials: {} })).toBe('http://127.0.0.1:8790/shopify/t-1');
    expect(() => shopBaseUrl({ endpoint: '', credentials: { shopDomain: 'evil.example.com' } })).toThrow(MallError);
  });
});
