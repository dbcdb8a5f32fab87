import Encoding from 'encoding-japanese';
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

const sjis = (text: string) => new Uint8Array(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
const fromSjis = (bytes: ArrayBuffer) => Encoding.convert(new Uint8Array(bytes), { to: 'UNICODE', from: 'SJIS', type: 'string' }) as unknown as string;

interface Report {
  applied: number;
  rows: number;
  problems: { line: number; sku: string | null; code: string; message: string }[];
}

describe('stock CSV import and export', () => {
  let t: Tenant;
  let op: Client;

  const importCsv = (query: string, body: BodyInit, contentType = 'text/csv') => op.api(`/stock/import?${query}`, { method: 'POST', body, headers: { 'content-type': contentType } });
  const report = async (res: Response) => {
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(200);
    return JSON.parse(text) as Report;
  };
  const onHand = async (code: string) => ((await (await op.api(`/stock/${code}`)).json()) as { onHand: number }).onHand;
  const levels = async (code: string) => ((await (await op.api(`/stock/${code}`)).json()) as { locations: { location: string; onHand: number }[] }).locations;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
    for (const [code, name, janCode] of [
      ['CSV-1', 'Tシャツ 赤 Ｍ', '0490000000012'],
      ['CSV-2', '①番 マグカップ・青（大）', null],
      ['CSV-3', '=cmd|\' /C calc\'!A0', null],
      ['CSV-4', '-x', null],
      ['CSV-5', '@SUM(1+1)', null],
      ['CSV-6', '+x', null],
      ['CSV-7', '湯呑み, "特選"', null],
    ] as const) {
      expect((await op.api('/skus', { json: { code, name, ...(janCode ? { janCode } : {}) } })).status).toBe(201);
    }
    expect((await op.api('/locations', { json: { code: 'osaka', name: '大阪倉庫', priority: 1 } })).status).toBe(201);
  });

  it('a Shift_JIS file with a Japanese header is applied and answers a report per row', async () => {
    const file = sjis('商品コード,数量,倉庫\r\nCSV-1,12,default\r\nCSV-2,7\r\n\r\nCSV-1,3,osaka\r\n');
    const r = await report(await importCsv('mode=set&encoding=shift_jis', file));
    expect(r).toEqual({ applied: 3, rows: 3, problems: [] });
    expect(await levels('CSV-1')).toEqual([
      { location: 'default', onHand: 12, reserved: 0 },
      { location: 'osaka', onHand: 3, reserved: 0 },
    ]);
    expect(await onHand('CSV-2')).toBe(7);
    // the import is in the ledger, by the importing user
    const ledger = (await (await op.api('/stock/CSV-2/ledger')).json()) as { items: { reason: string; actor: string; deltaOnHand: number }[] };
    expect(ledger.items[0]).toMatchObject({ reason: expect.stringMatching(/CSV/), actor: `user:${t.users.op.id}`, deltaOnHand: 7 });
  });

  it('a file with one bad row applies nothing and reports the line', async () => {
    const before = await onHand('CSV-2');
    const file = sjis('商品コード,数量\r\nCSV-2,100\r\nCSV-1,abc\r\nUNKNOWN-SKU,1\r\nCSV-2,5\r\n');
    const r = await report(await importCsv('mode=set&encoding=shift_jis', file));
    expect(r.applied).toBe(0);
    expect(r.rows).toBe(4);
    expect(r.problems.map((p) => [p.line, p.sku, p.code])).toEqual([
      [3, 'CSV-1', 'invalid_quantity'],
      [4, 'UNKNOWN-SKU', 'unknown_sku'],
    ]);
    expect(await onHand('CSV-2')).toBe(before);
  });

  it('applyValid=true applies the valid rows and still reports the bad ones', async () => {
    const file = sjis('sku,quantity\r\nCSV-2,20\r\nCSV-1,-5\r\n');
    const r = await report(await importCsv('mode=set&encoding=shift_jis&applyValid=true', file));
    expect(r).toEqual({ applied: 1, rows: 2, problems: [{ line: 3, sku: 'CSV-1', code: 'invalid_quantity', message: expect.any(String) }] });
    expect(await onHand('CSV-2')).toBe(20);
  });

  it('dryRun=true checks the file and applies nothing', async () => {
    const r = await report(await importCsv('mode=delta&encoding=shift_jis&dryRun=true', sjis('CSV-2,+5\r\nCSV-2,-1\r\n')));
    expect(r).toEqual({ applied: 0, rows: 2, problems: [] });
    expect(await onHand('CSV-2')).toBe(20);
  });

  it('delta mode adds and subtracts, and refuses to take stock below 0', async () => {
    expect(await report(await importCsv('mode=delta&encoding=shift_jis', sjis('商品コード,数量\r\nCSV-2,+5\r\nCSV-2,-3\r\n')))).toEqual({ applied: 2, rows: 2, problems: [] });
    expect(await onHand('CSV-2')).toBe(22);
    const r = await report(await importCsv('mode=delta&encoding=shift_jis', sjis('商品コード,数量\r\nCSV-2,-100\r\n')));
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([[2, 'negative_stock']]);
    expect(await onHand('CSV-2')).toBe(22);
  });

  it('rows that only together take stock below 0 apply nothing (never a partial import or a 500)', async () => {
    const res = await importCsv('mode=delta&encoding=utf-8', 'sku,quantity\r\nCSV-2,-20\r\nCSV-2,-20\r\n');
    expect(res.status).toBeLessThan(500);
    expect(await onHand('CSV-2')).toBe(22);
  });

  it('a large file is applied in chunks, every row counted', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `CSV-${(i % 3) + 4},+1`);
    const r = await report(await importCsv('mode=delta', ['sku,quantity', ...rows].join('\r\n')));
    expect(r).toEqual({ applied: 1200, rows: 1200, problems: [] });
    for (const code of ['CSV-4', 'CSV-5', 'CSV-6']) expect(await onHand(code)).toBe(400);
  });

  it('anything but text/csv is refused with 415; bad query parameters with 400', async () => {
    for (const type of ['application/json', 'application/octet-stream', 'text/plain', 'multipart/form-data; boundary=x']) {
      const res = await importCsv('mode=set', 'CSV-2,1\r\n', type);
      expect(res.status, type).toBe(415);
      expect((await errorOf(res)).code).toBe('unsupported_media_type');
    }
    for (const q of ['mode=add', 'encoding=latin1&mode=set', '']) {
      const res = await importCsv(q, 'CSV-2,1\r\n');
      expect(res.status, q).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_error');
    }
    expect(await onHand('CSV-2')).toBe(22);
  });

  it('exports Shift_JIS with CRLF (headers=en: the English codes): Japanese names intact, JAN leading zeros kept, formula cells neutralised', async () => {
    const res = await op.api('/stock/export?encoding=shift_jis&headers=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=Shift_JIS/i);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="stock_\d{8}\.csv"; filename\*=UTF-8''%E5%9C%A8%E5%BA%AB_\d{8}\.csv$/);
    const bytes = await res.arrayBuffer();
    expect([...new Uint8Array(bytes).slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const text = fromSjis(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines[0]).toBe('sku,name,axis1,axis2,janCode,location,onHand,reserved,available,safetyStock');
    expect(lines).toContain('CSV-1,Tシャツ 赤 Ｍ,,,0490000000012,osaka,3,0,15,0');
    expect(lines).toContain('CSV-1,Tシャツ 赤 Ｍ,,,0490000000012,default,12,0,15,0');
    expect(lines.find((l) => l.startsWith('CSV-2,'))).toMatch(/^CSV-2,①番 マグカップ・青（大）,/);
    expect(lines.find((l) => l.startsWith('CSV-3,'))).toBe("CSV-3,'=cmd|' /C calc'!A0,,,,,0,0,0,0");
    expect(lines.find((l) => l.startsWith('CSV-4,'))).toMatch(/^CSV-4,'-x,/);
    expect(lines.find((l) => l.startsWith('CSV-5,'))).toMatch(/^CSV-5,'@SUM\(1\+1\),/);
    expect(lines.find((l) => l.startsWith('CSV-6,'))).toMatch(/^CSV-6,'\+x,/);
    expect(lines.find((l) => l.startsWith('CSV-7,'))).toMatch(/^CSV-7,"湯呑み, ""特選""",/);
    // no cell of the file starts with a formula character
    for (const line of lines) for (const cell of line.split(',')) expect(cell, line).not.toMatch(/^[=+@]|^-(?!\d)/);
  });

  it('round-trips UTF-8 with a BOM', async () => {
    const up = await report(await importCsv('mode=set&encoding=utf-8', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('商品コード,数量\r\nCSV-7,9\r\n')])));
    expect(up).toEqual({ applied: 1, rows: 1, problems: [] });
    const res = await op.api('/stock/export?encoding=utf-8');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/i);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines.find((l) => l.startsWith('CSV-7,'))).toBe('CSV-7,"湯呑み, ""特選""",,,,default,9,0,9,0');
    // the default (Japanese) layout keeps the JAN as text for Excel
    expect(lines.find((l) => l.startsWith('CSV-1,'))).toContain(',="0490000000012",');
  });
});
