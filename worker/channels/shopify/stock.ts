/**
 * Stock pushes in Shopify's terms. Pure: no I/O.
 *
 * inventorySetQuantities sets absolute quantities
 * (https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventorySetQuantities):
 * name "available", a reason from Shopify's list, and per quantity the
 * InventoryItem GID, the Location GID and the quantity. From API 2026-04 each
 * quantity must also carry changeFromQuantity, the compare-and-swap value;
 * null skips the check (https://shopify.dev/changelog/compare-and-swap-redesign-for-inventory-set-quantities).
 * Kura skips it on purpose: Kura is the source of truth for these numbers and
 * pushes the latest absolute value, so a stale read must not block the push.
 *
 * When any quantity is invalid Shopify refuses the call with userErrors whose
 * `field` points at the quantity's index (["input","quantities","3","inventoryItemId"]);
 * splitUserErrors turns that into per-SKU rejections and call-wide problems.
 */

/** Why Kura changes a quantity: a correction to the number the source of truth holds. */
export const INVENTORY_REASON = 'correction';

/** A listing's remoteId as an InventoryItem GID: GIDs pass, a bare numeric id (REST style) is wrapped. */
export const inventoryItemGid = (remoteId: string): string | null => {
  const s = remoteId.trim();
  if (/^gid:\/\/shopify\/InventoryItem\/\d+$/.test(s)) return s;
  if (/^\d+$/.test(s)) return `gid://shopify/InventoryItem/${s}`;
  return null;
};

export const setQuantitiesInput = (items: readonly { inventoryItemId: string; quantity: number }[], locationId: string, referenceDocumentUri?: string) => ({
  name: 'available',
  reason: INVENTORY_REASON,
  ...(referenceDocumentUri ? { referenceDocumentUri } : {}),
  quantities: items.map((i) => ({
    inventoryItemId: i.inventoryItemId,
    locationId,
    // "available" below zero only means oversold; Kura never publishes less than nothing.
    quantity: Math.max(0, Math.floor(i.quantity)),
    changeFromQuantity: null,
  })),
});

export interface InventoryUserError {
  code?: string | null;
  field?: string[] | null;
  message: string;
}

/** Codes that are about the call, not one item: the channel's location, the reason, a concurrent retry. */
const CALL_WIDE = new Set(['INVALID_LOCATION', 'INVALID_REASON', 'INVALID_NAME', 'INVALID_REFERENCE_DOCUMENT', 'IDEMPOTENCY_CONCURRENT_REQUEST', 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH', 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED']);

/** userErrors → rejections by index into the quantities sent, and errors about the whole call. */
export const splitUserErrors = (errors: readonly InventoryUserError[]): { perItem: Map<number, string>; callWide: InventoryUserError[] } => {
  const perItem = new Map<number, string>();
  const callWide: InventoryUserError[] = [];
  for (const e of errors) {
    const field = e.field ?? [];
    const at = field[0] === 'input' && field[1] === 'quantities' && /^\d+$/.test(field[2] ?? '') ? Number(field[2]) : null;
    if (at === null || (e.code && CALL_WIDE.has(e.code))) {
      callWide.push(e);
      continue;
    }
    const reason = `${e.code ?? 'REFUSED'}: ${e.message}`;
    perItem.set(at, perItem.has(at) ? `${perItem.get(at)}; ${reason}` : reason);
  }
  return { perItem, callWide };
};
