import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Env, SyncMessage } from '../../worker/env';
import type { StockLedger } from '../../worker/stock/ledger-do';
import { projectionStatements } from '../../worker/stock/projection';
import { expectProjectionMatches, ledgerFor, newAccountId, ok, projected, seedSkus, settle, type Ledger } from '../helpers/stock';
import { sql } from '../helpers/tenant';

type Bindings = { env: Env };

/** Runs `fn` with some of the object's bindings swapped (a D1 or queue outage), then puts them back. */
const withBindings = async (stub: Ledger, swap: (real: Env) => Partial<Env>, fn: () => Promise<void>) => {
  let real: Env | undefined;
  await runInDurableObject<StockLedger, void>(stub, (instance) => {
    const o = instance as unknown as Bindings;
    real = o.env;
    o.env = { ...real, ...swap(real) };
  });
  try {
    await fn();
  } finally {
    await runInDurableObject<StockLedger, void>(stub, (instance) => {
      (instance as unknown as Bindings).env = real!;
    });
  }
};

/** A D1 whose writes fail (reads and statement building still work). */
const downD1 = (real: Env): Partial<Env> => ({
  DB: { prepare: (q: string) => real.DB.prepare(q), batch: () => Promise.reject(new Error('D1_ERROR: simulated outage')) } as unknown as D1Database,
});

const alarmAt = (stub: Ledger) => runInDurableObject<StockLedger, number | null>(stub, (_i, state) => state.storage.getAlarm());

/** Drain failures are logged as structured errors; the tests that cause them read the log instead of printing it. */
const quietErrors = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);
const loggedDrainFailures = (spy: ReturnType<typeof quietErrors>) =>
  spy.mock.calls.map((c) => JSON.parse(String(c[0])) as { level: string; msg: string; error: string }).filter((l) => l.msg.includes('drain failed'));
afterEach(() => {
  vi.restoreAllMocks();
});

/** Captures what the object sends to the sync queue. */
const capture = () => {
  const sent: SyncMessage[] = [];
  const queue = { sendBatch: async (msgs: Iterable<MessageSendRequest<SyncMessage>>) => void sent.push(...[...msgs].map((m) => m.body)), send: async (m: SyncMessage) => void sent.push(m) };
  return { sent, swap: (): Partial<Env> => ({ SYNC_QUEUE: queue as unknown as Queue<SyncMessage> }) };
};

describe('the D1 projection follows the ledger', () => {
  it('equals the ledger after every kind of operation: create, update, adjust, reserve, release, commit, location change, delete', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    const check = () => expectProjectionMatches(stub, acct, 'A');

    ok(await stub.upsertSku(acct, { code: 'A', name: 'Tシャツ 赤 M', janCode: '0490000000012', axis1: 'レッド', axis2: 'M', safetyStock: 1, reorderPoint: 2 }, 'create'));
    await check();
    expect(await projected(acct, 'A')).toMatchObject({ name: 'Tシャツ 赤 M', janCode: '0490000000012', onHand: 0, available: 0 });
    ok(await stub.upsertSku(acct, { code: 'A', name: 'Tシャツ レッド M', safetyStock: 2 }, 'update'));
    await check();
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 10, reason: '入荷' }]));
    await check();
    expect(await projected(acct, 'A')).toMatchObject({ onHand: 10, reserved: 0, available: 8, safetyStock: 2 });
    ok(await stub.reserve(acct, { reference: 'o1', lines: [{ sku: 'A', quantity: 3 }] }));
    await check();
    expect(await projected(acct, 'A')).toMatchObject({ reserved: 3, available: 5 });
    ok(await stub.reserve(acct, { reference: 'o2', lines: [{ sku: 'A', quantity: 2 }] }));
    ok(await stub.release(acct, 'o1'));
    await check();
    ok(await stub.commit(acct, 'o2'));
    await check();
    expect(await projected(acct, 'A')).toMatchObject({ onHand: 8, reserved: 0, available: 6 });
    // a second location, stock there, then a priority change that reorders the locations
    ok(await stub.upsertLocation(acct, { code: 'osaka', name: '大阪', priority: 5 }));
    ok(await stub.adjust(acct, [{ sku: 'A', location: 'osaka', mode: 'set', quantity: 4, reason: '移動' }]));
    await check();
    expect((await projected(acct, 'A'))!.locations.map((l) => l.location)).toEqual(['default', 'osaka']);
    ok(await stub.upsertLocation(acct, { code: 'osaka', name: '大阪', priority: 0 }));
    ok(await stub.upsertLocation(acct, { code: 'default', name: '標準倉庫', priority: 9 }));
    await check();
    expect((await projected(acct, 'A'))!.locations.map((l) => l.location)).toEqual(['osaka', 'default']);
    // empty it and delete it
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 0, reason: '廃棄' }, { sku: 'A', location: 'osaka', mode: 'set', quantity: 0, reason: '廃棄' }]));
    await check();
    ok(await stub.deleteSku(acct, 'A'));
    await check();
    expect(await projected(acct, 'A')).toMatchObject({ deleted: true });
  });

  it('a change that moves no stock (an order of an unmanaged SKU, an empty location) does not stall later projections', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { A: 5 });
    ok(await stub.upsertSku(acct, { code: 'MTO', name: '取り寄せ', managed: false }, 'create'));
    await settle(stub);
    ok(await stub.reserve(acct, { reference: 'mto', lines: [{ sku: 'MTO', quantity: 1 }] }));
    ok(await stub.upsertLocation(acct, { code: 'empty', name: '空', priority: 3 }));
    ok(await stub.adjust(acct, [{ sku: 'A', mode: 'delta', quantity: 1, reason: 'x' }]));
    ok(await stub.reserve(acct, { reference: 'a', lines: [{ sku: 'A', quantity: 2 }] }));
    await expectProjectionMatches(stub, acct, 'A');
    expect(await projected(acct, 'A')).toMatchObject({ onHand: 6, reserved: 2 });
  });

  it('a set’s row is re-projected whenever a component’s stock or safety stock changes', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { X: 10, Y: 3 });
    ok(await stub.upsertSku(acct, { code: 'KIT', name: 'キット', components: [{ sku: 'X', quantity: 2 }, { sku: 'Y', quantity: 1 }] }, 'create'));
    await expectProjectionMatches(stub, acct, 'KIT');
    expect(await projected(acct, 'KIT')).toMatchObject({ isSet: true, available: 3, components: [{ sku: 'X', quantity: 2 }, { sku: 'Y', quantity: 1 }] });

    ok(await stub.adjust(acct, [{ sku: 'Y', mode: 'delta', quantity: 10, reason: '入荷' }]));
    await expectProjectionMatches(stub, acct, 'KIT');
    expect((await projected(acct, 'KIT'))!.available).toBe(5);

    ok(await stub.reserve(acct, { reference: 'x', lines: [{ sku: 'X', quantity: 3 }] }));
    await expectProjectionMatches(stub, acct, 'KIT');
    expect((await projected(acct, 'KIT'))!.available).toBe(3);

    ok(await stub.upsertSku(acct, { code: 'X', safetyStock: 3 }, 'update'));
    await expectProjectionMatches(stub, acct, 'KIT');
    expect((await projected(acct, 'KIT'))!.available).toBe(2);

    ok(await stub.release(acct, 'x'));
    await expectProjectionMatches(stub, acct, 'KIT');
    for (const sku of ['X', 'Y']) await expectProjectionMatches(stub, acct, sku);
  });

  it('a failed projection write is kept in the outbox, retried by an alarm, and repaired', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { A: 5 });
    await expectProjectionMatches(stub, acct, 'A');
    const errors = quietErrors();

    await withBindings(stub, downD1, async () => {
      // the change itself succeeds: D1 being down never blocks a sale or an adjustment
      ok(await stub.adjust(acct, [{ sku: 'A', mode: 'delta', quantity: 7, reason: '入荷' }]));
      ok(await stub.reserve(acct, { reference: 'during-outage', lines: [{ sku: 'A', quantity: 2 }] }));
      await new Promise((r) => setTimeout(r, 50));
      expect(await stub.backlog()).toBeGreaterThan(0);
      expect(await alarmAt(stub)).not.toBeNull();
      expect(await projected(acct, 'A')).toMatchObject({ onHand: 5, reserved: 0 });
    });
    // the failure is logged as a structured error, without the data
    const logged = loggedDrainFailures(errors);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]).toMatchObject({ level: 'error', error: expect.stringContaining('simulated outage') });

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.backlog()).toBe(0);
    await expectProjectionMatches(stub, acct, 'A');
    expect(await projected(acct, 'A')).toMatchObject({ onHand: 12, reserved: 2, available: 10 });
  });

  it('an alarm that fails again sets another alarm, and nothing is lost', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { A: 1 });
    quietErrors();
    await withBindings(stub, downD1, async () => {
      ok(await stub.adjust(acct, [{ sku: 'A', mode: 'set', quantity: 9, reason: 'x' }]));
      await runDurableObjectAlarm(stub).catch(() => undefined);
      expect(await stub.backlog()).toBe(1);
      expect(await alarmAt(stub)).not.toBeNull();
    });
    // the next change drains everything, the earlier change included
    ok(await stub.upsertSku(acct, { code: 'B', name: 'B' }, 'create'));
    await expectProjectionMatches(stub, acct, 'A');
    await expectProjectionMatches(stub, acct, 'B');
    expect((await projected(acct, 'A'))!.onHand).toBe(9);
  });

  it('reprojectAll rebuilds rows lost from D1 (the reconcile job, or after a D1 restore)', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { A: 3, B: 0, C: 8 });
    ok(await stub.upsertSku(acct, { code: 'KIT', name: 'キット', components: [{ sku: 'A', quantity: 1 }] }, 'create'));
    await settle(stub);
    await sql('DELETE FROM skus WHERE account_id = ?', acct);
    await sql('UPDATE skus SET on_hand = 999 WHERE account_id = ?', acct);
    expect(await projected(acct, 'A')).toBeNull();
    expect(await stub.reprojectAll(acct)).toBe(4);
    for (const sku of ['A', 'B', 'C', 'KIT']) await expectProjectionMatches(stub, acct, sku);
  });

  it('a late projection write never overwrites a newer one (versions only move forward)', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { A: 4 });
    await settle(stub);
    const now = (await stub.getStock(acct, 'A'))!;
    const stale = { ...now, onHand: 1, available: 1, version: now.version - 1 };
    await env.DB.batch(projectionStatements(env.DB, acct, [stale]));
    expect(await projected(acct, 'A')).toMatchObject({ onHand: 4, version: now.version });
  });

  it('a change sends one stock-changed message per changed SKU (sets included) to the sync queue', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { A: 10, B: 10, C: 10 });
    ok(await stub.upsertSku(acct, { code: 'KIT', name: 'キット', components: [{ sku: 'A', quantity: 1 }] }, 'create'));
    await settle(stub);
    const q = capture();
    await withBindings(stub, q.swap, async () => {
      ok(await stub.adjust(acct, [{ sku: 'B', mode: 'delta', quantity: 1, reason: 'x' }, { sku: 'C', mode: 'delta', quantity: 1, reason: 'x' }, { sku: 'B', mode: 'delta', quantity: 1, reason: 'y' }]));
      await settle(stub);
      expect(q.sent.map((m) => m.kind === 'stock-changed' && m.sku).sort()).toEqual(['B', 'C']);
      const version = (await stub.getStock(acct, 'B'))!.version;
      expect(q.sent).toContainEqual({ kind: 'stock-changed', accountId: acct, sku: 'B', version });

      q.sent.length = 0;
      ok(await stub.reserve(acct, { reference: 'k', lines: [{ sku: 'KIT', quantity: 2 }] }));
      await settle(stub);
      // the component and the set that contains it
      expect(q.sent.map((m) => m.kind === 'stock-changed' && m.sku).sort()).toEqual(['A', 'KIT']);
      expect(q.sent.every((m) => m.accountId === acct)).toBe(true);
    });
  });

  it('while the queue is down the messages wait in the outbox, coalesced to the latest version per SKU', async () => {
    const acct = newAccountId();
    const stub = ledgerFor(acct);
    await seedSkus(stub, acct, { A: 10 });
    await settle(stub);
    const errors = quietErrors();
    const failing = { sendBatch: () => Promise.reject(new Error('queue unavailable')), send: () => Promise.reject(new Error('queue unavailable')) };
    await withBindings(stub, () => ({ SYNC_QUEUE: failing as unknown as Queue<SyncMessage> }), async () => {
      for (let i = 0; i < 5; i++) ok(await stub.adjust(acct, [{ sku: 'A', mode: 'delta', quantity: 1, reason: `r${i}` }]));
      expect(await stub.backlog()).toBe(1);
    });
    expect(loggedDrainFailures(errors).map((l) => l.error)).toContain('Error: queue unavailable');
    const q = capture();
    await withBindings(stub, q.swap, async () => {
      await runDurableObjectAlarm(stub);
      await settle(stub);
    });
    const version = (await stub.getStock(acct, 'A'))!.version;
    expect(q.sent).toEqual([{ kind: 'stock-changed', accountId: acct, sku: 'A', version }]);
    await expectProjectionMatches(stub, acct, 'A');
  });
});
