import { describe, expect, it } from 'vitest';
import { actorCell, EXPORT_HEADER, EXPORT_HEADER_JA, exportHeader, exportRows, LEDGER_HEADER_JA, ledgerHeader, ledgerRows, readImportRows } from '../../worker/stock/csv-layout';
import { csvRows } from '../../worker/lib/csv';
import { parseCsv } from '../../worker/lib/japanese-csv';
import type { LedgerEntry, StockSnapshot } from '../../worker/stock/types';

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

const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
  seq: 1,
  at: '2026-12-08T05:05:09.000Z',
  sku: 'A',
  location: 'default',
  kind: 'adjust',
  deltaOnHand: 0,
  deltaReserved: 0,
  onHandAfter: 0,
  reservedAfter: 0,
  availableAfter: 0,
  reason: null,
  reference: null,
  actor: null,
  ...over,
});

describe('the stock CSV for people (Japanese headers, the default)', () => {
  it('heads the columns in Japanese and writes the JAN as text; headers=en keeps the English codes and the plain JAN', () => {
    expect(exportHeader('ja')).toEqual(['商品コード', '商品名', '項目1', '項目2', 'JANコード', '倉庫', '実在庫', '引当数', '引当可能数', '確保在庫']);
    expect(exportHeader('en')).toEqual(EXPORT_HEADER);
    const s = snap({ sku: 'TS-RED-M', name: 'Tシャツ', axis1: 'レッド', axis2: 'M', janCode: '0490000000012', onHand: 5, available: 5, locations: [{ location: 'tokyo', onHand: 5, reserved: 0 }] });
    expect(exportRows([s], 'ja')).toBe('TS-RED-M,Tシャツ,レッド,M,="0490000000012",tokyo,5,0,5,0\r\n');
    expect(exportRows([s], 'en')).toBe('TS-RED-M,Tシャツ,レッド,M,0490000000012,tokyo,5,0,5,0\r\n');
    // a name that looks like a formula is still neutralised in the Japanese layout
    expect(exportRows([snap({ sku: 'X', name: '=HYPERLINK("http://x")' })], 'ja')).toBe(`X,"'=HYPERLINK(""http://x"")",,,,,0,0,0,0\r\n`);
  });

  it('the import still takes the exported header row as a header (商品コード, as before sku)', () => {
    for (const header of [EXPORT_HEADER, EXPORT_HEADER_JA]) {
      const rows = parseCsv(csvRows([header, ['A', '3']]));
      expect(readImportRows(rows, 'set')).toEqual({ rows: [{ line: 2, sku: 'A', quantity: 3, location: null }], problems: [] });
    }
  });
});

describe('the ledger CSV', () => {
  const names = {
    orders: new Map([['01ORDERID0000000000000000A', { id: '01ORDERID0000000000000000A', number: 'K000123' }]]),
    actors: new Map([['user:U1', '山田 太郎 (yamada)'], ['token:T1', 'API: 在庫連携']]),
  };

  it('ja: JST time, the kind in Japanese, the K-number beside the raw reference, the actor by name', () => {
    expect(ledgerHeader('ja')).toEqual(LEDGER_HEADER_JA);
    expect(LEDGER_HEADER_JA).toEqual(['日時', '倉庫', '種別', '実在庫増減', '引当増減', '実在庫', '引当数', '引当可能数', '理由', '受注番号', '参照', '担当者']);
    const out = ledgerRows(
      [
        entry({ kind: 'reserve', deltaReserved: 2, onHandAfter: 5, reservedAfter: 2, availableAfter: 3, reference: '01ORDERID0000000000000000A', actor: 'user:U1' }),
        entry({ kind: 'ship', deltaOnHand: -2, deltaReserved: -2, onHandAfter: 3, availableAfter: 3, reference: '01ORDERID0000000000000000A', actor: 'system:rules' }),
        entry({ kind: 'adjust', deltaOnHand: 1, onHandAfter: 4, availableAfter: 4, reason: '=破損', reference: 'R000001', actor: 'token:T1' }),
        entry({ kind: 'stocktake', actor: 'user:GONE' }),
      ],
      'ja',
      names,
    );
    expect(parseCsv(out)).toEqual([
      ['2026/12/08 14:05:09', 'default', '引当', '0', '2', '5', '2', '3', '', 'K000123', '01ORDERID0000000000000000A', '山田 太郎 (yamada)'],
      ['2026/12/08 14:05:09', 'default', '出荷', '-2', '-2', '3', '0', '3', '', 'K000123', '01ORDERID0000000000000000A', '自動処理'],
      ['2026/12/08 14:05:09', 'default', '調整', '1', '0', '4', '0', '4', "'=破損", '', 'R000001', 'API: 在庫連携'],
      ['2026/12/08 14:05:09', 'default', '棚卸', '0', '0', '0', '0', '0', '', '', '', ''],
    ]);
  });

  it('en: the English codes, UTC times and raw actors integrations have read since the ledger CSV began', () => {
    expect(ledgerHeader('en')).toEqual(['at', 'location', 'kind', 'deltaOnHand', 'deltaReserved', 'onHandAfter', 'reservedAfter', 'availableAfter', 'reason', 'reference', 'actor']);
    expect(ledgerRows([entry({ kind: 'receive', deltaOnHand: 3, reference: 'X', actor: 'user:U1' })], 'en', names)).toBe('2026-12-08T05:05:09.000Z,default,receive,3,0,0,0,0,,X,user:U1\r\n');
  });

  it('names the actor for people, never with a raw user or token id', () => {
    expect(actorCell('user:U1', names.actors)).toBe('山田 太郎 (yamada)');
    expect(actorCell('system:stock-arrived', names.actors)).toBe('入荷時の自動引当');
    for (const unknown of ['user:NOBODY', 'token:GONE', 'channel:C1']) expect(actorCell(unknown, names.actors)).toBe('');
    expect(actorCell(null, names.actors)).toBe('');
  });
});
