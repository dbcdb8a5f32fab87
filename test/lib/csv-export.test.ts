import Encoding from 'encoding-japanese';
import { describe, expect, it } from 'vitest';
import { csvRows, EXCEL_TEXT } from '../../worker/lib/csv';
import { asciiFileName, contentDisposition, csvPieceEncoder, ExcelText, exportFileName, jstCell, jstDay, textCell } from '../../worker/lib/csv-export';
import { parseCsv } from '../../worker/lib/japanese-csv';

/** The cells Excel reads: JST times, JST-dated file names, and JAN / postal codes kept as text. */
describe('CSV exports for Excel (lib/csv-export.ts)', () => {
  it('writes a time in JST as Excel reads it, across the date line', () => {
    expect(jstCell('2026-12-08T05:05:09.000Z')).toBe('2026/12/08 14:05:09');
    expect(jstCell('2026-12-07T15:00:00Z')).toBe('2026/12/08 00:00:00');
    expect(jstCell('2026-12-31T14:59:59.999Z')).toBe('2026/12/31 23:59:59');
    expect(jstCell('2026-12-31T15:00:00Z')).toBe('2027/01/01 00:00:00');
    expect(jstCell('2026-12-08T14:05:09+09:00')).toBe('2026/12/08 14:05:09');
    for (const none of [null, undefined, '', 'not a time']) expect(jstCell(none)).toBe('');
  });

  it('names the file for the JST day, with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987)', () => {
    const at = Date.parse('2026-12-07T15:30:00Z'); // 2026-12-08 00:30 JST, still the 7th in UTC
    expect(jstDay(at)).toBe('20261208');
    const file = exportFileName({ ja: '在庫', ascii: 'stock' }, at);
    expect(file).toEqual({ name: '在庫_20261208.csv', ascii: 'stock_20261208.csv' });
    expect(contentDisposition(file)).toBe(`attachment; filename="stock_20261208.csv"; filename*=UTF-8''%E5%9C%A8%E5%BA%AB_20261208.csv`);
    // the UTF-8 name decodes back; characters RFC 5987 does not allow bare are encoded too
    const cd = contentDisposition(exportFileName({ ja: "在庫履歴_A/B#1+(x)'*", ascii: "ledger_A/B#1+(x)'*" }, at));
    const [, fallback, encoded] = /^attachment; filename="([^"]*)"; filename\*=UTF-8''(\S+)$/.exec(cd)!;
    expect(fallback).toBe('ledger_A_B_1__x____20261208.csv');
    expect(encoded).toMatch(/^[A-Za-z0-9%._~!#$&+^`|-]+$/);
    expect(encoded).not.toMatch(/['()*]/);
    // a path or Windows-forbidden character never reaches the saved name
    expect(decodeURIComponent(encoded)).toBe("在庫履歴_A_B#1+(x)'__20261208.csv");
    expect(asciiFileName('在庫 "x"\\.csv')).toBe('____x__.csv');
  });

  it('writes a JAN or postal code as ="…" so Excel keeps its leading zeros, the cell unquoted and unneutralised', () => {
    const row = [textCell('0490000000012'), textCell('060-0001'), textCell('4901234567894'), 'plain'];
    expect(csvRows([row])).toBe('="0490000000012",="060-0001",="4901234567894",plain\r\n');
    expect(String(textCell('0490000000012'))).toBe('0490000000012');
    expect(textCell(null)).toBe('');
    expect(textCell(undefined)).toBe('');
  });

  it('never lets user text through the text cell: only digits and hyphens become one, everything else is neutralised as before', () => {
    const attacks = ['=HYPERLINK("http://evil.example","x")', '=1+1', '+81-3', '@SUM(A1)', '-1+2', '="0123"', '0123"', '0123,4', '0123\r\n=1', '012 345', '０１２３', '-', ''];
    for (const a of attacks) {
      const cell = textCell(a);
      expect(cell instanceof ExcelText, a).toBe(false);
      expect(cell).toBe(a);
    }
    expect(csvRows([[textCell('=HYPERLINK("http://evil.example","x")')]])).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"\r\n`);
    expect(csvRows([[textCell('=1+1'), textCell('@SUM(A1)'), textCell('+81-3')]])).toBe("'=1+1,'@SUM(A1),'+81-3\r\n");
    // no cell of the file starts with a formula character but the ="digits" ones
    const line = csvRows([attacks.map(textCell)]);
    for (const cell of parseCsv(line)[0]) expect(cell, cell).not.toMatch(/^[=+@]|^-(?!\d*$)/);
  });

  it('a forged marker (the symbol on any object) is checked again by csvRows and neutralised', () => {
    const forged = { [EXCEL_TEXT]: '=HYPERLINK("http://evil.example")' };
    expect(csvRows([[forged]])).toBe(`"'=HYPERLINK(""http://evil.example"")"\r\n`);
    expect(csvRows([[{ [EXCEL_TEXT]: '="1"+cmd|"/c calc"!A0' }]])).toMatch(/^"'=/);
    // an object without the symbol is just its text, and a string that looks like a marker is text
    expect(csvRows([[{ toString: () => '=1+1' }, '="0123"']])).toBe(`'=1+1,"'=""0123"""\r\n`);
  });

  it('encodes a streamed file piece by piece: UTF-8 with one BOM at the start, Shift_JIS without', () => {
    const utf8 = csvPieceEncoder('utf-8');
    const first = utf8('受注番号\r\n');
    const second = utf8('K000001\r\n');
    expect([...first.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...second.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(new Uint8Array([...first.slice(3), ...second]))).toBe('受注番号\r\nK000001\r\n');
    const sjis = csvPieceEncoder('shift_jis');
    const bytes = new Uint8Array([...sjis('在庫\r\n'), ...sjis('出荷\r\n')]);
    expect(Encoding.convert(bytes, { to: 'UNICODE', from: 'SJIS', type: 'string' })).toBe('在庫\r\n出荷\r\n');
  });
});
