import type { TaxRate } from '../../../worker/orders/tax';

/** The stock API's shapes, as pages use them. */
export interface SkuView {
  code: string;
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
  /** 消費税率: 10 or 8 (軽減税率) */
  taxRate: TaxRate;
  onHand: number;
  reserved: number;
  available: number;
  locations: { location: string; onHand: number; reserved: number }[];
  updatedAt: string;
}

export interface LedgerView {
  seq: number;
  at: string;
  location: string;
  kind: string;
  deltaOnHand: number;
  deltaReserved: number;
  onHandAfter: number;
  reservedAfter: number;
  availableAfter: number;
  reason: string | null;
  reference: string | null;
  /** the account's order the reference names, with its K-number (null: not an order) */
  order: { id: string; number: string } | null;
  actor: string | null;
  /** who acted, for people (user or token name); null for system actors */
  actorName: string | null;
}

/** "SKU,quantity" lines (components, adjustments) → rows; blank lines skipped. */
export const parseLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(/[,\t]/).map((c) => c.trim()));
