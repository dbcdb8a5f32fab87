import { csvRows } from '../lib/csv';
import type { StockSnapshot } from './types';

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

export const EXPORT_HEADER = ['sku', 'name', 'axis1', 'axis2', 'janCode', 'location', 'onHand', 'reserved', 'available', 'safetyStock'];

export const exportRows = (snaps: readonly Pick<StockSnapshot, 'sku' | 'name' | 'axis1' | 'axis2' | 'janCode' | 'locations' | 'onHand' | 'reserved' | 'available' | 'safetyStock' | 'isSet'>[]) =>
  csvRows(
    snaps.flatMap((s) =>
      s.isSet || s.locations.length === 0
        ? [[s.sku, s.name, s.axis1, s.axis2, s.janCode, '', s.onHand, s.reserved, s.available, s.safetyStock]]
        : s.locations.map((l) => [s.sku, s.name, s.axis1, s.axis2, s.janCode, l.location, l.onHand, l.reserved, s.available, s.safetyStock]),
    ),
  );
