import { describe, expect, inject, it } from 'vitest';
import type { Connection } from '../../worker/channels/adapter';
import { SHOPIFY_API_VERSION } from '../../worker/channels/shopify/client';
import { registerWebhooks, shopifyAdapter } from '../../worker/channels/shopify/adapter';
import { fakeShopifyCredentials } from '../fakes/shopify/constants';
import { fakeMall, sampleOrder } from '../helpers/fakes';

/**
 * Every GraphQL document the Shopify adapter sends, checked against Shopify's
 * own Admin schema for the version it speaks: the official introspection that
 * Shopify ships in the npm package @shopify/dev-mcp (dist/data/admin_<version>.json.gz),
 * read with graphql-js. The fake does the checking (test/fakes/shopify/schema.ts,
 * __fake/config {validateAgainstSchema: true}) because it runs in Node beside
 * workerd, where the schema file can be read.
 *
 * graphql is a dev dependency; the schema files are unpacked from the
 * package's own tarball by test/fakes/shopify/fetch-schema.mjs (npm test's
 * pretest; on CI a failed fetch fails the run). Where they are missing the
 * suite is skipped, and says so, rather than passing without checking anything.
 */

const probe = (await (await fetch(`${inject('fakesUrl')}/shopify/schema-probe/__fake/schema?version=${SHOPIFY_API_VERSION}`)).json()) as { available: boolean; reason?: string };
if (!probe.available) console.error(`shopify-schema.test.ts skipped: ${probe.reason} (node test/fakes/shopify/fetch-schema.mjs fetches it; npm test does)`);

describe.skipIf(!probe.available)(`shopify adapter documents against the official Admin schema ${SHOPIFY_API_VERSION}`, () => {
  const setup = async () => {
    const mall = fakeMall('shopify');
    await mall.configure({ rateLimits: false, validateAgainstSchema: true });
    const conn: Connection = { endpoint: mall.endpoint, credentials: fakeShopifyCredentials() };
    return { mall, conn };
  };
  const lastHour = () => ({ since: new Date(Date.now() - 3_600_000), until: new Date(Date.now() + 60_000) });
  const inv = 'gid://shopify/InventoryItem/93000000001';

  it('orderCancel, and the read before it, validate (arguments, enum value, input object)', async () => {
    const { mall, conn } = await setup();
    await mall.placeOrder(sampleOrder());
    const [order] = await shopifyAdapter.pullOrders(conn, lastHour());
    await shopifyAdapter.cancelOrder!(conn, { externalId: order.externalId, reason: 'out_of_stock', note: '入荷未定', raw: order.raw });
    expect(await mall.received('cancel')).toHaveLength(1);
  });

  it('so do the pull, the stock push and read, the shipment, the connection test and the webhook subscription', async () => {
    const { mall, conn } = await setup();
    await mall.addItems([{ sku: 'SC-1', remoteId: inv, remoteVariantId: 'gid://shopify/ProductVariant/93000000001', quantity: 5 }]);
    await shopifyAdapter.testConnection(conn);
    await mall.placeOrder(sampleOrder({ lines: [{ sku: 'SC-1', quantity: 1, unitPrice: 1000 }] }));
    const [order] = await shopifyAdapter.pullOrders(conn, lastHour());
    expect(await shopifyAdapter.pushStock(conn, [{ sku: 'SC-1', remoteId: inv, quantity: 3 }])).toEqual({ accepted: ['SC-1'], rejected: [] });
    expect(await shopifyAdapter.readStock!(conn, [{ sku: 'SC-1', remoteId: inv }])).toEqual([{ sku: 'SC-1', quantity: 3 }]);
    await shopifyAdapter.pushShipment(conn, { externalId: order.externalId, carrier: 'yamato', trackingNumber: '123456789012', shippedAt: new Date().toISOString(), raw: order.raw });
    await registerWebhooks(conn, `${mall.endpoint}/__fake/sink`);
  });

  it('the check is real: a wrong enum value or an argument orderCancel does not take is refused', async () => {
    const { mall } = await setup();
    const send = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`${mall.endpoint}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': fakeShopifyCredentials().accessToken },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
    };
    const literal = await send('mutation { orderCancel(orderId: "gid://shopify/Order/1", reason: OUT_OF_STOCK, restock: false) { orderCancelUserErrors { code } } }');
    expect(literal.data).toBeUndefined();
    expect(literal.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const extra = await send('mutation { orderCancel(orderId: "gid://shopify/Order/1", reason: OTHER, restock: false, email: true) { orderCancelUserErrors { code } } }');
    expect(extra.errors?.[0].message).toContain('email');
    const variable = await send('mutation M($r: OrderCancelReason!) { orderCancel(orderId: "gid://shopify/Order/1", reason: $r, restock: false) { orderCancelUserErrors { code } } }', { r: 'OUT_OF_STOCK' });
    expect(variable.errors?.[0].extensions.code).toBe('INVALID_VARIABLE');
    expect(await mall.received('cancel')).toHaveLength(0);
  });
});
