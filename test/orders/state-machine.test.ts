import { describe, expect, it } from 'vitest';
import { ALLOWED_MOVES as ALLOWED } from '../helpers/workflow';
import {
  afterStockArrives,
  arrivalStatus,
  bulkActionsFor,
  canCancel,
  canMerge,
  canShip,
  checkTransition,
  movesFrom,
  ORDER_STATUSES,
  paymentSettled,
  unmergeTo,

} from '../../worker/orders/state-machine';

const ok = { stockReserved: true, paymentSettled: true };

describe('the order workflow', () => {
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      const allowed = ALLOWED.some(([f, t]) => f === from && t === to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        const r = checkTransition(from, to, ok);
        expect(r.ok).toBe(allowed);
        if (!allowed && !r.ok) expect(r.code).toBe('invalid_transition');
      });
    }
  }

  it('reaches shipped only through the ship action, from ready_to_ship', () => {
    for (const from of ORDER_STATUSES) expect(canShip(from)).toBe(from === 'ready_to_ship');
  });

  it('cancels only open orders: shipped and cancelled are final', () => {
    expect(ORDER_STATUSES.filter(canCancel).sort()).toEqual(['awaiting_payment', 'awaiting_stock', 'new', 'on_hold', 'ready_to_ship']);
  });

  it('will not make an order ready to ship while a line lacks stock or payment is pending', () => {
    expect(checkTransition('new', 'ready_to_ship', { stockReserved: false, paymentSettled: true })).toMatchObject({ ok: false, code: 'stock_not_reserved' });
    expect(checkTransition('new', 'ready_to_ship', { stockReserved: true, paymentSettled: false })).toMatchObject({ ok: false, code: 'payment_pending' });
  });

  it('starts an arriving order waiting for stock, then for payment, otherwise new', () => {
    expect(arrivalStatus({ stockReserved: false, paymentSettled: false })).toBe('awaiting_stock');
    expect(arrivalStatus({ stockReserved: true, paymentSettled: false })).toBe('awaiting_payment');
    expect(arrivalStatus(ok)).toBe('new');
    expect(afterStockArrives({ stockReserved: true, paymentSettled: false })).toBe('awaiting_payment');
    expect(afterStockArrives(ok)).toBe('new');
  });

  it('treats cash on delivery and mall-settled payments as settled, bank transfer as pending until paid', () => {
    expect(paymentSettled({ method: 'cod', paid: false })).toBe(true);
    expect(paymentSettled({ method: 'credit_card', paid: false })).toBe(true);
    expect(paymentSettled({ method: 'bank_transfer', paid: false })).toBe(false);
    expect(paymentSettled({ method: 'bank_transfer', paid: true })).toBe(true);
  });
});

describe('同梱: a merged order moves only with its parent', () => {
  it('has no move of its own, and no status moves to merged (only the merge action does)', () => {
    expect(movesFrom('merged')).toEqual([]);
    for (const to of ORDER_STATUSES) expect(checkTransition('merged', to, ok)).toMatchObject({ ok: false, code: 'invalid_transition' });
    for (const from of ORDER_STATUSES) expect(checkTransition(from, 'merged', ok)).toMatchObject({ ok: false, code: 'invalid_transition' });
  });

  it('cannot be shipped or cancelled by itself', () => {
    expect(canShip('merged')).toBe(false);
    expect(canCancel('merged')).toBe(false);
  });

  it('merges only open orders, never a merged, shipped or cancelled one', () => {
    expect(ORDER_STATUSES.filter(canMerge).sort()).toEqual(['awaiting_payment', 'awaiting_stock', 'new', 'on_hold', 'ready_to_ship']);
  });

  it('unmerge returns the status the order had, or 新規受付 when that is unknown or not an open status', () => {
    expect(unmergeTo('ready_to_ship')).toBe('ready_to_ship');
    expect(unmergeTo('on_hold')).toBe('on_hold');
    expect(unmergeTo('awaiting_payment')).toBe('awaiting_payment');
    expect(unmergeTo(null)).toBe('new');
    expect(unmergeTo('shipped')).toBe('new');
    expect(unmergeTo('merged')).toBe('new');
  });

  it('the bulk bar offers nothing for a merged order, and never offers to merge', () => {
    expect(bulkActionsFor(['merged'])).toEqual([]);
    expect(bulkActionsFor(['merged', 'new'])).toEqual([]);
    expect(bulkActionsFor([])).not.toContain('to:merged');
  });
});

describe('the bulk bar offers what the selection allows', () => {
  it('puts 出荷待ち first for new orders and never offers 新規受付 to them', () => {
    const a = bulkActionsFor(['new', 'new']);
    expect(a[0]).toBe('to:ready_to_ship');
    expect(a).not.toContain('to:new');
    expect(a).not.toContain('ship');
    expect(a).toContain('cancel');
  });

  it('offers the ship action first for orders ready to ship', () => {
    expect(bulkActionsFor(['ready_to_ship'])[0]).toBe('ship');
  });

  it('releases held orders to 新規受付 first', () => {
    expect(bulkActionsFor(['on_hold'])[0]).toBe('to:new');
  });

  it('offers only moves every selected order allows', () => {
    const a = bulkActionsFor(['new', 'ready_to_ship']);
    for (const x of a) {
      if (!x.startsWith('to:')) continue;
      const to = x.slice(3);
      for (const from of ['new', 'ready_to_ship'] as const) expect(checkTransition(from, to as never, ok).ok).toBe(true);
    }
    expect(a).not.toContain('ship');
    expect(a).not.toContain('to:ready_to_ship');
  });

  it('offers nothing for closed orders', () => {
    expect(bulkActionsFor(['shipped'])).toEqual([]);
    expect(bulkActionsFor(['cancelled', 'new'])).toEqual([]);
  });

  it('lists every open action, 出荷待ち first, when nothing is selected', () => {
    const a = bulkActionsFor([]);
    expect(a[0]).toBe('to:ready_to_ship');
    expect(a).toContain('ship');
    expect(a).toContain('cancel');
  });
});
