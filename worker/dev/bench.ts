import { ledgerOf } from '../stock/service';
import type { Env } from '../env';

/**
 * Measures the StockLedger from inside the Worker (as an order arriving at the
 * edge would reach it), for `npm run bench`. Development only (dev/routes.ts).
 * Uses a throwaway account id, so it never touches real data.
 */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

const summarise = (latencies: number[], wallMs: number) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: latencies.length, perSecond: Math.round((latencies.length / wallMs) * 1000), p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), wallMs };
};

export const benchStockLedger = async (env: Env, opts: { reservations: number; concurrency: number }) => {
  const accountId = `bench-${crypto.randomUUID()}`;
  const stub = ledgerOf(env, accountId);
  await stub.upsertSku(accountId, { code: 'BENCH-1', name: 'bench' }, 'create');
  await stub.adjust(accountId, [{ sku: 'BENCH-1', mode: 'set', quantity: opts.reservations * 10, reason: 'bench' }]);

  const timed = async (reference: string) => {
    const t0 = performance.now();
    const r = await stub.reserve(accountId, { reference, lines: [{ sku: 'BENCH-1', quantity: 1 }] });
    return { ms: performance.now() - t0, ok: r.ok };
  };

  // Sequential: one reservation after another.
  let start = performance.now();
  const seq: number[] = [];
  for (let i = 0; i < opts.reservations; i++) seq.push((await timed(`seq-${i}`)).ms);
  const sequential = summarise(seq, performance.now() - start);

  // Concurrent: `concurrency` callers at once, each reserving in a loop.
  const conc: number[] = [];
  let next = 0;
  start = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < opts.reservations) {
        const i = next++;
        conc.push((await timed(`conc-${i}`)).ms);
      }
    }),
  );
  const concurrent = summarise(conc, performance.now() - start);

  // Oversell check: more concurrent reservations than units; exactly `units` may succeed.
  const units = Math.max(1, Math.floor(opts.reservations / 4));
  await stub.upsertSku(accountId, { code: 'BENCH-SCARCE', name: 'scarce' }, 'create');
  await stub.adjust(accountId, [{ sku: 'BENCH-SCARCE', mode: 'set', quantity: units, reason: 'bench' }]);
  const results = await Promise.all(
    Array.from({ length: units * 4 }, (_, i) => stub.reserve(accountId, { reference: `scarce-${i}`, lines: [{ sku: 'BENCH-SCARCE', quantity: 1 }] })),
  );
  const succeeded = results.filter((r) => r.ok).length;
  const scarce = await stub.getStock(accountId, 'BENCH-SCARCE');

  // Projection lag: from the last reservation's answer until D1 holds it.
  start = performance.now();
  await stub.reserve(accountId, { reference: 'lag-probe', lines: [{ sku: 'BENCH-1', quantity: 1 }] });
  const answered = performance.now();
  let backlog = await stub.backlog();
  while (backlog > 0 && performance.now() - answered < 10_000) {
    await new Promise((r) => setTimeout(r, 1));
    backlog = await stub.backlog();
  }
  const projectionLagMs = performance.now() - answered;

  return {
    sequential,
    concurrent: { ...concurrent, concurrency: opts.concurrency },
    oversell: { units, attempts: units * 4, succeeded, oversold: Math.max(0, succeeded - units), availableAfter: scarce?.available ?? null },
    projectionLagMs: Math.round(projectionLagMs * 10) / 10,
  };
};
