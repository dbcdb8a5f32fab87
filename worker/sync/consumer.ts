import { createDb } from '../db/client';
import type { Env, SyncMessage } from '../env';
import { recheckAwaitingStock } from '../orders/service';

/**
 * The sync queue consumer. stock-changed messages (one per SKU, from the
 * StockLedger's outbox) re-check the account's orders waiting for those SKUs,
 * oldest first; the channel issue adds the per-mall pushes here. Messages of
 * the dead-letter queue are logged as failures.
 */
export const handleSyncBatch = async (batch: MessageBatch<SyncMessage>, env: Env, _ctx: ExecutionContext) => {
  if (batch.queue.endsWith('-dlq')) {
    for (const m of batch.messages) {
      console.error(JSON.stringify({ level: 'error', msg: 'sync dead letter', queue: batch.queue, kind: m.body.kind }));
      m.ack();
    }
    return;
  }
  // Coalesce: one re-check per account for all its changed SKUs in this batch.
  const byAccount = new Map<string, { skus: Set<string>; messages: Message<SyncMessage>[] }>();
  for (const m of batch.messages) {
    if (m.body.kind !== 'stock-changed') {
      m.ack();
      continue;
    }
    const entry = byAccount.get(m.body.accountId) ?? { skus: new Set<string>(), messages: [] };
    entry.skus.add(m.body.sku);
    entry.messages.push(m);
    byAccount.set(m.body.accountId, entry);
  }
  const db = createDb(env.DB);
  for (const [accountId, { skus, messages }] of byAccount) {
    try {
      await recheckAwaitingStock(env, db, accountId, [...skus]);
      for (const m of messages) m.ack();
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'awaiting-stock re-check failed; will retry', accountId, error: String(e) }));
      for (const m of messages) m.retry({ delaySeconds: 5 });
    }
  }
};
