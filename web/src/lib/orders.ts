/** The orders API's shapes, as pages use them. */
export const ORDER_STATUSES = ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'shipped', 'cancelled', 'on_hold'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderSummaryView {
  id: string;
  number: string;
  channelId: string;
  externalId: string;
  status: OrderStatus;
  orderedAt: string;
  customer: { name: string; email: string | null; phone: string | null };
  shipTo: { name: string; postalCode: string; prefecture: string; city: string; address1: string; address2: string | null; phone: string };
  payment: { method: string; paid: boolean };
  shipping: { method: string | null; desiredDate: string | null; timeSlot: string | null; carrier: string | null; trackingNumber: string | null; shippedAt: string | null };
  note: string | null;
  totals: { items: number; shipping: number; fees: number; discount: number; points: number; tax: number; total: number };
  stockWarning: boolean;
  reserved: boolean;
  flags: string[];
}

export interface OrderView extends OrderSummaryView {
  lines: { lineNo: number; sku: string; name: string | null; quantity: number; unitPrice: number; shortage: number }[];
  events: { id: string; at: string; actor: string | null; actorName?: string | null; kind: string; detail: unknown }[];
  raw: unknown;
}

/** Status badge colours: waiting states warn, final states are plain. */
export const statusBadge = (s: OrderStatus) =>
  s === 'awaiting_stock' || s === 'awaiting_payment' || s === 'on_hold' ? 'badge badge-warn' : s === 'ready_to_ship' || s === 'new' ? 'badge badge-ok' : 'badge';
