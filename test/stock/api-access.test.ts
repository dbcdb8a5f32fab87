import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf, LEAK } from '../helpers/client';
import { ledgerFor, settle } from '../helpers/stock';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/** Every stock write, as a request that would succeed for an operator (fresh names each call). */
let seq = 0;
const WRITES = (): { op: string; path: string; method: string; json?: unknown; body?: string; headers?: Record<string, string> }[] => {
  const n = ++seq;
  return [
    { op: 'POST /skus', path: '/skus', method: 'POST', json: { code: `W-NEW-${n}`, name: 'new' } },
    { op: 'PATCH /skus/{code}', path: '/skus/ACC-1', method: 'PATCH', json: { name: `renamed ${n}` } },
    { op: 'DELETE /skus/{code}', path: '/skus/ACC-EMPTY', method: 'DELETE' },
    { op: 'POST /locations', path: '/locations', method: 'POST', json: { code: `loc${n}`, name: 'loc', priority: 3 } },
    { op: 'POST /stock/adjustments', path: '/stock/adjustments', method: 'POST', json: { items: [{ sku: 'ACC-1', mode: 'delta', quantity: 1, reason: 'x' }] } },
    { op: 'POST /stock/import', path: '/stock/import?mode=delta', method: 'POST', body: 'ACC-1,1\r\n', headers: { 'content-type': 'text/csv' } },
    { op: 'POST /stock/reservations', path: '/stock/reservations', method: 'POST', json: { reference: `W-${n}`, lines: [{ sku: 'ACC-1', quantity: 1 }] } },
    { op: 'DELETE /stock/reservations/{reference}', path: '/stock/reservations/ACC-OPEN', method: 'DELETE' },
    { op: 'POST /stock/reservations/{reference}/commit', path: '/stock/reservations/ACC-OPEN/commit', method: 'POST' },
  ];
};

const READS = ['/skus', '/skus/ACC-1', '/stock', '/stock?lowStock=true', '/stock/ACC-1', '/stock/ACC-1/ledger', '/stock/ACC-1/ledger?format=csv', '/stock/reservations?sku=ACC-1', '/stock/export', '/locations'];

describe('who may read and change stock', () => {
  let t: Tenant;
  let admin: Client;
  let viewer: Client;
  let readToken: string;
  let writeToken: string;
  let otherToken: string;
  /** What a refused write must not have changed. */
  const state = async () => ({
    acc1: await (await admin.api('/stock/ACC-1')).json(),
    skus: ((await (await admin.api('/skus?limit=200')).json()) as { items: { code: string; name: string }[] }).items.map((s) => `${s.code}:${s.name}`),
    locations: await (await admin.api('/locations')).json(),
    open: await (await admin.api('/stock/reservations?sku=ACC-1')).json(),
  });

  beforeAll(async () => {
    // 権限: the viewer also holds export (CSV出力), so it reads the CSVs too (test/users/permissions-api.test.ts covers a viewer without it)
    t = await createTenant({ users: [{ loginId: 'viewer', role: 'viewer', permissions: ['personal_data', 'export'] }] });
    admin = await signIn(t, 'admin');
    viewer = await signIn(t, 'viewer');
    expect((await admin.api('/skus', { json: { code: 'ACC-1', name: 'access' } })).status).toBe(201);
    expect((await admin.api('/skus', { json: { code: 'ACC-EMPTY', name: 'empty' } })).status).toBe(201);
    expect((await admin.api('/stock/adjustments', { json: { items: [{ sku: 'ACC-1', mode: 'set', quantity: 50, reason: 'x' }] } })).status).toBe(200);
    expect((await admin.api('/stock/reservations', { json: { reference: 'ACC-OPEN', lines: [{ sku: 'ACC-1', quantity: 1 }] } })).status).toBe(201);
    const token = async (scopes: string[]) => ((await (await admin.api('/api-tokens', { json: { name: scopes.join(' '), scopes } })).json()) as { token: string }).token;
    readToken = await token(['stock:read']);
    writeToken = await token(['stock:read', 'stock:write']);
    otherToken = await token(['orders:read', 'orders:write']);
    await settle(ledgerFor(t.id));
  });

  it('a viewer can read every stock route', async () => {
    for (const path of READS) expect((await viewer.api(path)).status, path).toBe(200);
  });

  it('a viewer gets 403 on every stock write, and nothing changes', async () => {
    const before = await state();
    for (const w of WRITES()) {
      const res = await viewer.api(w.path, { method: w.method, json: w.json, body: w.body, headers: w.headers });
      expect(res.status, w.op).toBe(403);
      expect((await errorOf(res)).code, w.op).toBe('forbidden');
    }
    expect(await state()).toEqual(before);
  });

  it('a token with stock:read reads, and gets 403 insufficient_scope on every write', async () => {
    const before = await state();
    for (const path of READS) expect((await new Client().api(path, { bearer: readToken })).status, path).toBe(200);
    for (const w of WRITES()) {
      const res = await new Client().api(w.path, { method: w.method, json: w.json, body: w.body, headers: w.headers, bearer: readToken });
      expect(res.status, w.op).toBe(403);
      expect((await errorOf(res)).code, w.op).toBe('insufficient_scope');
    }
    expect(await state()).toEqual(before);
  });

  it('a token without stock scopes can neither read nor write stock', async () => {
    for (const path of READS) {
      const res = await new Client().api(path, { bearer: otherToken });
      expect(res.status, path).toBe(403);
      expect((await errorOf(res)).code).toBe('insufficient_scope');
    }
    const w = WRITES()[0];
    expect((await new Client().api(w.path, { method: w.method, json: w.json, bearer: otherToken })).status).toBe(403);
  });

  it('a token with stock:write can change stock, and the ledger names the token', async () => {
    const api = (path: string, o: Parameters<Client['api']>[1] = {}) => new Client().api(path, { ...o, bearer: writeToken });
    expect((await api('/stock/reservations', { json: { reference: 'TOKEN-ORDER-1', lines: [{ sku: 'ACC-1', quantity: 2 }] } })).status).toBe(201);
    expect((await api('/stock/reservations', { json: { reference: 'TOKEN-ORDER-1', lines: [{ sku: 'ACC-1', quantity: 2 }] } })).status).toBe(200);
    expect((await api('/stock/reservations/TOKEN-ORDER-1/commit', { method: 'POST' })).status).toBe(200);
    expect((await api('/skus', { json: { code: 'TOKEN-SKU', name: 'by token' } })).status).toBe(201);
    const ledger = (await (await api('/stock/ACC-1/ledger?limit=1')).json()) as { items: { kind: string; actor: string }[] };
    expect(ledger.items[0].kind).toBe('ship');
    expect(ledger.items[0].actor).toMatch(/^token:/);
  });

  it('without sign-in every stock route answers 401', async () => {
    for (const path of READS) expect((await new Client().api(path)).status, path).toBe(401);
    for (const w of WRITES()) expect((await new Client().api(w.path, { method: w.method, json: w.json, body: w.body, headers: w.headers })).status, w.op).toBe(401);
  });
});

describe('bad input to the stock routes is a 400 validation_error, never a 500', () => {
  let admin: Client;

  beforeAll(async () => {
    const t = await createTenant();
    admin = await signIn(t, 'admin');
    expect((await admin.api('/skus', { json: { code: 'VAL-1', name: 'valid' } })).status).toBe(201);
  });

  const refused = async (res: Response, label: string) => {
    const text = await res.clone().text();
    expect(res.status, `${label}: ${text.slice(0, 200)}`).toBe(400);
    expect(text).not.toMatch(LEAK);
    const err = await errorOf(res);
    expect(err.code, label).toBe('validation_error');
    return err.details as { field: string; code?: string }[];
  };

  it('bad SKU codes', async () => {
    for (const code of ['', ' ', '-leading-dash', 'has space', 'ｆｕｌｌ', 'a'.repeat(65), 'semi;colon', 'quote"', '<script>', '../etc', 'x\u0000y']) {
      const details = await refused(await admin.api('/skus', { json: { code, name: 'x' } }), JSON.stringify(code));
      expect(details.map((d) => d.field)).toContain('code');
    }
    await refused(await admin.api('/skus', { json: { code: 123, name: 'x' } }), 'number code');
    await refused(await admin.api('/stock/reservations', { json: { reference: 'bad-code', lines: [{ sku: 'bad code', quantity: 1 }] } }), 'reservation line');
    await refused(await admin.api('/stock/has%20space'), 'GET /stock/{sku}');
  });

  it('bad quantities: zero, negative, fractional, too large, not a number', async () => {
    for (const quantity of [0, -1, 1.5, 1_000_001, '1', null, Number.MAX_SAFE_INTEGER]) {
      const details = await refused(await admin.api('/stock/reservations', { json: { reference: 'q', lines: [{ sku: 'VAL-1', quantity }] } }), `reserve ${quantity}`);
      expect(details.map((d) => d.field)).toContain('lines.0.quantity');
    }
    for (const quantity of [1.5, '3', 10_000_001, null]) {
      await refused(await admin.api('/stock/adjustments', { json: { items: [{ sku: 'VAL-1', mode: 'delta', quantity, reason: 'x' }] } }), `adjust ${quantity}`);
    }
    // an overwrite to a negative quantity
    const details = await refused(await admin.api('/stock/adjustments', { json: { items: [{ sku: 'VAL-1', mode: 'set', quantity: -1, reason: 'x' }] } }), 'set -1');
    expect(details.map((d) => d.field)).toEqual(['items.0.quantity']);
    for (const component of [{ sku: 'VAL-1', quantity: 0 }, { sku: 'VAL-1', quantity: -2 }, { sku: 'VAL-1', quantity: 0.5 }]) {
      await refused(await admin.api('/skus', { json: { code: 'VAL-SET', name: 'set', components: [component] } }), `component ${component.quantity}`);
    }
    for (const safetyStock of [-1, 1.5]) await refused(await admin.api('/skus', { json: { code: 'VAL-SS', name: 'x', safetyStock } }), `safety ${safetyStock}`);
  });

  it('unknown fields are named', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/skus', { code: 'VAL-2', name: 'x', stock: 5 }, 'stock'],
      ['PATCH', '/skus/VAL-1', { name: 'x', code: 'VAL-9' }, 'code'],
      ['POST', '/stock/adjustments', { items: [{ sku: 'VAL-1', mode: 'set', quantity: 1, reason: 'x', price: 1 }] }, 'items.0.price'],
      ['POST', '/stock/reservations', { reference: 'r', lines: [{ sku: 'VAL-1', quantity: 1 }], accountId: 'someone-else' }, 'accountId'],
      ['POST', '/locations', { code: 'x', name: 'x', priority: 1, default: true }, 'default'],
    ];
    for (const [method, path, json, field] of cases) {
      const details = await refused(await admin.api(path, { method, json }), `${method} ${path}`);
      expect(details).toContainEqual(expect.objectContaining({ field, code: 'unknown_field' }));
    }
  });

  it('missing or malformed bodies and parameters', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/skus', {}],
      ['POST', '/skus', { code: 'VAL-3' }],
      ['POST', '/skus', { code: 'VAL-3', name: 'x', janCode: '123' }],
      ['POST', '/skus', { code: 'VAL-3', name: 'x', components: 'VAL-1' }],
      ['POST', '/stock/adjustments', { items: [] }],
      ['POST', '/stock/adjustments', { items: [{ sku: 'VAL-1', mode: 'replace', quantity: 1, reason: 'x' }] }],
      ['POST', '/stock/adjustments', { items: [{ sku: 'VAL-1', mode: 'set', quantity: 1 }] }],
      ['POST', '/stock/reservations', { reference: '', lines: [{ sku: 'VAL-1', quantity: 1 }] }],
      ['POST', '/stock/reservations', { reference: 'r', lines: [] }],
      ['POST', '/stock/reservations', { reference: 'x'.repeat(129), lines: [{ sku: 'VAL-1', quantity: 1 }] }],
      ['POST', '/locations', { code: 'bad code', name: 'x', priority: 1 }],
      ['POST', '/locations', { code: 'ok', name: 'x', priority: -1 }],
    ];
    for (const [method, path, json] of cases) await refused(await admin.api(path, { method, json }), `${method} ${path} ${JSON.stringify(json)}`);
    for (const path of ['/skus?limit=0', '/skus?limit=201', '/stock?lowStock=yes', '/stock/VAL-1/ledger?cursor=abc', '/stock/VAL-1/ledger?format=xml', '/stock/export?encoding=latin1']) {
      await refused(await admin.api(path), path);
    }
  });
});
