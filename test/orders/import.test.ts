import { beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/client';
import { createSku, getOrder, importOrder, ledgerOfSku, orderBody, stockOf, workflowEvents } from '../helpers/orders';
import { createTenant, signIn, sql, type Tenant } from '../helpers/tenant';

/**
 * Order import (POST /orders): idempotent by (channelId, externalId), also
 * under concurrent retries, and reserving the order's stock on arrival, all
 * lines or none.
 */
describe('importing an order', () => {
  let t: Tenant;
  let op: Client;
  let n = 0;
  const sku = (stock: number) => createSku(op, `IM-${++n}`, stock);

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
  });

  describe('idempotency by (channelId, externalId)', () => {
    it('the same order sent twice answers 201 then 200 with the same order and makes one reservation', async () => {
      const a = await sku(10);
      const body = orderBody({ externalId: 'RK-1001', channelId: 'rakuten-1', lines: [{ sku: a, quantity: 3, unitPrice: 1200 }] });
      const first = await importOrder(op, body);
      expect(first.status).toBe(201);
      expect(first.order).toMatchObject({ channelId: 'rakuten-1', externalId: 'RK-1001', status: 'new', reserved: true, stockWarning: false });
      expect(first.order.totals).toMatchObject({ items: 3600, total: 3600 });

      const again = await importOrder(op, body);
      expect(again.status).toBe(200);
      expect(again.order.id).toBe(first.order.id);
      expect(again.order.number).toBe(first.order.number);

      expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 3, available: 7 });
      const reserves = (await ledgerOfSku(op, a)).filter((r) => r.kind === 'reserve');
      expect(reserves).toEqual([expect.objectContaining({ deltaReserved: 3, reference: first.order.id })]);
      const rows = await sql('SELECT id FROM orders WHERE account_id = ? AND external_id = ?', t.id, 'RK-1001');
      expect(rows).toHaveLength(1);
      // the repeat left no trace in the history either
      expect((await getOrder(op, first.order.id)).events.filter((e) => e.kind === 'created')).toHaveLength(1);
    });

    it('the same external id on another channel is another order', async () => {
      const a = await sku(10);
      const one = await importOrder(op, orderBody({ externalId: 'SHARED-1', channelId: 'rakuten-1', lines: [{ sku: a, quantity: 1, unitPrice: 500 }] }));
      const two = await importOrder(op, orderBody({ externalId: 'SHARED-1', channelId: 'yahoo-1', lines: [{ sku: a, quantity: 1, unitPrice: 500 }] }));
      expect([one.status, two.status]).toEqual([201, 201]);
      expect(two.order.id).not.toBe(one.order.id);
      expect(two.order.number).not.toBe(one.order.number);
      expect(await stockOf(op, a)).toMatchObject({ reserved: 2 });
    });

    it('the same import sent 10 times at once is one order with one number and one reservation, and burns no order numbers', async () => {
      const own = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
      const conc = await signIn(own, 'op', new Client({ concurrent: true }));
      const a = await createSku(conc, 'STORM-1', 20);
      const b = await createSku(conc, 'STORM-2', 20);
      const before = await importOrder(conc, orderBody({ externalId: 'BEFORE', lines: [{ sku: b, quantity: 1, unitPrice: 100 }] }));
      expect(before.order.number).toBe('K000001');

      const body = orderBody({ externalId: 'AMZ-503-1234567', channelId: 'amazon-1', lines: [{ sku: a, quantity: 4, unitPrice: 980 }, { sku: b, quantity: 2, unitPrice: 1500 }] });
      const answers = await Promise.all(Array.from({ length: 10 }, () => conc.api('/orders', { json: body })));
      const bodies = (await Promise.all(answers.map((r) => r.json()))) as { order: { id: string; number: string } }[];
      expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(bodies.map((b) => b.order.id)).size).toBe(1);
      expect(new Set(bodies.map((b) => b.order.number))).toEqual(new Set(['K000002']));
      const id = bodies[0].order.id;

      expect(await sql('SELECT id FROM orders WHERE account_id = ? AND external_id = ?', own.id, 'AMZ-503-1234567')).toEqual([{ id }]);
      expect(await sql('SELECT line_no FROM order_lines WHERE order_id = ? ORDER BY line_no', id)).toEqual([{ line_no: 1 }, { line_no: 2 }]);
      expect(await sql("SELECT kind FROM order_events WHERE order_id = ? AND kind = 'created'", id)).toHaveLength(1);
      expect(await stockOf(conc, a)).toEqual({ onHand: 20, reserved: 4, available: 16 });
      expect(await stockOf(conc, b)).toEqual({ onHand: 20, reserved: 3, available: 17 });
      expect((await ledgerOfSku(conc, a)).filter((r) => r.kind === 'reserve').map((r) => r.reference)).toEqual([id]);
      expect(await getOrder(conc, id)).toMatchObject({ status: 'new', reserved: true, stockWarning: false });

      // the next order continues the sequence: the nine retries took no numbers
      const after = await importOrder(conc, orderBody({ externalId: 'AFTER', lines: [{ sku: b, quantity: 1, unitPrice: 100 }] }));
      expect(after.order.number).toBe('K000003');
    });

    it('ten different orders at once for five units: five are reserved, five wait for stock, nothing is oversold', async () => {
      const conc = await signIn(t, 'op', new Client({ concurrent: true }));
      const a = await sku(5);
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => conc.api('/orders', { json: orderBody({ externalId: `RUSH-${a}-${i}`, lines: [{ sku: a, quantity: 1, unitPrice: 3000 }] }) })),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
      const orders = ((await Promise.all(answers.map((r) => r.json()))) as { order: { number: string; status: string; reserved: boolean } }[]).map((b) => b.order);
      expect(new Set(orders.map((o) => o.number)).size).toBe(10);
      expect(orders.filter((o) => o.reserved && o.status === 'new')).toHaveLength(5);
      expect(orders.filter((o) => !o.reserved && o.status === 'awaiting_stock')).toHaveLength(5);
      expect(await stockOf(op, a)).toEqual({ onHand: 5, reserved: 5, available: 0 });
    });
  });

  describe('stock on arrival', () => {
    it('an order whose lines fit is new, reserved, without a stock warning, and its units are reserved', async () => {
      const a = await sku(10);
      const b = await sku(2);
      const before = await stockOf(op, a);
      const { status, order } = await importOrder(op, orderBody({ externalId: 'OK-1', lines: [{ sku: a, quantity: 4, unitPrice: 800 }, { sku: b, quantity: 2, unitPrice: 2000 }] }));
      expect(status).toBe(201);
      expect(order).toMatchObject({ status: 'new', reserved: true, stockWarning: false });
      expect(order.lines.map((l) => [l.sku, l.quantity, l.shortage])).toEqual([
        [a, 4, 0],
        [b, 2, 0],
      ]);
      expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: before.reserved + 4, available: before.available - 4 });
      expect(await stockOf(op, b)).toEqual({ onHand: 2, reserved: 2, available: 0 });
      expect(workflowEvents(order).map((e) => [e.kind, e.actor])).toEqual([
        ['created', `user:${t.users.op.id}`],
        ['reserved', `user:${t.users.op.id}`],
      ]);
      // the ledger says which order holds the units
      expect((await ledgerOfSku(op, a))[0]).toMatchObject({ kind: 'reserve', deltaReserved: 4, reference: order.id, actor: `user:${t.users.op.id}` });
    });

    it('an unpaid bank transfer order is reserved but waits for payment', async () => {
      const a = await sku(5);
      const { order } = await importOrder(op, orderBody({ externalId: 'BT-1', payment: { method: 'bank_transfer', paid: false }, lines: [{ sku: a, quantity: 2, unitPrice: 5000 }] }));
      expect(order).toMatchObject({ status: 'awaiting_payment', reserved: true, stockWarning: false });
      expect(await stockOf(op, a)).toMatchObject({ reserved: 2 });
      // paid already, or cash on delivery: nothing to wait for
      const paid = await importOrder(op, orderBody({ externalId: 'BT-2', payment: { method: 'bank_transfer', paid: true }, lines: [{ sku: a, quantity: 1, unitPrice: 5000 }] }));
      expect(paid.order.status).toBe('new');
      const cod = await importOrder(op, orderBody({ externalId: 'COD-1', payment: { method: 'cod', paid: false }, lines: [{ sku: a, quantity: 1, unitPrice: 5000 }] }));
      expect(cod.order.status).toBe('new');
    });

    it('an order with a short line waits for stock with a warning, names the short line, and reserves nothing at all', async () => {
      const plenty = await sku(50);
      const scarce = await sku(1);
      const { order } = await importOrder(
        op,
        orderBody({ externalId: 'SHORT-1', lines: [{ sku: plenty, quantity: 5, unitPrice: 100 }, { sku: scarce, quantity: 3, unitPrice: 100 }] }),
      );
      expect(order).toMatchObject({ status: 'awaiting_stock', reserved: false, stockWarning: true });
      expect(order.lines.map((l) => [l.sku, l.shortage])).toEqual([
        [plenty, 0],
        [scarce, 2],
      ]);
      // all or nothing: the line that would have fitted holds nothing either
      expect(await stockOf(op, plenty)).toEqual({ onHand: 50, reserved: 0, available: 50 });
      expect(await stockOf(op, scarce)).toEqual({ onHand: 1, reserved: 0, available: 1 });
      expect((await ledgerOfSku(op, plenty)).filter((r) => r.kind === 'reserve')).toEqual([]);
      const warning = order.events.find((e) => e.kind === 'stock_warning');
      expect(warning?.detail).toEqual({ shortages: [{ sku: scarce, missing: 2 }] });
      // the stock warning shows in the list
      const list = (await (await op.api('/orders?stockWarning=true&q=SHORT-1')).json()) as { items: { id: string; stockWarning: boolean }[] };
      expect(list.items).toEqual([expect.objectContaining({ id: order.id, stockWarning: true })]);
    });

    it('an order for a SKU that does not exist waits for stock, with the whole line short', async () => {
      const a = await sku(10);
      const { status, order } = await importOrder(
        op,
        orderBody({ externalId: 'GHOST-1', lines: [{ sku: a, quantity: 1, unitPrice: 100 }, { sku: 'NO-SUCH-SKU-9', quantity: 2, unitPrice: 100 }] }),
      );
      expect(status).toBe(201);
      expect(order).toMatchObject({ status: 'awaiting_stock', reserved: false, stockWarning: true });
      expect(order.lines.map((l) => [l.sku, l.shortage])).toEqual([
        [a, 0],
        ['NO-SUCH-SKU-9', 2],
      ]);
      expect(await stockOf(op, a)).toMatchObject({ reserved: 0 });
    });

    it('an unpaid bank transfer order that lacks stock waits for stock first', async () => {
      const a = await sku(0);
      const { order } = await importOrder(op, orderBody({ externalId: 'BT-SHORT', payment: { method: 'bank_transfer', paid: false }, lines: [{ sku: a, quantity: 1, unitPrice: 100 }] }));
      expect(order).toMatchObject({ status: 'awaiting_stock', stockWarning: true, reserved: false });
    });
  });
});
