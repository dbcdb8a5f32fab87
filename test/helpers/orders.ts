import { expect } from 'vitest';
import { eventually, type Client } from './client';

/**
 * Helpers for the order tests: a valid import body (change what a test is
 * about), importing and reading orders over the API, and the stock figures
 * (GET /stock/{sku}) and ledger rows the orders move.
 */
export interface OrderLineInput {
  sku: string;
  quantity: number;
  unitPrice: number;
}

export interface OrderBodyOptions {
  externalId: string;
  channelId?: string;
  orderedAt?: string;
  lines?: OrderLineInput[];
  payment?: { method: string; paid: boolean };
  customerName?: string;
  phone?: string;
}

let contact = 0;
/** A phone number of its own per order, so no order counts as a repeat buyer's (リピーター) unless a test says so. */
const nextPhone = () => `080-${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}-${String(++contact % 10_000).padStart(4, '0')}`;

/** A valid import body: one line of SKU-1, paid by card, the buyer's own contact details. */
export const orderBody = (o: OrderBodyOptions) => {
  const phone = o.phone ?? nextPhone();
  return {
    channelId: o.channelId ?? 'manual',
    externalId: o.externalId,
    orderedAt: o.orderedAt ?? new Date().toISOString(),
    customer: { name: o.customerName ?? '山田 太郎', email: `buyer-${phone}@example.jp`, phone },
    shipTo: {
      name: o.customerName ?? '山田 太郎',
      postalCode: '060-0001',
      prefecture: '北海道',
      city: '札幌市中央区',
      address1: '北一条西2-1',
      address2: 'サンプルビル 3F',
      phone,
    },
    lines: o.lines ?? [{ sku: 'SKU-1', quantity: 1, unitPrice: 1000 }],
    payment: o.payment ?? { method: 'credit_card', paid: true },
    shipping: { method: 'takkyubin', desiredDate: '2026-12-01', timeSlot: '14-16' },
    note: 'のし不要',
  };
};

/** The history kinds the order workflow writes (automatic-processing entries left out). */
export const WORKFLOW_EVENTS = ['created', 'reserved', 'stock_warning', 'status', 'cancelled', 'shipped'];
export const workflowEvents = (o: { events: OrderEvent[] }) => o.events.filter((e) => WORKFLOW_EVENTS.includes(e.kind));

export interface OrderLine {
  lineNo: number;
  sku: string;
  quantity: number;
  unitPrice: number;
  shortage: number;
}

export interface OrderEvent {
  id: string;
  at: string;
  actor: string | null;
  actorName?: string | null;
  kind: string;
  detail: Record<string, unknown> | null;
}

export interface OrderSummary {
  id: string;
  number: string;
  channelId: string;
  externalId: string;
  status: string;
  orderedAt: string;
  customer: { name: string };
  shipTo: { name: string; postalCode: string; prefecture: string; city: string; address1: string; address2: string | null; phone: string };
  payment: { method: string; paid: boolean; raw?: string | null };
  shipping: { carrier: string | null; trackingNumber: string | null; shippedAt: string | null };
  totals: { items: number; total: number };
  stockWarning: boolean;
  reserved: boolean;
  flags: string[];
  cancelledAt: string | null;
}

export interface Order extends OrderSummary {
  lines: OrderLine[];
  events: OrderEvent[];
}

/** POST /orders: the answer's status and order. */
export const importOrder = async (client: Client, body: ReturnType<typeof orderBody> | Record<string, unknown>) => {
  const res = await client.api('/orders', { json: body });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) throw new Error(`POST /orders answered ${res.status} ${text.slice(0, 300)}`);
  return { status: res.status, order: (JSON.parse(text) as { order: Order }).order };
};

/** GET /orders/{id} (fails the test on anything but 200). */
export const getOrder = async (client: Client, id: string): Promise<Order> => {
  const res = await client.api(`/orders/${id}`);
  expect(res.status, `GET /orders/${id}`).toBe(200);
  return ((await res.json()) as { order: Order }).order;
};

export const transition = (client: Client, id: string, to: string) => client.api(`/orders/${id}/transition`, { json: { to } });
export const cancel = (client: Client, id: string) => client.api(`/orders/${id}/cancel`, { method: 'POST' });
export const ship = (client: Client, id: string, carrier = 'yamato', trackingNumber = '4000-1234-5678') =>
  client.api(`/orders/${id}/ship`, { json: { carrier, trackingNumber } });

export interface StockFigures {
  onHand: number;
  reserved: number;
  available: number;
}

/** GET /stock/{sku}: the figures the ledger answers. */
export const stockOf = async (client: Client, sku: string): Promise<StockFigures> => {
  const res = await client.api(`/stock/${sku}`);
  expect(res.status, `GET /stock/${sku}`).toBe(200);
  const s = (await res.json()) as StockFigures;
  return { onHand: s.onHand, reserved: s.reserved, available: s.available };
};

export interface LedgerRow {
  kind: string;
  deltaOnHand: number;
  deltaReserved: number;
  reference: string | null;
  actor: string | null;
}

/** Every ledger row of a SKU over the API, newest first. */
export const ledgerOfSku = async (client: Client, sku: string): Promise<LedgerRow[]> => {
  const res = await client.api(`/stock/${sku}/ledger?limit=200`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: LedgerRow[] }).items;
};

/** Creates a SKU over the API and sets its stock at the default location. */
export const createSku = async (client: Client, code: string, stock = 0) => {
  expect((await client.api('/skus', { json: { code, name: `商品 ${code}` } })).status, `POST /skus ${code}`).toBe(201);
  if (stock) await adjust(client, code, stock, 'set');
  return code;
};

export const adjust = async (client: Client, sku: string, quantity: number, mode: 'set' | 'delta' = 'delta') => {
  const res = await client.api('/stock/adjustments', { json: { items: [{ sku, mode, quantity, reason: '入荷' }] } });
  expect(res.status, `adjust ${sku} ${mode} ${quantity}: ${res.status}`).toBe(200);
};

/** Waits until the order reaches `status` (work the sync queue does after answering). */
export const waitForStatus = (client: Client, id: string, status: string, timeoutMs = 10_000) =>
  eventually(async () => {
    const o = await getOrder(client, id);
    expect(o.status).toBe(status);
    return o;
  }, timeoutMs);
