import { describe, expect, it } from 'vitest';
import { failure, ledgerFor, ledgerRows, newAccountId, ok, seedSkus, settle, type Ledger } from '../helpers/stock';

const fresh = async (stock: Record<string, number>) => {
  const acct = newAccountId();
  const stub = ledgerFor(acct);
  await seedSkus(stub, acct, stock);
  return { acct, stub };
};

const stockOf = async (stub: Ledger, acct: string, sku: string) => {
  const s = await stub.getStock(acct, sku);
  if (!s) throw new Error(`${sku} not found`);
  return s;
};

describe('reservations are idempotent by reference', () => {
  it('retrying a reservation changes nothing: replayed, same figures, no new ledger rows', async () => {
    const { acct, stub } = await fresh({ A: 10, B: 5 });
    const lines = [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }];
    expect(ok(await stub.reserve(acct, { reference: 'ORD-1', lines }))).toEqual({ status: 'reserved', replayed: false });
    const before = { a: await stockOf(stub, acct, 'A'), rows: (await ledgerRows(stub, acct, 'A')).length + (await ledgerRows(stub, acct, 'B')).length };
    for (let i = 0; i < 3; i++) expect(ok(await stub.reserve(acct, { reference: 'ORD-1', lines }))).toEqual({ status: 'reserved', replayed: true });
    // even a retry with other lines is the same reservation, not a second one
    expect(ok(await stub.reserve(acct, { reference: 'ORD-1', lines: [{ sku: 'A', quantity: 5 }] })).replayed).toBe(true);
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 10, reserved: 2, available: 8 });
    expect(await stockOf(stub, acct, 'B')).toMatchObject({ onHand: 5, reserved: 1, available: 4 });
    expect((await ledgerRows(stub, acct, 'A')).length + (await ledgerRows(stub, acct, 'B')).length).toBe(before.rows);
    expect((await stockOf(stub, acct, 'A')).reserved).toBe(before.a.reserved);
    await settle(stub);
  });

  it('releasing gives the units back once; a second release changes nothing', async () => {
    const { acct, stub } = await fresh({ A: 10 });
    ok(await stub.reserve(acct, { reference: 'ORD-2', lines: [{ sku: 'A', quantity: 4 }] }));
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 10, reserved: 4, available: 6 });
    expect(ok(await stub.release(acct, 'ORD-2'))).toEqual({ status: 'released' });
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    const rows = (await ledgerRows(stub, acct, 'A')).length;
    expect(ok(await stub.release(acct, 'ORD-2'))).toEqual({ status: 'released' });
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    expect((await ledgerRows(stub, acct, 'A')).length).toBe(rows);
    await settle(stub);
  });

  it('committing (shipping) lowers onHand and reserved together, once', async () => {
    const { acct, stub } = await fresh({ A: 10 });
    ok(await stub.reserve(acct, { reference: 'ORD-3', lines: [{ sku: 'A', quantity: 3 }] }));
    expect(ok(await stub.commit(acct, 'ORD-3'))).toEqual({ status: 'committed' });
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    const rows = (await ledgerRows(stub, acct, 'A')).length;
    expect(ok(await stub.commit(acct, 'ORD-3'))).toEqual({ status: 'committed' });
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 7, reserved: 0 });
    expect((await ledgerRows(stub, acct, 'A')).length).toBe(rows);
    const ship = (await ledgerRows(stub, acct, 'A')).at(-1)!;
    expect(ship).toMatchObject({ kind: 'ship', deltaOnHand: -3, deltaReserved: -3, onHandAfter: 7, reservedAfter: 0, reference: 'ORD-3' });
    await settle(stub);
  });

  it('a released reservation cannot ship (409), and a shipped reference cannot be reserved again (409)', async () => {
    const { acct, stub } = await fresh({ A: 10 });
    ok(await stub.reserve(acct, { reference: 'R', lines: [{ sku: 'A', quantity: 1 }] }));
    ok(await stub.release(acct, 'R'));
    expect(failure(await stub.commit(acct, 'R'))).toMatchObject({ status: 409, code: 'reservation_released' });

    ok(await stub.reserve(acct, { reference: 'C', lines: [{ sku: 'A', quantity: 2 }] }));
    ok(await stub.commit(acct, 'C'));
    expect(failure(await stub.reserve(acct, { reference: 'C', lines: [{ sku: 'A', quantity: 2 }] }))).toMatchObject({ status: 409, code: 'reservation_committed' });
    expect(failure(await stub.release(acct, 'C'))).toMatchObject({ status: 409, code: 'reservation_committed' });
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 8, reserved: 0 });
  });

  it('a released reference may be reserved again (the order was re-opened)', async () => {
    const { acct, stub } = await fresh({ A: 10 });
    ok(await stub.reserve(acct, { reference: 'RE', lines: [{ sku: 'A', quantity: 2 }] }));
    ok(await stub.release(acct, 'RE'));
    expect(ok(await stub.reserve(acct, { reference: 'RE', lines: [{ sku: 'A', quantity: 3 }] }))).toEqual({ status: 'reserved', replayed: false });
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ reserved: 3 });
    expect(await stub.reservationsFor(acct, 'A')).toEqual([{ reference: 'RE', channelId: null, quantity: 3, createdAt: expect.any(String) }]);
    await settle(stub);
  });

  it('an unknown reference answers 404 to release and commit', async () => {
    const { acct, stub } = await fresh({ A: 1 });
    expect(failure(await stub.release(acct, 'nope'))).toMatchObject({ status: 404, code: 'not_found' });
    expect(failure(await stub.commit(acct, 'nope'))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('a refused reservation leaves nothing behind: no figures, no ledger rows, and the reference stays free', async () => {
    const { acct, stub } = await fresh({ A: 5, B: 1 });
    const f = failure(await stub.reserve(acct, { reference: 'BIG', lines: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 2 }, { sku: 'GHOST', quantity: 1 }] }));
    expect(f).toMatchObject({ status: 409, code: 'insufficient_stock' });
    expect(f.details).toEqual(
      expect.arrayContaining([
        { sku: 'B', requested: 2, available: 1, reason: 'insufficient_stock' },
        { sku: 'GHOST', requested: 1, available: 0, reason: 'unknown_sku' },
      ]),
    );
    expect((f.details as unknown[]).length).toBe(2);
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ reserved: 0 });
    expect((await ledgerRows(stub, acct, 'A')).map((r) => r.kind)).toEqual(['adjust']);
    expect(ok(await stub.reserve(acct, { reference: 'BIG', lines: [{ sku: 'A', quantity: 2 }] })).replayed).toBe(false);
    await settle(stub);
  });

  it('an unmanaged SKU (取り寄せ) can always be ordered and reserves nothing', async () => {
    const { acct, stub } = await fresh({});
    ok(await stub.upsertSku(acct, { code: 'MTO', name: '取り寄せ品', managed: false }, 'create'));
    expect(ok(await stub.reserve(acct, { reference: 'M1', lines: [{ sku: 'MTO', quantity: 50 }] })).replayed).toBe(false);
    expect(await stockOf(stub, acct, 'MTO')).toMatchObject({ onHand: 0, reserved: 0, managed: false });
    expect(await ledgerRows(stub, acct, 'MTO')).toEqual([]);
    ok(await stub.commit(acct, 'M1'));
    await settle(stub);
  });
});

describe('adjustments (上書き / 加算・減算)', () => {
  it('set overwrites and delta adds or subtracts, each row written to the ledger with its reason', async () => {
    const { acct, stub } = await fresh({ A: 0 });
    await ok(await stub.upsertSku(acct, { code: 'A', safetyStock: 1 }, 'update'));
    const r1 = ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 10, reason: '棚卸' }], { actor: 'user:u1' }));
    expect(r1.items).toEqual([{ sku: 'A', location: 'default', onHand: 10, available: 9 }]);
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'delta', quantity: -4, reason: '破損' }]));
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'delta', quantity: 2, reason: '返品' }]));
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 8, available: 7 });
    const rows = await ledgerRows(stub, acct, 'A');
    expect(rows.map((r) => [r.kind, r.deltaOnHand, r.onHandAfter, r.availableAfter, r.reason])).toEqual([
      ['adjust', 10, 10, 9, '棚卸'],
      ['adjust', -4, 6, 5, '破損'],
      ['adjust', 2, 8, 7, '返品'],
    ]);
    expect(rows[0].actor).toBe('user:u1');
    await settle(stub);
  });

  it('is atomic per request: one bad row and nothing is applied, with every bad row named', async () => {
    const { acct, stub } = await fresh({ A: 5, B: 5 });
    const f = failure(
      await stub.adjust(acct, [
        { sku: 'A', mode: 'delta', quantity: 3, reason: 'ok' },
        { sku: 'GHOST', mode: 'set', quantity: 1, reason: 'x' },
        { sku: 'B', mode: 'delta', quantity: -6, reason: 'too many' },
      ]),
    );
    expect(f).toMatchObject({ status: 400, code: 'invalid_adjustment' });
    expect(f.details).toEqual([
      { field: 'items.1.sku', code: 'unknown_sku', message: expect.any(String) },
      { field: 'items.2.quantity', code: 'negative_stock', message: expect.any(String) },
    ]);
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 5 });
    expect(await stockOf(stub, acct, 'B')).toMatchObject({ onHand: 5 });
    expect(await ledgerRows(stub, acct, 'A')).toHaveLength(1);
  });

  it('refuses to take stock below 0, even when two rows of one request do it together', async () => {
    const { acct, stub } = await fresh({ A: 5 });
    expect(failure(await stub.adjust(acct, [{ sku: 'A', mode: 'delta', quantity: -6, reason: 'x' }])).code).toBe('invalid_adjustment');
    const f = failure(
      await stub.adjust(acct, [
        { sku: 'A', mode: 'delta', quantity: -3, reason: 'one' },
        { sku: 'A', mode: 'delta', quantity: -3, reason: 'two' },
      ]),
    );
    expect(f).toMatchObject({ status: 400, code: 'invalid_adjustment' });
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 5 });
    expect(await ledgerRows(stub, acct, 'A')).toHaveLength(1);
  });

  it('a set has no stock of its own and cannot be adjusted; an unknown location is refused', async () => {
    const { acct, stub } = await fresh({ X: 5 });
    ok(await stub.upsertSku(acct, { code: 'KIT', name: 'キット', components: [{ sku: 'X', quantity: 1 }] }, 'create'));
    expect(failure(await stub.adjust(acct, [{ sku: 'KIT', mode: 'set', quantity: 5, reason: 'x' }])).details).toEqual([
      { field: 'items.0.sku', code: 'set_has_no_stock', message: expect.any(String) },
    ]);
    expect(failure(await stub.adjust(acct, [{ sku: 'X', location: 'mars', mode: 'set', quantity: 5, reason: 'x' }])).details).toEqual([
      { field: 'items.0.location', code: 'unknown_location', message: expect.any(String) },
    ]);
    expect(await stockOf(stub, acct, 'X')).toMatchObject({ onHand: 5 });
  });

  it('receipts (仕入) and stocktakes (棚卸) are recorded in the ledger under their own kind and reference', async () => {
    const { acct, stub } = await fresh({ A: 5 });
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'delta', quantity: 12, reason: '入荷' }], { kind: 'receive', reference: 'PO-0001', actor: 'user:buyer' }));
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 16, reason: '棚卸 2026-11' }], { kind: 'stocktake', actor: 'user:counter' }));
    const rows = await ledgerRows(stub, acct, 'A');
    expect(rows.slice(1).map((r) => ({ kind: r.kind, delta: r.deltaOnHand, after: r.onHandAfter, reference: r.reference, actor: r.actor }))).toEqual([
      { kind: 'receive', delta: 12, after: 17, reference: 'PO-0001', actor: 'user:buyer' },
      { kind: 'stocktake', delta: -1, after: 16, reference: null, actor: 'user:counter' },
    ]);
    // a stocktake that finds the count right is still recorded (it was counted)
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 16, reason: '再棚卸' }], { kind: 'stocktake' }));
    expect((await ledgerRows(stub, acct, 'A')).at(-1)).toMatchObject({ kind: 'stocktake', deltaOnHand: 0, onHandAfter: 16 });
    await settle(stub);
  });

  it('checkAdjust answers the problems of rows without applying anything', async () => {
    const { acct, stub } = await fresh({ A: 1 });
    const problems = await stub.checkAdjust(acct, [
      { sku: 'A', mode: 'delta', quantity: -1, reason: 'ok' },
      { sku: 'A', mode: 'delta', quantity: -2, reason: 'no' },
      { sku: 'Q', mode: 'set', quantity: 1, reason: 'no' },
    ]);
    expect(problems.map((p) => [p.index, p.code])).toEqual([
      [1, 'negative_stock'],
      [2, 'unknown_sku'],
    ]);
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 1 });
  });
});

describe('the ledger explains every figure (在庫履歴)', () => {
  it('for every SKU, the deltas sum to onHand and to reserved after a mixed day of work', async () => {
    const { acct, stub } = await fresh({ A: 20, B: 8, C: 0 });
    ok(await stub.upsertLocation(acct, { code: 'osaka', name: '大阪倉庫', priority: 5 }));
    ok(await stub.upsertSku(acct, { code: 'KIT', name: 'キット', components: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }] }, 'create'));
    ok(await stub.adjust(acct, [{ sku: 'C', location: 'osaka', mode: 'set', quantity: 7, reason: '移動' }, { sku: 'A', location: 'osaka', mode: 'delta', quantity: 4, reason: '入荷' }], { kind: 'receive' }));
    ok(await stub.reserve(acct, { reference: 'o1', lines: [{ sku: 'KIT', quantity: 3 }, { sku: 'C', quantity: 2 }] }));
    ok(await stub.reserve(acct, { reference: 'o2', lines: [{ sku: 'A', quantity: 15 }] })); // spills into osaka
    ok(await stub.reserve(acct, { reference: 'o3', lines: [{ sku: 'B', quantity: 1 }, { sku: 'C', quantity: 5 }] }));
    ok(await stub.commit(acct, 'o1'));
    ok(await stub.release(acct, 'o3'));
    ok(await stub.adjust(acct, [{ sku: 'B', mode: 'set', quantity: 2, reason: '棚卸' }], { kind: 'stocktake' }));
    ok(await stub.adjust(acct, [{ sku: 'C', location: 'osaka', mode: 'delta', quantity: -1, reason: '破損' }]));
    ok(await stub.commit(acct, 'o2'));
    ok(await stub.reserve(acct, { reference: 'o4', lines: [{ sku: 'C', quantity: 4 }] }));

    for (const sku of ['A', 'B', 'C']) {
      const s = await stockOf(stub, acct, sku);
      const rows = await ledgerRows(stub, acct, sku);
      expect(rows.reduce((n, r) => n + r.deltaOnHand, 0), `${sku} onHand`).toBe(s.onHand);
      expect(rows.reduce((n, r) => n + r.deltaReserved, 0), `${sku} reserved`).toBe(s.reserved);
      // and per location, the last row of each location is that location's level
      for (const l of s.locations) {
        const last = rows.filter((r) => r.location === l.location).at(-1)!;
        expect([last.onHandAfter, last.reservedAfter], `${sku}@${l.location}`).toEqual([l.onHand, l.reserved]);
      }
    }
    expect(await stockOf(stub, acct, 'A')).toMatchObject({ onHand: 24 - 6 - 15, reserved: 0 });
    expect(await stockOf(stub, acct, 'B')).toMatchObject({ onHand: 2, reserved: 0 });
    expect(await stockOf(stub, acct, 'C')).toMatchObject({ onHand: 7 - 2 - 1, reserved: 4, available: 0 });
    await settle(stub);
  });

  it('pages newest first with a `before` sequence number', async () => {
    const { acct, stub } = await fresh({ A: 1 });
    for (let i = 0; i < 4; i++) ok(await stub.adjust(acct, [{ sku: 'A', mode: 'delta', quantity: 1, reason: `r${i}` }]));
    const first = await stub.ledger(acct, 'A', { limit: 2 });
    expect(first.map((r) => r.reason)).toEqual(['r3', 'r2']);
    const next = await stub.ledger(acct, 'A', { limit: 10, before: first[1].seq });
    expect(next.map((r) => r.reason)).toEqual(['r1', 'r0', '初期在庫']);
  });
});

describe('locations (倉庫)', () => {
  it('a reservation draws from the lowest priority number first, then spills to the next', async () => {
    const { acct, stub } = await fresh({});
    ok(await stub.upsertSku(acct, { code: 'A', name: 'A' }, 'create'));
    ok(await stub.upsertLocation(acct, { code: 'osaka', name: '大阪', priority: 20 }));
    ok(await stub.upsertLocation(acct, { code: 'tokyo', name: '東京', priority: 10 }));
    ok(await stub.upsertLocation(acct, { code: 'default', name: '標準倉庫', priority: 30 }));
    expect((await stub.listLocations(acct)).map((l) => l.code)).toEqual(['tokyo', 'osaka', 'default']);
    ok(
      await stub.adjust(acct, [
        { sku: 'A', location: 'default', mode: 'set', quantity: 10, reason: 'x' },
        { sku: 'A', location: 'osaka', mode: 'set', quantity: 4, reason: 'x' },
        { sku: 'A', location: 'tokyo', mode: 'set', quantity: 3, reason: 'x' },
      ]),
    );
    ok(await stub.reserve(acct, { reference: 'first', lines: [{ sku: 'A', quantity: 2 }] }));
    expect((await stockOf(stub, acct, 'A')).locations).toEqual([
      { location: 'tokyo', onHand: 3, reserved: 2 },
      { location: 'osaka', onHand: 4, reserved: 0 },
      { location: 'default', onHand: 10, reserved: 0 },
    ]);
    ok(await stub.reserve(acct, { reference: 'second', lines: [{ sku: 'A', quantity: 6 }] }));
    expect((await stockOf(stub, acct, 'A')).locations).toEqual([
      { location: 'tokyo', onHand: 3, reserved: 3 },
      { location: 'osaka', onHand: 4, reserved: 4 },
      { location: 'default', onHand: 10, reserved: 1 },
    ]);
    // shipping takes the units from where they were reserved
    ok(await stub.commit(acct, 'second'));
    expect((await stockOf(stub, acct, 'A')).locations).toEqual([
      { location: 'tokyo', onHand: 2, reserved: 2 },
      { location: 'osaka', onHand: 0, reserved: 0 },
      { location: 'default', onHand: 9, reserved: 0 },
    ]);
    // after a priority change, new reservations follow the new order
    ok(await stub.upsertLocation(acct, { code: 'default', name: '標準倉庫', priority: 1 }));
    ok(await stub.reserve(acct, { reference: 'third', lines: [{ sku: 'A', quantity: 1 }] }));
    expect((await stockOf(stub, acct, 'A')).locations[0]).toEqual({ location: 'default', onHand: 9, reserved: 1 });
    await settle(stub);
  });

  it('every account starts with a default location', async () => {
    const acct = newAccountId();
    expect(await ledgerFor(acct).listLocations(acct)).toEqual([{ code: 'default', name: '標準倉庫', priority: 0 }]);
  });
});

describe('set rules (セット商品)', () => {
  it('a set’s available quantity counts components after their safety stock, then the set’s own', async () => {
    const { acct, stub } = await fresh({ X: 10, Y: 50 });
    ok(await stub.upsertSku(acct, { code: 'X', safetyStock: 2 }, 'update'));
    ok(await stub.upsertSku(acct, { code: 'KIT', name: 'キット', components: [{ sku: 'X', quantity: 2 }, { sku: 'Y', quantity: 1 }] }, 'create'));
    expect(await stockOf(stub, acct, 'KIT')).toMatchObject({ isSet: true, available: 4, locations: [] });
    ok(await stub.upsertSku(acct, { code: 'KIT', safetyStock: 1 }, 'update'));
    expect(await stockOf(stub, acct, 'KIT')).toMatchObject({ available: 3 });
    // selling the set reserves every component; the set follows its components
    ok(await stub.reserve(acct, { reference: 'k1', lines: [{ sku: 'KIT', quantity: 3 }] }));
    expect(await stockOf(stub, acct, 'X')).toMatchObject({ reserved: 6, available: 2 });
    expect(await stockOf(stub, acct, 'Y')).toMatchObject({ reserved: 3, available: 47 });
    expect(await stockOf(stub, acct, 'KIT')).toMatchObject({ available: 0 });
    // the set's safety stock holds back a set, but not the component sold on its own
    expect(failure(await stub.reserve(acct, { reference: 'k2', lines: [{ sku: 'KIT', quantity: 1 }] })).code).toBe('insufficient_stock');
    expect(ok(await stub.reserve(acct, { reference: 'x1', lines: [{ sku: 'X', quantity: 2 }] })).replayed).toBe(false);
    await settle(stub);
  });

  it('a set cannot contain itself, another set, or an unknown SKU', async () => {
    const { acct, stub } = await fresh({ X: 0, Y: 0 });
    ok(await stub.upsertSku(acct, { code: 'KIT', name: 'キット', components: [{ sku: 'X', quantity: 1 }] }, 'create'));
    const self = failure(await stub.upsertSku(acct, { code: 'KIT', components: [{ sku: 'KIT', quantity: 1 }] }, 'update'));
    expect(self).toMatchObject({ status: 400, code: 'invalid_set' });
    const nested = failure(await stub.upsertSku(acct, { code: 'BIG', name: 'big', components: [{ sku: 'KIT', quantity: 1 }] }, 'create'));
    expect(nested.details).toEqual([{ field: 'components.0.sku', message: expect.stringMatching(/set/) }]);
    const unknown = failure(await stub.upsertSku(acct, { code: 'BAD', name: 'bad', components: [{ sku: 'Y', quantity: 1 }, { sku: 'GHOST', quantity: 1 }] }, 'create'));
    expect(unknown.details).toEqual([{ field: 'components.1.sku', message: expect.stringMatching(/GHOST/) }]);
    // nothing was created or changed
    expect(await stub.getStock(acct, 'BIG')).toBeNull();
    expect(await stub.getStock(acct, 'BAD')).toBeNull();
    expect((await stockOf(stub, acct, 'KIT')).components).toEqual([{ sku: 'X', quantity: 1 }]);
  });

  it('a component cannot become a set, nor can a SKU that holds stock', async () => {
    const { acct, stub } = await fresh({ X: 0, Y: 0, HELD: 3 });
    ok(await stub.upsertSku(acct, { code: 'KIT', name: 'キット', components: [{ sku: 'X', quantity: 1 }] }, 'create'));
    expect(failure(await stub.upsertSku(acct, { code: 'X', components: [{ sku: 'Y', quantity: 1 }] }, 'update'))).toMatchObject({ status: 400, code: 'invalid_set' });
    expect(failure(await stub.upsertSku(acct, { code: 'HELD', components: [{ sku: 'Y', quantity: 1 }] }, 'update'))).toMatchObject({ status: 400, code: 'invalid_set' });
    expect(await stockOf(stub, acct, 'HELD')).toMatchObject({ isSet: false, onHand: 3 });
    // and [] turns a set back into a plain SKU
    ok(await stub.upsertSku(acct, { code: 'KIT', components: [] }, 'update'));
    expect(await stockOf(stub, acct, 'KIT')).toMatchObject({ isSet: false, components: [] });
  });

  it('a set listing the same component twice is refused, not a crash', async () => {
    const { acct, stub } = await fresh({ X: 0 });
    const f = failure(await stub.upsertSku(acct, { code: 'DUP', name: 'dup', components: [{ sku: 'X', quantity: 1 }, { sku: 'X', quantity: 2 }] }, 'create'));
    expect(f).toMatchObject({ status: 400, code: 'invalid_set' });
    expect(await stub.getStock(acct, 'DUP')).toBeNull();
  });

  it('deleting a SKU that holds stock, is reserved, or is in a set answers 409; an empty one is deleted', async () => {
    const { acct, stub } = await fresh({ HELD: 2, X: 0, FREE: 0, RES: 1 });
    ok(await stub.upsertSku(acct, { code: 'KIT', name: 'キット', components: [{ sku: 'X', quantity: 1 }] }, 'create'));
    expect(failure(await stub.deleteSku(acct, 'HELD'))).toMatchObject({ status: 409, code: 'sku_has_stock' });
    expect(failure(await stub.deleteSku(acct, 'X'))).toMatchObject({ status: 409, code: 'sku_in_set' });
    ok(await stub.reserve(acct, { reference: 'r', lines: [{ sku: 'RES', quantity: 1 }] }));
    expect(failure(await stub.deleteSku(acct, 'RES'))).toMatchObject({ status: 409 });
    ok(await stub.deleteSku(acct, 'FREE'));
    expect(await stub.getStock(acct, 'FREE')).toBeNull();
    expect(failure(await stub.deleteSku(acct, 'FREE'))).toMatchObject({ status: 404 });
    // a set can be deleted, and then its component can be too
    ok(await stub.deleteSku(acct, 'KIT'));
    ok(await stub.deleteSku(acct, 'X'));
    // a deleted SKU cannot be sold or adjusted
    expect(failure(await stub.reserve(acct, { reference: 'late', lines: [{ sku: 'FREE', quantity: 1 }] })).details).toEqual([
      { sku: 'FREE', requested: 1, available: 0, reason: 'unknown_sku' },
    ]);
    expect(failure(await stub.adjust(acct, [{ sku: 'FREE', mode: 'set', quantity: 1, reason: 'x' }])).code).toBe('invalid_adjustment');
    await settle(stub);
  });

  it('a SKU created again after deletion starts clean, without the deleted one’s details', async () => {
    const { acct, stub } = await fresh({});
    ok(await stub.upsertSku(acct, { code: 'RE', name: '旧', janCode: '4900000000012', safetyStock: 5, reorderPoint: 3, axis1: '赤' }, 'create'));
    ok(await stub.deleteSku(acct, 'RE'));
    expect(failure(await stub.upsertSku(acct, { code: 'RE', name: 'x' }, 'update'))).toMatchObject({ status: 404 });
    ok(await stub.upsertSku(acct, { code: 'RE', name: '新' }, 'create'));
    expect(await stockOf(stub, acct, 'RE')).toMatchObject({ name: '新', janCode: null, safetyStock: 0, reorderPoint: 0, axis1: null, managed: true });
    expect(failure(await stub.upsertSku(acct, { code: 'RE', name: 'again' }, 'create'))).toMatchObject({ status: 409, code: 'sku_exists' });
    await settle(stub);
  });
});
