import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { DO_MIGRATIONS } from './do-schema';
import { availableOf } from './availability';
import { expandLines, planReservation, type LocationLevel, type SkuRule } from './reservation-plan';
import { setAvailableOf } from './availability';
import type { AdjustItem, LedgerEntry, LocationInput, Outcome, SkuInput, StockSnapshot } from './types';
import { projectionStatements } from './projection';
import { isTaxRate, STANDARD_RATE } from '../orders/tax';

const DEFAULT_LOCATION = 'default';
/** After a failed drain, try again this much later (and keep trying: nothing is lost). */
const DRAIN_RETRY_MS = 5_000;

type Row = Record<string, SqlStorageValue>;

interface SkuRow {
  code: string;
  name: string;
  axis1: string | null;
  axis2: string | null;
  jan_code: string | null;
  supplier_code: string | null;
  shelf_number: string | null;
  managed: number;
  safety_stock: number;
  reorder_point: number;
  tax_rate: number;
  deleted: number;
  updated_at: string;
}

interface LedgerRow {
  seq: number;
  at: string;
  sku: string;
  location: string;
  kind: string;
  delta_on_hand: number;
  delta_reserved: number;
  on_hand_after: number;
  reserved_after: number;
  available_after: number;
  reason: string | null;
  reference: string | null;
  actor: string | null;
}

/** Thrown inside a transaction to roll it back and answer `outcome` instead. */
class Rollback extends Error {
  constructor(readonly outcome: Outcome<never>) {
    super(outcome.ok ? 'rollback' : outcome.code);
  }
}

/**
 * StockLedger: one instance per account (idFromName(accountId)), the only
 * writer of stock, and of the SKU and location catalogue it depends on.
 *
 * Every change is one synchronous SQLite transaction (transactionSync): it
 * checks, writes the levels, appends the ledger and marks the changed SKUs in
 * the outbox. No I/O happens inside, so the input gate stays closed and no
 * other call can interleave: concurrent sales cannot oversell. After the
 * commit the outbox is drained: the projection is written to D1 and one
 * stock-changed message per SKU goes onto the sync queue. A failed drain
 * leaves the outbox in place and an alarm retries it.
 */
/** One reservation request: the caller's reference makes a retry idempotent. */
export interface ReserveInput {
  reference: string;
  channelId?: string | null;
  lines: { sku: string; quantity: number }[];
  actor?: string | null;
}

export class StockLedger extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private draining: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => this.migrate());
  }

  private migrate() {
    this.sql.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = this.sql.exec<{ version: number }>('SELECT version FROM schema_version').toArray()[0];
    let version = row?.version ?? 0;
    if (!row) this.sql.exec('INSERT INTO schema_version (version) VALUES (0)');
    this.ctx.storage.transactionSync(() => {
      for (; version < DO_MIGRATIONS.length; version++) for (const stmt of DO_MIGRATIONS[version]) this.sql.exec(stmt);
      this.sql.exec('UPDATE schema_version SET version = ?', version);
    });
  }

  /** Answers the DO's schema version; used by health checks and tests. */
  async schemaVersion(): Promise<number> {
    return this.sql.exec<{ version: number }>('SELECT version FROM schema_version').one().version;
  }

  // ───────────────────────────── helpers (synchronous, inside transactions)

  /** One synchronous transaction; a Rollback inside undoes everything and answers its outcome. */
  private tx<T>(fn: () => Outcome<T>): Outcome<T> {
    try {
      return this.ctx.storage.transactionSync(fn);
    } catch (e) {
      if (e instanceof Rollback) return e.outcome;
      throw e;
    }
  }

  private rows<T = Row>(query: string, ...params: SqlStorageValue[]): T[] {
    return this.sql.exec(query, ...params).toArray() as T[];
  }

  private bindAccount(accountId: string) {
    const known = this.rows<{ value: string }>(`SELECT value FROM meta WHERE key = 'account'`)[0];
    if (!known) {
      this.sql.exec(`INSERT INTO meta (key, value) VALUES ('account', ?)`, accountId);
      this.sql.exec(`INSERT OR IGNORE INTO locations (code, name, priority, created_at) VALUES (?, ?, 0, ?)`, DEFAULT_LOCATION, '標準倉庫', new Date().toISOString());
    } else if (known.value !== accountId) {
      // Defence in depth: a stub is always got by idFromName(accountId), so this never happens.
      throw new Error('StockLedger called for another account');
    }
  }

  private nextVersion(): number {
    const row = this.rows<{ value: string }>(`SELECT value FROM meta WHERE key = 'version'`)[0];
    const v = (row ? Number(row.value) : 0) + 1;
    this.sql.exec(`INSERT INTO meta (key, value) VALUES ('version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, String(v));
    return v;
  }

  /** Marks SKUs (and every set that contains them) as changed, for the drain. */
  private touch(skus: Iterable<string>) {
    const version = this.nextVersion();
    const all = new Set<string>();
    for (const sku of skus) {
      all.add(sku);
      for (const s of this.rows<{ set_sku: string }>('SELECT set_sku FROM components WHERE component_sku = ?', sku)) all.add(s.set_sku);
    }
    for (const sku of all) {
      this.sql.exec('INSERT INTO outbox (sku, version) VALUES (?, ?) ON CONFLICT(sku) DO UPDATE SET version = excluded.version', sku, version);
    }
  }

  private rulesFor(codes: Iterable<string>): Map<string, SkuRule> {
    const rules = new Map<string, SkuRule>();
    const pending = [...new Set(codes)];
    while (pending.length) {
      const code = pending.pop()!;
      if (rules.has(code)) continue;
      const s = this.rows<{ code: string; safety_stock: number; managed: number }>('SELECT code, safety_stock, managed FROM skus WHERE code = ? AND deleted = 0', code)[0];
      if (!s) continue;
      const components = this.rows<{ component_sku: string; quantity: number }>('SELECT component_sku, quantity FROM components WHERE set_sku = ?', code).map((c) => ({
        sku: c.component_sku,
        quantity: c.quantity,
      }));
      rules.set(code, { sku: code, safetyStock: s.safety_stock, managed: s.managed === 1, components });
      for (const c of components) pending.push(c.sku);
    }
    return rules;
  }

  private levelsFor(skus: Iterable<string>): LocationLevel[] {
    const out: LocationLevel[] = [];
    for (const sku of new Set(skus)) {
      out.push(
        ...this.rows<{ sku: string; location: string; priority: number; on_hand: number; reserved: number }>(
          'SELECT l.sku, l.location, loc.priority, l.on_hand, l.reserved FROM levels l JOIN locations loc ON loc.code = l.location WHERE l.sku = ?',
          sku,
        ).map((r) => ({ sku: r.sku, location: r.location, priority: r.priority, onHand: r.on_hand, reserved: r.reserved })),
      );
    }
    return out;
  }

  private skuTotals(sku: string) {
    const t = this.rows<{ on_hand: number; reserved: number }>('SELECT COALESCE(SUM(on_hand),0) AS on_hand, COALESCE(SUM(reserved),0) AS reserved FROM levels WHERE sku = ?', sku)[0];
    const safety = this.rows<{ safety_stock: number }>('SELECT safety_stock FROM skus WHERE code = ?', sku)[0]?.safety_stock ?? 0;
    return { onHand: t.on_hand, reserved: t.reserved, available: availableOf(t.on_hand, t.reserved, safety) };
  }

  /** Changes one level and appends the ledger row that explains it. */
  private move(
    sku: string,
    location: string,
    deltaOnHand: number,
    deltaReserved: number,
    kind: string,
    meta: { reason?: string | null; reference?: string | null; actor?: string | null; at: string },
  ) {
    this.sql.exec(
      `INSERT INTO levels (sku, location, on_hand, reserved) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT(sku, location) DO UPDATE SET on_hand = on_hand + ?3, reserved = reserved + ?4`,
      sku,
      location,
      deltaOnHand,
      deltaReserved,
    );
    const lvl = this.rows<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM levels WHERE sku = ? AND location = ?', sku, location)[0];
    const totals = this.skuTotals(sku);
    this.sql.exec(
      `INSERT INTO ledger (at, sku, location, kind, delta_on_hand, delta_reserved, on_hand_after, reserved_after, available_after, reason, reference, actor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      meta.at,
      sku,
      location,
      kind,
      deltaOnHand,
      deltaReserved,
      lvl.on_hand,
      lvl.reserved,
      totals.available,
      meta.reason ?? null,
      meta.reference ?? null,
      meta.actor ?? null,
    );
  }

  /**
   * Starts the drain after a commit. Catalogue and adjustment calls wait for it
   * (the next list read should see them); reservations do not: they answer as
   * soon as the transaction commits, and the outbox guarantees the rest.
   */
  private afterCommit(wait: boolean): Promise<void> | void {
    const p = this.drain().catch(() => undefined);
    if (wait) return p;
  }

  // ───────────────────────────── catalogue

  /** Creates or edits a SKU (and a set's components). Validates what only the ledger can know. */
  async upsertSku(accountId: string, input: SkuInput, mode: 'create' | 'update'): Promise<Outcome<{ code: string }>> {
    const result = this.tx((): Outcome<{ code: string }> => {
      this.bindAccount(accountId);
      const existing = this.rows<{ code: string; deleted: number }>('SELECT code, deleted FROM skus WHERE code = ?', input.code)[0];
      if (mode === 'create' && existing && existing.deleted === 0) return { ok: false, status: 409, code: 'sku_exists', message: `SKU ${input.code} already exists` };
      if (mode === 'update' && (!existing || existing.deleted === 1)) return { ok: false, status: 404, code: 'not_found', message: 'SKU not found' };
      const at = new Date().toISOString();
      if (input.components !== undefined) {
        const comps = input.components ?? [];
        const problems: { field: string; message: string }[] = [];
        comps.forEach((c, i) => {
          if (c.sku === input.code) problems.push({ field: `components.${i}.sku`, message: 'A set cannot contain itself' });
          if (comps.findIndex((o) => o.sku === c.sku) !== i) problems.push({ field: `components.${i}.sku`, message: `${c.sku} is listed twice` });
          const comp = this.rows<{ code: string }>('SELECT code FROM skus WHERE code = ? AND deleted = 0', c.sku)[0];
          if (!comp) problems.push({ field: `components.${i}.sku`, message: `Unknown SKU ${c.sku}` });
          else if (this.rows('SELECT 1 FROM components WHERE set_sku = ? LIMIT 1', c.sku).length) problems.push({ field: `components.${i}.sku`, message: `${c.sku} is itself a set` });
        });
        if (comps.length && this.rows('SELECT 1 FROM components WHERE component_sku = ? LIMIT 1', input.code).length) {
          problems.push({ field: 'components', message: 'This SKU is a component of a set, so it cannot be a set itself' });
        }
        if (comps.length && this.rows<{ n: number }>('SELECT COALESCE(SUM(on_hand + reserved), 0) AS n FROM levels WHERE sku = ?', input.code)[0].n > 0) {
          problems.push({ field: 'components', message: 'This SKU holds stock; a set has no stock of its own' });
        }
        if (problems.length) return { ok: false, status: 400, code: 'invalid_set', message: 'The set is not valid', details: problems };
      }
      // A SKU created again after deletion starts afresh, not with the deleted one's fields.
      const recreated = mode === 'create' && existing?.deleted === 1;
      if (recreated) this.sql.exec('DELETE FROM skus WHERE code = ?', input.code);
      if (existing && !recreated) {
        // Only the fields the caller sent change (PATCH semantics); null clears an optional field.
        const columns: [keyof SkuInput, string, (v: never) => SqlStorageValue][] = [
          ['name', 'name', (v) => v],
          ['axis1', 'axis1', (v) => v],
          ['axis2', 'axis2', (v) => v],
          ['janCode', 'jan_code', (v) => v],
          ['safetyStock', 'safety_stock', (v) => v],
          ['reorderPoint', 'reorder_point', (v) => v],
          ['managed', 'managed', (v: boolean) => (v ? 1 : 0)],
          ['taxRate', 'tax_rate', (v) => v],
          ['supplierCode', 'supplier_code', (v) => v],
          ['shelfNumber', 'shelf_number', (v) => v],
        ];
        const set = columns.filter(([k]) => input[k] !== undefined);
        this.sql.exec(
          `UPDATE skus SET ${set.map(([, col]) => `${col} = ?`).concat('deleted = 0', 'updated_at = ?').join(', ')} WHERE code = ?`,
          ...set.map(([k, , conv]) => conv(input[k] as never)),
          at,
          input.code,
        );
      } else {
        this.sql.exec(
          `INSERT INTO skus (code, name, axis1, axis2, jan_code, safety_stock, managed, supplier_code, shelf_number, created_at, updated_at, reorder_point, tax_rate)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          input.code,
          input.name ?? input.code,
          input.axis1 ?? null,
          input.axis2 ?? null,
          input.janCode ?? null,
          input.safetyStock ?? 0,
          input.managed === false ? 0 : 1,
          input.supplierCode ?? null,
          input.shelfNumber ?? null,
          at,
          at,
          input.reorderPoint ?? 0,
          input.taxRate ?? STANDARD_RATE,
        );
      }
      if (input.components !== undefined) {
        this.sql.exec('DELETE FROM components WHERE set_sku = ?', input.code);
        for (const c of input.components ?? []) this.sql.exec('INSERT INTO components (set_sku, component_sku, quantity) VALUES (?, ?, ?)', input.code, c.sku, c.quantity);
      }
      this.touch([input.code]);
      return { ok: true, value: { code: input.code } };
    });
    if (result.ok) await this.afterCommit(true);
    return result;
  }

  /** Deletes a SKU that holds no stock, has no open reservation and is in no set. */
  async deleteSku(accountId: string, code: string): Promise<Outcome<null>> {
    const result = this.tx((): Outcome<null> => {
      this.bindAccount(accountId);
      const s = this.rows('SELECT code FROM skus WHERE code = ? AND deleted = 0', code)[0];
      if (!s) return { ok: false, status: 404, code: 'not_found', message: 'SKU not found' };
      const t = this.skuTotals(code);
      if (t.onHand !== 0 || t.reserved !== 0) return { ok: false, status: 409, code: 'sku_has_stock', message: 'Bring the stock to 0 before deleting the SKU' };
      if (this.rows('SELECT 1 FROM components WHERE component_sku = ? LIMIT 1', code).length) return { ok: false, status: 409, code: 'sku_in_set', message: 'The SKU is a component of a set' };
      this.sql.exec('UPDATE skus SET deleted = 1, updated_at = ? WHERE code = ?', new Date().toISOString(), code);
      this.sql.exec('DELETE FROM components WHERE set_sku = ?', code);
      this.touch([code]);
      return { ok: true, value: null };
    });
    if (result.ok) await this.afterCommit(true);
    return result;
  }

  /** Adds or edits a location (倉庫); reservations draw from the lowest priority number first. */
  async upsertLocation(accountId: string, input: LocationInput): Promise<Outcome<{ code: string }>> {
    const result = this.tx((): Outcome<{ code: string }> => {
      this.bindAccount(accountId);
      this.sql.exec(
        `INSERT INTO locations (code, name, priority, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(code) DO UPDATE SET name = ?2, priority = ?3`,
        input.code,
        input.name,
        input.priority,
        new Date().toISOString(),
      );
      // A new priority reorders the locations of every SKU held there: re-project them.
      const held = this.rows<{ sku: string }>('SELECT DISTINCT sku FROM levels WHERE location = ?', input.code).map((r) => r.sku);
      if (held.length) this.touch(held);
      return { ok: true, value: { code: input.code } };
    });
    if (result.ok) await this.afterCommit(true);
    return result;
  }

  async listLocations(accountId: string) {
    this.tx(() => {
      this.bindAccount(accountId);
      return { ok: true, value: null };
    });
    return this.rows<{ code: string; name: string; priority: number }>('SELECT code, name, priority FROM locations ORDER BY priority, code');
  }

  // ───────────────────────────── stock operations

  /**
   * Reserves all lines or none (引当). Idempotent by reference: a live
   * reservation with the same reference is answered as it is.
   */
  async reserve(accountId: string, input: ReserveInput): Promise<Outcome<{ status: 'reserved'; replayed: boolean }>> {
    const result = this.reserveOne(accountId, input);
    if (result.ok && !result.value.replayed) this.afterCommit(false);
    return result;
  }

  /**
   * Many reservations in one call (an order import batch): each is its own
   * all-or-nothing transaction, exactly as if reserve were called for each in
   * turn, and one drain follows them all. Saves a round trip per order.
   */
  async reserveMany(accountId: string, inputs: ReserveInput[]): Promise<Outcome<{ status: 'reserved'; replayed: boolean }>[]> {
    const results = inputs.map((input) => this.reserveOne(accountId, input));
    if (results.some((r) => r.ok && !r.value.replayed)) this.afterCommit(false);
    return results;
  }

  private reserveOne(accountId: string, input: ReserveInput): Outcome<{ status: 'reserved'; replayed: boolean }> {
    return this.tx((): Outcome<{ status: 'reserved'; replayed: boolean }> => {
      this.bindAccount(accountId);
      const existing = this.rows<{ status: string; lines: string }>('SELECT status, lines FROM reservations WHERE reference = ?', input.reference)[0];
      if (existing && existing.status !== 'released') {
        if (existing.status === 'committed') return { ok: false, status: 409, code: 'reservation_committed', message: 'This reference has already shipped' };
        return { ok: true, value: { status: 'reserved', replayed: true } };
      }
      const skus = input.lines.map((l) => l.sku);
      const rules = this.rulesFor(skus);
      const components = new Set<string>();
      for (const l of input.lines) for (const c of rules.get(l.sku)?.components ?? []) components.add(c.sku);
      const plan = planReservation(input.lines, rules, this.levelsFor([...skus, ...components]));
      if (!plan.ok) return { ok: false, status: 409, code: 'insufficient_stock', message: 'Not enough stock for every line', details: plan.shortages };
      const at = new Date().toISOString();
      this.sql.exec(
        `INSERT INTO reservations (reference, status, channel_id, lines, created_at, updated_at) VALUES (?1, 'reserved', ?2, ?3, ?4, ?4)
         ON CONFLICT(reference) DO UPDATE SET status = 'reserved', channel_id = ?2, lines = ?3, updated_at = ?4`,
        input.reference,
        input.channelId ?? null,
        JSON.stringify(input.lines),
        at,
      );
      this.sql.exec('DELETE FROM reservation_draws WHERE reference = ?', input.reference);
      for (const d of plan.draws) {
        this.sql.exec('INSERT INTO reservation_draws (reference, sku, location, quantity) VALUES (?, ?, ?, ?)', input.reference, d.sku, d.location, d.quantity);
        this.move(d.sku, d.location, 0, d.quantity, 'reserve', { reference: input.reference, actor: input.actor, at });
      }
      this.touch(plan.draws.map((d) => d.sku));
      return { ok: true, value: { status: 'reserved', replayed: false } };
    });
  }

  private finish(accountId: string, reference: string, to: 'released' | 'committed', actor?: string | null): Outcome<{ status: string }> {
    return this.tx((): Outcome<{ status: string }> => {
      this.bindAccount(accountId);
      const r = this.rows<{ status: string }>('SELECT status FROM reservations WHERE reference = ?', reference)[0];
      if (!r) return { ok: false, status: 404, code: 'not_found', message: 'No reservation with that reference' };
      if (r.status === to) return { ok: true, value: { status: to } };
      if (r.status !== 'reserved') return { ok: false, status: 409, code: `reservation_${r.status}`, message: `The reservation is already ${r.status}` };
      const at = new Date().toISOString();
      const draws = this.rows<{ sku: string; location: string; quantity: number }>('SELECT sku, location, quantity FROM reservation_draws WHERE reference = ?', reference);
      if (to === 'committed') {
        // A stocktake may have found fewer units than were reserved: never ship what is not there.
        const short = draws.filter((d) => (this.rows<{ on_hand: number }>('SELECT on_hand FROM levels WHERE sku = ? AND location = ?', d.sku, d.location)[0]?.on_hand ?? 0) < d.quantity);
        if (short.length) {
          return { ok: false, status: 409, code: 'insufficient_on_hand', message: 'Fewer units are on hand than this shipment needs', details: short.map((d) => ({ sku: d.sku, location: d.location, needed: d.quantity })) };
        }
      }
      for (const d of draws) {
        this.move(d.sku, d.location, to === 'committed' ? -d.quantity : 0, -d.quantity, to === 'committed' ? 'ship' : 'release', { reference, actor, at });
      }
      this.sql.exec('UPDATE reservations SET status = ?, updated_at = ? WHERE reference = ?', to, at, reference);
      this.touch(draws.map((d) => d.sku));
      return { ok: true, value: { status: to } };
    });
  }

  /** Gives reserved units back (cancelled order). Idempotent. */
  async release(accountId: string, reference: string, actor?: string | null) {
    const r = this.finish(accountId, reference, 'released', actor);
    if (r.ok) this.afterCommit(false);
    return r;
  }

  /** Ships a reservation: reserved and onHand both fall. Idempotent. */
  async commit(accountId: string, reference: string, actor?: string | null) {
    const r = this.finish(accountId, reference, 'committed', actor);
    if (r.ok) this.afterCommit(false);
    return r;
  }

  /**
   * Ships several reservations together, all or none (同梱: a parent order and
   * the children that travel in its parcel). One transaction: every reference
   * must exist and be reserved (or already committed: a retry), and the units
   * on hand must cover all of them together; otherwise nothing changes.
   */
  async commitMany(accountId: string, references: string[], actor?: string | null): Promise<Outcome<{ status: 'committed'; references: number }>> {
    const result = this.tx((): Outcome<{ status: 'committed'; references: number }> => {
      this.bindAccount(accountId);
      const refs = [...new Set(references)];
      const open: string[] = [];
      for (const reference of refs) {
        const r = this.rows<{ status: string }>('SELECT status FROM reservations WHERE reference = ?', reference)[0];
        if (!r) return { ok: false, status: 404, code: 'not_found', message: `No reservation with the reference ${reference}`, details: { reference } };
        if (r.status === 'committed') continue;
        if (r.status !== 'reserved') return { ok: false, status: 409, code: `reservation_${r.status}`, message: `The reservation ${reference} is already ${r.status}`, details: { reference } };
        open.push(reference);
      }
      const draws = open.flatMap((reference) =>
        this.rows<{ sku: string; location: string; quantity: number }>('SELECT sku, location, quantity FROM reservation_draws WHERE reference = ?', reference).map((d) => ({ ...d, reference })),
      );
      // Two references may draw on the same level: the units on hand must cover their sum.
      const needed = new Map<string, { sku: string; location: string; quantity: number }>();
      for (const d of draws) {
        const key = `${d.sku}\u0000${d.location}`;
        const n = needed.get(key) ?? { sku: d.sku, location: d.location, quantity: 0 };
        n.quantity += d.quantity;
        needed.set(key, n);
      }
      const short = [...needed.values()].filter((n) => (this.rows<{ on_hand: number }>('SELECT on_hand FROM levels WHERE sku = ? AND location = ?', n.sku, n.location)[0]?.on_hand ?? 0) < n.quantity);
      if (short.length) {
        return { ok: false, status: 409, code: 'insufficient_on_hand', message: 'Fewer units are on hand than this shipment needs', details: short.map((n) => ({ sku: n.sku, location: n.location, needed: n.quantity })) };
      }
      const at = new Date().toISOString();
      for (const d of draws) this.move(d.sku, d.location, -d.quantity, -d.quantity, 'ship', { reference: d.reference, actor, at });
      for (const reference of open) this.sql.exec(`UPDATE reservations SET status = 'committed', updated_at = ? WHERE reference = ?`, at, reference);
      if (draws.length) this.touch(draws.map((d) => d.sku));
      return { ok: true, value: { status: 'committed', references: refs.length } };
    });
    if (result.ok) this.afterCommit(false);
    return result;
  }

  /**
   * 分割出荷: ships part of a reservation (one parcel of an order shipped in
   * parts). `items` are the order's SKUs and units in this parcel; a set ships
   * its components. Only those units leave: reserved and onHand fall by them,
   * the reservation keeps the rest, and the ledger says `ship` with the
   * reference. `final` (the parcel that completes the order) ships whatever
   * the reservation still holds. When nothing is left the reservation is
   * committed. Idempotent by `shipment`: a retried parcel changes nothing.
   */
  async commitPartial(
    accountId: string,
    reference: string,
    input: { shipment: string; items: { sku: string; quantity: number }[]; final?: boolean; actor?: string | null },
  ): Promise<Outcome<{ status: 'reserved' | 'committed'; replayed: boolean }>> {
    const result = this.tx((): Outcome<{ status: 'reserved' | 'committed'; replayed: boolean }> => {
      this.bindAccount(accountId);
      const r = this.rows<{ status: string }>('SELECT status FROM reservations WHERE reference = ?', reference)[0];
      if (!r) return { ok: false, status: 404, code: 'not_found', message: 'No reservation with that reference' };
      if (this.rows('SELECT 1 FROM partial_commits WHERE reference = ? AND shipment = ?', reference, input.shipment).length) {
        return { ok: true, value: { status: r.status === 'committed' ? 'committed' : 'reserved', replayed: true } };
      }
      if (r.status !== 'reserved' && r.status !== 'committed') return { ok: false, status: 409, code: `reservation_${r.status}`, message: `The reservation is already ${r.status}` };
      const bad = input.items.find((i) => !Number.isInteger(i.quantity) || i.quantity < 0);
      if (bad) return { ok: false, status: 400, code: 'invalid_quantity', message: `A quantity must be a whole number of 0 or more (${bad.sku})` };
      // A committed reservation holds nothing any more (commit leaves its draws as the record of what it took).
      const draws =
        r.status !== 'reserved'
          ? []
          : this.rows<{ sku: string; location: string; quantity: number; priority: number }>(
              `SELECT d.sku, d.location, d.quantity, COALESCE(loc.priority, 0) AS priority FROM reservation_draws d
               LEFT JOIN locations loc ON loc.code = d.location WHERE d.reference = ? ORDER BY d.sku, priority, d.location`,
              reference,
            );
      const held = new Map<string, number>();
      for (const d of draws) held.set(d.sku, (held.get(d.sku) ?? 0) + d.quantity);
      // The units this parcel takes per stocked SKU: a set's components, managed SKUs only (an
      // unmanaged one reserved nothing). The final parcel takes everything still held.
      let take: Map<string, number>;
      if (input.final) take = new Map(held);
      else {
        // rulesFor follows a set to its components, so `rules` knows every SKU `needs` names.
        const rules = this.rulesFor(input.items.map((i) => i.sku));
        const { needs } = expandLines(input.items, rules);
        take = new Map([...needs].filter(([sku, n]) => n > 0 && rules.get(sku)?.managed !== false));
        const over = [...take].filter(([sku, n]) => n > (held.get(sku) ?? 0));
        if (over.length) {
          return {
            ok: false,
            status: 409,
            code: 'exceeds_reservation',
            message: 'This parcel holds more units than the reservation has left',
            details: over.map(([sku, n]) => ({ sku, requested: n, reserved: held.get(sku) ?? 0 })),
          };
        }
      }
      // Which draws give those units: the order's own levels, highest priority (lowest number) first.
      const moves: { sku: string; location: string; quantity: number }[] = [];
      for (const [sku, n] of take) {
        let left = n;
        for (const d of draws.filter((x) => x.sku === sku)) {
          if (left === 0) break;
          const q = Math.min(left, d.quantity);
          if (q > 0) moves.push({ sku, location: d.location, quantity: q });
          left -= q;
        }
      }
      if (moves.length && r.status !== 'reserved') return { ok: false, status: 409, code: 'reservation_committed', message: 'The reservation is already committed' };
      // A stocktake may have found fewer units than were reserved: never ship what is not there.
      const short = moves.filter((m) => (this.rows<{ on_hand: number }>('SELECT on_hand FROM levels WHERE sku = ? AND location = ?', m.sku, m.location)[0]?.on_hand ?? 0) < m.quantity);
      if (short.length) {
        return { ok: false, status: 409, code: 'insufficient_on_hand', message: 'Fewer units are on hand than this shipment needs', details: short.map((m) => ({ sku: m.sku, location: m.location, needed: m.quantity })) };
      }
      const at = new Date().toISOString();
      for (const m of moves) {
        this.move(m.sku, m.location, -m.quantity, -m.quantity, 'ship', { reference, actor: input.actor, at, reason: `分割出荷 ${input.shipment}` });
        this.sql.exec('UPDATE reservation_draws SET quantity = quantity - ? WHERE reference = ? AND sku = ? AND location = ?', m.quantity, reference, m.sku, m.location);
      }
      this.sql.exec('DELETE FROM reservation_draws WHERE reference = ? AND quantity <= 0', reference);
      this.sql.exec('INSERT INTO partial_commits (reference, shipment, items, at) VALUES (?, ?, ?, ?)', reference, input.shipment, JSON.stringify(input.items), at);
      const left = this.rows<{ n: number }>('SELECT COALESCE(SUM(quantity), 0) AS n FROM reservation_draws WHERE reference = ?', reference)[0].n;
      const status = r.status === 'committed' || left === 0 ? 'committed' : 'reserved';
      if (status === 'committed' && r.status === 'reserved') this.sql.exec(`UPDATE reservations SET status = 'committed', updated_at = ? WHERE reference = ?`, at, reference);
      if (moves.length) this.touch(moves.map((m) => m.sku));
      return { ok: true, value: { status, replayed: false } };
    });
    if (result.ok && !result.value.replayed) this.afterCommit(false);
    return result;
  }

  /**
   * Adjusts many rows atomically: "set" overwrites (上書き), "delta" adds or
   * subtracts (加算・減算). kind says why: adjust, receive (仕入), stocktake (棚卸).
   */
  async adjust(
    accountId: string,
    items: AdjustItem[],
    meta: { kind?: 'adjust' | 'receive' | 'stocktake'; reference?: string | null; actor?: string | null } = {},
  ): Promise<Outcome<{ items: { sku: string; location: string; onHand: number; available: number }[] }>> {
    const result = this.tx((): Outcome<{ items: { sku: string; location: string; onHand: number; available: number }[] }> => {
      this.bindAccount(accountId);
      const at = new Date().toISOString();
      const problems = this.adjustProblems(items);
      if (problems.length) {
        return {
          ok: false,
          status: 400,
          code: 'invalid_adjustment',
          message: 'Nothing was applied: some rows are not valid',
          details: problems.map((p) => ({ field: `items.${p.index}.${p.field}`, code: p.code, message: p.message })),
        };
      }
      const out: { sku: string; location: string; onHand: number; available: number }[] = [];
      for (const item of items) {
        const location = item.location ?? DEFAULT_LOCATION;
        const current = this.rows<{ on_hand: number }>('SELECT on_hand FROM levels WHERE sku = ? AND location = ?', item.sku, location)[0]?.on_hand ?? 0;
        const delta = item.mode === 'set' ? item.quantity - current : item.quantity;
        if (current + delta < 0) {
          // A row earlier in the same request took this level down: undo everything.
          throw new Rollback({ ok: false, status: 400, code: 'invalid_adjustment', message: 'Nothing was applied: some rows are not valid', details: [{ field: 'items', code: 'negative_stock', message: `${item.sku} would go below 0` }] });
        }
        if (delta !== 0 || item.mode === 'set') this.move(item.sku, location, delta, 0, meta.kind ?? 'adjust', { reason: item.reason, reference: meta.reference, actor: meta.actor, at });
        out.push({ sku: item.sku, location, onHand: current + delta, available: 0 });
      }
      for (const o of out) o.available = this.skuTotals(o.sku).available;
      this.touch(out.map((o) => o.sku));
      return { ok: true, value: { items: out } };
    });
    if (result.ok) await this.afterCommit(true);
    return result;
  }

  /** What is wrong with each adjustment row, judged on its own against the current state. */
  private adjustProblems(items: AdjustItem[]) {
    const problems: { index: number; field: string; code: string; message: string }[] = [];
    // Rows apply in order, so a level is judged after the rows before it in the same request.
    const running = new Map<string, number>();
    items.forEach((item, index) => {
      const location = item.location ?? DEFAULT_LOCATION;
      const sku = this.rows('SELECT 1 FROM skus WHERE code = ? AND deleted = 0', item.sku)[0];
      if (!sku) return problems.push({ index, field: 'sku', code: 'unknown_sku', message: `Unknown SKU ${item.sku}` });
      if (this.rows('SELECT 1 FROM components WHERE set_sku = ? LIMIT 1', item.sku).length) {
        return problems.push({ index, field: 'sku', code: 'set_has_no_stock', message: `${item.sku} is a set; adjust its components` });
      }
      if (!this.rows('SELECT 1 FROM locations WHERE code = ?', location).length) {
        return problems.push({ index, field: 'location', code: 'unknown_location', message: `Unknown location ${location}` });
      }
      const key = `${item.sku}\u0000${location}`;
      const current = running.get(key) ?? this.rows<{ on_hand: number }>('SELECT on_hand FROM levels WHERE sku = ? AND location = ?', item.sku, location)[0]?.on_hand ?? 0;
      const after = item.mode === 'set' ? item.quantity : current + item.quantity;
      if (after < 0) {
        return problems.push({ index, field: 'quantity', code: 'negative_stock', message: `${item.sku} would go below 0 (now ${current})` });
      }
      running.set(key, after);
    });
    return problems;
  }

  /** Checks adjustment rows without applying them (CSV import validates the whole file first). */
  async checkAdjust(accountId: string, items: AdjustItem[]) {
    this.tx(() => {
      this.bindAccount(accountId);
      return { ok: true, value: null };
    });
    return this.adjustProblems(items).map(({ index, code, message }) => ({ index, code, message }));
  }

  // ───────────────────────────── reads (authoritative; lists read the D1 projection)

  private snapshot(code: string, version: number): StockSnapshot | null {
    const s = this.rows<SkuRow>('SELECT * FROM skus WHERE code = ?', code)[0];
    if (!s) return null;
    const components = this.rows<{ component_sku: string; quantity: number }>('SELECT component_sku, quantity FROM components WHERE set_sku = ? ORDER BY component_sku', code).map((c) => ({
      sku: c.component_sku,
      quantity: c.quantity,
    }));
    const base = {
      sku: s.code,
      name: s.name,
      axis1: s.axis1,
      axis2: s.axis2,
      janCode: s.jan_code,
      supplierCode: s.supplier_code,
      shelfNumber: s.shelf_number,
      managed: s.managed === 1,
      isSet: components.length > 0,
      components,
      safetyStock: s.safety_stock,
      reorderPoint: s.reorder_point,
      taxRate: isTaxRate(s.tax_rate) ? s.tax_rate : STANDARD_RATE,
      deleted: s.deleted === 1,
      version,
      updatedAt: s.updated_at,
    };
    if (components.length) {
      // Components whose stock is not managed (made to order) do not limit the set.
      const managed = components.filter((c) => this.rows<{ managed: number }>('SELECT managed FROM skus WHERE code = ?', c.sku)[0]?.managed !== 0);
      const parts = managed.map((c) => ({ ...c, totals: this.skuTotals(c.sku) }));
      // A set: complete sets by what is held (onHand), how many of those open
      // reservations block (reserved), and how many can be sold (available).
      const sets = (units: (p: (typeof parts)[number]) => number) => (parts.length ? Math.max(0, Math.min(...parts.map((p) => Math.floor(units(p) / p.quantity)))) : 0);
      const onHand = sets((p) => p.totals.onHand);
      const reserved = onHand - sets((p) => p.totals.onHand - p.totals.reserved);
      const available = setAvailableOf(parts.map((p) => ({ quantity: p.quantity, available: p.totals.available })), s.safety_stock);
      return { ...base, onHand, reserved, available, locations: [] };
    }
    const locations = this.rows<{ location: string; on_hand: number; reserved: number }>(
      'SELECT l.location, l.on_hand, l.reserved FROM levels l JOIN locations loc ON loc.code = l.location WHERE l.sku = ? ORDER BY loc.priority, l.location',
      code,
    ).map((l) => ({ location: l.location, onHand: l.on_hand, reserved: l.reserved }));
    const t = this.skuTotals(code);
    return { ...base, onHand: t.onHand, reserved: t.reserved, available: t.available, locations };
  }

  async getStock(accountId: string, code: string): Promise<StockSnapshot | null> {
    this.tx(() => {
      this.bindAccount(accountId);
      return { ok: true, value: null };
    });
    const snap = this.snapshot(code, this.currentVersion());
    return snap && !snap.deleted ? snap : null;
  }

  /** Open reservations that hold a SKU (directly or through a set), for the SKU detail screen. */
  async reservationsFor(accountId: string, code: string) {
    this.tx(() => {
      this.bindAccount(accountId);
      return { ok: true, value: null };
    });
    return this.rows<{ reference: string; channel_id: string | null; quantity: number; created_at: string }>(
      `SELECT r.reference, r.channel_id, SUM(d.quantity) AS quantity, r.created_at FROM reservation_draws d
       JOIN reservations r ON r.reference = d.reference WHERE d.sku = ? AND r.status = 'reserved' GROUP BY r.reference ORDER BY r.created_at`,
      code,
    ).map((r) => ({ reference: r.reference, channelId: r.channel_id, quantity: r.quantity, createdAt: r.created_at }));
  }

  /** The ledger (在庫履歴) of one SKU, newest first, `before` a sequence number for paging. */
  async ledger(accountId: string, code: string, opts: { before?: number; limit: number }): Promise<LedgerEntry[]> {
    this.tx(() => {
      this.bindAccount(accountId);
      return { ok: true, value: null };
    });
    return this.rows<LedgerRow>(
      'SELECT * FROM ledger WHERE sku = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      code,
      opts.before ?? Number.MAX_SAFE_INTEGER,
      opts.limit,
    ).map((r) => ({
      seq: r.seq,
      at: r.at,
      sku: r.sku,
      location: r.location,
      kind: r.kind,
      deltaOnHand: r.delta_on_hand,
      deltaReserved: r.delta_reserved,
      onHandAfter: r.on_hand_after,
      reservedAfter: r.reserved_after,
      availableAfter: r.available_after,
      reason: r.reason,
      reference: r.reference,
      actor: r.actor,
    }));
  }

  private currentVersion(): number {
    return Number(this.rows<{ value: string }>(`SELECT value FROM meta WHERE key = 'version'`)[0]?.value ?? 0);
  }

  // ───────────────────────────── projection and events (after commit)

  /**
   * Writes the changed SKUs' projection to D1 and one stock-changed message
   * per SKU to the sync queue, then clears those outbox rows. Runs one drain
   * at a time; changes that arrive meanwhile are picked up by the next loop.
   */
  drain(): Promise<void> {
    if (!this.draining) {
      this.draining = (async () => {
        try {
          for (;;) {
            const batch = this.rows<{ sku: string; version: number }>('SELECT sku, version FROM outbox ORDER BY version LIMIT 200');
            if (!batch.length) return;
            const accountId = this.rows<{ value: string }>(`SELECT value FROM meta WHERE key = 'account'`)[0]?.value;
            if (!accountId) return;
            const snaps = batch.map((b) => this.snapshot(b.sku, b.version)).filter((s): s is StockSnapshot => s !== null);
            await this.env.DB.batch(projectionStatements(this.env.DB, accountId, snaps));
            await this.env.SYNC_QUEUE.sendBatch(snaps.map((s) => ({ body: { kind: 'stock-changed' as const, accountId, sku: s.sku, version: s.version } })));
            for (const b of batch) this.sql.exec('DELETE FROM outbox WHERE sku = ? AND version = ?', b.sku, b.version);
          }
        } catch (e) {
          console.error(JSON.stringify({ level: 'error', msg: 'stock projection drain failed; retrying by alarm', error: String(e) }));
          await this.ctx.storage.setAlarm(Date.now() + DRAIN_RETRY_MS);
          throw e;
        }
        // Cleared in .finally, which always runs after this assignment: a drain that finds the
        // outbox empty finishes synchronously, and an inner `finally` would run before
        // `this.draining` is set, leaving a settled promise there that blocks every later drain.
      })().finally(() => {
        this.draining = null;
      });
    }
    return this.draining;
  }

  /** The safety net: an alarm retries a drain that failed (or was cut short by eviction). */
  async alarm() {
    await this.drain();
  }

  /** Re-projects every SKU (the reconcile job, or after a D1 restore). Answers how many. */
  async reprojectAll(accountId: string): Promise<number> {
    const r = this.tx(() => {
      this.bindAccount(accountId);
      const codes = this.rows<{ code: string }>('SELECT code FROM skus').map((s) => s.code);
      if (codes.length) this.touch(codes);
      return { ok: true, value: codes.length };
    });
    await this.drain();
    return r.ok ? r.value : 0;
  }

  /** How many changes wait to be projected (0 when D1 is up to date). */
  async backlog(): Promise<number> {
    return this.rows<{ n: number }>('SELECT COUNT(*) AS n FROM outbox')[0].n;
  }
}
