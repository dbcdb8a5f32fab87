import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { createDb } from '../../worker/db/client';
import type { Env, SyncMessage } from '../../worker/env';
import { recheckAwaitingStock } from '../../worker/orders/service';
import { Client, eventually, sleep } from '../helpers/client';
import { adjust, cancel, createSku, getOrder, importOrder, orderBody, stockOf, transition, waitForStatus } from '../helpers/orders';
import { ledgerFor, settle } from '../helpers/stock';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/**
 * Orders waiting for stock (在庫待ち) move on by themselves when stock
 * arrives: the StockLedger announces every changed SKU on the sync queue, and
 * the queue consumer re-checks the account's waiting orders, oldest first.
 * These tests go the whole way (adjustment → DO outbox → queue → consumer →
 * order), so they wait for the queue rather than call the re-check.
 */
describe.concurrent('orders waiting for stock', () => {
  let t: Tenant;
  let op: Client;
  let n = 0;
  const sku = (stock: number) => createSku(op, `AR-${++n}`, stock);
  /** An hour in the past, plus `minutes`: orderedAt values that sort the way a test needs. */
  const at = (minutes: number) => new Date(Date.now() - 3600_000 + minutes * 60_000).toISOString();

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
  });

  it('old orders that still cannot be served do not starve a newer one that can (more than one page waiting)', async () => {
    const scarce = await sku(0);
    const b = await sku(0);
    const stuck = Array.from({ length: 60 }, (_, i) =>
      orderBody({ externalId: `STARVE-${n}-${i}`, orderedAt: at(i / 100), lines: [{ sku: scarce, quantity: 1, unitPrice: 100 }, { sku: b, quantity: 1, unitPrice: 100 }] }),
    );
    expect((await op.api('/orders/batch', { json: { orders: stuck } })).status).toBe(200);
    const { order } = await importOrder(op, orderBody({ externalId: `STARVE-${n}-last`, orderedAt: at(30), lines: [{ sku: b, quantity: 1, unitPrice: 100 }] }));
    expect(order.status).toBe('awaiting_stock');
    await adjust(op, b, 1);
    await waitForStatus(op, order.id, 'new', 20_000);
  });

  it('moves on to new by itself once an adjustment brings enough stock', async () => {
    const a = await sku(1);
    const { order } = await importOrder(op, orderBody({ externalId: 'WAIT-1', lines: [{ sku: a, quantity: 3, unitPrice: 1000 }] }));
    expect(order).toMatchObject({ status: 'awaiting_stock', stockWarning: true, reserved: false });
    expect(order.lines[0].shortage).toBe(2);

    await adjust(op, a, 2);
    const moved = await waitForStatus(op, order.id, 'new');
    expect(moved).toMatchObject({ reserved: true, stockWarning: false });
    expect(moved.lines[0].shortage).toBe(0);
    expect(await stockOf(op, a)).toEqual({ onHand: 3, reserved: 3, available: 0 });
    // the history says the system did it, not a person
    expect(moved.events.filter((e) => e.kind === 'reserved').map((e) => e.actor)).toEqual(['system:stock-arrived']);
  });

  it('an unpaid bank transfer order moves on to awaiting_payment, not new', async () => {
    const a = await sku(0);
    const { order } = await importOrder(op, orderBody({ externalId: 'WAIT-BT', payment: { method: 'bank_transfer', paid: false }, lines: [{ sku: a, quantity: 1, unitPrice: 1000 }] }));
    expect(order.status).toBe('awaiting_stock');
    await adjust(op, a, 1);
    expect(await waitForStatus(op, order.id, 'awaiting_payment')).toMatchObject({ reserved: true, stockWarning: false });
  });

  it('the oldest order gets stock that is enough for only one, the newer keeps waiting until more arrives', async () => {
    const a = await sku(0);
    // the newer order is imported first: the order date decides, not the arrival
    const newer = (await importOrder(op, orderBody({ externalId: 'WAIT-NEWER', orderedAt: at(30), lines: [{ sku: a, quantity: 2, unitPrice: 1000 }] }))).order;
    const older = (await importOrder(op, orderBody({ externalId: 'WAIT-OLDER', orderedAt: at(0), lines: [{ sku: a, quantity: 2, unitPrice: 1000 }] }))).order;
    expect([newer.status, older.status]).toEqual(['awaiting_stock', 'awaiting_stock']);
    // let the queue finish with the SKU's creation, so that no re-check that saw only the newer order is still under way
    await settle(ledgerFor(t.id));
    await sleep(1500);

    await adjust(op, a, 3);
    expect(await waitForStatus(op, older.id, 'new')).toMatchObject({ reserved: true });
    await settle(ledgerFor(t.id));
    await sleep(1500); // one more queue round: nothing else may move
    const still = await getOrder(op, newer.id);
    expect(still).toMatchObject({ status: 'awaiting_stock', reserved: false, stockWarning: true });
    expect(still.lines[0].shortage).toBe(1);
    expect(await stockOf(op, a)).toEqual({ onHand: 3, reserved: 2, available: 1 });

    await adjust(op, a, 1);
    expect(await waitForStatus(op, newer.id, 'new')).toMatchObject({ reserved: true, stockWarning: false });
    expect(await stockOf(op, a)).toEqual({ onHand: 4, reserved: 4, available: 0 });
  });

  it('stock that is still not enough leaves the order waiting, with the shortage shown on the line brought up to date', async () => {
    const a = await sku(0);
    const { order } = await importOrder(op, orderBody({ externalId: 'WAIT-PART', lines: [{ sku: a, quantity: 5, unitPrice: 1000 }] }));
    expect(order.lines[0].shortage).toBe(5);
    await adjust(op, a, 2);
    const after = await waitForStatus(op, order.id, 'awaiting_stock');
    await expect
      .poll(async () => (await getOrder(op, order.id)).lines[0].shortage, { timeout: 10_000, interval: 50 })
      .toBe(3);
    expect(after.reserved).toBe(false);
    expect(await stockOf(op, a)).toEqual({ onHand: 2, reserved: 0, available: 2 });
  });

  it('a cancelled or held order takes nothing when stock arrives; the next waiting order does', async () => {
    const a = await sku(0);
    const cancelled = (await importOrder(op, orderBody({ externalId: 'WAIT-C', orderedAt: at(0), lines: [{ sku: a, quantity: 1, unitPrice: 1000 }] }))).order;
    const held = (await importOrder(op, orderBody({ externalId: 'WAIT-H', orderedAt: at(1), lines: [{ sku: a, quantity: 1, unitPrice: 1000 }] }))).order;
    const waiting = (await importOrder(op, orderBody({ externalId: 'WAIT-W', orderedAt: at(2), lines: [{ sku: a, quantity: 1, unitPrice: 1000 }] }))).order;
    expect((await cancel(op, cancelled.id)).status).toBe(200);
    expect((await transition(op, held.id, 'on_hold')).status).toBe(200);

    await adjust(op, a, 1);
    expect(await waitForStatus(op, waiting.id, 'new')).toMatchObject({ reserved: true });
    expect(await getOrder(op, cancelled.id)).toMatchObject({ status: 'cancelled', reserved: false });
    expect(await getOrder(op, held.id)).toMatchObject({ status: 'on_hold', reserved: false });
    expect(await stockOf(op, a)).toEqual({ onHand: 1, reserved: 1, available: 0 });
  });

  it('an order for a set moves on when stock of the component it lacked arrives', async () => {
    const part = await sku(0);
    const box = await sku(10);
    const set = `AR-SET-${++n}`;
    expect((await op.api('/skus', { json: { code: set, name: 'ギフトセット', components: [{ sku: part, quantity: 2 }, { sku: box, quantity: 1 }] } })).status).toBe(201);
    const { order } = await importOrder(op, orderBody({ externalId: 'WAIT-SET', lines: [{ sku: set, quantity: 1, unitPrice: 5000 }] }));
    expect(order).toMatchObject({ status: 'awaiting_stock', stockWarning: true });
    await adjust(op, part, 2);
    expect(await waitForStatus(op, order.id, 'new')).toMatchObject({ reserved: true, stockWarning: false });
    expect(await stockOf(op, part)).toMatchObject({ onHand: 2, reserved: 2 });
    expect(await stockOf(op, box)).toMatchObject({ onHand: 10, reserved: 1 });
  });
});

describe('a re-check racing a person', () => {
  /** The Worker's env, but every reservation of the StockLedger first runs `before` (a person acting meanwhile). */
  const racingEnv = (before: () => Promise<void>): Env => {
    const ns = env.STOCK_LEDGER;
    const wrapped = {
      idFromName: (name: string) => ns.idFromName(name),
      get: (id: DurableObjectId) => {
        const stub = ns.get(id);
        return {
          reserve: async (...args: Parameters<typeof stub.reserve>) => {
            await before();
            return stub.reserve(...args);
          },
          release: (...args: Parameters<typeof stub.release>) => stub.release(...args),
          commit: (...args: Parameters<typeof stub.commit>) => stub.commit(...args),
        };
      },
    };
    return { ...env, STOCK_LEDGER: wrapped as unknown as Env['STOCK_LEDGER'] };
  };

  it('an order cancelled while the re-check reserves it keeps no stock reserved', async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const op = await signIn(t, 'op');
    const a = await createSku(op, 'RACE-1', 0);
    const { order } = await importOrder(op, orderBody({ externalId: 'RACE-CANCEL', lines: [{ sku: a, quantity: 2, unitPrice: 100 }] }));
    // waiting for stock, with the stock there and no re-check under way: held while it arrives, then back to waiting
    expect((await transition(op, order.id, 'on_hold')).status).toBe(200);
    await adjust(op, a, 5);
    await settle(ledgerFor(t.id));
    await sleep(1500);
    expect((await transition(op, order.id, 'awaiting_stock')).status).toBe(200);

    let cancelled = 0;
    const result = await recheckAwaitingStock(
      racingEnv(async () => {
        // the operator cancels the order between the re-check reading it and reserving its stock
        if (!cancelled++) expect((await cancel(op, order.id)).status).toBe(200);
      }),
      createDb(env.DB),
      t.id,
      [a],
    );
    expect(cancelled).toBe(1);
    expect(result.moved).toBe(0);
    expect(await getOrder(op, order.id)).toMatchObject({ status: 'cancelled', reserved: false });
    expect(await stockOf(op, a)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(((await (await op.api(`/stock/reservations?sku=${encodeURIComponent(a)}`)).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await getOrder(op, order.id)).events.filter((e) => e.kind === 'reserved')).toEqual([]);
  });
});

describe('the 15-minute sweep of orders waiting for stock', () => {
  it('moves on an order put back to 在庫待ち by hand while its stock was already there', async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const op = await signIn(t, 'op');
    const a = await createSku(op, 'SWEEP-1', 0);
    const { order } = await importOrder(op, orderBody({ externalId: 'SWEEP-1', lines: [{ sku: a, quantity: 1, unitPrice: 100 }] }));
    expect((await transition(op, order.id, 'on_hold')).status).toBe(200);
    await adjust(op, a, 3);
    await settle(ledgerFor(t.id));
    await sleep(1500); // the re-check of that adjustment found nothing waiting
    expect((await transition(op, order.id, 'awaiting_stock')).status).toBe(200);
    const ctx = createExecutionContext();
    const quarterHour = Math.floor(Date.now() / 900_000) * 900_000;
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: quarterHour }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await getOrder(op, order.id)).toMatchObject({ status: 'new', reserved: true, stockWarning: false });
  });
});

describe('cancelling while the StockLedger cannot be reached', () => {
  it('the order is cancelled at once and its stock released through the sync queue', async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const op = await signIn(t, 'op');
    const a = await createSku(op, 'DOWN-1', 5);
    const { order } = await importOrder(op, orderBody({ externalId: 'DOWN-CANCEL', lines: [{ sku: a, quantity: 2, unitPrice: 100 }] }));
    expect(await stockOf(op, a)).toMatchObject({ reserved: 2 });
    // the same app, but every release of this request fails as an unreachable DO would
    const ns = env.STOCK_LEDGER;
    const down = {
      idFromName: (name: string) => ns.idFromName(name),
      get: (id: DurableObjectId) => {
        const stub = ns.get(id);
        return new Proxy(stub, { get: (target, prop) => (prop === 'release' ? () => Promise.reject(new Error('Network connection lost')) : Reflect.get(target, prop)) });
      },
    };
    const cut = new Client({ ip: op.ip, envOverrides: { STOCK_LEDGER: down as unknown as Env['STOCK_LEDGER'] } });
    cut.cookie = op.cookie;
    cut.csrfToken = op.csrfToken;
    const res = await cut.api(`/orders/${order.id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { order: { status: string; reserved: boolean } }).order).toMatchObject({ status: 'cancelled', reserved: false });
    // the queued release reaches the ledger
    await eventually(async () => expect(await stockOf(op, a)).toMatchObject({ reserved: 0, available: 5 }), 10_000);
  });
});

describe('the sync queue consumer and waiting orders', () => {
  const message = (id: string, body: SyncMessage) => ({ id, timestamp: new Date(), attempts: 1, body });

  it('acknowledges the stock-changed messages once the waiting orders are re-checked', async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const op = await signIn(t, 'op');
    const a = await createSku(op, 'Q-1', 0);
    const { order } = await importOrder(op, orderBody({ externalId: 'Q-WAIT', lines: [{ sku: a, quantity: 1, unitPrice: 100 }] }));
    await adjust(op, a, 1);
    const batch = createMessageBatch<SyncMessage>('kura-sync', [
      message('s1', { kind: 'stock-changed', accountId: t.id, sku: a, version: 1 }),
      message('s2', { kind: 'stock-changed', accountId: t.id, sku: 'Q-OTHER', version: 1 }),
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(['s1', 's2']);
    expect(result.retryMessages).toEqual([]);
    // (the queue's own delivery of the adjustment's message may have got there first: either way it moved)
    expect(await getOrder(op, order.id)).toMatchObject({ status: 'new', reserved: true });
  });

  it('retries the messages of a re-check that failed, so stock arrival is never lost', async () => {
    const broken = new Proxy(env.DB, {
      get: (target, prop) => (prop === 'prepare' || prop === 'batch' ? () => { throw new Error('D1 is unavailable'); } : Reflect.get(target, prop)),
    });
    const batch = createMessageBatch<SyncMessage>('kura-sync', [
      message('f1', { kind: 'stock-changed', accountId: 'acct-failing', sku: 'F-1', version: 2 }),
      message('f2', { kind: 'stock-changed', accountId: 'acct-failing', sku: 'F-2', version: 2 }),
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, DB: broken }, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m: { msgId: string }) => m.msgId).sort()).toEqual(['f1', 'f2']);
  });
});
