import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { includedTax, isTaxRate, needsRevenueStamp, taxBreakdown, totalTax, type TaxableOrder, type TaxRate } from '../../worker/orders/tax';

/** An order as the breakdown reads it: lines at their rates, shipping, fees and a discount. */
const order = (lines: [number, number, TaxRate][], totals: Partial<TaxableOrder['totals']> = {}): TaxableOrder => ({
  lines: lines.map(([quantity, unitPrice, taxRate]) => ({ quantity, unitPrice, taxRate })),
  totals: { shipping: 0, fees: 0, discount: 0, ...totals },
});

describe('the tax in a tax-included amount (内税)', () => {
  it('is floor(total × rate / (100 + rate)): ¥1,100 at 10% holds ¥100, ¥1,080 at 8% holds ¥80', () => {
    expect(includedTax(1100, 10)).toBe(100);
    expect(includedTax(1080, 8)).toBe(80);
    expect(includedTax(11000, 10)).toBe(1000);
  });

  it('rounds down (切り捨て), never up', () => {
    expect(includedTax(1000, 10)).toBe(90); // 90.9…
    expect(includedTax(1000, 8)).toBe(74); // 74.07…
    expect(includedTax(109, 10)).toBe(9); // 9.909…
    expect(includedTax(1, 10)).toBe(0);
    expect(includedTax(107, 8)).toBe(7); // 7.925…
  });

  it('is nothing on nothing: 0 or a negative amount holds no tax', () => {
    expect(includedTax(0, 10)).toBe(0);
    expect(includedTax(-500, 8)).toBe(0);
  });

  it('matches the exact fraction for any amount up to ¥100,000,000 (no float rounding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom<TaxRate>(10, 8), (total, rate) => {
        const tax = includedTax(total, rate);
        // tax ≤ total·rate/(100+rate) < tax + 1, in integers
        expect(tax * (100 + rate)).toBeLessThanOrEqual(total * rate);
        expect((tax + 1) * (100 + rate)).toBeGreaterThan(total * rate);
      }),
    );
  });

  it('knows the two rates and nothing else', () => {
    expect(isTaxRate(10)).toBe(true);
    expect(isTaxRate(8)).toBe(true);
    for (const x of [7, 0, 5, '10', null, undefined, 10.0001]) expect(isTaxRate(x)).toBe(false);
  });
});

describe('the breakdown by rate (税率別内訳)', () => {
  it('adds each line at its own rate, 10% first, with one rounding per rate', () => {
    // three 8% units of ¥333 would hold ¥24 each rounded unit by unit (¥72); once over ¥999 it is ¥74
    const lines = taxBreakdown(order([[1, 2200, 10], [3, 333, 8]]));
    expect(lines).toEqual([
      { rate: 10, amount: 2200, tax: 200 },
      { rate: 8, amount: 999, tax: 74 },
    ]);
    expect(totalTax(lines)).toBe(274);
  });

  it('taxes shipping and fees (送料・手数料) at 10%, even on an order of food only', () => {
    expect(taxBreakdown(order([[2, 540, 8]], { shipping: 880, fees: 330 }))).toEqual([
      { rate: 10, amount: 1210, tax: 110 },
      { rate: 8, amount: 1080, tax: 80 },
    ]);
  });

  it('shows only the rates the order has: 10% alone for goods, 8% alone for food with free shipping', () => {
    expect(taxBreakdown(order([[1, 1100, 10]]))).toEqual([{ rate: 10, amount: 1100, tax: 100 }]);
    expect(taxBreakdown(order([[1, 1080, 8]]))).toEqual([{ rate: 8, amount: 1080, tax: 80 }]);
    expect(taxBreakdown(order([[1, 0, 10]]))).toEqual([{ rate: 10, amount: 0, tax: 0 }]);
    expect(taxBreakdown(order([]))).toEqual([{ rate: 10, amount: 0, tax: 0 }]);
  });

  it('shares a discount between the rates in proportion (按分), the parts adding up to the discount', () => {
    // ¥3,000 at 10% and ¥1,000 at 8%: a ¥400 discount is ¥100 off the 8% and ¥300 off the 10%
    expect(taxBreakdown(order([[1, 3000, 10], [1, 1000, 8]], { discount: 400 }))).toEqual([
      { rate: 10, amount: 2700, tax: 245 },
      { rate: 8, amount: 900, tax: 66 },
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 50_000 }), fc.constantFrom<TaxRate>(10, 8)), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (ls, shipping, fees, discount) => {
          const o = order(ls, { shipping, fees, discount });
          const gross = ls.reduce((n, [q, p]) => n + q * p, 0) + shipping + fees;
          const parts = taxBreakdown(o);
          const net = parts.reduce((n, p) => n + p.amount, 0);
          expect(net).toBe(Math.max(gross - discount, 0));
          for (const p of parts) {
            expect(p.amount).toBeGreaterThanOrEqual(0);
            expect(p.tax).toBe(includedTax(p.amount, p.rate));
          }
        },
      ),
    );
  });

  it('does not lower the amounts for points used (ポイント利用 is a way of paying, not a price cut)', () => {
    const o = { ...order([[1, 5500, 10]]), totals: { shipping: 0, fees: 0, discount: 0, points: 500 } };
    expect(taxBreakdown(o)).toEqual([{ rate: 10, amount: 5500, tax: 500 }]);
  });
});

describe('the 収入印紙 on a paper receipt', () => {
  it('is needed from ¥50,000', () => {
    expect(needsRevenueStamp(49_999)).toBe(false);
    expect(needsRevenueStamp(50_000)).toBe(true);
  });

  it('leaves out the consumption tax the receipt states', () => {
    // ¥54,000 with ¥4,909 of tax stated is a receipt for ¥49,091
    expect(needsRevenueStamp(54_000, 4_909)).toBe(false);
    expect(needsRevenueStamp(55_000, 5_000)).toBe(true);
  });
});
