import { describe, expect, it } from 'vitest';
import { createTenant, signIn } from '../helpers/tenant';
import { lookupPostalCode } from '../../worker/address/postal-lookup';

describe('postal code lookup (郵便番号 → 住所)', () => {
  it('finds the prefecture, city and town, whatever the width and dash', () => {
    for (const raw of ['100-0001', '〒１００－０００１', '１０００００１', '100ー0001']) {
      expect(lookupPostalCode(raw)).toEqual({ postalCode: '100-0001', addresses: [{ prefecture: '東京都', city: '千代田区', town: '千代田' }] });
    }
    expect(lookupPostalCode('060-0001')?.addresses[0]).toMatchObject({ prefecture: '北海道', city: '札幌市中央区' });
  });

  it('answers no address for a code that does not exist, and null for one that is not a code', () => {
    expect(lookupPostalCode('999-9999')).toEqual({ postalCode: '999-9999', addresses: [] });
    expect(lookupPostalCode('12-34')).toBeNull();
  });

  it('is an API for signed-in staff, 400 with the field for a malformed code', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const ok = await admin.api(`/postal-codes/${encodeURIComponent('〒３３０－０８５４')}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ postalCode: '330-0854', addresses: [{ prefecture: '埼玉県', city: 'さいたま市大宮区', town: '桜木町' }] });
    const bad = await admin.api('/postal-codes/abc');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; details: { field: string }[] } }).error).toMatchObject({ code: 'validation_error', details: [{ field: 'code' }] });
  });
});

describe('orders accept what staff type', () => {
  it('normalises full-width phone numbers and postal codes on import', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    expect((await admin.api('/skus', { json: { code: 'FW-1', name: '全角テスト' } })).status).toBe(201);
    const res = await admin.api('/orders', {
      json: {
        channelId: 'manual',
        externalId: 'TEL-FW-1',
        orderedAt: new Date().toISOString(),
        customer: { name: '山田 太郎', phone: '０３－１２３４－５６７８' },
        shipTo: { name: '山田 太郎', postalCode: '〒１００－０００１', prefecture: '東京都', city: '千代田区', address1: '千代田１－１', phone: '０３ー１２３４ー５６７８' },
        lines: [{ sku: 'FW-1', quantity: 1, unitPrice: 1000 }],
        payment: { method: 'bank_transfer', paid: false },
      },
    });
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as { order: { customer: { phone: string }; shipTo: { postalCode: string; phone: string } } };
    expect(order.customer.phone).toBe('03-1234-5678');
    expect(order.shipTo).toMatchObject({ postalCode: '100-0001', phone: '03-1234-5678' });
    const bad = await admin.api('/orders', {
      json: { channelId: 'manual', externalId: 'TEL-FW-2', orderedAt: new Date().toISOString(), customer: { name: 'x' }, shipTo: { name: 'x', postalCode: '１２３', prefecture: '東京都', city: 'x', address1: 'x', phone: 'でんわ' }, lines: [{ sku: 'FW-1', quantity: 1, unitPrice: 1 }], payment: { method: 'cod', paid: false } },
    });
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as { error: { details: { field: string; message: string }[] } }).error.details;
    expect(fields).toEqual(expect.arrayContaining([
      { field: 'shipTo.postalCode', message: 'A postal code such as 100-0001' },
      { field: 'shipTo.phone', message: 'A phone number such as 090-1234-5678' },
    ].map((f) => expect.objectContaining(f))));
  });
});
