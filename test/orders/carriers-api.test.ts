import Encoding from 'encoding-japanese';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { CARRIER_LAYOUTS, type CarrierLayoutId } from '../../worker/orders/carriers';
import { Client, errorOf } from '../helpers/client';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/**
 * The carrier files over the API: GET /orders/export/shipping hands each
 * carrier its own Shift_JIS file, and POST /orders/import/tracking reads the
 * carrier's result file back, shipping ready orders with their tracking numbers.
 */

const sjis = (text: string) => new Uint8Array(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
const fromSjis = (bytes: ArrayBuffer) => Encoding.convert(new Uint8Array(bytes), { to: 'UNICODE', from: 'SJIS', type: 'string' }) as unknown as string;
const toCsv = (rows: string[][]) => Papa.unparse(rows, { newline: '\r\n' }) + '\r\n';
const table = (text: string) => Papa.parse<string[]>(text.replace(/\r\n$/, ''), { newline: '\r\n' }).data;

interface Order {
  id: string;
  number: string;
  externalId: string;
  status: string;
  shipping: { timeSlot: string | null; carrier: string | null; trackingNumber: string | null; shippedAt: string | null };
  events?: { kind: string; detail: unknown }[];
}
interface Report {
  rows: number;
  shipped: number;
  updated: number;
  unchanged: number;
  problems: { line: number; orderRef: string | null; code: string; message: string }[];
}

const SKU = 'CARRIER-TEA';
let seq = 0;

const newOrder = async (
  client: Client,
  o: { timeSlot?: string; name?: string; postalCode?: string; externalId?: string; payment?: { method: string; paid: boolean } } = {},
): Promise<Order> => {
  const res = await client.api('/orders', {
    json: {
      channelId: 'manual',
      externalId: o.externalId ?? `CAR-${Date.now().toString(36)}-${++seq}`,
      orderedAt: new Date().toISOString(),
      customer: { name: o.name ?? '山田 太郎' },
      shipTo: {
        name: o.name ?? '山田 太郎',
        postalCode: o.postalCode ?? '060-0001',
        prefecture: '北海道',
        city: '札幌市中央区',
        address1: '北一条西2-1',
        address2: 'サンプルビル 3F',
        phone: '090-1234-5678',
      },
      lines: [{ sku: SKU, quantity: 1, unitPrice: 1200, name: '煎茶 100g' }],
      payment: o.payment ?? { method: 'credit_card', paid: true },
      shipping: { desiredDate: '2026-12-03', ...(o.timeSlot !== undefined ? { timeSlot: o.timeSlot } : {}) },
    },
  });
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(201);
  return (JSON.parse(text) as { order: Order }).order;
};

const ready = async (client: Client, o: Order) => {
  const res = await client.api(`/orders/${o.id}/transition`, { json: { to: 'ready_to_ship' } });
  expect(res.status, await res.clone().text()).toBe(200);
  return o;
};

const readOrder = async (client: Client, id: string) => ((await (await client.api(`/orders/${id}`)).json()) as { order: Order }).order;

const stockOf = async (client: Client) => ((await (await client.api(`/stock/${SKU}`)).json()) as { onHand: number; reserved: number });

const setUpStock = async (client: Client) => {
  expect((await client.api('/skus', { json: { code: SKU, name: '煎茶' } })).status).toBe(201);
  expect((await client.api('/stock/adjustments', { json: { items: [{ sku: SKU, mode: 'set', quantity: 1000, reason: '初期在庫' }] } })).status).toBe(200);
};

const exportFile = (client: Client, carrier: CarrierLayoutId, ids: string[]) => client.api(`/orders/export/shipping?carrier=${carrier}&ids=${ids.join(',')}`);

const importFile = (client: Client, carrier: CarrierLayoutId, body: BodyInit, query = '', contentType = 'text/csv') =>
  client.api(`/orders/import/tracking?carrier=${carrier}${query}`, { method: 'POST', body, headers: { 'content-type': contentType } });

const report = async (res: Response) => {
  const text = await res.text();
  expect(res.status, text.slice(0, 400)).toBe(200);
  return JSON.parse(text) as Report;
};

describe('carrier shipping files and tracking import', () => {
  let a: Tenant;
  let b: Tenant;
  let op: Client;
  let viewer: Client;
  let adminB: Client;

  beforeAll(async () => {
    // 権限: the viewer holds export besides personal_data, so it may write the carrier files (test/users/permissions-api.test.ts covers one without)
    a = await createTenant({ users: [{ loginId: 'op', role: 'operator' }, { loginId: 'viewer', role: 'viewer', permissions: ['personal_data', 'export'] }] });
    b = await createTenant();
    op = await signIn(a, 'op');
    viewer = await signIn(a, 'viewer');
    adminB = await signIn(b, 'admin');
    await setUpStock(op);
    await setUpStock(adminB);
    // the carrier settings every file needs (test/orders/carrier-settings-api.test.ts tries them without)
    const adminA = await signIn(a, 'admin');
    const shipper = { name: '蔵ストア', postalCode: '100-0001', address: '東京都千代田区千代田1-1', phone: '03-1234-5678' };
    for (const [carrier, contract] of [
      ['yamato', { customerCode: '0312345678', freightNumber: '01' }],
      ['sagawa', {}],
      ['japanpost', {}],
    ] as const) {
      const res = await adminA.api(`/carriers/${carrier}/settings`, { method: 'PUT', json: { shipper, contract } });
      expect(res.status, await res.clone().text()).toBe(200);
    }
  });

  const CASES: { carrier: CarrierLayoutId; slot: string; code: string; columns: number; name: string; postal: [string, string]; time: string }[] = [
    { carrier: 'yamato_b2', slot: '14:00-16:00', code: '1416', columns: 95, name: 'お届け先名', postal: ['お届け先郵便番号', '0600001'], time: '配達時間帯' },
    { carrier: 'sagawa_ehiden2', slot: '午前中', code: '01', columns: 42, name: 'お届け先名称１', postal: ['お届け先郵便番号', '0600001'], time: '配達指定時間帯' },
    { carrier: 'japanpost_yupri', slot: '12-14', code: '52', columns: 117, name: 'お届け先 名称１', postal: ['お届け先 郵便番号', '060-0001'], time: '配達時間帯区分' },
  ];

  for (const c of CASES) {
    it(`${c.carrier}: a Shift_JIS file with CRLF, ${c.columns} columns a row, the name, the postal code with its leading zero and time slot ${c.code} intact`, async () => {
      const layout = CARRIER_LAYOUTS[c.carrier];
      const first = await newOrder(op, { timeSlot: c.slot, name: '髙橋 花子' });
      const second = await newOrder(op, { timeSlot: c.slot });
      const res = await exportFile(viewer, c.carrier, [second.id, first.id]);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${c.carrier}-\\d{8}\\.csv"$`));
      const text = fromSjis(await res.arrayBuffer());
      // CRLF and nothing else ends a line
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.split('\r\n').join('')).not.toMatch(/[\r\n]/);
      const rows = table(text);
      expect(rows.map((r) => r.length)).toEqual(Array(rows.length).fill(c.columns));
      const data = layout.headerRow ? rows.slice(1) : rows;
      if (layout.headerRow) expect(rows[0]).toEqual(layout.columns.map((col) => col.header));
      else expect(rows[0][0]).toBe(second.number);
      expect(data).toHaveLength(2);
      const at = (h: string) => layout.columns.findIndex((col) => col.header === h);
      // in the order of ids, each under Kura's number
      expect(data.map((r) => r[0] === second.number || r.includes(second.number))).toEqual([true, false]);
      expect(data[1][at(c.name)]).toBe('髙橋 花子');
      expect(data[0][at(c.name)]).toBe('山田 太郎');
      expect(data[1][at(c.postal[0])]).toBe(c.postal[1]);
      expect(data[1][at(c.time)]).toBe(c.code);
    });
  }

  it('an id of another account, like an unknown one, makes the whole export 404', async () => {
    const mine = await newOrder(op);
    const theirs = await newOrder(adminB);
    const res = await exportFile(op, 'yamato_b2', [mine.id, theirs.id]);
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(JSON.parse(body).error.code).toBe('not_found');
    expect(await (await exportFile(op, 'yamato_b2', [mine.id, '01JZZZZZZZZZZZZZZZZZZZZZZZ'])).text()).toBe(body);
  });

  it('shipped and cancelled orders are refused with their ids; a slot the carrier has no code for is a problem of the file', async () => {
    const open = await newOrder(op);
    const cancelled = await newOrder(op);
    expect((await op.api(`/orders/${cancelled.id}/cancel`, { method: 'POST' })).status).toBe(200);
    const res = await exportFile(op, 'sagawa_ehiden2', [open.id, cancelled.id]);
    expect(res.status).toBe(409);
    const err = await errorOf(res);
    expect(err.code).toBe('order_closed');
    expect(err.details).toEqual([{ id: cancelled.id, number: cancelled.number, status: 'cancelled' }]);

    const noon = await newOrder(op, { timeSlot: '12-14' });
    const refused = await exportFile(op, 'yamato_b2', [open.id, noon.id]);
    expect(refused.status).toBe(422);
    expect(await errorOf(refused)).toMatchObject({ code: 'carrier_file_invalid', details: [{ orderId: noon.id, number: noon.number, field: 'shipping.timeSlot', code: 'time_slot_unsupported' }] });
    // Sagawa has a 12–14 slot
    expect((await exportFile(op, 'sagawa_ehiden2', [open.id, noon.id])).status).toBe(200);
  });

  it('asks for ids and a known carrier', async () => {
    expect((await op.api('/orders/export/shipping?carrier=yamato_b2&ids=')).status).toBe(400);
    expect((await op.api('/orders/export/shipping?carrier=fedex&ids=x')).status).toBe(400);
    expect((await exportFile(op, 'yamato_b2', Array.from({ length: 501 }, (_, i) => `id${i}`))).status).toBe(400);
  });

  it('a formula in a cell is neutralised; codes and numbers are written as they are', async () => {
    const o = await newOrder(op, { name: '=HYPERLINK("http://evil.example")', payment: { method: 'cod', paid: false } });
    // 33 bytes: one more than B2's お届け先名 takes, so only a forced file has it
    expect((await exportFile(op, 'yamato_b2', [o.id])).status).toBe(422);
    const text = fromSjis(await (await op.api(`/orders/export/shipping?carrier=yamato_b2&ids=${o.id}&force=true`)).arrayBuffer());
    const row = table(text)[1];
    const at = (h: string) => CARRIER_LAYOUTS.yamato_b2.columns.findIndex((col) => col.header === h);
    expect(row[at('お届け先名')]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(row[at('送り状種類')]).toBe('2');
    expect(row[at('ｺﾚｸﾄ代金引換額（税込)')]).toBe('1200');
    expect(row[at('お届け先電話番号')]).toBe('090-1234-5678');
    expect(row[at('お客様管理番号')]).toBe(o.number);
  });

  it('a B2 result file ships the ready orders with their tracking numbers and commits their stock', async () => {
    const [x, y] = [await ready(op, await newOrder(op)), await ready(op, await newOrder(op))];
    const before = await stockOf(op);
    // B2's 発行済データ: the file Kura gave it, with 伝票番号 filled in
    const rows = table(fromSjis(await (await exportFile(op, 'yamato_b2', [x.id, y.id])).arrayBuffer()));
    rows[1][3] = '444413758703';
    rows[2][3] = '444413758714';
    const r = await report(await importFile(op, 'yamato_b2', sjis(toCsv(rows))));
    expect(r).toEqual({ rows: 2, shipped: 2, updated: 0, unchanged: 0, problems: [] });
    const shipped = await readOrder(op, x.id);
    expect(shipped.status).toBe('shipped');
    expect(shipped.shipping).toMatchObject({ carrier: 'yamato', trackingNumber: '444413758703' });
    expect((await readOrder(op, y.id)).shipping.trackingNumber).toBe('444413758714');
    expect(await stockOf(op)).toMatchObject({ onHand: before.onHand - 2, reserved: before.reserved - 2 });

    // the same file again changes nothing; a reissued label updates the number and says so in the history
    expect(await report(await importFile(op, 'yamato_b2', sjis(toCsv(rows))))).toEqual({ rows: 2, shipped: 0, updated: 0, unchanged: 2, problems: [] });
    rows[1][3] = '444413758725';
    expect(await report(await importFile(op, 'yamato_b2', sjis(toCsv(rows))))).toMatchObject({ shipped: 0, updated: 1, unchanged: 1, problems: [] });
    const updated = await readOrder(op, x.id);
    expect(updated.shipping.trackingNumber).toBe('444413758725');
    expect(updated.events!.filter((e) => e.kind === 'tracking_updated').map((e) => e.detail)).toEqual([
      { from: { carrier: 'yamato', trackingNumber: '444413758703' }, to: { carrier: 'yamato', trackingNumber: '444413758725' } },
    ]);
    expect(await stockOf(op)).toMatchObject({ onHand: before.onHand - 2 });
  });

  it('unknown numbers, another account’s orders, orders not ready and unreadable rows are reported by line; the other rows apply', async () => {
    const byNumber = await ready(op, await newOrder(op));
    const byStoreNumber = await ready(op, await newOrder(op, { externalId: `STORE-${Date.now()}` }));
    const notReady = await newOrder(op);
    const theirs = await ready(adminB, await newOrder(adminB, { externalId: `B-ONLY-${Date.now()}` }));
    const file = toCsv([
      [byNumber.number, '0', '0', '444413758736'],
      ['K999999', '0', '0', '444413758740'],
      [theirs.externalId, '0', '0', '444413758751'],
      [notReady.number, '0', '0', '444413758762'],
      [byStoreNumber.number.replace('K', 'X'), '0', '0', ''],
      [byStoreNumber.number, '0', '0', '4.44414E+11'],
      [],
      [byStoreNumber.externalId, '0', '0', '444413758773'],
    ]);
    const r = await report(await importFile(op, 'yamato_b2', sjis(file)));
    expect({ rows: r.rows, shipped: r.shipped, updated: r.updated }).toEqual({ rows: 7, shipped: 2, updated: 0 });
    expect(r.problems.map((p) => [p.line, p.orderRef, p.code])).toEqual([
      [2, 'K999999', 'not_found'],
      [3, theirs.externalId, 'not_found'],
      [4, notReady.number, 'not_ready'],
      [5, byStoreNumber.number.replace('K', 'X'), 'missing_tracking_number'],
      [6, byStoreNumber.number, 'invalid_tracking_number'],
    ]);
    expect((await readOrder(op, byNumber.id)).shipping.trackingNumber).toBe('444413758736');
    expect((await readOrder(op, byStoreNumber.id)).shipping.trackingNumber).toBe('444413758773');
    expect((await readOrder(op, notReady.id)).status).toBe('new');
    // B's order is as B left it
    expect(await readOrder(adminB, theirs.id)).toMatchObject({ status: 'ready_to_ship', shipping: { trackingNumber: null } });
  });

  it('an e飛伝Ⅱ 出荷履歴 file and a ゆうプリR 発送履歴 file (UTF-8 too) ship with their carrier', async () => {
    const s = await ready(op, await newOrder(op));
    const ehiden = toCsv([
      ['お問合せ送り状№', '出荷日時', '住所録コード', 'お届け先電話番号', 'お届け先郵便番号', 'お届け先住所1', 'お届け先住所2', 'お届け先住所3', 'お届け先JISコード', 'お届け先名称1', 'お届け先名称2', 'グループ名', 'お客様管理ナンバー'],
      ['512547514334', '2026/12/01 10:00', '', '090-1234-5678', '0600001', '北海道札幌市中央区', '北一条西2-1', '', '01101', '山田 太郎', '', '', s.number],
    ]);
    expect(await report(await importFile(op, 'sagawa_ehiden2', sjis(ehiden)))).toEqual({ rows: 1, shipped: 1, updated: 0, unchanged: 0, problems: [] });
    expect((await readOrder(op, s.id)).shipping).toMatchObject({ carrier: 'sagawa', trackingNumber: '512547514334' });

    const j = await ready(op, await newOrder(op));
    const yupri = '\uFEFF' + toCsv([['お客様側管理番号', 'お問い合わせ番号', '配達ステータス集約コード'], [j.number, '193715301010', '10']]);
    expect(await report(await importFile(op, 'japanpost_yupri', new TextEncoder().encode(yupri), '&encoding=utf-8'))).toMatchObject({ shipped: 1, problems: [] });
    expect((await readOrder(op, j.id)).shipping).toMatchObject({ carrier: 'japanpost', trackingNumber: '193715301010' });
  });

  it('takes the result file only as text/csv, and only from those who may change orders', async () => {
    const file = sjis(toCsv([['K000001', '0', '0', '444413758703']]));
    const json = await importFile(op, 'yamato_b2', JSON.stringify({ rows: [] }), '', 'application/json');
    expect(json.status).toBe(415);
    expect((await errorOf(json)).code).toBe('unsupported_media_type');
    expect((await importFile(op, 'yamato_b2', file, '', 'text/plain')).status).toBe(415);
    expect((await importFile(viewer, 'yamato_b2', file)).status).toBe(403);
    expect((await importFile(op, 'yamato_b2', file, '', 'text/csv; charset=Shift_JIS')).status).toBe(200);
  });
});
