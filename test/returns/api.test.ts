import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type Client } from '../helpers/client';
import { createSku, getOrder, importOrder, orderBody, ship, stockOf, transition } from '../helpers/orders';
import { createTenant, signIn, sql, type Tenant } from '../helpers/tenant';

/**
 * 返品・交換 over the API: a return of a shipped order puts its sellable units
 * (and only those) back into stock through the ledger, never more than was
 * shipped, once however often it is sent; an exchange makes the replacement
 * as a manual order linked both ways; the refund is audited.
 */

interface ReturnJson {
  id: string;
  number: string;
  orderId: string;
  orderNumber: string;
  reason: string;
  note: string | null;
  refund: { status: string; amount: number };
  exchangeOrderId: string | null;
  exchangeOrderNumber: string | null;
  lines: { lineNo: number; sku: string; name: string | null; quantity: number; sellable: number; restocked: boolean }[];
  units: number;
  sellableUnits: number;
  createdBy: string | null;
  createdByName: string | null;
}

interface LedgerJson {
  kind: string;
  deltaOnHand: number;
  reason: string | null;
  reference: string | null;
  actor: string | null;
}

let seq = 0;
/** An order of `lines`, imported, made ready and shipped. */
const shippedOrder = async (client: Client, lines: { sku: string; quantity: number; unitPrice: number }[]) => {
  const { order } = await importOrder(client, orderBody({ externalId: `RET-${Date.now()}-${++seq}`, lines }));
  expect(order.status).toBe('new');
  expect((await transition(client, order.id, 'ready_to_ship')).status).toBe(200);
  expect((await ship(client, order.id)).status).toBe(200);
  return getOrder(client, order.id);
};

const ledger = async (client: Client, sku: string) => ((await (await client.api(`/stock/${sku}/ledger?limit=50`)).json()) as { items: LedgerJson[] }).items;

describe('returns (返品)', () => {
  let t: Tenant;
  let op: Client;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }, { loginId: 'viewer', role: 'viewer' }] });
    op = await signIn(t, 'op');
  });

  it('puts back exactly the sellable units: 2 returned, 1 sellable → onHand +1, with the reason, the return number and the operator in the ledger', async () => {
    await createSku(op, 'RT-TEE', 10);
    const o = await shippedOrder(op, [{ sku: 'RT-TEE', quantity: 3, unitPrice: 2000 }]);
    const before = await stockOf(op, 'RT-TEE');
    expect(before.onHand).toBe(7);

    const res = await op.api(`/orders/${o.id}/returns`, { json: { lines: [{ sku: 'RT-TEE', quantity: 2, sellable: 1 }], reason: 'defective', note: '1点は汚れあり', refund: { status: 'pending', amount: 4000 } } });
    expect(res.status).toBe(201);
    const { return: ret, replayed } = (await res.json()) as { return: ReturnJson; replayed: boolean };
    expect(replayed).toBe(false);
    expect(ret).toMatchObject({
      number: expect.stringMatching(/^R\d{6}$/),
      orderId: o.id,
      orderNumber: o.number,
      reason: 'defective',
      note: '1点は汚れあり',
      refund: { status: 'pending', amount: 4000 },
      exchangeOrderId: null,
      units: 2,
      sellableUnits: 1,
      createdBy: `user:${t.users.op.id}`,
      lines: [{ lineNo: 1, sku: 'RT-TEE', name: null, quantity: 2, sellable: 1, restocked: true }],
    });
    expect(ret.createdByName).toContain('op');

    const after = await stockOf(op, 'RT-TEE');
    expect(after.onHand).toBe(before.onHand + 1);
    expect(after.available).toBe(before.available + 1);
    const [entry] = await ledger(op, 'RT-TEE');
    expect(entry).toMatchObject({ deltaOnHand: 1, reason: `返品 ${o.number}`, reference: ret.number, actor: `user:${t.users.op.id}` });

    // the order's history and the operation log name the return
    const history = (await getOrder(op, o.id)).events.filter((e) => e.kind === 'returned');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ actor: `user:${t.users.op.id}`, detail: { returnId: ret.id, number: ret.number, reason: 'defective', units: 2, sellable: 1 } });
    const admin = await signIn(t, 'admin');
    const ops = ((await (await admin.api('/logs/operations?limit=50')).json()) as { items: { action: string; targetId: string; after: Record<string, unknown> }[] }).items;
    expect(ops.find((i) => i.action === 'order.return' && i.targetId === o.id)?.after).toMatchObject({ number: o.number, returnNumber: ret.number, units: 2, sellableUnits: 1 });
  });

  it('never takes back more than was shipped: the rest is returnable, one more unit is 409 over_return, and nothing moves', async () => {
    await createSku(op, 'RT-MUG', 5);
    const o = await shippedOrder(op, [{ sku: 'RT-MUG', quantity: 2, unitPrice: 1500 }]);
    expect((await op.api(`/orders/${o.id}/returns`, { json: { lines: [{ sku: 'RT-MUG', quantity: 1, sellable: true }], reason: 'customer' } })).status).toBe(201);
    const stock = await stockOf(op, 'RT-MUG');

    const over = await op.api(`/orders/${o.id}/returns`, { json: { lines: [{ sku: 'RT-MUG', quantity: 2, sellable: true }], reason: 'customer' } });
    expect(over.status).toBe(409);
    const e = await errorOf(over);
    expect(e.code).toBe('over_return');
    expect(e.details).toEqual([expect.objectContaining({ field: 'lines.0.quantity', code: 'over_return' })]);
    expect(await stockOf(op, 'RT-MUG')).toEqual(stock);

    const list = (await (await op.api(`/orders/${o.id}/returns`)).json()) as { items: ReturnJson[]; returnable: { sku: string; shipped: number; returned: number; remaining: number }[] };
    expect(list.items).toHaveLength(1);
    expect(list.returnable).toEqual([{ sku: 'RT-MUG', name: null, shipped: 2, returned: 1, remaining: 1 }]);

    // a SKU not on the order, or more sellable than returned: 400 with the field
    const bad = await op.api(`/orders/${o.id}/returns`, { json: { lines: [{ sku: 'RT-NONE', quantity: 1, sellable: 0 }], reason: 'customer' } });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: 'invalid_return', details: [expect.objectContaining({ field: 'lines.0.sku', code: 'not_on_order' })] });
    const tooSellable = await op.api(`/orders/${o.id}/returns`, { json: { lines: [{ sku: 'RT-MUG', quantity: 1, sellable: 2 }], reason: 'customer' } });
    expect(tooSellable.status).toBe(400);
  });

  it('takes returns only of shipped orders (409 order_not_shipped), and validates the body (400, never 500)', async () => {
    await createSku(op, 'RT-OPEN', 5);
    const { order } = await importOrder(op, orderBody({ externalId: `RET-OPEN-${Date.now()}`, lines: [{ sku: 'RT-OPEN', quantity: 1, unitPrice: 500 }] }));
    const res = await op.api(`/orders/${order.id}/returns`, { json: { lines: [{ sku: 'RT-OPEN', quantity: 1, sellable: 1 }], reason: 'customer' } });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('order_not_shipped');
    for (const body of [{}, { lines: [], reason: 'customer' }, { lines: [{ sku: 'RT-OPEN', quantity: 0, sellable: 0 }], reason: 'customer' }, { lines: [{ sku: 'RT-OPEN', quantity: 1, sellable: 0 }], reason: 'bored' }, { lines: [{ sku: 'RT-OPEN', quantity: 1, sellable: 0 }], reason: 'customer', refund: { status: 'refunded', amount: -5 } }]) {
      const r = await op.api(`/orders/${order.id}/returns`, { json: body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(r)).code).toBe('validation_error');
    }
  });

  it('sent twice with the same requestKey, restocks once and answers the same return; the key on another return is 422', async () => {
    await createSku(op, 'RT-KEY', 10);
    const o = await shippedOrder(op, [{ sku: 'RT-KEY', quantity: 4, unitPrice: 800 }]);
    const before = await stockOf(op, 'RT-KEY');
    const body = { lines: [{ sku: 'RT-KEY', quantity: 2, sellable: 2 }], reason: 'customer', requestKey: `key-${o.id}` };
    const [a, b] = await Promise.all([op.api(`/orders/${o.id}/returns`, { json: body }), op.api(`/orders/${o.id}/returns`, { json: body })]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const ra = ((await a.json()) as { return: ReturnJson }).return;
    const rb = ((await b.json()) as { return: ReturnJson }).return;
    expect(ra.id).toBe(rb.id);
    expect((await stockOf(op, 'RT-KEY')).onHand).toBe(before.onHand + 2);
    expect((await ledger(op, 'RT-KEY')).filter((e) => e.reference === ra.number)).toHaveLength(1);
    const again = await op.api(`/orders/${o.id}/returns`, { json: body });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { replayed: boolean }).replayed).toBe(true);
    expect((await stockOf(op, 'RT-KEY')).onHand).toBe(before.onHand + 2);

    // a restock the return did not get to record (the answer was lost after the ledger moved) is found in the ledger, not made again
    await sql('UPDATE return_lines SET restocked = 0 WHERE return_id = ?', ra.id);
    const finished = await op.api(`/orders/${o.id}/returns`, { json: body });
    expect(finished.status).toBe(200);
    expect(((await finished.json()) as { return: ReturnJson }).return.lines[0].restocked).toBe(true);
    expect((await stockOf(op, 'RT-KEY')).onHand).toBe(before.onHand + 2);

    const reused = await op.api(`/orders/${o.id}/returns`, { json: { ...body, lines: [{ sku: 'RT-KEY', quantity: 1, sellable: 0 }] } });
    expect(reused.status).toBe(422);
    expect((await errorOf(reused)).code).toBe('request_key_reused');
  });

  it('a sellable set (セット商品) puts its components back', async () => {
    await createSku(op, 'RT-SET-A', 10);
    await createSku(op, 'RT-SET-B', 10);
    expect((await op.api('/skus', { json: { code: 'RT-SET', name: 'ギフトセット', components: [{ sku: 'RT-SET-A', quantity: 2 }, { sku: 'RT-SET-B', quantity: 1 }] } })).status).toBe(201);
    const o = await shippedOrder(op, [{ sku: 'RT-SET', quantity: 2, unitPrice: 5000 }]);
    const [a, b] = [await stockOf(op, 'RT-SET-A'), await stockOf(op, 'RT-SET-B')];
    expect([a.onHand, b.onHand]).toEqual([6, 8]);
    const res = await op.api(`/orders/${o.id}/returns`, { json: { lines: [{ sku: 'RT-SET', quantity: 2, sellable: 1 }], reason: 'customer' } });
    expect(res.status).toBe(201);
    expect([(await stockOf(op, 'RT-SET-A')).onHand, (await stockOf(op, 'RT-SET-B')).onHand]).toEqual([8, 9]);
  });

  it('records units that are not sellable without moving stock', async () => {
    await createSku(op, 'RT-BAD', 6);
    const o = await shippedOrder(op, [{ sku: 'RT-BAD', quantity: 2, unitPrice: 700 }]);
    const before = await stockOf(op, 'RT-BAD');
    const ledgerBefore = await ledger(op, 'RT-BAD');
    const body = { lines: [{ sku: 'RT-BAD', quantity: 2, sellable: false }], reason: 'damaged', refund: { status: 'refunded', amount: 1400 } };
    const res = await op.api(`/orders/${o.id}/returns`, { json: body, headers: { 'idempotency-key': `idem-${o.id}` } });
    expect(res.status).toBe(201);
    // the Idempotency-Key header works as the requestKey
    expect((await op.api(`/orders/${o.id}/returns`, { json: body, headers: { 'idempotency-key': `idem-${o.id}` } })).status).toBe(200);
    expect(((await res.json()) as { return: ReturnJson }).return.lines).toEqual([expect.objectContaining({ quantity: 2, sellable: 0, restocked: false })]);
    expect(await stockOf(op, 'RT-BAD')).toEqual(before);
    expect(await ledger(op, 'RT-BAD')).toEqual(ledgerBefore);
  });

  it('another account’s order and return are 404, exactly like ids that do not exist, and nothing changes', async () => {
    await createSku(op, 'RT-MINE', 5);
    const o = await shippedOrder(op, [{ sku: 'RT-MINE', quantity: 2, unitPrice: 900 }]);
    const mine = ((await (await op.api(`/orders/${o.id}/returns`, { json: { lines: [{ sku: 'RT-MINE', quantity: 1, sellable: 0 }], reason: 'other' } })).json()) as { return: ReturnJson }).return;
    const other = await signIn(await createTenant(), 'admin');
    const missing = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
    const calls = (orderId: string, returnId: string) =>
      [
        [`/orders/${orderId}/returns`, { json: { lines: [{ sku: 'RT-MINE', quantity: 1, sellable: 1 }], reason: 'customer' } }],
        [`/orders/${orderId}/returns`, {}],
        [`/returns/${returnId}`, {}],
        [`/returns/${returnId}`, { method: 'PATCH', json: { refund: { status: 'refunded', amount: 100 } } }],
        [`/returns/${returnId}/exchange`, { json: { lines: [{ sku: 'RT-MINE', quantity: 1 }] } }],
      ] as const;
    const theirs = calls(o.id, mine.id);
    const none = calls(missing, missing);
    for (let i = 0; i < theirs.length; i++) {
      const res = await other.api(theirs[i][0], theirs[i][1]);
      expect(res.status, theirs[i][0]).toBe(404);
      const body = await res.text();
      expect(JSON.parse(body).error.code).toBe('not_found');
      expect(await (await other.api(none[i][0], none[i][1])).text()).toBe(body);
    }
    expect(((await (await other.api('/returns')).json()) as { total: number }).total).toBe(0);
    const still = ((await (await op.api(`/returns/${mine.id}`)).json()) as { return: ReturnJson }).return;
    expect(still).toMatchObject({ refund: { status: 'none', amount: 0 }, exchangeOrderId: null, units: 1 });
  });

  it('exchange (交換): a manual order to the same customer, naming the original order, and the return names it', async () => {
    await createSku(op, 'RT-EX-M', 5);
    await createSku(op, 'RT-EX-L', 5);
    const o = await shippedOrder(op, [{ sku: 'RT-EX-M', quantity: 1, unitPrice: 3000 }]);
    const ret = ((await (await op.api(`/orders/${o.id}/returns`, { json: { lines: [{ sku: 'RT-EX-M', quantity: 1, sellable: 1 }], reason: 'exchange', refund: { status: 'not_required', amount: 0 } } })).json()) as { return: ReturnJson }).return;

    const res = await op.api(`/returns/${ret.id}/exchange`, { json: { lines: [{ sku: 'RT-EX-L', quantity: 1 }], note: 'サイズ交換' } });
    expect(res.status).toBe(201);
    const { return: linked, order } = (await res.json()) as { return: ReturnJson; order: { id: string; number: string; channelId: string; externalId: string; note: string; customer: { name: string }; shipTo: { postalCode: string }; totals: { total: number }; status: string } };
    expect(order).toMatchObject({ channelId: 'manual', externalId: `${ret.number}-EX`, customer: { name: o.customer.name }, shipTo: { postalCode: o.shipTo.postalCode }, totals: { total: 0 } });
    expect(order.note).toContain(o.number);
    expect(order.note).toContain(ret.number);
    expect(order.note).toContain('サイズ交換');
    expect(linked).toMatchObject({ exchangeOrderId: order.id, exchangeOrderNumber: order.number });
    // the replacement reserves its stock like any manual order
    expect((await stockOf(op, 'RT-EX-L')).reserved).toBe(1);
    // both orders' histories link the other
    expect((await getOrder(op, o.id)).events.find((e) => e.kind === 'exchange')?.detail).toMatchObject({ returnNumber: ret.number, orderId: order.id, orderNumber: order.number });
    expect((await getOrder(op, order.id)).events.find((e) => e.kind === 'exchange_of')?.detail).toMatchObject({ returnNumber: ret.number, orderId: o.id, orderNumber: o.number });

    const twice = await op.api(`/returns/${ret.id}/exchange`, { json: { lines: [{ sku: 'RT-EX-L', quantity: 1 }] } });
    expect(twice.status).toBe(409);
    expect(await errorOf(twice)).toMatchObject({ code: 'exchange_exists', details: { orderId: order.id, number: order.number } });
  });

  it('changes the refund status and amount, audited with before and after; refuses amounts beyond the order’s total', async () => {
    await createSku(op, 'RT-REF', 5);
    const o = await shippedOrder(op, [{ sku: 'RT-REF', quantity: 2, unitPrice: 1000 }]);
    const ret = ((await (await op.api(`/orders/${o.id}/returns`, { json: { lines: [{ sku: 'RT-REF', quantity: 1, sellable: 1 }], reason: 'customer' } })).json()) as { return: ReturnJson }).return;
    expect(ret.refund).toEqual({ status: 'none', amount: 0 });

    const res = await op.api(`/returns/${ret.id}`, { method: 'PATCH', json: { refund: { status: 'refunded', amount: 1000 }, note: '振込済み' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { return: ReturnJson }).return).toMatchObject({ refund: { status: 'refunded', amount: 1000 }, note: '振込済み' });

    const tooMuch = await op.api(`/returns/${ret.id}`, { method: 'PATCH', json: { refund: { amount: o.totals.total + 1 } } });
    expect(tooMuch.status).toBe(400);
    expect(await errorOf(tooMuch)).toMatchObject({ code: 'invalid_refund', details: [expect.objectContaining({ field: 'refund.amount', code: 'refund_exceeds_total' })] });
    expect((await op.api(`/returns/${ret.id}`, { method: 'PATCH', json: {} })).status).toBe(400);

    const admin = await signIn(t, 'admin');
    const ops = ((await (await admin.api('/logs/operations?limit=50')).json()) as { items: { action: string; targetId: string; userId: string | null; before: Record<string, unknown>; after: Record<string, unknown> }[] }).items;
    const update = ops.filter((i) => i.action === 'return.update' && i.targetId === ret.id);
    expect(update).toHaveLength(1);
    expect(update[0]).toMatchObject({
      before: { refund: { status: 'none', amount: 0 }, note: null },
      after: { number: ret.number, orderNumber: o.number, refund: { status: 'refunded', amount: 1000 }, note: '振込済み' },
    });

    // a viewer reads returns but changes none
    const viewer = await signIn(t, 'viewer');
    expect((await viewer.api(`/returns/${ret.id}`)).status).toBe(200);
    const refused = await viewer.api(`/returns/${ret.id}`, { method: 'PATCH', json: { refund: { status: 'pending' } } });
    expect(refused.status).toBe(403);
  });

  it('lists returns newest first, filtered by refund status, paged on the server with the count of every match', async () => {
    const t2 = await createTenant();
    const a = await signIn(t2, 'admin');
    await createSku(a, 'RT-LIST', 20);
    const o = await shippedOrder(a, [{ sku: 'RT-LIST', quantity: 5, unitPrice: 1000 }]);
    const numbers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const status = i % 2 === 0 ? 'pending' : 'refunded';
      const r = await a.api(`/orders/${o.id}/returns`, { json: { lines: [{ sku: 'RT-LIST', quantity: 1, sellable: 0 }], reason: 'customer', refund: { status, amount: 1000 } } });
      expect(r.status).toBe(201);
      numbers.push(((await r.json()) as { return: ReturnJson }).return.number);
    }
    expect(numbers).toEqual(['R000001', 'R000002', 'R000003', 'R000004', 'R000005']);

    const p1 = (await (await a.api('/returns?limit=2')).json()) as { items: ReturnJson[]; nextCursor: string | null; total: number };
    expect(p1.total).toBe(5);
    expect(p1.items.map((r) => r.number)).toEqual(['R000005', 'R000004']);
    const p2 = (await (await a.api(`/returns?limit=2&cursor=${encodeURIComponent(p1.nextCursor!)}`)).json()) as typeof p1;
    expect(p2.items.map((r) => r.number)).toEqual(['R000003', 'R000002']);
    const pending = (await (await a.api('/returns?refundStatus=pending')).json()) as typeof p1;
    expect(pending.total).toBe(3);
    expect(pending.items.every((r) => r.refund.status === 'pending')).toBe(true);
    const byOrder = (await (await a.api(`/returns?q=${o.number}`)).json()) as typeof p1;
    expect(byOrder.total).toBe(5);
    const byNumber = (await (await a.api('/returns?q=r000002')).json()) as typeof p1;
    expect(byNumber.items.map((r) => r.number)).toEqual(['R000002']);
    expect((await a.api('/returns?refundStatus=lost')).status).toBe(400);
  });
});
