import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, signIn } from '../helpers/tenant';
import type { Client } from '../helpers/client';
import { createSku, importOrder, orderBody } from '../helpers/orders';
import { orderSearchTerms } from '../../worker/orders/search-terms';

describe('the search terms', () => {
  it('folds width and drops spaces; keeps the digits of a phone number', () => {
    expect(orderSearchTerms(' 山田　太郎 ')).toMatchObject({ exact: '山田　太郎', compact: '山田太郎', digits: null });
    expect(orderSearchTerms('０９０－１２３４')).toMatchObject({ compact: '090-1234', digits: '0901234' });
    expect(orderSearchTerms('ＴＳ－ＷＨＴ')).toMatchObject({ compact: 'ts-wht', digits: null });
    expect(orderSearchTerms('12')).toMatchObject({ digits: null });
  });
});

type Page = { items: { number: string; totals: { total: number }; items: { lineCount: number; lines: { sku: string }[] } }[]; nextCursor: string | null; total: number };

describe('searching, sorting and counting the order list', () => {
  let op: Client;
  const numbers: Record<string, string> = {};
  beforeAll(async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
    await createSku(op, 'SS-TEA', 50);
    await createSku(op, 'SS-CUP', 50);
    const mk = async (key: string, customerName: string, phone: string, sku: string, unitPrice: number, minutesAgo: number) => {
      const b = orderBody({ externalId: `SS-${key}`, customerName, phone, lines: [{ sku, quantity: 1, unitPrice }], orderedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() });
      numbers[key] = (await importOrder(op, { ...b, lines: [{ sku, quantity: 1, unitPrice, name: sku === 'SS-TEA' ? '静岡 緑茶' : '湯呑み' }] })).order.number;
    };
    await mk('a', '山田 太郎', '090-1111-2222', 'SS-TEA', 1000, 30);
    await mk('b', '佐藤花子', '03-3333-4444', 'SS-CUP', 3000, 20);
    await mk('c', '鈴木 一郎', '080-5555-6666', 'SS-TEA', 2000, 10);
  });
  const list = async (query: string) => {
    const res = await op.api(`/orders?${query}`);
    expect(res.status, query).toBe(200);
    return (await res.json()) as Page;
  };
  const found = async (q: string) => (await list(`q=${encodeURIComponent(q)}`)).items.map((i) => i.number).sort();

  it('finds a name with or without its space, in any width', async () => {
    expect(await found('山田太郎')).toEqual([numbers.a]);
    expect(await found('佐藤 花子')).toEqual([numbers.b]);
  });

  it('finds a phone number in either width, with or without dashes', async () => {
    expect(await found('０９０－１１１１－２２２２')).toEqual([numbers.a]);
    expect(await found('0333334444')).toEqual([numbers.b]);
  });

  it('finds by e-mail, SKU and product name', async () => {
    expect(await found('ss-tea')).toEqual([numbers.a, numbers.c].sort());
    expect(await found('緑茶')).toEqual([numbers.a, numbers.c].sort());
    expect(await found('buyer-080-5555-6666@')).toEqual([numbers.c]);
  });

  it('counts every match, pages by the chosen sort, and shows the lines', async () => {
    const byTotal = await list('q=SS-&sort=total_desc&limit=2');
    expect(byTotal.total).toBe(3);
    expect(byTotal.items.map((i) => i.totals.total)).toEqual([3000, 2000]);
    const rest = await list(`q=SS-&sort=total_desc&limit=2&cursor=${byTotal.nextCursor}`);
    expect(rest.items.map((i) => i.totals.total)).toEqual([1000]);
    expect(rest.nextCursor).toBeNull();
    const oldest = await list('q=SS-&sort=ordered_asc&limit=1');
    expect(oldest.items[0].number).toBe(numbers.a);
    expect(oldest.items[0].items).toMatchObject({ lineCount: 1, lines: [{ sku: 'SS-TEA' }] });
    expect((await op.api('/orders?sort=nonsense')).status).toBe(400);
  });
});
