import { defineConfig } from 'vitest/config';

/**
 * Browser end-to-end tests: real Chromium (Debian's, driven by playwright-core)
 * against a real `wrangler dev` that global-setup.ts starts on its own port with
 * a throwaway state directory, so it never touches the developer's local data.
 */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
