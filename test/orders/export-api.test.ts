import Encoding from 'encoding-japanese';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type Client } from '../helpers/client';
import { createTenant, signIn, sql, type Tenant } from '../helpers/tenant';
import { adjust, importOrder, orderBody, transition } from '../helpers/orders';
import { jstCell, jstDay } from '../../worker/lib/csv-export';
import { parseCsv } from '../../worker/lib/japanese-csv';

const fromSjis = (bytes: ArrayBuffer) => Encoding.convert(new Uint8Array(bytes), { to: 'UNICODE', from: 'SJIS', type: 'string' }) as unknown as string;

const HEADER_JA = [
  '受注番号', '店舗', '店舗受注番号', '受注日時', 'ステータス', '注文者', '郵便番号', '都道府県', '支払い方法', 'SKU', 'JAN', '商品名', '数量', '単価(税込)', '小計', '税率',
  '10%対象', '10%消費税', '8%対象', '8%消費税', '送料', '手数料', '値引', 'ポイント', '合計',
];

/**
 * GET /orders/export: the 受注CSV for accounting. One row per order line; the
 * order's tax by rate and its amounts on its first line only; the list's
 * filters; Japanese headers and JST by default; audited.
 *
 * Order A (代金引換, full-width postal code): a ¥2,200 shirt (10%) and two ¥540
 * teas (8%), ¥880 shipping: 10% on ¥3,080 holds ¥280, 8% on ¥1,080 holds ¥80, ¥4,160.
 * Order B (card): one tea, ¥540 at 8% holds ¥40, free shipping.
 */
describe('GET /orders/export (受注CSV)', () => {
  let t: Tenant;
  let op: Client;
  let a: { id: string; number: string };
  let b: { id: string; number: string };
  const csvOf = async (query: string) => {
    const res = await op.api(`/orders/export?${query}`);
    const bytes = await res.arrayBuffer();
    expect(res.status, new TextDecoder().decode(bytes).slice(0, 300)).toBe(200);
    return { res, text: new TextDecoder().decode(bytes).replace(/^\uFEFF/, '') };
  };

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
    expect((await op.api('/skus', { json: { code: 'EXP-SHIRT', name: 'Tシャツ' } })).status).toBe(201);
    expect((await op.api('/skus', { json: { code: 'EXP-TEA', name: '緑茶 100g', taxRate: 8, janCode: '0490000000012' } })).status).toBe(201);
    await adjust(op, 'EXP-SHIRT', 100, 'set');
    await adjust(op, 'EXP-TEA', 100, 'set');
    const bodyA = orderBody({
      externalId: '0012345678',
      orderedAt: '2026-12-07T23:30:00.000Z',
      customerName: '山田 花子',
      payment: { method: 'cod', paid: false },
      lines: [
        { sku: 'EXP-SHIRT', quantity: 1, unitPrice: 2200 },
        { sku: 'EXP-TEA', quantity: 2, unitPrice: 540 },
      ],
    });
    ({ order: a } = await importOrder(op, { ...bodyA, shipTo: { ...bodyA.shipTo, postalCode: '〒０６０－０００１' }, totals: { shippingFee: 880 } }));
    ({ order: b } = await importOrder(op, orderBody({ externalId: 'EXP-B', orderedAt: '2026-12-09T01:00:00.000Z', lines: [{ sku: 'EXP-TEA', quantity: 1, unitPrice: 540 }] })));
    // another account's order is never in the file
    const other = await createTenant();
    const them = await signIn(other, 'admin');
    expect((await them.api('/skus', { json: { code: 'EXP-TEA', name: '他社の茶' } })).status).toBe(201);
    await importOrder(them, orderBody({ externalId: 'THEIRS', orderedAt: '2026-12-08T00:00:00.000Z', customerName: '他社 顧客', lines: [{ sku: 'EXP-TEA', quantity: 1, unitPrice: 999 }] }));
  });

  it('one row per line, the tax by rate and the amounts on each order’s first line, oldest order first (Shift_JIS by default)', async () => {
    const res = await op.api('/orders/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=Shift_JIS/i);
    const day = jstDay();
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="orders_${day}.csv"; filename*=UTF-8''${encodeURIComponent(`受注_${day}.csv`)}`);
    const text = fromSjis(await res.arrayBuffer());
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines[0]).toBe(HEADER_JA.join(','));
    expect(lines).toHaveLength(1 + 3);
    const rows = lines.slice(1).map((l) => parseCsv(l)[0]);
    expect(rows.map((r) => [r[0], r[9]])).toEqual([
      [a.number, 'EXP-SHIRT'],
      [a.number, 'EXP-TEA'],
      [b.number, 'EXP-TEA'],
    ]);
    // order A: the first line carries the order's amounts, the second none
    expect(lines[1]).toBe(
      `${a.number},手入力,="0012345678",${jstCell('2026-12-07T23:30:00.000Z')},新規受付,山田 花子,="060-0001",北海道,代金引換,EXP-SHIRT,,Tシャツ,1,2200,2200,10,3080,280,1080,80,880,0,0,0,4160`,
    );
    expect(lines[2]).toBe(`${a.number},手入力,="0012345678",2026/12/08 08:30:00,新規受付,山田 花子,="060-0001",北海道,代金引換,EXP-TEA,="0490000000012",緑茶 100g,2,540,1080,8,,,,,,,,,`);
    // order B: 8% only
    expect(rows[2].slice(15)).toEqual(['8', '0', '0', '540', '40', '0', '0', '0', '0', '540']);
    expect(rows[2][8]).toBe('クレジットカード');
    // the columns add up over the orders
    const sum = (i: number) => rows.reduce((n, r) => n + Number(r[i] || 0), 0);
    expect(sum(24)).toBe(4160 + 540);
    expect(sum(14)).toBe(2200 + 1080 + 540);
    // the postal code is half-width, as text; nothing full-width left of it
    expect(lines[1]).not.toMatch(/[０-９－〒]/);
  });

  it('the list’s filters: status, from/to; headers=en gives the English codes and the stored values', async () => {
    expect((await transition(op, b.id, 'on_hold')).status).toBe(200);
    const held = parseCsv((await csvOf('encoding=utf-8&status=on_hold')).text);
    expect(held.slice(1).map((r) => [r[0], r[4]])).toEqual([[b.number, '保留']]);
    const range = parseCsv((await csvOf(`encoding=utf-8&from=${encodeURIComponent('2026-12-07T15:00:00.000Z')}&to=${encodeURIComponent('2026-12-08T14:59:59.999Z')}`)).text);
    expect(new Set(range.slice(1).map((r) => r[0]))).toEqual(new Set([a.number]));
    const en = parseCsv((await csvOf('encoding=utf-8&headers=en&status=on_hold')).text);
    expect(en[0].slice(0, 5)).toEqual(['number', 'channelId', 'externalId', 'orderedAt', 'status']);
    expect(en[1].slice(0, 11)).toEqual([b.number, 'manual', 'EXP-B', '2026-12-09T01:00:00.000Z', 'on_hold', '山田 太郎', '060-0001', '北海道', 'credit_card', 'EXP-TEA', '0490000000012']);
    // a search the list would match
    const found = parseCsv((await csvOf(`encoding=utf-8&q=${encodeURIComponent(a.number)}`)).text);
    expect(found.slice(1).map((r) => r[0])).toEqual([a.number, a.number]);
    // nothing matching: the header alone
    expect((await csvOf('encoding=utf-8&status=shipped')).text).toBe(HEADER_JA.join(',') + '\r\n');
  });

  it('is in the operation log with the filters and the row count (it carries buyers’ personal data)', async () => {
    await csvOf('encoding=utf-8&status=on_hold&headers=en');
    const admin = await signIn(t, 'admin');
    const items = ((await (await admin.api('/logs/operations?limit=50')).json()) as { items: { action: string; userId: string; after: Record<string, unknown> }[] }).items;
    const exports = items.filter((i) => i.action === 'order.export');
    expect(exports.length).toBeGreaterThanOrEqual(5);
    expect(exports[0]).toMatchObject({ userId: t.users.op.id, after: { filters: { status: 'on_hold' }, rows: 1, encoding: 'utf-8', headers: 'en' } });
  });

  it('refuses a range of more than 100,000 lines with 400 too_many_rows (never a file cut short), and exports a narrower one', async () => {
    const big = await createTenant();
    const admin = await signIn(big, 'admin');
    expect((await admin.api('/skus', { json: { code: 'BULK', name: '大量' } })).status).toBe(201);
    const { order } = await importOrder(admin, orderBody({ externalId: 'BULK-1', lines: [{ sku: 'BULK', quantity: 1, unitPrice: 100 }] }));
    await importOrder(admin, orderBody({ externalId: 'SMALL-1', lines: [{ sku: 'BULK', quantity: 1, unitPrice: 100 }] }));
    // 100,000 more lines on the first order, in one statement
    await sql(
      `INSERT INTO order_lines (account_id, order_id, line_no, sku, name, quantity, unit_price, tax_rate, shortage)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
       SELECT ?, ?, 1000 + i, 'BULK', NULL, 1, 100, 10, 0 FROM n`,
      big.id,
      order.id,
    );
    const res = await admin.api('/orders/export?encoding=utf-8');
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('too_many_rows');
    expect(error.details).toEqual({ lines: 100_002, max: 100_000 });
    const narrow = await admin.api(`/orders/export?encoding=utf-8&q=SMALL-1`);
    expect(narrow.status).toBe(200);
    expect((await narrow.text()).split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('streams page by page: every order once, oldest first, ties broken by id across pages', async () => {
    const many = await createTenant();
    const admin = await signIn(many, 'admin');
    expect((await admin.api('/skus', { json: { code: 'PG', name: 'ページ' } })).status).toBe(201);
    const { order } = await importOrder(admin, orderBody({ externalId: 'PG-0', orderedAt: '2026-11-02T00:00:00.000Z', lines: [{ sku: 'PG', quantity: 1, unitPrice: 100 }] }));
    // 250 copies, three instants between them (far more ties than a page holds)
    await sql(
      `INSERT INTO orders (id, account_id, number, channel_id, external_id, status, ordered_at, customer_name, ship_name, postal_code, prefecture, city, address1, ship_phone, payment_method, paid, items_total, total, stock_warning, created_at, updated_at)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
       SELECT 'PG' || printf('%05d', (i * 7919) % 250), account_id, 'P' || printf('%05d', (i * 7919) % 250), channel_id, 'PG-' || i, status, '2026-11-01T00:00:0' || (i % 3) || '.000Z',
              customer_name, ship_name, postal_code, prefecture, city, address1, ship_phone, payment_method, paid, items_total, total, stock_warning, created_at, updated_at
       FROM n, orders WHERE orders.id = ?`,
      order.id,
    );
    await sql(
      `INSERT INTO order_lines (account_id, order_id, line_no, sku, name, quantity, unit_price, tax_rate, shortage)
       SELECT l.account_id, o.id, l.line_no, l.sku, l.name, l.quantity, l.unit_price, l.tax_rate, 0 FROM orders o, order_lines l
       WHERE o.account_id = ? AND o.id LIKE 'PG%' AND l.order_id = ?`,
      many.id,
      order.id,
    );
    const res = await admin.api('/orders/export?encoding=utf-8&headers=en');
    expect(res.status).toBe(200);
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, '')).slice(1);
    expect(rows).toHaveLength(251);
    const got = rows.map((r) => `${r[3]} ${r[0]}`);
    expect(new Set(got).size).toBe(251);
    const ids = await sql<{ number: string; ordered_at: string }>('SELECT number, ordered_at FROM orders WHERE account_id = ? ORDER BY ordered_at, id', many.id);
    expect(got).toEqual(ids.map((o) => `${o.ordered_at} ${o.number}`));
  });

  it('refuses bad parameters with 400', async () => {
    for (const q of ['encoding=latin1', 'format=xml', 'headers=fr', 'status=bogus', 'from=yesterday']) {
      const res = await op.api(`/orders/export?${q}`);
      expect(res.status, q).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_error');
    }
  });
});
