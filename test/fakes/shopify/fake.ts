/**
 * Conformance fake of the Shopify GraphQL Admin API, for one shop per instance.
 *
 * What it follows (read 2026-11):
 *   Endpoint and auth   https://shopify.dev/docs/api/admin-graphql (POST /admin/api/<version>/graphql.json,
 *                       X-Shopify-Access-Token; a bad token is a 401 with Shopify's "[API] Invalid API key or
 *                       access token" body)
 *   Cost-based limits   https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits and
 *                       https://shopify.dev/docs/api/usage/limits (Standard plan: 100 points/s restored,
 *                       a 2,000-point bucket, 1,000 points at most per query, input arrays ≤ 250; THROTTLED
 *                       arrives in an HTTP 200 with extensions.cost.throttleStatus)
 *   Orders              https://shopify.dev/docs/api/admin-graphql/latest/queries/orders (cursor paging with
 *                       pageInfo.hasNextPage/endCursor, the `query` search syntax, updated_at:>='…')
 *   Stock               https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventorySetQuantities,
 *                       https://shopify.dev/changelog/compare-and-swap-redesign-for-inventory-set-quantities,
 *                       https://shopify.dev/changelog/making-idempotency-mandatory-for-inventory-adjustments-and-refund-mutations
 *                       (from 2026-04: changeFromQuantity on every quantity, @idempotent required,
 *                       compareQuantity/ignoreCompareQuantity gone)
 *   Shipment            https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate
 *   Seller cancel       https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/orderCancel (orderId, reason:
 *                       OrderCancelReason!, restock: Boolean!, notifyCustomer, staffNote ≤ 255, refundMethod
 *                       {originalPaymentMethodsRefund, storeCreditRefund}, refund deprecated; answers job, jobResult
 *                       (from 2026-10), orderCancelUserErrors {code field message}; see model.ts orderCancel)
 *   Schema              the official Admin schema in the npm package @shopify/dev-mcp
 *                       (dist/data/admin_<version>.json.gz), when installed: see schema.ts
 *   Webhooks            see webhooks.ts; webhookSubscriptionCreate stores the callback per topic.
 *
 * Quirks kept: an unknown inventory item makes the whole inventorySetQuantities
 * call fail (userErrors name the index, nothing is applied); errors come in
 * HTTP 200 bodies; a MailingAddress's `name` is first-name-first and its
 * `province` English ("Hokkaidō"), only provinceCode is reliable; the delivery
 * date is a cart attribute written 2026/12/01.
 *
 * Control beyond the shared __fake/ endpoints (POST __fake/config):
 *   accessToken, locationId, shopDomain      what the shop accepts / answers
 *   bucketCurrentlyAvailable: n              set the cost bucket's level now (to provoke THROTTLED)
 *   validateAgainstSchema: true              validate every request against the official schema first
 *                                            (GRAPHQL_VALIDATION_FAILED / INVALID_VARIABLE errors, no data)
 *   noRefundPermission: true                 orderCancel with a refund answers NO_REFUND_PERMISSION
 *   webhookUrl, webhookSecret, duplicateWebhooks, outOfOrderWebhooks, badSignature, webhookApiVersion
 * and POST __fake/sink, a webhook receiver that records each delivery with op 'sink';
 * GET __fake/cancellations, the orderCancel calls the shop accepted (model.ts StoredCancellation);
 * GET __fake/schema?version=2026-10, whether this process has the official schema to validate with.
 */
import { Hono, type Context } from 'hono';
import { FakeBase, mountMall, TokenBucket, type MallFake } from '../harness.ts';
import { FAKE_ACCESS_TOKEN, FAKE_API_VERSIONS, FAKE_BUCKET, FAKE_LOCATION_ID, FAKE_SHOP_DOMAIN } from './constants.ts';
import { actualCost, connection, execute, GqlError, parseOperation, requestedCost, type FieldNode, type Operation, type Resolved } from './graphql.ts';
import { ORDER_CANCEL_REASONS, ShopifyStore, type StoredOrder } from './model.ts';
import { checkAgainstSchema, schemaAvailable } from './schema.ts';
import { TOPIC_BY_ENUM, WebhookSender } from './webhooks.ts';

const DOCS = 'https://shopify.dev/api/usage/rate-limits';

const costExtension = (requested: number, actual: number | null, available: number) => ({
  cost: {
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: FAKE_BUCKET.maximumAvailable, currentlyAvailable: Math.floor(available), restoreRate: FAKE_BUCKET.restoreRate },
  },
});

/** Shopify's THROTTLED answer: HTTP 200, no data, the bucket's state in extensions. */
const throttledBody = (requested: number, available: number) => ({
  errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: DOCS } }],
  extensions: costExtension(requested, null, available),
});

/** The orders `query` argument: the search terms Kura uses (updated_at/created_at ranges, name, status). */
const orderFilter = (search: unknown): ((o: StoredOrder) => boolean) => {
  if (typeof search !== 'string' || !search.trim()) return () => true;
  const tests: ((o: StoredOrder) => boolean)[] = [];
  const term = /(-?)(\w+):(>=|<=|>|<)?(?:'([^']*)'|"([^"]*)"|(\S+))/g;
  for (const m of search.matchAll(term)) {
    const [, negate, field, op, q1, q2, bare] = m;
    const value = q1 ?? q2 ?? bare ?? '';
    let t: ((o: StoredOrder) => boolean) | null = null;
    if (field === 'updated_at' || field === 'created_at' || field === 'processed_at') {
      const at = Date.parse(value);
      if (Number.isNaN(at)) continue;
      const of = (o: StoredOrder) => Date.parse(field === 'updated_at' ? o.updatedAt : o.createdAt);
      t = op === '>=' ? (o) => of(o) >= at : op === '>' ? (o) => of(o) > at : op === '<=' ? (o) => of(o) <= at : op === '<' ? (o) => of(o) < at : (o) => of(o) === at;
    } else if (field === 'name') {
      const name = value.startsWith('#') ? value : `#${value}`;
      t = (o) => o.name === name;
    } else if (field === 'status') {
      t = value === 'cancelled' ? (o) => !!o.cancelledAt : value === 'open' ? (o) => !o.cancelledAt && o.fulfillment !== 'FULFILLED' : value === 'closed' ? (o) => o.fulfillment === 'FULFILLED' : () => true;
    } else if (field === 'financial_status') {
      t = (o) => o.financial.toLowerCase() === value.toLowerCase();
    }
    // Other fields: Shopify ignores a filter it does not know (with a search warning), so does the fake.
    if (t) {
      const inner = t;
      tests.push(negate ? (o) => !inner(o) : inner);
    }
  }
  return (o) => tests.every((t) => t(o));
};

/** The arguments orderCancel takes (2026-10) and the ones it requires. */
const ORDER_CANCEL_ARGS = new Set(['orderId', 'reason', 'refund', 'refundMethod', 'restock', 'notifyCustomer', 'staffNote']);
const ORDER_CANCEL_REQUIRED = ['orderId', 'reason', 'restock'];
const REFUND_METHOD_FIELDS = new Set(['originalPaymentMethodsRefund', 'storeCreditRefund']);

/** GraphQL validation of orderCancel's arguments, in the shape Shopify's GraphQL layer answers it. */
const checkOrderCancelArgs = (field: FieldNode): void => {
  for (const name of Object.keys(field.args)) {
    if (!ORDER_CANCEL_ARGS.has(name)) throw new GqlError(`Field 'orderCancel' doesn't accept argument '${name}'`, 'argumentNotAccepted', { name: 'orderCancel', typeName: 'Field', argumentName: name });
  }
  const missing = ORDER_CANCEL_REQUIRED.filter((k) => field.args[k] === undefined || field.args[k] === null);
  if (missing.length) throw new GqlError(`Field 'orderCancel' is missing required arguments: ${missing.join(', ')}`, 'missingRequiredArguments', { className: 'Field', name: 'orderCancel', arguments: missing.join(', ') });
  const invalid = (arg: string, type: string) =>
    new GqlError(`Argument '${arg}' on Field 'orderCancel' has an invalid value (${JSON.stringify(field.args[arg])}). Expected type '${type}'.`, 'argumentLiteralsIncompatible', { typeName: 'Field', argumentName: arg });
  // Any string is an ID to GraphQL; one that names no order is the mutation's NOT_FOUND (model.ts).
  if (typeof field.args.orderId !== 'string') throw invalid('orderId', 'ID!');
  if (!(ORDER_CANCEL_REASONS as readonly string[]).includes(String(field.args.reason))) throw invalid('reason', 'OrderCancelReason!');
  if (typeof field.args.restock !== 'boolean') throw invalid('restock', 'Boolean!');
  for (const k of ['refund', 'notifyCustomer']) if (field.args[k] != null && typeof field.args[k] !== 'boolean') throw invalid(k, 'Boolean');
  if (field.args.staffNote != null && typeof field.args.staffNote !== 'string') throw invalid('staffNote', 'String');
  const method = field.args.refundMethod;
  if (method != null) {
    if (typeof method !== 'object' || Array.isArray(method)) throw invalid('refundMethod', 'OrderCancelRefundMethodInput');
    for (const k of Object.keys(method)) {
      if (!REFUND_METHOD_FIELDS.has(k)) throw new GqlError(`InputObject 'OrderCancelRefundMethodInput' doesn't accept argument '${k}'`, 'argumentNotAccepted', { name: 'OrderCancelRefundMethodInput', typeName: 'InputObject', argumentName: k });
    }
  }
};

/** Errors that mean the request never ran (GraphQL answers them without data). */
const VALIDATION_CODES = new Set(['undefinedField', 'argumentNotAccepted', 'missingRequiredArguments', 'argumentLiteralsIncompatible']);

const ORDER_SORT: Record<string, (n: Resolved) => unknown[]> = {
  ID: (n) => [Number(n.legacyResourceId)],
  UPDATED_AT: (n) => [n.updatedAt, Number(n.legacyResourceId)],
  CREATED_AT: (n) => [n.createdAt, Number(n.legacyResourceId)],
  PROCESSED_AT: (n) => [n.processedAt, Number(n.legacyResourceId)],
  ORDER_NUMBER: (n) => [Number(n.legacyResourceId)],
};

export const shopifyFake = () =>
  mountMall((): MallFake => {
    const base = new FakeBase();
    const store = new ShopifyStore(FAKE_LOCATION_ID, FAKE_SHOP_DOMAIN);
    const hooks = new WebhookSender(base);
    let bucket = new TokenBucket(FAKE_BUCKET.maximumAvailable, FAKE_BUCKET.restoreRate);
    const routes = new Hono();

    const queryRoot = (c: Context, body: unknown): Resolved => ({
      __typename: 'QueryRoot',
      shop: {
        __typename: 'Shop',
        id: 'gid://shopify/Shop/68000000001',
        name: 'Kura fake shop',
        myshopifyDomain: store.shopDomain,
        currencyCode: 'JPY',
        ianaTimezone: 'Asia/Tokyo',
        primaryDomain: { __typename: 'Domain', host: store.shopDomain, url: `https://${store.shopDomain}` },
      },
      location: (args: Record<string, unknown>) =>
        args.id === store.locationId ? { __typename: 'Location', id: store.locationId, name: 'Kura fake warehouse', isActive: true, fulfillsOnlineOrders: true } : null,
      orders: (args: Record<string, unknown>) => {
        base.record(c, 'orders', body);
        const sortKey = typeof args.sortKey === 'string' ? args.sortKey : 'ID';
        const keyOf = ORDER_SORT[sortKey];
        if (!keyOf) throw new GqlError(`Argument 'sortKey' on Field 'orders' has an invalid value (${sortKey}).`, 'argumentLiteralsIncompatible');
        const match = orderFilter(args.query);
        return connection('OrderConnection', store.orders.filter(match).map((o) => store.orderNode(o)), args, keyOf);
      },
      order: (args: Record<string, unknown>) => {
        base.record(c, 'orders', body);
        const o = store.orders.find((x) => x.id === args.id);
        return o ? store.orderNode(o) : null;
      },
      inventoryItem: (args: Record<string, unknown>) => {
        const item = store.items.get(String(args.id));
        return item ? store.inventoryItemNode(item) : null;
      },
      nodes: (args: Record<string, unknown>) => {
        const ids = (args.ids as string[]) ?? [];
        if (ids.length > 250) throw new GqlError(`The input array size of ${ids.length} is greater than the maximum allowed of 250.`, 'MAX_INPUT_SIZE_EXCEEDED');
        base.record(c, 'stock-read', body);
        return ids.map((id) => {
          const item = store.items.get(id);
          if (item) return store.inventoryItemNode(item);
          const o = store.orders.find((x) => x.id === id);
          return o ? store.orderNode(o) : null;
        });
      },
    });

    const mutationRoot = (c: Context, body: unknown, version: string): Resolved => ({
      __typename: 'Mutation',
      orderCancel: (args: Record<string, unknown>, field: FieldNode) => {
        checkOrderCancelArgs(field);
        // OrderCancelPayload.jobResult exists from 2026-10 on; older versions answer "doesn't exist on type".
        const { payload, order } = store.orderCancel(args, version >= '2026-10');
        if (order) {
          base.record(c, 'cancel', body);
          hooks.emit('orders/cancelled', order.id, store.restOrder(order));
        }
        return payload;
      },
      inventorySetQuantities: (args: Record<string, unknown>, field: FieldNode) => {
        const idem = field.directives.find((d) => d.name === 'idempotent');
        const key = typeof idem?.args.key === 'string' && idem.args.key ? idem.args.key : null;
        const { payload, applied } = store.setQuantities((args.input as Record<string, unknown>) ?? {}, version, key);
        if (applied) base.record(c, 'stock', body);
        return payload;
      },
      fulfillmentCreate: (args: Record<string, unknown>) => {
        const { payload, order } = store.fulfillmentCreate((args.fulfillment as Record<string, unknown>) ?? {});
        if (order) {
          base.record(c, 'shipment', body);
          hooks.emit('orders/updated', order.id, store.restOrder(order));
        }
        return payload;
      },
      webhookSubscriptionCreate: (args: Record<string, unknown>) => {
        const topic = TOPIC_BY_ENUM[String(args.topic)];
        const input = (args.webhookSubscription as Record<string, unknown>) ?? {};
        const uri = typeof input.uri === 'string' ? input.uri : typeof input.callbackUrl === 'string' ? input.callbackUrl : '';
        const fail = (field: string[], message: string) => ({ __typename: 'WebhookSubscriptionCreatePayload', webhookSubscription: null, userErrors: [{ __typename: 'UserError', field, message }] });
        if (!topic) return fail(['topic'], `Topic ${String(args.topic)} is not supported by this fake`);
        if (!/^https?:\/\//.test(uri)) return fail(['webhookSubscription', 'uri'], 'Address is invalid');
        if (hooks.subscriptions.some((s) => s.topic === topic && s.uri === uri)) return fail(['webhookSubscription', 'uri'], 'Address for this topic has already been taken');
        const sub = { id: `gid://shopify/WebhookSubscription/${1300000000000 + hooks.subscriptions.length + 1}`, topic, uri, createdAt: new Date().toISOString() };
        hooks.subscriptions.push(sub);
        base.record(c, 'webhookSubscription', body);
        return {
          __typename: 'WebhookSubscriptionCreatePayload',
          webhookSubscription: { __typename: 'WebhookSubscription', id: sub.id, topic: String(args.topic), uri, format: 'JSON', createdAt: sub.createdAt },
          userErrors: [],
        };
      },
    });

    routes.post('/admin/api/:version/graphql.json', async (c) => {
      const version = c.req.param('version');
      if (!(FAKE_API_VERSIONS as readonly string[]).includes(version)) return c.json({ errors: 'Not Found' }, 404);
      const token = c.req.header('x-shopify-access-token');
      const expected = typeof base.config.accessToken === 'string' ? base.config.accessToken : FAKE_ACCESS_TOKEN;
      if (!token || token !== expected) return c.json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }, 401);
      let body: { query?: unknown; variables?: unknown; operationName?: unknown };
      try {
        body = await c.req.json();
      } catch {
        return c.json({ errors: { query: 'Required parameter missing or invalid' } }, 400);
      }
      if (typeof body?.query !== 'string') return c.json({ errors: { query: 'Required parameter missing or invalid' } }, 400);
      if (base.config.validateAgainstSchema === true) {
        const check = await checkAgainstSchema(version, body.query, (body.variables as Record<string, unknown>) ?? {}, typeof body.operationName === 'string' ? body.operationName : null);
        if (!check.ok) return c.json({ errors: [{ message: `the fake cannot validate against the schema: ${check.reason}`, extensions: { code: 'FAKE_SCHEMA_UNAVAILABLE' } }] }, 501);
        if (check.errors.length) return c.json({ errors: check.errors });
      }
      let op: Operation;
      try {
        op = parseOperation(body.query, (body.variables as Record<string, unknown>) ?? {}, typeof body.operationName === 'string' ? body.operationName : null);
      } catch (e) {
        if (e instanceof GqlError) return c.json({ errors: [{ message: e.message, extensions: { code: e.code } }] });
        throw e;
      }
      const requested = op.type === 'mutation' ? 10 * op.selections.length : requestedCost(op.selections);
      if (requested > FAKE_BUCKET.singleQueryMax) {
        return c.json({
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${FAKE_BUCKET.singleQueryMax}).`,
              extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: FAKE_BUCKET.singleQueryMax, documentation: DOCS },
            },
          ],
        });
      }
      const limited = base.config.rateLimits !== false;
      if (limited && bucket.available() < requested) return c.json(throttledBody(requested, bucket.available()));
      const root = op.type === 'mutation' ? mutationRoot(c, body, version) : queryRoot(c, body);
      const { data, errors } = execute(root, op.selections);
      const actual = op.type === 'mutation' ? requested : actualCost(op.selections, data);
      if (limited) bucket.take(Math.min(actual, requested));
      const extensions = costExtension(requested, actual, limited ? bucket.available() : FAKE_BUCKET.maximumAvailable);
      // Asking for a field the type lacks is a validation error: GraphQL answers no data at all.
      if (errors.some((e) => VALIDATION_CODES.has(String(e.extensions.code)))) return c.json({ errors, extensions });
      return c.json(errors.length ? { errors, data, extensions } : { data, extensions });
    });

    // A webhook receiver for tests: records what arrived, byte for byte.
    routes.post('/__fake/sink', async (c) => {
      const raw = await c.req.text();
      const headers = Object.fromEntries([...c.req.raw.headers.entries()].filter(([k]) => k.startsWith('x-shopify-') || k === 'content-type'));
      base.record(c, 'sink', { headers, raw });
      return c.body(null, 200);
    });

    routes.get('/__fake/cancellations', (c) => c.json(store.cancellations));
    routes.get('/__fake/schema', async (c) => c.json({ version: c.req.query('version') ?? '2026-10', ...(await schemaAvailable(c.req.query('version') ?? '2026-10')) }));

    routes.all('*', (c) => c.json({ errors: 'Not Found' }, 404));

    return {
      base,
      routes,
      addItems: (list) => store.addItems(list),
      quantities: () => store.quantities(),
      placeOrder: (spec) => {
        const o = store.placeOrder(spec);
        hooks.emit('orders/create', o.id, store.restOrder(o));
        return { id: o.name };
      },
      cancelOrder: (id) => {
        const o = store.cancelOrder(id);
        if (!o) return false;
        hooks.emit('orders/cancelled', o.id, store.restOrder(o));
        return true;
      },
      throttled: (c, retryAfterSeconds) =>
        // A request needing `retryAfter` seconds of restore with an empty bucket.
        c.json(throttledBody(Math.max(1, retryAfterSeconds) * FAKE_BUCKET.restoreRate, 0)),
      configure: (config) => {
        if (typeof config.locationId === 'string') store.locationId = config.locationId;
        if (typeof config.shopDomain === 'string') store.shopDomain = config.shopDomain;
        if (typeof config.noRefundPermission === 'boolean') store.noRefundPermission = config.noRefundPermission;
        if (typeof config.bucketCurrentlyAvailable === 'number') {
          bucket = new TokenBucket(FAKE_BUCKET.maximumAvailable, FAKE_BUCKET.restoreRate);
          bucket.take(FAKE_BUCKET.maximumAvailable - Math.max(0, Math.min(FAKE_BUCKET.maximumAvailable, config.bucketCurrentlyAvailable)));
        }
      },
    };
  });
