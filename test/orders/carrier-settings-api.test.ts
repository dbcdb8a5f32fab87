import Encoding from 'encoding-japanese';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { CARRIER_LAYOUTS } from '../../worker/orders/carriers';
import { errorOf, type Client } from '../helpers/client';
import { createSku, importOrder, orderBody } from '../helpers/orders';
import { createTenant, signIn, sql, type Tenant } from '../helpers/tenant';

/**
 * 配送会社の設定 over the API (GET /carriers/settings, PUT /carriers/{carrier}/settings)
 * and the check before every carrier file (GET /orders/export/shipping/check;
 * the export refuses with 422 carrier_file_invalid unless force=true).
 */

interface Problem {
  orderId: string | null;
  number: string | null;
  field: string;
  code: string;
  detail: string;
}
interface Settings {
  carrier: string;
  layout: string;
  shipper: { name: string | null; postalCode: string | null; address: string | null; phone: string | null };
  printedShipper: { name: string; postalCode: string; address: string; phone: string };
  contract: Record<string, unknown>;
  problems: Problem[];
  updatedAt: string | null;
}

const fromSjis = (bytes: ArrayBuffer) => Encoding.convert(new Uint8Array(bytes), { to: 'UNICODE', from: 'SJIS', type: 'string' }) as unknown as string;
const table = (text: string) => Papa.parse<string[]>(text.replace(/\r\n$/, ''), { newline: '\r\n' }).data;

const put = (c: Client, carrier: string, json: unknown) => c.api(`/carriers/${carrier}/settings`, { method: 'PUT', json });
const list = async (c: Client) => {
  const res = await c.api('/carriers/settings');
  expect(res.status).toBe(200);
  return (await res.json()) as { items: Settings[]; shop: { name: string; phone: string | null } };
};
const check = async (c: Client, carrier: string, ids: string[]) => {
  const res = await c.api(`/orders/export/shipping/check?carrier=${carrier}&ids=${ids.join(',')}`);
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(200);
  return JSON.parse(text) as { ok: boolean; problems: Problem[] };
};
const brief = (ps: Problem[]) => ps.map((p) => [p.number, p.field, p.code]);

const FULL_WIDTH = {
  shipper: { name: '蔵ストア 出荷センター', postalCode: '〒１５０ー０００１', address: '東京都渋谷区神宮前１－２－３\n蔵ビル３Ｆ', phone: '０３（１２３４）５６７８' },
  contract: { customerCode: '０３１２３４５６７８', classCode: '', freightNumber: '０１', invoiceType: '0', itemName: '雑貨' },
};

describe('carrier settings', () => {
  let t: Tenant;
  let admin: Client;
  let op: Client;
  let viewer: Client;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }, { loginId: 'viewer', role: 'viewer' }] });
    admin = await signIn(t, 'admin');
    op = await signIn(t, 'op');
    viewer = await signIn(t, 'viewer');
  });

  it('a round trip: full-width digits and dashes are stored half-width, and the change is in the operation log', async () => {
    const res = await put(admin, 'yamato', FULL_WIDTH);
    const text = await res.text();
    expect(res.status, text.slice(0, 400)).toBe(200);
    const saved = JSON.parse(text) as Settings;
    expect(saved).toMatchObject({
      carrier: 'yamato',
      layout: 'yamato_b2',
      shipper: { name: '蔵ストア 出荷センター', postalCode: '150-0001', address: '東京都渋谷区神宮前1-2-3\n蔵ビル3F', phone: '03-1234-5678' },
      contract: { customerCode: '0312345678', classCode: null, freightNumber: '01', invoiceType: '0', itemName: '雑貨' },
      problems: [],
    });
    const { items } = await list(viewer);
    expect(items.map((i) => i.carrier)).toEqual(['yamato', 'sagawa', 'japanpost']);
    expect(items[0]).toEqual(saved);
    // the others are as they were: defaults, and the shop profile as shipper
    expect(items[1]).toMatchObject({ carrier: 'sagawa', shipper: { name: null, phone: null }, contract: { freightPayment: '1', timeSlots: 'six' }, updatedAt: null });
    expect(items[2]).toMatchObject({ contract: { invoiceType: '1100780' } });
    const logs = await sql<{ action: string; target_id: string; after: string }>(`SELECT action, target_id, after FROM operation_logs WHERE account_id = ? AND action = 'settings.carrier'`, t.id);
    expect(logs).toHaveLength(1);
    expect(logs[0].target_id).toBe('yamato');
    expect(JSON.parse(logs[0].after)).toMatchObject({ contract: { customerCode: '0312345678' }, shipper: { phone: '03-1234-5678' } });
  });

  it('blank shipper fields come from the shop profile, and the page is told what is still missing', async () => {
    expect((await admin.api('/settings/shop', { method: 'PUT', json: { name: '蔵ショップ', phone: '011-222-3333' } })).status).toBe(200);
    const res = await put(admin, 'sagawa', { shipper: { name: '', phone: null }, contract: { customerCode: '１２３４５６７８９０１２', department: '出荷係', timeSlots: 'five' } });
    expect(res.status).toBe(200);
    const s = (await res.json()) as Settings;
    expect(s.shipper).toEqual({ name: null, postalCode: null, address: null, phone: null });
    expect(s.printedShipper).toEqual({ name: '蔵ショップ', postalCode: '', address: '', phone: '011-222-3333' });
    expect(s.contract).toEqual({ customerCode: '123456789012', department: '出荷係', freightPayment: '1', timeSlots: 'five', itemName: null });
    expect(brief(s.problems)).toEqual([
      [null, 'shipper.address', 'required'],
      [null, 'shipper.postalCode', 'required'],
    ]);
  });

  it('refuses what the carrier cannot take, naming the field', async () => {
    const bad = async (carrier: string, json: unknown) => {
      const res = await put(admin, carrier, json);
      expect(res.status, JSON.stringify(json)).toBe(400);
      const e = await errorOf(res);
      expect(e.code).toBe('validation_error');
      return (e.details as { field: string; message: string }[]).map((d) => [d.field, d.message]);
    };
    expect(await bad('yamato', { contract: { customerCode: '12345' } })).toEqual([['contract.customerCode', '10 to 12 digits']]);
    expect(await bad('yamato', { contract: { freightNumber: '1' } })).toEqual([['contract.freightNumber', '2 digits']]);
    expect(await bad('yamato', { contract: { invoiceType: '2' } })).toEqual([['contract.invoiceType', expect.any(String)]]);
    expect(await bad('yamato', { contract: { customerCode: '0312345678', unknown: 1 } })).toEqual([['contract.unknown', 'Unknown field: unknown']]);
    expect(await bad('yamato', { shipper: { phone: '03-1234-567' } })).toEqual([['shipper.phone', 'A phone number of 10 or 11 digits']]);
    expect(await bad('yamato', { shipper: { postalCode: '150-001' } })).toEqual([['shipper.postalCode', 'A postal code such as 100-0001']]);
    // B2's ご依頼主名 takes 32 bytes (全角16文字)
    expect(await bad('yamato', { shipper: { name: 'とても長いショップの名前がここに入ります' } })).toEqual([['shipper.name', 'ご依頼主名: at most 32 bytes']]);
    expect(await bad('sagawa', { contract: { department: '出荷センター第一倉庫ピッキング担当チーム' } })).toEqual([['contract.department', expect.stringMatching(/16/)]]);
    expect(await bad('japanpost', { contract: { invoiceType: '1100780-ゆう' } })).toEqual([['contract.invoiceType', 'Up to 20 letters or digits']]);
    expect((await put(admin, 'fedex', {})).status).toBe(400);
    // nothing was saved by a refused request
    expect((await list(admin)).items[0].contract).toMatchObject({ customerCode: '0312345678', freightNumber: '01' });
  });

  it('any signed-in user reads them; only an admin changes them', async () => {
    expect((await op.api('/carriers/settings')).status).toBe(200);
    const res = await put(op, 'yamato', FULL_WIDTH);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('forbidden');
    expect((await put(viewer, 'yamato', FULL_WIDTH)).status).toBe(403);
  });

  it('are the account’s own: another account neither sees nor changes them', async () => {
    const other = await createTenant();
    const otherAdmin = await signIn(other, 'admin');
    const theirs = await list(otherAdmin);
    expect(theirs.items[0]).toMatchObject({ shipper: { name: null }, contract: { customerCode: null }, updatedAt: null });
    expect(JSON.stringify(theirs)).not.toContain('0312345678');
    expect((await put(otherAdmin, 'yamato', { contract: { customerCode: '0999999999', freightNumber: '02' } })).status).toBe(200);
    expect((await list(admin)).items[0].contract).toMatchObject({ customerCode: '0312345678', freightNumber: '01' });
  });
});

describe('the check before a carrier file, and the export it guards', () => {
  let t: Tenant;
  let admin: Client;
  let op: Client;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    admin = await signIn(t, 'admin');
    op = await signIn(t, 'op');
    await createSku(op, 'SKU-1', 100);
  });

  it('lists a missing shipper field and the B2 customer code, then is clean once the settings are saved', async () => {
    const { order } = await importOrder(op, orderBody({ externalId: `CHK-${t.code}-1` }));
    const before = await check(op, 'yamato_b2', [order.id]);
    expect(before.ok).toBe(false);
    // a fresh account: the shop profile has only a name (the account's)
    expect(brief(before.problems)).toEqual([
      [null, 'shipper.address', 'required'],
      [null, 'shipper.postalCode', 'required'],
      [null, 'shipper.phone', 'required'],
      [null, 'yamato.customerCode', 'required'],
      [null, 'yamato.freightNumber', 'required'],
    ]);
    expect((await put(admin, 'yamato', FULL_WIDTH)).status).toBe(200);
    expect(await check(op, 'yamato_b2', [order.id])).toEqual({ ok: true, problems: [] });
    // e飛伝Ⅱ has its own shipper (none yet: the shop profile's, which lacks the same fields)
    expect(brief((await check(op, 'sagawa_ehiden2', [order.id])).problems).map((p) => p[1])).toEqual(['shipper.address', 'shipper.postalCode', 'shipper.phone']);
  });

  it('names each order’s own problems by number and field', async () => {
    await put(admin, 'yamato', FULL_WIDTH);
    const good = (await importOrder(op, orderBody({ externalId: `CHK-${t.code}-2` }))).order;
    const cod = (await importOrder(op, { ...orderBody({ externalId: `CHK-${t.code}-3`, lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: 400_000 }], payment: { method: 'cod', paid: false } }) })).order;
    const noon = (await importOrder(op, { ...orderBody({ externalId: `CHK-${t.code}-4` }), shipping: { method: 'takkyubin', timeSlot: '12-14' } })).order;
    // a mall that stored a phone number half-written: a digit short
    const short = (await importOrder(op, orderBody({ externalId: `CHK-${t.code}-5` }))).order;
    await sql('UPDATE orders SET ship_phone = ? WHERE id = ?', '090-123-456', short.id);
    const r = await check(op, 'yamato_b2', [good.id, cod.id, noon.id, short.id]);
    expect(brief(r.problems)).toEqual([
      [cod.number, 'payment.cod', 'cod_over_limit'],
      [noon.number, 'shipping.timeSlot', 'time_slot_unsupported'],
      [short.number, 'shipTo.phone', 'phone_invalid'],
    ]);
    expect(r.problems[0]).toMatchObject({ orderId: cod.id, limit: 300_000, unit: 'yen' });
    // the same orders at e飛伝Ⅱ: 12–14 exists, ¥400,000 is under Sagawa's 500,000
    await put(admin, 'sagawa', { shipper: FULL_WIDTH.shipper });
    expect(brief((await check(op, 'sagawa_ehiden2', [good.id, cod.id, noon.id, short.id])).problems)).toEqual([[short.number, 'shipTo.phone', 'phone_invalid']]);
  });

  it('the export refuses with 422 and the same problems, then writes the B2 file with the customer code and half-width phone numbers', async () => {
    const fresh = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const a = await signIn(fresh, 'admin');
    const o = await signIn(fresh, 'op');
    await createSku(o, 'SKU-1', 10);
    const { order } = await importOrder(o, orderBody({ externalId: 'EXP-1' }));
    // a consignee phone stored full-width (as a mall may send it) is written half-width
    await sql('UPDATE orders SET ship_phone = ? WHERE id = ?', '０９０ー１１１１ー２２２２', order.id);

    const refused = await o.api(`/orders/export/shipping?carrier=yamato_b2&ids=${order.id}`);
    expect(refused.status).toBe(422);
    const err = await errorOf(refused);
    expect(err.code).toBe('carrier_file_invalid');
    expect(err.details).toEqual((await check(o, 'yamato_b2', [order.id])).problems);

    expect((await put(a, 'yamato', FULL_WIDTH)).status).toBe(200);
    const res = await o.api(`/orders/export/shipping?carrier=yamato_b2&ids=${order.id}`);
    expect(res.status).toBe(200);
    const rows = table(fromSjis(await res.arrayBuffer()));
    const layout = CARRIER_LAYOUTS.yamato_b2;
    const at = (h: string) => rows[1][layout.columns.findIndex((c) => c.header === h)];
    expect(at('請求先顧客コード')).toBe('0312345678');
    expect(at('請求先分類コード')).toBe('');
    expect(at('運賃管理番号')).toBe('01');
    expect(at('送り状種類')).toBe('0');
    expect(at('お届け先電話番号')).toBe('090-1111-2222');
    expect(at('ご依頼主電話番号')).toBe('03-1234-5678');
    expect(at('ご依頼主郵便番号')).toBe('1500001');
    expect(at('ご依頼主住所')).toBe('東京都渋谷区神宮前1-2-3');
    expect(at('ご依頼主アパートマンション')).toBe('蔵ビル3F');
    expect(at('ご依頼主名')).toBe('蔵ストア 出荷センター');
    expect(at('品名１')).toBe('雑貨');
  });

  it('force=true writes the file whatever the check says', async () => {
    const fresh = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const o = await signIn(fresh, 'op');
    await createSku(o, 'SKU-1', 10);
    const { order } = await importOrder(o, orderBody({ externalId: 'FORCE-1' }));
    expect((await o.api(`/orders/export/shipping?carrier=japanpost_yupri&ids=${order.id}`)).status).toBe(422);
    const res = await o.api(`/orders/export/shipping?carrier=japanpost_yupri&ids=${order.id}&force=true`);
    expect(res.status).toBe(200);
    const row = table(fromSjis(await res.arrayBuffer()))[0];
    expect(row[0]).toBe(order.number);
    expect(row[10]).toBe('1100780');
  });

  it('the check answers like the export for ids: 404 for another account’s, 409 for a closed order, 400 for none', async () => {
    const other = await createTenant();
    const otherAdmin = await signIn(other, 'admin');
    await createSku(otherAdmin, 'SKU-1', 10);
    const theirs = (await importOrder(otherAdmin, orderBody({ externalId: 'THEIRS-1' }))).order;
    const mine = (await importOrder(op, orderBody({ externalId: `CHK-${t.code}-6` }))).order;
    expect((await op.api(`/orders/export/shipping/check?carrier=yamato_b2&ids=${mine.id},${theirs.id}`)).status).toBe(404);
    expect((await op.api(`/orders/${mine.id}/cancel`, { method: 'POST' })).status).toBe(200);
    const closed = await op.api(`/orders/export/shipping/check?carrier=yamato_b2&ids=${mine.id}`);
    expect(closed.status).toBe(409);
    expect((await errorOf(closed)).code).toBe('order_closed');
    expect((await op.api('/orders/export/shipping/check?carrier=yamato_b2&ids=')).status).toBe(400);
  });
});
