import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planReservation, type LocationLevel, type SkuRule } from '../../worker/stock/reservation-plan';

const plain = (sku: string, safetyStock = 0, managed = true): SkuRule => ({ sku, safetyStock, managed, components: [] });
const set = (sku: string, components: { sku: string; quantity: number }[], safetyStock = 0): SkuRule => ({ sku, safetyStock, managed: true, components });
const rulesOf = (...rules: SkuRule[]) => new Map(rules.map((r) => [r.sku, r]));
const at = (sku: string, onHand: number, reserved = 0, location = 'default', priority = 0): LocationLevel => ({ sku, location, priority, onHand, reserved });

describe('planning a reservation (引当)', () => {
  it('is all or nothing: one short line fails the whole order, naming only the short SKU', () => {
    const plan = planReservation([{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 3 }], rulesOf(plain('A'), plain('B')), [at('A', 5), at('B', 1)]);
    expect(plan).toEqual({ ok: false, shortages: [{ sku: 'B', requested: 3, available: 1, reason: 'insufficient_stock' }] });
  });

  it('takes exactly what the lines ask for when there is enough', () => {
    const plan = planReservation([{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }], rulesOf(plain('A'), plain('B')), [at('A', 5), at('B', 1)]);
    expect(plan).toEqual({ ok: true, draws: [{ sku: 'A', location: 'default', quantity: 2 }, { sku: 'B', location: 'default', quantity: 1 }] });
  });

  it('respects reservations already held and the SKU’s safety stock', () => {
    // 10 held, 4 reserved, 3 held back: 3 available
    const rules = rulesOf(plain('A', 3));
    expect(planReservation([{ sku: 'A', quantity: 3 }], rules, [at('A', 10, 4)]).ok).toBe(true);
    expect(planReservation([{ sku: 'A', quantity: 4 }], rules, [at('A', 10, 4)])).toEqual({
      ok: false,
      shortages: [{ sku: 'A', requested: 4, available: 3, reason: 'insufficient_stock' }],
    });
  });

  it('a set reserves its components, multiplied by the line quantity, and nothing of its own', () => {
    const rules = rulesOf(set('SET', [{ sku: 'X', quantity: 2 }, { sku: 'Y', quantity: 1 }]), plain('X'), plain('Y'));
    const plan = planReservation([{ sku: 'SET', quantity: 3 }], rules, [at('X', 6), at('Y', 10)]);
    expect(plan).toEqual({ ok: true, draws: [{ sku: 'X', location: 'default', quantity: 6 }, { sku: 'Y', location: 'default', quantity: 3 }] });
    // one unit of X short: the whole set line fails, naming the component
    expect(planReservation([{ sku: 'SET', quantity: 3 }], rules, [at('X', 5), at('Y', 10)])).toEqual({
      ok: false,
      shortages: [{ sku: 'X', requested: 6, available: 5, reason: 'insufficient_stock' }],
    });
  });

  it('two lines sharing a component are added up, so they cannot both take the last unit (Medusa #16502)', () => {
    const rules = rulesOf(set('SET-A', [{ sku: 'X', quantity: 1 }, { sku: 'Y', quantity: 1 }]), set('SET-B', [{ sku: 'X', quantity: 1 }, { sku: 'Z', quantity: 1 }]), plain('X'), plain('Y'), plain('Z'));
    const levels = [at('X', 1), at('Y', 5), at('Z', 5)];
    // each line alone fits
    expect(planReservation([{ sku: 'SET-A', quantity: 1 }], rules, levels).ok).toBe(true);
    expect(planReservation([{ sku: 'SET-B', quantity: 1 }], rules, levels).ok).toBe(true);
    // together they need 2 × X
    expect(planReservation([{ sku: 'SET-A', quantity: 1 }, { sku: 'SET-B', quantity: 1 }], rules, levels)).toEqual({
      ok: false,
      shortages: [{ sku: 'X', requested: 2, available: 1, reason: 'insufficient_stock' }],
    });
    // a set line and a plain line of its component are added up too, as are repeated lines
    expect(planReservation([{ sku: 'SET-A', quantity: 1 }, { sku: 'X', quantity: 1 }], rules, levels).ok).toBe(false);
    expect(planReservation([{ sku: 'X', quantity: 1 }, { sku: 'X', quantity: 1 }], rules, levels).ok).toBe(false);
  });

  it('draws from the location with the lowest priority number first, then spills to the next', () => {
    const rules = rulesOf(plain('A'));
    const levels = [at('A', 10, 0, 'osaka', 2), at('A', 3, 0, 'tokyo', 1), at('A', 10, 0, 'backyard', 9)];
    expect(planReservation([{ sku: 'A', quantity: 2 }], rules, levels)).toEqual({ ok: true, draws: [{ sku: 'A', location: 'tokyo', quantity: 2 }] });
    expect(planReservation([{ sku: 'A', quantity: 5 }], rules, levels)).toEqual({
      ok: true,
      draws: [
        { sku: 'A', location: 'tokyo', quantity: 3 },
        { sku: 'A', location: 'osaka', quantity: 2 },
      ],
    });
  });

  it('skips a location whose units are all reserved, and breaks priority ties by location code', () => {
    const rules = rulesOf(plain('A'));
    const levels = [at('A', 4, 4, 'first', 0), at('A', 5, 0, 'zeta', 1), at('A', 5, 0, 'alpha', 1)];
    expect(planReservation([{ sku: 'A', quantity: 6 }], rules, levels)).toEqual({
      ok: true,
      draws: [
        { sku: 'A', location: 'alpha', quantity: 5 },
        { sku: 'A', location: 'zeta', quantity: 1 },
      ],
    });
  });

  it('reserves nothing for a SKU whose stock is not managed (取り寄せ), and never refuses it', () => {
    const rules = rulesOf(plain('MTO', 0, false), plain('A'));
    expect(planReservation([{ sku: 'MTO', quantity: 999 }], rules, [])).toEqual({ ok: true, draws: [] });
    expect(planReservation([{ sku: 'MTO', quantity: 5 }, { sku: 'A', quantity: 1 }], rules, [at('A', 1)])).toEqual({
      ok: true,
      draws: [{ sku: 'A', location: 'default', quantity: 1 }],
    });
    // a set with an unmanaged component reserves only the managed ones
    const withSet = rulesOf(set('KIT', [{ sku: 'MTO', quantity: 1 }, { sku: 'A', quantity: 1 }]), plain('MTO', 0, false), plain('A'));
    expect(planReservation([{ sku: 'KIT', quantity: 1 }], withSet, [at('A', 1)])).toEqual({ ok: true, draws: [{ sku: 'A', location: 'default', quantity: 1 }] });
  });

  it('an unknown SKU fails the order with reason unknown_sku, named once however many lines carry it', () => {
    const plan = planReservation([{ sku: 'A', quantity: 1 }, { sku: 'NOPE', quantity: 2 }], rulesOf(plain('A')), [at('A', 5)]);
    expect(plan).toEqual({ ok: false, shortages: [{ sku: 'NOPE', requested: 2, available: 0, reason: 'unknown_sku' }] });
    const twice = planReservation([{ sku: 'NOPE', quantity: 2 }, { sku: 'NOPE', quantity: 3 }], rulesOf(plain('A')), [at('A', 5)]);
    expect(twice).toEqual({ ok: false, shortages: [{ sku: 'NOPE', requested: 5, available: 0, reason: 'unknown_sku' }] });
  });

  it('a set’s own safety stock holds back whole sets, but not its components sold on their own', () => {
    // X: 10 held, safety 2 → 8 available → 4 sets of 2; the set holds back 1 → 3 sets may sell
    const rules = rulesOf(set('KIT', [{ sku: 'X', quantity: 2 }, { sku: 'Y', quantity: 1 }], 1), plain('X', 2), plain('Y'));
    const levels = [at('X', 10), at('Y', 50)];
    expect(planReservation([{ sku: 'KIT', quantity: 3 }], rules, levels).ok).toBe(true);
    expect(planReservation([{ sku: 'KIT', quantity: 2 }, { sku: 'KIT', quantity: 2 }], rules, levels)).toEqual({
      ok: false,
      shortages: [{ sku: 'KIT', requested: 4, available: 3, reason: 'insufficient_stock' }],
    });
    expect(planReservation([{ sku: 'X', quantity: 8 }], rules, levels).ok).toBe(true);
  });

  it('property: a plan never takes more than a location holds free, nor more than is available, and takes exactly what was asked', () => {
    const skus = ['A', 'B', 'C'];
    const level = fc.record({
      sku: fc.constantFrom(...skus),
      location: fc.constantFrom('l1', 'l2', 'l3'),
      priority: fc.integer({ min: 0, max: 3 }),
      onHand: fc.integer({ min: 0, max: 20 }),
      reserved: fc.integer({ min: 0, max: 20 }),
    });
    const levelsArb = fc.uniqueArray(level, { selector: (l) => `${l.sku}@${l.location}`, maxLength: 9 });
    const safetyArb = fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5));
    const lineArb = fc.array(fc.record({ sku: fc.constantFrom('A', 'B', 'C', 'KIT'), quantity: fc.integer({ min: 1, max: 8 }) }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(levelsArb, safetyArb, lineArb, (levels, safety, lines) => {
        const rules = rulesOf(plain('A', safety[0]), plain('B', safety[1]), plain('C', safety[2]), set('KIT', [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }]));
        const need = new Map<string, number>();
        for (const l of lines) {
          const parts = l.sku === 'KIT' ? [{ sku: 'A', quantity: 2 * l.quantity }, { sku: 'B', quantity: l.quantity }] : [{ sku: l.sku, quantity: l.quantity }];
          for (const p of parts) need.set(p.sku, (need.get(p.sku) ?? 0) + p.quantity);
        }
        const availableOf = (sku: string) => {
          const ls = levels.filter((l) => l.sku === sku);
          const total = ls.reduce((n, l) => n + l.onHand - l.reserved, 0);
          return Math.max(0, total - safety[skus.indexOf(sku)]);
        };
        const fits = [...need].every(([sku, q]) => availableOf(sku) >= q);
        const plan = planReservation(lines, rules, levels);
        expect(plan.ok).toBe(fits);
        if (!plan.ok) return;
        for (const [sku, q] of need) expect(plan.draws.filter((d) => d.sku === sku).reduce((n, d) => n + d.quantity, 0)).toBe(q);
        for (const d of plan.draws) {
          const l = levels.find((x) => x.sku === d.sku && x.location === d.location)!;
          expect(d.quantity).toBeGreaterThan(0);
          expect(d.quantity).toBeLessThanOrEqual(l.onHand - l.reserved);
        }
      }),
      { seed: 16502, numRuns: 500 },
    );
  });
});
