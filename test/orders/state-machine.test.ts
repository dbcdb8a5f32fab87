import { describe, expect, it } from 'vitest';
import { ALLOWED_MOVES as ALLOWED } from '../helpers/workflow';
import {
  afterStockArrives,
  arrivalStatus,
  canCancel,
  canShip,
  checkTransition,
  ORDER_STATUSES,
  paymentSettled,

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
