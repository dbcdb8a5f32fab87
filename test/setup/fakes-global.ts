import type { TestProject } from 'vitest/node';
import { startFakes } from '../fakes/server.ts';

/**
 * Vitest global setup (runs in Node, not workerd): starts the mall conformance
 * fakes on a free local port for the whole run and hands their URL to the tests
 * (`inject('fakesUrl')`, see test/helpers/fakes.ts). Nothing reaches the internet.
 */
export default async function setup(project: TestProject) {
  const fakes = await startFakes(0);
  project.provide('fakesUrl', fakes.url);
  return () => fakes.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    fakesUrl: string;
  }
}
