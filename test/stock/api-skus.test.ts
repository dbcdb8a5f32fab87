import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { ledgerFor, settle } from '../helpers/stock';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

interface Sku {
  code: string;
  name: string;
  janCode: string | null;
  axis1: string | null;
  axis2: string | null;
  isSet: boolean;
  components: { sku: string; quantity: number }[];
  safetyStock: number;
  reorderPoint: number;
  onHand: number;
  reserved: number;
  available: number;
  locations: { location: string; onHand: number; reserved: number }[];
}
interface Page {
  items: Sku[];
  nextCursor: string | null;
}

describe('SKUs and stock levels over the API', () => {
  let t: Tenant;
  let op: Client;

  const json = async <T>(res: Response, status = 200): Promise<T> => {
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(status);
    return JSON.parse(text) as T;
  };
  const createSku = async (body: Record<string, unknown>) => (await json<{ sku: Sku }>(await op.api('/skus', { json: body }), 201)).sku;
  const adjust = (items: Record<string, unknown>[]) => op.api('/stock/adjustments', { json: { items } });

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
  });

  it('creates, reads, edits and deletes a SKU', async () => {
    const created = await createSku({ code: 'TS-RED-M', name: 'Tシャツ 赤 M', axis1: 'レッド', axis2: 'M', janCode: '0490000000012', safetyStock: 1 });
    expect(created).toMatchObject({ code: 'TS-RED-M', name: 'Tシャツ 赤 M', axis1: 'レッド', axis2: 'M', janCode: '0490000000012', safetyStock: 1, isSet: false, onHand: 0, available: 0 });

    expect((await json<{ sku: Sku }>(await op.api('/skus/TS-RED-M'))).sku).toEqual(created);

    const patched = (await json<{ sku: Sku }>(await op.api('/skus/TS-RED-M', { method: 'PATCH', json: { name: 'Tシャツ レッド M', axis2: null } }))).sku;
    expect(patched).toMatchObject({ name: 'Tシャツ レッド M', axis1: 'レッド', axis2: null, janCode: '0490000000012' });

    const dup = await op.api('/skus', { json: { code: 'TS-RED-M', name: 'again' } });
    expect(dup.status).toBe(409);
    expect((await errorOf(dup)).code).toBe('sku_exists');

    expect((await op.api('/skus/TS-RED-M', { method: 'DELETE' })).status).toBe(204);
    expect((await op.api('/skus/TS-RED-M')).status).toBe(404);
    expect((await op.api('/stock/TS-RED-M')).status).toBe(404);
    expect((await op.api('/skus/TS-RED-M', { method: 'PATCH', json: { name: 'x' } })).status).toBe(404);
    const list = await json<Page>(await op.api('/skus?q=TS-RED-M'));
    expect(list.items).toEqual([]);
  });

  it('a SKU holding stock, or in a set, cannot be deleted (409)', async () => {
    await createSku({ code: 'DEL-HELD', name: 'held' });
    await createSku({ code: 'DEL-PART', name: 'part' });
    await createSku({ code: 'DEL-KIT', name: 'kit', components: [{ sku: 'DEL-PART', quantity: 2 }] });
    expect((await adjust([{ sku: 'DEL-HELD', mode: 'set', quantity: 1, reason: 'x' }])).status).toBe(200);
    for (const [code, error] of [
      ['DEL-HELD', 'sku_has_stock'],
      ['DEL-PART', 'sku_in_set'],
    ]) {
      const res = await op.api(`/skus/${code}`, { method: 'DELETE' });
      expect(res.status, code).toBe(409);
      expect((await errorOf(res)).code).toBe(error);
    }
  });

  it('a set is created with components and shows the complete sets its components allow', async () => {
    await createSku({ code: 'SET-X', name: 'X' });
    await createSku({ code: 'SET-Y', name: 'Y', safetyStock: 1 });
    expect((await adjust([{ sku: 'SET-X', mode: 'set', quantity: 10, reason: 'x' }, { sku: 'SET-Y', mode: 'set', quantity: 4, reason: 'x' }])).status).toBe(200);
    const kit = await createSku({ code: 'SET-KIT', name: 'ギフトセット', components: [{ sku: 'SET-X', quantity: 2 }, { sku: 'SET-Y', quantity: 1 }] });
    expect(kit).toMatchObject({ isSet: true, components: [{ sku: 'SET-X', quantity: 2 }, { sku: 'SET-Y', quantity: 1 }], available: 3, locations: [] });
    const stock = await json<Record<string, unknown>>(await op.api('/stock/SET-KIT'));
    expect(stock).toMatchObject({ sku: 'SET-KIT', available: 3 });

    const bad = await op.api('/skus', { json: { code: 'SET-BAD', name: 'bad', components: [{ sku: 'SET-KIT', quantity: 1 }] } });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('invalid_set');
    const dup = await op.api('/skus', { json: { code: 'SET-DUP', name: 'dup', components: [{ sku: 'SET-X', quantity: 1 }, { sku: 'SET-X', quantity: 1 }] } });
    expect(dup.status).toBe(400);
    const adjustSet = await adjust([{ sku: 'SET-KIT', mode: 'set', quantity: 5, reason: 'x' }]);
    expect(adjustSet.status).toBe(400);
    expect((await errorOf(adjustSet)).details).toEqual([{ field: 'items.0.sku', code: 'set_has_no_stock', message: expect.any(String) }]);
  });

  it('GET /stock/{sku} answers totals, locations and channels', async () => {
    await createSku({ code: 'SHAPE-1', name: 'shape', safetyStock: 2 });
    expect((await adjust([{ sku: 'SHAPE-1', mode: 'set', quantity: 9, reason: 'x' }])).status).toBe(200);
    expect((await op.api('/stock/reservations', { json: { reference: 'shape-order', lines: [{ sku: 'SHAPE-1', quantity: 3 }] } })).status).toBe(201);
    const stock = await json<Record<string, unknown>>(await op.api('/stock/SHAPE-1'));
    expect(stock).toEqual({ sku: 'SHAPE-1', onHand: 9, reserved: 3, available: 4, safetyStock: 2, locations: [{ location: 'default', onHand: 9, reserved: 3 }], channels: [] });
    expect((await op.api('/stock/NO-SUCH-SKU')).status).toBe(404);
  });

  it('searches by code, name or JAN code', async () => {
    await createSku({ code: 'Q-MUG-BLUE', name: '青いマグカップ', janCode: '4512345678901' });
    await createSku({ code: 'Q-MUG-RED', name: '赤いマグカップ', janCode: '4512345678918' });
    await createSku({ code: 'Q-PLATE', name: '平皿 100%', janCode: '4999999999990' });
    const search = async (q: string) => (await json<Page>(await op.api(`/skus?q=${encodeURIComponent(q)}`))).items.map((s) => s.code);
    expect(await search('Q-MUG')).toEqual(['Q-MUG-BLUE', 'Q-MUG-RED']);
    expect(await search('マグカップ')).toEqual(['Q-MUG-BLUE', 'Q-MUG-RED']);
    expect(await search('赤いマグ')).toEqual(['Q-MUG-RED']);
    expect(await search('4512345678918')).toEqual(['Q-MUG-RED']);
    expect(await search('45123456789')).toEqual(['Q-MUG-BLUE', 'Q-MUG-RED']);
    // LIKE wildcards are searched for literally
    expect(await search('100%')).toEqual(['Q-PLATE']);
    expect(await search('%')).toEqual(['Q-PLATE']);
    expect(await search('_')).toEqual([]);
  });

  it('pages through many SKUs with nextCursor, without gaps or repeats', async () => {
    const tenant = await createTenant();
    const admin = await signIn(tenant, 'admin');
    const codes = Array.from({ length: 11 }, (_, i) => `PG-${String(i).padStart(3, '0')}`);
    for (const code of codes) expect((await admin.api('/skus', { json: { code, name: `page ${code}` } })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await json<Page>(await admin.api(`/skus?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((s) => s.code));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(codes);
    // the same paging on /stock
    const first = await json<Page>(await admin.api('/stock?limit=10'));
    expect(first.items).toHaveLength(10);
    const second = await json<Page>(await admin.api(`/stock?limit=10&cursor=${first.nextCursor}`));
    expect(second.items.map((s) => s.code)).toEqual(['PG-010']);
    expect(second.nextCursor).toBeNull();
    // a cursor that is not ours is a 400, not a 500
    expect((await admin.api('/skus?cursor=%%%')).status).toBe(400);
  });

  it('lowStock=true lists the SKUs at or below their reorder point', async () => {
    const tenant = await createTenant();
    const admin = await signIn(tenant, 'admin');
    const mk = (code: string, reorderPoint: number, qty: number, extra: Record<string, unknown> = {}) =>
      admin.api('/skus', { json: { code, name: code, reorderPoint, ...extra } }).then(async (r) => {
        expect(r.status).toBe(201);
        if (qty) expect((await admin.api('/stock/adjustments', { json: { items: [{ sku: code, mode: 'set', quantity: qty, reason: 'x' }] } })).status).toBe(200);
      });
    await mk('LOW-BELOW', 5, 3);
    await mk('LOW-EQUAL', 5, 5);
    await mk('LOW-ABOVE', 5, 6);
    await mk('LOW-SAFETY', 5, 7, { safetyStock: 3 }); // available 4
    await mk('LOW-MTO', 5, 0, { managed: false });
    const low = await json<Page>(await admin.api('/stock?lowStock=true'));
    expect(low.items.map((s) => s.code)).toEqual(['LOW-BELOW', 'LOW-EQUAL', 'LOW-SAFETY']);
    for (const s of low.items) expect(s.available).toBeLessThanOrEqual(s.reorderPoint);
    // a reservation that takes LOW-ABOVE to its reorder point puts it on the list (once the projection catches up)
    expect((await admin.api('/stock/reservations', { json: { reference: 'low-1', lines: [{ sku: 'LOW-ABOVE', quantity: 1 }] } })).status).toBe(201);
    await settle(ledgerFor(tenant.id));
    expect((await json<Page>(await admin.api('/stock?lowStock=true'))).items.map((s) => s.code)).toContain('LOW-ABOVE');
    expect((await json<Page>(await admin.api('/stock'))).items).toHaveLength(5);
  });

  it('locations: a default exists, new ones are listed in priority order, and reservations follow it', async () => {
    const tenant = await createTenant();
    const admin = await signIn(tenant, 'admin');
    expect(await json<unknown>(await admin.api('/locations'))).toEqual({ items: [{ code: 'default', name: '標準倉庫', priority: 0 }], nextCursor: null });
    expect(await json<unknown>(await admin.api('/locations', { json: { code: 'tokyo', name: '東京倉庫', priority: 1 } }), 201)).toEqual({ code: 'tokyo', name: '東京倉庫', priority: 1 });
    expect((await admin.api('/locations', { json: { code: 'default', name: '標準倉庫', priority: 5 } })).status).toBe(201);
    expect((await json<{ items: { code: string }[] }>(await admin.api('/locations'))).items.map((l) => l.code)).toEqual(['tokyo', 'default']);
    expect((await admin.api('/skus', { json: { code: 'LOC-1', name: 'loc' } })).status).toBe(201);
    expect(
      (await admin.api('/stock/adjustments', { json: { items: [{ sku: 'LOC-1', location: 'tokyo', mode: 'set', quantity: 2, reason: 'x' }, { sku: 'LOC-1', mode: 'set', quantity: 5, reason: 'x' }] } })).status,
    ).toBe(200);
    expect((await admin.api('/stock/reservations', { json: { reference: 'loc-o', lines: [{ sku: 'LOC-1', quantity: 3 }] } })).status).toBe(201);
    expect((await json<{ locations: unknown }>(await admin.api('/stock/LOC-1'))).locations).toEqual([
      { location: 'tokyo', onHand: 2, reserved: 2 },
      { location: 'default', onHand: 5, reserved: 1 },
    ]);
    // the list shows the same, from the projection
    await settle(ledgerFor(tenant.id));
    expect((await json<Page>(await admin.api('/stock?q=LOC-1'))).items[0].locations).toEqual([
      { location: 'tokyo', onHand: 2, reserved: 2 },
      { location: 'default', onHand: 5, reserved: 1 },
    ]);
    const bad = await admin.api('/stock/adjustments', { json: { items: [{ sku: 'LOC-1', location: 'nowhere', mode: 'set', quantity: 2, reason: 'x' }] } });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).details).toEqual([{ field: 'items.0.location', code: 'unknown_location', message: expect.any(String) }]);
  });
});
