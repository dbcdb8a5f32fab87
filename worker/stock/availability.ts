/**
 * Stock arithmetic (pure). The glossary's words:
 * - onHand (実在庫): units physically held;
 * - reserved (引当数): units set aside for open orders;
 * - safety stock (確保在庫): units held back from sale;
 * - available (有効在庫) = onHand − reserved − safetyStock, never below 0.
 */
export const availableOf = (onHand: number, reserved: number, safetyStock: number): number =>
  Math.max(0, onHand - reserved - safetyStock);

export interface ComponentAvailability {
  /** units of the component one set needs */
  quantity: number;
  /** the component's own available quantity (after its own safety stock) */
  available: number;
}

/**
 * A set (セット商品) has no stock of its own: its available quantity is the
 * number of complete sets its components allow, each component counted after
 * its own safety stock, minus the set's own safety stock.
 */
export const setAvailableOf = (components: readonly ComponentAvailability[], setSafetyStock: number): number => {
  if (components.length === 0) return 0;
  const complete = Math.min(...components.map((c) => Math.floor(c.available / c.quantity)));
  return Math.max(0, complete - setSafetyStock);
};
