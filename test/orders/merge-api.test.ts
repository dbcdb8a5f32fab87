import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCsv, parseCsv } from '../../worker/lib/japanese-csv';
import { errorOf, eventually, type Client } from '../helpers/client';
import { connectChannel, type TestChannel } from '../helpers/channels';
import { sampleOrder } from '../helpers/fakes';
import { createSku, getOrder, importOrder, ledgerOfSku, orderBody, stockOf, transition, type Order } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/**
 * 同梱 (merging orders) over the API: the proposal, merge, ship the parent
 * (every order shipped, every order's stock committed, the tracking number
 * pushed to each order's own store), unmerge, the refusals, the parcel's
 * documents, and scoping.
 */

interface MergeView {
  parentId: string;
  parentNumber: string;
  children: { id: string; number: string; channelId: string; externalId: string }[];
}
type FullOrder = Order & { merge: MergeView | null; shipments: { trackingNumber: string; lines: { lineNo: number; quantity: number }[] }[]; partiallyShipped: boolean };

interface Proposal {
  parentId: string;
  orders: { id: string; number: string; externalId: string; channelId: string; role: string; total: number }[];
  canMerge: boolean;
  problems: { orderId: string; code: string }[];
  cod: { amount: number; orders: number; summed: boolean } | null;
}

describe('同梱 over the API', () => {
  let t: Tenant;
  let admin: Client;
  let op: Client;
  let n = 0;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    admin = await signIn(t, 'admin');
    op = await signIn(t, 'op');
  });

  const full = async (id: string) => (await getOrder(op, id)) as FullOrder;
  /** A manual order of one buyer (the same phone, name and address unless told otherwise). */
  const manual = async (sku: string, o: { quantity?: number; phone?: string; customerName?: string; payment?: { method: string; paid: boolean }; unitPrice?: number } = {}) =>
    (
      await importOrder(
        op,
        orderBody({
          externalId: `MG-${++n}-${Date.now()}`,
          phone: o.phone ?? '011-222-3333',
          customerName: o.customerName,
          payment: o.payment,
          lines: [{ sku, quantity: o.quantity ?? 1, unitPrice: o.unitPrice ?? 1000 }],
        }),
      )
    ).order;
  const merge = (client: Client, parentId: string, childIds: string[]) => client.api('/orders/merge', { json: { parentId, childIds } });
  const proposals = async (client: Client) => {
    const res = await client.api('/orders/merge-proposals?limit=100');
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as { items: Proposal[]; total: number; nextCursor: string | null; truncated: boolean };
  };
  const groupOf = (items: Proposal[], id: string) => items.find((g) => g.orders.some((o) => o.id === id));

  it('proposes the two orders of one customer and address, not a third at another address', async () => {
    const sku = await createSku(op, `MG-P-${++n}`, 20);
    const phone = '011-555-0101';
    const a = await manual(sku, { phone, customerName: '提案 太郎' });
    // the same address typed in full width, the name with a full-width space
    const base = orderBody({ externalId: `MG-B-${++n}`, phone, customerName: '提案　太郎', lines: [{ sku, quantity: 1, unitPrice: 1000 }] });
    const b = (await importOrder(op, { ...base, shipTo: { ...base.shipTo, address1: '北一条西２－１', address2: 'サンプルビル　３Ｆ' } })).order;
    const elsewhere = (
      await importOrder(op, { ...orderBody({ externalId: `MG-ELSE-${++n}`, phone, customerName: '提案 太郎', lines: [{ sku, quantity: 1, unitPrice: 1000 }] }), shipTo: { ...orderBody({ externalId: 'x', phone, customerName: '提案 太郎' }).shipTo, address1: '南1条西5-5' } })
    ).order;
    const { items, total } = await proposals(op);
    const g = groupOf(items, a.id)!;
    expect(g, 'a group with the first order').toBeDefined();
    expect(g.orders.map((o) => o.id).sort()).toEqual([a.id, b.id].sort());
    expect(g).toMatchObject({ parentId: a.id, canMerge: true, problems: [], cod: null });
    expect(g.orders.find((o) => o.id === a.id)).toMatchObject({ role: 'parent', number: a.number, externalId: a.externalId, channelId: 'manual', total: 1000 });
    expect(groupOf(items, elsewhere.id)).toBeUndefined();
    expect(total).toBeGreaterThanOrEqual(1);
  });

  it('pages the proposals with a cursor and refuses a cursor it did not give', async () => {
    const sku = await createSku(op, `MG-PG-${++n}`, 20);
    for (let i = 0; i < 2; i++) {
      await manual(sku, { phone: `011-600-${1000 + i}`, customerName: `頁 ${i}` });
      await manual(sku, { phone: `011-600-${1000 + i}`, customerName: `頁 ${i}` });
    }
    const first = (await (await op.api('/orders/merge-proposals?limit=1')).json()) as { items: Proposal[]; nextCursor: string | null; total: number };
    expect(first.items).toHaveLength(1);
    expect(first.total).toBeGreaterThanOrEqual(2);
    expect(first.nextCursor).toBeTruthy();
    const second = (await (await op.api(`/orders/merge-proposals?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`)).json()) as { items: Proposal[] };
    expect(second.items[0].parentId).not.toBe(first.items[0].parentId);
    const bad = await op.api('/orders/merge-proposals?cursor=nonsense');
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('validation_error');
  });

  it('merge → ship the parent: both orders shipped with one tracking number, both orders’ stock committed, the shipment sent to each order’s own store', async () => {
    const skuA = await createSku(admin, `MG-RA-${++n}`, 10);
    const skuB = await createSku(admin, `MG-RB-${++n}`, 10);
    const store1 = await connectChannel(admin, 'rakuten', [skuA], { fakeQuantity: 10 });
    const store2 = await connectChannel(admin, 'rakuten', [skuB], { fakeQuantity: 10 });
    const pulled = async (ch: TestChannel, sku: string) => {
      await ch.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 2, unitPrice: 1500 }] }));
      expect((await admin.api(`/channels/${ch.id}/sync`, { json: { what: 'orders' } })).status).toBe(202);
      return eventually(async () => {
        const list = ((await (await admin.api(`/orders?channelId=${ch.id}&limit=10`)).json()) as { items: { id: string; status: string; number: string; externalId: string }[] }).items;
        expect(list).toHaveLength(1);
        return list[0];
      }, 15_000);
    };
    const parent = await pulled(store1, skuA);
    const child = await pulled(store2, skuB);
    expect(await stockOf(op, skuB)).toEqual({ onHand: 10, reserved: 2, available: 8 });

    const proposal = groupOf((await proposals(op)).items, parent.id)!;
    expect(proposal.orders.map((o) => o.id).sort()).toEqual([parent.id, child.id].sort());

    const res = await merge(op, parent.id, [child.id]);
    expect(res.status, await res.clone().text()).toBe(200);
    const merged = (await res.json()) as { parent: { id: string; status: string }; children: { id: string; status: string }[] };
    expect(merged.children).toEqual([expect.objectContaining({ id: child.id, status: 'merged' })]);
    const childView = await full(child.id);
    expect(childView.merge).toEqual({ parentId: parent.id, parentNumber: parent.number, children: [{ id: child.id, number: child.number, channelId: store2.id, externalId: child.externalId }] });
    expect((await full(parent.id)).merge?.children.map((c) => c.id)).toEqual([child.id]);
    expect(childView.events.find((e) => e.kind === 'merged')?.detail).toMatchObject({ role: 'child', parentNumber: parent.number, numbers: [parent.number] });
    expect((await full(parent.id)).events.find((e) => e.kind === 'merged')?.detail).toMatchObject({ role: 'parent', numbers: [child.number] });
    // the merge is in the operation log with every order number
    const log = ((await (await admin.api('/logs/operations?limit=100')).json()) as { items: { action: string; targetId: string; after: Record<string, unknown> }[] }).items;
    expect(log.find((l) => l.action === 'order.merge' && l.targetId === parent.id)?.after).toMatchObject({ number: parent.number, numbers: [parent.number, child.number] });
    // a merged child proposes nothing more
    expect(groupOf((await proposals(op)).items, parent.id)).toBeUndefined();

    expect((await transition(op, parent.id, 'ready_to_ship')).status).toBe(200);
    const shipped = await op.api(`/orders/${parent.id}/ship`, { json: { carrier: 'yamato', trackingNumber: '480012345678' } });
    expect(shipped.status, await shipped.clone().text()).toBe(200);

    for (const id of [parent.id, child.id]) {
      const o = await full(id);
      expect(o.status, id).toBe('shipped');
      expect(o.shipping).toMatchObject({ carrier: 'yamato', trackingNumber: '480012345678' });
      expect(o.reserved).toBe(false);
    }
    expect(await stockOf(op, skuA)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect(await stockOf(op, skuB)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect((await ledgerOfSku(op, skuB)).find((r) => r.kind === 'ship')).toMatchObject({ deltaOnHand: -2, deltaReserved: -2, reference: child.id });
    expect((await full(child.id)).events.find((e) => e.kind === 'shipped')?.detail).toMatchObject({ trackingNumber: '480012345678', parentNumber: parent.number });

    // 出荷連携 to each order's own store
    for (const [ch, o] of [[store1, parent], [store2, child]] as const) {
      const sent = await eventually(async () => {
        const r = await ch.fake.received('shipment');
        expect(r).toHaveLength(1);
        return r[0].body;
      }, 15_000);
      expect(JSON.stringify(sent)).toContain('480012345678');
      expect(JSON.stringify(sent)).toContain(o.externalId);
      await eventually(async () => expect((await full(o.id)).events.map((e) => e.kind)).toContain('shipment_sent'), 10_000);
    }
    // the shipped group still shows on both orders; it cannot be unmerged any more
    expect((await full(child.id)).merge?.parentId).toBe(parent.id);
    const late = await op.api(`/orders/${child.id}/unmerge`, { method: 'POST' });
    expect(late.status).toBe(409);
  });

  it('a merged child makes no move of its own; cancelling the parent asks for an unmerge (409 merge_group); unmerge returns the child to the status it had', async () => {
    const sku = await createSku(op, `MG-U-${++n}`, 10);
    const phone = '011-777-0001';
    const parent = await manual(sku, { phone, customerName: '解除 花子' });
    const child = await manual(sku, { phone, customerName: '解除 花子', quantity: 2 });
    const other = await manual(sku, { phone, customerName: '解除 花子' });
    expect((await transition(op, child.id, 'on_hold')).status).toBe(200);
    expect((await merge(op, parent.id, [child.id, other.id])).status).toBe(200);
    expect((await full(child.id)).status).toBe('merged');

    const moved = await transition(op, child.id, 'new');
    expect(moved.status).toBe(409);
    expect((await errorOf(moved)).code).toBe('invalid_transition');
    const cancelChild = await op.api(`/orders/${child.id}/cancel`, { method: 'POST' });
    expect(cancelChild.status).toBe(409);
    expect((await errorOf(cancelChild)).code).toBe('order_merged');
    const shipChild = await op.api(`/orders/${child.id}/ship`, { json: { carrier: 'yamato', trackingNumber: '4800-0000-0001' } });
    expect(shipChild.status).toBe(409);
    const editChild = await op.api(`/orders/${child.id}`, { method: 'PATCH', json: { lines: [{ sku, quantity: 1, unitPrice: 1000 }] } });
    expect(editChild.status).toBe(409);
    expect((await errorOf(editChild)).code).toBe('order_merged');
    // a note is not part of the parcel: it may change
    expect((await op.api(`/orders/${child.id}`, { method: 'PATCH', json: { note: '同梱メモ' } })).status).toBe(200);

    const cancelParent = await op.api(`/orders/${parent.id}/cancel`, { method: 'POST' });
    expect(cancelParent.status).toBe(409);
    const err = await errorOf(cancelParent);
    expect(err.code).toBe('merge_group');
    expect((err.details as { children: { number: string }[] }).children.map((c) => c.number).sort()).toEqual([child.number, other.number].sort());
    expect((await full(parent.id)).status).toBe('new');
    expect(await stockOf(op, sku)).toMatchObject({ reserved: 4 });

    const un = await op.api(`/orders/${child.id}/unmerge`, { method: 'POST' });
    expect(un.status, await un.clone().text()).toBe(200);
    expect(((await un.json()) as { children: { status: string }[] }).children[0].status).toBe('on_hold');
    const back = await full(child.id);
    expect(back.status).toBe('on_hold');
    expect(back.merge).toBeNull();
    expect(back.events.at(-1)).toMatchObject({ kind: 'unmerged', detail: { parentNumber: parent.number, to: 'on_hold' } });
    expect((await full(parent.id)).merge?.children.map((c) => c.id)).toEqual([other.id]);
    const again = await op.api(`/orders/${child.id}/unmerge`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('not_merged');

    // unmerge by the parent: every child goes back; then the parent cancels and releases only its own stock
    expect((await op.api(`/orders/${parent.id}/unmerge`, { method: 'POST' })).status).toBe(200);
    expect((await full(other.id)).status).toBe('new');
    expect((await op.api(`/orders/${parent.id}/cancel`, { method: 'POST' })).status).toBe(200);
    expect(await stockOf(op, sku)).toEqual({ onHand: 10, reserved: 3, available: 7 });
  });

  it('a parcel ships whole or not at all: a child short on hand (stocktake) or unpaid stops the parent, and no stock moves', async () => {
    const a = await createSku(op, `MG-W-${++n}`, 5);
    const b = await createSku(op, `MG-W2-${++n}`, 5);
    const phone = '011-666-0001';
    const parent = await manual(a, { phone, customerName: '全部 五郎', quantity: 2 });
    const child = await manual(b, { phone, customerName: '全部 五郎', quantity: 3 });
    const unpaid = await manual(a, { phone, customerName: '全部 五郎', payment: { method: 'bank_transfer', paid: false } });
    expect(unpaid.status).toBe('awaiting_payment');
    expect((await merge(op, parent.id, [child.id, unpaid.id])).status).toBe(200);
    expect((await transition(op, parent.id, 'ready_to_ship')).status).toBe(200);
    const ship = () => op.api(`/orders/${parent.id}/ship`, { json: { carrier: 'yamato', trackingNumber: '4800-7777-0001' } });

    const notPaid = await ship();
    expect(notPaid.status).toBe(409);
    const err = await errorOf(notPaid);
    expect(err.code).toBe('merge_child_not_ready');
    expect(err.details).toEqual([{ id: unpaid.id, number: unpaid.number, reason: 'payment_pending' }]);
    // 入金確認 on the merged child: it stays in the parcel
    expect((await op.api(`/orders/${unpaid.id}`, { method: 'PATCH', json: { payment: { paid: true } } })).status).toBe(200);
    expect((await full(unpaid.id)).status).toBe('merged');

    // a stocktake finds 2 of B where the child reserved 3
    expect((await op.api('/stock/adjustments', { json: { items: [{ sku: b, mode: 'set', quantity: 2, reason: '棚卸' }] } })).status).toBe(200);
    const short = await ship();
    expect(short.status).toBe(409);
    expect((await errorOf(short)).code).toBe('insufficient_on_hand');
    for (const [id, status] of [[parent.id, 'ready_to_ship'], [child.id, 'merged'], [unpaid.id, 'merged']] as const) {
      const o = await full(id);
      expect(o.status, id).toBe(status);
      expect(o.reserved, id).toBe(true);
      expect(o.shipping.trackingNumber).toBeNull();
    }
    expect(await stockOf(op, a)).toEqual({ onHand: 5, reserved: 3, available: 2 });
    expect(await stockOf(op, b)).toEqual({ onHand: 2, reserved: 3, available: 0 });
    expect((await ledgerOfSku(op, a)).filter((r) => r.kind === 'ship')).toEqual([]);

    // the units are found: the whole parcel ships, every order's stock leaves
    expect((await op.api('/stock/adjustments', { json: { items: [{ sku: b, mode: 'set', quantity: 5, reason: '棚卸' }] } })).status).toBe(200);
    expect((await ship()).status).toBe(200);
    expect(await stockOf(op, a)).toEqual({ onHand: 2, reserved: 0, available: 2 });
    expect(await stockOf(op, b)).toEqual({ onHand: 2, reserved: 0, available: 2 });
    for (const id of [parent.id, child.id, unpaid.id]) expect((await full(id)).status).toBe('shipped');
  });

  it('refuses what cannot ship as one parcel, naming each problem, and changes nothing', async () => {
    const sku = await createSku(op, `MG-R-${++n}`, 4);
    const phone = '011-888-0001';
    const parent = await manual(sku, { phone, customerName: '拒否 一郎' });
    const elsewhere = await manual(sku, { phone: '011-888-0002', customerName: '拒否 一郎' });
    const cod = await manual(sku, { phone, customerName: '拒否 一郎', payment: { method: 'cod', paid: false } });
    const waiting = await manual(sku, { phone, customerName: '拒否 一郎', quantity: 5 });
    expect(waiting.status).toBe('awaiting_stock');

    const res = await merge(op, parent.id, [elsewhere.id, cod.id, waiting.id]);
    expect(res.status).toBe(409);
    const err = await errorOf(res);
    expect(err.code).toBe('different_address');
    const problems = (err.details as { problems: { orderId: string; code: string }[] }).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ orderId: elsewhere.id, code: 'different_address' }),
        expect.objectContaining({ orderId: cod.id, code: 'payment_mixed' }),
        expect.objectContaining({ orderId: waiting.id, code: 'not_reserved' }),
      ]),
    );
    for (const o of [elsewhere, cod, waiting]) expect((await full(o.id)).status).toBe(o.status);
    // itself as a child, an empty list, a bad body
    expect((await errorOf(await merge(op, parent.id, [parent.id]))).code).toBe('same_order');
    expect((await merge(op, parent.id, [])).status).toBe(400);
    expect((await op.api('/orders/merge', { json: { parentId: parent.id } })).status).toBe(400);
    // a merged child cannot be a parent, nor a parent a child
    const second = await manual(sku, { phone, customerName: '拒否 一郎' });
    expect((await merge(op, parent.id, [second.id])).status).toBe(200);
    expect((await errorOf(await merge(op, second.id, [cod.id]))).code).toBe('already_merged');
    const third = await importOrder(op, orderBody({ externalId: `MG-R3-${++n}`, phone, customerName: '拒否 一郎', lines: [{ sku: `MG-NOSTOCK-${n}`, quantity: 1, unitPrice: 1 }] }));
    expect((await errorOf(await merge(op, third.order.id, [parent.id]))).code).toBe('is_parent');
  });

  it('the parent’s carrier file row is the whole parcel: both orders’ lines, both store order numbers and the cash-on-delivery sum; its picking block holds the children’s lines', async () => {
    const sku = await createSku(op, `MG-C-${++n}`, 10);
    const sku2 = await createSku(op, `MG-C2-${++n}`, 10);
    const phone = '011-999-0001';
    const cod = { method: 'cod', paid: false };
    const parent = await manual(sku, { phone, customerName: '代引 次郎', payment: cod, unitPrice: 3000 });
    const child = (await importOrder(op, orderBody({ externalId: `MG-C-CH-${++n}`, phone, customerName: '代引 次郎', payment: cod, lines: [{ sku: sku2, quantity: 2, unitPrice: 990 }] }))).order;
    const g = groupOf((await proposals(op)).items, parent.id)!;
    expect(g.cod).toEqual({ amount: 3000 + 1980, orders: 2, summed: true });
    const res = await merge(op, parent.id, [child.id]);
    expect(((await res.json()) as { cod: unknown }).cod).toEqual({ amount: 4980, orders: 2, summed: true });

    const file = await op.api(`/orders/export/shipping?carrier=yamato_b2&ids=${parent.id},${child.id}&force=true`);
    expect(file.status, await file.clone().text()).toBe(200);
    const [header, ...rows] = parseCsv(decodeCsv(new Uint8Array(await file.arrayBuffer()), 'shift_jis')).filter((r) => r.some((c) => c !== ''));
    expect(rows).toHaveLength(1);
    const cell = (name: string) => rows[0][header.findIndex((h) => h.startsWith(name))];
    expect(cell('お客様管理番号')).toBe(parent.number);
    expect(cell('送り状種類')).toBe('2');
    expect(cell('ｺﾚｸﾄ代金引換額')).toBe('4980');
    expect(cell('記事')).toContain(parent.externalId);
    expect(cell('記事')).toContain(child.externalId);
    const alone = await op.api(`/orders/export/shipping?carrier=yamato_b2&ids=${child.id}&force=true`);
    expect(alone.status).toBe(409);
    expect((await errorOf(alone)).code).toBe('order_merged');

    const picking = (await (await op.api(`/orders/picking?ids=${parent.id},${child.id}`)).json()) as { orders: { id: string; externalId: string; lines: { sku: string; quantity: number }[] }[]; totals: { sku: string; quantity: number }[] };
    expect(picking.orders).toHaveLength(1);
    expect(picking.orders[0].id).toBe(parent.id);
    expect(picking.orders[0].externalId).toBe(`${parent.externalId} / ${child.externalId}`);
    expect(picking.orders[0].lines.map((l) => [l.sku, l.quantity])).toEqual([[sku, 1], [sku2, 2]]);
    expect(picking.totals.map((t) => [t.sku, t.quantity]).sort()).toEqual([[sku, 1], [sku2, 2]].sort());
  });

  it('is scoped to the account: another account sees no proposal of it and its ids are 404', async () => {
    const sku = await createSku(op, `MG-S-${++n}`, 10);
    const phone = '011-444-0001';
    const a = await manual(sku, { phone, customerName: '範囲 三郎' });
    const b = await manual(sku, { phone, customerName: '範囲 三郎' });
    const other = await createTenant();
    const stranger = await signIn(other, 'admin');
    expect((await proposals(stranger)).items).toEqual([]);
    for (const res of [
      await merge(stranger, a.id, [b.id]),
      await stranger.api(`/orders/${a.id}/unmerge`, { method: 'POST' }),
      await stranger.api(`/orders/${a.id}/ship-partial`, { json: { carrier: 'yamato', trackingNumber: '4800-1111-2222', lines: [{ lineNo: 1, quantity: 1 }] } }),
    ]) {
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
    // my parent with another account's child: 404 as well, nothing merged
    const theirs = (await importOrder(stranger, orderBody({ externalId: `MG-S-T-${++n}`, phone, customerName: '範囲 三郎', lines: [{ sku: 'NONE', quantity: 1, unitPrice: 1 }] }))).order;
    expect((await merge(op, a.id, [theirs.id])).status).toBe(404);
    expect((await full(a.id)).merge).toBeNull();
    // the account's own two still merge
    expect((await merge(op, a.id, [b.id])).status).toBe(200);
  });
});

describe('分割出荷 over the API', () => {
  let admin: Client;
  let op: Client;
  let n = 0;

  beforeAll(async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    admin = await signIn(t, 'admin');
    op = await signIn(t, 'op');
  });

  const shipPart = (id: string, trackingNumber: string, lines: { lineNo: number; quantity: number }[]) =>
    op.api(`/orders/${id}/ship-partial`, { json: { carrier: 'yamato', trackingNumber, lines } });
  const ready = async (lines: { sku: string; quantity: number }[]) => {
    const o = (await importOrder(op, orderBody({ externalId: `SP-${++n}-${Date.now()}`, lines: lines.map((l) => ({ ...l, unitPrice: 1000 })) }))).order;
    expect((await transition(op, o.id, 'ready_to_ship')).status).toBe(200);
    return o;
  };
  const full = async (id: string) => (await getOrder(op, id)) as FullOrder;

  it('a parcel commits only its units; the order stays ready to ship (partially shipped); a second parcel ships the rest and the order', async () => {
    const a = await createSku(op, `SP-A-${++n}`, 10);
    const b = await createSku(op, `SP-B-${++n}`, 10);
    const o = await ready([{ sku: a, quantity: 3 }, { sku: b, quantity: 2 }]);
    expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 3, available: 7 });

    const first = await shipPart(o.id, '4800-0000-1001', [{ lineNo: 1, quantity: 2 }, { lineNo: 2, quantity: 0 }]);
    expect(first.status, await first.clone().text()).toBe(200);
    const r1 = (await first.json()) as { order: FullOrder; complete: boolean; shipmentId: string };
    expect(r1.complete).toBe(false);
    expect(r1.order).toMatchObject({ status: 'ready_to_ship', partiallyShipped: true, shipments: [{ trackingNumber: '4800-0000-1001', lines: [{ lineNo: 1, quantity: 2 }] }] });
    expect(await stockOf(op, a)).toEqual({ onHand: 8, reserved: 1, available: 7 });
    expect(await stockOf(op, b)).toEqual({ onHand: 10, reserved: 2, available: 8 });
    expect((await ledgerOfSku(op, a)).find((r) => r.kind === 'ship')).toMatchObject({ deltaOnHand: -2, deltaReserved: -2, reference: o.id });

    // no line beyond what it has left; a partly shipped order keeps its lines and is not cancelled
    const over = await shipPart(o.id, '4800-0000-1009', [{ lineNo: 1, quantity: 2 }]);
    expect(over.status).toBe(409);
    expect((await errorOf(over)).code).toBe('exceeds_remaining');
    const cancel = await op.api(`/orders/${o.id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(409);
    expect((await errorOf(cancel)).code).toBe('partially_shipped');
    const edit = await op.api(`/orders/${o.id}`, { method: 'PATCH', json: { lines: [{ sku: a, quantity: 1, unitPrice: 1000 }] } });
    expect(edit.status).toBe(409);
    expect(await stockOf(op, a)).toEqual({ onHand: 8, reserved: 1, available: 7 });

    const second = await shipPart(o.id, '4800-0000-1002', [{ lineNo: 1, quantity: 1 }, { lineNo: 2, quantity: 2 }]);
    expect(second.status, await second.clone().text()).toBe(200);
    const r2 = (await second.json()) as { order: FullOrder; complete: boolean };
    expect(r2.complete).toBe(true);
    expect(r2.order).toMatchObject({ status: 'shipped', partiallyShipped: false, shipping: { carrier: 'yamato', trackingNumber: '4800-0000-1002' } });
    expect(r2.order.shipments.map((s) => s.trackingNumber)).toEqual(['4800-0000-1001', '4800-0000-1002']);
    expect(await stockOf(op, a)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect(await stockOf(op, b)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    const after = await shipPart(o.id, '4800-0000-1003', [{ lineNo: 1, quantity: 1 }]);
    expect(after.status).toBe(409);
    expect((await errorOf(after)).code).toBe('invalid_transition');
    expect(await stockOf(op, a)).toEqual({ onHand: 7, reserved: 0, available: 7 });
  });

  it('POST /ship after a parcel ships the rest as the last parcel, and only the rest leaves stock', async () => {
    const a = await createSku(op, `SP-R-${++n}`, 10);
    const o = await ready([{ sku: a, quantity: 4 }]);
    expect((await shipPart(o.id, '4800-0000-2001', [{ lineNo: 1, quantity: 1 }])).status).toBe(200);
    const res = await op.api(`/orders/${o.id}/ship`, { json: { carrier: 'sagawa', trackingNumber: '4800-0000-2002' } });
    expect(res.status, await res.clone().text()).toBe(200);
    const view = await full(o.id);
    expect(view.status).toBe('shipped');
    expect(view.shipments.map((s) => [s.trackingNumber, s.lines.map((l) => l.quantity)])).toEqual([
      ['4800-0000-2001', [1]],
      ['4800-0000-2002', [3]],
    ]);
    expect(await stockOf(op, a)).toEqual({ onHand: 6, reserved: 0, available: 6 });
  });

  it('refuses a bad parcel with 400 (unknown line, nothing in it) and an order not ready to ship with 409, changing nothing', async () => {
    const a = await createSku(op, `SP-V-${++n}`, 10);
    const o = await ready([{ sku: a, quantity: 2 }]);
    for (const [lines, code] of [
      [[{ lineNo: 9, quantity: 1 }], 'unknown_line'],
      [[{ lineNo: 1, quantity: 0 }], 'nothing_to_ship'],
    ] as const) {
      const res = await shipPart(o.id, '4800-0000-3001', [...lines]);
      expect(res.status).toBe(400);
      const err = await errorOf(res);
      expect((err.details as { code: string }[])[0].code).toBe(code);
    }
    expect((await op.api(`/orders/${o.id}/ship-partial`, { json: { carrier: 'yamato', trackingNumber: 'x', lines: [{ lineNo: 1, quantity: 1 }] } })).status).toBe(400);
    expect((await op.api(`/orders/${o.id}/ship-partial`, { json: { carrier: 'yamato', trackingNumber: '4800-0000-3002', lines: [{ lineNo: 1, quantity: -1 }] } })).status).toBe(400);
    const fresh = (await importOrder(op, orderBody({ externalId: `SP-NEW-${++n}`, lines: [{ sku: a, quantity: 1, unitPrice: 1000 }] }))).order;
    const notReady = await shipPart(fresh.id, '4800-0000-3003', [{ lineNo: 1, quantity: 1 }]);
    expect(notReady.status).toBe(409);
    expect((await errorOf(notReady)).code).toBe('invalid_transition');
    expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 3, available: 7 });
    expect((await full(o.id)).shipments).toEqual([]);
  });

  it('a parent with merged orders ships whole (409 merge_group)', async () => {
    const a = await createSku(op, `SP-M-${++n}`, 10);
    const body = (ext: string) => orderBody({ externalId: ext, phone: '011-321-0000', lines: [{ sku: a, quantity: 2, unitPrice: 1000 }] });
    const p = (await importOrder(op, body(`SP-MP-${++n}`))).order;
    const c = (await importOrder(op, body(`SP-MC-${++n}`))).order;
    expect((await op.api('/orders/merge', { json: { parentId: p.id, childIds: [c.id] } })).status).toBe(200);
    expect((await transition(op, p.id, 'ready_to_ship')).status).toBe(200);
    const res = await shipPart(p.id, '4800-0000-4001', [{ lineNo: 1, quantity: 1 }]);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('merge_group');
    const child = await shipPart(c.id, '4800-0000-4002', [{ lineNo: 1, quantity: 1 }]);
    expect(child.status).toBe(409);
    expect((await errorOf(child)).code).toBe('order_merged');
    expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 4, available: 6 });
  });

  it('the store hears once the whole order has gone, with every parcel’s tracking number (Rakuten: one 発送情報 each)', async () => {
    const sku = await createSku(admin, `SP-RK-${++n}`, 10);
    const store = await connectChannel(admin, 'rakuten', [sku], { fakeQuantity: 10 });
    await store.fake.placeOrder(sampleOrder({ lines: [{ sku, quantity: 3, unitPrice: 1000 }] }));
    expect((await admin.api(`/channels/${store.id}/sync`, { json: { what: 'orders' } })).status).toBe(202);
    const o = await eventually(async () => {
      const list = ((await (await admin.api(`/orders?channelId=${store.id}&limit=10`)).json()) as { items: { id: string; externalId: string }[] }).items;
      expect(list).toHaveLength(1);
      return list[0];
    }, 15_000);
    expect((await transition(op, o.id, 'ready_to_ship')).status).toBe(200);
    expect((await shipPart(o.id, '480000005001', [{ lineNo: 1, quantity: 1 }])).status).toBe(200);
    // nothing is sent for the first parcel
    await new Promise((r) => setTimeout(r, 500));
    expect(await store.fake.received('shipment')).toEqual([]);
    expect((await shipPart(o.id, '480000005002', [{ lineNo: 1, quantity: 2 }])).status).toBe(200);
    const sent = await eventually(async () => {
      const r = await store.fake.received('shipment');
      expect(r).toHaveLength(1);
      return r[0].body as { BasketidModelList: { ShippingModelList: { shippingNumber: string }[] }[] };
    }, 15_000);
    expect(sent.BasketidModelList[0].ShippingModelList.map((m) => m.shippingNumber)).toEqual(['480000005001', '480000005002']);
    expect(await stockOf(op, sku)).toEqual({ onHand: 7, reserved: 0, available: 7 });
  });
});
