/**
 * 分割出荷 (split shipments), pure: an order shipped in several parcels, each
 * with its own tracking number. What a parcel may hold (no line beyond the
 * units it has left), what is left after each, and when the order is complete.
 * No I/O: split-service.ts records the parcel and commits its units in the
 * StockLedger (commitPartial).
 */

export interface OrderLineUnits {
  lineNo: number;
  sku: string;
  quantity: number;
}

/** One parcel already sent: the units it carried per order line. */
export interface ShipmentUnits {
  lines: OrderLineUnits[];
}

export type SplitProblemCode = 'nothing_to_ship' | 'unknown_line' | 'duplicate_line' | 'exceeds_remaining';

export interface SplitProblem {
  field: string;
  code: SplitProblemCode;
  message: string;
}

export type SplitPlan =
  | {
      ok: true;
      /** the parcel's lines (those with units only), in the order's line order */
      parcel: OrderLineUnits[];
      /** the units per SKU for the StockLedger (lines of one SKU added up) */
      items: { sku: string; quantity: number }[];
      /** every unit of the order has shipped once this parcel goes */
      complete: boolean;
    }
  | { ok: false; problems: SplitProblem[] };

/** Units shipped so far per order line. */
export const shippedPerLine = (shipments: readonly ShipmentUnits[]): Map<number, number> => {
  const out = new Map<number, number>();
  for (const s of shipments) for (const l of s.lines) out.set(l.lineNo, (out.get(l.lineNo) ?? 0) + l.quantity);
  return out;
};

/** What each line still has to ship (0 when done), in line order. */
export const remainingLines = (lines: readonly OrderLineUnits[], shipments: readonly ShipmentUnits[]): OrderLineUnits[] => {
  const shipped = shippedPerLine(shipments);
  return [...lines].sort((a, b) => a.lineNo - b.lineNo).map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: Math.max(0, l.quantity - (shipped.get(l.lineNo) ?? 0)) }));
};

/** Some units have shipped and some have not. */
export const isPartiallyShipped = (lines: readonly OrderLineUnits[], shipments: readonly ShipmentUnits[]): boolean =>
  shipments.some((s) => s.lines.some((l) => l.quantity > 0)) && remainingLines(lines, shipments).some((l) => l.quantity > 0);

/**
 * The next parcel: `asked` names order lines and the units to send now (0
 * leaves a line for later). Refused when it names a line twice or one the
 * order lacks, holds more than a line has left, or holds nothing at all.
 */
export const planPartialShipment = (
  lines: readonly OrderLineUnits[],
  shipments: readonly ShipmentUnits[],
  asked: readonly { lineNo: number; quantity: number }[],
): SplitPlan => {
  const left = new Map(remainingLines(lines, shipments).map((l) => [l.lineNo, l]));
  const problems: SplitProblem[] = [];
  const seen = new Set<number>();
  asked.forEach((a, i) => {
    const line = left.get(a.lineNo);
    if (seen.has(a.lineNo)) problems.push({ field: `lines.${i}.lineNo`, code: 'duplicate_line', message: `Line ${a.lineNo} is listed twice` });
    else if (!line) problems.push({ field: `lines.${i}.lineNo`, code: 'unknown_line', message: `The order has no line ${a.lineNo}` });
    else if (a.quantity > line.quantity) problems.push({ field: `lines.${i}.quantity`, code: 'exceeds_remaining', message: `Line ${a.lineNo} has ${line.quantity} unit(s) left to ship` });
    seen.add(a.lineNo);
  });
  if (problems.length) return { ok: false, problems };
  const parcel = asked
    .filter((a) => a.quantity > 0)
    .map((a) => ({ lineNo: a.lineNo, sku: left.get(a.lineNo)!.sku, quantity: a.quantity }))
    .sort((a, b) => a.lineNo - b.lineNo);
  if (!parcel.length) return { ok: false, problems: [{ field: 'lines', code: 'nothing_to_ship', message: 'The parcel holds no units' }] };
  const items = new Map<string, number>();
  for (const p of parcel) items.set(p.sku, (items.get(p.sku) ?? 0) + p.quantity);
  const sent = new Map(parcel.map((p) => [p.lineNo, p.quantity]));
  const complete = [...left.values()].every((l) => l.quantity - (sent.get(l.lineNo) ?? 0) === 0);
  return { ok: true, parcel, items: [...items].map(([sku, quantity]) => ({ sku, quantity })), complete };
};

/** What the last parcel of an order shipped in one go (POST /orders/{id}/ship after some parcels) carries: everything left. */
export const restOf = (lines: readonly OrderLineUnits[], shipments: readonly ShipmentUnits[]): OrderLineUnits[] => remainingLines(lines, shipments).filter((l) => l.quantity > 0);
