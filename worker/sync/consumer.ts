import type { Env, SyncMessage } from '../env';

/**
 * The sync queue consumer. The channel issue turns stock-changed messages
 * into per-mall pushes here; until then each message is acknowledged after it
 * is logged, and the dead-letter queue's messages are logged as failures.
 */
export const handleSyncBatch = async (batch: MessageBatch<SyncMessage>, _env: Env, _ctx: ExecutionContext) => {
  const dead = batch.queue.endsWith('-dlq');
  for (const m of batch.messages) {
    console.log(JSON.stringify({ level: dead ? 'error' : 'info', msg: dead ? 'sync dead letter' : 'sync message', queue: batch.queue, kind: m.body.kind }));
    m.ack();
  }
};
