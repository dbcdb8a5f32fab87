import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { cancel, createSku, getOrder, importOrder, ledgerOfSku, orderBody, ship, stockOf, transition, workflowEvents, type Order } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';
import { ALLOWED_MOVES as ALLOWED, ORDER_STATUSES_EXPECTED as STATUSES } from '../helpers/workflow';

type Status = (typeof STATUSES)[number];

const allowed = (from: Status, to: Status) => ALLOWED.some(([f, t]) => f === from && t === to);

/** The shortest walk of allowed moves from one status to another. */
const pathTo = (from: Status, to: Status): Status[] => {
  const prev = new Map<Status, Status>([[from, from]]);
  const queue: Status[] = [from];
  while (queue.length) {
    const s = queue.shift()!;
    if (s === to) break;
    for (const [f, t] of ALLOWED) if (f === s && !prev.has(t)) (prev.set(t, s), queue.push(t));
  }
  const path: Status[] = [];
  for (let s = to; s !== from; s = prev.get(s)!) path.unshift(s);
  return path;
};

describe('the order workflow over the API', () => {
  let t: Tenant;
  let op: Client;
  let actor: string;
  let n = 0;
  const sku = (stock: number) => createSku(op, `WF-${++n}`, stock);
  const newOrder = async (lines: { sku: string; quantity: number }[], extra: Partial<Parameters<typeof orderBody>[0]> = {}) =>
    (await importOrder(op, orderBody({ externalId: `WF-ORDER-${++n}`, lines: lines.map((l) => ({ ...l, unitPrice: 1000 })), ...extra }))).order;
  const statusOf = async (id: string) => (await getOrder(op, id)).status;
  const expect409 = async (res: Response, code: string, what: string) => {
    expect(res.status, what).toBe(409);
    expect((await errorOf(res)).code, what).toBe(code);
  };

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
    actor = `user:${t.users.op.id}`;
  });

  it('every allowed move answers 200, and every move the workflow does not allow answers 409 invalid_transition and changes nothing', async () => {
    const a = await sku(100);
    const order = await newOrder([{ sku: a, quantity: 1 }]);
    expect(order.status).toBe('new');
    let at: Status = 'new';
    const moves: [Status, Status][] = [];
    const refusedFrom = new Set<Status>();
    const move = async (to: Status) => {
      const res = await transition(op, order.id, to);
      expect(res.status, `${at} → ${to}: ${res.status}`).toBe(200);
      expect(((await res.json()) as { order: { status: string } }).order.status).toBe(to);
      moves.push([at, to]);
      at = to;
    };
    const refuseAllFrom = async (from: Status) => {
      if (refusedFrom.has(from)) return;
      refusedFrom.add(from);
      const before = await getOrder(op, order.id);
      for (const to of STATUSES.filter((s) => !allowed(from, s))) {
        const res = await transition(op, order.id, to);
        expect(res.status, `${from} → ${to} must be refused`).toBe(409);
        const err = await errorOf(res);
        expect(err.code, `${from} → ${to}`).toBe('invalid_transition');
        expect(err.details).toEqual({ from, to });
      }
      expect(await getOrder(op, order.id)).toEqual(before);
    };
    for (const [from, to] of ALLOWED) {
      if (moves.some(([f, x]) => f === from && x === to)) continue;
      for (const step of pathTo(at, from)) {
        await refuseAllFrom(at);
        await move(step);
      }
      await refuseAllFrom(at);
      await move(to);
    }
    await refuseAllFrom(at);
    for (const pair of ALLOWED) expect(moves, pair.join(' → ')).toContainEqual(pair);
    expect([...refusedFrom].sort()).toEqual(['awaiting_payment', 'awaiting_stock', 'new', 'on_hold', 'ready_to_ship']);

    // the history holds every move, in order, with who made it
    const history = (await getOrder(op, order.id)).events.filter((e) => e.kind === 'status');
    expect(history.map((e) => [e.detail?.from, e.detail?.to, e.actor])).toEqual(moves.map(([f, x]) => [f, x, actor]));
    // none of it touched the stock: the order still holds its one unit
    expect(await stockOf(op, a)).toEqual({ onHand: 100, reserved: 1, available: 99 });
  });

  it('a shipped or cancelled order cannot move anywhere, and shipped is reached only by shipping', async () => {
    const a = await sku(10);
    const shipped = await newOrder([{ sku: a, quantity: 1 }]);
    expect((await transition(op, shipped.id, 'ready_to_ship')).status).toBe(200);
    expect((await ship(op, shipped.id)).status).toBe(200);
    const cancelled = await newOrder([{ sku: a, quantity: 1 }]);
    expect((await cancel(op, cancelled.id)).status).toBe(200);
    for (const o of [shipped, cancelled]) {
      const before = await getOrder(op, o.id);
      for (const to of STATUSES) await expect409(await transition(op, o.id, to), 'invalid_transition', `${before.status} → ${to}`);
      expect(await getOrder(op, o.id)).toEqual(before);
    }
    // → shipped or → cancelled through a transition is refused even where ship and cancel would work
    const ready = await newOrder([{ sku: a, quantity: 1 }]);
    expect((await transition(op, ready.id, 'ready_to_ship')).status).toBe(200);
    await expect409(await transition(op, ready.id, 'shipped'), 'invalid_transition', 'ready_to_ship → shipped');
    await expect409(await transition(op, ready.id, 'cancelled'), 'invalid_transition', 'ready_to_ship → cancelled');
    expect(await getOrder(op, ready.id)).toMatchObject({ status: 'ready_to_ship', reserved: true, shipping: { carrier: null, trackingNumber: null } });
    expect(await stockOf(op, a)).toEqual({ onHand: 9, reserved: 1, available: 8 });
  });

  it('an order with a stock warning cannot be made ready to ship (409 stock_not_reserved), from any status', async () => {
    const a = await sku(0);
    const order = await newOrder([{ sku: a, quantity: 2 }]);
    expect(order).toMatchObject({ status: 'awaiting_stock', stockWarning: true });
    await expect409(await transition(op, order.id, 'ready_to_ship'), 'stock_not_reserved', 'awaiting_stock → ready_to_ship');
    expect((await transition(op, order.id, 'on_hold')).status).toBe(200);
    await expect409(await transition(op, order.id, 'ready_to_ship'), 'stock_not_reserved', 'on_hold → ready_to_ship');
    // moved to new by hand, it still has no stock
    expect((await transition(op, order.id, 'new')).status).toBe(200);
    await expect409(await transition(op, order.id, 'ready_to_ship'), 'stock_not_reserved', 'new → ready_to_ship');
    expect(await getOrder(op, order.id)).toMatchObject({ status: 'new', stockWarning: true, reserved: false });
  });

  it('an unpaid bank transfer cannot be made ready to ship (409 payment_pending)', async () => {
    const a = await sku(5);
    const order = await newOrder([{ sku: a, quantity: 1 }], { payment: { method: 'bank_transfer', paid: false } });
    expect(order).toMatchObject({ status: 'awaiting_payment', reserved: true });
    await expect409(await transition(op, order.id, 'ready_to_ship'), 'payment_pending', 'awaiting_payment → ready_to_ship');
    expect((await transition(op, order.id, 'new')).status).toBe(200);
    await expect409(await transition(op, order.id, 'ready_to_ship'), 'payment_pending', 'new → ready_to_ship');
    expect(await statusOf(order.id)).toBe('new');
  });

  it('cancelling gives the reserved stock back, from every open status, and says who cancelled', async () => {
    const a = await sku(20);
    const before = await stockOf(op, a);
    const paths: Status[][] = [[], ['awaiting_payment'], ['ready_to_ship'], ['on_hold'], ['awaiting_stock']];
    for (const path of paths) {
      const order = await newOrder([{ sku: a, quantity: 3 }]);
      for (const s of path) expect((await transition(op, order.id, s)).status).toBe(200);
      expect(await stockOf(op, a)).toEqual({ onHand: 20, reserved: before.reserved + 3, available: before.available - 3 });
      const res = await cancel(op, order.id);
      expect(res.status, `cancel from ${path.at(-1) ?? 'new'}`).toBe(200);
      expect(((await res.json()) as { order: Order }).order).toMatchObject({ status: 'cancelled', reserved: false, cancelledAt: expect.any(String) });
      expect(await stockOf(op, a), `cancel from ${path.at(-1) ?? 'new'}`).toEqual(before);
      const release = (await ledgerOfSku(op, a))[0];
      expect(release).toMatchObject({ kind: 'release', deltaOnHand: 0, deltaReserved: -3, reference: order.id, actor });
      const events = workflowEvents(await getOrder(op, order.id));
      expect(events.at(-1)).toMatchObject({ kind: 'cancelled', actor, detail: { from: path.at(-1) ?? 'new' } });
      // people read who did it: the user's name and login id, not an internal id
      expect(events.at(-1)?.actorName).toMatch(/\(op\)$/);
    }
  });

  it('cancelling an order that waits for stock releases nothing; cancelling twice, or a shipped order, answers 409', async () => {
    const a = await sku(1);
    const waiting = await newOrder([{ sku: a, quantity: 5 }]);
    expect(waiting.status).toBe('awaiting_stock');
    expect((await cancel(op, waiting.id)).status).toBe(200);
    expect(await stockOf(op, a)).toEqual({ onHand: 1, reserved: 0, available: 1 });
    await expect409(await cancel(op, waiting.id), 'invalid_transition', 'cancel twice');

    const shipped = await newOrder([{ sku: a, quantity: 1 }]);
    expect((await transition(op, shipped.id, 'ready_to_ship')).status).toBe(200);
    expect((await ship(op, shipped.id)).status).toBe(200);
    await expect409(await cancel(op, shipped.id), 'invalid_transition', 'cancel shipped');
    expect(await getOrder(op, shipped.id)).toMatchObject({ status: 'shipped', cancelledAt: null });
    expect(await stockOf(op, a)).toEqual({ onHand: 0, reserved: 0, available: 0 });
  });

  it('a ship the shelf cannot cover (a stocktake found fewer units) answers 409 and leaves the order ready, stock untouched', async () => {
    const a = await sku(3);
    const order = await newOrder([{ sku: a, quantity: 3 }]);
    expect((await transition(op, order.id, 'ready_to_ship')).status).toBe(200);
    // the stocktake counts 1: onHand falls under what the reservation holds
    expect((await op.api('/stock/adjustments', { json: { items: [{ sku: a, mode: 'set', quantity: 1, reason: '棚卸' }], kind: 'stocktake' } })).status).toBe(200);
    await expect409(await ship(op, order.id), 'insufficient_on_hand', 'ship short');
    expect(await getOrder(op, order.id)).toMatchObject({ status: 'ready_to_ship', reserved: true, shipping: expect.objectContaining({ trackingNumber: null, shippedAt: null }) });
    expect((await stockOf(op, a)).onHand).toBe(1);
  });

  it('shipping a ready order commits its stock (onHand and reserved fall) and records carrier and tracking number', async () => {
    const a = await sku(10);
    const b = await sku(4);
    const order = await newOrder([
      { sku: a, quantity: 3 },
      { sku: b, quantity: 4 },
    ]);
    expect((await transition(op, order.id, 'ready_to_ship')).status).toBe(200);
    expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 3, available: 7 });
    const res = await ship(op, order.id, 'sagawa', '1234-5678-9012');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { order: Order }).order).toMatchObject({ status: 'shipped', reserved: false });
    const shipped = await getOrder(op, order.id);
    expect(shipped.shipping).toMatchObject({ carrier: 'sagawa', trackingNumber: '1234-5678-9012', shippedAt: expect.any(String) });
    expect(await stockOf(op, a)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect(await stockOf(op, b)).toEqual({ onHand: 0, reserved: 0, available: 0 });
    expect((await ledgerOfSku(op, a))[0]).toMatchObject({ kind: 'ship', deltaOnHand: -3, deltaReserved: -3, reference: order.id, actor });

    // the whole history, with who did what
    expect(workflowEvents(shipped).map((e) => [e.kind, e.actor])).toEqual([
      ['created', actor],
      ['reserved', actor],
      ['status', actor],
      ['shipped', actor],
    ]);
    expect(shipped.events.find((e) => e.kind === 'shipped')?.detail).toEqual({ carrier: 'sagawa', trackingNumber: '1234-5678-9012' });

    // shipping again is refused and ships nothing twice
    await expect409(await ship(op, order.id), 'invalid_transition', 'ship twice');
    expect(await stockOf(op, a)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect((await getOrder(op, order.id)).shipping).toMatchObject({ carrier: 'sagawa', trackingNumber: '1234-5678-9012' });
  });

  it('an order shipped twice at once ships once: one answer 200, the other 409, and the order keeps the tracking number that was answered 200', async () => {
    const conc = await signIn(t, 'op', new Client({ concurrent: true }));
    const a = await sku(10);
    const order = await newOrder([{ sku: a, quantity: 2 }]);
    expect((await transition(op, order.id, 'ready_to_ship')).status).toBe(200);
    const tracking = ['4000-0000-1111', '4000-0000-2222'];
    const answers = await Promise.all(tracking.map((tn) => ship(conc, order.id, 'yamato', tn)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = tracking[answers.findIndex((r) => r.status === 200)];
    const shipped = await getOrder(op, order.id);
    expect(shipped).toMatchObject({ status: 'shipped', shipping: { carrier: 'yamato', trackingNumber: won } });
    expect(shipped.events.filter((e) => e.kind === 'shipped').map((e) => e.detail)).toEqual([{ carrier: 'yamato', trackingNumber: won }]);
    expect(await stockOf(op, a)).toEqual({ onHand: 8, reserved: 0, available: 8 });
  });

  it('only a ready order ships: from any other status it answers 409 and the stock stays', async () => {
    const a = await sku(10);
    const order = await newOrder([{ sku: a, quantity: 2 }]);
    for (const s of ['new', 'awaiting_payment', 'on_hold', 'awaiting_stock'] as Status[]) {
      if ((await statusOf(order.id)) !== s) expect((await transition(op, order.id, s)).status).toBe(200);
      await expect409(await ship(op, order.id), 'invalid_transition', `ship from ${s}`);
      expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 2, available: 8 });
    }
    const waiting = await newOrder([{ sku: a, quantity: 50 }]);
    await expect409(await ship(op, waiting.id), 'invalid_transition', 'ship a waiting order');
    const cancelled = await newOrder([{ sku: a, quantity: 1 }]);
    expect((await cancel(op, cancelled.id)).status).toBe(200);
    await expect409(await ship(op, cancelled.id), 'invalid_transition', 'ship a cancelled order');
    expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 2, available: 8 });
    // a ship request without a usable carrier or tracking number is a 400, and ships nothing
    expect((await transition(op, order.id, 'ready_to_ship')).status).toBe(200);
    for (const body of [{ carrier: 'pigeon', trackingNumber: '1234-5678' }, { carrier: 'yamato', trackingNumber: 'x' }, { carrier: 'yamato' }]) {
      const res = await op.api(`/orders/${order.id}/ship`, { json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      await errorOf(res);
    }
    expect(await getOrder(op, order.id)).toMatchObject({ status: 'ready_to_ship', reserved: true });
  });

  it('an order that does not exist answers 404 on every action', async () => {
    for (const res of [await op.api('/orders/01JZZZZZZZZZZZZZZZZZZZZZZZ'), await transition(op, '01JZZZZZZZZZZZZZZZZZZZZZZZ', 'on_hold'), await cancel(op, '01JZZZZZZZZZZZZZZZZZZZZZZZ'), await ship(op, '01JZZZZZZZZZZZZZZZZZZZZZZZ')]) {
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
  });
});
