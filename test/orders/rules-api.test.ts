import { describe, expect, it } from 'vitest';
import type { Client } from '../helpers/client';
import { createSku, getOrder, importOrder, orderBody } from '../helpers/orders';
import { createTenant, signIn, sql } from '../helpers/tenant';
import { defaultPermissions } from '../../worker/users/permissions';

/**
 * The rules screen's API: editing (PUT, PATCH), switching a rule on and off,
 * putting the rules in a new running order (POST /order-rules/reorder), and
 * 「今すぐ実行」 (POST /order-rules/run) on the account's 新規受付 orders, with
 * what it changed per order, its history entries, its audit, its bound, and
 * a second run that changes nothing.
 */
interface RuleRow {
  id: string;
  name: string;
  enabled: boolean;
  priority: number;
  conditions: unknown[];
  actions: unknown[];
}
interface RunAnswer {
  examined: number;
  truncated: boolean;
  nextCursor: string | null;
  results: { orderId: string; number: string; rules: { id: string; name: string }[]; changes: { type: string; from: string | null; to: string }[] }[];
  refused: { orderId: string; number: string; code: string; to: string | null }[];
}

const setUp = async () => {
  const t = await createTenant({
    users: [
      // 権限 rules: changing and running the rules
      { loginId: 'op', role: 'operator', permissions: [...defaultPermissions('operator'), 'rules'] },
      { loginId: 'plain', role: 'operator' },
      { loginId: 'viewer', role: 'viewer' },
    ],
  });
  const op = await signIn(t, 'op');
  return { t, op };
};

const create = async (c: Client, body: Record<string, unknown>): Promise<RuleRow> => {
  const r = await c.api('/order-rules', { json: { actions: [{ type: 'flag', value: 'x' }], conditions: [], ...body } });
  expect(r.status, await r.clone().text()).toBe(201);
  return (await r.json()) as RuleRow;
};
const list = async (c: Client) => ((await (await c.api('/order-rules')).json()) as { items: RuleRow[] }).items;
const run = async (c: Client, json: Record<string, unknown> = {}) => {
  const r = await c.api('/order-rules/run', { json });
  expect(r.status, await r.clone().text()).toBe(200);
  return (await r.json()) as RunAnswer;
};
const errorOf = async (r: Response) => ((await r.json()) as { error: { code: string; details?: unknown } }).error;
const audits = (accountId: string, action: string) =>
  sql<{ action: string; target_id: string | null; before: string | null; after: string | null }>('SELECT action, target_id, before, after FROM operation_logs WHERE account_id = ? AND action = ? ORDER BY at, id', accountId, action);

describe('editing and switching rules', () => {
  it('a new rule without a priority runs last; PUT keeps its place unless told; PATCH changes only what it names', async () => {
    const { t, op } = await setUp();
    const a = await create(op, { name: 'A', priority: 500 });
    const b = await create(op, { name: 'B' });
    expect(b.priority).toBe(510);
    expect((await list(op)).map((r) => r.name)).toEqual(['A', 'B']);

    const put = await op.api(`/order-rules/${a.id}`, { method: 'PUT', json: { name: 'A2', conditions: [{ field: 'shippingMethod', op: 'eq', value: 'nekopos' }], actions: [{ type: 'shippingMethod', value: 'takkyubin' }] } });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await put.json()).toMatchObject({ name: 'A2', priority: 500, enabled: true, actions: [{ type: 'shippingMethod', value: 'takkyubin' }] });

    const off = await op.api(`/order-rules/${a.id}`, { method: 'PATCH', json: { enabled: false } });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ name: 'A2', enabled: false, priority: 500, conditions: [{ field: 'shippingMethod' }] });
    const log = (await audits(t.id, 'order_rule.update')).at(-1)!;
    expect(JSON.parse(log.before!)).toEqual({ enabled: true });
    expect(JSON.parse(log.after!)).toEqual({ enabled: false });
  });

  it('PATCH refuses an empty change, unknown fields and values not in the lists with 400', async () => {
    const { op } = await setUp();
    const r = await create(op, { name: 'R' });
    for (const json of [
      {},
      { enabled: 'yes' },
      { colour: 'red' },
      { conditions: [{ field: 'prefecture', op: 'in', value: ['沖縄'] }] },
      { conditions: [{ field: 'paymentMethod', op: 'eq', value: 'daibiki' }] },
      { actions: [{ type: 'shippingMethod', value: 'rocket' }] },
      { actions: [{ type: 'carrier', value: 'dhl' }] },
      { actions: [] },
    ]) {
      const res = await op.api(`/order-rules/${r.id}`, { method: 'PATCH', json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_error');
    }
  });

  it('a switched-off rule does not run on import; switched on again it does', async () => {
    const { op } = await setUp();
    await createSku(op, 'SW-1', 10);
    const r = await create(op, { name: '沖縄以外も', actions: [{ type: 'flag', value: '確認' }] });
    expect((await op.api(`/order-rules/${r.id}`, { method: 'PATCH', json: { enabled: false } })).status).toBe(200);
    const off = await importOrder(op, orderBody({ externalId: 'SW-OFF', lines: [{ sku: 'SW-1', quantity: 1, unitPrice: 100 }] }));
    expect(off.order.flags).not.toContain('確認');
    expect((await op.api(`/order-rules/${r.id}`, { method: 'PATCH', json: { enabled: true } })).status).toBe(200);
    const on = await importOrder(op, orderBody({ externalId: 'SW-ON', lines: [{ sku: 'SW-1', quantity: 1, unitPrice: 100 }] }));
    expect(on.order.flags).toContain('確認');
  });

  it('a shipping-method action applies on import and the history says from what to what', async () => {
    const { op } = await setUp();
    await createSku(op, 'SM-1', 10);
    await create(op, { name: '北海道は宅配便', conditions: [{ field: 'prefecture', op: 'in', value: ['北海道'] }, { field: 'shippingMethod', op: 'eq', value: 'takkyubin' }], actions: [{ type: 'shippingMethod', value: 'compact' }] });
    const o = await importOrder(op, orderBody({ externalId: 'SM-A', lines: [{ sku: 'SM-1', quantity: 1, unitPrice: 100 }] }));
    const stored = await getOrder(op, o.order.id);
    expect((stored as unknown as { shipping: { method: string } }).shipping.method).toBe('compact');
    expect(stored.events.find((e) => e.kind === 'rules')?.detail).toMatchObject({ shippingMethod: { from: 'takkyubin', to: 'compact' } });
  });

  it('another account’s rule is not found by PUT, PATCH or DELETE, and stays as it was', async () => {
    const mine = await setUp();
    const other = await setUp();
    const theirs = await create(other.op, { name: 'theirs' });
    expect((await mine.op.api(`/order-rules/${theirs.id}`, { method: 'PATCH', json: { enabled: false } })).status).toBe(404);
    expect((await mine.op.api(`/order-rules/${theirs.id}`, { method: 'PUT', json: { name: 'mine now', conditions: [], actions: [{ type: 'flag', value: 'y' }] } })).status).toBe(404);
    expect((await mine.op.api(`/order-rules/${theirs.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await list(other.op))[0]).toMatchObject({ name: 'theirs', enabled: true });
  });
});

describe('POST /order-rules/reorder', () => {
  it('sets the running order, which decides the last carrier set on import; audited', async () => {
    const { t, op } = await setUp();
    await createSku(op, 'RO-1', 10);
    const yamato = await create(op, { name: 'ヤマト', actions: [{ type: 'carrier', value: 'yamato' }] });
    const sagawa = await create(op, { name: '佐川', actions: [{ type: 'carrier', value: 'sagawa' }] });
    const first = await importOrder(op, orderBody({ externalId: 'RO-A', lines: [{ sku: 'RO-1', quantity: 1, unitPrice: 100 }] }));
    expect(first.order.shipping.carrier).toBe('sagawa');

    const res = await op.api('/order-rules/reorder', { json: { ids: [sagawa.id, yamato.id] } });
    expect(res.status, await res.clone().text()).toBe(200);
    const { items } = (await res.json()) as { items: RuleRow[] };
    expect(items.map((r) => [r.name, r.priority])).toEqual([
      ['佐川', 10],
      ['ヤマト', 20],
    ]);
    const second = await importOrder(op, orderBody({ externalId: 'RO-B', lines: [{ sku: 'RO-1', quantity: 1, unitPrice: 100 }] }));
    expect(second.order.shipping.carrier).toBe('yamato');
    const log = (await audits(t.id, 'order_rule.reorder'))[0];
    expect(JSON.parse(log.before!)).toEqual([yamato.id, sagawa.id]);
    expect(JSON.parse(log.after!)).toEqual([sagawa.id, yamato.id]);
  });

  it('refuses a repeated id (400), a list missing a rule or naming one it does not have (409 rules_changed), and changes nothing', async () => {
    const { op } = await setUp();
    const other = await setUp();
    const a = await create(op, { name: 'a' });
    const b = await create(op, { name: 'b' });
    const theirs = await create(other.op, { name: 'theirs' });
    const before = await list(op);

    const repeated = await op.api('/order-rules/reorder', { json: { ids: [a.id, a.id, b.id] } });
    expect(repeated.status).toBe(400);
    expect(await errorOf(repeated)).toMatchObject({ code: 'validation_error', details: [expect.objectContaining({ field: 'ids' })] });
    for (const json of [{ ids: [] }, { ids: 'a,b' }, {}]) expect((await op.api('/order-rules/reorder', { json })).status, JSON.stringify(json)).toBe(400);

    const missing = await op.api('/order-rules/reorder', { json: { ids: [b.id] } });
    expect(missing.status).toBe(409);
    expect(await errorOf(missing)).toMatchObject({ code: 'rules_changed', details: { missing: [a.id], unknown: [] } });

    const foreign = await op.api('/order-rules/reorder', { json: { ids: [b.id, a.id, theirs.id] } });
    expect(foreign.status).toBe(409);
    expect(await errorOf(foreign)).toMatchObject({ code: 'rules_changed', details: { missing: [], unknown: [theirs.id] } });

    expect(await list(op)).toEqual(before);
    expect((await list(other.op))[0].priority).toBe(theirs.priority);
  });

  it('a viewer, and an operator without the rules permission, may not reorder, switch or run', async () => {
    const { t, op } = await setUp();
    const a = await create(op, { name: 'a' });
    for (const [who, code] of [
      ['viewer', 'forbidden'],
      ['plain', 'permission_denied'],
    ] as const) {
      const c = await signIn(t, who);
      for (const [path, opts] of [
        ['/order-rules/reorder', { json: { ids: [a.id] } }],
        [`/order-rules/${a.id}`, { method: 'PATCH', json: { enabled: false } }],
        ['/order-rules/run', { json: {} }],
      ] as const) {
        const r = await c.api(path, opts);
        expect(r.status, `${who} ${path}`).toBe(403);
        expect((await errorOf(r)).code, `${who} ${path}`).toBe(code);
      }
    }
    expect((await list(op))[0]).toMatchObject({ id: a.id, enabled: true });
  });
});

describe('POST /order-rules/run (今すぐ実行)', () => {
  it('applies the saved, enabled rules to the 新規受付 orders, says what changed per order, records history and audit; a second run changes nothing', async () => {
    const { t, op } = await setUp();
    await createSku(op, 'RUN-1', 10);
    await createSku(op, 'RUN-0', 0);
    // orders that arrive before the rules exist
    const big = (await importOrder(op, orderBody({ externalId: 'RUN-BIG', lines: [{ sku: 'RUN-1', quantity: 1, unitPrice: 60_000 }] }))).order;
    const small = (await importOrder(op, orderBody({ externalId: 'RUN-SMALL', lines: [{ sku: 'RUN-1', quantity: 1, unitPrice: 1_000 }] }))).order;
    const waiting = (await importOrder(op, orderBody({ externalId: 'RUN-WAIT', lines: [{ sku: 'RUN-0', quantity: 1, unitPrice: 90_000 }] }))).order;
    expect([big.status, small.status, waiting.status]).toEqual(['new', 'new', 'awaiting_stock']);

    const hold = await create(op, { name: '高額は保留', conditions: [{ field: 'total', op: 'gte', value: 50_000 }], actions: [{ type: 'status', value: 'on_hold' }, { type: 'flag', value: '高額' }] });
    const hokkaido = await create(op, { name: '北海道は佐川', conditions: [{ field: 'prefecture', op: 'in', value: ['北海道'] }], actions: [{ type: 'carrier', value: 'sagawa' }] });
    await create(op, { name: '切ってある', enabled: false, actions: [{ type: 'flag', value: '出ないはず' }] });
    const eventsBefore = await sql<{ n: number }>("SELECT COUNT(*) AS n FROM order_events WHERE account_id = ? AND kind = 'rules'", t.id);

    const first = await run(op);
    expect(first).toMatchObject({ examined: 2, truncated: false, nextCursor: null, refused: [] });
    const byNumber = new Map(first.results.map((r) => [r.number, r]));
    expect(byNumber.get(big.number)).toMatchObject({
      orderId: big.id,
      changes: [
        { type: 'status', from: 'new', to: 'on_hold' },
        { type: 'flag', from: null, to: '高額' },
        { type: 'carrier', from: null, to: 'sagawa' },
      ],
    });
    expect(byNumber.get(big.number)!.rules.map((r) => r.id).sort()).toEqual([hold.id, hokkaido.id].sort());
    expect(byNumber.get(small.number)).toMatchObject({ changes: [{ type: 'carrier', from: null, to: 'sagawa' }] });
    expect(byNumber.has(waiting.number)).toBe(false);

    const stored = await getOrder(op, big.id);
    expect(stored).toMatchObject({ status: 'on_hold', flags: ['高額'], reserved: true, shipping: expect.objectContaining({ carrier: 'sagawa' }) });
    expect(stored.flags).not.toContain('出ないはず');
    const entry = stored.events.filter((e) => e.kind === 'rules').at(-1)!;
    expect(entry.actor).toBe(`user:${t.users.op.id}`);
    expect(entry.detail).toMatchObject({ run: true, status: { from: 'new', to: 'on_hold' }, carrier: 'sagawa', flags: ['高額'] });
    expect((await getOrder(op, waiting.id)).status).toBe('awaiting_stock');
    const eventsAfter = await sql<{ n: number }>("SELECT COUNT(*) AS n FROM order_events WHERE account_id = ? AND kind = 'rules'", t.id);
    expect(eventsAfter[0].n - eventsBefore[0].n).toBe(2);

    const snapshot = () => sql('SELECT id, status, flags, carrier, shipping_method, updated_at FROM orders WHERE account_id = ? ORDER BY id', t.id);
    const state = await snapshot();
    const second = await run(op);
    expect(second).toMatchObject({ examined: 1, results: [], refused: [] });
    expect(await snapshot()).toEqual(state);
    expect(await sql<{ n: number }>("SELECT COUNT(*) AS n FROM order_events WHERE account_id = ? AND kind = 'rules'", t.id)).toEqual(eventsAfter);

    const runs = await audits(t.id, 'order_rule.run');
    expect(runs).toHaveLength(2);
    expect(JSON.parse(runs[0].after!)).toMatchObject({ examined: 2, changed: 2, orders: expect.arrayContaining([big.number, small.number]), truncated: false });
    expect(JSON.parse(runs[1].after!)).toMatchObject({ examined: 1, changed: 0 });
  });

  it('rules that feed each other settle in one run: a flag set by a later rule, a rule that changes its own 配送方法; the next run changes nothing', async () => {
    const { op } = await setUp();
    await createSku(op, 'FD-1', 10);
    const o = (await importOrder(op, { ...orderBody({ externalId: 'FD-A', lines: [{ sku: 'FD-1', quantity: 1, unitPrice: 100 }] }), shipping: { method: 'nekopos' } })).order;
    // runs first, but needs the flag the next rule sets
    await create(op, { name: '確認は保留', priority: 10, conditions: [{ field: 'flag', op: 'has', value: '北海道' }], actions: [{ type: 'status', value: 'on_hold' }] });
    await create(op, { name: '北海道に印', priority: 20, conditions: [{ field: 'prefecture', op: 'in', value: ['北海道'] }], actions: [{ type: 'flag', value: '北海道' }] });
    // its own action ends its condition, and everything it does stays
    await create(op, { name: 'ネコポスはコンパクトで佐川', priority: 30, conditions: [{ field: 'shippingMethod', op: 'eq', value: 'nekopos' }], actions: [{ type: 'shippingMethod', value: 'compact' }, { type: 'carrier', value: 'sagawa' }] });
    const first = await run(op);
    expect(first.results).toEqual([
      {
        orderId: o.id,
        number: o.number,
        rules: expect.any(Array),
        changes: [
          { type: 'status', from: 'new', to: 'on_hold' },
          { type: 'flag', from: null, to: '北海道' },
          { type: 'carrier', from: null, to: 'sagawa' },
          { type: 'shippingMethod', from: 'nekopos', to: 'compact' },
        ],
      },
    ]);
    expect(first.results[0].rules).toHaveLength(3);
    const stored = await getOrder(op, o.id);
    expect(stored).toMatchObject({ status: 'on_hold', flags: ['北海道'], shipping: expect.objectContaining({ carrier: 'sagawa', method: 'compact' }) });
    // back to new by hand: the rules find nothing more to do
    expect((await op.api(`/orders/${o.id}/transition`, { json: { to: 'new' } })).status).toBe(200);
    const again = await run(op);
    expect(again.results.map((r) => r.changes)).toEqual([[{ type: 'status', from: 'new', to: 'on_hold' }]]);
    expect(await run(op)).toMatchObject({ examined: 0, results: [] });
  });

  it('a status move the workflow forbids is listed as refused and changes nothing; running again says the same and changes nothing', async () => {
    const { t, op } = await setUp();
    await createSku(op, 'RF-1', 10);
    const o = (await importOrder(op, orderBody({ externalId: 'RF-A', payment: { method: 'credit_card', paid: true }, lines: [{ sku: 'RF-1', quantity: 1, unitPrice: 100 }] }))).order;
    // hold it, then back to new, unpaid by bank transfer: ready_to_ship now needs the money
    expect((await op.api(`/orders/${o.id}`, { method: 'PATCH', json: { payment: { method: 'bank_transfer', paid: false } } })).status).toBe(200);
    expect((await getOrder(op, o.id)).status).toBe('new');
    await create(op, { name: '即出荷', actions: [{ type: 'status', value: 'ready_to_ship' }] });
    for (let i = 0; i < 2; i++) {
      const r = await run(op);
      expect(r.results).toEqual([]);
      expect(r.refused).toEqual([{ orderId: o.id, number: o.number, code: 'payment_pending', to: 'ready_to_ship' }]);
    }
    expect((await getOrder(op, o.id)).status).toBe('new');
    expect(await sql("SELECT id FROM order_events WHERE account_id = ? AND kind = 'rules'", t.id)).toEqual([]);
  });

  it('at most `limit` orders a call, oldest first: truncated with a cursor that continues after the last one examined', async () => {
    const { op } = await setUp();
    await createSku(op, 'LIM-1', 10);
    const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
    const older = (await importOrder(op, orderBody({ externalId: 'LIM-A', orderedAt: at(1), lines: [{ sku: 'LIM-1', quantity: 1, unitPrice: 100 }] }))).order;
    const newer = (await importOrder(op, orderBody({ externalId: 'LIM-B', orderedAt: at(2), lines: [{ sku: 'LIM-1', quantity: 1, unitPrice: 100 }] }))).order;
    await create(op, { name: '全件', actions: [{ type: 'flag', value: '確認済' }] });

    const one = await run(op, { limit: 1 });
    expect(one).toMatchObject({ examined: 1, truncated: true });
    expect(one.results.map((r) => r.orderId)).toEqual([older.id]);
    const two = await run(op, { limit: 1, cursor: one.nextCursor });
    expect(two).toMatchObject({ examined: 1, truncated: false, nextCursor: null });
    expect(two.results.map((r) => r.orderId)).toEqual([newer.id]);

    for (const json of [{ limit: 501 }, { limit: 0 }, { cursor: 'not-a-cursor' }, { what: 1 }]) {
      const r = await op.api('/order-rules/run', { json });
      expect(r.status, JSON.stringify(json)).toBe(400);
      expect((await errorOf(r)).code).toBe('validation_error');
    }
  });

  it('touches only the caller’s account', async () => {
    const mine = await setUp();
    const other = await setUp();
    await createSku(other.op, 'OT-1', 10);
    const theirs = (await importOrder(other.op, orderBody({ externalId: 'OT-A', lines: [{ sku: 'OT-1', quantity: 1, unitPrice: 100 }] }))).order;
    await create(other.op, { name: 'theirs', conditions: [{ field: 'total', op: 'gte', value: 1_000_000 }], actions: [{ type: 'flag', value: 'never' }] });
    await create(mine.op, { name: 'mine', actions: [{ type: 'flag', value: '他社' }] });
    expect(await run(mine.op)).toMatchObject({ examined: 0, results: [] });
    expect((await getOrder(other.op, theirs.id)).flags).not.toContain('他社');
    expect(await run(other.op)).toMatchObject({ examined: 1, results: [] });
  });
});
