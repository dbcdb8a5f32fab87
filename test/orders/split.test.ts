import { describe, expect, it } from 'vitest';
import { isPartiallyShipped, planPartialShipment, remainingLines, restOf, shippedPerLine } from '../../worker/orders/split';

const lines = [
  { lineNo: 1, sku: 'A', quantity: 3 },
  { lineNo: 2, sku: 'B', quantity: 1 },
  { lineNo: 3, sku: 'A', quantity: 2 },
];

describe('分割出荷: what a parcel may hold', () => {
  it('ships part now: the parcel holds only lines with units, SKUs added up for the stock ledger, not complete', () => {
    const plan = planPartialShipment(lines, [], [
      { lineNo: 1, quantity: 2 },
      { lineNo: 2, quantity: 0 },
      { lineNo: 3, quantity: 1 },
    ]);
    expect(plan).toEqual({
      ok: true,
      parcel: [
        { lineNo: 1, sku: 'A', quantity: 2 },
        { lineNo: 3, sku: 'A', quantity: 1 },
      ],
      items: [{ sku: 'A', quantity: 3 }],
      complete: false,
    });
  });

  it('the parcel that ships the last units completes the order', () => {
    const first = { lines: [{ lineNo: 1, sku: 'A', quantity: 2 }, { lineNo: 3, sku: 'A', quantity: 1 }] };
    const plan = planPartialShipment(lines, [first], [
      { lineNo: 1, quantity: 1 },
      { lineNo: 2, quantity: 1 },
      { lineNo: 3, quantity: 1 },
    ]);
    expect(plan).toMatchObject({ ok: true, complete: true, items: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }] });
    // everything at once is one complete parcel too
    expect(planPartialShipment(lines, [], lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity })))).toMatchObject({ ok: true, complete: true });
  });

  it('refuses more than a line has left, counting earlier parcels', () => {
    const earlier = [{ lines: [{ lineNo: 1, sku: 'A', quantity: 3 }] }];
    expect(planPartialShipment(lines, earlier, [{ lineNo: 1, quantity: 1 }])).toEqual({
      ok: false,
      problems: [{ field: 'lines.0.quantity', code: 'exceeds_remaining', message: expect.stringContaining('0 unit') }],
    });
    expect(planPartialShipment(lines, [], [{ lineNo: 2, quantity: 2 }])).toMatchObject({ ok: false, problems: [{ code: 'exceeds_remaining' }] });
  });

  it('refuses an unknown line, a line named twice, and a parcel with nothing in it', () => {
    expect(planPartialShipment(lines, [], [{ lineNo: 9, quantity: 1 }])).toMatchObject({ ok: false, problems: [{ field: 'lines.0.lineNo', code: 'unknown_line' }] });
    expect(planPartialShipment(lines, [], [{ lineNo: 1, quantity: 1 }, { lineNo: 1, quantity: 1 }])).toMatchObject({ ok: false, problems: [{ field: 'lines.1.lineNo', code: 'duplicate_line' }] });
    expect(planPartialShipment(lines, [], [{ lineNo: 1, quantity: 0 }])).toMatchObject({ ok: false, problems: [{ field: 'lines', code: 'nothing_to_ship' }] });
  });
});

describe('分割出荷: what is left', () => {
  const parcels = [{ lines: [{ lineNo: 1, sku: 'A', quantity: 2 }] }, { lines: [{ lineNo: 1, sku: 'A', quantity: 1 }, { lineNo: 2, sku: 'B', quantity: 1 }] }];

  it('adds up the parcels per line, and what each line still has to ship', () => {
    expect([...shippedPerLine(parcels)]).toEqual([[1, 3], [2, 1]]);
    expect(remainingLines(lines, parcels)).toEqual([
      { lineNo: 1, sku: 'A', quantity: 0 },
      { lineNo: 2, sku: 'B', quantity: 0 },
      { lineNo: 3, sku: 'A', quantity: 2 },
    ]);
    expect(restOf(lines, parcels)).toEqual([{ lineNo: 3, sku: 'A', quantity: 2 }]);
  });

  it('is partially shipped between the first parcel and the last', () => {
    expect(isPartiallyShipped(lines, [])).toBe(false);
    expect(isPartiallyShipped(lines, parcels)).toBe(true);
    expect(isPartiallyShipped(lines, [...parcels, { lines: [{ lineNo: 3, sku: 'A', quantity: 2 }] }])).toBe(false);
  });
});
