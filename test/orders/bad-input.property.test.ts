import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertErrorShape, LEAK, type Client } from '../helpers/client';
import { createSku, importOrder, orderBody } from '../helpers/orders';
import { createTenant, signIn, sql, type Tenant } from '../helpers/tenant';

/**
 * Property: whatever a mall connector or a broken script throws at order
 * import and bulk actions (any JSON, any text, near-valid orders with a field
 * swapped for garbage at any depth), the answer is never a 500 or a stack
 * trace; what is refused comes back as a 4xx in the API's error shape and
 * leaves nothing behind. Seeded, so a failure reproduces.
 */
const SEED = 4242;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into a JSON value (object keys and array indexes). */
const pathsOf = (v: Json, prefix: (string | number)[] = []): (string | number)[][] => {
  if (v === null || typeof v !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...prefix, k], ...pathsOf(x, [...prefix, k])]);
};

/** A deep copy of `v` with the value at `path` replaced (or removed when `value` is undefined). */
const withAt = (v: Json, path: (string | number)[], value: Json | undefined): Json => {
  const copy = structuredClone(v) as Record<string | number, Json>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(at)) at.splice(last as number, 1);
    else delete at[last];
  } else at[last] = value;
  return copy as Json;
};

/** Garbage a field may hold instead of what it should. */
const garbage: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom<Json | undefined>(
    undefined,
    null,
    '',
    ' ',
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
    true,
    [],
    {},
    '2026-13-45T99:99:99Z',
    '+275760-09-13T00:00:00.001Z',
    '0',
    "'; DROP TABLE orders; --",
    '__proto__',
    'constructor',
    '\u0000',
    'x'.repeat(5000),
  ),
  fc.constant('𠮷'.repeat(300)),
  fc.array(fc.jsonValue() as fc.Arbitrary<Json>, { maxLength: 5 }),
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'multipart/form-data', ''),
);

describe('fuzzing order import and bulk actions (fast-check)', () => {
  let t: Tenant;
  let op: Client;
  /** a valid order body, and a valid bulk body naming a real order */
  let validOrder: Json;
  let validBulk: Json[];
  let created = 0;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
    await createSku(op, 'FZ-1', 100_000);
    const real = (await importOrder(op, orderBody({ externalId: 'FZ-REAL', lines: [{ sku: 'FZ-1', quantity: 1, unitPrice: 100 }] }))).order;
    validOrder = { ...orderBody({ externalId: 'FZ-BASE', lines: [{ sku: 'FZ-1', quantity: 2, unitPrice: 1980 }, { sku: 'FZ-NONE', quantity: 1, unitPrice: 500 }] }), totals: { shippingFee: 600, tax: 180 }, raw: { mall: { id: 1 } } } as unknown as Json;
    validBulk = [
      { action: 'transition', to: 'on_hold', ids: [real.id] },
      { action: 'cancel', ids: [real.id, '01JZZZZZZZZZZZZZZZZZZZZZZZ'] },
      { action: 'ship', carrier: 'yamato', ids: [real.id], trackingNumbers: { [real.id]: '4000-1111-2222' } },
    ];
  });

  /** Posts a body; answers the status after checking the answer is never a 5xx and every 4xx has the error shape. */
  const post = async (path: string, body: string, type: string) => {
    const res = await op.fetch(path, { method: 'POST', body, headers: type ? { 'content-type': type } : {} });
    const text = await res.text();
    const where = `${path} [${type}] ${JSON.stringify(body.slice(0, 160))} -> ${res.status} ${text.slice(0, 200)}`;
    expect(res.status, where).toBeGreaterThanOrEqual(200);
    expect(res.status, where).toBeLessThan(500);
    expect(text, where).not.toMatch(LEAK);
    const parsed = JSON.parse(text);
    if (res.status >= 400) expect(() => assertErrorShape(parsed), where).not.toThrow();
    if (path.endsWith('/orders') && res.status === 201) created++;
    return { status: res.status, body: parsed, where };
  };

  it(`answers garbage and near-valid orders that cannot succeed with a 4xx error body, never a 500 (seed ${SEED}, 100 runs)`, async () => {
    // Wrong in two independent top-level fields, so swapping any one field for garbage still cannot succeed.
    const cannotImport = () => ({ ...(validOrder as Record<string, Json>), externalId: `FZ-X-${Math.random()}`, lines: [], orderedAt: 'not a date' });
    const cannotBulk = () => ({ action: 'transition', to: 'nowhere', ids: [] });
    const bodyFor = (base: () => Record<string, Json>) =>
      fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
        fc.string({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 64 }).map((b) => new TextDecoder('latin1').decode(b)),
        fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(base())), fc.string({ maxLength: 12 })), fc.jsonValue(), { maxKeys: 8 }).map((o) => JSON.stringify(o)),
        fc.tuple(fc.constantFrom(...Object.keys(base())), garbage).map(([k, v]) => JSON.stringify({ ...base(), [k]: v })),
        fc.tuple(fc.constantFrom(...pathsOf(base())), garbage).map(([p, v]) => JSON.stringify(withAt(base(), p, v))),
        fc.tuple(fc.string({ maxLength: 12 }), fc.jsonValue()).map(([k, v]) => JSON.stringify({ ...base(), [`x${k}`]: v })),
      );
    const before = created;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.tuple(fc.constant('/api/v1/orders'), bodyFor(cannotImport)), fc.tuple(fc.constant('/api/v1/orders/bulk'), bodyFor(cannotBulk))),
        contentType,
        async ([path, body], type) => {
          const r = await post(path, body, type);
          expect(r.status, r.where).toBeGreaterThanOrEqual(400);
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
    expect(created).toBe(before);
  });

  it(`never answers 5xx to a valid order or bulk request with one field, at any depth, swapped for garbage (seed ${SEED}, 80 runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.constant('/api/v1/orders'), fc.constantFrom(...pathsOf(validOrder)), garbage, fc.nat()).map(([path, p, v, i]) => ({
            path,
            body: withAt({ ...(validOrder as Record<string, Json>), externalId: `FZ-${i}-${Math.random().toString(36).slice(2)}` }, p, v),
          })),
          fc
            .tuple(fc.constantFrom(...validBulk), garbage)
            .chain(([b, v]) => fc.constantFrom(...pathsOf(b)).map((p) => ({ path: '/api/v1/orders/bulk', body: withAt(b, p, v) }))),
        ),
        async ({ path, body }) => {
          const r = await post(path, JSON.stringify(body), 'application/json');
          if (r.status === 201 || (path.endsWith('/orders') && r.status === 200)) expect(r.body.order.id, r.where).toEqual(expect.any(String));
          if (path.endsWith('/bulk') && r.status === 200) expect(Array.isArray(r.body.results), r.where).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 80 },
    );
    // whatever went in is whole: every order has its lines and its history, and the counter matches
    const broken = await sql(
      `SELECT o.id FROM orders o WHERE o.account_id = ?
       AND (NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id) OR NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.kind = 'created'))`,
      t.id,
    );
    expect(broken).toEqual([]);
    const count = (await sql<{ n: number }>('SELECT COUNT(*) AS n FROM orders WHERE account_id = ?', t.id))[0].n;
    expect(count).toBe(created + 1);
    // and the session survived it all
    expect((await op.api('/me')).status).toBe(200);
  });
});
