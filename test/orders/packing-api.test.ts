import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { cancel, createSku, getOrder, importOrder, orderBody, ship, transition } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/**
 * 検品 over the API: GET /orders/{id}/packing answers what the packing page
 * checks each scan against (one call), and POST records a finished check
 * only when its scans, replayed on the server with the same rules, add up
 * to the order exactly. A record adds a `packed` event and an `order.pack`
 * operation-log entry. Only the caller's own open orders can be checked.
 */

interface PackingView {
  order: { id: string; number: string; externalId: string; status: string; shipTo: { name: string } };
  packable: boolean;
  lines: { sku: string; name: string | null; quantity: number; jan: string | null; components: { sku: string; name: string | null; jan: string | null; quantity: number }[] }[];
  lastPacked: { at: string; actor: string | null; actorName: string | null } | null;
}

const at = (k = 0) => new Date(Date.now() + k * 1000).toISOString();
const scansOf = (codes: string[]) => codes.map((code, i) => ({ code, at: at(i) }));

describe('packing checks over the API', () => {
  let t: Tenant;
  let op: Client;
  let n = 0;

  const patchSku = async (code: string, body: Record<string, unknown>) => {
    const res = await op.api(`/skus/${code}`, { method: 'PATCH', json: body });
    expect(res.status, `PATCH /skus/${code} ${JSON.stringify(body)}`).toBe(200);
  };
  const newOrder = async (lines: [string, number][], shipTo = '山田 太郎', client = op) =>
    (await importOrder(client, orderBody({ externalId: `PC-${++n}`, customerName: shipTo, lines: lines.map(([sku, quantity]) => ({ sku, quantity, unitPrice: 500 })) }))).order;
  const view = async (id: string, client = op) => {
    const res = await client.api(`/orders/${id}/packing`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as PackingView;
  };
  const record = (id: string, codes: string[], client = op) => client.api(`/orders/${id}/packing`, { json: { scans: scansOf(codes), result: 'passed' } });
  const operations = async () => {
    const admin = await signIn(t, 'admin');
    return ((await (await admin.api('/logs/operations?limit=200')).json()) as { items: { action: string; targetId: string; userId: string | null; after: Record<string, unknown> }[] }).items;
  };

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }, { loginId: 'viewer', role: 'viewer' }] });
    op = await signIn(t, 'op');
    await createSku(op, 'PC-CUP', 100);
    await createSku(op, 'PC-TEA', 100);
    await createSku(op, 'PC-PEN', 100);
    await patchSku('PC-CUP', { janCode: '4901234567894' });
    await patchSku('PC-PEN', { janCode: '49123456' });
    expect((await op.api('/skus', { json: { code: 'PC-GIFT', name: 'ギフトセット', components: [{ sku: 'PC-CUP', quantity: 2 }, { sku: 'PC-TEA', quantity: 1 }] } })).status).toBe(201);
  });

  it('answers the lines, each SKU’s JAN and a set’s components in one call', async () => {
    const o = await newOrder([['PC-PEN', 2], ['PC-GIFT', 1]], '佐藤 花子');
    const v = await view(o.id);
    expect(v).toEqual({
      order: { id: o.id, number: o.number, externalId: o.externalId, status: o.status, shipTo: { name: '佐藤 花子' } },
      packable: true,
      lines: [
        { sku: 'PC-PEN', name: '商品 PC-PEN', quantity: 2, jan: '49123456', components: [] },
        {
          sku: 'PC-GIFT',
          name: 'ギフトセット',
          quantity: 1,
          jan: null,
          components: [
            { sku: 'PC-CUP', name: '商品 PC-CUP', jan: '4901234567894', quantity: 2 },
            { sku: 'PC-TEA', name: '商品 PC-TEA', jan: null, quantity: 1 },
          ],
        },
      ],
      lastPacked: null,
    });
  });

  it('records a check whose scans add up: a packed event in the history and order.pack in the operation log', async () => {
    const o = await newOrder([['PC-PEN', 2], ['PC-GIFT', 1]]);
    // JAN or code, full-width digits as a Japanese keyboard types them, in any order
    const res = await record(o.id, ['４９１２３４５６', 'PC-TEA', '4901234567894', 'PC-PEN', 'PC-CUP']);
    expect(res.status, await res.clone().text()).toBe(201);
    const { packed } = (await res.json()) as { packed: { id: string; at: string; units: number; scans: number } };
    expect(packed).toMatchObject({ units: 5, scans: 5 });

    const order = await getOrder(op, o.id);
    const events = order.events.filter((e) => e.kind === 'packed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: packed.id, actor: `user:${t.users.op.id}`, detail: { units: 5, scans: 5 } });
    expect(typeof (events[0].detail as { startedAt: unknown }).startedAt).toBe('string');
    // the order itself is unchanged: checked, not moved
    expect(order.status).toBe(o.status);

    const entry = (await operations()).find((i) => i.action === 'order.pack' && i.targetId === o.id);
    expect(entry).toMatchObject({ userId: t.users.op.id, after: { number: o.number, units: 5, scans: 5 } });

    const v = await view(o.id);
    expect(v.lastPacked).toMatchObject({ at: packed.at, actor: `user:${t.users.op.id}` });
    expect(v.lastPacked!.actorName).toContain('op');
  });

  it('counts a set scanned whole by its own code', async () => {
    const o = await newOrder([['PC-GIFT', 2]]);
    expect((await record(o.id, ['PC-GIFT', 'PC-CUP', 'PC-CUP', 'PC-TEA'])).status).toBe(201);
  });

  it('refuses wrong scans with 409 packing_mismatch, naming each, and records nothing', async () => {
    const o = await newOrder([['PC-PEN', 1], ['PC-CUP', 1]]);
    const res = await record(o.id, ['PC-PEN', 'PC-TEA', 'PC-PEN', '4901234567895', 'PC-CUP']);
    expect(res.status).toBe(409);
    const error = await errorOf(res);
    expect(error.code).toBe('packing_mismatch');
    expect(error.details).toEqual([
      { index: 1, code: 'PC-TEA', result: 'not_on_order' },
      { index: 2, code: 'PC-PEN', result: 'too_many' },
      { index: 3, code: '4901234567895', result: 'unknown_code' },
    ]);
    expect((await getOrder(op, o.id)).events.some((e) => e.kind === 'packed')).toBe(false);
    expect((await operations()).some((i) => i.action === 'order.pack' && i.targetId === o.id)).toBe(false);
  });

  it('refuses scans that leave something out with 409 packing_incomplete, naming what is missing', async () => {
    const o = await newOrder([['PC-PEN', 3], ['PC-GIFT', 1]]);
    const res = await record(o.id, ['PC-PEN', 'PC-CUP', 'PC-TEA']);
    expect(res.status).toBe(409);
    const error = await errorOf(res);
    expect(error.code).toBe('packing_incomplete');
    expect(error.details).toEqual([
      { line: 0, sku: 'PC-PEN', expected: 3, scanned: 1 },
      { line: 1, sku: 'PC-CUP', expected: 2, scanned: 1 },
    ]);
  });

  it('checks against the order as it is now: a check begun before the lines changed no longer adds up', async () => {
    const o = await newOrder([['PC-PEN', 1]]);
    expect((await op.api(`/orders/${o.id}`, { method: 'PATCH', json: { lines: [{ sku: 'PC-PEN', quantity: 2, unitPrice: 500 }] } })).status).toBe(200);
    const res = await record(o.id, ['PC-PEN']);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('packing_incomplete');
  });

  it('checks open orders only: a shipped or cancelled one shows as not packable and refuses a record with 409 order_closed', async () => {
    const shipped = await newOrder([['PC-PEN', 1]]);
    expect((await transition(op, shipped.id, 'ready_to_ship')).status).toBe(200);
    // ready to ship is the usual moment to check
    expect((await view(shipped.id)).packable).toBe(true);
    expect((await ship(op, shipped.id)).status).toBe(200);
    const cancelled = await newOrder([['PC-PEN', 1]]);
    expect((await cancel(op, cancelled.id)).status).toBe(200);
    for (const o of [shipped, cancelled]) {
      expect((await view(o.id)).packable).toBe(false);
      const res = await record(o.id, ['PC-PEN']);
      expect(res.status).toBe(409);
      expect((await errorOf(res)).code).toBe('order_closed');
    }
  });

  it('answers 400 validation_error for a body that is not a passed check', async () => {
    const o = await newOrder([['PC-PEN', 1]]);
    const bodies: unknown[] = [
      {},
      { scans: [], result: 'passed' },
      { scans: scansOf(['PC-PEN']), result: 'failed' },
      { scans: scansOf(['PC-PEN']) },
      { scans: [{ code: 'PC-PEN' }], result: 'passed' },
      { scans: [{ code: 'PC-PEN', at: 'yesterday' }], result: 'passed' },
      { scans: [{ code: '', at: at() }], result: 'passed' },
      { scans: [{ code: 'x'.repeat(101), at: at() }], result: 'passed' },
      { scans: scansOf(Array.from({ length: 2001 }, () => 'PC-PEN')), result: 'passed' },
      { scans: scansOf(['PC-PEN']), result: 'passed', orderId: 'other' },
    ];
    for (const json of bodies) {
      const res = await op.api(`/orders/${o.id}/packing`, { json });
      expect(res.status, JSON.stringify(json).slice(0, 80)).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_error');
    }
  });

  it('keeps to the caller’s account: another account’s order is 404 both ways, and nothing is recorded on it', async () => {
    const other = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const otherOp = await signIn(other, 'op');
    await createSku(otherOp, 'PC-SECRET', 10);
    const theirs = await newOrder([['PC-SECRET', 1]], '他社 顧客', otherOp);

    const read = await op.api(`/orders/${theirs.id}/packing`);
    expect(read.status).toBe(404);
    expect(await read.text()).not.toMatch(/PC-SECRET|他社/);
    const write = await record(theirs.id, ['PC-SECRET']);
    expect(write.status).toBe(404);
    expect((await errorOf(write)).code).toBe('not_found');
    expect((await getOrder(otherOp, theirs.id)).events.some((e) => e.kind === 'packed')).toBe(false);
    // and the owner can check it
    expect((await record(theirs.id, ['PC-SECRET'], otherOp)).status).toBe(201);
  });

  it('lets anyone who may read orders look, and only those who may write orders record', async () => {
    const o = await newOrder([['PC-PEN', 1]]);
    const viewer = await signIn(t, 'viewer');
    expect((await view(o.id, viewer)).lines.map((l) => l.sku)).toEqual(['PC-PEN']);
    const refused = await record(o.id, ['PC-PEN'], viewer);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('forbidden');

    const admin = await signIn(t, 'admin');
    const token = async (scopes: string[]) => ((await (await admin.api('/api-tokens', { json: { name: scopes.join(' '), scopes } })).json()) as { token: string }).token;
    const reader = await token(['orders:read']);
    const writer = await token(['orders:read', 'orders:write']);
    expect((await new Client().api(`/orders/${o.id}/packing`, { bearer: reader })).status).toBe(200);
    const readOnly = await new Client().api(`/orders/${o.id}/packing`, { bearer: reader, json: { scans: scansOf(['PC-PEN']), result: 'passed' } });
    expect(readOnly.status).toBe(403);
    expect((await errorOf(readOnly)).code).toBe('insufficient_scope');
    expect((await new Client().api(`/orders/${o.id}/packing`, { bearer: writer, json: { scans: scansOf(['PC-PEN']), result: 'passed' } })).status).toBe(201);
    expect((await new Client().api(`/orders/${o.id}/packing`)).status).toBe(401);
  });
});
