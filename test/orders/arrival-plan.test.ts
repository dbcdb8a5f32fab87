import { describe, expect, it } from 'vitest';
import { planArrival } from '../../worker/orders/arrival';
import type { Rule } from '../../worker/orders/rules';

// The pure arrival plan: the reservation outcome, the order's own flags and the rules decide
// status, flags, carrier and history, without any I/O.
const order = { channelId: 'rakuten-1', paymentMethod: 'credit_card', paid: true, total: 3000, prefecture: '東京都', skus: ['A'] };
const rule = (over: Partial<Rule>): Rule => ({ id: 'r1', name: 'r', enabled: true, priority: 1, conditions: [], actions: [], ...over });

describe('planArrival', () => {
  it('reserved and paid: new, with a reserved event and no rules event when nothing matched', () => {
    const p = planArrival(order, { kind: 'reserved' }, [], [], 'user:1');
    expect(p).toMatchObject({ status: 'new', reserved: true, stockWarning: false, flags: [], carrier: null });
    expect(p.events.map((e) => e.kind)).toEqual(['reserved']);
  });

  it('short: awaiting_stock with the stock warning and the missing units per SKU', () => {
    const p = planArrival(order, { kind: 'short', shortages: new Map([['A', 2]]) }, [], [], null);
    expect(p).toMatchObject({ status: 'awaiting_stock', reserved: false, stockWarning: true });
    expect(p.events[0]).toMatchObject({ kind: 'stock_warning', detail: { shortages: [{ sku: 'A', missing: 2 }] } });
  });

  it('an unreachable stock DO leaves the order waiting, with the warning, for the re-check', () => {
    expect(planArrival(order, { kind: 'unreachable' }, [], [], null)).toMatchObject({ status: 'awaiting_stock', stockWarning: true, reserved: false });
  });

  it('fulfilled by the mall: no reservation, no warning, straight on', () => {
    const p = planArrival(order, { kind: 'not_needed' }, [], [], null);
    expect(p).toMatchObject({ status: 'new', reserved: false, stockWarning: false });
  });

  it('unpaid bank transfer waits for payment', () => {
    expect(planArrival({ ...order, paymentMethod: 'bank_transfer', paid: false }, { kind: 'reserved' }, [], [], null).status).toBe('awaiting_payment');
  });

  it('rules see the own flags, add theirs, set the carrier and move the status where the workflow allows', () => {
    const rules = [
      rule({ id: 'a', priority: 1, conditions: [{ field: 'flag', op: 'has', value: 'blacklist' }], actions: [{ type: 'status', value: 'on_hold' }, { type: 'flag', value: '要確認' }] }),
      rule({ id: 'b', priority: 2, actions: [{ type: 'carrier', value: 'yamato' }] }),
    ];
    const p = planArrival(order, { kind: 'reserved' }, ['blacklist'], rules, null);
    expect(p).toMatchObject({ status: 'on_hold', flags: ['blacklist', '要確認'], carrier: 'yamato' });
    expect(p.events.at(-1)).toMatchObject({ actor: 'system:rules', kind: 'rules', detail: { status: { from: 'new', to: 'on_hold' }, refused: null } });
  });

  it('a move the workflow forbids is refused, recorded, and the order stays where it arrived', () => {
    const p = planArrival(order, { kind: 'short', shortages: new Map([['A', 1]]) }, [], [rule({ actions: [{ type: 'status', value: 'ready_to_ship' }] })], null);
    expect(p.status).toBe('awaiting_stock');
    expect(p.events.at(-1)).toMatchObject({ kind: 'rules', detail: { status: null, refused: 'stock_not_reserved' } });
  });
});
