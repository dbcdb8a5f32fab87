#!/usr/bin/env node
// `npm run bench:sync` (also part of `npm run bench`): how fast a sale reaches every store.
//   - propagation: a sale placed on the Shopify fake arrives as a signed webhook, Kura reserves it,
//     and the new quantity is accepted by the Rakuten, Yahoo! and Amazon fakes (artificial latency 0;
//     the fakes' own rate limits stay on). Measured from the sale to the last store's acceptance,
//     using the fakes' own receipt timestamps. Sales are spaced 1.1 s apart, the fastest Rakuten and
//     Yahoo! accept one stock call.
//   - full resync: 100,000 SKUs to each mall under its documented limit, in simulated time, with the
//     sync engine's own pacing function (POST /api/v1/dev/bench/resync), against the floor the limit allows.
// Prints a table and writes bench/results/sync.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { demoApiToken, startKura } from '../worker/cli/dev-server.mjs';
import { startFakes } from '../test/fakes/server.ts';
import { AMAZON_FAKE_CREDENTIALS } from '../test/fakes/amazon/credentials.ts';
import { RAKUTEN_FAKE_CREDENTIALS } from '../test/fakes/rakuten/credentials.ts';
import { fakeShopifyCredentials, FAKE_WEBHOOK_SECRET } from '../test/fakes/shopify/constants.ts';
import { json, summarise } from './stats.mjs';

const PORT = process.env.BENCH_PORT ?? '8796';
const BASE = `http://127.0.0.1:${PORT}`;
const SALES = Number(process.env.BENCH_SALES ?? 40);
const RESYNC_SKUS = Number(process.env.BENCH_RESYNC_SKUS ?? 100_000);
const SPACING_MS = 1100;

const CREDENTIALS = {
  shopify: fakeShopifyCredentials(),
  rakuten: { ...RAKUTEN_FAKE_CREDENTIALS },
  yahoo: { sellerId: 'kura-store', clientId: 'kura-client-id', clientSecret: 'kura-client-secret', refreshToken: 'kura-refresh-token' },
  amazon: { ...AMAZON_FAKE_CREDENTIALS },
};
const SKU = `SYNC-BENCH-${Date.now()}`;
const REMOTE = {
  shopify: { remoteId: 'gid://shopify/InventoryItem/8800001', remoteVariantId: 'gid://shopify/ProductVariant/8800001' },
  rakuten: { remoteId: 'sync-bench', remoteVariantId: 'v1' },
  yahoo: { remoteId: 'syncbench' },
  amazon: { remoteId: SKU },
};
const keyOf = (r) => (r.remoteVariantId ? `${r.remoteId}/${r.remoteVariantId}` : r.remoteId);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const fakes = await startFakes(0);
const { stop } = await startKura({ port: PORT, inspectorPort: 9236 });
try {
  const token = await demoApiToken(BASE, ['stock:read', 'stock:write', 'orders:read', 'orders:write', 'channels:read', 'channels:write']);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const api = async (path, init = {}) => json(await fetch(`${BASE}/api/v1${path}`, { ...init, headers: { ...headers, ...init.headers } }));
  const control = async (mall, path, body) => json(await fetch(`${fakes.url}/${mall}/bench/__fake/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

  const START = 100_000;
  await api('/skus', { method: 'POST', body: JSON.stringify({ code: SKU, name: 'sync bench' }) });
  await api('/stock/adjustments', { method: 'POST', body: JSON.stringify({ items: [{ sku: SKU, mode: 'set', quantity: START, reason: 'bench' }] }) });
  const channels = {};
  for (const mall of ['shopify', 'rakuten', 'yahoo', 'amazon']) {
    await control(mall, 'items', [{ sku: SKU, ...REMOTE[mall], quantity: START }]);
    const ch = await api('/channels', { method: 'POST', body: JSON.stringify({ type: mall, name: `bench ${mall}`, endpoint: `${fakes.url}/${mall}/bench`, credentials: CREDENTIALS[mall] }) });
    channels[mall] = ch.id;
    await api(`/channels/${ch.id}/listings`, { method: 'PUT', body: JSON.stringify({ items: [{ sku: SKU, ...REMOTE[mall] }] }) });
  }
  await control('shopify', 'config', { webhookUrl: `${BASE}/hooks/shopify/${channels.shopify}`, webhookSecret: FAKE_WEBHOOK_SECRET });
  await sleep(2500); // the listing pushes settle

  const others = ['rakuten', 'yahoo', 'amazon'];
  const latencies = [];
  let missed = 0;
  for (let i = 0; i < SALES; i++) {
    const expected = START - (i + 1);
    const seen = Object.fromEntries(await Promise.all(others.map(async (m) => [m, (await control(m, 'received?op=stock')).length])));
    const t0 = Date.now();
    await control('shopify', 'orders', {
      customer: { name: 'ベンチ 太郎', email: 'bench@example.jp', phone: '090-0000-0000' },
      shipTo: { name: 'ベンチ 太郎', postalCode: '100-0001', prefecture: '東京都', city: '千代田区', address1: '千代田1-1', phone: '090-0000-0000' },
      lines: [{ sku: SKU, quantity: 1, unitPrice: 1000 }],
      payment: 'card',
      paid: true,
    });
    // Each store's receipt of the new quantity, by the fake's own clock (same machine, same clock).
    const accepted = {};
    const deadline = t0 + 10_000;
    while (Object.keys(accepted).length < others.length && Date.now() < deadline) {
      await Promise.all(
        others
          .filter((m) => !accepted[m])
          .map(async (m) => {
            const got = (await control(m, 'received?op=stock')).slice(seen[m]);
            const hit = got.find((r) => JSON.stringify(r.body).includes(String(expected)));
            if (hit) accepted[m] = Date.parse(hit.at);
          }),
      );
      if (Object.keys(accepted).length < others.length) await sleep(5);
    }
    if (Object.keys(accepted).length < others.length) missed++;
    else latencies.push(Math.max(...Object.values(accepted)) - t0);
    const rest = SPACING_MS - (Date.now() - t0);
    if (rest > 0) await sleep(rest);
  }
  const propagation = summarise(latencies, 1);
  const finalStock = await control('rakuten', 'stock');

  const resync = await api('/dev/bench/resync', { method: 'POST', body: JSON.stringify({ skus: RESYNC_SKUS }) });

  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  console.log(`\nSync benchmark on ${machine.cpus} cores, ${machine.cpuModel}`);
  console.log('| measure | value |\n|---|---:|');
  console.log(`| propagation, sale on Shopify (webhook) → accepted by Rakuten, Yahoo! and Amazon: p50 / p99 (ms) | ${propagation.p50Ms.toFixed(0)} / ${propagation.p99Ms.toFixed(0)} |`);
  console.log(`| sales measured / not propagated within 10 s | ${latencies.length} / ${missed} |`);
  console.log(`| Rakuten fake shows afterwards | ${finalStock[keyOf(REMOTE.rakuten)]} (expected ${START - SALES}) |`);
  for (const r of resync.results) {
    console.log(`| full resync ${RESYNC_SKUS.toLocaleString()} SKUs, ${r.type} (${r.calls} calls, simulated) | ${(r.simulatedMs / 1000).toFixed(1)} s = ${r.ratio.toFixed(3)}× the floor ${(r.floorMs / 1000).toFixed(1)} s |`);
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/sync.json', JSON.stringify({ at: new Date().toISOString(), machine, propagation: { ...propagation, missed, sales: SALES }, resync }, null, 2));
  console.log('JSON: bench/results/sync.json');
  if (missed || finalStock[keyOf(REMOTE.rakuten)] !== START - SALES) process.exitCode = 1;
} finally {
  stop();
  await fakes.close();
}
