import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { StockLedger } from '../../worker/stock/ledger-do';
import type { LedgerEntry, Outcome, StockSnapshot } from '../../worker/stock/types';
import { sleep } from './client';
import { sqlFirst } from './tenant';

/**
 * Helpers for the stock tests: an account's StockLedger (always by
 * idFromName(accountId), as the Worker does it), waiting for its outbox to
 * drain, and reading the D1 projection it writes.
 */
export type Ledger = DurableObjectStub<StockLedger>;

/** An account id no other test uses: one StockLedger object each. */
export const newAccountId = (prefix = 'acct') => `${prefix}-${crypto.randomUUID()}`;

export const ledgerFor = (accountId: string): Ledger => env.STOCK_LEDGER.get(env.STOCK_LEDGER.idFromName(accountId));

/** The value of a successful outcome (fails the test with the error otherwise). */
export const ok = <T>(o: Outcome<T>): T => {
  if (!o.ok) throw new Error(`expected ok, got ${o.status} ${o.code}: ${o.message} ${JSON.stringify(o.details ?? null)}`);
  return o.value;
};

/** The error of a failed outcome (fails the test on success). */
export const failure = <T>(o: Outcome<T>) => {
  if (o.ok) throw new Error(`expected a failure, got ${JSON.stringify(o.value)}`);
  return o;
};

/** Waits until the ledger's outbox is empty: D1 and the sync queue have every change. */
export const settle = async (stub: Ledger, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const n = await stub.backlog();
    if (n === 0) return;
    if (Date.now() > end) throw new Error(`outbox still holds ${n} change(s) after ${timeoutMs} ms`);
    await sleep(10);
  }
};

export interface ProjectedRow {
  name: string;
  janCode: string | null;
  onHand: number;
  reserved: number;
  available: number;
  safetyStock: number;
  reorderPoint: number;
  isSet: boolean;
  components: { sku: string; quantity: number }[];
  locations: { location: string; onHand: number; reserved: number }[];
  deleted: boolean;
  version: number;
}

/** One SKU's row of the D1 projection (null when there is none). */
export const projected = async (accountId: string, code: string): Promise<ProjectedRow | null> => {
  const r = await sqlFirst<Record<string, unknown>>('SELECT * FROM skus WHERE account_id = ? AND code = ?', accountId, code);
  if (!r) return null;
  return {
    name: r.name as string,
    janCode: r.jan_code as string | null,
    onHand: r.on_hand as number,
    reserved: r.reserved as number,
    available: r.available as number,
    safetyStock: r.safety_stock as number,
    reorderPoint: r.reorder_point as number,
    isSet: r.is_set === 1,
    components: JSON.parse(r.components as string),
    locations: JSON.parse(r.locations as string),
    deleted: r.deleted === 1,
    version: r.version as number,
  };
};

/** The fields the projection must carry exactly as the ledger answers them. */
const comparable = (s: Pick<StockSnapshot, 'name' | 'janCode' | 'onHand' | 'reserved' | 'available' | 'safetyStock' | 'reorderPoint' | 'isSet' | 'components' | 'locations'>) => ({
  name: s.name,
  janCode: s.janCode,
  onHand: s.onHand,
  reserved: s.reserved,
  available: s.available,
  safetyStock: s.safetyStock,
  reorderPoint: s.reorderPoint,
  isSet: s.isSet,
  components: s.components,
  locations: s.locations,
});

/**
 * Asserts that D1's row for the SKU equals what the ledger answers (after the
 * outbox has drained); a deleted SKU is a row marked deleted.
 */
export const expectProjectionMatches = async (stub: Ledger, accountId: string, code: string) => {
  await settle(stub);
  const truth = await stub.getStock(accountId, code);
  const row = await projected(accountId, code);
  if (!truth) {
    expect(row?.deleted, `${code}: deleted in the ledger, so the projection must say deleted`).toBe(true);
    return;
  }
  expect(row, `${code}: no projection row`).not.toBeNull();
  expect(row!.deleted, code).toBe(false);
  expect(comparable(row!), code).toEqual(comparable(truth));
};

/** Every ledger row of a SKU, oldest first. */
export const ledgerRows = async (stub: Ledger, accountId: string, sku: string): Promise<LedgerEntry[]> => {
  const out: LedgerEntry[] = [];
  let before: number | undefined;
  for (;;) {
    const rows = await stub.ledger(accountId, sku, { before, limit: 1000 });
    out.push(...rows);
    if (rows.length < 1000) break;
    before = rows[rows.length - 1].seq;
  }
  return out.reverse();
};

/** Creates plain SKUs and sets stock at the default location in one go. */
export const seedSkus = async (stub: Ledger, accountId: string, stock: Record<string, number>) => {
  for (const code of Object.keys(stock)) ok(await stub.upsertSku(accountId, { code, name: `商品 ${code}` }, 'create'));
  const items = Object.entries(stock)
    .filter(([, q]) => q > 0)
    .map(([sku, quantity]) => ({ sku, mode: 'set' as const, quantity, reason: '初期在庫' }));
  if (items.length) ok(await stub.adjust(accountId, items));
};
