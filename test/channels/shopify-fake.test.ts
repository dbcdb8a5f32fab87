import { describe, expect, it } from 'vitest';
import { FAKE_ACCESS_TOKEN, FAKE_LOCATION_ID } from '../fakes/shopify/constants';
import { fakeMall } from '../helpers/fakes';

// The Shopify fake's own contract, checked with raw GraphQL: what it refuses
// is what Shopify refuses, so an adapter change that would break in
// production breaks here first.

const gql = async (endpoint: string, query: string, variables: Record<string, unknown> = {}, opts: { version?: string; token?: string } = {}) => {
  const res = await fetch(`${endpoint}/admin/api/${opts.version ?? '2026-10'}/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': opts.token ?? FAKE_ACCESS_TOKEN },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; errors?: unknown; extensions?: { cost: Record<string, unknown> } } };
};

const SET = `mutation S($input: InventorySetQuantitiesInput!, $k: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $k) { inventoryAdjustmentGroup { id } userErrors { code field message } }
}`;
const item = 'gid://shopify/InventoryItem/1';

describe('shopify fake', () => {
  it('answers auth, version and parse failures like Shopify', async () => {
    const { endpoint } = fakeMall('shopify');
    expect(await gql(endpoint, '{ shop { name } }', {}, { token: 'nope' })).toEqual({
      status: 401,
      body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
    });
    expect((await gql(endpoint, '{ shop { name } }', {}, { version: '2019-10' })).status).toBe(404);
    const parse = await gql(endpoint, '{ shop { name }');
    expect(parse.status).toBe(200);
    expect(parse.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('Parse error') })]);
    const unknownField = await gql(endpoint, '{ shop { name totallyMadeUp } }');
    expect(unknownField.body.data).toBeUndefined();
    expect(unknownField.body.errors).toEqual([expect.objectContaining({ message: "Field 'totallyMadeUp' doesn't exist on type 'Shop'" })]);
  });

  it('prices queries, refuses more than 1,000 points and reports the bucket', async () => {
    const { endpoint } = fakeMall('shopify');
    const small = await gql(endpoint, '{ orders(first: 10) { nodes { id shippingAddress { zip } } } }');
    expect(small.body.extensions?.cost).toEqual({
      requestedQueryCost: 2 + 10 * (1 + 1),
      actualQueryCost: 2,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: expect.any(Number), restoreRate: 100 },
    });
    const big = await gql(endpoint, '{ orders(first: 250) { nodes { id lineItems(first: 50) { nodes { id variant { id } } } } } }');
    expect(big.status).toBe(200);
    expect(big.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'MAX_COST_EXCEEDED', maxCost: 1000 }) })]);
    const tooMany = await gql(endpoint, '{ orders(first: 251) { nodes { id } } }');
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('between 0 and 250') })]);
  });

  it('holds inventorySetQuantities to the 2026-04+ contract', async () => {
    const mall = fakeMall('shopify');
    await mall.addItems([{ sku: 'A', remoteId: item, quantity: 3 }]);
    const q = (extra: Record<string, unknown> = {}) => ({ inventoryItemId: item, locationId: FAKE_LOCATION_ID, quantity: 5, changeFromQuantity: null, ...extra });
    const input = (quantities: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'available', reason: 'correction', quantities, ...extra });

    const noKey = await gql(mall.endpoint, SET.replace(' @idempotent(key: $k)', '').replace(', $k: String!', ''), { input: input([q()]) });
    expect(noKey.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('idempotency key is required') })]);

    const legacy = await gql(mall.endpoint, SET, { k: 'k1', input: input([q()], { ignoreCompareQuantity: true }) });
    expect(legacy.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'argumentNotAccepted' }) })]);

    const { changeFromQuantity: _omit, ...withoutChangeFrom } = q();
    const missing = await gql(mall.endpoint, SET, { k: 'k2', input: input([withoutChangeFrom]) });
    expect((missing.body.data?.inventorySetQuantities as { userErrors: unknown[] }).userErrors).toEqual([expect.objectContaining({ field: ['input', 'quantities', '0', 'changeFromQuantity'] })]);

    const stale = await gql(mall.endpoint, SET, { k: 'k3', input: input([q({ changeFromQuantity: 99 })]) });
    expect((stale.body.data?.inventorySetQuantities as { userErrors: { code: string }[] }).userErrors[0].code).toBe('CHANGE_FROM_QUANTITY_STALE');

    const badReason = await gql(mall.endpoint, SET, { k: 'k4', input: input([q()], { reason: 'because' }) });
    expect((badReason.body.data?.inventorySetQuantities as { userErrors: { code: string }[] }).userErrors[0].code).toBe('INVALID_REASON');

    const tooMany = await gql(mall.endpoint, SET, { k: 'k5', input: input(Array.from({ length: 251 }, () => q())) });
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'MAX_INPUT_SIZE_EXCEEDED' }) })]);

    expect(await mall.stock()).toEqual({ [item]: 3 });
    expect(await mall.received('stock')).toHaveLength(0);

    // The same key and the same input: answered from the idempotency cache, applied once.
    const first = await gql(mall.endpoint, SET, { k: 'k6', input: input([q({ quantity: 8 })]) });
    const again = await gql(mall.endpoint, SET, { k: 'k6', input: input([q({ quantity: 8 })]) });
    expect(again.body.data).toEqual(first.body.data);
    expect(await mall.received('stock')).toHaveLength(1);
    const reused = await gql(mall.endpoint, SET, { k: 'k6', input: input([q({ quantity: 9 })]) });
    expect((reused.body.data?.inventorySetQuantities as { userErrors: { code: string }[] }).userErrors[0].code).toBe('IDEMPOTENCY_KEY_PARAMETER_MISMATCH');
    expect(await mall.stock()).toEqual({ [item]: 8 });
  });

  it('answers THROTTLED in an HTTP 200 when the bucket cannot hold the query', async () => {
    const mall = fakeMall('shopify');
    await mall.configure({ bucketCurrentlyAvailable: 50 });
    const res = await gql(mall.endpoint, '{ orders(first: 100) { nodes { id shippingAddress { zip } } } }');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
      extensions: { cost: { requestedQueryCost: 202, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: expect.any(Number), restoreRate: 100 } } },
    });
    // The bucket refills at 100 points/s from 50: still well short of 202 a moment later.
    expect(res.body.extensions?.cost.throttleStatus).toMatchObject({ currentlyAvailable: expect.toSatisfy((n: number) => n >= 50 && n < 150) });
    await mall.configure({ rateLimits: false });
    expect((await gql(mall.endpoint, '{ orders(first: 100) { nodes { id } } }')).body.data).toEqual({ orders: { nodes: [] } });
  });
});
