import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelSyncOf } from '../../worker/channels/sync-do';
import { eventually, type Client } from '../helpers/client';
import { connectChannel, storeQuantity } from '../helpers/channels';
import { createSku } from '../helpers/orders';
import { createTenant, signIn, sqlFirst, type Tenant } from '../helpers/tenant';

/**
 * The channel push queue (ChannelSync DO) under the malls' limits and
 * failures: retries with nothing lost or duplicated, Retry-After honoured, the
 * dead-letter list after the retries run out (and its retry button), batches
 * within each mall's per-call maximum, coalescing, and drift read back.
 */
describe('channel sync reliability', () => {
  let t: Tenant;
  let admin: Client;
  let n = 0;
  const sku = (stock: number) => createSku(admin, `REL-${++n}`, stock);
  const statusOf = async (id: string) =>
    (await (await admin.api(`/channels/${id}/status`)).json()) as { backlog: number; errors: { kind: string; message: string }[]; deadLetters: number; drift: { sku: string }[] };

  beforeAll(async () => {
    t = await createTenant();
    admin = await signIn(t, 'admin');
  });

  it('500s are retried with backoff: the store gets the quantity once, nothing lost or duplicated', async () => {
    const a = await sku(0);
    const items = await connectChannel(admin, 'shopify', [a]);
    await eventually(async () => expect((await items.fake.received('stock')).length).toBe(1), 15_000);
    await items.fake.fault({ kind: 'status', status: 503, count: 3, match: 'graphql' });
    expect((await admin.api('/stock/adjustments', { json: { items: [{ sku: a, mode: 'set', quantity: 9, reason: 'x' }] } })).status).toBe(200);
    await eventually(async () => expect(await storeQuantity(items, a)).toBe(9), 15_000);
    // the listing's push (0), then the adjustment (9) once, after three refused tries
    const sent = (await items.fake.received('stock')).map((x) => JSON.stringify(x.body).match(/"quantity":(\d+)/)?.[1]);
    expect(sent).toEqual(['0', '9']);
    await eventually(async () => expect((await statusOf(items.id)).backlog).toBe(0));
    expect((await statusOf(items.id)).deadLetters).toBe(0);
  });

  it('a call the mall never answers times out and is retried: the quantity arrives once', async () => {
    const a = await sku(0);
    const ch = await connectChannel(admin, 'shopify', [a]);
    await eventually(async () => expect((await ch.fake.received('stock')).length).toBe(1), 15_000);
    await ch.fake.fault({ kind: 'timeout', ms: 6000, count: 1, match: 'graphql' });
    expect((await admin.api('/stock/adjustments', { json: { items: [{ sku: a, mode: 'set', quantity: 5, reason: 'x' }] } })).status).toBe(200);
    await eventually(async () => expect(await storeQuantity(ch, a)).toBe(5), 15_000);
    const sent = (await ch.fake.received('stock')).map((x) => JSON.stringify(x.body).match(/"quantity":(\d+)/)?.[1]);
    expect(sent).toEqual(['0', '5']);
  });

  it('a 429 with Retry-After is waited out before the next try', async () => {
    const a = await sku(4);
    const ch = await connectChannel(admin, 'yahoo', [], {});
    await ch.fake.fault({ kind: 'status', status: 429, retryAfter: 2, count: 1, match: 'setStock' });
    const started = Date.now();
    await admin.api(`/channels/${ch.id}/listings`, { method: 'PUT', json: { items: [{ sku: a, remoteId: `y${n}rel` }] } });
    await ch.fake.addItems([{ sku: a, remoteId: `y${n}rel`, quantity: 0 }]);
    await eventually(async () => expect((await ch.fake.stock())[`y${n}rel`]).toBe(4), 15_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(await ch.fake.received('stock')).toHaveLength(1);
  });

  it('after the retries run out the push goes to the dead-letter list; retry sends today’s quantity', async () => {
    const a = await sku(6);
    const ch = await connectChannel(admin, 'shopify', [], {});
    await ch.fake.fault({ kind: 'status', status: 500, count: 6, match: 'graphql' });
    const ids = { remoteId: 'gid://shopify/InventoryItem/9100001', remoteVariantId: 'gid://shopify/ProductVariant/9100001' };
    await ch.fake.addItems([{ sku: a, ...ids, quantity: 0 }]);
    await admin.api(`/channels/${ch.id}/listings`, { method: 'PUT', json: { items: [{ sku: a, ...ids }] } });
    const letters = await eventually(async () => {
      const body = (await (await admin.api(`/channels/${ch.id}/dead-letters`)).json()) as { items: { id: string; kind: string; payload: { sku: string; quantity: number }[]; attempts: number; error: string }[] };
      expect(body.items).toHaveLength(1);
      return body.items;
    }, 20_000);
    expect(letters[0]).toMatchObject({ kind: 'stock', attempts: 6, payload: [expect.objectContaining({ sku: a, quantity: 6 })] });
    expect(await ch.fake.received('stock')).toHaveLength(0);
    const status = await statusOf(ch.id);
    expect(status).toMatchObject({ backlog: 0, deadLetters: 1 });
    expect(status.errors.map((e) => e.kind)).toContain('stock');

    // stock moved meanwhile; the retry pushes what is true now, and the letter leaves the list
    expect((await admin.api('/stock/adjustments', { json: { items: [{ sku: a, mode: 'set', quantity: 2, reason: 'x' }] } })).status).toBe(200);
    await eventually(async () => expect((await ch.fake.stock())[`${ids.remoteId}/${ids.remoteVariantId}`]).toBe(2), 15_000);
    expect((await admin.api(`/channels/${ch.id}/dead-letters/${letters[0].id}/retry`, { method: 'POST' })).status).toBe(202);
    expect(((await (await admin.api(`/channels/${ch.id}/dead-letters`)).json()) as { items: unknown[] }).items).toHaveLength(0);
    await eventually(async () => expect((await statusOf(ch.id)).backlog).toBe(0));
  });

  it('batches stay within each mall’s per-call maximum: Yahoo! 1,000 codes, Rakuten 400 items', async () => {
    const yahoo = await connectChannel(admin, 'yahoo', []);
    const rakuten = await connectChannel(admin, 'rakuten', []);
    const items = (prefix: string, count: number, variant: boolean) =>
      Array.from({ length: count }, (_, i) => ({ sku: `${prefix}-${i}`, remoteId: `${prefix.toLowerCase()}${i}`, remoteVariantId: variant ? `v${i}` : null, quantity: i % 7 }));
    const y = channelSyncOf(env, t.id, yahoo.id);
    await y.enqueue(t.id, yahoo.id, items('YB', 1001, false));
    const r = channelSyncOf(env, t.id, rakuten.id);
    await r.enqueue(t.id, rakuten.id, items('RB', 801, true));
    const yCalls = await eventually(async () => {
      const got = await yahoo.fake.received('stock');
      expect(got.reduce((s, x) => s + new URLSearchParams(x.body as string).get('item_code')!.split(',').length, 0)).toBe(1001);
      return got;
    }, 20_000);
    expect(yCalls.map((x) => new URLSearchParams(x.body as string).get('item_code')!.split(',').length)).toEqual([1000, 1]);
    const rCalls = await eventually(async () => {
      const got = await rakuten.fake.received('stock');
      expect(got.reduce((s, x) => s + (x.body as { inventories: unknown[] }).inventories.length, 0)).toBe(801);
      return got;
    }, 20_000);
    expect(rCalls.map((x) => (x.body as { inventories: unknown[] }).inventories.length)).toEqual([400, 400, 1]);
    // at the mall's documented 1 call a second
    const times = rCalls.map((x) => Date.parse(x.at));
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(1800);
  });

  it('coalesces: while a call waits for its turn, only the newest quantity per SKU is kept', async () => {
    const rakuten = await connectChannel(admin, 'rakuten', []);
    const stub = channelSyncOf(env, t.id, rakuten.id);
    const item = (quantity: number) => [{ sku: 'COAL-1', remoteId: 'coal1', remoteVariantId: 'v1', quantity }];
    await stub.enqueue(t.id, rakuten.id, item(5));
    await stub.idle();
    for (const q of [4, 3, 2]) await stub.enqueue(t.id, rakuten.id, item(q));
    await eventually(async () => expect(await rakuten.fake.received('stock')).toHaveLength(2), 10_000);
    const sent = (await rakuten.fake.received('stock')).map((x) => (x.body as { inventories: { quantity: number }[] }).inventories.map((i) => i.quantity));
    expect(sent).toEqual([[5], [2]]);
  });

  it('an item the mall does not know is accepted silently, read back as unknown and shown as drift', async () => {
    const a = await sku(3);
    const rakuten = await connectChannel(admin, 'rakuten', [a], { unknownOnMall: [a] });
    await eventually(async () => expect((await statusOf(rakuten.id)).drift.map((d) => d.sku)).toEqual([a]), 15_000);
    const figure = await sqlFirst<{ pushed: number; confirmed: number | null; drift: number }>('SELECT pushed, confirmed, drift FROM channel_stock WHERE channel_id = ? AND sku = ?', rakuten.id, a);
    expect(figure).toEqual({ pushed: 3, confirmed: null, drift: 1 });
    // once the item exists on the mall, "push stock again" repairs it and the drift clears
    const ids = rakuten.items.get(a)!;
    await rakuten.fake.addItems([{ sku: a, ...ids, quantity: 0 }]);
    expect((await admin.api(`/channels/${rakuten.id}/sync`, { json: { what: 'stock' } })).status).toBe(202);
    await eventually(async () => expect((await statusOf(rakuten.id)).drift).toEqual([]), 15_000);
    expect(await storeQuantity(rakuten, a)).toBe(3);
  });

  it('a full resync pushes every listed SKU and reports its progress', async () => {
    const skus = [await sku(1), await sku(2), await sku(3)];
    const yahoo = await connectChannel(admin, 'yahoo', skus);
    await eventually(async () => expect((await statusOf(yahoo.id)).backlog).toBe(0), 15_000);
    const before = (await yahoo.fake.received('stock')).length;
    expect((await admin.api(`/channels/${yahoo.id}/sync`, { json: { what: 'full' } })).status).toBe(202);
    const s = await eventually(async () => {
      const st = (await (await admin.api(`/channels/${yahoo.id}/status`)).json()) as { resync: { total: number; done: number; finishedAt: string | null } | null };
      expect(st.resync).toMatchObject({ total: 3, done: 3 });
      expect(st.resync!.finishedAt).not.toBeNull();
      return st;
    }, 15_000);
    expect(s.resync!.total).toBe(3);
    await eventually(async () => expect((await yahoo.fake.received('stock')).length).toBe(before + 1), 15_000);
  });
});
