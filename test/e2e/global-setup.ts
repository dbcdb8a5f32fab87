import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

const PORT = process.env.E2E_PORT ?? '8799';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** Starts Kura exactly as `npm start` does (migrations, wrangler dev, demo seed), on its own port and state. */
export default async function setup(project: TestProject) {
  const state = mkdtempSync(join(tmpdir(), 'kura-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['worker/cli/start.mjs'], {
    env: { ...process.env, PORT, KURA_PERSIST_TO: state, KURA_INSPECTOR_PORT: '9239' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kura did not start in 150 s:\n${log.slice(-3000)}`)), 150_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      if (log.includes('KURA_READY')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Kura exited with ${code}:\n${log.slice(-3000)}`));
    });
  });
  child.removeAllListeners('exit');
  project.provide('baseURL', `http://localhost:${PORT}`);
  return () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
    rmSync(state, { recursive: true, force: true });
  };
}
