/**
 * The listing map as CSV (pure): which mall item / variant carries which SKU.
 * One layout for every mall, Shift_JIS by default like the malls' own files:
 *   SKU, 商品ID (remoteId), バリエーションID (remoteVariantId, may be empty)
 * Rakuten: 商品管理番号 / SKU管理番号(variantId); Yahoo!: 商品コード / 個別商品コード;
 * Shopify: InventoryItem GID / ProductVariant GID; Amazon: 出品者SKU.
 */
export const LISTINGS_HEADER = ['SKU', '商品ID', 'バリエーションID'];

export interface ListingRow {
  sku: string;
  remoteId: string;
  remoteVariantId: string | null;
}

export interface ListingProblem {
  line: number;
  code: 'missing_sku' | 'missing_remote_id' | 'too_long' | 'duplicate_sku' | 'unknown_sku';
  message: string;
}

const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;

/** Rows of a decoded CSV → listings and per-line problems (line numbers as the user sees them, header = 1). */
export const parseListingRows = (rows: string[][]): { items: ListingRow[]; problems: ListingProblem[] } => {
  const items: ListingRow[] = [];
  const problems: ListingProblem[] = [];
  const seen = new Map<string, number>();
  const start = rows[0]?.[0]?.replace(/^\uFEFF/, '').trim().toUpperCase() === 'SKU' ? 1 : 0;
  for (let i = start; i < rows.length; i++) {
    const line = i + 1;
    const [sku = '', remoteId = '', variant = ''] = rows[i].map((c) => c.trim());
    if (!sku && !remoteId && !variant) continue;
    if (!sku || !SKU_PATTERN.test(sku)) {
      problems.push({ line, code: 'missing_sku', message: 'A SKU code (letters, digits, . _ - /) is required' });
      continue;
    }
    if (!remoteId) {
      problems.push({ line, code: 'missing_remote_id', message: 'The mall’s item id is required' });
      continue;
    }
    if (remoteId.length > 255 || variant.length > 255) {
      problems.push({ line, code: 'too_long', message: 'Ids are at most 255 characters' });
      continue;
    }
    if (seen.has(sku)) {
      problems.push({ line, code: 'duplicate_sku', message: `Line ${seen.get(sku)} already maps ${sku}` });
      continue;
    }
    seen.set(sku, line);
    items.push({ sku, remoteId, remoteVariantId: variant || null });
  }
  return { items, problems };
};

export const listingCsvRows = (items: ListingRow[]): string[][] => items.map((l) => [l.sku, l.remoteId, l.remoteVariantId ?? '']);
