import Encoding from 'encoding-japanese';
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { ledgerFor, settle } from '../helpers/stock';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

interface LedgerEntry {
  seq: number;
  at: string;
  sku: string;
  location: string;
  kind: string;
  deltaOnHand: number;
  deltaReserved: number;
  onHandAfter: number;
  reservedAfter: number;
  availableAfter: number;
  reason: string | null;
  reference: string | null;
  actor: string | null;
}

describe('adjustments, reservations and the ledger over the API', () => {
  let t: Tenant;
  let op: Client;
  let n = 0;

  const sku = async (stock = 0, extra: Record<string, unknown> = {}) => {
    const code = `R-${++n}`;
    expect((await op.api('/skus', { json: { code, name: `商品${n}`, ...extra } })).status).toBe(201);
    if (stock) expect((await op.api('/stock/adjustments', { json: { items: [{ sku: code, mode: 'set', quantity: stock, reason: '初期在庫' }] } })).status).toBe(200);
    return code;
  };
  const stockOf = async (code: string) => (await (await op.api(`/stock/${code}`)).json()) as { onHand: number; reserved: number; available: number };
  const reserve = (reference: string, lines: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}) =>
    op.api('/stock/reservations', { json: { reference, lines, ...extra } });

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
  });

  it('adjusts by overwrite and by delta in one request, answering the new figures', async () => {
    const a = await sku(5);
    const b = await sku(0, { safetyStock: 1 });
    const res = await op.api('/stock/adjustments', {
      json: {
        items: [
          { sku: a, mode: 'delta', quantity: -2, reason: '破損' },
          { sku: b, mode: 'set', quantity: 10, reason: '棚卸' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      items: [
        { sku: a, location: 'default', onHand: 3, available: 3 },
        { sku: b, location: 'default', onHand: 10, available: 9 },
      ],
    });
  });

  it('an adjustment with one bad row applies nothing and names the row', async () => {
    const a = await sku(5);
    const res = await op.api('/stock/adjustments', {
      json: {
        items: [
          { sku: a, mode: 'delta', quantity: 5, reason: 'ok' },
          { sku: a, mode: 'delta', quantity: -20, reason: 'too many' },
          { sku: 'GHOST-1', mode: 'set', quantity: 1, reason: 'unknown' },
        ],
      },
    });
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('invalid_adjustment');
    expect((err.details as { field: string; code: string }[]).map((d) => [d.field, d.code])).toEqual([
      ['items.1.quantity', 'negative_stock'],
      ['items.2.sku', 'unknown_sku'],
    ]);
    expect(await stockOf(a)).toMatchObject({ onHand: 5 });
  });

  it('reserves all lines (201), answers a retry with 200 and changes nothing', async () => {
    const a = await sku(10);
    const b = await sku(3);
    const first = await reserve('ORD-1001', [{ sku: a, quantity: 2 }, { sku: b, quantity: 3 }], { channelId: 'rakuten-1' });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ status: 'reserved' });
    const retry = await reserve('ORD-1001', [{ sku: a, quantity: 2 }, { sku: b, quantity: 3 }], { channelId: 'rakuten-1' });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ status: 'reserved' });
    expect(await stockOf(a)).toMatchObject({ onHand: 10, reserved: 2, available: 8 });
    expect(await stockOf(b)).toMatchObject({ onHand: 3, reserved: 3, available: 0 });

    const list = await op.api(`/stock/reservations?sku=${encodeURIComponent(a)}`);
    expect(list.status).toBe(200);
    // ORD-1001 is the caller's own reference, no order of the account: order is null
    expect(await list.json()).toEqual({ items: [{ reference: 'ORD-1001', order: null, channelId: 'rakuten-1', quantity: 2, createdAt: expect.any(String) }], nextCursor: null });
  });

  it('refuses an order that does not fit with 409 insufficient_stock and details per SKU, reserving nothing', async () => {
    const a = await sku(10);
    const b = await sku(1);
    const res = await reserve('ORD-1002', [{ sku: a, quantity: 2 }, { sku: b, quantity: 2 }, { sku: 'NOT-A-SKU', quantity: 1 }]);
    expect(res.status).toBe(409);
    const err = await errorOf(res);
    expect(err.code).toBe('insufficient_stock');
    expect(err.details).toEqual(
      expect.arrayContaining([
        { sku: b, requested: 2, available: 1, reason: 'insufficient_stock' },
        { sku: 'NOT-A-SKU', requested: 1, available: 0, reason: 'unknown_sku' },
      ]),
    );
    expect(err.details).toHaveLength(2);
    expect(await stockOf(a)).toMatchObject({ reserved: 0 });
    expect(((await (await op.api(`/stock/reservations?sku=${encodeURIComponent(a)}`)).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('releasing (DELETE) gives the units back, idempotently; an unknown reference is 404', async () => {
    const a = await sku(4);
    expect((await reserve('ORD-1003', [{ sku: a, quantity: 3 }])).status).toBe(201);
    const del = await op.api('/stock/reservations/ORD-1003', { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ status: 'released' });
    expect(await stockOf(a)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    expect((await op.api('/stock/reservations/ORD-1003', { method: 'DELETE' })).status).toBe(200);
    expect(await stockOf(a)).toMatchObject({ reserved: 0 });
    const missing = await op.api('/stock/reservations/NO-SUCH-ORDER', { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('not_found');
    // a released reservation cannot ship
    const ship = await op.api('/stock/reservations/ORD-1003/commit', { method: 'POST' });
    expect(ship.status).toBe(409);
  });

  it('committing ships: onHand and reserved fall, once; the reference cannot be reserved again', async () => {
    const a = await sku(4);
    expect((await reserve('ORD-1004', [{ sku: a, quantity: 3 }])).status).toBe(201);
    const res = await op.api('/stock/reservations/ORD-1004/commit', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'committed' });
    expect(await stockOf(a)).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
    expect((await op.api('/stock/reservations/ORD-1004/commit', { method: 'POST' })).status).toBe(200);
    expect(await stockOf(a)).toMatchObject({ onHand: 1 });
    const again = await reserve('ORD-1004', [{ sku: a, quantity: 1 }]);
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('reservation_committed');
    expect((await op.api('/stock/reservations/NO-SUCH-ORDER/commit', { method: 'POST' })).status).toBe(404);
  });

  it('the ledger lists every change newest first, with who and why, paged by cursor', async () => {
    const a = await sku(10);
    expect((await reserve('ORD-L1', [{ sku: a, quantity: 2 }])).status).toBe(201);
    expect((await op.api('/stock/reservations/ORD-L1/commit', { method: 'POST' })).status).toBe(200);
    expect((await reserve('ORD-L2', [{ sku: a, quantity: 1 }])).status).toBe(201);
    expect((await op.api('/stock/reservations/ORD-L2', { method: 'DELETE' })).status).toBe(200);
    expect((await op.api('/stock/adjustments', { json: { items: [{ sku: a, mode: 'delta', quantity: 5, reason: '返品' }] } })).status).toBe(200);

    const all: LedgerEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Response = await op.api(`/stock/${a}/ledger?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: LedgerEntry[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      all.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(all.map((e) => [e.kind, e.deltaOnHand, e.deltaReserved, e.onHandAfter, e.reservedAfter, e.availableAfter, e.reference, e.reason])).toEqual([
      ['adjust', 5, 0, 13, 0, 13, null, '返品'],
      ['release', 0, -1, 8, 0, 8, 'ORD-L2', null],
      ['reserve', 0, 1, 8, 1, 7, 'ORD-L2', null],
      ['ship', -2, -2, 8, 0, 8, 'ORD-L1', null],
      ['reserve', 0, 2, 10, 2, 8, 'ORD-L1', null],
      ['adjust', 10, 0, 10, 0, 10, null, '初期在庫'],
    ]);
    // the actor is the signed-in user (an id, no personal data)
    expect(new Set(all.map((e) => e.actor))).toEqual(new Set([`user:${t.users.op.id}`]));
    for (const e of all) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    // the sum of the deltas is the stock
    expect(all.reduce((s, e) => s + e.deltaOnHand, 0)).toBe((await stockOf(a)).onHand);
  });

  it('the ledger downloads as CSV (Shift_JIS, CRLF; headers=en: the English codes) with negative deltas kept as numbers', async () => {
    const a = await sku(3);
    expect((await op.api('/stock/adjustments', { json: { items: [{ sku: a, mode: 'delta', quantity: -2, reason: '=破損 (検品)' }] } })).status).toBe(200);
    const res = await op.api(`/stock/${a}/ledger?format=csv&headers=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=Shift_JIS/i);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const text = Encoding.convert(new Uint8Array(await res.arrayBuffer()), { to: 'UNICODE', from: 'SJIS', type: 'string' }) as unknown as string;
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('at,location,kind,deltaOnHand,deltaReserved,onHandAfter,reservedAfter,availableAfter,reason,reference,actor');
    const rows = lines.slice(1, -1).map((l) => l.split(','));
    expect(rows.map((r) => r.slice(1, 9))).toEqual([
      ['default', 'adjust', '-2', '0', '1', '0', '1', "'=破損 (検品)"],
      ['default', 'adjust', '3', '0', '3', '0', '3', '初期在庫'],
    ]);
    expect(rows[0][10]).toBe(`user:${t.users.op.id}`);
  });

  it('the ledger and reservations of a SKU that does not exist answer 404', async () => {
    for (const path of ['/stock/NO-SUCH-SKU/ledger', '/stock/NO-SUCH-SKU/ledger?format=csv', '/stock/reservations?sku=NO-SUCH-SKU']) {
      const res = await op.api(path);
      expect(res.status, path).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
  });

  it('a set ordered over the API reserves its components, and two lines sharing one are added up', async () => {
    const x = await sku(3);
    const y = await sku(10);
    const z = await sku(10);
    expect((await op.api('/skus', { json: { code: 'R-SET-A', name: 'A', components: [{ sku: x, quantity: 1 }, { sku: y, quantity: 1 }] } })).status).toBe(201);
    expect((await op.api('/skus', { json: { code: 'R-SET-B', name: 'B', components: [{ sku: x, quantity: 1 }, { sku: z, quantity: 1 }] } })).status).toBe(201);
    expect((await reserve('SET-1', [{ sku: 'R-SET-A', quantity: 1 }, { sku: 'R-SET-B', quantity: 1 }])).status).toBe(201);
    const res = await reserve('SET-2', [{ sku: 'R-SET-A', quantity: 1 }, { sku: 'R-SET-B', quantity: 1 }]);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).details).toEqual([{ sku: x, requested: 2, available: 1, reason: 'insufficient_stock' }]);
    expect(await stockOf(x)).toMatchObject({ reserved: 2, available: 1 });
    expect(await stockOf('R-SET-A')).toMatchObject({ available: 1 });
    await settle(ledgerFor(t.id));
  });
});
