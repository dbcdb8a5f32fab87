import type { TaxRate } from '../orders/tax';

/** What the StockLedger's RPC methods take and answer (plain data: it crosses the RPC boundary). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; code: string; message: string; details?: unknown };

export interface SkuInput {
  code: string;
  name?: string;
  axis1?: string | null;
  axis2?: string | null;
  janCode?: string | null;
  safetyStock?: number;
  /** 発注点: at or below it the SKU counts as low stock (and, later, a PO candidate) */
  reorderPoint?: number;
  managed?: boolean;
  /** 消費税率: 10 (標準) or 8 (軽減税率); a new SKU gets 10 */
  taxRate?: TaxRate;
  supplierCode?: string | null;
  shelfNumber?: string | null;
  /** present: replaces the set's components ([] makes it a plain SKU again) */
  components?: { sku: string; quantity: number }[] | null;
}

export interface LocationInput {
  code: string;
  name: string;
  priority: number;
}

export interface AdjustItem {
  sku: string;
  location?: string | null;
  mode: 'set' | 'delta';
  quantity: number;
  reason: string;
}

export interface LocationStock {
  location: string;
  onHand: number;
  reserved: number;
}

/** One SKU's stock as the API shows it (GET /stock/{sku}) and D1 projects it. */
export interface StockSnapshot {
  sku: string;
  name: string;
  axis1: string | null;
  axis2: string | null;
  janCode: string | null;
  supplierCode: string | null;
  shelfNumber: string | null;
  managed: boolean;
  isSet: boolean;
  components: { sku: string; quantity: number }[];
  safetyStock: number;
  reorderPoint: number;
  taxRate: TaxRate;
  onHand: number;
  reserved: number;
  available: number;
  locations: LocationStock[];
  deleted: boolean;
  version: number;
  updatedAt: string;
}

export interface LedgerEntry {
  seq: number;
  at: string;
  sku: string;
  location: string;
  kind: string;
  deltaOnHand: number;
  deltaReserved: number;
  onHandAfter: number;
  reservedAfter: number;
  availableAfter: number;
  reason: string | null;
  reference: string | null;
  actor: string | null;
}
