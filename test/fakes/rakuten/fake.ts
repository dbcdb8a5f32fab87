/**
 * Conformance fake of Rakuten RMS (RMS WEB SERVICE), mounted at /rakuten/<instance>/….
 *
 * Follows the public service pages under
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/
 * (rakutenpayorderapi/searchorder, getorder, updateordershipping; inventoryapi2/
 * upsertbulkinventories; inventoryapi2_1/inventories_bulk_get) — see orders.ts and
 * inventory.ts for what each endpoint enforces.
 *
 * - Auth: `Authorization: ESA Base64(serviceSecret:licenseKey)`; anything else is
 *   401 {"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}} (the answer
 *   shops see for wrong or expired keys). Keys: credentials.ts, or __fake/config
 *   {credentials: {serviceSecret, licenseKey}}.
 * - Rate limits (TokenBucket, off with __fake/config {rateLimits: false}):
 *   bulk-upsert 1 request/s, bulk-get 5 requests/s (the Inventory API's documented
 *   table); the order API's limit is not published: a bucket of 10, refilled 5/s.
 *   Over the limit: HTTP 429 with Retry-After and {"Results":{"errorCode":"QPSLimit",…}}
 *   (RMS's common definition names the over-limit message QPSLimit; the status
 *   and body of the JSON APIs' throttling answer are not published).
 * - __fake/config {searchResultCap: n} lowers searchOrder's 15,000-result cap for tests.
 * - Mall-specific control routes: GET __fake/orders/:orderNumber (the OrderModel),
 *   POST __fake/orders/:orderNumber/progress {orderProgress} (e.g. a bank transfer
 *   arrives: 200 → 300 with 注文確定日 = now; Rakuten confirms a キャンセル申請: 800 → 900),
 *   GET __fake/cancels (the キャンセル申請 cancelOrder accepted: reason code, 在庫連動区分,
 *   whether the shop's 在庫 was put back).
 */
import { Hono, type Context } from 'hono';
import { FakeBase, itemKey, mountMall, TokenBucket, type FakeOrderSpec } from '../harness.ts';
import { RAKUTEN_FAKE_CREDENTIALS } from './credentials.ts';
import { mountInventoryRoutes } from './inventory.ts';
import { Shop, type RakutenSpecExtras } from './model.ts';
import { mountOrderRoutes } from './orders.ts';

const unauthorised = (c: Context) => c.json({ Results: { errorCode: 'ES01-01', message: 'Un-Authorised' } }, 401);

const throttled = (c: Context, retryAfterSeconds: number) =>
  c.json({ Results: { errorCode: 'QPSLimit', message: 'QPSLimit' } }, 429, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

const esa = (serviceSecret: string, licenseKey: string) => `ESA ${Buffer.from(`${serviceSecret}:${licenseKey}`, 'utf8').toString('base64')}`;

export const rakutenFake = () =>
  mountMall(() => {
    const base = new FakeBase();
    const shop = new Shop();
    const orphans = new Map<string, number>();
    let credentials: { serviceSecret: string; licenseKey: string } = { ...RAKUTEN_FAKE_CREDENTIALS };
    let searchCap = 15_000;
    const buckets = {
      upsert: new TokenBucket(1, 1),
      get: new TokenBucket(5, 5),
      orders: new TokenBucket(10, 5),
    };
    const bucketFor = (path: string): TokenBucket | null =>
      path.includes('/inventories/bulk-upsert') ? buckets.upsert : path.includes('/inventories/bulk-get') ? buckets.get : path.includes('/order/') ? buckets.orders : null;

    const routes = new Hono();
    routes.use('/es/*', async (c, next) => {
      if (c.req.header('authorization') !== esa(credentials.serviceSecret, credentials.licenseKey)) return unauthorised(c);
      const bucket = base.config.rateLimits === false ? null : bucketFor(c.req.path);
      if (bucket) {
        const t = bucket.take();
        if (!t.ok) return throttled(c, t.retryAfterSeconds);
      }
      await next();
    });
    mountOrderRoutes(routes, shop, base, () => searchCap);
    mountInventoryRoutes(routes, shop, base, orphans);

    routes.get('/__fake/orders/:orderNumber', (c) => {
      const o = shop.orders.get(c.req.param('orderNumber'));
      return o ? c.json(o) : c.json({ error: 'no such order' }, 404);
    });
    routes.get('/__fake/cancels', (c) => c.json([...shop.cancelApplications.values()]));
    routes.post('/__fake/orders/:orderNumber/progress', async (c) => {
      const { orderProgress } = (await c.req.json()) as { orderProgress: number };
      const o = shop.setProgress(c.req.param('orderNumber'), Number(orderProgress));
      return o ? c.json(o) : c.json({ error: 'no such order' }, 404);
    });

    return {
      base,
      routes,
      addItems: (items) => shop.addItems(items),
      quantities: () => Object.fromEntries([...shop.listings.values()].map((l) => [itemKey(l), l.quantity])),
      placeOrder: (spec: FakeOrderSpec) => ({ id: shop.placeOrder(spec as FakeOrderSpec & RakutenSpecExtras).orderNumber }),
      cancelOrder: (id) => shop.cancelOrder(id),
      throttled,
      configure: (config) => {
        const cred = config.credentials as { serviceSecret?: string; licenseKey?: string } | undefined;
        if (cred?.serviceSecret && cred.licenseKey) credentials = { serviceSecret: cred.serviceSecret, licenseKey: cred.licenseKey };
        if (typeof config.searchResultCap === 'number') searchCap = config.searchResultCap;
      },
    };
  });
