import { beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/client';
import { createSku, getOrder, importOrder, orderBody, stockOf } from '../helpers/orders';
import { createTenant, signIn, sql, type Tenant } from '../helpers/tenant';

/**
 * What happens on arrival beyond the reservation: the order's own flags
 * (blacklist, repeat buyer), the automatic processing rules (自動処理), their
 * simulation (which must change nothing), and the batch import that runs the
 * same arrival for up to 100 orders in one call.
 */
describe('arrival: flags, rules and the batch import', () => {
  let t: Tenant;
  let op: Client;
  let n = 0;
  const sku = (stock: number) => createSku(op, `AR-${++n}`, stock);
  const rule = async (body: Record<string, unknown>) => {
    const r = await op.api('/order-rules', { json: { priority: 100, enabled: true, ...body } });
    expect(r.status).toBe(201);
    return (await r.json()) as { id: string };
  };
  const dropRules = async () => {
    const list = (await (await op.api('/order-rules')).json()) as { items: { id: string }[] };
    for (const r of list.items) expect((await op.api(`/order-rules/${r.id}`, { method: 'DELETE' })).status).toBe(204);
  };

  beforeAll(async () => {
    // 権限 rules: this operator also changes the order rules and the blacklist
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator', permissions: ['stock_adjust', 'csv_import', 'export', 'personal_data', 'rules'] }] });
    op = await signIn(t, 'op');
  });

  it('a blacklisted phone and a repeat buyer are flagged on arrival', async () => {
    const a = await sku(10);
    expect((await op.api('/blacklist', { json: { kind: 'phone', value: '090-0000-1111' } })).status).toBe(201);
    const bad = await importOrder(op, orderBody({ externalId: 'BL-1', phone: '09000001111', lines: [{ sku: a, quantity: 1, unitPrice: 100 }] }));
    expect(bad.order.flags).toContain('blacklist');
    const first = await importOrder(op, orderBody({ externalId: 'RP-1', phone: '080-7777-0001', lines: [{ sku: a, quantity: 1, unitPrice: 100 }] }));
    expect(first.order.flags).not.toContain('repeat');
    const second = await importOrder(op, orderBody({ externalId: 'RP-2', phone: '080-7777-0001', lines: [{ sku: a, quantity: 1, unitPrice: 100 }] }));
    expect(second.order.flags).toContain('repeat');
  });

  it('rules set a flag, a carrier and a status on arrival, and the history says so', async () => {
    const a = await sku(10);
    await rule({ name: '北海道は佐川', conditions: [{ field: 'prefecture', op: 'in', value: ['北海道'] }], actions: [{ type: 'carrier', value: 'sagawa' }, { type: 'flag', value: '要確認' }] });
    await rule({ name: '高額は保留', priority: 200, conditions: [{ field: 'total', op: 'gte', value: 50_000 }], actions: [{ type: 'status', value: 'on_hold' }] });
    const small = await importOrder(op, orderBody({ externalId: 'RULE-1', lines: [{ sku: a, quantity: 1, unitPrice: 1000 }] }));
    expect(small.order).toMatchObject({ status: 'new', shipping: expect.objectContaining({ carrier: 'sagawa' }) });
    expect(small.order.flags).toContain('要確認');
    const big = await importOrder(op, orderBody({ externalId: 'RULE-2', lines: [{ sku: a, quantity: 1, unitPrice: 60_000 }] }));
    expect(big.order.status).toBe('on_hold');
    // held orders keep their reservation
    expect(big.order.reserved).toBe(true);
    const stored = await getOrder(op, big.order.id);
    expect(stored.status).toBe('on_hold');
    const history = stored.events.find((e) => e.kind === 'rules');
    expect(history).toMatchObject({ actor: 'system:rules', detail: expect.objectContaining({ status: { from: 'new', to: 'on_hold' } }) });
    await dropRules();
  });

  it('a rule may not move an order where the workflow forbids it: the move is refused and recorded', async () => {
    const a = await sku(0);
    await rule({ name: 'すぐ出荷', conditions: [], actions: [{ type: 'status', value: 'ready_to_ship' }] });
    const o = await importOrder(op, orderBody({ externalId: 'RULE-REFUSED', lines: [{ sku: a, quantity: 1, unitPrice: 1000 }] }));
    expect(o.order.status).toBe('awaiting_stock');
    const history = (await getOrder(op, o.order.id)).events.find((e) => e.kind === 'rules');
    expect(history?.detail).toMatchObject({ status: null, refused: 'stock_not_reserved' });
    await dropRules();
  });

  it('simulation shows what a rule would do to existing orders and changes nothing', async () => {
    const a = await sku(10);
    const o = await importOrder(op, orderBody({ externalId: 'SIM-1', lines: [{ sku: a, quantity: 2, unitPrice: 40_000 }] }));
    const before = await sql('SELECT status, flags, carrier, updated_at FROM orders WHERE account_id = ? ORDER BY id', t.id);
    const events = await sql('SELECT COUNT(*) AS n FROM order_events WHERE account_id = ?', t.id);
    const r = await op.api('/order-rules/simulate', {
      json: { rule: { name: '高額', conditions: [{ field: 'total', op: 'gte', value: 50_000 }], actions: [{ type: 'status', value: 'on_hold' }, { type: 'flag', value: '高額' }] } },
    });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { checked: number; matched: { orderId: string; plan: { status: string | null; flags: string[] } }[] };
    expect(body.matched.find((m) => m.orderId === o.order.id)?.plan).toMatchObject({ status: 'on_hold', flags: ['高額'] });
    expect(await sql('SELECT status, flags, carrier, updated_at FROM orders WHERE account_id = ? ORDER BY id', t.id)).toEqual(before);
    expect(await sql('SELECT COUNT(*) AS n FROM order_events WHERE account_id = ?', t.id)).toEqual(events);
    expect(((await (await op.api('/order-rules')).json()) as { items: unknown[] }).items).toEqual([]);
  });

  describe('POST /orders/batch', () => {
    it('imports many orders in one call: one result each, in order, idempotent, each reserving its own stock', async () => {
      const a = await sku(3);
      const orders = [1, 2, 3, 4].map((i) => orderBody({ externalId: `BATCH-${i}`, channelId: 'rakuten-b', lines: [{ sku: a, quantity: 1, unitPrice: 500 }] }));
      const r = await op.api('/orders/batch', { json: { orders } });
      expect(r.status).toBe(200);
      const { results } = (await r.json()) as { results: { externalId: string; created: boolean; status: string; stockWarning: boolean; number: string }[] };
      expect(results.map((x) => [x.externalId, x.created, x.status, x.stockWarning])).toEqual([
        ['BATCH-1', true, 'new', false],
        ['BATCH-2', true, 'new', false],
        ['BATCH-3', true, 'new', false],
        ['BATCH-4', true, 'awaiting_stock', true],
      ]);
      expect(new Set(results.map((x) => x.number)).size).toBe(4);
      expect(await stockOf(op, a)).toEqual({ onHand: 3, reserved: 3, available: 0 });

      // again, with one new order and one repeated twice inside the batch
      const again = await op.api('/orders/batch', { json: { orders: [orders[0], orderBody({ externalId: 'BATCH-5', channelId: 'rakuten-b', lines: [{ sku: a, quantity: 1, unitPrice: 500 }] }), orders[0]] } });
      const second = (await again.json()) as { results: { externalId: string; created: boolean; id: string }[] };
      expect(second.results.map((x) => [x.externalId, x.created])).toEqual([
        ['BATCH-1', false],
        ['BATCH-5', true],
        ['BATCH-1', false],
      ]);
      expect(second.results[0].id).toBe(second.results[2].id);
      expect(await sql('SELECT COUNT(*) AS n FROM orders WHERE account_id = ? AND channel_id = ?', t.id, 'rakuten-b')).toEqual([{ n: 5 }]);
      expect(await stockOf(op, a)).toEqual({ onHand: 3, reserved: 3, available: 0 });
    });

    it('two orders of the same buyer in one batch: the second is a repeat buyer', async () => {
      const a = await sku(5);
      const r = await op.api('/orders/batch', {
        json: { orders: ['B-RP-1', 'B-RP-2'].map((id) => orderBody({ externalId: id, phone: '080-5555-0101', lines: [{ sku: a, quantity: 1, unitPrice: 100 }] })) },
      });
      const { results } = (await r.json()) as { results: { id: string }[] };
      expect((await getOrder(op, results[0].id)).flags).not.toContain('repeat');
      expect((await getOrder(op, results[1].id)).flags).toContain('repeat');
    });

    it('refuses more than 100 orders and an empty list with 400', async () => {
      const many = Array.from({ length: 101 }, (_, i) => orderBody({ externalId: `MANY-${i}` }));
      expect((await op.api('/orders/batch', { json: { orders: many } })).status).toBe(400);
      expect((await op.api('/orders/batch', { json: { orders: [] } })).status).toBe(400);
    });
  });
});
