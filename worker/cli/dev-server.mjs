// Starts Kura exactly as `npm start` does (migrations, wrangler dev, demo seed) on
// its own port and throwaway state directory, for the browser tests and the
// benchmarks, but without the demo stores (no mall fakes, no order generator). Answers a stop function; the state directory goes with it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const startKura = async ({ port, inspectorPort, state = mkdtempSync(join(tmpdir(), 'kura-')), keepState = false }) => {
  const child = spawn(process.execPath, ['worker/cli/start.mjs'], {
    env: { ...process.env, PORT: String(port), KURA_PERSIST_TO: state, KURA_INSPECTOR_PORT: String(inspectorPort), KURA_DEMO_STORES: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kura did not start in 150 s:\n${log.slice(-3000)}`)), 150_000);
    const onData = (d) => {
      log += d.toString();
      if (log.includes('KURA_READY')) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Kura exited with ${code}:\n${log.slice(-3000)}`));
    });
  });
  return {
    baseURL: `http://127.0.0.1:${port}`,
    state,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      if (!keepState) rmSync(state, { recursive: true, force: true });
    },
  };
};

/** Signs in as the demo admin once and makes an API token with these scopes (no PBKDF2 per request after that). */
export const demoApiToken = async (base, scopes) => {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ account: 'demo', loginId: 'admin', password: 'DemoPassword2026' }),
  });
  if (!login.ok) throw new Error(`demo sign-in answered ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const me = await (await fetch(`${base}/api/v1/me`, { headers: { cookie } })).json();
  const res = await fetch(`${base}/api/v1/api-tokens`, {
    method: 'POST',
    headers: { cookie, origin: base, 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
    body: JSON.stringify({ name: `bench-${Date.now()}`, scopes }),
  });
  if (!res.ok) throw new Error(`token creation answered ${res.status}`);
  return (await res.json()).token;
};
