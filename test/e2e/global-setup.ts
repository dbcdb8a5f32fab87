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
  project.provide('baseURL', `http://localhost:${PORT}`);
  return () => kura.stop();
}
