#!/usr/bin/env node
// `npm run bench`: StockLedger throughput and latency against Kura running in
// workerd (`wrangler dev`, started here on its own port and throwaway state).
//   - through the DO, from inside the Worker (POST /api/v1/dev/bench/stock): sequential and 50-way concurrent
//   - through the HTTP API (POST /api/v1/stock/reservations with an API token): sequential and 50-way concurrent
//   - oversell check and projection lag
// Several runs; prints medians as a table and writes bench/results/stock.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { demoApiToken, startKura } from '../worker/cli/dev-server.mjs';
import { json, median, summarise } from './stats.mjs';

const PORT = process.env.BENCH_PORT ?? '8798';
const BASE = `http://127.0.0.1:${PORT}`;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const N = Number(process.env.BENCH_RESERVATIONS ?? 2000);
const HTTP_N = Number(process.env.BENCH_HTTP_RESERVATIONS ?? 1000);
const CONCURRENCY = 50;


/** Answers other than 201 (e.g. 503 when the machine is saturated) are counted, not hidden. */
const errors = [];

const httpRun = async (token, run) => {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const sku = `HTTP-${run}-${Date.now()}`;
  await json(await fetch(`${BASE}/api/v1/skus`, { method: 'POST', headers, body: JSON.stringify({ code: sku, name: 'bench' }) }));
  await json(await fetch(`${BASE}/api/v1/stock/adjustments`, { method: 'POST', headers, body: JSON.stringify({ items: [{ sku, mode: 'set', quantity: HTTP_N * 10, reason: 'bench' }] }) }));
  const reserve = async (reference) => {
    const t0 = performance.now();
    const r = await fetch(`${BASE}/api/v1/stock/reservations`, { method: 'POST', headers, body: JSON.stringify({ reference, lines: [{ sku, quantity: 1 }] }) });
    const body = await r.arrayBuffer();
    if (r.status !== 201) {
      errors.push(`${r.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
      return null;
    }
    return performance.now() - t0;
  };
  let t = performance.now();
  const seq = [];
  for (let i = 0; i < HTTP_N / 4; i++) {
    const ms = await reserve(`${sku}-s${i}`);
    if (ms !== null) seq.push(ms);
  }
  const sequential = summarise(seq, performance.now() - t);
  const conc = [];
  let next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < HTTP_N) {
        const ms = await reserve(`${sku}-c${next++}`);
        if (ms !== null) conc.push(ms);
      }
    }),
  );
  return { sequential, concurrent: summarise(conc, performance.now() - t) };
};


const kura = await startKura({ port: PORT, inspectorPort: 9238 });
const stop = kura.stop;
try {
  const token = await demoApiToken(BASE, ['stock:read', 'stock:write']);
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const dobench = await json(
      await fetch(`${BASE}/api/v1/dev/bench/stock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reservations: N, concurrency: CONCURRENCY }) }),
    );
    const http = await httpRun(token, run);
    runs.push({ do: dobench, http });
    process.stderr.write(`run ${run + 1}/${RUNS} done\n`);
  }
  const pick = (f) => median(runs.map(f));
  const rows = [
    ['DO, sequential', pick((r) => r.do.sequential.perSecond), pick((r) => r.do.sequential.p50Ms), pick((r) => r.do.sequential.p99Ms)],
    [`DO, ${CONCURRENCY}-way concurrent`, pick((r) => r.do.concurrent.perSecond), pick((r) => r.do.concurrent.p50Ms), pick((r) => r.do.concurrent.p99Ms)],
    ['HTTP API, sequential', pick((r) => r.http.sequential.perSecond), pick((r) => r.http.sequential.p50Ms), pick((r) => r.http.sequential.p99Ms)],
    [`HTTP API, ${CONCURRENCY}-way concurrent`, pick((r) => r.http.concurrent.perSecond), pick((r) => r.http.concurrent.p50Ms), pick((r) => r.http.concurrent.p99Ms)],
  ];
  const oversold = Math.max(...runs.map((r) => r.do.oversell.oversold));
  const lag = pick((r) => r.do.projectionLagMs);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  console.log(`\nStockLedger benchmark: median of ${RUNS} runs (${N} DO / ${HTTP_N} HTTP reservations per run), ${machine.cpus} cores, ${machine.cpuModel}`);
  console.log('| path | reservations/s | p50 ms | p99 ms |\n|---|---:|---:|---:|');
  for (const [name, rps, p50, p99] of rows) console.log(`| ${name} | ${rps} | ${p50.toFixed(2)} | ${p99.toFixed(2)} |`);
  console.log(`\noversold units (must be 0): ${oversold}; projection lag after a reservation: ${lag} ms (median)`);
  console.log(`HTTP answers other than 201: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}`);
  console.log(`ratio HTTP/DO concurrent throughput: ${(rows[3][1] / rows[1][1]).toFixed(2)}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/stock.json', JSON.stringify({ at: new Date().toISOString(), machine, runs, medians: rows, oversold, projectionLagMs: lag, httpErrors: errors.length }, null, 2));
  console.log('JSON: bench/results/stock.json');
  if (oversold > 0) process.exitCode = 1;
} finally {
  stop();
}
