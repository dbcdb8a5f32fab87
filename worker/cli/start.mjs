#!/usr/bin/env node
// `npm start`: everything a newcomer needs, nothing to configure.
// (prestart has built the web app.) Writes .dev.vars on first run, applies the
// D1 migrations locally, starts `wrangler dev` on :8787 and seeds the demo.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const PORT = process.env.PORT ?? '8787';
const wrangler = ['node_modules/.bin/wrangler'];

if (!existsSync('.dev.vars')) {
  // Local-only settings; never deployed. The key encrypts TOTP secrets and credentials in the local D1.
  const keys = JSON.stringify({ k1: randomBytes(32).toString('base64') });
  writeFileSync('.dev.vars', `ENVIRONMENT=development\nENCRYPTION_KEY_ID=k1\nENCRYPTION_KEYS=${keys}\n`);
  console.log('wrote .dev.vars (local development settings)');
}

const migrate = spawnSync(wrangler[0], ['d1', 'migrations', 'apply', 'DB', '--local'], { stdio: 'inherit', env: { ...process.env, CI: 'true' } });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const dev = spawn(wrangler[0], ['dev', '--port', PORT, '--ip', '127.0.0.1', '--show-interactive-dev-session=false'], { stdio: 'inherit' });
const stop = () => dev.kill('SIGINT');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
dev.on('exit', (code) => process.exit(code ?? 0));

const base = `http://127.0.0.1:${PORT}`;
for (let i = 0; i < 120; i++) {
  try {
    const r = await fetch(`${base}/api/health`);
    if (r.ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 500));
}
const seeded = await fetch(`${base}/api/v1/dev/seed`, { method: 'POST' }).then((r) => r.json()).catch((e) => ({ error: String(e) }));
console.log(`
  Kura is running: http://localhost:${PORT}
  demo sign-in:    company code demo / login admin / password DemoPassword2026
  API docs:        http://localhost:${PORT}/api/docs     outbox: http://localhost:${PORT}/dev/outbox
  seed:            ${JSON.stringify(seeded)}
`);
