import Encoding from 'encoding-japanese';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../helpers/client';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';
import { adjust, createSku, importOrder, orderBody } from '../helpers/orders';
import { jstCell, jstDay } from '../../worker/lib/csv-export';

interface OrderRef {
  id: string;
  number: string;
}
interface Reservation {
  reference: string;
  order: OrderRef | null;
  quantity: number;
}
interface Entry {
  at: string;
  kind: string;
  reference: string | null;
  order: OrderRef | null;
  actor: string | null;
  actorName: string | null;
  reason: string | null;
}

const fromSjis = (bytes: ArrayBuffer) => Encoding.convert(new Uint8Array(bytes), { to: 'UNICODE', from: 'SJIS', type: 'string' }) as unknown as string;

/**
 * Every stock reference to an order shows its K-number: reservations and
 * ledger entries carry `order: {id, number}` when the reference is one of the
 * account's orders (never another account's), and ledger entries say who
 * acted by name. The CSVs say the same for people, in Japanese and JST.
 */
describe('stock references to orders, and who acted', () => {
  let t: Tenant;
  let op: Client;
  let order: { id: string; number: string };

  const reservations = async (c: Client, sku: string) => {
    const res = await c.api(`/stock/reservations?sku=${encodeURIComponent(sku)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Reservation[] }).items;
  };
  const ledger = async (c: Client, sku: string) => {
    const res = await c.api(`/stock/${encodeURIComponent(sku)}/ledger?limit=50`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Entry[] }).items;
  };

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
    expect((await op.api('/skus', { json: { code: 'REF-TEA', name: '緑茶 100g', janCode: '0490000000012', taxRate: 8 } })).status).toBe(201);
    await adjust(op, 'REF-TEA', 10, 'set');
    ({ order } = await importOrder(op, orderBody({ externalId: 'REF-1', lines: [{ sku: 'REF-TEA', quantity: 2, unitPrice: 540 }] })));
    expect(order.number).toMatch(/^K\d{6}$/);
  });

  it('a reservation of an imported order carries the order’s id and K-number', async () => {
    const items = await reservations(op, 'REF-TEA');
    expect(items).toEqual([expect.objectContaining({ reference: order.id, order: { id: order.id, number: order.number }, quantity: 2 })]);
  });

  it('ledger entries carry the order of their reference, and the actor’s name (the user’s name, never only an id)', async () => {
    const items = await ledger(op, 'REF-TEA');
    const reserve = items.find((e) => e.kind === 'reserve')!;
    expect(reserve).toMatchObject({ reference: order.id, order: { id: order.id, number: order.number }, actor: `user:${t.users.op.id}`, actorName: 'operator op (op)' });
    const initial = items.find((e) => e.kind === 'adjust')!;
    expect(initial).toMatchObject({ reference: null, order: null, actorName: 'operator op (op)' });
  });

  it('an API token is named by its name', async () => {
    const admin = await signIn(t, 'admin');
    const { token } = (await (await admin.api('/api-tokens', { json: { name: '在庫連携', scopes: ['stock:read', 'stock:write'] } })).json()) as { token: string };
    const res = await op.fetch('/api/v1/stock/adjustments', { json: { items: [{ sku: 'REF-TEA', mode: 'delta', quantity: 1, reason: '入荷' }] }, bearer: token, cookie: false });
    expect(res.status).toBe(200);
    const [latest] = await ledger(op, 'REF-TEA');
    expect(latest.actor).toMatch(/^token:/);
    expect(latest.actorName).toBe('API: 在庫連携');
  });

  it('another account’s order id never resolves, in the reservations or the ledger', async () => {
    const other = await createTenant();
    const them = await signIn(other, 'admin');
    await createSku(them, 'REF-TEA', 5);
    // they reserve under our order's id: it is no order of theirs
    expect((await them.api('/stock/reservations', { json: { reference: order.id, lines: [{ sku: 'REF-TEA', quantity: 1 }] } })).status).toBe(201);
    expect(await reservations(them, 'REF-TEA')).toEqual([expect.objectContaining({ reference: order.id, order: null })]);
    const entry = (await ledger(them, 'REF-TEA')).find((e) => e.kind === 'reserve')!;
    expect(entry).toMatchObject({ reference: order.id, order: null, actorName: '管理者 (admin)' });
    // and a reference that is no order at all stays as it is
    expect((await op.api('/stock/reservations', { json: { reference: 'PHONE-ORDER-7', lines: [{ sku: 'REF-TEA', quantity: 1 }] } })).status).toBe(201);
    expect((await reservations(op, 'REF-TEA')).find((r) => r.reference === 'PHONE-ORDER-7')).toMatchObject({ order: null });
  });

  it('the ledger CSV: Japanese headers, JST times, the K-number, the actor by name, the file named for the JST day', async () => {
    const json = await ledger(op, 'REF-TEA');
    const res = await op.api('/stock/REF-TEA/ledger?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=Shift_JIS/i);
    const day = jstDay();
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="ledger_REF-TEA_${day}.csv"; filename*=UTF-8''${encodeURIComponent(`在庫履歴_REF-TEA_${day}.csv`)}`,
    );
    const lines = fromSjis(await res.arrayBuffer()).split('\r\n');
    expect(lines[0]).toBe('日時,倉庫,種別,実在庫増減,引当増減,実在庫,引当数,引当可能数,理由,受注番号,参照,担当者');
    const rows = lines.slice(1, -1).map((l) => l.split(','));
    expect(rows).toHaveLength(json.length);
    // newest first, as the JSON: each time in JST
    rows.forEach((r, i) => expect(r[0]).toBe(jstCell(json[i].at)));
    expect(rows[0][0]).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    const reserve = rows.find((r) => r[2] === '引当' && r[10] === order.id)!;
    expect(reserve[9]).toBe(order.number);
    expect(reserve[11]).toBe('operator op (op)');
    expect(rows.find((r) => r[2] === '調整' && r[8] === '入荷')?.[11]).toBe('API: 在庫連携');
    // never a raw user or token id for people
    expect(lines.join('\n')).not.toMatch(/user:|token:/);
  });

  it('the stock CSV: Japanese headers, the JAN as text with its leading zero, the file named for the JST day', async () => {
    const res = await op.api('/stock/export?encoding=utf-8');
    expect(res.status).toBe(200);
    const day = jstDay();
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="stock_${day}.csv"; filename*=UTF-8''${encodeURIComponent(`在庫_${day}.csv`)}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('商品コード,商品名,項目1,項目2,JANコード,倉庫,実在庫,引当数,引当可能数,確保在庫');
    expect(lines[1]).toMatch(/^REF-TEA,緑茶 100g,,,="0490000000012",default,\d+,\d+,\d+,0$/);
    // headers=en: the English codes, the JAN as it is
    const en = await (await op.api('/stock/export?encoding=utf-8&headers=en')).text();
    expect(en.replace(/^\uFEFF/, '').split('\r\n')[1]).toMatch(/^REF-TEA,緑茶 100g,,,0490000000012,default,/);
  });

  it('refuses an unknown headers value with 400', async () => {
    for (const path of ['/stock/export?headers=fr', '/stock/REF-TEA/ledger?format=csv&headers=jp']) {
      const res = await op.api(path);
      expect(res.status, path).toBe(400);
    }
  });
});
