import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type Client } from '../helpers/client';
import { cancel, createSku, getOrder, importOrder, orderBody, stockOf, transition } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

interface BulkResult {
  id: string;
  ok: boolean;
  status?: string;
  error?: { code: string; message: string };
}

/**
 * Bulk actions (注文一括処理): one answer per order, and a failure in one
 * order never rolls back or stops the others.
 */
describe('bulk actions on orders', () => {
  let t: Tenant;
  let op: Client;
  let n = 0;
  const sku = (stock: number) => createSku(op, `BK-${++n}`, stock);
  const newOrder = async (s: string, quantity = 1) => (await importOrder(op, orderBody({ externalId: `BK-ORDER-${++n}`, lines: [{ sku: s, quantity, unitPrice: 1000 }] }))).order;
  const bulk = async (body: Record<string, unknown>) => {
    const res = await op.api('/orders/bulk', { json: body });
    expect(res.status, JSON.stringify(body)).toBe(200);
    return ((await res.json()) as { results: BulkResult[] }).results;
  };
  const failed = (id: string, code: string) => ({ id, ok: false, error: { code, message: expect.any(String) } });

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
  });

  it('moves many orders at once, answering per order; the ones that cannot move do not hold back the others', async () => {
    const a = await sku(10);
    const short = await sku(0);
    const first = await newOrder(a);
    const cancelled = await newOrder(a);
    expect((await cancel(op, cancelled.id)).status).toBe(200);
    const second = await newOrder(a);
    const waiting = await newOrder(short);
    const missing = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
    const results = await bulk({ action: 'transition', to: 'ready_to_ship', ids: [first.id, cancelled.id, second.id, waiting.id, missing, first.id] });
    // one result per id, in the order given (a repeated id once)
    expect(results).toEqual([
      { id: first.id, ok: true, status: 'ready_to_ship' },
      failed(cancelled.id, 'invalid_transition'),
      { id: second.id, ok: true, status: 'ready_to_ship' },
      failed(waiting.id, 'stock_not_reserved'),
      failed(missing, 'not_found'),
    ]);
    // the moves that succeeded stay made
    expect(await getOrder(op, first.id)).toMatchObject({ status: 'ready_to_ship', reserved: true });
    expect(await getOrder(op, second.id)).toMatchObject({ status: 'ready_to_ship', reserved: true });
    expect(await getOrder(op, cancelled.id)).toMatchObject({ status: 'cancelled' });
    expect(await getOrder(op, waiting.id)).toMatchObject({ status: 'awaiting_stock', stockWarning: true });
    const moved = (await getOrder(op, first.id)).events.filter((e) => e.kind === 'status');
    expect(moved).toEqual([expect.objectContaining({ actor: `user:${t.users.op.id}`, detail: { from: 'new', to: 'ready_to_ship' } })]);
  });

  it('ships in bulk with a tracking number per order: each ready order ships and commits its stock, the rest answer why not', async () => {
    const a = await sku(10);
    const one = await newOrder(a, 2);
    const two = await newOrder(a, 3);
    const noTracking = await newOrder(a, 1);
    const notReady = await newOrder(a, 1);
    for (const o of [one, two, noTracking]) expect((await transition(op, o.id, 'ready_to_ship')).status).toBe(200);
    expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 7, available: 3 });

    const results = await bulk({
      action: 'ship',
      carrier: 'yamato',
      ids: [one.id, noTracking.id, notReady.id, two.id],
      trackingNumbers: { [one.id]: '4000-0000-0001', [notReady.id]: '4000-0000-0003', [two.id]: '4000-0000-0002' },
    });
    expect(results).toEqual([
      { id: one.id, ok: true, status: 'shipped' },
      failed(noTracking.id, 'tracking_number_missing'),
      failed(notReady.id, 'invalid_transition'),
      { id: two.id, ok: true, status: 'shipped' },
    ]);
    expect((await getOrder(op, one.id)).shipping).toMatchObject({ carrier: 'yamato', trackingNumber: '4000-0000-0001' });
    expect((await getOrder(op, two.id)).shipping).toMatchObject({ carrier: 'yamato', trackingNumber: '4000-0000-0002' });
    expect(await getOrder(op, noTracking.id)).toMatchObject({ status: 'ready_to_ship', reserved: true, shipping: { trackingNumber: null } });
    expect(await getOrder(op, notReady.id)).toMatchObject({ status: 'new', reserved: true });
    // 5 units shipped; the two orders that did not ship still hold theirs
    expect(await stockOf(op, a)).toEqual({ onHand: 5, reserved: 2, available: 3 });
  });

  it('cancels in bulk: each open order gives its stock back, a shipped one answers 409 and stays shipped', async () => {
    const a = await sku(10);
    const one = await newOrder(a, 2);
    const shipped = await newOrder(a, 1);
    expect((await transition(op, shipped.id, 'ready_to_ship')).status).toBe(200);
    expect((await op.api(`/orders/${shipped.id}/ship`, { json: { carrier: 'japanpost', trackingNumber: '1111-2222-3333' } })).status).toBe(200);
    const two = await newOrder(a, 3);
    expect((await transition(op, two.id, 'on_hold')).status).toBe(200);
    expect(await stockOf(op, a)).toEqual({ onHand: 9, reserved: 5, available: 4 });

    const results = await bulk({ action: 'cancel', ids: [one.id, shipped.id, two.id] });
    expect(results).toEqual([{ id: one.id, ok: true, status: 'cancelled' }, failed(shipped.id, 'invalid_transition'), { id: two.id, ok: true, status: 'cancelled' }]);
    expect(await stockOf(op, a)).toEqual({ onHand: 9, reserved: 0, available: 9 });
    expect(await getOrder(op, shipped.id)).toMatchObject({ status: 'shipped', cancelledAt: null });
  });

  it('a bulk request that is not well formed is a 400 and changes nothing', async () => {
    const a = await sku(5);
    const o = await newOrder(a);
    for (const body of [
      { action: 'transition', ids: [o.id] },
      { action: 'transition', to: 'nowhere', ids: [o.id] },
      { action: 'cancel', ids: [] },
      { action: 'explode', ids: [o.id] },
      { action: 'ship', carrier: 'yamato', ids: [o.id] },
      { action: 'cancel', ids: Array.from({ length: 501 }, (_, i) => `id-${i}`) },
    ]) {
      const res = await op.api('/orders/bulk', { json: body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      await errorOf(res);
    }
    expect(await getOrder(op, o.id)).toMatchObject({ status: 'new', reserved: true });
  });
});

describe('assigning a carrier in bulk', () => {
  it('sets the carrier on open orders, reports closed ones, and records it in each history', async () => {
    const { createTenant: mk, signIn: login } = await import('../helpers/tenant');
    const h = await import('../helpers/orders');
    const t = await mk({ users: [{ loginId: 'op', role: 'operator' }] });
    const op = await login(t, 'op');
    const sku = await h.createSku(op, 'BC-1', 10);
    const a = (await h.importOrder(op, h.orderBody({ externalId: 'BC-A', lines: [{ sku, quantity: 1, unitPrice: 100 }] }))).order;
    const b = (await h.importOrder(op, h.orderBody({ externalId: 'BC-B', lines: [{ sku, quantity: 1, unitPrice: 100 }] }))).order;
    expect((await h.cancel(op, b.id)).status).toBe(200);
    const res = await op.api('/orders/bulk', { json: { action: 'carrier', ids: [a.id, b.id], carrier: 'sagawa' } });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { id: string; ok: boolean; error?: { code: string } }[] };
    expect(results).toEqual([
      { id: a.id, ok: true, status: 'new' },
      { id: b.id, ok: false, error: expect.objectContaining({ code: 'order_closed' }) },
    ]);
    const after = await h.getOrder(op, a.id);
    expect(after.shipping.carrier).toBe('sagawa');
    expect(after.events.some((e) => e.kind === 'carrier')).toBe(true);
  });
});
