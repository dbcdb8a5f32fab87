import { existsSync } from 'node:fs';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * The Worker test suite: every test/**\/*.test.ts except the browser e2e suite
 * runs inside workerd through @cloudflare/vitest-pool-workers, against the real
 * wrangler.toml bindings (D1, the StockLedger DO, queues, R2) with local
 * development settings. The Worker imports the Qwik server bundle
 * (web/server/), so `npm run build:web` runs first (npm's pretest does it).
 *
 * The browser e2e suite (test/e2e/, playwright-core under plain Node) is not
 * part of this config: it has its own, test/e2e/vitest.config.ts, without the
 * cloudflareTest plugin (`npm run test:e2e`).
 *
 * Storage (D1, DO) is shared by the tests of a file and may be shared between
 * files, so tests never rely on an empty database: each makes its own account with a unique company code
 * (test/helpers/tenant.ts) and signs in from its own client IP (the login
 * throttle counts per IP).
 */

/** A fixed AES-256 key for the tests only (never used anywhere else). */
const TEST_ENCRYPTION_KEY = 'dGVzdC1vbmx5LWtleS1rdXJhLTMyLWJ5dGVzLWxvbmc=';

export default defineConfig(async () => {
  if (!existsSync('./web/server/entry.cloudflare-pages.js')) {
    throw new Error('web/server is missing: run `npm run build:web` first (`npm test` does it in pretest)');
  }
  const migrations = await readD1Migrations('./migrations');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            ENVIRONMENT: 'development',
            ENCRYPTION_KEY_ID: 'k1',
            ENCRYPTION_KEYS: JSON.stringify({ k1: TEST_ENCRYPTION_KEY }),
            TEST_MIGRATIONS: migrations,
            // channel push retries back off from 30 ms instead of 1 s, so fault tests run in moments
            SYNC_BACKOFF_BASE_MS: '30',
            // a mall call that hangs counts as failed after 3 s instead of 15 s
            MALL_TIMEOUT_MS: '3000',
          },
        },
      }),
    ],
    test: {
      include: ['test/**/*.test.ts'],
      exclude: ['test/e2e/**', 'node_modules/**'],
      setupFiles: ['./test/setup/apply-migrations.ts'],
      // The mall conformance fakes run in Node beside workerd for the whole run.
      globalSetup: ['./test/setup/fakes-global.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      // The Worker's structured info/warn logs (one per request) would bury the
      // test output; errors still show.
      onConsoleLog: (log: string) => !/^\{"level":"(info|warn)"/.test(log.trim()),
    },
  };
});
