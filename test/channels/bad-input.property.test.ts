import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertErrorShape, Client, LEAK } from '../helpers/client';
import { FAKE_CREDENTIALS } from '../helpers/channels';
import { fakeMall } from '../helpers/fakes';
import { createTenant, signIn, sql, type Tenant } from '../helpers/tenant';

/**
 * Property: whatever is thrown at the channel routes and the webhook receiver
 * (any JSON, any bytes as CSV, near-valid channels with a field swapped for
 * garbage), the answer is never a 500 or a stack trace, and what is refused
 * leaves nothing behind. Seeded, so a failure reproduces.
 */
const SEED = 5151;

describe('channel routes under bad input', () => {
  let t: Tenant;
  let admin: Client;
  let channelId: string;
  const valid = () => ({ type: 'rakuten', name: '楽天 店', endpoint: fakeMall('rakuten').endpoint, credentials: { ...FAKE_CREDENTIALS.rakuten }, settings: { safetyStock: 1 } });

  beforeAll(async () => {
    t = await createTenant();
    admin = await signIn(t, 'admin');
    const res = await admin.api('/channels', { json: valid() });
    channelId = ((await res.json()) as { id: string }).id;
  });

  it('never answers 5xx to garbage channel bodies, listings or sync requests (seeded)', async () => {
    const before = await sql('SELECT COUNT(*) AS n FROM channels WHERE account_id = ?', t.id);
    const garbage = fc.oneof(fc.jsonValue(), fc.string({ maxLength: 200 }), fc.constantFrom(null, '', -1, 1e308, [], {}, { type: 'shopify' }, { credentials: 'x' }, { type: 'ebay', name: 'x', credentials: {} }));
    await fc.assert(
      fc.asyncProperty(garbage, fc.constantFrom('POST /channels', 'PATCH', 'PUT listings', 'POST sync'), async (body, route) => {
        const [method, path] =
          route === 'POST /channels' ? ['POST', '/channels'] : route === 'PATCH' ? ['PATCH', `/channels/${channelId}`] : route === 'PUT listings' ? ['PUT', `/channels/${channelId}/listings`] : ['POST', `/channels/${channelId}/sync`];
        const res = await admin.api(path, { method, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        const text = await res.text();
        expect(res.status, `${route} ${JSON.stringify(body)?.slice(0, 200)}`).toBeLessThan(500);
        expect(text).not.toMatch(LEAK);
        if (res.status >= 400) assertErrorShape(JSON.parse(text));
      }),
      { seed: SEED, numRuns: 80 },
    );
    // a garbage POST /channels never made a channel (a PATCH may rename the fixture; that's allowed)
    expect(await sql('SELECT COUNT(*) AS n FROM channels WHERE account_id = ?', t.id)).toEqual(before);
  });

  it('a channel missing a credential the mall needs is refused by field', async () => {
    const res = await admin.api('/channels', { json: { ...valid(), credentials: { serviceSecret: 'only-one' } } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('credentials.licenseKey');
  });

  it('any bytes as a listings CSV give a report or a 4xx, never a 500 (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('shift_jis', 'utf-8'), async (bytes, encoding) => {
        const res = await admin.api(`/channels/${channelId}/listings/import?encoding=${encoding}`, { body: bytes, headers: { 'content-type': 'text/csv' } });
        expect(res.status).toBeLessThan(500);
        expect(await res.text()).not.toMatch(LEAK);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('garbage at the webhook receiver answers 401, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.string({ maxLength: 60 }), async (raw, hmac) => {
        const res = await new Client().fetch(`/hooks/shopify/${channelId}`, { method: 'POST', body: raw, headers: { 'x-shopify-hmac-sha256': hmac, 'x-shopify-topic': 'orders/create' }, origin: null });
        expect([401, 413]).toContain(res.status);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
