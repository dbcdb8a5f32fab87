import { describe, expect, it } from 'vitest';
import { expectProjectionMatches, failure, ledgerFor, ledgerRows, newAccountId, ok, seedSkus, settle, type Ledger } from '../helpers/stock';

/**
 * 分割出荷 and 同梱 in the StockLedger: commitPartial ships some units of a
 * reservation (one parcel), commitMany ships several reservations as one
 * parcel, all or none. The figures are checked exactly after every step.
 */
const fresh = async (stock: Record<string, number>) => {
  const acct = newAccountId('part');
  const stub = ledgerFor(acct);
  await seedSkus(stub, acct, stock);
  return { acct, stub };
};

const figures = async (stub: Ledger, acct: string, sku: string) => {
  const s = await stub.getStock(acct, sku);
  if (!s) throw new Error(`${sku} not found`);
  return { onHand: s.onHand, reserved: s.reserved, available: s.available };
};

const held = async (stub: Ledger, acct: string, sku: string) => (await stub.reservationsFor(acct, sku)).map((r) => ({ reference: r.reference, quantity: r.quantity }));

describe('commitPartial: one parcel of a reservation', () => {
  it('ships only the parcel’s units (onHand and reserved fall by them), the rest stays reserved; a second parcel ships the rest and commits', async () => {
    const { acct, stub } = await fresh({ A: 10, B: 4 });
    ok(await stub.reserve(acct, { reference: 'ORD', lines: [{ sku: 'A', quantity: 5 }, { sku: 'B', quantity: 2 }] }));
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 10, reserved: 5, available: 5 });

    expect(ok(await stub.commitPartial(acct, 'ORD', { shipment: 'S1', items: [{ sku: 'A', quantity: 2 }], actor: 'user:u1' }))).toEqual({ status: 'reserved', replayed: false });
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 8, reserved: 3, available: 5 });
    expect(await figures(stub, acct, 'B')).toEqual({ onHand: 4, reserved: 2, available: 2 });
    expect(await held(stub, acct, 'A')).toEqual([{ reference: 'ORD', quantity: 3 }]);
    const ship = (await ledgerRows(stub, acct, 'A')).at(-1)!;
    expect(ship).toMatchObject({ kind: 'ship', deltaOnHand: -2, deltaReserved: -2, onHandAfter: 8, reservedAfter: 3, availableAfter: 5, reference: 'ORD', actor: 'user:u1' });
    expect(ship.reason).toContain('S1');

    expect(ok(await stub.commitPartial(acct, 'ORD', { shipment: 'S2', items: [{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 2 }] }))).toEqual({ status: 'committed', replayed: false });
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await figures(stub, acct, 'B')).toEqual({ onHand: 2, reserved: 0, available: 2 });
    expect(await held(stub, acct, 'A')).toEqual([]);
    // the reservation is done: a commit is a no-op, a release is refused, nothing moves
    expect(ok(await stub.commit(acct, 'ORD'))).toEqual({ status: 'committed' });
    expect(failure(await stub.release(acct, 'ORD'))).toMatchObject({ status: 409, code: 'reservation_committed' });
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    await expectProjectionMatches(stub, acct, 'A');
    await expectProjectionMatches(stub, acct, 'B');
  });

  it('a retried parcel (same shipment id) commits nothing twice', async () => {
    const { acct, stub } = await fresh({ A: 10 });
    ok(await stub.reserve(acct, { reference: 'R', lines: [{ sku: 'A', quantity: 4 }] }));
    ok(await stub.commitPartial(acct, 'R', { shipment: 'S1', items: [{ sku: 'A', quantity: 1 }] }));
    const rows = (await ledgerRows(stub, acct, 'A')).length;
    for (let i = 0; i < 3; i++) expect(ok(await stub.commitPartial(acct, 'R', { shipment: 'S1', items: [{ sku: 'A', quantity: 1 }] }))).toEqual({ status: 'reserved', replayed: true });
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 9, reserved: 3, available: 6 });
    expect((await ledgerRows(stub, acct, 'A')).length).toBe(rows);
    await settle(stub);
  });

  it('refuses a parcel with more units than the reservation has left, and changes nothing', async () => {
    const { acct, stub } = await fresh({ A: 10, B: 10 });
    ok(await stub.reserve(acct, { reference: 'R', lines: [{ sku: 'A', quantity: 2 }] }));
    ok(await stub.commitPartial(acct, 'R', { shipment: 'S1', items: [{ sku: 'A', quantity: 1 }] }));
    const before = { a: await figures(stub, acct, 'A'), rows: (await ledgerRows(stub, acct, 'A')).length };
    expect(failure(await stub.commitPartial(acct, 'R', { shipment: 'S2', items: [{ sku: 'A', quantity: 2 }] }))).toMatchObject({
      status: 409,
      code: 'exceeds_reservation',
      details: [{ sku: 'A', requested: 2, reserved: 1 }],
    });
    // a SKU the reservation never held
    expect(failure(await stub.commitPartial(acct, 'R', { shipment: 'S3', items: [{ sku: 'B', quantity: 1 }] }))).toMatchObject({ status: 409, code: 'exceeds_reservation' });
    expect(await figures(stub, acct, 'A')).toEqual(before.a);
    expect(await figures(stub, acct, 'B')).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect((await ledgerRows(stub, acct, 'A')).length).toBe(before.rows);
    // a refused parcel may be sent again, right
    expect(ok(await stub.commitPartial(acct, 'R', { shipment: 'S2', items: [{ sku: 'A', quantity: 1 }] }))).toEqual({ status: 'committed', replayed: false });
    await settle(stub);
  });

  it('a set ships its components; a set line and a component line of one order draw on the same units', async () => {
    const { acct, stub } = await fresh({ X: 10, Y: 10 });
    ok(await stub.upsertSku(acct, { code: 'GIFT', name: 'ギフトセット', components: [{ sku: 'X', quantity: 2 }, { sku: 'Y', quantity: 1 }] }, 'create'));
    ok(await stub.reserve(acct, { reference: 'SET', lines: [{ sku: 'GIFT', quantity: 2 }, { sku: 'X', quantity: 1 }] }));
    expect(await figures(stub, acct, 'X')).toEqual({ onHand: 10, reserved: 5, available: 5 });
    ok(await stub.commitPartial(acct, 'SET', { shipment: 'S1', items: [{ sku: 'GIFT', quantity: 1 }] }));
    expect(await figures(stub, acct, 'X')).toEqual({ onHand: 8, reserved: 3, available: 5 });
    expect(await figures(stub, acct, 'Y')).toEqual({ onHand: 9, reserved: 1, available: 8 });
    ok(await stub.commitPartial(acct, 'SET', { shipment: 'S2', items: [{ sku: 'X', quantity: 1 }] }));
    expect(await figures(stub, acct, 'X')).toEqual({ onHand: 7, reserved: 2, available: 5 });
    expect(ok(await stub.commitPartial(acct, 'SET', { shipment: 'S3', items: [{ sku: 'GIFT', quantity: 1 }] }))).toEqual({ status: 'committed', replayed: false });
    expect(await figures(stub, acct, 'X')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await figures(stub, acct, 'Y')).toEqual({ onHand: 8, reserved: 0, available: 8 });
    await expectProjectionMatches(stub, acct, 'GIFT');
  });

  it('draws from the order’s own locations, highest priority first', async () => {
    const { acct, stub } = await fresh({});
    ok(await stub.upsertSku(acct, { code: 'A', name: 'A' }, 'create'));
    ok(await stub.upsertLocation(acct, { code: 'east', name: '東倉庫', priority: 5 }));
    ok(await stub.adjust(acct, [{ sku: 'A', location: 'default', mode: 'set', quantity: 2, reason: '初期' }, { sku: 'A', location: 'east', mode: 'set', quantity: 5, reason: '初期' }]));
    ok(await stub.reserve(acct, { reference: 'L', lines: [{ sku: 'A', quantity: 4 }] }));
    ok(await stub.commitPartial(acct, 'L', { shipment: 'S1', items: [{ sku: 'A', quantity: 3 }] }));
    const s = (await stub.getStock(acct, 'A'))!;
    expect(s.locations).toEqual([
      { location: 'default', onHand: 0, reserved: 0 },
      { location: 'east', onHand: 4, reserved: 1 },
    ]);
    expect(s).toMatchObject({ onHand: 4, reserved: 1 });
    await settle(stub);
  });

  it('the final parcel ships whatever is still held; a cancel after a parcel releases only the rest', async () => {
    const { acct, stub } = await fresh({ A: 10 });
    ok(await stub.reserve(acct, { reference: 'F', lines: [{ sku: 'A', quantity: 3 }] }));
    ok(await stub.commitPartial(acct, 'F', { shipment: 'S1', items: [{ sku: 'A', quantity: 1 }] }));
    expect(ok(await stub.commitPartial(acct, 'F', { shipment: 'S2', items: [], final: true }))).toEqual({ status: 'committed', replayed: false });
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 7, reserved: 0, available: 7 });

    ok(await stub.reserve(acct, { reference: 'C', lines: [{ sku: 'A', quantity: 4 }] }));
    ok(await stub.commitPartial(acct, 'C', { shipment: 'S1', items: [{ sku: 'A', quantity: 1 }] }));
    expect(ok(await stub.release(acct, 'C'))).toEqual({ status: 'released' });
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 6, reserved: 0, available: 6 });
    expect(failure(await stub.commitPartial(acct, 'C', { shipment: 'S2', items: [{ sku: 'A', quantity: 1 }] }))).toMatchObject({ status: 409, code: 'reservation_released' });
    // a plain commit after a parcel ships the rest only
    ok(await stub.reserve(acct, { reference: 'P', lines: [{ sku: 'A', quantity: 3 }] }));
    ok(await stub.commitPartial(acct, 'P', { shipment: 'S1', items: [{ sku: 'A', quantity: 2 }] }));
    ok(await stub.commit(acct, 'P'));
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 3, reserved: 0, available: 3 });
    await expectProjectionMatches(stub, acct, 'A');
  });

  it('never ships units a stocktake did not find; nothing changes', async () => {
    const { acct, stub } = await fresh({ A: 5 });
    ok(await stub.reserve(acct, { reference: 'T', lines: [{ sku: 'A', quantity: 4 }] }));
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 1, reason: '棚卸' }], { kind: 'stocktake' }));
    expect(failure(await stub.commitPartial(acct, 'T', { shipment: 'S1', items: [{ sku: 'A', quantity: 2 }] }))).toMatchObject({ status: 409, code: 'insufficient_on_hand' });
    expect(await figures(stub, acct, 'A')).toMatchObject({ onHand: 1, reserved: 4 });
    expect(await held(stub, acct, 'A')).toEqual([{ reference: 'T', quantity: 4 }]);
    await settle(stub);
  });

  it('an unknown reference is 404; a negative quantity is refused', async () => {
    const { acct, stub } = await fresh({ A: 5 });
    expect(failure(await stub.commitPartial(acct, 'NOPE', { shipment: 'S', items: [{ sku: 'A', quantity: 1 }] }))).toMatchObject({ status: 404, code: 'not_found' });
    ok(await stub.reserve(acct, { reference: 'N', lines: [{ sku: 'A', quantity: 1 }] }));
    expect(failure(await stub.commitPartial(acct, 'N', { shipment: 'S', items: [{ sku: 'A', quantity: -1 }] }))).toMatchObject({ status: 400, code: 'invalid_quantity' });
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 5, reserved: 1, available: 4 });
    await settle(stub);
  });
});

describe('commitMany: several reservations in one parcel (同梱), all or none', () => {
  it('ships every reference together: onHand and reserved fall by all of them', async () => {
    const { acct, stub } = await fresh({ A: 10, B: 5 });
    ok(await stub.reserve(acct, { reference: 'P', lines: [{ sku: 'A', quantity: 2 }] }));
    ok(await stub.reserve(acct, { reference: 'C1', lines: [{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 1 }] }));
    ok(await stub.reserve(acct, { reference: 'C2', lines: [{ sku: 'B', quantity: 2 }] }));
    expect(ok(await stub.commitMany(acct, ['P', 'C1', 'C2'], 'user:u1'))).toEqual({ status: 'committed', references: 3 });
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await figures(stub, acct, 'B')).toEqual({ onHand: 2, reserved: 0, available: 2 });
    const refs = (await ledgerRows(stub, acct, 'A')).filter((r) => r.kind === 'ship').map((r) => [r.reference, r.deltaOnHand]);
    expect(refs).toEqual([['P', -2], ['C1', -3]]);
    // a retry changes nothing
    const rows = (await ledgerRows(stub, acct, 'B')).length;
    expect(ok(await stub.commitMany(acct, ['P', 'C1', 'C2']))).toEqual({ status: 'committed', references: 3 });
    expect(await figures(stub, acct, 'B')).toEqual({ onHand: 2, reserved: 0, available: 2 });
    expect((await ledgerRows(stub, acct, 'B')).length).toBe(rows);
    await expectProjectionMatches(stub, acct, 'A');
  });

  it('ships none when one reference cannot ship (released, unknown, or not enough on hand together)', async () => {
    const { acct, stub } = await fresh({ A: 6 });
    ok(await stub.reserve(acct, { reference: 'P', lines: [{ sku: 'A', quantity: 2 }] }));
    ok(await stub.reserve(acct, { reference: 'C', lines: [{ sku: 'A', quantity: 3 }] }));
    ok(await stub.reserve(acct, { reference: 'GONE', lines: [{ sku: 'A', quantity: 1 }] }));
    ok(await stub.release(acct, 'GONE'));
    expect(failure(await stub.commitMany(acct, ['P', 'C', 'GONE']))).toMatchObject({ status: 409, code: 'reservation_released' });
    expect(failure(await stub.commitMany(acct, ['P', 'NOPE']))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await figures(stub, acct, 'A')).toEqual({ onHand: 6, reserved: 5, available: 1 });
    // a stocktake found 4: each reservation alone would fit, both together do not
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 4, reason: '棚卸' }], { kind: 'stocktake' }));
    expect(failure(await stub.commitMany(acct, ['P', 'C']))).toMatchObject({ status: 409, code: 'insufficient_on_hand', details: [{ sku: 'A', needed: 5 }] });
    expect(await figures(stub, acct, 'A')).toMatchObject({ onHand: 4, reserved: 5 });
    expect((await stub.reservationsFor(acct, 'A')).map((r) => r.reference).sort()).toEqual(['C', 'P']);
    await settle(stub);
  });
});
