// What the tests see of the Worker: its bindings plus the test-only migrations
// list, and its main module (so `exports.default` from cloudflare:workers is typed).
import type { D1Migration } from 'cloudflare:test';
import type { Env as WorkerEnv } from '../worker/env';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** set by vitest.config.ts (optional in the type so the Worker's own classes still fit Cloudflare.Env) */
      TEST_MIGRATIONS?: D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import('../worker/index');
      durableNamespaces: 'StockLedger' | 'ChannelSync';
    }
  }
}
