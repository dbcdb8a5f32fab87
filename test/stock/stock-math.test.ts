import { describe, expect, it } from 'vitest';
import { publishedQuantity } from '../../worker/stock/allocation';
import { availableOf, setAvailableOf } from '../../worker/stock/availability';

describe('available stock (有効在庫)', () => {
  it('is onHand minus reserved minus safety stock', () => {
    expect(availableOf(10, 3, 2)).toBe(5);
    expect(availableOf(10, 0, 0)).toBe(10);
    expect(availableOf(10, 10, 0)).toBe(0);
  });

  it('never goes below 0, even when safety stock or reservations exceed what is held', () => {
    expect(availableOf(3, 2, 5)).toBe(0);
    expect(availableOf(2, 5, 0)).toBe(0);
    expect(availableOf(0, 0, 1)).toBe(0);
  });
});

describe('a set’s available quantity (セット商品)', () => {
  it('is the number of complete sets its components allow', () => {
    // 2 × X (9 available → 4 sets) and 1 × Y (7 available → 7 sets): 4 complete sets
    expect(setAvailableOf([{ quantity: 2, available: 9 }, { quantity: 1, available: 7 }], 0)).toBe(4);
    expect(setAvailableOf([{ quantity: 3, available: 2 }], 0)).toBe(0);
  });

  it('counts each component after its own safety stock (the caller passes available, not onHand)', () => {
    // X: onHand 10, safety 2 → 8 available → 4 sets of 2
    expect(setAvailableOf([{ quantity: 2, available: availableOf(10, 0, 2) }, { quantity: 1, available: availableOf(50, 0, 0) }], 0)).toBe(4);
    // the same X without safety stock would allow 5
    expect(setAvailableOf([{ quantity: 2, available: availableOf(10, 0, 0) }, { quantity: 1, available: 50 }], 0)).toBe(5);
  });

  it('then holds back the set’s own safety stock, never going below 0', () => {
    const parts = [{ quantity: 2, available: 9 }, { quantity: 1, available: 7 }];
    expect(setAvailableOf(parts, 1)).toBe(3);
    expect(setAvailableOf(parts, 4)).toBe(0);
    expect(setAvailableOf(parts, 10)).toBe(0);
  });

  it('a set without components has nothing available', () => {
    expect(setAvailableOf([], 0)).toBe(0);
  });
});

describe('the quantity published to a channel (在庫配分)', () => {
  it('publishes all available stock by default', () => {
    expect(publishedQuantity(10, {})).toBe(10);
    expect(publishedQuantity(10, { allocation: { kind: 'all' } })).toBe(10);
    expect(publishedQuantity(0, {})).toBe(0);
  });

  it('holds back the channel’s own safety stock', () => {
    expect(publishedQuantity(10, { safetyStock: 3 })).toBe(7);
    expect(publishedQuantity(2, { safetyStock: 3 })).toBe(0);
  });

  it('is capped at the channel’s maxQuantity; null means no cap', () => {
    expect(publishedQuantity(10, { maxQuantity: 5 })).toBe(5);
    expect(publishedQuantity(3, { maxQuantity: 5 })).toBe(3);
    expect(publishedQuantity(10, { maxQuantity: 0 })).toBe(0);
    expect(publishedQuantity(10, { maxQuantity: null })).toBe(10);
  });

  it('a percentage share is rounded down, so channels summing to 100% never publish more than exists', () => {
    expect(publishedQuantity(7, { allocation: { kind: 'percent', percent: 50 } })).toBe(3);
    for (const available of [0, 1, 7, 9, 99, 101]) {
      const shares = [30, 70].map((percent) => publishedQuantity(available, { allocation: { kind: 'percent', percent } }));
      expect(shares[0] + shares[1]).toBeLessThanOrEqual(available);
    }
    // out-of-range percentages are clamped to 0..100
    expect(publishedQuantity(10, { allocation: { kind: 'percent', percent: 150 } })).toBe(10);
    expect(publishedQuantity(10, { allocation: { kind: 'percent', percent: -20 } })).toBe(0);
  });

  it('a fixed share never publishes more than is available', () => {
    expect(publishedQuantity(10, { allocation: { kind: 'fixed', quantity: 4 } })).toBe(4);
    expect(publishedQuantity(3, { allocation: { kind: 'fixed', quantity: 4 } })).toBe(3);
    expect(publishedQuantity(10, { allocation: { kind: 'fixed', quantity: -4 } })).toBe(0);
  });

  it('takes the channel’s safety stock off its share, then applies the cap', () => {
    // 50% of 10 = 5, minus safety 2 = 3, capped at 2
    expect(publishedQuantity(10, { allocation: { kind: 'percent', percent: 50 }, safetyStock: 2 })).toBe(3);
    expect(publishedQuantity(10, { allocation: { kind: 'percent', percent: 50 }, safetyStock: 2, maxQuantity: 2 })).toBe(2);
    expect(publishedQuantity(10, { allocation: { kind: 'fixed', quantity: 4 }, safetyStock: 1 })).toBe(3);
  });

  it('is never negative, whatever the settings', () => {
    const settings = [
      { safetyStock: 100 },
      { safetyStock: -5, maxQuantity: -1 },
      { allocation: { kind: 'fixed' as const, quantity: 0 }, safetyStock: 3 },
      { allocation: { kind: 'percent' as const, percent: 1 }, safetyStock: 1, maxQuantity: 10 },
    ];
    for (const available of [0, 1, 5, 1000]) for (const s of settings) expect(publishedQuantity(available, s)).toBeGreaterThanOrEqual(0);
    // a negative channel safety stock never adds stock
    expect(publishedQuantity(5, { safetyStock: -5 })).toBe(5);
  });
});
