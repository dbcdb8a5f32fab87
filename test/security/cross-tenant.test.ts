import { beforeAll, describe, expect, it } from 'vitest';
import { jstDate } from '../../worker/lib/time';
import { Client, eventually, type RequestOptions } from '../helpers/client';
import { uniqueRange4 } from '../helpers/net';
import { createTenant, postLogin, signIn, sql, sqlFirst, type Tenant } from '../helpers/tenant';
import { fakeMall } from '../helpers/fakes';

interface BIds {
  userId: string;
  tokenId: string;
  token: string;
  exceptionId: string;
  /** a SKU code that exists only in B */
  sku: string;
  /** an open reservation of B */
  reference: string;
  /** an open order of B (waiting for stock, so B's stock figures stay as they are) and its store order number */
  orderId: string;
  orderExternalId: string;
  /** B's order rule, blacklist entry and saved search */
  ruleId: string;
  blacklistId: string;
  savedSearchId: string;
  /** B's channel and one of its dead letters */
  channelId: string;
  deadLetterId: string;
  /** a return (返品) of another account (not A's; see otherReturn) */
  returnId: string;
}

/** Every route that takes an id, with a request naming account B's resource. */
const ID_ROUTES: { op: string; req: (b: BIds) => { path: string } & RequestOptions }[] = [
  { op: 'GET /channels/{id}', req: (b) => ({ path: `/channels/${b.channelId}` }) },
  { op: 'PATCH /channels/{id}', req: (b) => ({ path: `/channels/${b.channelId}`, method: 'PATCH', json: { name: 'Hijacked', credentials: { licenseKey: 'stolen' } } }) },
  { op: 'DELETE /channels/{id}', req: (b) => ({ path: `/channels/${b.channelId}`, method: 'DELETE' }) },
  { op: 'POST /channels/{id}/test', req: (b) => ({ path: `/channels/${b.channelId}/test`, method: 'POST' }) },
  { op: 'POST /channels/{id}/sync', req: (b) => ({ path: `/channels/${b.channelId}/sync`, json: { what: 'full' } }) },
  { op: 'GET /channels/{id}/status', req: (b) => ({ path: `/channels/${b.channelId}/status` }) },
  { op: 'GET /channels/{id}/listings', req: (b) => ({ path: `/channels/${b.channelId}/listings` }) },
  { op: 'PUT /channels/{id}/listings', req: (b) => ({ path: `/channels/${b.channelId}/listings`, method: 'PUT', json: { items: [] } }) },
  { op: 'GET /channels/{id}/listings/export', req: (b) => ({ path: `/channels/${b.channelId}/listings/export` }) },
  { op: 'POST /channels/{id}/listings/import', req: (b) => ({ path: `/channels/${b.channelId}/listings/import?encoding=utf-8`, body: 'X-1,x\r\n', headers: { 'content-type': 'text/csv' } }) },
  { op: 'GET /channels/{id}/stock', req: (b) => ({ path: `/channels/${b.channelId}/stock` }) },
  { op: 'GET /channels/{id}/dead-letters', req: (b) => ({ path: `/channels/${b.channelId}/dead-letters` }) },
  { op: 'POST /channels/{id}/dead-letters/{letterId}/retry', req: (b) => ({ path: `/channels/${b.channelId}/dead-letters/${b.deadLetterId}/retry`, method: 'POST' }) },
  { op: 'GET /users/{id}', req: (b) => ({ path: `/users/${b.userId}` }) },
  { op: 'PATCH /users/{id}', req: (b) => ({ path: `/users/${b.userId}`, method: 'PATCH', json: { name: 'Hijacked', role: 'admin', status: 'disabled' } }) },
  { op: 'POST /users/{id}/unlock', req: (b) => ({ path: `/users/${b.userId}/unlock`, method: 'POST' }) },
  { op: 'DELETE /api-tokens/{id}', req: (b) => ({ path: `/api-tokens/${b.tokenId}`, method: 'DELETE' }) },
  { op: 'DELETE /settings/country-exceptions/{id}', req: (b) => ({ path: `/settings/country-exceptions/${b.exceptionId}`, method: 'DELETE' }) },
  { op: 'DELETE /settings/country-exceptions', req: (b) => ({ path: `/settings/country-exceptions?id=${b.exceptionId}`, method: 'DELETE' }) },
  { op: 'GET /skus/{code}', req: (b) => ({ path: `/skus/${b.sku}` }) },
  { op: 'PATCH /skus/{code}', req: (b) => ({ path: `/skus/${b.sku}`, method: 'PATCH', json: { name: 'Hijacked', safetyStock: 99 } }) },
  { op: 'DELETE /skus/{code}', req: (b) => ({ path: `/skus/${b.sku}`, method: 'DELETE' }) },
  { op: 'GET /stock/{sku}', req: (b) => ({ path: `/stock/${b.sku}` }) },
  { op: 'GET /stock/{sku}/ledger', req: (b) => ({ path: `/stock/${b.sku}/ledger` }) },
  { op: 'GET /stock/{sku}/ledger (CSV)', req: (b) => ({ path: `/stock/${b.sku}/ledger?format=csv` }) },
  { op: 'GET /stock/reservations (?sku=)', req: (b) => ({ path: `/stock/reservations?sku=${encodeURIComponent(b.sku)}` }) },
  { op: 'DELETE /stock/reservations/{reference}', req: (b) => ({ path: `/stock/reservations/${b.reference}`, method: 'DELETE' }) },
  { op: 'POST /stock/reservations/{reference}/commit', req: (b) => ({ path: `/stock/reservations/${b.reference}/commit`, method: 'POST' }) },
  { op: 'GET /orders/export/shipping', req: (b) => ({ path: `/orders/export/shipping?carrier=yamato_b2&ids=${b.orderId}` }) },
  { op: 'GET /orders/export/shipping/check', req: (b) => ({ path: `/orders/export/shipping/check?carrier=yamato_b2&ids=${b.orderId}` }) },
  { op: 'GET /orders/{id}', req: (b) => ({ path: `/orders/${b.orderId}` }) },
  { op: 'PATCH /orders/{id}', req: (b) => ({ path: `/orders/${b.orderId}`, method: 'PATCH', json: { note: 'Hijacked', payment: { paid: true } } }) },
  { op: 'POST /orders/{id}/transition', req: (b) => ({ path: `/orders/${b.orderId}/transition`, json: { to: 'on_hold' } }) },
  { op: 'POST /orders/{id}/ship', req: (b) => ({ path: `/orders/${b.orderId}/ship`, json: { carrier: 'yamato', trackingNumber: '4000-9999-0001' } }) },
  { op: 'POST /orders/{id}/cancel', req: (b) => ({ path: `/orders/${b.orderId}/cancel`, method: 'POST' }) },
  { op: 'POST /orders/{id}/unmerge', req: (b) => ({ path: `/orders/${b.orderId}/unmerge`, method: 'POST' }) },
  { op: 'POST /orders/{id}/ship-partial', req: (b) => ({ path: `/orders/${b.orderId}/ship-partial`, json: { carrier: 'yamato', trackingNumber: '4000-9999-0002', lines: [{ lineNo: 1, quantity: 1 }] } }) },
  { op: 'GET /orders/{id}/packing', req: (b) => ({ path: `/orders/${b.orderId}/packing` }) },
  { op: 'POST /orders/{id}/packing', req: (b) => ({ path: `/orders/${b.orderId}/packing`, json: { scans: [{ code: 'X', at: new Date().toISOString() }], result: 'passed' } }) },
  {
    op: 'PUT /order-rules/{id}',
    req: (b) => ({ path: `/order-rules/${b.ruleId}`, method: 'PUT', json: { name: 'Hijacked', conditions: [], actions: [{ type: 'status', value: 'on_hold' }] } }),
  },
  { op: 'PATCH /order-rules/{id}', req: (b) => ({ path: `/order-rules/${b.ruleId}`, method: 'PATCH', json: { enabled: false, name: 'Hijacked' } }) },
  { op: 'DELETE /order-rules/{id}', req: (b) => ({ path: `/order-rules/${b.ruleId}`, method: 'DELETE' }) },
  { op: 'DELETE /blacklist/{id}', req: (b) => ({ path: `/blacklist/${b.blacklistId}`, method: 'DELETE' }) },
  { op: 'DELETE /saved-searches/{id}', req: (b) => ({ path: `/saved-searches/${b.savedSearchId}`, method: 'DELETE' }) },
  { op: 'POST /orders/{id}/returns', req: (b) => ({ path: `/orders/${b.orderId}/returns`, json: { lines: [{ sku: b.sku, quantity: 1, sellable: 1 }], reason: 'customer' } }) },
  { op: 'GET /orders/{id}/returns', req: (b) => ({ path: `/orders/${b.orderId}/returns` }) },
  { op: 'GET /returns/{id}', req: (b) => ({ path: `/returns/${b.returnId}` }) },
  { op: 'PATCH /returns/{id}', req: (b) => ({ path: `/returns/${b.returnId}`, method: 'PATCH', json: { refund: { status: 'refunded', amount: 1 }, note: 'Hijacked' } }) },
  { op: 'POST /returns/{id}/exchange', req: (b) => ({ path: `/returns/${b.returnId}/exchange`, json: { lines: [{ sku: b.sku, quantity: 1 }] } }) },
];

type OrderJson = Record<string, unknown> & { status: string; note: string | null; payment: { paid: boolean }; events: { kind: string; actor: string }[] };
/** An order as its own account reads it. */
const orderOf = async (client: Client, id: string) => ((await (await client.api(`/orders/${id}`)).json()) as { order: OrderJson }).order;

/** A valid order import of two units of `sku`. */
const orderBody = (externalId: string, sku: string, customer: string) => ({
  channelId: 'rakuten-b',
  externalId,
  orderedAt: '2026-03-01T10:00:00+09:00',
  customer: { name: customer, phone: '090-0000-1111' },
  shipTo: { name: customer, postalCode: '100-0001', prefecture: '東京都', city: '千代田区', address1: '千代田1-1', phone: '090-0000-1111' },
  lines: [{ sku, quantity: 2, unitPrice: 1500 }],
  payment: { method: 'credit_card', paid: true },
});

/**
 * A return (返品) in an account of its own, beside B (so B's SKU and order lists stay as the
 * tests below expect): a shipped order, one unit back, not sellable. Its admin checks it afterwards.
 */
let returnOwner: Client | undefined;
const otherReturn = async () => {
  const owner = await createTenant();
  const admin = (returnOwner = await signIn(owner, 'admin'));
  const sku = `C-RET-${owner.code}`.slice(0, 64);
  expect((await admin.api('/skus', { json: { code: sku, name: 'C の返品商品' } })).status).toBe(201);
  expect((await admin.api('/stock/adjustments', { json: { items: [{ sku, mode: 'set', quantity: 5, reason: 'C stock' }] } })).status).toBe(200);
  const made = await admin.api('/orders', { json: { ...orderBody(`C-RET-ORDER-${owner.code}`, sku, 'C の返品客'), channelId: 'manual' } });
  expect(made.status).toBe(201);
  const orderId = ((await made.json()) as { order: { id: string } }).order.id;
  expect((await admin.api(`/orders/${orderId}/transition`, { json: { to: 'ready_to_ship' } })).status).toBe(200);
  expect((await admin.api(`/orders/${orderId}/ship`, { json: { carrier: 'yamato', trackingNumber: '4000-9999-0002' } })).status).toBe(200);
  const ret = await admin.api(`/orders/${orderId}/returns`, { json: { lines: [{ sku, quantity: 1, sellable: 0 }], reason: 'customer' } });
  expect(ret.status).toBe(201);
  return ((await ret.json()) as { return: { id: string } }).return.id;
};

/** Id routes that are cross-tenant by design (the platform operator's area). */
const PLATFORM_ID_ROUTES = ['POST /platform/accounts/{id}/status'];

/** Path parameters that name a kind, not another account's resource (covered by their own test below). */
const KIND_ROUTES = ['PUT /mail-templates/{kind}', 'POST /mail-templates/{kind}/preview', 'PUT /carriers/{carrier}/settings'];

/** Webhooks carry no session: the mall's signature with the channel's own secret decides (test/channels/webhooks.test.ts). */
const SIGNED_ROUTES = ['POST /hooks/shopify/{channelId}'];
/** Routes whose id names no tenant data (a postal code is public Japan Post data). */
const PUBLIC_DATA_ROUTES = ['GET /postal-codes/{code}'];

describe('tenancy: account A cannot see or touch account B', () => {
  let a: Tenant;
  let b: Tenant;
  let adminA: Client;
  let adminB: Client;
  let ids: BIds;

  beforeAll(async () => {
    a = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    b = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    adminA = await signIn(a, 'admin');
    adminB = await signIn(b, 'admin');
    const token = (await (await adminB.api('/api-tokens', { json: { name: 'B token', scopes: ['orders:read'] } })).json()) as { id: string; token: string };
    const ex = (await (
      await adminB.api('/settings/country-exceptions', { json: { country: 'US', from: jstDate(), to: jstDate(Date.now() + 86_400_000), cidrs: [uniqueRange4().cidr] } })
    ).json()) as { id: string };
    // B's staff is locked (so an unlock would show)
    await sql('UPDATE users SET failed_logins = 5, locked_until = ? WHERE id = ?', new Date(Date.now() + 3600_000).toISOString(), b.users.staff.id);
    // B's stock: a SKU with stock, an open reservation, a ledger
    const bSku = `B-ONLY-${b.code}`.slice(0, 64);
    expect((await adminB.api('/skus', { json: { code: bSku, name: 'B の商品', janCode: '4900000000012' } })).status).toBe(201);
    expect((await adminB.api('/stock/adjustments', { json: { items: [{ sku: bSku, mode: 'set', quantity: 10, reason: 'B stock' }] } })).status).toBe(200);
    expect((await adminB.api('/stock/reservations', { json: { reference: 'B-ORDER-1', lines: [{ sku: bSku, quantity: 3 }] } })).status).toBe(201);
    const bOrder = await adminB.api('/orders', {
      json: {
        channelId: 'manual',
        externalId: `B-ONLY-ORDER-${b.code}`,
        orderedAt: new Date().toISOString(),
        customer: { name: 'B の客' },
        shipTo: { name: 'B の客', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2-1', phone: '011-000-0000' },
        lines: [{ sku: 'B-NO-SUCH-SKU', quantity: 1, unitPrice: 100 }],
        payment: { method: 'credit_card', paid: true },
      },
    });
    expect(bOrder.status).toBe(201);
    const bOrderId = ((await bOrder.json()) as { order: { id: string } }).order.id;
    // B's order rule (matching no order), blacklist entry and saved search
    const rule = (await (await adminB.api('/order-rules', { json: { name: 'B rule', conditions: [{ field: 'channelId', op: 'eq', value: 'b-none' }], actions: [{ type: 'flag', value: 'B' }] } })).json()) as {
      id: string;
    };
    const black = (await (await adminB.api('/blacklist', { json: { kind: 'name', value: 'B の要注意' } })).json()) as { id: string };
    const saved = (await (await adminB.api('/saved-searches', { json: { name: 'B search', query: 'status=new' } })).json()) as { id: string };
    const channel = await adminB.api('/channels', { json: { type: 'rakuten', name: 'B 楽天', endpoint: fakeMall('rakuten').endpoint, credentials: { serviceSecret: 'B-secret', licenseKey: 'B-license' } } });
    expect(channel.status).toBe(201);
    const channelId = ((await channel.json()) as { id: string }).id;
    await sql(
      `INSERT INTO channel_dead_letters (id, account_id, channel_id, kind, payload, error, attempts, created_at) VALUES ('B-DL-${b.code}', ?, ?, 'stock', '[]', 'B failure', 6, ?)`,
      b.id,
      channelId,
      new Date().toISOString(),
    );
    ids = {
      userId: b.users.staff.id,
      tokenId: token.id,
      token: token.token,
      exceptionId: ex.id,
      sku: bSku,
      reference: 'B-ORDER-1',
      orderId: bOrderId,
      orderExternalId: `B-ONLY-ORDER-${b.code}`,
      ruleId: rule.id,
      blacklistId: black.id,
      savedSearchId: saved.id,
      channelId,
      deadLetterId: `B-DL-${b.code}`,
      returnId: await otherReturn(),
    };
    // A has stock of its own
    expect((await adminA.api('/skus', { json: { code: 'A-OWN-1', name: 'A の商品' } })).status).toBe(201);
    expect((await adminA.api('/stock/adjustments', { json: { items: [{ sku: 'A-OWN-1', mode: 'set', quantity: 2, reason: 'A stock' }] } })).status).toBe(200);
    // some activity in both accounts, for the logs
    await adminA.api('/api-tokens', { json: { name: 'A token', scopes: ['orders:read'] } });
    await adminB.api(`/users/${b.users.staff.id}`, { method: 'PATCH', json: { name: 'B staff renamed' } });
    await adminB.api('/users');
  });

  it('covers every route that takes an id', async () => {
    const doc = (await (await new Client().api('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const withId = Object.entries(doc.paths)
      .filter(([p]) => p.includes('{'))
      .flatMap(([p, methods]) => Object.keys(methods).filter((m) => m !== 'servers').map((m) => `${m.toUpperCase()} ${p}`));
    const covered = [...ID_ROUTES.map((r) => r.op.replace(/ \(.*\)$/, '')), ...PLATFORM_ID_ROUTES, ...KIND_ROUTES, ...SIGNED_ROUTES, ...PUBLIC_DATA_ROUTES];
    for (const op of withId) expect(covered).toContain(op);
  });

  it('mail templates are per account: B’s template never shows for A, and A cannot preview B’s order', async () => {
    const saved = await adminB.api('/mail-templates/shipping_notice', { method: 'PUT', json: { enabled: true, subject: 'B only {{order.number}}', body: 'B body' } });
    expect(saved.status).toBe(200);
    const mine = (await (await adminA.api('/mail-templates')).json()) as { items: { kind: string; subject: string; custom: boolean }[] };
    expect(mine.items.find((t) => t.kind === 'shipping_notice')).toMatchObject({ custom: false });
    expect(JSON.stringify(mine)).not.toContain('B only');
    const preview = await adminA.api('/mail-templates/order_confirmation/preview', { json: { orderId: ids.orderId } });
    expect(preview.status).toBe(404);
  });

  it('every id of B answers 404 to A, exactly like an id that does not exist', async () => {
    const missing: BIds = {
      userId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      tokenId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      token: '',
      exceptionId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      sku: ids.sku.replace('B-ONLY-', 'B-NONE-'),
      reference: 'B-ORDER-NONE',
      orderId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      orderExternalId: 'B-ORDER-NONE',
      ruleId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      blacklistId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      savedSearchId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      channelId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      deadLetterId: 'NO-SUCH-LETTER',
      returnId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
    };
    for (const route of ID_ROUTES) {
      const { path, ...opts } = route.req(ids);
      const res = await adminA.api(path, opts);
      expect(res.status, route.op).toBe(404);
      const body = await res.text();
      expect(JSON.parse(body).error.code).toBe('not_found');
      const { path: p2, ...o2 } = route.req(missing);
      expect(await (await adminA.api(p2, o2)).text(), route.op).toBe(body);
    }
  });

  it('…and B’s resources are untouched afterwards', async () => {
    const user = await sqlFirst<{ name: string; role: string; status: string; locked_until: string | null }>('SELECT name, role, status, locked_until FROM users WHERE id = ?', ids.userId);
    expect(user).toMatchObject({ name: 'B staff renamed', role: 'operator', status: 'active' });
    expect(user!.locked_until).not.toBeNull();
    expect((await sqlFirst<{ revoked_at: string | null }>('SELECT revoked_at FROM api_tokens WHERE id = ?', ids.tokenId))!.revoked_at).toBeNull();
    expect((await new Client().api('/openapi.json', { bearer: ids.token })).status).toBe(200);
    expect(await sqlFirst('SELECT id FROM country_exceptions WHERE id = ?', ids.exceptionId)).not.toBeNull();
    // B's stock is as B left it: the SKU, its figures, its open reservation, its ledger
    const stock = await (await adminB.api(`/stock/${ids.sku}`)).json();
    expect(stock).toMatchObject({ onHand: 10, reserved: 3, available: 7, safetyStock: 0 });
    expect(((await (await adminB.api(`/skus/${ids.sku}`)).json()) as { sku: { name: string } }).sku.name).toBe('B の商品');
    expect(((await (await adminB.api(`/stock/reservations?sku=${encodeURIComponent(ids.sku)}`)).json()) as { items: { reference: string }[] }).items.map((r) => r.reference)).toEqual(['B-ORDER-1']);
    expect(((await (await adminB.api(`/stock/${ids.sku}/ledger`)).json()) as { items: { actor: string }[] }).items.every((e) => e.actor === `user:${b.admin.id}`)).toBe(true);
    // B's order is as B left it: still waiting for stock, neither edited, held, cancelled nor shipped, and only B in its history
    const order = await orderOf(adminB, ids.orderId);
    expect(order).toMatchObject({ status: 'awaiting_stock', note: null, payment: { method: 'credit_card', paid: true }, cancelledAt: null, shipping: expect.objectContaining({ trackingNumber: null }) });
    expect(new Set(order.events.map((e) => e.actor))).toEqual(new Set([`user:${b.admin.id}`]));
    // B's rule, blacklist entry and saved search are all there, unchanged
    expect(((await (await adminB.api('/order-rules')).json()) as { items: { id: string; name: string }[] }).items.map((r) => [r.id, r.name])).toEqual([[ids.ruleId, 'B rule']]);
    expect(((await (await adminB.api('/blacklist')).json()) as { items: { id: string }[] }).items.map((r) => r.id)).toEqual([ids.blacklistId]);
    expect(((await (await adminB.api('/saved-searches')).json()) as { items: { id: string }[] }).items.map((r) => r.id)).toEqual([ids.savedSearchId]);
    // B's channel keeps its name and credentials, and its dead letter was not retried
    expect(await (await adminB.api(`/channels/${ids.channelId}`)).json()).toMatchObject({ name: 'B 楽天', credentialsStored: ['serviceSecret', 'licenseKey'] });
    expect(await sqlFirst('SELECT retried_at FROM channel_dead_letters WHERE id = ?', ids.deadLetterId)).toEqual({ retried_at: null });
    // the other account's return keeps its refund and note, and got no exchange order
    expect(((await (await returnOwner!.api(`/returns/${ids.returnId}`)).json()) as { return: unknown }).return).toMatchObject({ refund: { status: 'none', amount: 0 }, note: null, exchangeOrderId: null });
    // nor did A's attempts leave rows in B's operation log
    expect(await sql('SELECT id FROM operation_logs WHERE account_id = ? AND user_id = ?', b.id, a.admin.id)).toEqual([]);
  });

  it('A’s lists never show B’s rows: users, tokens, exceptions, access and operation logs', async () => {
    const bIds = new Set([b.id, ...Object.values(b.users).map((u) => u.id), ids.tokenId, ids.exceptionId]);
    const leaks = (items: Record<string, unknown>[]) => items.filter((i) => Object.values(i).some((v) => typeof v === 'string' && bIds.has(v)));

    const users = ((await (await adminA.api('/users')).json()) as { items: { id: string }[] }).items;
    expect(users.map((u) => u.id).sort()).toEqual(Object.values(a.users).map((u) => u.id).sort());
    expect(leaks(users)).toEqual([]);

    const tokens = ((await (await adminA.api('/api-tokens')).json()) as { items: { name: string }[] }).items;
    expect(tokens.map((t) => t.name)).toEqual(['A token']);

    expect(((await (await adminA.api('/settings/country-exceptions')).json()) as { items: unknown[] }).items).toEqual([]);

    const access = await eventually(async () => {
      const items = ((await (await adminA.api('/logs/access?limit=200')).json()) as { items: Record<string, unknown>[] }).items;
      expect(items.length).toBeGreaterThan(0);
      return items;
    });
    expect(access.every((r) => r.accountId === a.id)).toBe(true);
    expect(leaks(access)).toEqual([]);

    const ops = ((await (await adminA.api('/logs/operations?limit=200')).json()) as { items: Record<string, unknown>[] }).items;
    expect(ops.map((o) => o.action)).toContain('api_token.create');
    expect(leaks(ops)).toEqual([]);
    // B sees its own
    const opsB = ((await (await adminB.api('/logs/operations?limit=200')).json()) as { items: { action: string }[] }).items;
    expect(opsB.map((o) => o.action)).toContain('user.update');
  });

  it('A’s stock lists, search, low-stock filter and export never show B’s SKUs', async () => {
    const codes = async (path: string) => ((await (await adminA.api(path)).json()) as { items: { code: string }[] }).items.map((s) => s.code);
    expect(await codes('/skus')).toEqual(['A-OWN-1']);
    expect(await codes('/stock')).toEqual(['A-OWN-1']);
    expect(await codes('/stock?lowStock=true')).toEqual([]);
    for (const q of [ids.sku, 'B の', '4900000000012', 'B-ONLY']) expect(await codes(`/skus?q=${encodeURIComponent(q)}`), q).toEqual([]);
    const csv = await (await adminA.api('/stock/export?encoding=utf-8')).text();
    expect(csv).toContain('A-OWN-1');
    expect(csv).not.toContain('B-ONLY');
    expect(csv).not.toContain('B の商品');
    // and B sees its own, not A's
    expect(((await (await adminB.api('/skus')).json()) as { items: { code: string }[] }).items.map((s) => s.code)).toEqual([ids.sku]);
  });

  it('a reservation reference is only meaningful inside its own account', async () => {
    // A may use the same reference string for its own order: it is A's reservation, not B's
    expect((await adminA.api('/stock/reservations', { json: { reference: 'B-ORDER-1', lines: [{ sku: 'A-OWN-1', quantity: 1 }] } })).status).toBe(201);
    expect((await adminA.api('/stock/reservations/B-ORDER-1/commit', { method: 'POST' })).status).toBe(200);
    expect(await (await adminA.api('/stock/A-OWN-1')).json()).toMatchObject({ onHand: 1, reserved: 0 });
    expect(await (await adminB.api(`/stock/${ids.sku}`)).json()).toMatchObject({ onHand: 10, reserved: 3 });
    expect((await adminB.api('/stock/reservations/B-ORDER-1', { method: 'DELETE' })).status).toBe(200);
    expect(await (await adminB.api(`/stock/${ids.sku}`)).json()).toMatchObject({ onHand: 10, reserved: 0 });
  });

  it('A’s tracking import cannot reach B’s orders: their numbers are not found and B’s order is untouched', async () => {
    const bNumber = ((await (await adminB.api(`/orders/${ids.orderId}`)).json()) as { order: { number: string } }).order.number;
    const res = await adminA.api('/orders/import/tracking?carrier=yamato_b2', {
      method: 'POST',
      body: `${ids.orderExternalId},0,0,444413758703\r\n${bNumber},0,0,444413758714\r\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { shipped: number; updated: number; problems: { line: number; code: string }[] };
    expect(report).toMatchObject({ shipped: 0, updated: 0 });
    expect(report.problems.map((p) => [p.line, p.code])).toEqual([
      [1, 'not_found'],
      [2, 'not_found'],
    ]);
    const order = ((await (await adminB.api(`/orders/${ids.orderId}`)).json()) as { order: { status: string; shipping: { trackingNumber: string | null } } }).order;
    expect(order).toMatchObject({ status: 'awaiting_stock', shipping: { trackingNumber: null } });
  });

  it('A’s logs as CSV carry none of B’s rows either', async () => {
    const csv = await (await adminA.api('/logs/access?format=csv')).text();
    const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((l) => l.split(','));
    expect(rows.length).toBeGreaterThan(0);
    // every row was made by one of A's users (A's own requests may name B's ids in their paths: that is A's activity)
    const aUsers = new Set(Object.values(a.users).map((u) => u.id));
    for (const r of rows) expect(aUsers.has(r[2]), r.join(',')).toBe(true);
  });

  it('the shop profile and logo belong to their account: A never reads or replaces B’s', async () => {
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
    expect((await adminB.api('/settings/shop', { method: 'PUT', json: { name: 'B の店', address: 'B 県 B 市' } })).status).toBe(200);
    expect((await adminB.api('/settings/shop/logo', { method: 'PUT', body: png, headers: { 'content-type': 'image/png' } })).status).toBe(200);
    expect(await (await adminA.api('/settings/shop')).json()).toMatchObject({ name: `Test ${a.code}`, address: null, logo: null });
    const logo = await adminA.api('/settings/shop/logo');
    expect(logo.status).toBe(404);
    expect((await logo.json()) as unknown).toEqual({ error: { code: 'not_found', message: 'Logo not found' } });
    // A's own writes change A's profile only
    expect((await adminA.api('/settings/shop', { method: 'PUT', json: { name: 'A の店' } })).status).toBe(200);
    expect((await adminA.api('/settings/shop/logo', { method: 'DELETE' })).status).toBe(204);
    expect(await (await adminB.api('/settings/shop')).json()).toMatchObject({ name: 'B の店', address: 'B 県 B 市', logo: { contentType: 'image/png' } });
    const bLogo = await adminB.api('/settings/shop/logo');
    expect(new Uint8Array(await bLogo.arrayBuffer())).toEqual(png);
  });

  it('a login ID is only meaningful inside its own account', async () => {
    // both accounts have "admin" and "staff"; A's password does not open B's admin
    const res = await postLogin(new Client(), b.code, 'admin', 'Not-B-Passw0rd-1');
    expect(res.status).toBe(401);
    const ok = await postLogin(new Client(), a.code, 'staff', a.users.staff.password);
    expect(((await ok.json()) as { user: { id: string } }).user.id).toBe(a.users.staff.id);
  });

  // (these make orders in A, so they come after the tests that need A to have none)
  it('A’s order list, search and filters never show B’s orders, though both have an order K000001', async () => {
    // A's own stock for its orders (A-OWN-1 stays as the stock tests left it)
    expect((await adminA.api('/skus', { json: { code: 'A-ORD-1', name: 'A の受注用' } })).status).toBe(201);
    expect((await adminA.api('/stock/adjustments', { json: { items: [{ sku: 'A-ORD-1', mode: 'set', quantity: 10, reason: 'A stock' }] } })).status).toBe(200);
    const aOrder = (await (await adminA.api('/orders', { json: orderBody('A-EXT-1', 'A-ORD-1', 'A の顧客') })).json()) as { order: { id: string; number: string } };
    expect(aOrder.order.number).toBe('K000001');
    expect((await orderOf(adminB, ids.orderId)).number).toBe('K000001');
    const list = async (query: string) => ((await (await adminA.api(`/orders?${query}`)).json()) as { items: { id: string }[] }).items.map((o) => o.id);
    expect(await list('')).toEqual([aOrder.order.id]);
    expect(await list('q=K000001')).toEqual([aOrder.order.id]);
    for (const query of [`q=${ids.orderExternalId}`, `q=${encodeURIComponent('B の客')}`, 'status=awaiting_stock', 'stockWarning=true', 'channelId=manual', `q=${ids.orderId}`]) {
      expect(await list(query), query).toEqual([]);
    }
    // a rule simulated in A looks at A's orders only
    const sim = (await (await adminA.api('/order-rules/simulate', { json: { rule: { name: 'all', conditions: [], actions: [{ type: 'flag', value: 'x' }] } } })).json()) as {
      matched: { orderId: string }[];
    };
    expect(sim.matched.map((m) => m.orderId)).toEqual([aOrder.order.id]);
    // nor do A's rules, blacklist or saved searches list B's
    for (const path of ['/order-rules', '/blacklist', '/saved-searches']) expect(((await (await adminA.api(path)).json()) as { items: unknown[] }).items, path).toEqual([]);
    // and B sees only its own
    expect(((await (await adminB.api('/orders')).json()) as { items: { id: string }[] }).items.map((o) => o.id)).toEqual([ids.orderId]);
  });

  it('the same store order number in two accounts is two orders: A’s import never answers B’s order', async () => {
    const res = await adminA.api('/orders', { json: { ...orderBody(ids.orderExternalId, 'A-ORD-1', 'A の別の顧客'), channelId: 'manual' } });
    expect(res.status).toBe(201);
    const order = ((await res.json()) as { order: { id: string; number: string; customer: { name: string } } }).order;
    expect(order.id).not.toBe(ids.orderId);
    expect(order.number).toBe('K000002');
    expect(order.customer.name).toBe('A の別の顧客');
    expect((await orderOf(adminB, ids.orderId)).customer).toMatchObject({ name: 'B の客' });
    expect(await (await adminA.api('/stock/A-ORD-1')).json()).toMatchObject({ onHand: 10, reserved: 4 });
  });

  it('a bulk action naming B’s orders reports them not_found and changes nothing in B, while A’s own order in the same request goes through', async () => {
    const own = (await (await adminA.api('/orders', { json: orderBody('A-EXT-BULK', 'A-ORD-1', 'A の顧客') })).json()) as { order: { id: string } };
    const before = await orderOf(adminB, ids.orderId);
    const bulk = async (body: Record<string, unknown>) =>
      ((await (await adminA.api('/orders/bulk', { json: body })).json()) as { results: { id: string; ok: boolean; error?: { code: string } }[] }).results.map((r) => [r.id, r.ok, r.error?.code]);

    expect(await bulk({ action: 'transition', to: 'on_hold', ids: [ids.orderId, own.order.id] })).toEqual([
      [ids.orderId, false, 'not_found'],
      [own.order.id, true, undefined],
    ]);
    expect(await bulk({ action: 'ship', carrier: 'yamato', ids: [ids.orderId], trackingNumbers: { [ids.orderId]: '4000-9999-0002' } })).toEqual([[ids.orderId, false, 'not_found']]);
    expect(await bulk({ action: 'cancel', ids: [ids.orderId, own.order.id] })).toEqual([
      [ids.orderId, false, 'not_found'],
      [own.order.id, true, undefined],
    ]);
    expect(await orderOf(adminB, ids.orderId)).toEqual(before);
    expect(await orderOf(adminA, own.order.id)).toMatchObject({ status: 'cancelled' });
  });
});
