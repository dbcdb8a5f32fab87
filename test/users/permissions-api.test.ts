import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf, type RequestOptions } from '../helpers/client';
import { createTenant, signIn, sqlFirst, type Tenant } from '../helpers/tenant';
import { createSku, importOrder, orderBody, stockOf } from '../helpers/orders';
import { fakeMall } from '../helpers/fakes';
import { PERMISSIONS, defaultPermissions, type Permission } from '../../worker/users/permissions';

/**
 * 権限 over the API: one permission per function beside the role. A person
 * without a permission gets 403 permission_denied naming it, on every route
 * the permission covers; with it, the route works; an admin always may. The
 * role still comes first (a viewer never writes), and API tokens keep their
 * scopes. Admins set the permissions through the users API, audited.
 */

interface UserJson {
  id: string;
  loginId: string;
  role: string;
  permissions: Permission[];
}

const PASSWORD = 'Warehouse-Koi-2046';
const without = (...gone: Permission[]) => defaultPermissions('operator').filter((p) => !gone.includes(p));

/** The status, after reading the body (a streamed CSV left unread would hang its writer). */
const statusOf = async (res: Response) => {
  await res.arrayBuffer();
  return res.status;
};

const expectDenied = async (res: Response, permission: Permission, what: string) => {
  expect(res.status, what).toBe(403);
  const e = await errorOf(res);
  expect(e.code, what).toBe('permission_denied');
  expect(e.details, what).toEqual({ permission });
};

describe('the users API carries the permissions', () => {
  let t: Tenant;
  let admin: Client;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'packer', role: 'operator' }, { loginId: 'other', role: 'operator' }] });
    admin = await signIn(t, 'admin');
  });

  it('a new user gets the role’s defaults unless the admin chooses; the list and the user show them', async () => {
    const make = async (loginId: string, role: string, permissions?: Permission[]) => {
      const res = await admin.api('/users', { json: { loginId, name: loginId, email: `${loginId}@example.com`, role, password: PASSWORD, ...(permissions ? { permissions } : {}) } });
      expect(res.status, loginId).toBe(201);
      return ((await res.json()) as { user: UserJson }).user;
    };
    expect((await make('op-default', 'operator')).permissions).toEqual(['stock_adjust', 'csv_import', 'export', 'personal_data']);
    expect((await make('viewer-default', 'viewer')).permissions).toEqual(['personal_data']);
    expect((await make('admin-two', 'admin')).permissions).toEqual([...PERMISSIONS]);
    const chosen = await make('op-chosen', 'operator', ['rules', 'export', 'export']);
    expect(chosen.permissions).toEqual(['export', 'rules']);

    const one = (await (await admin.api(`/users/${chosen.id}`)).json()) as { user: UserJson };
    expect(one.user.permissions).toEqual(['export', 'rules']);
    const list = ((await (await admin.api('/users')).json()) as { items: UserJson[] }).items;
    expect(Object.fromEntries(list.map((u) => [u.loginId, u.permissions]))).toMatchObject({
      admin: [...PERMISSIONS],
      'op-default': ['stock_adjust', 'csv_import', 'export', 'personal_data'],
      'viewer-default': ['personal_data'],
      'op-chosen': ['export', 'rules'],
    });
    // an admin cannot be created with less than everything
    const less = await admin.api('/users', { json: { loginId: 'admin-less', name: 'x', email: 'x@example.com', role: 'admin', password: PASSWORD, permissions: ['export'] } });
    expect(less.status).toBe(422);
    expect((await errorOf(less)).code).toBe('admin_permissions_fixed');
  });

  it('PATCH sets the whole set, audited before and after; the user’s open session follows at its next request', async () => {
    const packer = await signIn(t, 'packer');
    expect(((await (await packer.api('/me')).json()) as { user: UserJson }).user.permissions).toEqual(defaultPermissions('operator'));
    expect(await statusOf(await packer.api('/stock/export?encoding=utf-8'))).toBe(200);

    const res = await admin.api(`/users/${t.users.packer.id}`, { method: 'PATCH', json: { permissions: [] } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: UserJson }).user.permissions).toEqual([]);
    // the same session, no new sign-in: the export is refused now, and /me says why the web hides it
    await expectDenied(await packer.api('/stock/export?encoding=utf-8'), 'export', 'after the change');
    expect(((await (await packer.api('/me')).json()) as { user: UserJson }).user.permissions).toEqual([]);
    expect(await sqlFirst<{ permissions: string }>('SELECT permissions FROM users WHERE id = ?', t.users.packer.id)).toEqual({ permissions: '[]' });

    const back = await admin.api(`/users/${t.users.packer.id}`, { method: 'PATCH', json: { permissions: ['export', 'personal_data'] } });
    expect(back.status).toBe(200);
    expect(await statusOf(await packer.api('/stock/export?encoding=utf-8'))).toBe(200);

    const log = ((await (await admin.api('/logs/operations')).json()) as { items: { action: string; targetId: string; before: { permissions?: unknown }; after: { permissions?: unknown } }[] }).items.filter(
      (e) => e.action === 'user.update' && e.targetId === t.users.packer.id,
    );
    expect(log.map((e) => [e.before.permissions, e.after.permissions])).toEqual(
      expect.arrayContaining([
        [defaultPermissions('operator'), []],
        [[], ['export', 'personal_data']],
      ]),
    );
  });

  it('an admin keeps every permission: a smaller set answers 422 and changes nothing', async () => {
    const res = await admin.api(`/users/${t.admin.id}`, { method: 'PATCH', json: { permissions: ['export'] } });
    expect(res.status).toBe(422);
    const e = await errorOf(res);
    expect(e.code).toBe('admin_permissions_fixed');
    expect(((await (await admin.api(`/users/${t.admin.id}`)).json()) as { user: UserJson }).user.permissions).toEqual([...PERMISSIONS]);
    // making someone an admin with less is refused the same way
    const promote = await admin.api(`/users/${t.users.other.id}`, { method: 'PATCH', json: { role: 'admin', permissions: ['rules'] } });
    expect(promote.status).toBe(422);
    expect(((await (await admin.api(`/users/${t.users.other.id}`)).json()) as { user: UserJson }).user.role).toBe('operator');
  });

  it('a new role without permissions gives that role’s defaults; with them, what was asked', async () => {
    const id = t.users.other.id;
    const asViewer = await admin.api(`/users/${id}`, { method: 'PATCH', json: { role: 'viewer' } });
    expect(((await asViewer.json()) as { user: UserJson }).user.permissions).toEqual(['personal_data']);
    const asOperator = await admin.api(`/users/${id}`, { method: 'PATCH', json: { role: 'operator', permissions: ['rules'] } });
    expect(((await asOperator.json()) as { user: UserJson }).user).toMatchObject({ role: 'operator', permissions: ['rules'] });
    // editing the name leaves them alone
    const renamed = await admin.api(`/users/${id}`, { method: 'PATCH', json: { name: 'Renamed' } });
    expect(((await renamed.json()) as { user: UserJson }).user.permissions).toEqual(['rules']);
  });

  it('refuses a word that is no permission (400), and only an admin sets them (403)', async () => {
    for (const permissions of [['delete_everything'], 'export', [1]]) {
      const res = await admin.api(`/users/${t.users.other.id}`, { method: 'PATCH', json: { permissions } });
      expect(res.status, JSON.stringify(permissions)).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_error');
    }
    const op = await signIn(t, 'other');
    const self = await op.api(`/users/${t.users.other.id}`, { method: 'PATCH', json: { permissions: [...PERMISSIONS] } });
    expect(self.status).toBe(403);
    expect((await errorOf(self)).code).toBe('forbidden');
    expect(((await (await admin.api(`/users/${t.users.other.id}`)).json()) as { user: UserJson }).user.permissions).toEqual(['rules']);
  });

  it('a user row written without permissions has none (fail closed)', async () => {
    const row = await sqlFirst<{ id: string }>(
      "INSERT INTO users (id, account_id, login_id, name, email, role, password_hash, password_changed_at, created_at, updated_at) VALUES ('p-' || hex(randomblob(8)), ?, 'bare', 'x', 'bare@example.com', 'operator', 'x', '', '', '') RETURNING id",
      t.id,
    );
    expect(((await (await admin.api(`/users/${row!.id}`)).json()) as { user: UserJson }).user.permissions).toEqual([]);
  });
});

describe('each permission guards its routes for people; admins always pass; tokens keep their scopes', () => {
  let t: Tenant;
  let admin: Client;
  let orderId: string;
  let channelId: string;
  const SKU = 'PERM-1';

  /** A session of a user with exactly these permissions (and this role). */
  const as = async (loginId: string) => signIn(t, loginId);

  beforeAll(async () => {
    t = await createTenant({
      users: [
        { loginId: 'full', role: 'operator' },
        { loginId: 'no-adjust', role: 'operator', permissions: without('stock_adjust') },
        { loginId: 'no-import', role: 'operator', permissions: without('csv_import') },
        { loginId: 'no-export', role: 'operator', permissions: without('export') },
        { loginId: 'no-personal', role: 'operator', permissions: without('personal_data') },
        { loginId: 'rules', role: 'operator', permissions: [...defaultPermissions('operator'), 'rules'] },
        { loginId: 'channels', role: 'operator', permissions: [...defaultPermissions('operator'), 'channel_settings'] },
        { loginId: 'viewer', role: 'viewer' },
        { loginId: 'viewer-export', role: 'viewer', permissions: ['personal_data', 'export'] },
      ],
    });
    admin = await signIn(t, 'admin');
    await createSku(admin, SKU, 100);
    orderId = (await importOrder(admin, orderBody({ externalId: 'PERM-ORDER-1', lines: [{ sku: SKU, quantity: 1, unitPrice: 1000 }] }))).order.id;
    const ch = await admin.api('/channels', { json: { type: 'rakuten', name: '権限テスト店', endpoint: fakeMall('rakuten').endpoint, credentials: { serviceSecret: 'SP000000_p', licenseKey: 'SL000000_p' }, settings: { orderPull: false, stockPush: false, shipmentPush: false } } });
    expect(ch.status).toBe(201);
    channelId = ((await ch.json()) as { id: string }).id;
  });

  const adjustment = (kind = 'adjust') => ({ path: '/stock/adjustments', json: { items: [{ sku: SKU, mode: 'delta', quantity: 1, reason: '権限' }], kind } });
  const stockImport = () => ({ path: '/stock/import?mode=delta&encoding=utf-8', body: `${SKU},1\r\n`, headers: { 'content-type': 'text/csv' } });
  const trackingImport = () => ({ path: '/orders/import/tracking?carrier=yamato_b2&encoding=utf-8', body: 'K999999,0,0,444413758703\r\n', headers: { 'content-type': 'text/csv' } });
  const call = (c: Client, r: { path: string } & RequestOptions) => {
    const { path, ...opts } = r;
    return c.api(path, opts);
  };

  it('stock_adjust (在庫調整): adjustments and stocktakes', async () => {
    const denied = await as('no-adjust');
    const before = await stockOf(admin, SKU);
    await expectDenied(await call(denied, adjustment()), 'stock_adjust', 'adjust');
    await expectDenied(await call(denied, adjustment('stocktake')), 'stock_adjust', 'stocktake');
    await expectDenied(await call(denied, stockImport()), 'stock_adjust', 'stock import');
    expect(await stockOf(admin, SKU)).toEqual(before);
    expect((await call(await as('full'), adjustment())).status).toBe(200);
    expect((await call(await as('full'), adjustment('stocktake'))).status).toBe(200);
    expect((await call(admin, adjustment())).status).toBe(200);
  });

  it('csv_import (CSV取込): the tracking file, and the stock import, which needs stock_adjust too', async () => {
    const noImport = await as('no-import');
    await expectDenied(await call(noImport, trackingImport()), 'csv_import', 'tracking');
    await expectDenied(await call(noImport, stockImport()), 'csv_import', 'stock import');
    await expectDenied(await call(await as('no-adjust'), stockImport()), 'stock_adjust', 'stock import without stock_adjust');
    const full = await as('full');
    expect((await call(full, trackingImport())).status).toBe(200);
    expect((await call(full, stockImport())).status).toBe(200);
    expect((await call(admin, stockImport())).status).toBe(200);
  });

  it('export (CSV出力): stock, the ledger CSV (not its JSON), the listings; the order CSVs need personal_data as well', async () => {
    const noExport = await as('no-export');
    const exports = ['/stock/export?encoding=utf-8', `/stock/${SKU}/ledger?format=csv&encoding=utf-8`, `/channels/${channelId}/listings/export?encoding=utf-8`];
    const orderFiles = ['/orders/export?encoding=utf-8', `/orders/export/shipping?carrier=yamato_b2&ids=${orderId}&force=true`, `/orders/export/shipping/check?carrier=yamato_b2&ids=${orderId}`];
    for (const path of [...exports, ...orderFiles]) await expectDenied(await noExport.api(path), 'export', path);
    expect(await statusOf(await noExport.api(`/stock/${SKU}/ledger`))).toBe(200);
    // a repeated ?format cannot slip past the guard
    await expectDenied(await noExport.api(`/stock/${SKU}/ledger?format=json&format=csv`), 'export', 'format twice');

    const noPersonal = await as('no-personal');
    for (const path of exports) expect(await statusOf(await noPersonal.api(path)), path).toBe(200);
    for (const path of orderFiles) await expectDenied(await noPersonal.api(path), 'personal_data', path);

    const full = await as('full');
    for (const path of [...exports, ...orderFiles]) expect(await statusOf(await full.api(path)), path).toBe(200);
    for (const path of [...exports, ...orderFiles]) expect(await statusOf(await admin.api(path)), path).toBe(200);

    // a viewer reads stock but exports nothing by default; given export, it does
    await expectDenied(await (await as('viewer')).api('/stock/export?encoding=utf-8'), 'export', 'viewer');
    expect(await statusOf(await (await as('viewer-export')).api('/stock/export?encoding=utf-8'))).toBe(200);
  });

  it('personal_data (購入者の個人情報): the customer and address of an order cannot be overwritten without it', async () => {
    const noPersonal = await as('no-personal');
    const body = orderBody({ externalId: 'x' });
    await expectDenied(await noPersonal.api(`/orders/${orderId}`, { method: 'PATCH', json: { shipTo: body.shipTo } }), 'personal_data', 'shipTo');
    await expectDenied(await noPersonal.api(`/orders/${orderId}`, { method: 'PATCH', json: { customer: { name: '別人' } } }), 'personal_data', 'customer');
    expect((await noPersonal.api(`/orders/${orderId}`, { method: 'PATCH', json: { note: '置き配可' } })).status).toBe(200);
    expect((await (await as('full')).api(`/orders/${orderId}`, { method: 'PATCH', json: { customer: { name: '山田 次郎' } } })).status).toBe(200);
  });

  it('rules (自動処理ルールの変更): operators lack it by default; a viewer hears the role refusal first', async () => {
    const rule = () => ({ name: `権限 ${Math.random()}`, conditions: [{ field: 'channelId', op: 'eq', value: 'none' }], actions: [{ type: 'flag', value: 'x' }] });
    const full = await as('full');
    const made = await admin.api('/order-rules', { json: rule() });
    expect(made.status).toBe(201);
    const ruleId = ((await made.json()) as { id: string }).id;
    const entry = await admin.api('/blacklist', { json: { kind: 'name', value: '要注意 権限' } });
    const entryId = ((await entry.json()) as { id: string }).id;
    // the rule is the account's only one, so reorder names it alone; create comes last
    const writes: [string, { path: string } & RequestOptions][] = [
      ['replace', { path: `/order-rules/${ruleId}`, method: 'PUT', json: rule() }],
      ['switch', { path: `/order-rules/${ruleId}`, method: 'PATCH', json: { enabled: false } }],
      ['reorder', { path: '/order-rules/reorder', json: { ids: [ruleId] } }],
      ['run', { path: '/order-rules/run', json: {} }],
      ['delete', { path: `/order-rules/${ruleId}`, method: 'DELETE' }],
      ['blacklist add', { path: '/blacklist', json: { kind: 'phone', value: '090-0000-1234' } }],
      ['blacklist remove', { path: `/blacklist/${entryId}`, method: 'DELETE' }],
      ['create', { path: '/order-rules', json: rule() }],
    ];
    const state = async () => [await (await admin.api('/order-rules')).json(), await (await admin.api('/blacklist')).json()];
    const before = await state();
    for (const [what, r] of writes) await expectDenied(await call(full, r), 'rules', what);
    const viewer = await as('viewer');
    for (const [what, r] of writes) {
      const res = await call(viewer, r);
      expect(res.status, what).toBe(403);
      expect((await errorOf(res)).code, what).toBe('forbidden');
    }
    expect(await state()).toEqual(before);
    // reading and simulating stay open
    expect((await full.api('/order-rules')).status).toBe(200);
    expect((await full.api('/order-rules/simulate', { json: { limit: 10 } })).status).toBe(200);
    // with the permission every write works
    const keeper = await as('rules');
    for (const [what, r] of writes) expect((await call(keeper, r)).status, what).toBeLessThan(300);
    expect((await call(admin, { path: '/order-rules', json: rule() })).status).toBe(201);
  });

  it('channel_settings (チャネル設定): channels stay an admin’s, even for an operator holding it', async () => {
    const holder = await as('channels');
    const res = await holder.api(`/channels/${channelId}`, { method: 'PATCH', json: { name: '変更' } });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('forbidden');
    expect((await admin.api(`/channels/${channelId}`, { method: 'PATCH', json: { name: '変更' } })).status).toBe(200);
  });

  it('API tokens have no permissions: their scopes decide, as before', async () => {
    const token = async (scopes: string[]) => ((await (await admin.api('/api-tokens', { json: { name: scopes.join(' '), scopes } })).json()) as { token: string }).token;
    const stock = await token(['stock:read', 'stock:write']);
    const orders = await token(['orders:read', 'orders:write']);
    const bearer = (b: string, r: { path: string } & RequestOptions) => call(new Client(), { ...r, bearer: b });
    expect(await statusOf(await bearer(stock, { path: '/stock/export?encoding=utf-8' }))).toBe(200);
    expect((await bearer(stock, adjustment())).status).toBe(200);
    expect((await bearer(stock, stockImport())).status).toBe(200);
    expect(await statusOf(await bearer(orders, { path: '/orders/export?encoding=utf-8' }))).toBe(200);
    expect((await bearer(orders, { path: '/order-rules', json: { name: 'token rule', conditions: [], actions: [{ type: 'flag', value: 't' }] } })).status).toBe(201);
  });
});
