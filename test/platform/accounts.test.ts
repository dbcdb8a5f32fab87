import { describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { createTenant, postLogin, signIn, uniqueCode } from '../helpers/tenant';

describe('platform administration (the service operator’s accounts area)', () => {
  it('a platform admin creates an account whose admin can sign in at once', async () => {
    const p = await createTenant({ isPlatform: true });
    const root = await signIn(p, 'admin');
    const code = uniqueCode('NewShop-');
    const res = await root.api('/platform/accounts', {
      json: { code, name: '新しい店', adminEmail: `owner@${code.toLowerCase()}.example`, admin: { loginId: 'owner', name: 'Owner', password: 'Brand-New-Shop-2046' } },
    });
    expect(res.status).toBe(201);
    const { account } = (await res.json()) as { account: { id: string; code: string; status: string; isPlatform: boolean } };
    expect(account).toMatchObject({ code: code.toLowerCase(), status: 'active', isPlatform: false });
    // company codes are case-insensitive
    expect((await postLogin(new Client(), code.toUpperCase(), 'owner', 'Brand-New-Shop-2046')).status).toBe(200);
    const again = await root.api('/platform/accounts', {
      json: { code, name: 'Dup', adminEmail: 'd@example.com', admin: { loginId: 'owner', name: 'Owner', password: 'Brand-New-Shop-2046' } },
    });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('account_code_taken');
  });

  it('the new account’s first admin password is held to the policy', async () => {
    const p = await createTenant({ isPlatform: true });
    const root = await signIn(p, 'admin');
    const code = uniqueCode('weak-');
    const res = await root.api('/platform/accounts', { json: { code, name: 'Weak', adminEmail: 'w@example.com', admin: { loginId: 'owner', name: 'Owner', password: 'Password1234' } } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('password_policy');
  });

  it('suspending an account ends its sessions and stops its tokens; reactivating lets it sign in again', async () => {
    const p = await createTenant({ isPlatform: true });
    const root = await signIn(p, 'admin');
    const shop = await createTenant();
    const shopAdmin = await signIn(shop, 'admin');
    const { token } = (await (await shopAdmin.api('/api-tokens', { json: { name: 'erp', scopes: ['orders:read'] } })).json()) as { token: string };

    const res = await root.api(`/platform/accounts/${shop.id}/status`, { json: { status: 'suspended' } });
    expect(res.status).toBe(200);
    expect((await shopAdmin.api('/me')).status).toBe(401);
    expect((await new Client().api('/openapi.json', { bearer: token })).status).toBe(401);
    expect((await postLogin(new Client(), shop.code, 'admin', shop.admin.password)).status).toBe(401);

    expect((await root.api(`/platform/accounts/${shop.id}/status`, { json: { status: 'active' } })).status).toBe(200);
    expect((await postLogin(new Client(), shop.code, 'admin', shop.admin.password)).status).toBe(200);
    expect((await new Client().api('/openapi.json', { bearer: token })).status).toBe(200);
  });

  it('the platform account itself cannot be suspended, and an unknown account is 404', async () => {
    const p = await createTenant({ isPlatform: true });
    const root = await signIn(p, 'admin');
    const own = await root.api(`/platform/accounts/${p.id}/status`, { json: { status: 'suspended' } });
    expect(own.status).toBe(409);
    expect((await errorOf(own)).code).toBe('platform_account');
    expect((await root.api('/platform/accounts/01JZZZZZZZZZZZZZZZZZZZZZZZ/status', { json: { status: 'suspended' } })).status).toBe(404);
  });

  it('lists every account for the platform admin', async () => {
    const p = await createTenant({ isPlatform: true });
    const shop = await createTenant();
    const root = await signIn(p, 'admin');
    const items = ((await (await root.api('/platform/accounts')).json()) as { items: { id: string; code: string }[] }).items;
    expect(items.map((a) => a.id)).toEqual(expect.arrayContaining([p.id, shop.id]));
  });
});
