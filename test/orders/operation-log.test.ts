import { describe, expect, it } from 'vitest';
import { createTenant, signIn } from '../helpers/tenant';
import { createSku, importOrder, orderBody } from '../helpers/orders';

describe('order actions in the operation log', () => {
  it('lists manual entry, edit, move, ship, cancel and bulk work, each with the order number', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    await createSku(admin, 'OL-1', 20);
    const a = (await importOrder(admin, orderBody({ externalId: 'OL-A', lines: [{ sku: 'OL-1', quantity: 1, unitPrice: 800 }] }))).order;
    const b = (await importOrder(admin, orderBody({ externalId: 'OL-B', lines: [{ sku: 'OL-1', quantity: 1, unitPrice: 800 }] }))).order;
    const c = (await importOrder(admin, orderBody({ externalId: 'OL-C', lines: [{ sku: 'OL-1', quantity: 1, unitPrice: 800 }] }))).order;

    expect((await admin.api(`/orders/${a.id}`, { method: 'PATCH', json: { note: '午前中に電話' } })).status).toBe(200);
    // a form that sends everything unchanged writes nothing and logs nothing
    expect((await admin.api(`/orders/${a.id}`, { method: 'PATCH', json: { note: '午前中に電話' } })).status).toBe(200);
    expect((await admin.api(`/orders/${a.id}/transition`, { json: { to: 'ready_to_ship' } })).status).toBe(200);
    expect((await admin.api(`/orders/${a.id}/ship`, { json: { carrier: 'yamato', trackingNumber: '123456789012' } })).status).toBe(200);
    expect((await admin.api(`/orders/${b.id}/cancel`, { json: { reason: 'customer' } })).status).toBe(200);
    expect((await admin.api('/orders/bulk', { json: { action: 'transition', ids: [c.id], to: 'on_hold' } })).status).toBe(200);

    const items = ((await (await admin.api('/logs/operations?limit=50')).json()) as { items: { action: string; targetId: string; after: Record<string, unknown> }[] }).items;
    const ofOrders = items.filter((i) => i.action.startsWith('order.'));
    const seen = ofOrders.map((i) => `${i.action} ${String(i.after.number)}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        `order.create ${a.number}`,
        `order.edit ${a.number}`,
        `order.move ${a.number}`,
        `order.ship ${a.number}`,
        `order.cancel ${b.number}`,
        `order.move ${c.number}`,
      ]),
    );
    expect(ofOrders.filter((i) => i.action === 'order.edit')).toHaveLength(1);
    expect(ofOrders.find((i) => i.action === 'order.edit')?.after.fields).toEqual(['note']);
    expect(ofOrders.find((i) => i.action === 'order.cancel')?.after.reason).toBe('customer');
    expect(ofOrders.find((i) => i.action === 'order.move' && i.targetId === c.id)?.after).toMatchObject({ bulk: true, to: 'on_hold' });
  });
});
