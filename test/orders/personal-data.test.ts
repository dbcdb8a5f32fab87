import { beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/client';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';
import { createSku, getOrder, importOrder, orderBody, type Order } from '../helpers/orders';
import { defaultPermissions } from '../../worker/users/permissions';

/**
 * 購入者の個人情報 (personal_data): a signed-in user without it sees every
 * order answer with the buyer masked (山田 **, ***-****-5678, y***@example.jp,
 * 060-****, the address beyond the city ***, no raw payload), and cannot find
 * an order by the buyer's name, phone or e-mail: only by its numbers and SKUs.
 * With it (operators and viewers by default), and for API tokens, nothing changes.
 */

const PHONE = '090-1234-5678';
const EMAIL = 'taro.yamada@example.jp';
const SKU = 'PD-1';

interface ListAnswer {
  items: (Order & { customer: { name: string; email: string | null; phone: string | null } })[];
  total: number;
}

describe('orders without the personal_data permission', () => {
  let t: Tenant;
  let admin: Client;
  let packer: Client;
  let full: Client;
  let order: Order & { raw?: unknown };
  let firstImport: Record<string, unknown>;

  const listFor = async (c: Client, query: string) => (await (await c.api(`/orders?${query}`)).json()) as ListAnswer;

  beforeAll(async () => {
    t = await createTenant({
      users: [
        { loginId: 'packer', role: 'operator', permissions: defaultPermissions('operator').filter((p) => p !== 'personal_data') },
        { loginId: 'full', role: 'operator' },
      ],
    });
    admin = await signIn(t, 'admin');
    packer = await signIn(t, 'packer');
    full = await signIn(t, 'full');
    await createSku(admin, SKU, 50);
    const body = orderBody({ externalId: 'PD-EXT-1', customerName: '山田 太郎', phone: PHONE, lines: [{ sku: SKU, quantity: 1, unitPrice: 1200 }] });
    firstImport = { ...body, customer: { ...body.customer, email: EMAIL }, raw: { buyer: { name: '山田 太郎', tel: PHONE } } };
    order = (await importOrder(admin, firstImport)).order;
  });

  const expectMasked = (o: { customer: { name: string; email?: string | null; phone?: string | null }; shipTo: Record<string, unknown> }) => {
    expect(o.customer).toMatchObject({ name: '山田 **', email: 't***@example.jp', phone: '***-****-5678' });
    expect(o.shipTo).toEqual({ name: '山田 **', postalCode: '060-****', prefecture: '北海道', city: '札幌市中央区', address1: '***', address2: '***', phone: '***-****-5678' });
  };
  const expectNoPersonalData = (what: string, answer: unknown) => {
    const text = JSON.stringify(answer);
    for (const secret of ['山田 太郎', '太郎', PHONE, '09012345678', EMAIL, '北一条西2-1', 'サンプルビル', '060-0001']) expect(text, `${what} shows ${secret}`).not.toContain(secret);
  };

  it('the list and the order show the buyer masked, and no raw payload', async () => {
    const list = await listFor(packer, 'limit=50');
    const row = list.items.find((o) => o.id === order.id)!;
    expectMasked(row);
    expectNoPersonalData('GET /orders', list);

    const one = (await getOrder(packer, order.id)) as Order & { raw: unknown };
    expectMasked(one);
    expect(one.raw).toBeNull();
    expect(one.number).toBe(order.number);
    expect(one.lines.map((l) => l.sku)).toEqual([SKU]);
    expectNoPersonalData('GET /orders/{id}', one);
  });

  it('the same user with the permission, an admin and an API token see the buyer in full', async () => {
    for (const c of [full, admin]) {
      const one = (await getOrder(c, order.id)) as Order & { customer: { phone: string }; raw: unknown };
      expect(one.customer).toMatchObject({ name: '山田 太郎', phone: PHONE, email: EMAIL });
      expect(one.shipTo.address1).toBe('北一条西2-1');
      expect(one.raw).toEqual({ buyer: { name: '山田 太郎', tel: PHONE } });
    }
    const token = ((await (await admin.api('/api-tokens', { json: { name: 'reader', scopes: ['orders:read'] } })).json()) as { token: string }).token;
    const viaToken = (await (await new Client().api(`/orders/${order.id}`, { bearer: token })).json()) as { order: Order };
    expect(viaToken.order.customer.name).toBe('山田 太郎');
  });

  it('a search by the buyer’s name, phone or e-mail finds nothing; by the order number, store order number or SKU it finds the order', async () => {
    for (const q of ['山田', '山田太郎', '1234-5678', '09012345678', 'taro.yamada', '北一条']) {
      const list = await listFor(packer, `q=${encodeURIComponent(q)}`);
      expect(list.total, q).toBe(0);
      expect(((await (await packer.api(`/orders/ids?q=${encodeURIComponent(q)}`)).json()) as { ids: string[] }).ids, q).toEqual([]);
    }
    for (const q of [order.number, 'PD-EXT-1', SKU, SKU.toLowerCase()]) {
      const list = await listFor(packer, `q=${encodeURIComponent(q)}`);
      expect(list.items.map((o) => o.id), q).toEqual([order.id]);
      expectNoPersonalData(`q=${q}`, list);
    }
    // with the permission the name still finds it
    expect((await listFor(full, `q=${encodeURIComponent('山田')}`)).items.map((o) => o.id)).toEqual([order.id]);
  });

  it('every other answer with the order masks it too: import (and its repeat), moves, picking, packing, the mail preview', async () => {
    const body = orderBody({ externalId: 'PD-EXT-2', customerName: '山田 太郎', phone: PHONE, lines: [{ sku: SKU, quantity: 1, unitPrice: 500 }] });
    const made = await packer.api('/orders', { json: { ...body, customer: { ...body.customer, email: EMAIL } } });
    expect(made.status).toBe(201);
    const created = ((await made.json()) as { order: Order }).order;
    expectMasked(created);
    // a repeat answers the stored order: still masked, so a repeat reveals nothing
    const again = await packer.api('/orders', { json: firstImport });
    expect(again.status).toBe(200);
    expectNoPersonalData('repeat import', await again.json());

    const moved = await packer.api(`/orders/${created.id}/transition`, { json: { to: 'on_hold' } });
    expect(moved.status).toBe(200);
    expectNoPersonalData('transition', await moved.json());
    const edited = await packer.api(`/orders/${created.id}`, { method: 'PATCH', json: { note: '置き配' } });
    expect(edited.status).toBe(200);
    expectNoPersonalData('edit', await edited.json());
    const bulk = await packer.api('/orders/bulk', { json: { action: 'transition', to: 'new', ids: [created.id] } });
    expect(bulk.status).toBe(200);
    expectNoPersonalData('bulk', await bulk.json());

    const picking = await packer.api(`/orders/picking?ids=${order.id}`);
    expect(picking.status).toBe(200);
    const lists = (await picking.json()) as { orders: { shipTo: { name: string } }[] };
    expect(lists.orders[0].shipTo.name).toBe('山田 **');
    expectNoPersonalData('picking', lists);

    const packing = await packer.api(`/orders/${order.id}/packing`);
    expect(packing.status).toBe(200);
    const check = (await packing.json()) as { order: { shipTo: { name: string } } };
    expect(check.order.shipTo.name).toBe('山田 **');

    const preview = await packer.api('/mail-templates/order_confirmation/preview', { json: { orderId: order.id, subject: '{{customer.name}} 様', body: '{{customer.name}} 様 {{shipTo.address}}' } });
    expect(preview.status).toBe(200);
    const mail = (await preview.json()) as { to: string | null; subject: string; body: string };
    expect(mail.to).toBe('t***@example.jp');
    expectNoPersonalData('mail preview', mail);
    const fullPreview = (await (await full.api('/mail-templates/order_confirmation/preview', { json: { orderId: order.id } })).json()) as { to: string };
    expect(fullPreview.to).toBe(EMAIL);
  });

  it('the blacklist shows its values masked', async () => {
    expect((await admin.api('/blacklist', { json: { kind: 'phone', value: '080-5555-6789' } })).status).toBe(201);
    expect((await admin.api('/blacklist', { json: { kind: 'email', value: 'bad.buyer@example.com' } })).status).toBe(201);
    const masked = (await (await packer.api('/blacklist')).json()) as { items: { kind: string; value: string }[] };
    expect(masked.items.map((e) => [e.kind, e.value])).toEqual([
      ['phone', '***-****-6789'],
      ['email', 'b***@example.com'],
    ]);
    const plain = (await (await full.api('/blacklist')).json()) as { items: { value: string }[] };
    expect(JSON.stringify(plain)).toContain('bad.buyer@example.com');
  });

  it('the permission counts from the next request: granting it shows the buyer to the same session', async () => {
    expect((await getOrder(packer, order.id)).customer.name).toBe('山田 **');
    expect((await admin.api(`/users/${t.users.packer.id}`, { method: 'PATCH', json: { permissions: [...defaultPermissions('operator')] } })).status).toBe(200);
    expect((await getOrder(packer, order.id)).customer.name).toBe('山田 太郎');
  });
});
