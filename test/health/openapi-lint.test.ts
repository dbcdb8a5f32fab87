import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { createTenant, signIn } from '../helpers/tenant';
import { RESERVED_SKU_CODES } from '../../worker/stock/routes';
import { newId } from '../../worker/lib/ids';

/**
 * Lint of the OpenAPI document, the checks an outside linter (redocly and the
 * like) makes: operation ids, patterns that are real ECMA regexes, and paths
 * that cannot be confused with each other.
 */

interface Param {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  operationId?: string;
  parameters?: Param[];
}
type PathItem = Record<string, unknown> & { servers?: { url: string }[] };
interface OpenApiDoc {
  servers: { url: string }[];
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, { properties?: Record<string, { pattern?: string }> }> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const operationsOf = (doc: OpenApiDoc) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op: op as Operation })),
  );

/** Every path as a client requests it: the path item's own server (the /hooks receivers) or the document's. */
const fullPaths = (doc: OpenApiDoc) =>
  Object.entries(doc.paths).map(([path, item]) => `${(item.servers?.[0]?.url ?? doc.servers[0].url).replace(/\/$/, '')}${path}`);

const isTemplate = (segment: string) => /^\{[^{}]+\}$/.test(segment);
const segmentsOf = (path: string) => path.split('/').filter(Boolean);

/**
 * Two templated paths are ambiguous when one URL can match both: the same
 * number of segments, and at each segment equal literals or a template on at
 * least one side. Identical paths are one path, not a pair.
 */
export const ambiguous = (a: string, b: string): boolean => {
  if (a === b) return false;
  const x = segmentsOf(a);
  const y = segmentsOf(b);
  return x.length === y.length && x.every((s, i) => s === y[i] || isTemplate(s) || isTemplate(y[i]));
};

/** For an ambiguous pair: each place where a template of one path meets a literal of the other. */
const collisions = (a: string, b: string) => {
  const x = segmentsOf(a);
  const y = segmentsOf(b);
  return x.flatMap((s, i) => {
    if (isTemplate(s) && !isTemplate(y[i])) return [{ param: s.slice(1, -1), literal: y[i] }];
    if (isTemplate(y[i]) && !isTemplate(s)) return [{ param: y[i].slice(1, -1), literal: s }];
    return [];
  });
};

const ambiguousPairs = (paths: string[]) => {
  const pairs: string[] = [];
  const sorted = [...paths].sort();
  for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) if (ambiguous(sorted[i], sorted[j])) pairs.push(`${sorted[i]} ~ ${sorted[j]}`);
  return pairs;
};

/**
 * The ambiguous pairs that cannot collide in practice, and why.
 *
 * SKU: each needs a SKU whose code is one of RESERVED_SKU_CODES
 * (worker/stock/routes.ts), and POST /skus refuses those codes (NewSkuCode; the
 * last test of this file). Literal routes are also registered before /stock/{sku}.
 */
const ACCEPTED_SKU = [
  '/api/v1/stock/adjustments ~ /api/v1/stock/{sku}',
  '/api/v1/stock/export ~ /api/v1/stock/{sku}',
  '/api/v1/stock/import ~ /api/v1/stock/{sku}',
  '/api/v1/stock/reservations ~ /api/v1/stock/{sku}',
  '/api/v1/stock/reservations/{reference} ~ /api/v1/stock/{sku}/ledger',
];
/**
 * ID: each needs an order or rule id equal to a lower-case word, but those ids
 * are ULIDs made by the server (newId, worker/lib/ids.ts: 26 upper-case
 * Crockford base-32 characters), never chosen by a client.
 */
const ACCEPTED_SERVER_ID = [
  '/api/v1/order-rules/reorder ~ /api/v1/order-rules/{id}',
  '/api/v1/order-rules/run ~ /api/v1/order-rules/{id}',
  '/api/v1/order-rules/simulate ~ /api/v1/order-rules/{id}',
  '/api/v1/orders/batch ~ /api/v1/orders/{id}',
  '/api/v1/orders/bulk ~ /api/v1/orders/{id}',
  '/api/v1/orders/export ~ /api/v1/orders/{id}',
  '/api/v1/orders/ids ~ /api/v1/orders/{id}',
  '/api/v1/orders/merge ~ /api/v1/orders/{id}',
  '/api/v1/orders/merge-proposals ~ /api/v1/orders/{id}',
  '/api/v1/orders/picking ~ /api/v1/orders/{id}',
  '/api/v1/orders/summary ~ /api/v1/orders/{id}',
];
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('OpenAPI lint', () => {
  let doc: OpenApiDoc;

  beforeAll(async () => {
    const res = await new Client().api('/openapi.json');
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApiDoc;
  });

  it('every operation has an operationId, in camelCase, and no two share one', () => {
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(90);
    const missing = ops.filter((o) => !o.op.operationId).map((o) => o.key);
    expect(missing).toEqual([]);
    const badCase = ops.filter((o) => !/^[a-z][a-zA-Z0-9]*$/.test(o.op.operationId!)).map((o) => `${o.key}: ${o.op.operationId}`);
    expect(badCase).toEqual([]);
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const o of ops) {
      const before = seen.get(o.op.operationId!);
      if (before) dupes.push(`${o.op.operationId}: ${before} and ${o.key}`);
      seen.set(o.op.operationId!, o.key);
    }
    expect(dupes).toEqual([]);
  });

  it('every pattern is an ECMA regex (it compiles with the u flag) and carries no /flags', () => {
    const patterns: { at: string; pattern: string }[] = [];
    const walk = (v: unknown, at: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}/${i}`));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === 'pattern' && typeof x === 'string') patterns.push({ at, pattern: x });
          else walk(x, `${at}/${k}`);
        }
    };
    walk(doc, '#');
    expect(patterns.length).toBeGreaterThan(10);
    const broken: string[] = [];
    for (const { at, pattern } of patterns) {
      if (/\/[dgimsuyv]+$/.test(pattern)) broken.push(`${at}: trailing flags in ${pattern}`);
      try {
        new RegExp(pattern, 'u');
      } catch (e) {
        broken.push(`${at}: ${(e as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('CreateAccount.code: the pattern matches exactly the company codes the API accepts', () => {
    const pattern = doc.components.schemas.CreateAccount.properties?.code.pattern;
    expect(pattern).toBeTruthy();
    const re = new RegExp(pattern!, 'u');
    // codes are lower-cased when stored and at sign-in, so any case is accepted
    for (const ok of ['acme-01', 'ACME-01', 'a1', 'x'.repeat(32)]) expect(re.test(ok), ok).toBe(true);
    for (const bad of ['a', '-acme', 'acme_01', 'acme 01', 'x'.repeat(33), '']) expect(re.test(bad), bad).toBe(false);
  });

  it('CreateSku.code: the pattern leaves out the reserved words, as POST /skus does', () => {
    const pattern = doc.components.schemas.CreateSku.properties?.code.pattern;
    const re = new RegExp(pattern!, 'u');
    for (const ok of ['TSHIRT-RED-M', 'reservations-2', 'Export', 'a/b#1']) expect(re.test(ok), ok).toBe(true);
    for (const word of RESERVED_SKU_CODES) expect(re.test(word), word).toBe(false);
  });

  it('ambiguous(): same length, and every segment equal or a template on one side', () => {
    expect(ambiguous('/stock/{sku}/reservations', '/stock/reservations/{reference}')).toBe(true);
    expect(ambiguous('/stock/{sku}', '/stock/export')).toBe(true);
    expect(ambiguous('/a/{x}', '/a/{y}')).toBe(true);
    expect(ambiguous('/stock/{sku}', '/stock/{sku}')).toBe(false);
    expect(ambiguous('/stock/{sku}', '/stock/{sku}/ledger')).toBe(false);
    expect(ambiguous('/orders/{id}/ship', '/orders/export/shipping')).toBe(false);
    expect(ambiguous('/channels/{id}/listings/export', '/channels/{id}/listings/import')).toBe(false);
  });

  it('no two paths are ambiguous, except those no valid SKU code or server-made id can reach', () => {
    expect(ambiguousPairs(fullPaths(doc))).toEqual([...ACCEPTED_SKU, ...ACCEPTED_SERVER_ID].sort());
    // A pair is unreachable when at least one of its template-meets-literal places is.
    const unreachable = (pair: string, blocks: (c: { param: string; literal: string }) => boolean) => collisions(...(pair.split(' ~ ') as [string, string])).some(blocks);
    for (const pair of ACCEPTED_SKU) expect(unreachable(pair, (c) => ['sku', 'code'].includes(c.param) && RESERVED_SKU_CODES.includes(c.literal)), pair).toBe(true);
    expect(newId()).toMatch(ULID);
    for (const pair of ACCEPTED_SERVER_ID) expect(unreachable(pair, (c) => c.param === 'id' && !ULID.test(c.literal)), pair).toBe(true);
  });

  it('every literal word beside {sku} or {code} under /stock and /skus is a reserved SKU code', () => {
    const words = new Set<string>();
    for (const path of Object.keys(doc.paths)) {
      const [root, second] = segmentsOf(path);
      if ((root === 'stock' || root === 'skus') && second && !isTemplate(second)) words.add(second);
    }
    expect([...words].sort()).toEqual([...RESERVED_SKU_CODES].sort());
  });

  it('a SKU’s open reservations are a filter on the collection, not /stock/{sku}/reservations', () => {
    expect(doc.paths['/stock/{sku}/reservations']).toBeUndefined();
    const list = doc.paths['/stock/reservations']?.get as Operation | undefined;
    expect(list?.operationId).toBe('listReservations');
    expect(list?.parameters?.find((p) => p.in === 'query' && p.name === 'sku')).toMatchObject({ required: true });
  });
});

describe('reserved SKU codes', () => {
  it('POST /skus refuses a code equal to a path word with a 400 naming the field; GET /stock/reservations needs ?sku', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    for (const code of RESERVED_SKU_CODES) {
      const res = await admin.api('/skus', { json: { code, name: 'path word' } });
      expect(res.status, code).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_error');
      expect(error.details).toEqual([expect.objectContaining({ field: 'code', message: expect.stringMatching(/reserved/) })]);
    }
    expect((await admin.api('/skus', { json: { code: ' reservations ', name: 'trimmed' } })).status).toBe(400);
    expect((await admin.api('/skus', { json: { code: 'reservations-2', name: 'not a path word' } })).status).toBe(201);
    const list = await admin.api('/stock/reservations?sku=reservations-2');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ items: [], nextCursor: null });
    expect((await admin.api('/stock/reservations')).status).toBe(400);
  });
});
