import Encoding from 'encoding-japanese';
import { describe, expect, it } from 'vitest';
import { csvRows, neutralise } from '../../worker/lib/csv';
import { decodeCsv, encodeCsv, parseCsv } from '../../worker/lib/japanese-csv';
import { EXPORT_HEADER, exportRows, readImportRows } from '../../worker/stock/csv-layout';
import type { StockSnapshot } from '../../worker/stock/types';

const rowsOf = (text: string) => parseCsv(text);

describe('reading a stock import CSV (sku,quantity[,location])', () => {
  it('skips an English or Japanese header row, whatever its case', () => {
    for (const header of ['sku,quantity,location', 'SKU,Quantity,Location', '商品コード,数量,倉庫', '商品コード,在庫数,ロケーション', 'code,quantity']) {
      const { rows, problems } = readImportRows(rowsOf(`${header}\r\nA-1,5,tokyo\r\n`), 'set');
      expect(problems, header).toEqual([]);
      expect(rows, header).toEqual([{ line: 2, sku: 'A-1', quantity: 5, location: 'tokyo' }]);
    }
  });

  it('reads the first row as data when it is not a header', () => {
    const { rows } = readImportRows(rowsOf('A-1,5\r\nB-2,0\r\n'), 'set');
    expect(rows).toEqual([
      { line: 1, sku: 'A-1', quantity: 5, location: null },
      { line: 2, sku: 'B-2', quantity: 0, location: null },
    ]);
  });

  it('ignores blank lines but keeps the file’s line numbers in the report', () => {
    const { rows, problems } = readImportRows(rowsOf('sku,quantity\r\nA,1\r\n\r\n,,\r\nB,x\r\nC,3\r\n'), 'set');
    expect(rows.map((r) => [r.line, r.sku])).toEqual([
      [2, 'A'],
      [6, 'C'],
    ]);
    expect(problems).toEqual([{ line: 5, sku: 'B', code: 'invalid_quantity', message: expect.any(String) }]);
  });

  it('overwrite mode (set) accepts only whole numbers ≥ 0', () => {
    const file = ['sku,quantity', 'OK0,0', 'OK1,12', 'NEG,-1', 'PLUS,+2', 'DEC,1.5', 'TXT,abc', 'EMPTY,', 'HUGE,10000001', 'WIDE,５'].join('\r\n');
    const { rows, problems } = readImportRows(rowsOf(file), 'set');
    expect(rows.map((r) => r.sku)).toEqual(['OK0', 'OK1']);
    expect(problems.map((p) => [p.line, p.sku, p.code])).toEqual([
      [4, 'NEG', 'invalid_quantity'],
      [5, 'PLUS', 'invalid_quantity'],
      [6, 'DEC', 'invalid_quantity'],
      [7, 'TXT', 'invalid_quantity'],
      [8, 'EMPTY', 'invalid_quantity'],
      [9, 'HUGE', 'invalid_quantity'],
      [10, 'WIDE', 'invalid_quantity'],
    ]);
  });

  it('add/subtract mode (delta) accepts signed whole numbers', () => {
    const { rows, problems } = readImportRows(rowsOf('A,-3\r\nB,+2\r\nC,7\r\nD,1.5\r\nE,--1\r\n'), 'delta');
    expect(rows.map((r) => [r.sku, r.quantity])).toEqual([
      ['A', -3],
      ['B', 2],
      ['C', 7],
    ]);
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'invalid_quantity'],
      [5, 'invalid_quantity'],
    ]);
  });

  it('reports a missing or over-long SKU by line', () => {
    const { problems } = readImportRows(rowsOf(`sku,quantity\r\n,5\r\n${'L'.repeat(65)},1\r\n`), 'set');
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'missing_sku'],
      [3, 'invalid_sku'],
    ]);
  });

  it('cells are trimmed, quoted cells may hold commas, and a JAN-like SKU keeps its leading zero', () => {
    const { rows } = readImportRows(rowsOf(' 0490000000012 , 5 ,"tokyo"\r\n"A,B",1\r\n'), 'set');
    expect(rows).toEqual([
      { line: 1, sku: '0490000000012', quantity: 5, location: 'tokyo' },
      { line: 2, sku: 'A,B', quantity: 1, location: null },
    ]);
  });
});

describe('CSV encodings', () => {
  it('Shift_JIS (CP932) round-trips Japanese text, including CP932-only characters', () => {
    const text = '商品コード,数量\r\nＴシャツ①,5\r\n';
    const bytes = encodeCsv(text, 'shift_jis');
    // really Shift_JIS: 商 is 0x8FA4 there, and no UTF-8 BOM
    expect([...bytes.slice(0, 2)]).toEqual([0x8f, 0xa4]);
    expect(Encoding.detect(bytes)).toBe('SJIS');
    expect(decodeCsv(bytes, 'shift_jis')).toBe(text);
  });

  it('UTF-8 is written with a BOM (for Excel) and read with or without one', () => {
    const bytes = encodeCsv('商品,1\r\n', 'utf-8');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(decodeCsv(bytes, 'utf-8')).toBe('商品,1\r\n');
    expect(decodeCsv(new TextEncoder().encode('商品,1\r\n'), 'utf-8')).toBe('商品,1\r\n');
  });
});

const snap = (over: Partial<StockSnapshot>): StockSnapshot => ({
  sku: 'A',
  name: 'A',
  axis1: null,
  axis2: null,
  janCode: null,
  supplierCode: null,
  shelfNumber: null,
  managed: true,
  isSet: false,
  components: [],
  safetyStock: 0,
  reorderPoint: 0,
  taxRate: 10,
  onHand: 0,
  reserved: 0,
  available: 0,
  locations: [],
  deleted: false,
  version: 1,
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('exporting stock as CSV', () => {
  it('writes one row per SKU and location, a set as one row without location, every line ended by CRLF', () => {
    const out = exportRows([
      snap({ sku: 'TS-RED-M', name: 'Tシャツ 赤 M', axis1: 'レッド', axis2: 'M', janCode: '0490000000012', onHand: 8, reserved: 3, available: 4, safetyStock: 1, locations: [{ location: 'tokyo', onHand: 5, reserved: 3 }, { location: 'osaka', onHand: 3, reserved: 0 }] }),
      snap({ sku: 'KIT', name: 'セット', isSet: true, onHand: 2, available: 2, components: [{ sku: 'TS-RED-M', quantity: 1 }] }),
      snap({ sku: 'EMPTY', name: 'まだ在庫なし' }),
    ]);
    expect(out).toBe(
      [
        'TS-RED-M,Tシャツ 赤 M,レッド,M,0490000000012,tokyo,5,3,4,1',
        'TS-RED-M,Tシャツ 赤 M,レッド,M,0490000000012,osaka,3,0,4,1',
        'KIT,セット,,,,,2,0,2,0',
        'EMPTY,まだ在庫なし,,,,,0,0,0,0',
        '',
      ].join('\r\n'),
    );
    expect(EXPORT_HEADER).toEqual(['sku', 'name', 'axis1', 'axis2', 'janCode', 'location', 'onHand', 'reserved', 'available', 'safetyStock']);
  });

  it('neutralises cells a spreadsheet would run as a formula (CSV injection): = + - @', () => {
    const out = exportRows(['=cmd|’/C calc’!A0', '+x', '-x', '@SUM(A1)', '\tTAB'].map((name, i) => snap({ sku: `S${i}`, name })));
    const names = parseCsv(out).map((r) => r[1]);
    expect(names).toEqual(["'=cmd|’/C calc’!A0", "'+x", "'-x", "'@SUM(A1)", "'\tTAB".trim()]);
    for (const cell of ['=1+1', '+1+1', '-1+1', '@A1', '=HYPERLINK("http://x")']) expect(neutralise(cell)).toBe(`'${cell}`);
  });

  it('leaves ordinary cells and plain numbers (negative ones too) as they are', () => {
    for (const cell of ['Tシャツ', 'a=b', '0490000000012', '12', '-3', '-12.5', '+81']) {
      expect(neutralise(cell), cell).toBe(cell === '+81' ? "'+81" : cell);
    }
    expect(csvRows([['-3', -3, 0, 'x']])).toBe('-3,-3,0,x\r\n');
  });

  it('quotes cells with commas, quotes or line breaks (RFC 4180)', () => {
    expect(csvRows([['a,b', 'say "hi"', 'two\nlines', null, undefined]])).toBe('"a,b","say ""hi""","two\nlines",,\r\n');
    expect(parseCsv(exportRows([snap({ sku: 'Q', name: '赤, "限定"' })]))[0][1]).toBe('赤, "限定"');
  });
});
