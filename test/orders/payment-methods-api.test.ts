import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { legacyPaymentMethod } from '../../worker/orders/payment-methods';
import { eventually, type Client } from '../helpers/client';
import { connectChannel } from '../helpers/channels';
import { sampleOrder } from '../helpers/fakes';
import { createSku, getOrder, importOrder, orderBody } from '../helpers/orders';
import { createTenant, signIn, sql, sqlFirst, type Tenant } from '../helpers/tenant';

/**
 * One list of payment methods for every mall (orders/choices.ts), the mall's
 * own value kept beside it: the API takes and answers `payment: { method, paid,
 * raw }` and refuses a method not on the list; rules name the same list; an
 * order pulled from a mall arrives with Kura's method (a rule on credit_card
 * matches Rakuten's クレジットカード); and migration 0012 rewrites the old
 * ad-hoc words in stored orders and rules.
 */
describe('payment methods through the API', () => {
  let t: Tenant;
  let op: Client;
  let admin: Client;
  let n = 0;
  const sku = () => createSku(admin, `PM-${++n}`, 50);
  const withPayment = (externalId: string, line: string, payment: Record<string, unknown>) => ({ ...orderBody({ externalId, lines: [{ sku: line, quantity: 1, unitPrice: 1000 }] }), payment });

  beforeAll(async () => {
    // 権限 rules: this operator also changes the order rules
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator', permissions: ['stock_adjust', 'csv_import', 'export', 'personal_data', 'rules'] }] });
    op = await signIn(t, 'op');
    admin = await signIn(t, 'admin');
  });

  it('POST /orders keeps the raw value beside Kura’s method, and answers raw null without one', async () => {
    const a = await sku();
    const { order } = await importOrder(op, withPayment('PM-RAW-1', a, { method: 'credit_card', paid: true, raw: 'クレジットカード決済' }));
    expect(order.payment).toEqual({ method: 'credit_card', paid: true, raw: 'クレジットカード決済' });
    expect((await getOrder(op, order.id)).payment).toEqual({ method: 'credit_card', paid: true, raw: 'クレジットカード決済' });
    const plain = await importOrder(op, orderBody({ externalId: 'PM-RAW-2', lines: [{ sku: a, quantity: 1, unitPrice: 1000 }] }));
    expect(plain.order.payment).toEqual({ method: 'credit_card', paid: true, raw: null });
    const listed = (await (await op.api(`/orders?q=PM-RAW-1`)).json()) as { items: { payment: unknown }[] };
    expect(listed.items[0]?.payment).toEqual({ method: 'credit_card', paid: true, raw: 'クレジットカード決済' });
  });

  it('POST and PATCH refuse a method that is not Kura’s with a 400 naming the field and the list', async () => {
    const a = await sku();
    const refused = await op.api('/orders', { json: withPayment('PM-BAD-1', a, { method: 'card', paid: true }) });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { code: string; details: { field: string; message: string }[] } };
    expect(body.error.code).toBe('validation_error');
    const detail = body.error.details.find((d) => d.field === 'payment.method');
    expect(detail?.message).toContain('Unknown payment method "card"');
    expect(detail?.message).toContain('credit_card, cod, bank_transfer');

    const { order } = await importOrder(op, withPayment('PM-BAD-2', a, { method: 'bank_transfer', paid: false, raw: '銀行振込' }));
    const bad = await op.api(`/orders/${order.id}`, { method: 'PATCH', json: { payment: { method: 'bank' } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { field: string }[] } }).error.details.map((d) => d.field)).toContain('payment.method');
    // raw is the mall's: PATCH does not take it
    expect((await op.api(`/orders/${order.id}`, { method: 'PATCH', json: { payment: { raw: 'x' } } })).status).toBe(400);
    // a valid change keeps the mall's raw value
    const ok = await op.api(`/orders/${order.id}`, { method: 'PATCH', json: { payment: { method: 'convenience_store', paid: true } } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { order: { payment: unknown } }).order.payment).toEqual({ method: 'convenience_store', paid: true, raw: '銀行振込' });
  });

  it('a later version of an order updates the raw value it sends, and one that sends none keeps it', async () => {
    const a = await sku();
    const first = await importOrder(op, withPayment('PM-LATER-1', a, { method: 'credit_card', paid: true, raw: 'card' }));
    await importOrder(op, withPayment('PM-LATER-1', a, { method: 'credit_card', paid: true, raw: 'クレジットカード' }));
    expect((await getOrder(op, first.order.id)).payment.raw).toBe('クレジットカード');
    await importOrder(op, withPayment('PM-LATER-1', a, { method: 'credit_card', paid: true }));
    expect((await getOrder(op, first.order.id)).payment.raw).toBe('クレジットカード');
  });

  it('rules name Kura’s methods: a mall’s own code is refused', async () => {
    const bad = await op.api('/order-rules', { json: { name: '旧コード', conditions: [{ field: 'paymentMethod', op: 'eq', value: 'card' }], actions: [{ type: 'flag', value: 'x' }] } });
    expect(bad.status).toBe(400);
    const good = await op.api('/order-rules', { json: { name: 'カード', conditions: [{ field: 'paymentMethod', op: 'eq', value: 'credit_card' }], actions: [{ type: 'flag', value: 'x' }] } });
    expect(good.status).toBe(201);
    expect((await op.api(`/order-rules/${((await good.json()) as { id: string }).id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('a rule on credit_card matches an order pulled from Rakuten paid by クレジットカード, not its bank-transfer order', async () => {
    const rule = await admin.api('/order-rules', {
      json: { name: 'カード決済', conditions: [{ field: 'paymentMethod', op: 'eq', value: 'credit_card' }], actions: [{ type: 'flag', value: 'カード決済' }] },
    });
    expect(rule.status).toBe(201);
    const line = await sku();
    const ch = await connectChannel(admin, 'rakuten', [line], { fakeQuantity: 10 });
    const card = await ch.fake.placeOrder(sampleOrder({ payment: 'card', lines: [{ sku: line, quantity: 1, unitPrice: 1500 }] }));
    const bank = await ch.fake.placeOrder(sampleOrder({ payment: 'bank', paid: true, lines: [{ sku: line, quantity: 1, unitPrice: 1500 }] }));
    expect((await admin.api(`/channels/${ch.id}/sync`, { json: { what: 'orders' } })).status).toBe(202);
    const list = await eventually(async () => {
      const items = ((await (await admin.api(`/orders?channelId=${ch.id}&limit=50`)).json()) as { items: { id: string; externalId: string; reserved: boolean; flags: string[]; payment: { method: string; paid: boolean; raw: string | null } }[] }).items;
      expect(items.map((o) => o.externalId).sort()).toEqual([card.id, bank.id].sort());
      // arrival done (reservation, flags and rules are written together after the insert)
      expect(items.every((o) => o.reserved)).toBe(true);
      return items;
    }, 15_000);
    const byId = new Map(list.map((o) => [o.externalId, o]));
    expect(byId.get(card.id)).toMatchObject({ payment: { method: 'credit_card', raw: 'クレジットカード' } });
    expect(byId.get(card.id)!.flags).toContain('カード決済');
    expect(byId.get(bank.id)).toMatchObject({ payment: { method: 'bank_transfer', raw: '銀行振込' } });
    expect(byId.get(bank.id)!.flags).not.toContain('カード決済');
    const history = (await getOrder(admin, byId.get(card.id)!.id)).events.find((e) => e.kind === 'rules');
    expect(history).toBeDefined();
    expect((await admin.api(`/order-rules/${((await rule.json()) as { id: string }).id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('migration 0012 rewrites old stored words in orders (keeping them as raw) and in rules, as legacyPaymentMethod does', async () => {
    const migration = env.TEST_MIGRATIONS?.find((m) => m.name === '0012_payment_raw.sql');
    expect(migration, 'migrations/0012_payment_raw.sql').toBeDefined();
    const updates = migration!.queries.map((q) => q.replace(/^(\s*--[^\n]*\n|\s*-->\s*statement-breakpoint\s*)+/g, '').trim()).filter((q) => /^UPDATE/i.test(q));
    expect(updates).toHaveLength(2);
    // This account's rows only (other tests share the database).
    const ordersUpdate = updates.find((q) => q.startsWith('UPDATE `orders`'))!.replace('WHERE `payment_method` NOT IN', 'WHERE `account_id` = ?1 AND `payment_method` NOT IN');
    const rulesUpdate = updates.find((q) => q.startsWith('UPDATE `order_rules`'))!.replace(/\)\s*WHERE EXISTS \(/, ') WHERE `account_id` = ?1 AND EXISTS (');
    expect(ordersUpdate).toContain('`account_id` = ?1');
    expect(rulesUpdate).toContain('`account_id` = ?1');

    // Orders as the adapters and manual entry stored them before the unified list.
    const a = await sku();
    const old = ['card', 'bank', 'convenience', 'lease', 'alipay', 'mobile_suica', 'payeasy', 'postal_transfer', 'unknown', 'payment_q9', 'COD', '代引き', 'クレジットカード', 'credit_card', 'mall'];
    const ids: string[] = [];
    for (const [i, word] of old.entries()) {
      const { order } = await importOrder(op, orderBody({ externalId: `PM-OLD-${i}`, lines: [{ sku: a, quantity: 1, unitPrice: 100 }] }));
      await sql('UPDATE orders SET payment_method = ?, payment_raw = NULL WHERE account_id = ? AND id = ?', word, t.id, order.id);
      ids.push(order.id);
    }
    const conditions = [
      { field: 'channelId', op: 'eq', value: 'manual' },
      { field: 'paymentMethod', op: 'eq', value: 'card' },
      { field: 'prefecture', op: 'in', value: ['北海道', '沖縄県'] },
    ];
    const at = new Date().toISOString();
    await sql(
      'INSERT INTO order_rules (id, account_id, name, enabled, priority, conditions, actions, created_at, updated_at) VALUES (?, ?, ?, 1, 100, ?, ?, ?, ?), (?, ?, ?, 1, 100, ?, ?, ?, ?)',
      `rule-old-${t.id}`, t.id, '旧カード', JSON.stringify(conditions), JSON.stringify([{ type: 'flag', value: 'x' }]), at, at,
      `rule-new-${t.id}`, t.id, '新カード', JSON.stringify([{ field: 'paymentMethod', op: 'eq', value: 'credit_card' }]), JSON.stringify([{ type: 'flag', value: 'y' }]), at, at,
    );

    await env.DB.prepare(ordersUpdate).bind(t.id).run();
    await env.DB.prepare(rulesUpdate).bind(t.id).run();

    for (const [i, word] of old.entries()) {
      const row = await sqlFirst<{ payment_method: string; payment_raw: string | null }>('SELECT payment_method, payment_raw FROM orders WHERE id = ?', ids[i]);
      const unified = word === 'credit_card' || word === 'mall';
      expect(row, word).toEqual({ payment_method: legacyPaymentMethod(word), payment_raw: unified ? null : word });
    }
    expect((await getOrder(op, ids[0])).payment).toEqual({ method: 'credit_card', paid: true, raw: 'card' });
    const rules = await sql<{ id: string; conditions: string }>('SELECT id, conditions FROM order_rules WHERE account_id = ? ORDER BY id', t.id);
    const byId = new Map(rules.map((r) => [r.id, JSON.parse(r.conditions)]));
    expect(byId.get(`rule-old-${t.id}`)).toEqual([conditions[0], { ...conditions[1], value: 'credit_card' }, conditions[2]]);
    expect(byId.get(`rule-new-${t.id}`)).toEqual([{ field: 'paymentMethod', op: 'eq', value: 'credit_card' }]);
    // the rewritten rule now matches the unified orders: GET answers it as stored
    const listed = (await (await op.api('/order-rules')).json()) as { items: { name: string; conditions: unknown[] }[] };
    expect(listed.items.find((r) => r.name === '旧カード')?.conditions[1]).toEqual({ field: 'paymentMethod', op: 'eq', value: 'credit_card' });
  });
});
