import { describe, expect, it } from 'vitest';
import {
  checkReturn,
  exchangeExternalId,
  exchangeNote,
  REFUND_STATUSES,
  refundProblems,
  restockPlan,
  restockReason,
  RETURN_REASONS,
  returnableLines,
  unitsOf,
  type SetFacts,
} from '../../worker/returns/rules';

const order = [
  { sku: 'TEE-M', name: 'Tシャツ M', quantity: 3 },
  { sku: 'MUG', name: 'マグカップ', quantity: 1 },
  { sku: 'TEE-M', name: 'Tシャツ M', quantity: 2 },
];

describe('what may be returned', () => {
  it('counts each SKU once over the order’s lines, less what earlier returns took back', () => {
    expect(returnableLines(order, [{ sku: 'TEE-M', quantity: 1 }, { sku: 'TEE-M', quantity: 2 }])).toEqual([
      { sku: 'TEE-M', name: 'Tシャツ M', shipped: 5, returned: 3, remaining: 2 },
      { sku: 'MUG', name: 'マグカップ', shipped: 1, returned: 0, remaining: 1 },
    ]);
  });

  it('takes returns only on shipped orders', () => {
    const returnable = returnableLines(order, []);
    for (const status of ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'on_hold', 'cancelled']) {
      expect(checkReturn(status, returnable, [{ sku: 'MUG', quantity: 1, sellable: 1 }])).toMatchObject({ ok: false, status: 409, code: 'order_not_shipped' });
    }
    expect(checkReturn('shipped', returnable, [{ sku: 'MUG', quantity: 1, sellable: 1 }])).toEqual({ ok: true, lines: [{ sku: 'MUG', quantity: 1, sellable: 1 }] });
  });

  it('allows up to the shipped quantity less what was returned, and refuses one unit more as over_return', () => {
    const returnable = returnableLines(order, [{ sku: 'TEE-M', quantity: 3 }]);
    expect(checkReturn('shipped', returnable, [{ sku: 'TEE-M', quantity: 2, sellable: 0 }]).ok).toBe(true);
    const over = checkReturn('shipped', returnable, [{ sku: 'TEE-M', quantity: 3, sellable: 0 }]);
    expect(over).toMatchObject({ ok: false, status: 409, code: 'over_return' });
    if (!over.ok) expect(over.details).toEqual([expect.objectContaining({ field: 'lines.0.quantity', code: 'over_return', sku: 'TEE-M', limit: 2 })]);
  });

  it('refuses lines that are wrong in themselves: a SKU not on the order, a SKU twice, more sellable than returned, nothing at all', () => {
    const returnable = returnableLines(order, []);
    const r = checkReturn('shipped', returnable, [
      { sku: 'NOPE', quantity: 1, sellable: 0 },
      { sku: 'MUG', quantity: 1, sellable: 2 },
      { sku: 'TEE-M', quantity: 1, sellable: 0 },
      { sku: 'TEE-M', quantity: 1, sellable: 0 },
    ]);
    expect(r).toMatchObject({ ok: false, status: 400, code: 'invalid_return' });
    if (!r.ok) expect(r.details!.map((d) => `${d.field} ${d.code}`)).toEqual(['lines.0.sku not_on_order', 'lines.1.sellable sellable_exceeds_quantity', 'lines.3.sku duplicate_sku']);
    expect(checkReturn('shipped', returnable, [])).toMatchObject({ ok: false, status: 400, code: 'invalid_return' });
  });
});

describe('the refund', () => {
  it('knows its statuses and the return reasons', () => {
    expect(REFUND_STATUSES).toEqual(['none', 'pending', 'refunded', 'not_required']);
    expect(RETURN_REASONS).toEqual(['customer', 'defective', 'wrong_item', 'damaged', 'exchange', 'other']);
  });

  it('has no amount when not required, an amount when refunded, and stays within the order’s total with its other refunds', () => {
    expect(refundProblems({ status: 'none', amount: 0 }, 3000, 0)).toEqual([]);
    expect(refundProblems({ status: 'pending', amount: 1000 }, 3000, 2000)).toEqual([]);
    expect(refundProblems({ status: 'not_required', amount: 500 }, 3000, 0).map((p) => p.code)).toEqual(['refund_not_required']);
    expect(refundProblems({ status: 'refunded', amount: 0 }, 3000, 0).map((p) => p.code)).toEqual(['refund_amount_missing']);
    expect(refundProblems({ status: 'refunded', amount: 1001 }, 3000, 2000).map((p) => p.code)).toEqual(['refund_exceeds_total']);
    expect(refundProblems({ status: 'pending', amount: -1 }, 3000, 0).map((p) => p.code)).toEqual(['invalid_amount']);
  });
});

describe('restocking the sellable units', () => {
  const facts = new Map<string, SetFacts>([
    ['TEE-M', { known: true, components: [] }],
    ['GIFT-SET', { known: true, components: [{ sku: 'MUG', quantity: 2 }, { sku: 'TEE-M', quantity: 1 }] }],
  ]);

  it('puts back only the sellable units; a set’s unit puts back its components', () => {
    expect(
      restockPlan(
        [
          { sku: 'TEE-M', quantity: 2, sellable: 1 },
          { sku: 'GIFT-SET', quantity: 2, sellable: 2 },
        ],
        facts,
      ),
    ).toEqual({ ok: true, items: [{ sku: 'TEE-M', quantity: 3 }, { sku: 'MUG', quantity: 4 }] });
  });

  it('moves nothing for units that are not sellable, even of an unknown SKU', () => {
    expect(restockPlan([{ sku: 'GONE', quantity: 2, sellable: 0 }], facts)).toEqual({ ok: true, items: [] });
  });

  it('refuses to restock a SKU the stock ledger does not know', () => {
    const r = restockPlan([{ sku: 'GONE', quantity: 2, sellable: 1 }], facts);
    expect(r).toMatchObject({ ok: false, details: [{ field: 'lines.0.sellable', code: 'unknown_sku' }] });
  });
});

describe('names and figures', () => {
  it('gives the ledger reason, the exchange order’s store number and note', () => {
    expect(restockReason('K000123')).toBe('返品 K000123');
    expect(exchangeExternalId('R000007')).toBe('R000007-EX');
    expect(exchangeNote('K000123', 'R000007')).toBe('交換: 元受注 K000123(返品 R000007)');
    expect(exchangeNote('K000123', 'R000007', ' サイズ違い ')).toBe('交換: 元受注 K000123(返品 R000007)\nサイズ違い');
  });

  it('counts units and sellable units', () => {
    expect(unitsOf([{ quantity: 2, sellable: 1 }, { quantity: 3, sellable: 0 }])).toEqual({ units: 5, sellableUnits: 1 });
  });
});
