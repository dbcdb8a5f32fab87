import { describe, expect, it } from 'vitest';
import { failure, ledgerFor, ledgerRows, newAccountId, ok, seedSkus, settle } from '../helpers/stock';

/**
 * The reason the StockLedger exists: however many orders arrive at once, the
 * account never sells a unit it does not hold. Each test fires its calls in
 * parallel (Promise.all of RPCs to the one object per account).
 */
describe('concurrent reservations never oversell', () => {
  it('200 simultaneous single-unit orders on a SKU with 50 in stock: exactly 50 are reserved, 150 refused', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { HOT: 50 });

    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => stub.reserve(acct, { reference: `order-${i}`, lines: [{ sku: 'HOT', quantity: 1 }] })),
    );
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(50);
    expect(lost).toHaveLength(150);
    for (const r of lost) {
      const f = failure(r);
      expect(f.status).toBe(409);
      expect(f.code).toBe('insufficient_stock');
      expect(f.details).toEqual([{ sku: 'HOT', requested: 1, available: 0, reason: 'insufficient_stock' }]);
    }

    const stock = (await stub.getStock(acct, 'HOT'))!;
    expect(stock).toMatchObject({ onHand: 50, reserved: 50, available: 0 });

    // the ledger shows no moment at which more was reserved than held
    const rows = await ledgerRows(stub, acct, 'HOT');
    const reserves = rows.filter((r) => r.kind === 'reserve');
    expect(reserves).toHaveLength(50);
    expect(new Set(reserves.map((r) => r.reference)).size).toBe(50);
    for (const r of rows) {
      expect(r.availableAfter).toBeGreaterThanOrEqual(0);
      expect(r.reservedAfter).toBeLessThanOrEqual(r.onHandAfter);
    }
    // reservedAfter climbs 1, 2, …, 50: every reservation saw the one before it
    expect(reserves.map((r) => r.reservedAfter)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(reserves.map((r) => r.availableAfter)).toEqual(Array.from({ length: 50 }, (_, i) => 49 - i));
    await settle(stub);
  });

  it('orders whose two set lines share a component never over-reserve it (Medusa #16502)', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    // X is in both sets; 31 units allow 15 orders of SET-A + SET-B, and one unit is left over
    await seedSkus(stub, acct, { X: 31, Y: 100, Z: 100 });
    ok(await stub.upsertSku(acct, { code: 'SET-A', name: 'セットA', components: [{ sku: 'X', quantity: 1 }, { sku: 'Y', quantity: 1 }] }, 'create'));
    ok(await stub.upsertSku(acct, { code: 'SET-B', name: 'セットB', components: [{ sku: 'X', quantity: 1 }, { sku: 'Z', quantity: 1 }] }, 'create'));

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        stub.reserve(acct, {
          reference: `bundle-${i}`,
          lines: [
            { sku: 'SET-A', quantity: 1 },
            { sku: 'SET-B', quantity: 1 },
          ],
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(15);
    for (const r of results.filter((x) => !x.ok)) expect(failure(r).details).toEqual([{ sku: 'X', requested: 2, available: 1, reason: 'insufficient_stock' }]);

    expect(await stub.getStock(acct, 'X')).toMatchObject({ onHand: 31, reserved: 30, available: 1 });
    expect(await stub.getStock(acct, 'Y')).toMatchObject({ reserved: 15, available: 85 });
    expect(await stub.getStock(acct, 'Z')).toMatchObject({ reserved: 15, available: 85 });
    for (const r of await ledgerRows(stub, acct, 'X')) expect(r.reservedAfter).toBeLessThanOrEqual(r.onHandAfter);

    // the last unit of X still sells, once
    const last = await Promise.all([0, 1, 2].map((i) => stub.reserve(acct, { reference: `single-${i}`, lines: [{ sku: 'SET-A', quantity: 1 }] })));
    expect(last.filter((r) => r.ok)).toHaveLength(1);
    expect(await stub.getStock(acct, 'X')).toMatchObject({ reserved: 31, available: 0 });
    expect(await stub.getStock(acct, 'SET-A')).toMatchObject({ available: 0 });
    await settle(stub);
  });

  it('concurrent retries of one reference reserve once', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { A: 10 });
    const results = await Promise.all(Array.from({ length: 20 }, () => stub.reserve(acct, { reference: 'same-order', lines: [{ sku: 'A', quantity: 3 }] })));
    const values = results.map(ok);
    expect(values.filter((v) => !v.replayed)).toHaveLength(1);
    expect(values.filter((v) => v.replayed)).toHaveLength(19);
    expect(await stub.getStock(acct, 'A')).toMatchObject({ reserved: 3, available: 7 });
    expect((await ledgerRows(stub, acct, 'A')).filter((r) => r.kind === 'reserve')).toHaveLength(1);
    await settle(stub);
  });

  it('adjustments, releases and reservations interleaved keep the books exact', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { MIX: 20 });
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      calls.push(stub.reserve(acct, { reference: `r${i}`, lines: [{ sku: 'MIX', quantity: 1 }] }));
      if (i % 10 === 0) calls.push(stub.adjust(acct, [{ sku: 'MIX', mode: 'delta', quantity: 2, reason: '入荷' }], { kind: 'receive' }));
      if (i % 3 === 0) calls.push(stub.release(acct, `r${i - 3}`));
    }
    await Promise.all(calls);
    const s = (await stub.getStock(acct, 'MIX'))!;
    const rows = await ledgerRows(stub, acct, 'MIX');
    expect(s.onHand).toBe(20 + 6 * 2);
    expect(rows.reduce((n, r) => n + r.deltaOnHand, 0)).toBe(s.onHand);
    expect(rows.reduce((n, r) => n + r.deltaReserved, 0)).toBe(s.reserved);
    expect(s.reserved).toBeLessThanOrEqual(s.onHand);
    for (const r of rows) expect(r.reservedAfter).toBeLessThanOrEqual(r.onHandAfter);
    await settle(stub);
  });
});
