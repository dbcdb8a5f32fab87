/**
 * Inventory API 2.x as the fake serves it: bulk-upsert and bulk-get (2.0 and 2.1 paths).
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/inventoryapi2/upsertbulkinventories
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/inventoryapi2_1/inventories_bulk_get/
 *
 * - bulk-upsert: 1–400 inventories {manageNumber, variantId, mode ABSOLUTE|RELATIVE,
 *   quantity ≤ 99999}; 204 No Content; a request is validated as a whole and any
 *   error answers 400 {"errors":[{code, message, metadata:{propertyPath}}]}
 *   (documented: IE0004 "Max length of manageNumber must be within 32 bytes.",
 *   IE0002 "… has an invalid value …", IE0003 "… must be between 0 and 99999.").
 * - THE QUIRK: a manageNumber / variantId the shop does not have is accepted
 *   (204) and changes nothing anyone can see ("在庫情報のみが存在する状態",
 *   deleted 24 h later); bulk-get leaves it out.
 * - bulk-get: 1–1000 {manageNumber, variantId}; answers the known ones with
 *   quantity, created, updated (ISO 8601, JST), manageNumber lower-cased.
 * The count errors (more than 400 / 1000 items) use IE0105 (a documented
 * "parameter error" code; the exact code for this case is unconfirmed).
 */
import type { Context, Hono } from 'hono';
import type { FakeBase } from '../harness.ts';
import { jstIso, listingKey, type Shop } from './model.ts';

const MAX_UPSERT = 400;
const MAX_GET = 1000;
const MAX_QUANTITY = 99_999;
const ID = /^[A-Za-z0-9_-]+$/;
const bytes = (s: string) => new TextEncoder().encode(s).length;

type ErrorItem = { code: string; message: string; metadata?: { propertyPath: string } };
const err = (code: string, message: string, propertyPath?: string): ErrorItem => (propertyPath ? { code, message, metadata: { propertyPath } } : { code, message });

const readBody = async (c: Context): Promise<Record<string, unknown> | null> => {
  try {
    return (await c.req.json()) as Record<string, unknown>;
  } catch {
    return null;
  }
};

const checkIds = (entry: Record<string, unknown>, at: string, out: ErrorItem[]) => {
  for (const field of ['manageNumber', 'variantId'] as const) {
    const v = entry[field];
    if (typeof v !== 'string' || v === '') out.push(err('IE0001', `${field} must not be empty.`, `${at}.${field}`));
    else if (bytes(v) > 32) out.push(err('IE0004', `Max length of ${field} must be within 32 bytes.`, `${at}.${field}`));
    else if (!ID.test(v)) out.push(err('IE0002', `${field} has an invalid value : ${v}.`, `${at}.${field}`));
  }
};

export const mountInventoryRoutes = (app: Hono, shop: Shop, base: FakeBase, orphans: Map<string, number>) => {
  const upsert = async (c: Context) => {
    const b = await readBody(c);
    const list = b?.inventories;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_UPSERT) {
      return c.json({ errors: [err('IE0105', `inventories must have between 1 and ${MAX_UPSERT} items.`, 'inventories')] }, 400);
    }
    const errors: ErrorItem[] = [];
    list.forEach((raw, i) => {
      const e = (raw ?? {}) as Record<string, unknown>;
      const at = `inventories[${i}]`;
      checkIds(e, at, errors);
      if (e.mode !== 'ABSOLUTE' && e.mode !== 'RELATIVE') errors.push(err('IE0002', `mode has an invalid value : ${String(e.mode)}.`, `${at}.mode`));
      const q = e.quantity;
      if (typeof q !== 'number' || !Number.isInteger(q)) errors.push(err('IE0002', `quantity has an invalid value : ${String(q)}.`, `${at}.quantity`));
      else if (e.mode === 'ABSOLUTE' ? q < 0 || q > MAX_QUANTITY : Math.abs(q) > MAX_QUANTITY) {
        errors.push(err('IE0003', `quantity must be between ${e.mode === 'ABSOLUTE' ? 0 : -MAX_QUANTITY} and ${MAX_QUANTITY}.`, `${at}.quantity`));
      }
    });
    if (errors.length) return c.json({ errors }, 400);

    base.record(c, 'stock', b);
    const now = jstIso(new Date());
    for (const raw of list as { manageNumber: string; variantId: string; mode: string; quantity: number }[]) {
      const l = shop.listing(raw.manageNumber, raw.variantId);
      if (!l) {
        // Accepted, invisible: an inventory record without an item (the documented quirk).
        const key = listingKey(raw.manageNumber, raw.variantId);
        orphans.set(key, raw.mode === 'ABSOLUTE' ? raw.quantity : (orphans.get(key) ?? 0) + raw.quantity);
        continue;
      }
      l.quantity = raw.mode === 'ABSOLUTE' ? raw.quantity : Math.min(MAX_QUANTITY, Math.max(0, l.quantity + raw.quantity));
      l.updated = now;
    }
    return c.body(null, 204);
  };

  const bulkGet = async (c: Context) => {
    const b = await readBody(c);
    const list = b?.inventories;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_GET) {
      return c.json({ errors: [err('IE0105', `inventories must have between 1 and ${MAX_GET} items.`, 'inventories')] }, 400);
    }
    const errors: ErrorItem[] = [];
    list.forEach((raw, i) => checkIds((raw ?? {}) as Record<string, unknown>, `inventories[${i}]`, errors));
    if (errors.length) return c.json({ errors }, 400);
    base.record(c, 'stock-read', b);
    const inventories = [];
    for (const raw of list as { manageNumber: string; variantId: string }[]) {
      const l = shop.listing(raw.manageNumber, raw.variantId);
      if (l) inventories.push({ manageNumber: l.remoteId.toLowerCase(), variantId: l.remoteVariantId ?? '', quantity: l.quantity, created: l.created, updated: l.updated });
    }
    return c.json({ inventories });
  };

  for (const v of ['2.0', '2.1']) {
    app.post(`/es/${v}/inventories/bulk-upsert`, upsert);
    app.post(`/es/${v}/inventories/bulk-get`, bulkGet);
  }
};
