import { beforeAll, describe, expect, it } from 'vitest';
import type { ChannelType } from '../../worker/channels/adapter';
import { eventually, type Client } from '../helpers/client';
import { connectChannel, type TestChannel } from '../helpers/channels';
import { sampleOrder } from '../helpers/fakes';
import { createSku, getOrder, stockOf } from '../helpers/orders';
import { createTenant, signIn } from '../helpers/tenant';

/**
 * キャンセル連携 end to end: an operator cancels a mall order in Kura (POST
 * /orders/{id}/cancel with a reason and a note); the sync queue tells the mall
 * through its adapter, the mall's fake records the cancel in its own codes, and
 * the order's history says it was sent. Amazon has no seller cancel in its API,
 * so its history tells the operator to cancel in Seller Central.
 */
describe('cancel end to end', () => {
  let admin: Client;
  let n = 0;

  beforeAll(async () => {
    const t = await createTenant();
    admin = await signIn(t, 'admin');
  });

  const pull = async (ch: TestChannel) => expect((await admin.api(`/channels/${ch.id}/sync`, { json: { what: 'orders' } })).status).toBe(202);
  const ordersOf = async (ch: TestChannel) => ((await (await admin.api(`/orders?channelId=${ch.id}&limit=200`)).json()) as { items: { id: string; externalId: string; status: string }[] }).items;

  /** A store with one order placed on it and imported into Kura. */
  const imported = async (mall: ChannelType) => {
    const sku = await createSku(admin, `CXE-${mall}-${++n}`, 10);
    const ch = await connectChannel(admin, mall, [sku], { fakeQuantity: 10 });
    await ch.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 2, unitPrice: 1500 }] }));
    await pull(ch);
    const [order] = await eventually(async () => {
      const list = await ordersOf(ch);
      expect(list).toHaveLength(1);
      return list;
    }, 15_000);
    return { sku, ch, order };
  };

  const cancelInKura = async (id: string) => {
    const res = await admin.api(`/orders/${id}/cancel`, { json: { reason: 'out_of_stock', note: '入荷未定のため' } });
    expect(res.status, await res.clone().text()).toBe(200);
  };

  const historyOf = async (id: string) => (await getOrder(admin, id)).events as { kind: string; detail: Record<string, unknown> | null }[];

  const sentToMall = async (id: string, ch: TestChannel) =>
    eventually(async () => {
      const sent = (await historyOf(id)).find((e) => e.kind === 'cancel_sent');
      expect(sent, 'cancel_sent in the history').toBeDefined();
      expect(sent!.detail).toMatchObject({ channelId: ch.id, reason: 'out_of_stock' });
    }, 15_000);

  it('Shopify: orderCancel with INVENTORY, no restock, the note for staff; the history says cancel_sent', async () => {
    const { sku, ch, order } = await imported('shopify');
    await cancelInKura(order.id);
    expect((await getOrder(admin, order.id)).status).toBe('cancelled');
    expect(await stockOf(admin, sku)).toMatchObject({ reserved: 0, available: 10 });
    await sentToMall(order.id, ch);
    const cancels = (await (await fetch(`${ch.fake.endpoint}/__fake/cancellations`)).json()) as { name: string; reason: string; restock: boolean; staffNote: string }[];
    expect(cancels).toEqual([expect.objectContaining({ name: order.externalId.startsWith('#') ? order.externalId : `#${order.externalId}`, reason: 'INVENTORY', restock: false, staffNote: '入荷未定のため' })]);
    const kinds = (await historyOf(order.id)).map((e) => e.kind);
    expect(kinds).toContain('cancel_queued');
    expect(kinds).not.toContain('cancel_manual');
  });

  it('Rakuten: キャンセル申請 with 欠品 (8) and 在庫連動しない; the history says cancel_sent', async () => {
    const { ch, order } = await imported('rakuten');
    await cancelInKura(order.id);
    await sentToMall(order.id, ch);
    expect((await ch.fake.received('cancel')).map((r) => r.body)).toEqual([{ orderNumber: order.externalId, inventoryRestoreType: 2, changeReasonDetailApply: 8 }]);
  });

  it('Yahoo!: orderStatusChange to キャンセル with 欠品 (210); the history says cancel_sent', async () => {
    const { ch, order } = await imported('yahoo');
    await cancelInKura(order.id);
    await sentToMall(order.id, ch);
    const [sent] = await ch.fake.received('cancel');
    expect(String(sent.body)).toContain('<OrderStatus>4</OrderStatus>');
    expect(String(sent.body)).toContain('<CancelReason>210</CancelReason>');
  });

  it('Amazon: nothing is sent; the history tells the operator to cancel in Seller Central (cancel_manual)', async () => {
    const { ch, order } = await imported('amazon');
    await cancelInKura(order.id);
    const events = await historyOf(order.id);
    expect(events.find((e) => e.kind === 'cancel_manual')?.detail).toMatchObject({ channelId: ch.id, channelType: 'amazon' });
    expect(events.map((e) => e.kind)).not.toContain('cancel_queued');
    expect(events.map((e) => e.kind)).not.toContain('cancel_sent');
  });

  it('a mall that refuses for good (Shopify without refund permission) is not retried: the failure is on the channel at once and in the history', async () => {
    const { ch, order } = await imported('shopify');
    await ch.fake.configure({ noRefundPermission: true });
    await cancelInKura(order.id);
    const failed = await eventually(async () => {
      const ev = (await historyOf(order.id)).find((e) => e.kind === 'cancel_failed');
      expect(ev, 'cancel_failed in the history').toBeDefined();
      return ev!;
    }, 10_000);
    expect(failed.detail).toMatchObject({ channelId: ch.id, channelName: expect.any(String), error: expect.stringMatching(/refund/i) });
    const letters = ((await (await admin.api(`/channels/${ch.id}/dead-letters`)).json()) as { items: { kind: string; attempts: number }[] }).items;
    expect(letters).toEqual([expect.objectContaining({ kind: 'cancel', attempts: 1 })]);
    expect((await historyOf(order.id)).map((e) => e.kind)).not.toContain('cancel_sent');
  });
});
