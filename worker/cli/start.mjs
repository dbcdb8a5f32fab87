#!/usr/bin/env node
// `npm start`: everything a newcomer needs, nothing to configure.
// (prestart has built the web app.) Writes .dev.vars on first run, applies the
// D1 migrations locally, starts `wrangler dev` on :8787 and seeds the demo.
// The demo has four sandbox stores: the mall fakes (test/fakes/) run in this
// process on 127.0.0.1:8790, and cli/demo-generator.mjs places orders on them.
// KURA_DEMO_STORES=0 leaves the stores out (dev-server.mjs does, for the browser
// tests and benchmarks).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

const PORT = process.env.PORT ?? '8787';
const wrangler = ['node_modules/.bin/wrangler'];
// The browser tests start their own instance on another port with a throwaway state directory.
const persist = process.env.KURA_PERSIST_TO ? ['--persist-to', process.env.KURA_PERSIST_TO] : [];
const inspector = process.env.KURA_INSPECTOR_PORT ? ['--inspector-port', process.env.KURA_INSPECTOR_PORT] : [];
const msOf = (name, fallback) => {
  const v = Number(process.env[name] ?? fallback);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};
const ORDERS_EVERY_MS = msOf('KURA_DEMO_ORDERS_EVERY_MS', 8000);
const PULL_EVERY_MS = msOf('KURA_DEMO_PULL_EVERY_MS', 15_000);

if (!existsSync('.dev.vars')) {
  // Local-only settings; never deployed. The key encrypts TOTP secrets and credentials in the local D1.
  const keys = JSON.stringify({ k1: randomBytes(32).toString('base64') });
  writeFileSync('.dev.vars', `ENVIRONMENT=development\nENCRYPTION_KEY_ID=k1\nENCRYPTION_KEYS=${keys}\n`);
  console.log('wrote .dev.vars (local development settings)');
}

const migrate = spawnSync(wrangler[0], ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], { stdio: 'inherit', env: { ...process.env, CI: 'true' } });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

// The mall fakes, in this process (Node 22 strips the TypeScript). Each demo store's fake
// learns its items before the seed can make the channels, so no push ever finds an unknown item.
let demo = null;
if (process.env.KURA_DEMO_STORES !== '0') {
  const { DEMO_FAKES_URL } = await import('../dev/demo-channels.ts');
  const port = Number(new URL(DEMO_FAKES_URL).port);
  const free = await new Promise((resolve) => {
    const probe = createServer().once('error', () => resolve(false));
    probe.once('listening', () => probe.close(() => resolve(true))).listen(port, '127.0.0.1');
  });
  if (!free) console.warn(`port ${port} is in use: starting without the demo stores (is another npm start running?)`);
  else {
    const { startFakes } = await import('../../test/fakes/server.ts');
    const { registerDemoItems, startDemo } = await import('./demo-generator.mjs');
    const fakes = await startFakes(port, '127.0.0.1');
    await registerDemoItems(fakes.url);
    demo = { fakes, startDemo, running: null };
  }
}

// --test-scheduled: GET /__scheduled fires the cron triggers (wrangler dev never does by itself).
const scheduled = demo ? ['--test-scheduled'] : [];
const dev = spawn(wrangler[0], ['dev', '--port', PORT, '--ip', '127.0.0.1', '--show-interactive-dev-session=false', ...scheduled, ...persist, ...inspector], { stdio: 'inherit' });
const stop = () => {
  demo?.running?.stop();
  dev.kill('SIGINT');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
dev.on('exit', (code) => process.exit(code ?? 0));

const base = `http://127.0.0.1:${PORT}`;
let ready = false;
for (let i = 0; i < 120 && !ready; i++) {
  ready = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
  if (!ready) await new Promise((r) => setTimeout(r, 500));
}
if (!ready) {
  console.error('wrangler dev did not answer on /api/health');
  stop();
  process.exit(1);
}
const seedUrl = `${base}/api/v1/dev/seed${demo ? `?stores=${encodeURIComponent(demo.fakes.url)}` : ''}`;
const seeded = await fetch(seedUrl, { method: 'POST' }).then((r) => r.json()).catch((e) => ({ error: String(e) }));
let demoLines = '';
if (demo && Array.isArray(seeded.stores)) {
  try {
    demo.running = await demo.startDemo({ base, fakesUrl: demo.fakes.url, stores: seeded.stores, ordersEveryMs: ORDERS_EVERY_MS, pullEveryMs: PULL_EVERY_MS });
    const every = (ms, what) => (ms > 0 ? `${what} every ${ms / 1000} s` : `${what} off`);
    demoLines = `
  mall fakes:      ${demo.fakes.url}  (${seeded.stores.map((s) => `/${s.type}/demo`).join(' ')}; __fake/stock shows each store's stock)
  demo stores:     ${seeded.stores.map((s) => s.name).join(', ')}
  demo traffic:    ${every(ORDERS_EVERY_MS, 'an order')} (KURA_DEMO_ORDERS_EVERY_MS), ${every(PULL_EVERY_MS, 'order pulls')} (KURA_DEMO_PULL_EVERY_MS); KURA_DEMO_STORES=0: no stores`;
  } catch (e) {
    console.warn(`the demo stores could not be connected: ${e instanceof Error ? e.message : e}`);
  }
}
console.log(`
  Kura is running: http://localhost:${PORT}
  demo sign-in:    company code demo / login admin / password DemoPassword2026
  API docs:        http://localhost:${PORT}/api/docs     outbox: http://localhost:${PORT}/dev/outbox${demoLines}
  seed:            ${JSON.stringify(seeded.created ?? seeded)}
`);
console.log('KURA_READY');
