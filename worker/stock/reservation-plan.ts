import { availableOf, setAvailableOf } from './availability';

/**
 * Planning a reservation (pure): which units of which SKU at which location
 * an all-or-nothing reservation takes. The StockLedger DO runs this inside one
 * synchronous SQLite transaction, so the numbers it plans from cannot change
 * underneath it: that, not a lock, is why Kura cannot oversell.
 *
 * - A set line expands into its components (× quantity); lines that share a
 *   component are added up before checking, so two lines cannot each take the
 *   last unit (Medusa #16502).
 * - Each SKU may take at most its available quantity (after safety stock);
 *   a set with a safety stock of its own may not sell more sets than its
 *   available quantity (complete sets minus that safety stock).
 * - Units are drawn from locations in priority order (lowest number first).
 */
export interface SkuRule {
  sku: string;
  safetyStock: number;
  managed: boolean;
  components: { sku: string; quantity: number }[];
}

export interface LocationLevel {
  sku: string;
  location: string;
  priority: number;
  onHand: number;
  reserved: number;
}

export interface Shortage {
  sku: string;
  requested: number;
  available: number;
  reason: 'insufficient_stock' | 'unknown_sku';
}

export interface Draw {
  sku: string;
  location: string;
  quantity: number;
}

export type Plan = { ok: true; draws: Draw[] } | { ok: false; shortages: Shortage[] };

/** The component quantities a set of order lines needs, sets expanded, shared components summed. */
export const expandLines = (
  lines: readonly { sku: string; quantity: number }[],
  rules: ReadonlyMap<string, SkuRule>,
): { needs: Map<string, number>; unknown: string[] } => {
  const needs = new Map<string, number>();
  const unknown: string[] = [];
  for (const line of lines) {
    const rule = rules.get(line.sku);
    if (!rule) {
      unknown.push(line.sku);
      continue;
    }
    const parts = rule.components.length ? rule.components.map((c) => ({ sku: c.sku, quantity: c.quantity * line.quantity })) : [{ sku: line.sku, quantity: line.quantity }];
    for (const p of parts) needs.set(p.sku, (needs.get(p.sku) ?? 0) + p.quantity);
  }
  return { needs, unknown };
};

export const planReservation = (
  lines: readonly { sku: string; quantity: number }[],
  rules: ReadonlyMap<string, SkuRule>,
  levels: readonly LocationLevel[],
): Plan => {
  const { needs, unknown } = expandLines(lines, rules);
  const shortages: Shortage[] = [...new Set(unknown)].map((sku) => ({ sku, requested: lines.filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0), available: 0, reason: 'unknown_sku' as const }));
  const draws: Draw[] = [];
  const availableNow = (sku: string, rule: SkuRule) => {
    const at = levels.filter((l) => l.sku === sku);
    return availableOf(at.reduce((n, l) => n + l.onHand, 0), at.reduce((n, l) => n + l.reserved, 0), rule.safetyStock);
  };
  const setRequests = new Map<string, number>();
  for (const l of lines) if (rules.get(l.sku)?.components.length && rules.get(l.sku)!.safetyStock > 0) setRequests.set(l.sku, (setRequests.get(l.sku) ?? 0) + l.quantity);
  for (const [sku, requested] of setRequests) {
    const parts = rules
      .get(sku)!
      .components.filter((c) => rules.get(c.sku)?.managed)
      .map((c) => ({ quantity: c.quantity, available: availableNow(c.sku, rules.get(c.sku)!) }));
    const available = setAvailableOf(parts, rules.get(sku)!.safetyStock);
    if (parts.length && available < requested) shortages.push({ sku, requested, available, reason: 'insufficient_stock' });
  }
  for (const [sku, requested] of [...needs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const rule = rules.get(sku);
    if (!rule) {
      shortages.push({ sku, requested, available: 0, reason: 'unknown_sku' });
      continue;
    }
    if (!rule.managed) continue; // stock not managed (取り寄せ品 etc.): nothing to reserve
    const at = levels.filter((l) => l.sku === sku).sort((a, b) => a.priority - b.priority || (a.location < b.location ? -1 : 1));
    const available = availableNow(sku, rule);
    if (available < requested) {
      shortages.push({ sku, requested, available, reason: 'insufficient_stock' });
      continue;
    }
    let left = requested;
    for (const l of at) {
      const free = Math.max(0, l.onHand - l.reserved);
      const take = Math.min(free, left);
      if (take > 0) draws.push({ sku, location: l.location, quantity: take });
      left -= take;
      if (left === 0) break;
    }
    // Free units summed over locations are at least onHand − reserved ≥ available ≥ requested,
    // so `left` is 0 here.
  }
  return shortages.length ? { ok: false, shortages } : { ok: true, draws };
};
