import type { TestProject } from 'vitest/node';
import { startKura } from '../../worker/cli/dev-server.mjs';

const PORT = process.env.E2E_PORT ?? '8799';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** Starts Kura exactly as `npm start` does (migrations, wrangler dev, demo seed), on its own port and state. */
export default async function setup(project: TestProject) {
  const kura = await startKura({ port: PORT, inspectorPort: 9239 });
  const baseURL = `http://localhost:${PORT}`;
  // Warm up: the first page a fresh workerd renders loads the whole web bundle; no test should pay for that.
  for (const path of ['/login', '/api/v1/openapi.json']) await fetch(`${baseURL}${path}`, { headers: { 'cf-connecting-ip': '198.51.100.254' } }).then((r) => r.arrayBuffer());
  project.provide('baseURL', baseURL);
  return () => kura.stop();
}
