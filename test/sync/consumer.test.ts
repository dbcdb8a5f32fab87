import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import type { SyncMessage } from '../../worker/env';

const message = (id: string, body: SyncMessage) => ({ id, timestamp: new Date(), attempts: 1, body });

describe('the sync queue consumer', () => {
  it('acknowledges every message of a batch', async () => {
    const batch = createMessageBatch<SyncMessage>('kura-sync', [
      message('m1', { kind: 'stock-changed', accountId: 'a1', sku: 'SKU-1', version: 3 }),
      message('m2', { kind: 'order-pull', accountId: 'a1', channelId: 'c1' }),
      message('m3', { kind: 'stock-changed', accountId: 'a2', sku: 'SKU-9', version: 1 }),
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.outcome).toBe('ok');
    expect(result.explicitAcks.sort()).toEqual(['m1', 'm2', 'm3']);
    expect(result.retryMessages).toEqual([]);
    expect(result.retryBatch.retry).toBe(false);
  });

  it('acknowledges (and logs) dead letters', async () => {
    const batch = createMessageBatch<SyncMessage>('kura-sync-dlq', [message('d1', { kind: 'stock-changed', accountId: 'a1', sku: 'SKU-1', version: 3 })]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(['d1']);
  });

  it('an empty batch is fine', async () => {
    const batch = createMessageBatch<SyncMessage>('kura-sync', []);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).outcome).toBe('ok');
  });
});
