import { describe, expect, it } from 'vitest';
import { failure, ledgerFor, newAccountId, ok } from '../helpers/stock';

describe('the StockLedger never lets stock go below zero', () => {
  it('judges each adjustment row after the rows before it in the same request', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    ok(await stub.upsertSku(acct, { code: 'A', name: 'A' }, 'create'));
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 5, reason: 'start' }]));
    // Each row alone is fine (5 − 3 ≥ 0), together they would take A to −1.
    const bad = failure(
      await stub.adjust(acct, [
        { sku: 'A', mode: 'delta', quantity: -3, reason: 'x' },
        { sku: 'A', mode: 'delta', quantity: -3, reason: 'y' },
      ]),
    );
    expect(bad.code).toBe('invalid_adjustment');
    expect(await stub.checkAdjust(acct, [{ sku: 'A', mode: 'delta', quantity: -3, reason: 'x' }, { sku: 'A', mode: 'delta', quantity: -3, reason: 'y' }])).toEqual([
      { index: 1, code: 'negative_stock', message: expect.any(String) },
    ]);
    expect((await stub.getStock(acct, 'A'))!.onHand).toBe(5);
  });

  it('will not ship units a stocktake found missing', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    ok(await stub.upsertSku(acct, { code: 'A', name: 'A' }, 'create'));
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 3, reason: 'start' }]));
    ok(await stub.reserve(acct, { reference: 'R1', lines: [{ sku: 'A', quantity: 3 }] }));
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 1, reason: 'counted' }], { kind: 'stocktake' }));
    const refused = failure(await stub.commit(acct, 'R1'));
    expect(refused.code).toBe('insufficient_on_hand');
    const a = (await stub.getStock(acct, 'A'))!;
    expect(a.onHand).toBe(1);
    expect(a.available).toBe(0);
  });
});

describe('sets and unmanaged components', () => {
  it('a made-to-order component does not limit how many sets can be sold', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    ok(await stub.upsertSku(acct, { code: 'MUG', name: 'mug' }, 'create'));
    ok(await stub.upsertSku(acct, { code: 'ENGRAVING', name: 'engraving', managed: false }, 'create'));
    ok(await stub.upsertSku(acct, { code: 'GIFT', name: 'gift', components: [{ sku: 'MUG', quantity: 1 }, { sku: 'ENGRAVING', quantity: 1 }] }, 'create'));
    ok(await stub.adjust(acct, [{ sku: 'MUG', mode: 'set', quantity: 4, reason: 'start' }]));
    expect((await stub.getStock(acct, 'GIFT'))!.available).toBe(4);
    ok(await stub.reserve(acct, { reference: 'O1', lines: [{ sku: 'GIFT', quantity: 4 }] }));
    expect((await stub.getStock(acct, 'GIFT'))!.available).toBe(0);
    expect(failure(await stub.reserve(acct, { reference: 'O2', lines: [{ sku: 'GIFT', quantity: 1 }] })).code).toBe('insufficient_stock');
  });

  it('a set whose components are all made to order shows zero, never a broken number', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    ok(await stub.upsertSku(acct, { code: 'X', name: 'x', managed: false }, 'create'));
    ok(await stub.upsertSku(acct, { code: 'SX', name: 'sx', components: [{ sku: 'X', quantity: 1 }] }, 'create'));
    const s = (await stub.getStock(acct, 'SX'))!;
    expect([s.onHand, s.reserved, s.available]).toEqual([0, 0, 0]);
  });
});
