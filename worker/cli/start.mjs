#!/usr/bin/env node
// `npm start`: everything a newcomer needs, nothing to configure.
// (prestart has built the web app.) Writes .dev.vars on first run, applies the
// D1 migrations locally, starts `wrangler dev` on :8787 and seeds the demo.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const PORT = process.env.PORT ?? '8787';
const wrangler = ['node_modules/.bin/wrangler'];
// The browser tests start their own instance on another port with a throwaway state directory.
const persist = process.env.KURA_PERSIST_TO ? ['--persist-to', process.env.KURA_PERSIST_TO] : [];
const inspector = process.env.KURA_INSPECTOR_PORT ? ['--inspector-port', process.env.KURA_INSPECTOR_PORT] : [];

if (!existsSync('.dev.vars')) {
  // Local-only settings; never deployed. The key encrypts TOTP secrets and credentials in the local D1.
  const keys = JSON.stringify({ k1: randomBytes(32).toString('base64') });
  writeFileSync('.dev.vars', `ENVIRONMENT=development\nENCRYPTION_KEY_ID=k1\nENCRYPTION_KEYS=${keys}\n`);
  console.log('wrote .dev.vars (local development settings)');
}

const migrate = spawnSync(wrangler[0], ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], { stdio: 'inherit', env: { ...process.env, CI: 'true' } });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const dev = spawn(wrangler[0], ['dev', '--port', PORT, '--ip', '127.0.0.1', '--show-interactive-dev-session=false', ...persist, ...inspector], { stdio: 'inherit' });
const stop = () => dev.kill('SIGINT');
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
const seeded = await fetch(`${base}/api/v1/dev/seed`, { method: 'POST' }).then((r) => r.json()).catch((e) => ({ error: String(e) }));
console.log(`
  Kura is running: http://localhost:${PORT}
  demo sign-in:    company code demo / login admin / password DemoPassword2026
  API docs:        http://localhost:${PORT}/api/docs     outbox: http://localhost:${PORT}/dev/outbox
  seed:            ${JSON.stringify(seeded)}
`);
console.log('KURA_READY');
