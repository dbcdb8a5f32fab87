import { csvRows } from '../lib/csv';
import { jstCell, textCell, type CsvHeaders } from '../lib/csv-export';
import { SYSTEM_ACTOR_LABELS_JA } from '../orders/labels';
import type { OrderRef } from '../orders/references';
import type { LedgerEntry, StockSnapshot } from './types';

/**
 * The stock CSV layouts (pure).
 * Import: `sku,quantity[,location]`, with or without a header row (English or
 * Japanese: SKU / 商品コード, 数量 / 在庫数, 倉庫 / ロケーション).
 * Export: one row per SKU and location, CRLF, formula-looking cells neutralised.
 */
export interface ImportRow {
  line: number;
  sku: string;
  quantity: number;
  location: string | null;
}

export interface RowProblem {
  line: number;
  sku: string | null;
  code: string;
  message: string;
}

const HEADER_WORDS = new Set(['sku', 'code', '商品コード', 'skuコード', 'quantity', '数量', '在庫数', 'location', '倉庫', 'ロケーション']);

export const MAX_IMPORT_ROWS = 100_000;

export const readImportRows = (rows: string[][], mode: 'set' | 'delta'): { rows: ImportRow[]; problems: RowProblem[] } => {
  const out: ImportRow[] = [];
  const problems: RowProblem[] = [];
  const start = rows.length && HEADER_WORDS.has((rows[0][0] ?? '').toLowerCase()) ? 1 : 0;
  for (let i = start; i < rows.length; i++) {
    const line = i + 1;
    if (rows[i].every((c) => c === '')) continue; // a blank line
    const [sku = '', qty = '', location = ''] = rows[i];
    if (!sku) {
      problems.push({ line, sku: null, code: 'missing_sku', message: 'SKU is empty' });
      continue;
    }
    if (sku.length > 64) {
      problems.push({ line, sku: sku.slice(0, 64), code: 'invalid_sku', message: 'SKU is longer than 64 characters' });
      continue;
    }
    const pattern = mode === 'set' ? /^\d+$/ : /^[+-]?\d+$/;
    if (!pattern.test(qty) || Math.abs(Number(qty)) > 10_000_000) {
      problems.push({ line, sku, code: 'invalid_quantity', message: mode === 'set' ? 'Quantity must be a whole number ≥ 0' : 'Quantity must be a whole number' });
      continue;
    }
    out.push({ line, sku, quantity: Number(qty), location: location || null });
  }
  return { rows: out, problems };
};

/** The integrations' layout (?headers=en): English codes, values as they are. */
export const EXPORT_HEADER = ['sku', 'name', 'axis1', 'axis2', 'janCode', 'location', 'onHand', 'reserved', 'available', 'safetyStock'];
/**
 * The people's layout (the default): the same columns in Japanese, the JAN as
 * text (="0490000000012") so Excel keeps its leading zeros. 商品コード heads
 * both this file and the import's, so the import still takes this header row.
 */
export const EXPORT_HEADER_JA = ['商品コード', '商品名', '項目1', '項目2', 'JANコード', '倉庫', '実在庫', '引当数', '引当可能数', '確保在庫'];

export const exportHeader = (headers: CsvHeaders) => (headers === 'ja' ? EXPORT_HEADER_JA : EXPORT_HEADER);

export const exportRows = (
  snaps: readonly Pick<StockSnapshot, 'sku' | 'name' | 'axis1' | 'axis2' | 'janCode' | 'locations' | 'onHand' | 'reserved' | 'available' | 'safetyStock' | 'isSet'>[],
  headers: CsvHeaders = 'en',
) =>
  csvRows(
    snaps.flatMap((s) => {
      const jan = headers === 'ja' ? textCell(s.janCode) : s.janCode;
      return s.isSet || s.locations.length === 0
        ? [[s.sku, s.name, s.axis1, s.axis2, jan, '', s.onHand, s.reserved, s.available, s.safetyStock]]
        : s.locations.map((l) => [s.sku, s.name, s.axis1, s.axis2, jan, l.location, l.onHand, l.reserved, s.available, s.safetyStock]);
    }),
  );

// ───────────────────────────── the stock ledger (在庫履歴) CSV

/** ?headers=en: the columns integrations have read since the ledger CSV began (UTC times, kind and actor codes). */
export const LEDGER_HEADER = ['at', 'location', 'kind', 'deltaOnHand', 'deltaReserved', 'onHandAfter', 'reservedAfter', 'availableAfter', 'reason', 'reference', 'actor'];
/** The default: JST times, the kind in Japanese, the order's K-number beside the raw reference, and who acted by name. */
export const LEDGER_HEADER_JA = ['日時', '倉庫', '種別', '実在庫増減', '引当増減', '実在庫', '引当数', '引当可能数', '理由', '受注番号', '参照', '担当者'];

export const LEDGER_KIND_JA: Record<string, string> = {
  reserve: '引当',
  release: '引当解除',
  ship: '出荷',
  adjust: '調整',
  receive: '入荷',
  stocktake: '棚卸',
};

export const ledgerHeader = (headers: CsvHeaders) => (headers === 'ja' ? LEDGER_HEADER_JA : LEDGER_HEADER);

/**
 * Who acted, for a person: the name (user or API token, from users/actor-names.ts), a
 * system actor's Japanese name, or nothing; never a raw user or token id.
 */
export const actorCell = (actor: string | null, names: ReadonlyMap<string, string>): string => {
  if (!actor) return '';
  const named = names.get(actor) ?? SYSTEM_ACTOR_LABELS_JA[actor];
  if (named) return named;
  return /^(user|token|channel):/.test(actor) ? '' : actor;
};

export const ledgerRows = (
  entries: readonly LedgerEntry[],
  headers: CsvHeaders,
  names: { orders: ReadonlyMap<string, OrderRef>; actors: ReadonlyMap<string, string> } = { orders: new Map(), actors: new Map() },
) =>
  csvRows(
    entries.map((r) =>
      headers === 'ja'
        ? [
            jstCell(r.at),
            r.location,
            LEDGER_KIND_JA[r.kind] ?? r.kind,
            r.deltaOnHand,
            r.deltaReserved,
            r.onHandAfter,
            r.reservedAfter,
            r.availableAfter,
            r.reason,
            (r.reference && names.orders.get(r.reference)?.number) ?? '',
            r.reference,
            actorCell(r.actor, names.actors),
          ]
        : [r.at, r.location, r.kind, r.deltaOnHand, r.deltaReserved, r.onHandAfter, r.reservedAfter, r.availableAfter, r.reason, r.reference, r.actor],
    ),
  );
