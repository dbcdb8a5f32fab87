import { describe, expect, it } from 'vitest';
import { applyOutcome, conditionHolds, flagsInUse, KNOWN_FLAGS, moveInOrder, outcomeFor, planRules, prioritiesFor, type Rule, type RuleSubject, type RuleTarget } from '../../worker/orders/rules';

// The rules engine without I/O: conditions, the fixed point the plan settles on
// (what makes 「今すぐ実行」 idempotent), the changes it makes to an order, and
// the helpers of the rules screen (flags to pick from, reordering).
const subject: RuleSubject = { channelId: 'rakuten-1', paymentMethod: 'cod', total: 3000, prefecture: '沖縄県', skus: ['A', 'B'], flags: [], shippingMethod: 'nekopos' };
const target: RuleTarget = { status: 'new', reserved: true, stockWarning: false, paymentMethod: 'cod', paid: false, flags: [], carrier: null, shippingMethod: 'nekopos' };
let seq = 0;
const rule = (over: Partial<Rule>): Rule => ({ id: `r${++seq}`, name: `rule ${seq}`, enabled: true, priority: 10, conditions: [], actions: [], ...over });

describe('conditions', () => {
  it('shippingMethod compares the order’s 配送方法; an order without one matches none', () => {
    expect(conditionHolds({ field: 'shippingMethod', op: 'eq', value: 'nekopos' }, subject)).toBe(true);
    expect(conditionHolds({ field: 'shippingMethod', op: 'eq', value: 'takkyubin' }, subject)).toBe(false);
    expect(conditionHolds({ field: 'shippingMethod', op: 'eq', value: 'nekopos' }, { ...subject, shippingMethod: null })).toBe(false);
    expect(conditionHolds({ field: 'shippingMethod', op: 'eq', value: 'nekopos' }, { ...subject, shippingMethod: undefined })).toBe(false);
  });

  it('the others as before: store, payment, total range, prefectures, SKU contained, flag', () => {
    expect(conditionHolds({ field: 'channelId', op: 'eq', value: 'rakuten-1' }, subject)).toBe(true);
    expect(conditionHolds({ field: 'paymentMethod', op: 'eq', value: 'bank_transfer' }, subject)).toBe(false);
    expect(conditionHolds({ field: 'total', op: 'gte', value: 3000 }, subject)).toBe(true);
    expect(conditionHolds({ field: 'total', op: 'lte', value: 2999 }, subject)).toBe(false);
    expect(conditionHolds({ field: 'prefecture', op: 'in', value: ['北海道', '沖縄県'] }, subject)).toBe(true);
    expect(conditionHolds({ field: 'sku', op: 'contains', value: 'B' }, subject)).toBe(true);
    expect(conditionHolds({ field: 'flag', op: 'has', value: 'repeat' }, { ...subject, flags: ['repeat'] })).toBe(true);
  });
});

describe('planRules', () => {
  it('a switched-off rule does nothing', () => {
    const p = planRules([rule({ enabled: false, actions: [{ type: 'flag', value: 'x' }] })], subject);
    expect(p).toMatchObject({ matched: [], flags: [] });
  });

  it('the running order decides which status and carrier win: the last rule that sets one', () => {
    const a = rule({ priority: 10, actions: [{ type: 'carrier', value: 'yamato' }, { type: 'status', value: 'on_hold' }] });
    const b = rule({ priority: 20, actions: [{ type: 'carrier', value: 'sagawa' }] });
    expect(planRules([a, b], subject)).toMatchObject({ carrier: 'sagawa', status: 'on_hold' });
    expect(planRules([{ ...a, priority: 30 }, b], subject)).toMatchObject({ carrier: 'yamato', status: 'on_hold' });
  });

  it('a 配送方法 a rule sets is what the later rules test, and the plan names it', () => {
    const toBox = rule({ priority: 10, conditions: [{ field: 'prefecture', op: 'in', value: ['沖縄県'] }], actions: [{ type: 'shippingMethod', value: 'takkyubin' }] });
    const flagSmall = rule({ priority: 20, conditions: [{ field: 'shippingMethod', op: 'eq', value: 'nekopos' }], actions: [{ type: 'flag', value: '小型' }] });
    expect(planRules([toBox, flagSmall], subject)).toMatchObject({ shippingMethod: 'takkyubin', flags: [] });
    expect(planRules([toBox, flagSmall], { ...subject, prefecture: '東京都' })).toMatchObject({ shippingMethod: null, flags: ['小型'] });
  });
});

describe('outcomeFor: the rules until they have nothing more to do', () => {
  it('a rule sees a flag a later rule sets, so running again on the outcome changes nothing', () => {
    const hold = rule({ priority: 10, conditions: [{ field: 'flag', op: 'has', value: '離島' }], actions: [{ type: 'status', value: 'on_hold' }] });
    const mark = rule({ priority: 20, conditions: [{ field: 'prefecture', op: 'in', value: ['沖縄県'] }], actions: [{ type: 'flag', value: '離島' }] });
    // one pass alone would only flag it; the next pass holds it
    expect(planRules([hold, mark], subject)).toMatchObject({ status: null, flags: ['離島'] });
    const o = outcomeFor([hold, mark], subject, target);
    expect(o.changes).toEqual([
      { type: 'status', from: 'new', to: 'on_hold' },
      { type: 'flag', from: null, to: '離島' },
    ]);
    expect(o.plan.matched.map((m) => m.id).sort()).toEqual([hold.id, mark.id].sort());
    const after = applyOutcome(target, o.changes);
    expect(outcomeFor([hold, mark], subject, after).changes).toEqual([]);
  });

  it('a rule whose own 配送方法 change ends its condition keeps everything it did', () => {
    const r = rule({ conditions: [{ field: 'shippingMethod', op: 'eq', value: 'nekopos' }], actions: [{ type: 'shippingMethod', value: 'compact' }, { type: 'status', value: 'on_hold' }, { type: 'carrier', value: 'yamato' }] });
    const o = outcomeFor([r], subject, target);
    expect(o.changes).toEqual([
      { type: 'status', from: 'new', to: 'on_hold' },
      { type: 'carrier', from: null, to: 'yamato' },
      { type: 'shippingMethod', from: 'nekopos', to: 'compact' },
    ]);
    const after = applyOutcome(target, o.changes);
    expect(outcomeFor([r], { ...subject, shippingMethod: 'compact' }, after).changes).toEqual([]);
  });

  it('rules that keep undoing each other’s 配送方法 never settle: the order is left alone, and says why', () => {
    const when = (from: string, to: string, priority: number) => rule({ priority, conditions: [{ field: 'shippingMethod', op: 'eq', value: from }], actions: [{ type: 'shippingMethod', value: to }] });
    // a pass turns ネコポス into 宅配便, and the next turns 宅配便 (via コンパクト) back into ネコポス
    const rules = [when('takkyubin', 'compact', 10), when('nekopos', 'takkyubin', 20), when('compact', 'nekopos', 30)];
    expect(outcomeFor(rules, subject, target)).toMatchObject({ refused: 'rules_unstable', changes: [] });
    // rules that undo each other within one pass change nothing, and again nothing
    const undo = [when('nekopos', 'takkyubin', 10), when('takkyubin', 'nekopos', 20)];
    expect(outcomeFor(undo, subject, target)).toMatchObject({ refused: null, changes: [] });
  });
});

describe('outcomeFor and applyOutcome', () => {
  const rules = [
    rule({ priority: 10, conditions: [{ field: 'paymentMethod', op: 'eq', value: 'cod' }], actions: [{ type: 'flag', value: '代引' }, { type: 'carrier', value: 'yamato' }] }),
    rule({ priority: 20, conditions: [{ field: 'prefecture', op: 'in', value: ['沖縄県'] }], actions: [{ type: 'shippingMethod', value: 'takkyubin' }, { type: 'status', value: 'on_hold' }] }),
  ];

  it('lists each change with its before and after, in a fixed order', () => {
    const o = outcomeFor(rules, subject, target);
    expect(o.refused).toBeNull();
    expect(o.changes).toEqual([
      { type: 'status', from: 'new', to: 'on_hold' },
      { type: 'flag', from: null, to: '代引' },
      { type: 'carrier', from: null, to: 'yamato' },
      { type: 'shippingMethod', from: 'nekopos', to: 'takkyubin' },
    ]);
  });

  it('applied, and planned again on the result: nothing more to change (idempotent)', () => {
    const once = applyOutcome(target, outcomeFor(rules, subject, target).changes);
    expect(once).toMatchObject({ status: 'on_hold', flags: ['代引'], carrier: 'yamato', shippingMethod: 'takkyubin' });
    expect(outcomeFor(rules, { ...subject, flags: once.flags, shippingMethod: once.shippingMethod }, once).changes).toEqual([]);
  });

  it('a status move the workflow forbids is refused with its reason; the rest still applies', () => {
    const ship = [rule({ actions: [{ type: 'status', value: 'ready_to_ship' }, { type: 'flag', value: 'x' }] })];
    const o = outcomeFor(ship, subject, { ...target, reserved: false, stockWarning: true });
    expect(o).toMatchObject({ status: null, refused: 'stock_not_reserved', changes: [{ type: 'flag', from: null, to: 'x' }] });
  });

  it('what the order already has is no change', () => {
    const o = outcomeFor(rules, subject, { ...target, status: 'on_hold', flags: ['代引'], carrier: 'yamato', shippingMethod: 'takkyubin' });
    expect(o.changes).toEqual([]);
  });
});

describe('the rules screen’s helpers', () => {
  it('flagsInUse: Kura’s own flags first, then those the rules set or test, once each, in running order', () => {
    const rules = [
      rule({ priority: 20, conditions: [{ field: 'flag', op: 'has', value: '要確認' }], actions: [{ type: 'flag', value: '保留中' }] }),
      rule({ priority: 10, actions: [{ type: 'flag', value: '要確認' }, { type: 'flag', value: 'repeat' }] }),
    ];
    expect(flagsInUse(rules)).toEqual([...KNOWN_FLAGS, '要確認', '保留中']);
    expect(KNOWN_FLAGS).toEqual(expect.arrayContaining(['blacklist', 'repeat']));
  });

  it('prioritiesFor: 10, 20, 30 … in the order given; steps of 1 when there are too many for steps of ten', () => {
    expect(prioritiesFor(['c', 'a', 'b'])).toEqual([
      { id: 'c', priority: 10 },
      { id: 'a', priority: 20 },
      { id: 'b', priority: 30 },
    ]);
    const many = prioritiesFor(Array.from({ length: 1001 }, (_, i) => `r${i}`));
    expect(many.at(-1)).toEqual({ id: 'r1000', priority: 1001 });
  });

  it('moveInOrder swaps a rule with its neighbour and leaves the ends and unknown ids alone', () => {
    expect(moveInOrder(['a', 'b', 'c'], 'b', 'up')).toEqual(['b', 'a', 'c']);
    expect(moveInOrder(['a', 'b', 'c'], 'b', 'down')).toEqual(['a', 'c', 'b']);
    expect(moveInOrder(['a', 'b', 'c'], 'a', 'up')).toEqual(['a', 'b', 'c']);
    expect(moveInOrder(['a', 'b', 'c'], 'c', 'down')).toEqual(['a', 'b', 'c']);
    expect(moveInOrder(['a', 'b', 'c'], 'x', 'up')).toEqual(['a', 'b', 'c']);
  });
});
