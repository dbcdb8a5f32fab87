import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type Client } from '../helpers/client';
import { cancel, createSku, importOrder, orderBody, type Order, type OrderSummary } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/**
 * The order list (GET /orders): newest first, filtered on the server (status,
 * channel, free text, order date, stock warning), paged by an opaque keyset
 * cursor that neither skips nor repeats an order.
 */
describe('the order list', () => {
  let t: Tenant;
  let op: Client;
  /** every order of the account, by external id */
  const made = new Map<string, Order>();
  const ids = (items: { id: string }[]) => items.map((i) => i.id);
  const byExt = (...ext: string[]) => ext.map((e) => made.get(e)!.id);

  /** Every page of a query, following nextCursor; fails on a repeated id. */
  const all = async (query: string, limit: number) => {
    const out: OrderSummary[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Response = await op.api(`/orders?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, query).toBe(200);
      const page = (await res.json()) as { items: OrderSummary[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(limit);
      out.push(...page.items);
      cursor = page.nextCursor;
      if (++pages > 50) throw new Error('paging does not end');
    } while (cursor);
    return { items: out, pages };
  };
  const list = async (query: string) => ids((await all(query, 200)).items);

  /** The account's orders, newest first by order date (then id), as the list must answer them. */
  const newestFirst = (orders: Order[]) => [...orders].sort((x, y) => (x.orderedAt === y.orderedAt ? (x.id < y.id ? 1 : -1) : x.orderedAt < y.orderedAt ? 1 : -1)).map((o) => o.id);

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
    const a = await createSku(op, 'LS-1', 100);
    const none = await createSku(op, 'LS-EMPTY', 0);
    const specs: { ext: string; channel: string; at: string; name: string; sku?: string }[] = [
      { ext: 'RK-0001', channel: 'rakuten', at: '2026-02-27T10:00:00+09:00', name: '佐藤 花子' },
      { ext: 'RK-0002', channel: 'rakuten', at: '2026-02-28T23:59:59+09:00', name: '鈴木 一郎' },
      // 2026-03-01 00:00 JST is 2026-02-28T15:00Z
      { ext: 'YH-0001', channel: 'yahoo', at: '2026-03-01T00:00:00+09:00', name: '佐藤 次郎', sku: none },
      { ext: 'YH-0002', channel: 'yahoo', at: '2026-03-01T12:00:00+09:00', name: 'Smith 50%' },
      { ext: 'AM-0001', channel: 'amazon', at: '2026-03-02T09:00:00+09:00', name: '高橋 三郎' },
      // three orders at the same moment: the id breaks the tie, across page boundaries
      { ext: 'AM-0002', channel: 'amazon', at: '2026-03-03T09:00:00+09:00', name: '田中 四郎', sku: none },
      { ext: 'MN-0001', channel: 'manual', at: '2026-03-03T09:00:00+09:00', name: '伊藤 五郎' },
      { ext: 'MN-0002', channel: 'manual', at: '2026-03-03T09:00:00+09:00', name: '渡辺 六郎' },
      { ext: 'MN-0003', channel: 'manual', at: '2026-03-04T18:30:00+09:00', name: '山本 七子' },
      { ext: 'MN-0004', channel: 'manual', at: '2026-03-05T08:00:00+09:00', name: '中村 八郎' },
      { ext: 'RK-0003', channel: 'rakuten', at: '2026-03-06T20:00:00+09:00', name: '小林 九子' },
    ];
    for (const s of specs) {
      const { order } = await importOrder(op, orderBody({ externalId: s.ext, channelId: s.channel, orderedAt: s.at, customerName: s.name, lines: [{ sku: s.sku ?? a, quantity: 1, unitPrice: 1000 }] }));
      made.set(s.ext, order);
    }
    expect((await cancel(op, made.get('MN-0002')!.id)).status).toBe(200);
  });

  it('lists every order of the account newest first by order date, and pages over several pages by cursor without skipping or repeating one', async () => {
    const expected = newestFirst([...made.values()]);
    expect(await list('')).toEqual(expected);
    for (const limit of [1, 2, 3, 4]) {
      const { items, pages } = await all('', limit);
      expect(ids(items), `limit ${limit}`).toEqual(expected);
      expect(pages, `limit ${limit}`).toBe(Math.ceil(expected.length / limit));
    }
    // the first page says there is more; the default page holds them all
    const first = (await (await op.api('/orders?limit=4')).json()) as { items: OrderSummary[]; nextCursor: string | null };
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).toEqual(expect.any(String));
    const whole = (await (await op.api('/orders')).json()) as { items: OrderSummary[]; nextCursor: string | null };
    expect(whole.nextCursor).toBeNull();
    expect(whole.items[0]).toMatchObject({ externalId: 'RK-0003', channelId: 'rakuten', status: 'new', stockWarning: false, customer: { name: '小林 九子' } });
  });

  it('filters by status, also across pages', async () => {
    expect(await list('status=awaiting_stock')).toEqual(byExt('AM-0002', 'YH-0001'));
    expect(await list('status=cancelled')).toEqual(byExt('MN-0002'));
    expect(await list('status=shipped')).toEqual([]);
    const fresh = newestFirst([...made.values()].filter((o) => !['AM-0002', 'YH-0001', 'MN-0002'].includes(o.externalId)));
    expect(ids((await all('status=new', 2)).items)).toEqual(fresh);
  });

  it('filters by channel', async () => {
    expect(await list('channelId=rakuten')).toEqual(byExt('RK-0003', 'RK-0002', 'RK-0001'));
    expect(await list('channelId=yahoo')).toEqual(byExt('YH-0002', 'YH-0001'));
    expect(await list('channelId=nowhere')).toEqual([]);
    expect(await list('channelId=amazon&status=awaiting_stock')).toEqual(byExt('AM-0002'));
  });

  it('finds an order by Kura’s number, the store’s order number, or part of the customer’s name', async () => {
    const o = made.get('AM-0001')!;
    expect(await list(`q=${o.number}`)).toEqual([o.id]);
    expect(await list('q=AM-0001')).toEqual([o.id]);
    expect(await list(`q=${encodeURIComponent('佐藤')}`)).toEqual(byExt('YH-0001', 'RK-0001'));
    expect(await list(`q=${encodeURIComponent('次郎')}`)).toEqual(byExt('YH-0001'));
    // LIKE wildcards in the search text are plain characters
    expect(await list(`q=${encodeURIComponent('%')}`)).toEqual(byExt('YH-0002'));
    expect(await list(`q=${encodeURIComponent('_')}`)).toEqual([]);
    expect(await list('q=NO-SUCH-ORDER')).toEqual([]);
    expect(await list(`q=${encodeURIComponent('佐藤')}&channelId=rakuten`)).toEqual(byExt('RK-0001'));
  });

  it('filters by order date, from and to inclusive, with the offset the caller gives', async () => {
    // March in Japan
    expect(await list(`from=${encodeURIComponent('2026-03-01T00:00:00+09:00')}&to=${encodeURIComponent('2026-03-03T09:00:00+09:00')}`)).toEqual(
      newestFirst(['YH-0001', 'YH-0002', 'AM-0001', 'AM-0002', 'MN-0001', 'MN-0002'].map((e) => made.get(e)!)),
    );
    // the same instant written in UTC
    expect(await list('from=2026-02-28T15:00:00Z&to=2026-02-28T15:00:00Z')).toEqual(byExt('YH-0001'));
    expect(await list(`to=${encodeURIComponent('2026-02-28T23:59:59+09:00')}`)).toEqual(byExt('RK-0002', 'RK-0001'));
    expect(await list(`from=${encodeURIComponent('2026-03-05T00:00:00+09:00')}&status=new`)).toEqual(byExt('RK-0003', 'MN-0004'));
    const bad = await op.api('/orders?from=yesterday');
    expect(bad.status).toBe(400);
    await errorOf(bad);
  });

  it('filters by stock warning', async () => {
    expect(await list('stockWarning=true')).toEqual(byExt('AM-0002', 'YH-0001'));
    const ok = await list('stockWarning=false');
    expect(ok).toHaveLength(made.size - 2);
    expect(ok).not.toContain(made.get('AM-0002')!.id);
    expect(ok).toEqual(newestFirst([...made.values()].filter((o) => !['AM-0002', 'YH-0001'].includes(o.externalId))));
    expect((await op.api('/orders?stockWarning=maybe')).status).toBe(400);
  });

  it('a cursor that is not one of ours does not break the list', async () => {
    for (const cursor of ['garbage', 'eyJ4IjoxfQ', '', btoa(JSON.stringify([1, 2]))]) {
      const res = await op.api(`/orders?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBeLessThan(500);
    }
    for (const limit of ['0', '201', '-1', 'ten']) expect((await op.api(`/orders?limit=${limit}`)).status, limit).toBe(400);
  });
  it('GET /orders/ids answers every matching id with the list’s own filters, for bulk work beyond one page', async () => {
    for (const query of ['', 'status=cancelled', 'q=%E5%B1%B1%E7%94%B0', 'stockWarning=true']) {
      const res = await op.api(`/orders/ids${query ? `?${query}` : ''}`);
      expect(res.status, query).toBe(200);
      const body = (await res.json()) as { ids: string[]; truncated: boolean };
      expect(body.ids, query).toEqual(await list(query));
      expect(body.truncated).toBe(false);
    }
    expect((await op.api('/orders/ids?status=nonsense')).status).toBe(400);
  });
});
