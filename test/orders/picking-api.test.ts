import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { createSku, importOrder, orderBody } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/**
 * GET /orders/picking: the picking lists (ピッキングリスト) of the checked
 * orders, per order (個別) and per SKU (トータル), as the printable page reads
 * them. Only the caller's own orders are listed; any other id is counted as
 * missing, never an error.
 */

interface PickItem {
  sku: string;
  jan: string | null;
  name: string | null;
  shelfNumber: string | null;
  known: boolean;
}
interface PickingList {
  orders: { id: string; number: string; externalId: string; status: string; shipTo: { name: string }; lines: (PickItem & { quantity: number; components: (PickItem & { quantity: number })[] })[] }[];
  totals: (PickItem & { quantity: number; orderCount: number })[];
  missing: number;
}

describe('picking lists over the API', () => {
  let t: Tenant;
  let op: Client;
  let n = 0;

  const patchSku = async (code: string, body: Record<string, unknown>) => {
    const res = await op.api(`/skus/${code}`, { method: 'PATCH', json: body });
    expect(res.status, `PATCH /skus/${code} ${JSON.stringify(body)}`).toBe(200);
  };
  const newOrder = async (lines: [string, number][], shipTo = '山田 太郎', client = op) =>
    (await importOrder(client, orderBody({ externalId: `PK-${++n}`, customerName: shipTo, lines: lines.map(([sku, quantity]) => ({ sku, quantity, unitPrice: 500 })) }))).order;
  const picking = async (ids: string[], client = op) => {
    const res = await client.api(`/orders/picking?ids=${ids.map(encodeURIComponent).join(',')}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as PickingList;
  };

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }, { loginId: 'viewer', role: 'viewer' }] });
    op = await signIn(t, 'op');
  });

  it('sums each SKU across the orders, sets exploded into their components, by shelf number with the shelf-less last', async () => {
    await createSku(op, 'PK-CUP', 100);
    await createSku(op, 'PK-TEA', 100);
    await createSku(op, 'PK-SPOON', 100);
    expect((await op.api('/skus', { json: { code: 'PK-GIFT', name: 'ギフトセット', components: [{ sku: 'PK-CUP', quantity: 2 }, { sku: 'PK-TEA', quantity: 1 }] } })).status).toBe(201);
    // 棚番 and JAN through the SKU API
    await patchSku('PK-CUP', { shelfNumber: 'B-10', janCode: '4901234567894' });
    await patchSku('PK-TEA', { shelfNumber: 'B-2' });

    const first = await newOrder([['PK-CUP', 1], ['PK-GIFT', 2]], '佐藤 花子');
    const second = await newOrder([['PK-TEA', 3], ['PK-SPOON', 1]], '鈴木 一郎');

    const list = await picking([second.id, first.id]);
    expect(list.missing).toBe(0);
    expect(list.totals).toEqual([
      { sku: 'PK-TEA', jan: null, name: '商品 PK-TEA', shelfNumber: 'B-2', known: true, quantity: 2 + 3, orderCount: 2 },
      { sku: 'PK-CUP', jan: '4901234567894', name: '商品 PK-CUP', shelfNumber: 'B-10', known: true, quantity: 1 + 4, orderCount: 1 },
      { sku: 'PK-SPOON', jan: null, name: '商品 PK-SPOON', shelfNumber: null, known: true, quantity: 1, orderCount: 1 },
    ]);

    // per order: by order number, whoever was asked first
    expect(list.orders.map((o) => o.id)).toEqual([first.id, second.id]);
    expect(list.orders[0]).toMatchObject({ number: first.number, externalId: first.externalId, status: first.status, shipTo: { name: '佐藤 花子' } });
    expect(list.orders[0].lines).toEqual([
      { sku: 'PK-CUP', jan: '4901234567894', name: '商品 PK-CUP', shelfNumber: 'B-10', known: true, quantity: 1, components: [] },
      {
        sku: 'PK-GIFT',
        jan: null,
        name: 'ギフトセット',
        shelfNumber: null,
        known: true,
        quantity: 2,
        components: [
          { sku: 'PK-CUP', jan: '4901234567894', name: '商品 PK-CUP', shelfNumber: 'B-10', known: true, quantity: 4 },
          { sku: 'PK-TEA', jan: null, name: '商品 PK-TEA', shelfNumber: 'B-2', known: true, quantity: 2 },
        ],
      },
    ]);
  });

  it('shows a shelf number as soon as it is set, and keeps a SKU the master does not know with its code', async () => {
    await createSku(op, 'PK-PEN', 10);
    // a mall may send an order for a code Kura does not know: it comes in with a stock warning
    const withName = await importOrder(op, {
      ...orderBody({ externalId: `PK-${++n}` }),
      lines: [
        { sku: 'PK-PEN', quantity: 2, unitPrice: 100 },
        { sku: 'PK-NO-SUCH', quantity: 1, unitPrice: 100, name: 'モールの商品名' },
      ],
    });
    // neither has a shelf number yet: by code
    expect((await picking([withName.order.id])).totals.map((r) => [r.sku, r.shelfNumber, r.known])).toEqual([
      ['PK-NO-SUCH', null, false],
      ['PK-PEN', null, true],
    ]);
    await patchSku('PK-PEN', { shelfNumber: 'Z-9' });
    const list = await picking([withName.order.id]);
    expect(list.totals).toEqual([
      { sku: 'PK-PEN', jan: null, name: '商品 PK-PEN', shelfNumber: 'Z-9', known: true, quantity: 2, orderCount: 1 },
      { sku: 'PK-NO-SUCH', jan: null, name: 'モールの商品名', shelfNumber: null, known: false, quantity: 1, orderCount: 1 },
    ]);
  });

  it('counts another account’s order ids and unknown ids as missing, and shows nothing of them', async () => {
    const other = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const otherOp = await signIn(other, 'op');
    await createSku(otherOp, 'PK-SECRET', 10);
    const theirs = await newOrder([['PK-SECRET', 1]], '他社 顧客', otherOp);
    await createSku(op, 'PK-MINE', 10);
    const mine = await newOrder([['PK-MINE', 1]]);

    const list = await picking([theirs.id, mine.id, '01JZZZZZZZZZZZZZZZZZZZZZZZ', mine.id]);
    expect(list.missing).toBe(2);
    expect(list.orders.map((o) => o.id)).toEqual([mine.id]);
    expect(list.totals.map((r) => r.sku)).toEqual(['PK-MINE']);
    expect(JSON.stringify(list)).not.toMatch(/PK-SECRET|他社/);

    // and the other account sees its own order, not ours
    const theirList = await picking([theirs.id, mine.id], otherOp);
    expect(theirList).toMatchObject({ missing: 1, totals: [{ sku: 'PK-SECRET', quantity: 1 }] });
  });

  it('answers 400 validation_error for a missing, empty, too long or oversized id list', async () => {
    const ids = (k: number) => Array.from({ length: k }, (_, i) => `01JPK${String(i).padStart(21, '0')}`).join(',');
    for (const query of ['', '?ids=', '?ids=,,%20,', `?ids=${'x'.repeat(65)}`, `?ids=${ids(101)}`]) {
      const res = await op.api(`/orders/picking${query}`);
      expect(res.status, query.slice(0, 40)).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_error');
      expect(error.details).toEqual([expect.objectContaining({ field: 'ids' })]);
    }
    // 100 ids (repeats count once) are fine, even when none is an order
    const res = await op.api(`/orders/picking?ids=${ids(100)},${ids(3)}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as PickingList).missing).toBe(100);
  });

  it('is for anyone who may read orders: a viewer, and a token with orders:read but not one with stock scopes only', async () => {
    await createSku(op, 'PK-VIEW', 5);
    const o = await newOrder([['PK-VIEW', 1]]);
    expect((await picking([o.id], await signIn(t, 'viewer'))).totals.map((r) => r.sku)).toEqual(['PK-VIEW']);

    const admin = await signIn(t, 'admin');
    const token = async (scopes: string[]) => ((await (await admin.api('/api-tokens', { json: { name: scopes.join(' '), scopes } })).json()) as { token: string }).token;
    const reader = await token(['orders:read']);
    const stockOnly = await token(['stock:read', 'stock:write']);
    expect((await new Client().api(`/orders/picking?ids=${o.id}`, { bearer: reader })).status).toBe(200);
    const refused = await new Client().api(`/orders/picking?ids=${o.id}`, { bearer: stockOnly });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('insufficient_scope');
    expect((await new Client().api(`/orders/picking?ids=${o.id}`)).status).toBe(401);
  });
});
