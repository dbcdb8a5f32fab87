/**
 * Inventory API 2.1 bodies and answers. Pure.
 * bulk-upsert: https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/inventoryapi2/upsertbulkinventories
 * bulk-get:    https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/inventoryapi2_1/inventories_bulk_get/
 *
 * manageNumber (商品管理番号) and variantId (SKU管理番号): 1–32 of a–z A–Z 0–9 - _.
 * RMS lower-cases manageNumber itself; quantity is 0–99999.
 */
import type { PushResult, RemoteQuantity, StockPush } from '../adapter';

export const MAX_UPSERT_ITEMS = 400;
export const MAX_GET_ITEMS = 1000;
export const MAX_QUANTITY = 99_999;

const ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface InventoryUpsert {
  manageNumber: string;
  variantId: string;
  mode: 'ABSOLUTE';
  quantity: number;
}

/** Why RMS would refuse this item, or null. Checked before sending so one bad id cannot sink a batch of 400. */
export const invalidReason = (i: Pick<StockPush, 'remoteId' | 'remoteVariantId'>): string | null => {
  if (!ID.test(i.remoteId ?? '')) return `商品管理番号 (manageNumber) "${i.remoteId ?? ''}" is not 1–32 of a–z, A–Z, 0–9, - and _`;
  if (!i.remoteVariantId) return 'Rakuten needs the SKU管理番号 (variantId) of the listing';
  if (!ID.test(i.remoteVariantId)) return `SKU管理番号 (variantId) "${i.remoteVariantId}" is not 1–32 of a–z, A–Z, 0–9, - and _`;
  return null;
};

/** Kura's absolute quantity within RMS's 0–99999 (more than 99999 publishes 99999). */
export const rmsQuantity = (q: number): number => Math.min(MAX_QUANTITY, Math.max(0, Math.floor(Number.isFinite(q) ? q : 0)));

/** The items RMS can take, in its exact bulk-upsert shape, and those refused up front. */
export const upsertBody = (items: StockPush[]): { body: { inventories: InventoryUpsert[] }; sent: StockPush[]; rejected: PushResult['rejected'] } => {
  const sent: StockPush[] = [];
  const rejected: PushResult['rejected'] = [];
  for (const i of items) {
    const reason = invalidReason(i);
    if (reason) rejected.push({ sku: i.sku, reason });
    else sent.push(i);
  }
  return {
    body: { inventories: sent.map((i) => ({ manageNumber: i.remoteId, variantId: i.remoteVariantId!, mode: 'ABSOLUTE', quantity: rmsQuantity(i.quantity) })) },
    sent,
    rejected,
  };
};

/** The index behind an error's propertyPath "inventories[3].manageNumber", or null. */
export const indexOfPropertyPath = (path: string | null | undefined): number | null => {
  const m = /^inventories\[(\d+)\]/.exec(path ?? '');
  return m ? Number(m[1]) : null;
};

export interface InventoryRecord {
  manageNumber: string;
  variantId: string;
  quantity: number;
}

const keyOf = (manageNumber: string, variantId: string) => `${manageNumber.toLowerCase()}\u0000${variantId}`;

/**
 * bulk-get's inventories → one RemoteQuantity per asked item. RMS answers only the
 * items it knows; an item it does not know (bulk-upsert took it silently) gets
 * null, which is how the sync engine sees drift. manageNumber is compared
 * lower-cased (RMS stores it so); variantId exactly, then case-insensitively.
 */
export const remoteQuantities = (asked: Omit<StockPush, 'quantity'>[], found: InventoryRecord[]): RemoteQuantity[] => {
  const exact = new Map<string, number>();
  const loose = new Map<string, number>();
  for (const r of found) {
    exact.set(keyOf(r.manageNumber, r.variantId), r.quantity);
    loose.set(keyOf(r.manageNumber, r.variantId.toLowerCase()), r.quantity);
  }
  return asked.map((a) => {
    if (!a.remoteVariantId) return { sku: a.sku, quantity: null };
    const q = exact.get(keyOf(a.remoteId, a.remoteVariantId)) ?? loose.get(keyOf(a.remoteId, a.remoteVariantId.toLowerCase()));
    return { sku: a.sku, quantity: q ?? null };
  });
};
