/**
 * Stock, pure parts: setStock / getStock form bodies and their answers.
 *
 *   在庫更新API https://developer.yahoo.co.jp/webapi/shopping/setStock.html
 *     POST form: seller_id, item_code ("カンマ「,」区切りで最大1,000個まで指定できます。…個別商品コードを持つ商品については、
 *     商品コードと個別商品コードをコロン「:」でつなげてください"), quantity ("商品コードと同じ個数をカンマ「,」区切りで…
 *     数値にプラス記号「+」が付いている場合は加算、マイナス記号「-」が付いている場合は減算します。数値のみの場合はその値で更新します").
 *     200: <ResultSet><Result><ItemCode/><SubCode/><Quantity/></Result>…</ResultSet>;
 *     207: the failing rows carry <ErrorCode>st-02104</ErrorCode>, and "指定した商品コードに対して1つでもエラーが発生した場合は、
 *     全ての更新を取り消します" (one error cancels the whole call).
 *     "存在しない商品コード(item_code)にリクエストした場合…エラーレスポンスを返しません" (unknown codes answer success).
 *   在庫参照API https://developer.yahoo.co.jp/webapi/shopping/getStock.html
 *     POST form: seller_id, item_code (same rules, up to 1,000). Result/Status "0 : 在庫情報なし 1 : 在庫情報あり",
 *     Result/Quantity "空の場合は在庫数が無限大であることを意味します".
 */
import type { RemoteQuantity, StockPush } from '../adapter';
import { children, parseXml, text, child } from './xml';

/** "カンマ「,」区切りで最大1,000個まで" for both setStock and getStock. */
export const STOCK_MAX_CODES = 1000;

type ItemRef = Pick<StockPush, 'remoteId' | 'remoteVariantId'>;

/** item_code as the stock APIs want it: the code, or code:sub_code for an item with options. */
export const stockItemCode = (i: ItemRef): string => (i.remoteVariantId ? `${i.remoteId}:${i.remoteVariantId}` : i.remoteId);

/** Absolute quantities only: a bare number, never signed (a sign would make it relative). */
export const absoluteQuantity = (q: number): string => String(Math.max(0, Math.trunc(Number.isFinite(q) ? q : 0)));

export const setStockBody = (sellerId: string, items: StockPush[]): URLSearchParams =>
  new URLSearchParams({
    seller_id: sellerId,
    item_code: items.map(stockItemCode).join(','),
    quantity: items.map((i) => absoluteQuantity(i.quantity)).join(','),
  });

export const getStockBody = (sellerId: string, items: ItemRef[]): URLSearchParams =>
  new URLSearchParams({ seller_id: sellerId, item_code: items.map(stockItemCode).join(',') });

export interface StockRow {
  itemCode: string;
  /** code or code:sub_code, as the request named it */
  key: string;
  status: string;
  /** '' means "no limit" (無限大) */
  quantity: string;
  errorCode: string;
}

export const parseStockRows = (body: string): StockRow[] =>
  children(child(parseXml(body), 'ResultSet'), 'Result').map((r) => {
    const itemCode = text(r, 'ItemCode');
    const subCode = text(r, 'SubCode');
    return { itemCode, key: subCode ? `${itemCode}:${subCode}` : itemCode, status: text(r, 'Status'), quantity: text(r, 'Quantity'), errorCode: text(r, 'ErrorCode') };
  });

/**
 * getStock rows → Kura's read-back. Status 0 (no stock record: the mall does not
 * know the code) and an empty Quantity (unlimited, nothing Kura can compare) are null.
 */
export const remoteQuantities = (items: (ItemRef & { sku: string })[], rows: StockRow[]): RemoteQuantity[] => {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return items.map((i) => {
    const row = byKey.get(stockItemCode(i));
    const known = row && row.status === '1' && /^-?\d+$/.test(row.quantity);
    return { sku: i.sku, quantity: known ? Number(row.quantity) : null };
  });
};
