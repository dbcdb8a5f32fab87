/**
 * ChannelSync: one Durable Object per (account, channel) that pushes stock to
 * that store. It is the channel's outbound queue, coalescer and rate limiter:
 *
 * - enqueue() upserts the newest quantity per SKU (only the latest is ever
 *   sent: a burst of sales becomes one push);
 * - the alarm flushes: batches of at most the mall's per-call maximum, one call
 *   per token of the mall's documented rate (token bucket, rate-limit.ts);
 * - 429/5xx/timeouts back off exponentially, honouring Retry-After; after
 *   MAX_ATTEMPTS the items go to the channel's dead-letter list (D1), shown on
 *   the channel with a retry button; refusals and auth failures go there at once;
 * - accepted quantities are recorded in channel_stock and, where the mall can
 *   report them, read back: a difference (or an unknown item) is drift.
 *
 * It never writes stock: it only reads what the StockLedger published.
 */
import { DurableObject } from 'cloudflare:workers';
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { createDb, type Db } from '../db/client';
import type { Env } from '../env';
import { newId } from '../lib/ids';
import { MallError, type StockPush } from './adapter';
import { backoffMs, fullBucket, MAX_ATTEMPTS, nextStep, type Bucket } from './rate-limit';
import { adapterFor } from './registry';
import { channelDeadLetters, channelStock, channelState } from './schema';
import { connectionOf, findChannel } from './service';

type PendingRow = {
  sku: string;
  remote_id: string;
  remote_variant_id: string | null;
  quantity: number;
  attempts: number;
};

export const channelSyncOf = (env: Env, accountId: string, channelId: string) => env.CHANNEL_SYNC.get(env.CHANNEL_SYNC.idFromName(`${accountId}:${channelId}`));

export class ChannelSync extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private flushing: Promise<void> | null = null;
  /** SKUs of the calls on their way to the mall (in memory: if the DO is evicted, they are simply sent again). */
  private readonly inFlight = new Set<string>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS pending (
      sku TEXT PRIMARY KEY, remote_id TEXT NOT NULL, remote_variant_id TEXT, quantity INTEGER NOT NULL,
      since INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  }

  private meta<T>(key: string): T | undefined {
    const r = this.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
    return r ? (JSON.parse(r.value) as T) : undefined;
  }

  private setMeta(key: string, value: unknown) {
    this.sql.exec('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', key, JSON.stringify(value));
  }

  /** The first retry's wait; tests shorten it (SYNC_BACKOFF_BASE_MS) so a run of failures takes milliseconds. */
  private backoffBase(): number {
    const v = Number(this.env.SYNC_BACKOFF_BASE_MS);
    return Number.isFinite(v) && v > 0 ? v : 1000;
  }

  private backlog(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM pending').one().n;
  }

  /** Queues the newest quantity per SKU (a newer quantity replaces a waiting one) and starts a flush. */
  async enqueue(accountId: string, channelId: string, items: StockPush[]): Promise<{ backlog: number }> {
    this.setMeta('target', { accountId, channelId });
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      for (const i of items) {
        this.sql.exec(
          `INSERT INTO pending (sku, remote_id, remote_variant_id, quantity, since, attempts) VALUES (?, ?, ?, ?, ?, 0)
           ON CONFLICT(sku) DO UPDATE SET remote_id = excluded.remote_id, remote_variant_id = excluded.remote_variant_id,
             quantity = excluded.quantity, attempts = CASE WHEN pending.quantity = excluded.quantity THEN pending.attempts ELSE 0 END`,
          i.sku,
          i.remoteId,
          i.remoteVariantId ?? null,
          i.quantity,
          now,
        );
      }
    });
    const backoffUntil = this.meta<number>('backoffUntil') ?? 0;
    if (backoffUntil > now) await this.ctx.storage.setAlarm(backoffUntil);
    // Flush now, without holding the caller (the queue consumer) for the mall's answer.
    else this.ctx.waitUntil(this.flush());
    return { backlog: this.backlog() };
  }

  /** What is waiting, and why the last call failed (the channel status page). */
  async status(): Promise<{ backlog: number; backoffUntil: number | null; lastError: string | null }> {
    const until = this.meta<number>('backoffUntil') ?? 0;
    return { backlog: this.backlog(), backoffUntil: until > Date.now() ? until : null, lastError: this.meta<string>('lastError') ?? null };
  }

  /** Waits for any flush in progress (tests and the benchmark use it to know the pushes are done). */
  async idle(): Promise<{ backlog: number }> {
    while (this.flushing) await this.flushing;
    return { backlog: this.backlog() };
  }

  async alarm() {
    await this.flush();
  }

  private flush(): Promise<void> {
    // One flush at a time: a second caller waits for the running one, which picks up its items.
    if (!this.flushing) {
      this.flushing = this.flushLoop()
        .catch((e) => console.error(JSON.stringify({ level: 'error', msg: 'channel flush failed', error: String(e) })))
        .finally(() => {
          this.flushing = null;
        });
    }
    return this.flushing;
  }

  private async flushLoop() {
    const target = this.meta<{ accountId: string; channelId: string }>('target');
    if (!target) return;
    const db = createDb(this.env.DB);
    let channel;
    try {
      channel = await findChannel(db, target.accountId, target.channelId);
    } catch {
      // The channel was deleted: nothing left to push to.
      this.sql.exec('DELETE FROM pending');
      return;
    }
    if (!channel.settings.stockPush) return;
    const adapter = adapterFor(channel.type);
    const conn = await connectionOf(this.env, db, channel);
    // Calls may overlap up to the mall's maxInFlight (Amazon takes one SKU a call at 5 a second:
    // one call at a time would leave its rate unused); the SKUs of a call in flight are not taken again.
    const maxInFlight = Math.max(1, adapter.limits.maxInFlight ?? 1);
    const running = new Set<Promise<void>>();
    for (;;) {
      const now = Date.now();
      const free = Math.max(0, this.backlog() - this.inFlight.size);
      const step = nextStep(free, this.meta<Bucket>('bucket') ?? fullBucket(adapter.limits, now), this.meta<number>('backoffUntil') ?? 0, adapter.limits, now);
      if (step.kind === 'call' && running.size < maxInFlight) {
        this.setMeta('bucket', step.bucket);
        const batch = this.freeRows(step.items);
        for (const r of batch) this.inFlight.add(r.sku);
        const call: Promise<void> = this.pushBatch(db, target, adapter, conn, batch).finally(() => {
          for (const r of batch) this.inFlight.delete(r.sku);
          running.delete(call);
        });
        running.add(call);
        continue;
      }
      if (running.size) {
        // The next event: a call finishing (a free slot, a new backoff, newer quantities) or,
        // with a slot free, the bucket's next token.
        const tokenAt = step.kind === 'wait' && running.size < maxInFlight ? step.until - now : null;
        await Promise.race(tokenAt === null ? [...running] : [...running, new Promise((r) => setTimeout(r, Math.max(0, tokenAt)))]);
        continue;
      }
      if (step.kind === 'wait') {
        this.setMeta('bucket', step.bucket);
        await this.ctx.storage.setAlarm(step.until);
      }
      break;
    }
    await this.recordBacklog(db, target);
  }

  /** Waiting rows not already on their way to the mall, oldest first. */
  private freeRows(limit: number): PendingRow[] {
    const rows = this.sql
      .exec<PendingRow>('SELECT sku, remote_id, remote_variant_id, quantity, attempts FROM pending ORDER BY since, sku LIMIT ?', limit + this.inFlight.size)
      .toArray();
    const out: PendingRow[] = [];
    for (const r of rows) {
      if (this.inFlight.has(r.sku)) continue;
      out.push(r);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** One call to the mall with one batch, and what follows from its answer. */
  private async pushBatch(db: Db, target: { accountId: string; channelId: string }, adapter: ReturnType<typeof adapterFor>, conn: Awaited<ReturnType<typeof connectionOf>>, batch: PendingRow[]) {
    const items = batch.map((r) => ({ sku: r.sku, remoteId: r.remote_id, remoteVariantId: r.remote_variant_id, quantity: r.quantity }));
    try {
      const result = await adapter.pushStock(conn, items);
      await this.accepted(db, target, items, result.accepted, result.rejected);
      this.setMeta('failures', 0);
      this.setMeta('lastError', null);
      if (adapter.readStock && result.accepted.length) await this.readBack(db, target, adapter, conn, items.filter((i) => result.accepted.includes(i.sku)));
    } catch (e) {
      await this.failed(db, target, batch, e);
    }
  }

  /** Accepted items leave the queue unless a newer quantity arrived meanwhile; refusals go to the dead-letter list. */
  private async accepted(db: Db, target: { accountId: string; channelId: string }, items: StockPush[], accepted: string[], rejected: { sku: string; reason: string }[]) {
    const at = new Date().toISOString();
    const ok = new Set(accepted);
    for (const i of items) {
      if (ok.has(i.sku) || rejected.some((r) => r.sku === i.sku)) this.sql.exec('DELETE FROM pending WHERE sku = ? AND quantity = ?', i.sku, i.quantity);
    }
    const writes: BatchItem<'sqlite'>[] = [
      ...items
        .filter((i) => ok.has(i.sku))
        .map((i) =>
          db
            .update(channelStock)
            .set({ pushed: i.quantity, pushedAt: at, error: null })
            .where(and(eq(channelStock.channelId, target.channelId), eq(channelStock.sku, i.sku))),
        ),
      ...rejected.map((r) =>
        db
          .update(channelStock)
          .set({ error: r.reason.slice(0, 500) })
          .where(and(eq(channelStock.channelId, target.channelId), eq(channelStock.sku, r.sku))),
      ),
      db.update(channelState).set({ lastStockPushAt: at, lastStockPushError: null, updatedAt: at }).where(eq(channelState.channelId, target.channelId)),
    ];
    if (rejected.length) {
      writes.push(
        db.insert(channelDeadLetters).values({
          id: newId(),
          accountId: target.accountId,
          channelId: target.channelId,
          kind: 'stock',
          payload: rejected.map((r) => ({ ...items.find((i) => i.sku === r.sku), reason: r.reason })),
          error: `The mall refused ${rejected.length} item(s): ${rejected[0].reason}`.slice(0, 1000),
          attempts: 1,
          createdAt: at,
        }),
      );
    }
    await db.batch(writes as unknown as [(typeof writes)[number], ...(typeof writes)[number][]]);
  }

  /** Reads back what the mall now shows: a difference, or an item the mall does not know, is drift. */
  private async readBack(db: Db, target: { channelId: string }, adapter: ReturnType<typeof adapterFor>, conn: Awaited<ReturnType<typeof connectionOf>>, items: StockPush[]) {
    try {
      const remote = await adapter.readStock!(conn, items);
      const at = new Date().toISOString();
      const writes = remote.map((r) => {
        const pushed = items.find((i) => i.sku === r.sku)?.quantity;
        return db
          .update(channelStock)
          .set({ confirmed: r.quantity, confirmedAt: at, drift: r.quantity === null || r.quantity !== pushed })
          .where(and(eq(channelStock.channelId, target.channelId), eq(channelStock.sku, r.sku)));
      });
      if (writes.length) await db.batch(writes as unknown as [(typeof writes)[number], ...(typeof writes)[number][]]);
    } catch (e) {
      // Reading back is a check, not the push: a failure is logged and the reconciler reads again later.
      console.warn(JSON.stringify({ level: 'warn', msg: 'stock read-back failed', channelId: target.channelId, error: String(e instanceof Error ? e.message : e) }));
    }
  }

  private async failed(db: Db, target: { accountId: string; channelId: string }, batch: PendingRow[], e: unknown) {
    const err = e instanceof MallError ? e : new MallError(String(e instanceof Error ? e.message : e), 0, false);
    const at = new Date().toISOString();
    const failures = (this.meta<number>('failures') ?? 0) + 1;
    this.setMeta('failures', failures);
    this.setMeta('lastError', err.message);
    const dead: PendingRow[] = [];
    if (err.retryable) {
      this.setMeta('backoffUntil', Date.now() + backoffMs(failures, err.retryAfterSeconds, this.backoffBase()));
      for (const r of batch) {
        this.sql.exec('UPDATE pending SET attempts = attempts + 1 WHERE sku = ?', r.sku);
        if (r.attempts + 1 >= MAX_ATTEMPTS) dead.push(r);
      }
    } else {
      // Refused credentials or a request the mall will never take: retrying cannot help until someone acts.
      dead.push(...batch);
      this.setMeta('backoffUntil', Date.now() + backoffMs(failures, undefined, this.backoffBase()));
    }
    for (const r of dead) this.sql.exec('DELETE FROM pending WHERE sku = ? AND quantity = ?', r.sku, r.quantity);
    const writes: BatchItem<'sqlite'>[] = [
      db.update(channelState).set({ lastStockPushError: err.message.slice(0, 500), updatedAt: at }).where(eq(channelState.channelId, target.channelId)),
      ...(dead.length
        ? [
            db.insert(channelDeadLetters).values({
              id: newId(),
              accountId: target.accountId,
              channelId: target.channelId,
              kind: 'stock' as const,
              payload: dead.map((r) => ({ sku: r.sku, remoteId: r.remote_id, remoteVariantId: r.remote_variant_id, quantity: r.quantity })),
              error: err.message.slice(0, 1000),
              attempts: Math.max(...dead.map((r) => r.attempts + 1)),
              createdAt: at,
            }),
          ]
        : []),
    ];
    await db.batch(writes as unknown as [(typeof writes)[number], ...(typeof writes)[number][]]);
    console.warn(JSON.stringify({ level: 'warn', msg: 'stock push failed', channelId: target.channelId, status: err.status, retryable: err.retryable, deadLettered: dead.length }));
  }

  private async recordBacklog(db: Db, target: { channelId: string }) {
    await db
      .update(channelState)
      .set({ backlog: this.backlog(), updatedAt: new Date().toISOString() })
      .where(and(eq(channelState.channelId, target.channelId), sql`backlog != ${this.backlog()}`));
  }
}
