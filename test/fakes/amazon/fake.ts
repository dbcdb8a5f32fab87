/**
 * Conformance fake of Amazon's Selling Partner API (Far East, Amazon.co.jp) for
 * the operations Kura's adapter uses, with LWA auth, Restricted Data Tokens,
 * paging, per-call limits, per-operation usage plans and SP-API's error bodies.
 *
 * Documentation followed:
 * - Orders API v0: https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/ordersV0.json
 * - Listings Items 2021-08-01: https://github.com/amzn/selling-partner-api-models/blob/main/models/listings-items-api-model/listingsItems_2021-08-01.json
 *   and https://developer-docs.amazon.com/sp-api/docs/merge-a-listing
 * - Tokens 2021-03-01: https://github.com/amzn/selling-partner-api-models/blob/main/models/tokens-api-model/tokens_2021-03-01.json
 * - Sellers v1: https://github.com/amzn/selling-partner-api-models/blob/main/models/sellers-api-model/sellers.json
 * - LWA token exchange: https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api
 * - Usage plans / 429: https://developer-docs.amazon.com/sp-api/docs/usage-plans-and-rate-limits-in-the-sp-api
 *
 * Quirks kept on purpose:
 * - getOrders refuses a LastUpdatedBefore within the last two minutes (400 InvalidInput).
 * - Without a Restricted Data Token the buyer's name, street, building and phone are
 *   missing; Pending orders have no ShippingAddress and their items no prices.
 * - patchListingsItem ACCEPTS a seller SKU the seller has no listing for (Amazon makes
 *   an offer-only fragment, amzn/selling-partner-api-models#2797); only getListingsItem
 *   (404) shows that nothing is for sale. `replace` on fulfillment_availability drops the
 *   handling time, `merge` keeps it.
 * - 429 carries no Retry-After, only x-amzn-RateLimit-Limit (the operation's rate).
 *
 * Test-only config (POST __fake/config): ordersPageSize, itemsPageSize (smaller pages
 * than Amazon's 100 to test paging), rateLimits, latencyMs.
 */
import { Hono, type Context } from 'hono';
import { FakeBase, TokenBucket, digits, mountMall, type MallFake } from '../harness.ts';
import { AMAZON_FAKE_CREDENTIALS, AMAZON_FAKE_MARKETPLACE_ID } from './credentials.ts';
import { ADDRESS_STATUSES, AmazonStore, amazonTime, type Availability } from './model.ts';

/** Documented default usage plans: requests per second and burst. */
const USAGE_PLANS = {
  getOrders: [0.0167, 20],
  getOrderItems: [0.5, 30],
  confirmShipment: [2, 10],
  patchListingsItem: [5, 5],
  getListingsItem: [5, 10],
  createRestrictedDataToken: [1, 10],
  getMarketplaceParticipations: [0.016, 15],
} as const;
type Operation = keyof typeof USAGE_PLANS;

/** Carrier codes the fake accepts for Amazon.co.jp shipment confirmations (plus "Other" with a name). */
const JP_CARRIER_CODES = new Set(['Yamato Transport', 'Sagawa Express', 'Japan Post', 'Nippon Express', 'Seino Transportation', 'Fukuyama Transporting', 'Other']);

const TOKEN_TTL_SECONDS = 3600;
const BEFORE_NOW_LAG_MS = 2 * 60_000;

interface Token {
  kind: 'lwa' | 'rdt';
  expiresAt: number;
  /** RDT: the restricted resources it opens, as "METHOD path" with its data elements. */
  resources?: { key: string; dataElements: string[] }[];
}

type SpError = { code: string; message: string; details?: string };
const requestId = () => crypto.randomUUID();

const spJson = (c: Context, status: number, body: unknown, rate?: number): Response =>
  c.json(body as object, status as 200, { 'x-amzn-RequestId': requestId(), ...(rate !== undefined ? { 'x-amzn-RateLimit-Limit': String(rate) } : {}) });
const spErrors = (c: Context, status: number, ...errors: SpError[]): Response => spJson(c, status, { errors: errors.map((e) => ({ details: '', ...e })) });
const invalidInput = (c: Context, message: string) => spErrors(c, 400, { code: 'InvalidInput', message });

/** SP-API's 429: QuotaExceeded, the operation's rate in x-amzn-RateLimit-Limit, no Retry-After. */
const quotaExceeded = (c: Context, ratePerSecond: number): Response =>
  spJson(c, 429, { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] }, ratePerSecond);

/** NextToken: opaque to the client, here the original filters and the next offset. */
const encodeToken = (state: unknown) => Buffer.from(JSON.stringify(state)).toString('base64');
const decodeToken = <T>(token: string): T | undefined => {
  try {
    return JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as T;
  } catch {
    return undefined;
  }
};

interface OrdersFilter {
  createdAfter?: string;
  createdBefore?: string;
  updatedAfter?: string;
  updatedBefore?: string;
  statuses?: string[];
  pageSize: number;
}

const createInstance = (): MallFake => {
  const base = new FakeBase();
  const store = new AmazonStore();
  const tokens = new Map<string, Token>();
  const buckets = new Map<Operation, TokenBucket>(Object.entries(USAGE_PLANS).map(([op, [rate, burst]]) => [op as Operation, new TokenBucket(burst, rate)]));
  const app = new Hono();

  /** The usage plan: a 429 Response when the operation's bucket is empty. */
  const throttle = (c: Context, op: Operation): Response | undefined => {
    if (base.config.rateLimits === false) return undefined;
    const bucket = buckets.get(op) as TokenBucket;
    return bucket.take().ok ? undefined : quotaExceeded(c, bucket.perSecond);
  };

  /**
   * x-amz-access-token: an LWA token, or an RDT for the restricted resource it names.
   * Answers the 403 SP-API gives, or whether the caller may see PII.
   */
  const authorize = (c: Context, restrictedKey?: string): Response | { pii: boolean } => {
    const value = c.req.header('x-amz-access-token');
    const token = value ? tokens.get(value) : undefined;
    const denied = (details: string) => spErrors(c, 403, { code: 'Unauthorized', message: 'Access to requested resource is denied.', details });
    if (!token) return denied('The access token you provided is revoked, malformed or invalid.');
    if (token.expiresAt <= Date.now()) return denied('The access token you provided has expired.');
    if (token.kind === 'lwa') return { pii: false };
    const grant = token.resources?.find((r) => r.key === restrictedKey);
    if (!grant) return denied('The Restricted Data Token does not grant access to this resource.');
    return { pii: grant.dataElements.includes('shippingAddress') };
  };

  const issue = (kind: Token['kind'], prefix: string, resources?: Token['resources']): string => {
    const value = `${prefix}${crypto.randomUUID().replace(/-/g, '')}`;
    tokens.set(value, { kind, expiresAt: Date.now() + TOKEN_TTL_SECONDS * 1000, resources });
    return value;
  };

  // ---- Login with Amazon -------------------------------------------------------------
  app.post('/auth/o2/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    base.record(c, 'auth', { grant_type: form.get('grant_type'), client_id: form.get('client_id') });
    if (form.get('grant_type') !== 'refresh_token') return c.json({ error: 'unsupported_grant_type', error_description: 'The authorization grant type is not supported by the authorization server' }, 400);
    if (form.get('client_id') !== AMAZON_FAKE_CREDENTIALS.clientId || form.get('client_secret') !== AMAZON_FAKE_CREDENTIALS.clientSecret) {
      return c.json({ error: 'invalid_client', error_description: 'Client authentication failed' }, 401);
    }
    if (form.get('refresh_token') !== AMAZON_FAKE_CREDENTIALS.refreshToken) {
      return c.json({ error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' }, 400);
    }
    return c.json({ access_token: issue('lwa', 'Atza|'), refresh_token: AMAZON_FAKE_CREDENTIALS.refreshToken, token_type: 'bearer', expires_in: TOKEN_TTL_SECONDS });
  });

  // ---- Tokens API: createRestrictedDataToken ------------------------------------------
  app.post('/tokens/2021-03-01/restrictedDataToken', async (c) => {
    const auth = authorize(c);
    if (auth instanceof Response) return auth;
    const limited = throttle(c, 'createRestrictedDataToken');
    if (limited) return limited;
    const body = (await c.req.json().catch(() => null)) as { restrictedResources?: { method?: string; path?: string; dataElements?: string[] }[] } | null;
    const resources = body?.restrictedResources;
    if (!Array.isArray(resources) || resources.length === 0) return invalidInput(c, 'restrictedResources is required.');
    if (resources.length > 50) return invalidInput(c, 'restrictedResources accepts at most 50 resources.');
    for (const r of resources) {
      if (!r.method || !r.path) return invalidInput(c, 'Each restricted resource needs a method and a path.');
      if (r.path.startsWith('/orders/v0/orders') && !r.dataElements?.length) return invalidInput(c, 'dataElements is required for Orders API resources.');
    }
    base.record(c, 'rdt', body);
    const token = issue(
      'rdt',
      'Atz.sprdt|',
      resources.map((r) => ({ key: `${r.method} ${r.path}`, dataElements: r.dataElements ?? [] })),
    );
    return spJson(c, 200, { restrictedDataToken: token, expiresIn: TOKEN_TTL_SECONDS }, USAGE_PLANS.createRestrictedDataToken[0]);
  });

  // ---- Sellers API: getMarketplaceParticipations --------------------------------------
  app.get('/sellers/v1/marketplaceParticipations', (c) => {
    const auth = authorize(c);
    if (auth instanceof Response) return auth;
    const limited = throttle(c, 'getMarketplaceParticipations');
    if (limited) return limited;
    return spJson(
      c,
      200,
      {
        payload: [
          {
            marketplace: { id: AMAZON_FAKE_MARKETPLACE_ID, name: 'Amazon.co.jp', countryCode: 'JP', defaultCurrencyCode: 'JPY', defaultLanguageCode: 'ja_JP', domainName: 'www.amazon.co.jp' },
            participation: { isParticipating: true, hasSuspendedListings: false },
            storeName: 'Kura Fake Store',
          },
        ],
      },
      USAGE_PLANS.getMarketplaceParticipations[0],
    );
  });

  // ---- Orders API v0: getOrders --------------------------------------------------------
  const ordersFilter = (c: Context): OrdersFilter | string => {
    const q = (k: string) => c.req.query(k) || undefined;
    const list = (k: string) => q(k)?.split(',').filter(Boolean);
    const createdAfter = q('CreatedAfter');
    const createdBefore = q('CreatedBefore');
    const updatedAfter = q('LastUpdatedAfter');
    const updatedBefore = q('LastUpdatedBefore');
    if (!createdAfter && !updatedAfter) return 'Either CreatedAfter or LastUpdatedAfter must be specified.';
    if (createdAfter && (updatedAfter || updatedBefore)) return 'LastUpdatedAfter and LastUpdatedBefore cannot be set when CreatedAfter is set.';
    for (const [name, v] of Object.entries({ CreatedAfter: createdAfter, CreatedBefore: createdBefore, LastUpdatedAfter: updatedAfter, LastUpdatedBefore: updatedBefore })) {
      if (v !== undefined && Number.isNaN(Date.parse(v))) return `${name} is not a valid ISO 8601 date.`;
    }
    const latest = Date.now() - BEFORE_NOW_LAG_MS;
    if (updatedBefore && Date.parse(updatedBefore) > latest) return 'LastUpdatedBefore must be at least two minutes before the current time.';
    if (createdBefore && Date.parse(createdBefore) > latest) return 'CreatedBefore must be at least two minutes before the current time.';
    if (updatedBefore && updatedAfter && Date.parse(updatedBefore) < Date.parse(updatedAfter)) return 'LastUpdatedBefore must be equal to or after LastUpdatedAfter.';
    const max = q('MaxResultsPerPage');
    const perPage = max === undefined ? 100 : Number(max);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return 'MaxResultsPerPage must be between 1 and 100.';
    const testPage = Number(base.config.ordersPageSize) || 100;
    return { createdAfter, createdBefore, updatedAfter, updatedBefore, statuses: list('OrderStatuses'), pageSize: Math.min(perPage, testPage) };
  };

  app.get('/orders/v0/orders', (c) => {
    const auth = authorize(c, 'GET /orders/v0/orders');
    if (auth instanceof Response) return auth;
    const limited = throttle(c, 'getOrders');
    if (limited) return limited;
    const marketplaces = c.req.query('MarketplaceIds')?.split(',').filter(Boolean) ?? [];
    if (marketplaces.length === 0) return invalidInput(c, 'MarketplaceIds is required.');
    if (marketplaces.length > 50) return invalidInput(c, 'MarketplaceIds accepts at most 50 values.');
    if (!marketplaces.includes(AMAZON_FAKE_MARKETPLACE_ID)) return invalidInput(c, `Invalid MarketplaceIds: the seller does not participate in ${marketplaces.join(',')}.`);
    const next = c.req.query('NextToken');
    let filter: OrdersFilter;
    let offset = 0;
    if (next) {
      const state = decodeToken<{ filter: OrdersFilter; offset: number }>(next);
      if (!state) return invalidInput(c, 'Invalid NextToken.');
      filter = state.filter;
      offset = state.offset;
    } else {
      const parsed = ordersFilter(c);
      if (typeof parsed === 'string') return invalidInput(c, parsed);
      filter = parsed;
    }
    const at = (v: string | undefined) => (v ? Date.parse(v) : undefined);
    const matching = [...store.orders.values()]
      .map((o) => o.order)
      .filter((o) => {
        const updated = Date.parse(o.LastUpdateDate);
        const created = Date.parse(o.PurchaseDate);
        if (filter.updatedAfter && updated < (at(filter.updatedAfter) as number)) return false;
        if (filter.updatedBefore && updated > (at(filter.updatedBefore) as number)) return false;
        if (filter.createdAfter && created < (at(filter.createdAfter) as number)) return false;
        if (filter.createdBefore && created > (at(filter.createdBefore) as number)) return false;
        return !filter.statuses || filter.statuses.includes(o.OrderStatus);
      })
      .sort((a, b) => a.LastUpdateDate.localeCompare(b.LastUpdateDate) || a.AmazonOrderId.localeCompare(b.AmazonOrderId));
    const page = matching.slice(offset, offset + filter.pageSize);
    const payload: Record<string, unknown> = { Orders: page.map((o) => store.present(o, auth.pii)) };
    if (offset + filter.pageSize < matching.length) payload.NextToken = encodeToken({ filter, offset: offset + filter.pageSize });
    if (filter.updatedAfter) payload.LastUpdatedBefore = filter.updatedBefore ?? amazonTime(new Date(Date.now() - BEFORE_NOW_LAG_MS));
    else payload.CreatedBefore = filter.createdBefore ?? amazonTime(new Date(Date.now() - BEFORE_NOW_LAG_MS));
    base.record(c, 'orders', { query: Object.fromEntries(new URL(c.req.url).searchParams), count: page.length });
    return spJson(c, 200, { payload }, USAGE_PLANS.getOrders[0]);
  });

  // ---- Orders API v0: getOrderItems ----------------------------------------------------
  app.get('/orders/v0/orders/:orderId/orderItems', (c) => {
    const auth = authorize(c, `GET /orders/v0/orders/${c.req.param('orderId')}/orderItems`);
    if (auth instanceof Response) return auth;
    const limited = throttle(c, 'getOrderItems');
    if (limited) return limited;
    const o = store.orders.get(c.req.param('orderId'));
    if (!o) return spErrors(c, 404, { code: 'NotFound', message: 'The requested order was not found.' });
    const next = c.req.query('NextToken');
    const offset = next ? (decodeToken<{ offset: number }>(next)?.offset ?? -1) : 0;
    if (offset < 0) return invalidInput(c, 'Invalid NextToken.');
    const pageSize = Number(base.config.itemsPageSize) || 100;
    const page = o.items.slice(offset, offset + pageSize).map((i) => store.presentItem(i, o.order.OrderStatus));
    const payload: Record<string, unknown> = { AmazonOrderId: o.order.AmazonOrderId, OrderItems: page };
    if (offset + pageSize < o.items.length) payload.NextToken = encodeToken({ offset: offset + pageSize });
    base.record(c, 'orderItems', { orderId: o.order.AmazonOrderId, count: page.length });
    return spJson(c, 200, { payload }, USAGE_PLANS.getOrderItems[0]);
  });

  // ---- Orders API v0: confirmShipment --------------------------------------------------
  app.post('/orders/v0/orders/:orderId/shipmentConfirmation', async (c) => {
    const auth = authorize(c);
    if (auth instanceof Response) return auth;
    const limited = throttle(c, 'confirmShipment');
    if (limited) return limited;
    const body = (await c.req.json().catch(() => null)) as {
      marketplaceId?: string;
      packageDetail?: { packageReferenceId?: string; carrierCode?: string; carrierName?: string; trackingNumber?: string; shipDate?: string; orderItems?: { orderItemId?: string; quantity?: number }[] };
    } | null;
    const p = body?.packageDetail;
    if (!body || body.marketplaceId !== AMAZON_FAKE_MARKETPLACE_ID) return invalidInput(c, 'marketplaceId is missing or invalid.');
    if (!p) return invalidInput(c, 'packageDetail is required.');
    for (const f of ['packageReferenceId', 'carrierCode', 'trackingNumber', 'shipDate'] as const) if (!p[f]) return invalidInput(c, `packageDetail.${f} is required.`);
    if (!/^[1-9]\d*$/.test(p.packageReferenceId as string)) return invalidInput(c, 'packageReferenceId must be a positive number.');
    if (!JP_CARRIER_CODES.has(p.carrierCode as string)) return invalidInput(c, `carrierCode '${p.carrierCode}' is not a valid carrier for this marketplace.`);
    if (p.carrierCode === 'Other' && !p.carrierName) return invalidInput(c, 'carrierName is required when carrierCode is Other.');
    if (Number.isNaN(Date.parse(p.shipDate as string))) return invalidInput(c, 'shipDate must be in ISO 8601 format.');
    if (!Array.isArray(p.orderItems) || p.orderItems.length === 0) return invalidInput(c, 'packageDetail.orderItems is required.');
    const o = store.orders.get(c.req.param('orderId'));
    if (!o) return spErrors(c, 404, { code: 'NotFound', message: 'The requested order was not found.' });
    if (o.order.FulfillmentChannel !== 'MFN') return invalidInput(c, 'Shipment confirmation is only for seller-fulfilled (MFN) orders.');
    if (!ADDRESS_STATUSES.has(o.order.OrderStatus) || o.order.OrderStatus === 'Shipped' || o.order.OrderStatus === 'InvoiceUnconfirmed') {
      return invalidInput(c, `The order cannot be confirmed in status ${o.order.OrderStatus}.`);
    }
    for (const line of p.orderItems) {
      const item = o.items.find((i) => i.OrderItemId === line.orderItemId);
      if (!item) return invalidInput(c, `Invalid orderItemId ${line.orderItemId}.`);
      const left = item.QuantityOrdered - item.QuantityShipped;
      if (!Number.isInteger(line.quantity) || (line.quantity as number) < 1 || (line.quantity as number) > left) return invalidInput(c, `Invalid quantity for orderItemId ${line.orderItemId}.`);
    }
    store.ship(o.order.AmazonOrderId, p.orderItems as { orderItemId: string; quantity: number }[]);
    base.record(c, 'shipment', body);
    return c.body(null, 204, { 'x-amzn-RequestId': requestId(), 'x-amzn-RateLimit-Limit': String(USAGE_PLANS.confirmShipment[0]) });
  });

  // ---- Listings Items API 2021-08-01 ----------------------------------------------------
  /** Shared checks of the listings paths: token, seller, marketplace. */
  const listingsGuard = (c: Context, op: Operation): Response | undefined => {
    const auth = authorize(c);
    if (auth instanceof Response) return auth;
    const limited = throttle(c, op);
    if (limited) return limited;
    if (c.req.param('sellerId') !== AMAZON_FAKE_CREDENTIALS.sellerId) {
      return spErrors(c, 403, { code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The seller is not authorised for this application.' });
    }
    const marketplaces = c.req.query('marketplaceIds')?.split(',').filter(Boolean) ?? [];
    if (marketplaces.length === 0) return invalidInput(c, 'marketplaceIds is required.');
    if (marketplaces.length > 1) return invalidInput(c, 'Only one marketplaceId is supported.');
    if (marketplaces[0] !== AMAZON_FAKE_MARKETPLACE_ID) return invalidInput(c, `Invalid marketplaceId ${marketplaces[0]}.`);
    return undefined;
  };

  app.patch('/listings/2021-08-01/items/:sellerId/:sku', async (c) => {
    const refused = listingsGuard(c, 'patchListingsItem');
    if (refused) return refused;
    const sku = c.req.param('sku');
    const body = (await c.req.json().catch(() => null)) as { productType?: unknown; patches?: { op?: string; path?: string; value?: unknown }[] } | null;
    if (!body || typeof body.productType !== 'string' || !body.productType) return invalidInput(c, 'productType is required.');
    if (!Array.isArray(body.patches) || body.patches.length === 0) return invalidInput(c, 'patches is required.');
    const issues: { code: string; message: string; severity: 'ERROR'; attributeNames: string[]; categories: string[] }[] = [];
    for (const [n, patch] of body.patches.entries()) {
      if (!['add', 'replace', 'merge', 'delete'].includes(patch.op ?? '')) return invalidInput(c, `Invalid op provided in patch at index of ${n}.`);
      if (!patch.path?.startsWith('/attributes/') || patch.path.split('/').length !== 3) return invalidInput(c, `Invalid path provided in patch at index of ${n}.`);
      if (patch.op !== 'delete' && !Array.isArray(patch.value)) return invalidInput(c, `Value is missing for patch at index of ${n}.`);
      const attribute = patch.path.split('/')[2];
      if (attribute !== 'fulfillment_availability') {
        issues.push({ code: '90000900', message: 'The attributes are invalid.', severity: 'ERROR', attributeNames: [attribute], categories: ['INVALID_ATTRIBUTE'] });
        continue;
      }
      for (const v of patch.value as Availability[]) {
        if (!v?.fulfillment_channel_code) {
          issues.push({ code: '99022', message: "The field 'fulfillment_channel_code' for the attribute 'fulfillment_availability' does not have enough values. The required minimum is '1' value(s).", severity: 'ERROR', attributeNames: [attribute], categories: ['MISSING_ATTRIBUTE'] });
        } else if (v.quantity !== undefined && (!Number.isInteger(v.quantity) || v.quantity < 0)) {
          issues.push({ code: '4000001', message: "The provided value for 'Quantity' is invalid.", severity: 'ERROR', attributeNames: [attribute], categories: ['INVALID_ATTRIBUTE'] });
        }
      }
    }
    const submissionId = digits(32);
    if (issues.length) return spJson(c, 200, { sku, status: 'INVALID', submissionId, issues }, USAGE_PLANS.patchListingsItem[0]);
    if (c.req.query('mode') === 'VALIDATION_PREVIEW') return spJson(c, 200, { sku, status: 'VALID', submissionId, issues: [] }, USAGE_PLANS.patchListingsItem[0]);
    const listing = store.listings.get(sku);
    // An unknown SKU is accepted too: Amazon stores an offer-only fragment nobody can buy.
    if (listing) {
      for (const patch of body.patches) {
        const values = (patch.value ?? []) as Availability[];
        if (patch.op === 'delete') listing.availability = listing.availability.filter((a) => !values.some((v) => v.fulfillment_channel_code === a.fulfillment_channel_code));
        else if (patch.op === 'merge') {
          for (const v of values) {
            const current = listing.availability.find((a) => a.fulfillment_channel_code === v.fulfillment_channel_code);
            if (current) Object.assign(current, v);
            else listing.availability.push({ ...v });
          }
        } else listing.availability = values.map((v) => ({ ...v }));
      }
    }
    base.record(c, 'stock', body);
    return spJson(c, 200, { sku, status: 'ACCEPTED', submissionId, issues: [] }, USAGE_PLANS.patchListingsItem[0]);
  });

  app.get('/listings/2021-08-01/items/:sellerId/:sku', (c) => {
    const refused = listingsGuard(c, 'getListingsItem');
    if (refused) return refused;
    const sku = c.req.param('sku');
    const listing = store.listings.get(sku);
    if (!listing) return spErrors(c, 404, { code: 'NOT_FOUND', message: `SKU '${sku}' not found in marketplace ${AMAZON_FAKE_MARKETPLACE_ID}` });
    const included = (c.req.query('includedData') ?? 'summaries').split(',');
    const item: Record<string, unknown> = { sku };
    if (included.includes('summaries')) item.summaries = [{ marketplaceId: AMAZON_FAKE_MARKETPLACE_ID, asin: 'B0KURAFAKE', productType: 'PRODUCT', conditionType: 'new_new', status: ['BUYABLE', 'DISCOVERABLE'], itemName: listing.kuraSku }];
    if (included.includes('attributes')) item.attributes = { fulfillment_availability: listing.availability.map((a) => ({ ...a, marketplace_id: AMAZON_FAKE_MARKETPLACE_ID })) };
    if (included.includes('fulfillmentAvailability')) item.fulfillmentAvailability = listing.availability.map((a) => ({ fulfillmentChannelCode: a.fulfillment_channel_code, ...(a.quantity !== undefined ? { quantity: a.quantity } : {}) }));
    base.record(c, 'readStock', { sku });
    return spJson(c, 200, item, USAGE_PLANS.getListingsItem[0]);
  });

  return {
    base,
    routes: app,
    addItems: (list) => store.addItems(list),
    quantities: () => store.quantities(),
    placeOrder: (spec) => store.placeOrder(spec),
    cancelOrder: (id) => store.cancelOrder(id),
    // The fault's wait as the rate the 429 announces (one request per `retryAfter` seconds).
    throttled: (c, retryAfterSeconds) => quotaExceeded(c, 1 / Math.max(1, retryAfterSeconds)),
  };
};

export const amazonFake = () => mountMall(() => createInstance());
