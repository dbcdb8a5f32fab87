#!/usr/bin/env node
// `npm run bench:orders` (also part of `npm run bench`): order import and the
// order list against Kura in workerd (`wrangler dev` on its own port and state).
//   - import: orders per second through POST /api/v1/orders (each reserves stock), 50-way concurrent
//   - batch import: orders per second through POST /api/v1/orders/batch, 100 orders a request, 4-way
//   - list: the first page of 100,000 orders filtered by status, median and p99 over repeated requests
// Prints medians and writes bench/results/orders.json.
import { spawnSync } from 'node:child_process';
import { demoApiToken, startKura } from '../worker/cli/dev-server.mjs';
import { json, summarise } from './stats.mjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const PORT = process.env.BENCH_PORT ?? '8797';
const BASE = `http://127.0.0.1:${PORT}`;
const IMPORTS = Number(process.env.BENCH_ORDER_IMPORTS ?? 1000);
const SEEDED = Number(process.env.BENCH_ORDERS_SEEDED ?? 100_000);
const CONCURRENCY = 50;
const BATCH_IMPORTS = Number(process.env.BENCH_BATCH_IMPORTS ?? 5000);
const BATCH_CONCURRENCY = 4;


const order = (i, sku) => ({
  channelId: 'bench',
  externalId: `B-${Date.now()}-${i}`,
  orderedAt: new Date().toISOString(),
  customer: { name: `ベンチ 太郎${i}`, email: `bench${i}@example.jp` },
  shipTo: { name: `ベンチ 太郎${i}`, postalCode: '100-0001', prefecture: '東京都', city: '千代田区', address1: '千代田1-1', phone: '03-0000-0000' },
  lines: [{ sku, quantity: 1, unitPrice: 1000 }],
  payment: { method: 'credit_card', paid: true },
});

/** 100,000 orders straight into the local D1 (SQL through wrangler), to measure the list at that size. */
const seedOrders = (state, accountId) => {
  const statuses = ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'shipped', 'cancelled', 'on_hold'];
  const file = join(state, 'orders.sql');
  const rows = [];
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < SEEDED; i++) {
    const at = new Date(t0 + i * 60_000).toISOString();
    const id = `BENCH${String(i).padStart(10, '0')}`;
    rows.push(
      `('${id}','${accountId}','S${String(i).padStart(7, '0')}','seed','E${i}','${statuses[i % statuses.length]}','${at}','顧客${i}',NULL,NULL,'顧客${i}','1000001','東京都','千代田区','1-1',NULL,'0300000000','credit_card',1,NULL,NULL,NULL,NULL,1000,0,0,0,0,0,1000,0,0,'[]',NULL,NULL,NULL,NULL,NULL,'${at}','${at}')`,
    );
  }
  const cols =
    'id,account_id,number,channel_id,external_id,status,ordered_at,customer_name,customer_email,customer_phone,ship_name,postal_code,prefecture,city,address1,address2,ship_phone,payment_method,paid,shipping_method,desired_date,time_slot,note,items_total,shipping_fee,fees,discount,points,tax,total,stock_warning,reserved,flags,carrier,tracking_number,shipped_at,cancelled_at,raw,created_at,updated_at';
  const chunks = [];
  for (let i = 0; i < rows.length; i += 150) chunks.push(`INSERT INTO orders (${cols}) VALUES ${rows.slice(i, i + 150).join(',')};`);
  writeFileSync(file, chunks.join('\n'));
  const r = spawnSync('node_modules/.bin/wrangler', ['d1', 'execute', 'DB', '--local', '--persist-to', state, '--file', file], { stdio: 'pipe', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) throw new Error(`seeding failed: ${r.stderr}`);
};

const state = mkdtempSync(join(tmpdir(), 'kura-bench-orders-'));
let stop = (await startKura({ port: PORT, inspectorPort: 9237, state, keepState: true })).stop;
const SCOPES = ['stock:read', 'stock:write', 'orders:read', 'orders:write'];
try {
  const token = await demoApiToken(BASE, SCOPES);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const sku = `BENCH-ORD-${Date.now()}`;
  await json(await fetch(`${BASE}/api/v1/skus`, { method: 'POST', headers, body: JSON.stringify({ code: sku, name: 'bench' }) }));
  await json(await fetch(`${BASE}/api/v1/stock/adjustments`, { method: 'POST', headers, body: JSON.stringify({ items: [{ sku, mode: 'set', quantity: (IMPORTS + BATCH_IMPORTS) * 2, reason: 'bench' }] }) }));

  // Import one order a request, 50 requests at a time.
  const lat = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < IMPORTS) {
        const i = next++;
        const s = performance.now();
        const r = await fetch(`${BASE}/api/v1/orders`, { method: 'POST', headers, body: JSON.stringify(order(i, sku)) });
        await r.arrayBuffer();
        if (r.status === 201) lat.push(performance.now() - s);
        else errors++;
      }
    }),
  );
  const importStats = summarise(lat, performance.now() - t0);

  // Import through POST /orders/batch (what the mall pulls use): 100 orders a request, 4 requests at a time.
  const batchLat = [];
  let nextBatch = 0;
  let batchErrors = 0;
  const batches = Math.ceil(BATCH_IMPORTS / 100);
  const tb = performance.now();
  await Promise.all(
    Array.from({ length: BATCH_CONCURRENCY }, async () => {
      while (nextBatch < batches) {
        const b = nextBatch++;
        const body = { orders: Array.from({ length: 100 }, (_, k) => order(IMPORTS + b * 100 + k, sku)) };
        const s = performance.now();
        const r = await fetch(`${BASE}/api/v1/orders/batch`, { method: 'POST', headers, body: JSON.stringify(body) });
        const answer = await r.json();
        if (r.status === 200 && answer.results.every((x) => x.created && !x.stockWarning)) batchLat.push(performance.now() - s);
        else batchErrors++;
      }
    }),
  );
  const batchElapsed = performance.now() - tb;
  const batchStats = { ...summarise(batchLat, batchElapsed), perSecond: Math.round((batchLat.length * 100) / (batchElapsed / 1000)) };

  // The list at 100,000 orders.
  stop();
  // The demo account's id, read from the local D1.
  const q = spawnSync('node_modules/.bin/wrangler', ['d1', 'execute', 'DB', '--local', '--persist-to', state, '--json', '--command', "SELECT id FROM accounts WHERE code = 'demo'"], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const demoId = JSON.parse(q.stdout)[0].results[0].id;
  seedOrders(state, demoId);
  stop = (await startKura({ port: PORT, inspectorPort: 9237, state, keepState: true })).stop;
  const token2 = await demoApiToken(BASE, SCOPES);
  const listLat = [];
  for (let i = 0; i < 30; i++) {
    const s = performance.now();
    const r = await fetch(`${BASE}/api/v1/orders?status=new&limit=50`, { headers: { authorization: `Bearer ${token2}` } });
    const body = await r.json();
    if (i > 2) listLat.push(performance.now() - s); // first calls warm the isolate
    if (!body.items?.length) throw new Error('the list came back empty');
  }
  const list = summarise(listLat, listLat.reduce((a, b) => a + b, 0));
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  console.log(`\nOrders benchmark on ${machine.cpus} cores, ${machine.cpuModel}`);
  console.log('| measure | value |\n|---|---:|');
  console.log(`| import, ${CONCURRENCY}-way concurrent (orders/s) | ${importStats.perSecond} |`);
  console.log(`| import p50 / p99 (ms) | ${importStats.p50Ms.toFixed(1)} / ${importStats.p99Ms.toFixed(1)} |`);
  console.log(`| import answers other than 201 | ${errors} |`);
  console.log(`| batch import, 100 a request, ${BATCH_CONCURRENCY}-way (orders/s) | ${batchStats.perSecond} |`);
  console.log(`| batch request p50 / p99 (ms, 100 orders) | ${batchStats.p50Ms.toFixed(1)} / ${batchStats.p99Ms.toFixed(1)} |`);
  console.log(`| batch requests failed | ${batchErrors} |`);
  console.log(`| list, first page of ${SEEDED.toLocaleString()} orders by status, p50 / p99 (ms, round trip) | ${list.p50Ms.toFixed(1)} / ${list.p99Ms.toFixed(1)} |`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/orders.json', JSON.stringify({ at: new Date().toISOString(), machine, import: { ...importStats, errors }, batchImport: { ...batchStats, errors: batchErrors }, list: { seeded: SEEDED, ...list } }, null, 2));
  console.log('JSON: bench/results/orders.json');
} finally {
  stop();
  rmSync(state, { recursive: true, force: true });
}
