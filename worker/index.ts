import { buildApp } from './app';
import type { Env, SyncMessage } from './env';
import { handleSyncBatch } from './sync/consumer';
import { runScheduled } from './cron/scheduled';

export { StockLedger } from './stock/ledger-do';
export { ChannelSync } from './channels/sync-do';

const app = buildApp();

export default {
  fetch: app.fetch,
  queue: (batch: MessageBatch<SyncMessage>, env: Env, ctx: ExecutionContext) => handleSyncBatch(batch, env, ctx),
  scheduled: (controller: ScheduledController, env: Env, ctx: ExecutionContext) => runScheduled(controller, env, ctx),
} satisfies ExportedHandler<Env, SyncMessage>;
