import { beforeAll, describe, expect, it } from 'vitest';
import { jstDate } from '../../worker/lib/time';
import { Client, type RequestOptions } from '../helpers/client';
import { uniqueRange4 } from '../helpers/net';
import { createTenant, PASSWORD, signIn, sql, uniqueCode, type Tenant } from '../helpers/tenant';
import { secretOf, totpCodeAt } from '../helpers/totp';
import { fakeMall } from '../helpers/fakes';
import { defaultPermissions, type Permission } from '../../worker/users/permissions';

/**
 * The role matrix: every route of the API, called by every kind of caller.
 * Admin routes are for admins; platform routes for the platform account's
 * admins; /me for anyone signed in. Stock reads are for anyone signed in,
 * stock writes for operators and admins (a viewer only looks); orders, order
 * rules, the blacklist and saved searches likewise. A route
 * added to the API without a line here fails the coverage test below.
 * Beside the role, some routes need a 権限 (users/permissions.ts): a caller the
 * role allows but who lacks it (by its role's default permissions) gets 403
 * permission_denied naming the first one missing.
 */
type Access = 'admin' | 'platform' | 'signed-in' | 'stock-read' | 'stock-write' | 'orders-read' | 'orders-write' | 'channels-read' | 'channels-write' | 'channels-admin';

interface Fixtures {
  userId: string;
  tokenId: string;
  exceptionIds: [string, string];
  otherAccountId: string;
  /** a SKU with plenty of stock, for the stock routes */
  sku: string;
  /** an operator of the account (not a matrix caller, so its session survives the matrix), who makes what a stock id route acts on just before each call */
  stocker: Client;
  /** an open order of the account (the carrier file routes) */
  orderId: string;
  /** an admin of the account (not a matrix caller) who makes the channels and dead letters the channel routes act on */
  keeper: Client;
  /** a channel of the account, pointed at a conformance fake */
  channelId: string;
  accountId: string;
}

/** A channel of the fixture account on a fake Rakuten (nothing leaves the machine). */
const channelBody = () => ({ type: 'rakuten', name: `MX 楽天 ${++n}`, endpoint: fakeMall('rakuten').endpoint, credentials: { serviceSecret: 'SP000000_mx', licenseKey: 'SL000000_mx' } });
const freshChannel = async (fx: Fixtures) => {
  const res = await fx.keeper.api('/channels', { json: channelBody() });
  if (res.status !== 201) throw new Error(`fixture channel answered ${res.status}`);
  return ((await res.json()) as { id: string }).id;
};
/** A dead letter on the fixture channel, for the retry route. */
const freshDeadLetter = async (fx: Fixtures, accountId: string) => {
  const id = `MXDL${++n}${Date.now()}`;
  await sql(
    `INSERT INTO channel_dead_letters (id, account_id, channel_id, kind, payload, error, attempts, created_at) VALUES (?, ?, ?, 'stock', ?, 'fixture', 6, ?)`,
    id,
    accountId,
    fx.channelId,
    JSON.stringify([{ sku: fx.sku, remoteId: 'mx', quantity: 1 }]),
    new Date().toISOString(),
  );
  return id;
};

/** A fresh open reservation of the fixture SKU (each allowed caller releases or ships its own). */
const openReservation = async (fx: Fixtures) => {
  const reference = `MX-ORDER-${++n}`;
  const res = await fx.stocker.api('/stock/reservations', { json: { reference, lines: [{ sku: fx.sku, quantity: 1 }] } });
  if (res.status !== 201) throw new Error(`fixture reservation answered ${res.status}`);
  return reference;
};

/** A valid order import of one unit of `sku` (the fixture SKU has plenty). */
const orderImport = (sku: string) => ({
  channelId: 'matrix',
  externalId: `MX-EXT-${++n}`,
  orderedAt: new Date().toISOString(),
  customer: { name: 'マトリクス 太郎' },
  shipTo: { name: 'マトリクス 太郎', postalCode: '100-0001', prefecture: '東京都', city: '千代田区', address1: '千代田1-1', phone: '03-0000-0000' },
  lines: [{ sku, quantity: 1, unitPrice: 1000 }],
  payment: { method: 'credit_card', paid: true },
});

/** A fresh order, made by the fixture operator (moved to `status` first when given), for an order write to act on. */
const freshOrder = async (fx: Fixtures, status?: string) => {
  const res = await fx.stocker.api('/orders', { json: orderImport(fx.sku) });
  if (res.status !== 201) throw new Error(`fixture order answered ${res.status}`);
  const { order } = (await res.json()) as { order: { id: string; status: string } };
  if (order.status !== 'new') throw new Error(`fixture order is ${order.status}`);
  if (status && (await fx.stocker.api(`/orders/${order.id}/transition`, { json: { to: status } })).status !== 200) throw new Error(`fixture order not moved to ${status}`);
  return order.id;
};

/** A rule that matches no order of the matrix (so it never changes one). */
const inertRule = () => ({ name: `MX rule ${++n}`, conditions: [{ field: 'channelId', op: 'eq', value: 'no-such-channel' }], actions: [{ type: 'flag', value: 'mx' }] });

/** Makes something as the fixture operator and answers its id. */
const made = async (fx: Fixtures, path: string, json: unknown) => {
  const res = await fx.stocker.api(path, { json });
  if (res.status !== 201) throw new Error(`fixture ${path} answered ${res.status}`);
  return ((await res.json()) as { id: string }).id;
};

/** One shipped order of 100 units of the fixture SKU per account, made once: each return route call takes one unit back. */
const shippedOrders = new Map<string, Promise<string>>();
const shippedOrder = (fx: Fixtures): Promise<string> => {
  const made = shippedOrders.get(fx.accountId);
  if (made) return made;
  const making = (async () => {
    const res = await fx.stocker.api('/orders', { json: { ...orderImport(fx.sku), lines: [{ sku: fx.sku, quantity: 100, unitPrice: 10 }] } });
    const { order } = (await res.json()) as { order: { id: string; status: string } };
    if (res.status !== 201 || order.status !== 'new') throw new Error(`fixture order for returns answered ${res.status}`);
    if ((await fx.stocker.api(`/orders/${order.id}/transition`, { json: { to: 'ready_to_ship' } })).status !== 200) throw new Error('fixture order for returns not moved');
    if ((await fx.stocker.api(`/orders/${order.id}/ship`, { json: { carrier: 'yamato', trackingNumber: `4100-${String(++n).padStart(4, '0')}-0000` } })).status !== 200) throw new Error('fixture order for returns not shipped');
    return order.id;
  })();
  shippedOrders.set(fx.accountId, making);
  return making;
};

/** A return (one unit, not sellable) of the account's shipped fixture order, made by the fixture operator. */
const freshReturn = async (fx: Fixtures) => {
  const res = await fx.stocker.api(`/orders/${await shippedOrder(fx)}/returns`, { json: { lines: [{ sku: fx.sku, quantity: 1, sellable: 0 }], reason: 'customer' } });
  if (res.status !== 201) throw new Error(`fixture return answered ${res.status}`);
  return ((await res.json()) as { return: { id: string } }).return.id;
};

interface Entry {
  op: string;
  access: Access;
  /** the 権限 a person needs as well, in the order the route checks them */
  permissions?: Permission[];
  req: (fx: Fixtures, client: Client) => Promise<{ path: string } & RequestOptions> | ({ path: string } & RequestOptions);
}

let n = 0;
/** A real 1×1 PNG (the shop logo routes). */
const SHOP_LOGO = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
const day = (d: number) => jstDate(Date.now() + d * 86_400_000);

const MATRIX: Entry[] = [
  { op: 'GET /users', access: 'admin', req: () => ({ path: '/users' }) },
  {
    op: 'POST /users',
    access: 'admin',
    req: () => ({ path: '/users', json: { loginId: `new${++n}`, name: 'New', email: `new${n}@example.com`, role: 'viewer', password: 'Matrix-Lantern-81' } }),
  },
  { op: 'GET /users/{id}', access: 'admin', req: (fx) => ({ path: `/users/${fx.userId}` }) },
  { op: 'PATCH /users/{id}', access: 'admin', req: (fx) => ({ path: `/users/${fx.userId}`, method: 'PATCH', json: { name: 'Renamed' } }) },
  { op: 'POST /users/{id}/unlock', access: 'admin', req: (fx) => ({ path: `/users/${fx.userId}/unlock`, method: 'POST' }) },
  { op: 'GET /settings/security', access: 'admin', req: () => ({ path: '/settings/security' }) },
  {
    op: 'PUT /settings/security',
    access: 'admin',
    req: () => ({ path: '/settings/security', method: 'PUT', json: { ipAllowlist: [], lockoutThreshold: 6, lockoutMinutes: 30, mfaRequired: false } }),
  },
  { op: 'GET /settings/country-exceptions', access: 'admin', req: () => ({ path: '/settings/country-exceptions' }) },
  {
    op: 'POST /settings/country-exceptions',
    access: 'admin',
    req: () => ({ path: '/settings/country-exceptions', json: { country: 'US', from: day(1), to: day(2), cidrs: [uniqueRange4().cidr] } }),
  },
  { op: 'DELETE /settings/country-exceptions', access: 'admin', req: (fx) => ({ path: `/settings/country-exceptions?id=${fx.exceptionIds[0]}`, method: 'DELETE' }) },
  { op: 'DELETE /settings/country-exceptions/{id}', access: 'admin', req: (fx) => ({ path: `/settings/country-exceptions/${fx.exceptionIds[1]}`, method: 'DELETE' }) },
  { op: 'GET /settings/shop', access: 'signed-in', req: () => ({ path: '/settings/shop' }) },
  { op: 'PUT /settings/shop', access: 'admin', req: () => ({ path: '/settings/shop', method: 'PUT', json: { name: `Matrix shop ${++n}`, postalCode: '100-0001' } }) },
  // the logo routes in this order: an admin uploads, reads and removes; the fixture logo is there for the others to read
  { op: 'PUT /settings/shop/logo', access: 'admin', req: () => ({ path: '/settings/shop/logo', method: 'PUT', body: SHOP_LOGO, headers: { 'content-type': 'image/png' } }) },
  { op: 'GET /settings/shop/logo', access: 'signed-in', req: () => ({ path: '/settings/shop/logo' }) },
  { op: 'DELETE /settings/shop/logo', access: 'admin', req: () => ({ path: '/settings/shop/logo', method: 'DELETE' }) },
  { op: 'GET /api-tokens', access: 'admin', req: () => ({ path: '/api-tokens' }) },
  { op: 'POST /api-tokens', access: 'admin', req: () => ({ path: '/api-tokens', json: { name: 'matrix', scopes: ['orders:read'] } }) },
  { op: 'DELETE /api-tokens/{id}', access: 'admin', req: (fx) => ({ path: `/api-tokens/${fx.tokenId}`, method: 'DELETE' }) },
  { op: 'GET /logs/access', access: 'admin', req: () => ({ path: '/logs/access' }) },
  { op: 'GET /logs/operations', access: 'admin', req: () => ({ path: '/logs/operations' }) },
  { op: 'GET /platform/accounts', access: 'platform', req: () => ({ path: '/platform/accounts' }) },
  {
    op: 'POST /platform/accounts',
    access: 'platform',
    req: () => {
      const code = uniqueCode('m');
      return { path: '/platform/accounts', json: { code, name: 'Matrix shop', adminEmail: `a@${code}.example`, admin: { loginId: 'admin', name: 'Admin', password: 'Matrix-Lantern-81' } } };
    },
  },
  { op: 'POST /platform/accounts/{id}/status', access: 'platform', req: (fx) => ({ path: `/platform/accounts/${fx.otherAccountId}/status`, json: { status: 'suspended' } }) },
  { op: 'GET /me', access: 'signed-in', req: () => ({ path: '/me' }) },
  { op: 'POST /me/mfa/totp', access: 'signed-in', req: () => ({ path: '/me/mfa/totp', method: 'POST' }) },
  {
    op: 'POST /me/mfa/totp/confirm',
    access: 'signed-in',
    req: async (_fx, client) => {
      // needs an enrolment started by this user: start one (allowed only where the route is)
      const start = await client.api('/me/mfa/totp', { method: 'POST' });
      const code = start.status === 200 ? totpCodeAt(secretOf(((await start.json()) as { otpauthUri: string }).otpauthUri)) : '000000';
      return { path: '/me/mfa/totp/confirm', json: { code } };
    },
  },
  { op: 'POST /me/mfa/totp/disable', access: 'signed-in', req: () => ({ path: '/me/mfa/totp/disable', json: { currentPassword: PASSWORD } }) },
  { op: 'POST /me/password', access: 'signed-in', req: () => ({ path: '/me/password', json: { currentPassword: PASSWORD, newPassword: 'Changed-Lantern-93' } }) },
  { op: 'GET /skus', access: 'stock-read', req: () => ({ path: '/skus?q=MX' }) },
  { op: 'POST /skus', access: 'stock-write', req: () => ({ path: '/skus', json: { code: `MX-NEW-${++n}`, name: '新商品' } }) },
  { op: 'GET /skus/{code}', access: 'stock-read', req: (fx) => ({ path: `/skus/${fx.sku}` }) },
  { op: 'PATCH /skus/{code}', access: 'stock-write', req: (fx) => ({ path: `/skus/${fx.sku}`, method: 'PATCH', json: { name: `名前 ${++n}` } }) },
  {
    op: 'DELETE /skus/{code}',
    access: 'stock-write',
    req: async (fx) => {
      const code = `MX-DEL-${++n}`;
      if ((await fx.stocker.api('/skus', { json: { code, name: 'deletable' } })).status !== 201) throw new Error('fixture SKU not created');
      return { path: `/skus/${code}`, method: 'DELETE' };
    },
  },
  { op: 'GET /locations', access: 'stock-read', req: () => ({ path: '/locations' }) },
  { op: 'POST /locations', access: 'stock-write', req: () => ({ path: '/locations', json: { code: `mx${++n}`, name: '倉庫', priority: 5 } }) },
  { op: 'GET /stock', access: 'stock-read', req: () => ({ path: '/stock?lowStock=true' }) },
  { op: 'GET /stock/export', access: 'stock-read', permissions: ['export'], req: () => ({ path: '/stock/export' }) },
  { op: 'GET /stock/{sku}', access: 'stock-read', req: (fx) => ({ path: `/stock/${fx.sku}` }) },
  { op: 'GET /stock/{sku}/ledger', access: 'stock-read', req: (fx) => ({ path: `/stock/${fx.sku}/ledger` }) },
  { op: 'GET /stock/reservations', access: 'stock-read', req: (fx) => ({ path: `/stock/reservations?sku=${encodeURIComponent(fx.sku)}` }) },
  { op: 'POST /stock/adjustments', access: 'stock-write', permissions: ['stock_adjust'], req: (fx) => ({ path: '/stock/adjustments', json: { items: [{ sku: fx.sku, mode: 'delta', quantity: 1, reason: '入荷' }] } }) },
  { op: 'POST /stock/import', access: 'stock-write', permissions: ['csv_import', 'stock_adjust'], req: (fx) => ({ path: '/stock/import?mode=delta', body: `${fx.sku},1\r\n`, headers: { 'content-type': 'text/csv' } }) },
  { op: 'POST /stock/reservations', access: 'stock-write', req: (fx) => ({ path: '/stock/reservations', json: { reference: `MX-R-${++n}`, lines: [{ sku: fx.sku, quantity: 1 }] } }) },
  { op: 'DELETE /stock/reservations/{reference}', access: 'stock-write', req: async (fx) => ({ path: `/stock/reservations/${await openReservation(fx)}`, method: 'DELETE' }) },
  { op: 'POST /stock/reservations/{reference}/commit', access: 'stock-write', req: async (fx) => ({ path: `/stock/reservations/${await openReservation(fx)}/commit`, method: 'POST' }) },
  // force: the fixture account has no carrier settings, so the check would refuse the file (422)
  { op: 'GET /orders/export/shipping', access: 'orders-read', permissions: ['export', 'personal_data'], req: (fx) => ({ path: `/orders/export/shipping?carrier=yamato_b2&ids=${fx.orderId}&force=true` }) },
  { op: 'GET /orders/export/shipping/check', access: 'orders-read', permissions: ['export', 'personal_data'], req: (fx) => ({ path: `/orders/export/shipping/check?carrier=yamato_b2&ids=${fx.orderId}` }) },
  { op: 'GET /carriers/settings', access: 'orders-read', req: () => ({ path: '/carriers/settings' }) },
  { op: 'PUT /carriers/{carrier}/settings', access: 'admin', req: () => ({ path: '/carriers/sagawa/settings', method: 'PUT', json: { shipper: { name: `Matrix ${++n}` }, contract: {} } }) },
  {
    op: 'POST /orders/import/tracking',
    access: 'orders-write',
    permissions: ['csv_import'],
    req: () => ({ path: '/orders/import/tracking?carrier=yamato_b2', body: 'K999999,0,0,444413758703\r\n', headers: { 'content-type': 'text/csv' } }),
  },
  { op: 'GET /orders', access: 'orders-read', req: () => ({ path: '/orders?status=new&limit=5' }) },
  { op: 'GET /orders/summary', access: 'orders-read', req: () => ({ path: '/orders/summary' }) },
  { op: 'GET /orders/ids', access: 'orders-read', req: () => ({ path: '/orders/ids?status=new' }) },
  { op: 'GET /orders/export', access: 'orders-read', permissions: ['export', 'personal_data'], req: () => ({ path: '/orders/export?status=new&encoding=utf-8' }) },
  { op: 'GET /orders/picking', access: 'orders-read', req: (fx) => ({ path: `/orders/picking?ids=${fx.orderId}` }) },
  { op: 'GET /orders/merge-proposals', access: 'orders-read', req: () => ({ path: '/orders/merge-proposals?limit=5' }) },
  { op: 'GET /orders/{id}/packing', access: 'orders-read', req: (fx) => ({ path: `/orders/${fx.orderId}/packing` }) },
  { op: 'GET /orders/{id}', access: 'orders-read', req: (fx) => ({ path: `/orders/${fx.orderId}` }) },
  { op: 'GET /postal-codes/{code}', access: 'orders-read', req: () => ({ path: '/postal-codes/100-0001' }) },
  { op: 'POST /orders', access: 'orders-write', req: (fx) => ({ path: '/orders', json: orderImport(fx.sku) }) },
  { op: 'GET /channels', access: 'channels-read', req: () => ({ path: '/channels' }) },
  { op: 'POST /channels', access: 'channels-admin', req: () => ({ path: '/channels', json: channelBody() }) },
  { op: 'GET /channels/{id}', access: 'channels-read', req: (fx) => ({ path: `/channels/${fx.channelId}` }) },
  { op: 'PATCH /channels/{id}', access: 'channels-admin', req: (fx) => ({ path: `/channels/${fx.channelId}`, method: 'PATCH', json: { name: `MX 楽天 ${++n}` } }) },
  { op: 'DELETE /channels/{id}', access: 'channels-admin', req: async (fx) => ({ path: `/channels/${await freshChannel(fx)}`, method: 'DELETE' }) },
  { op: 'POST /channels/{id}/test', access: 'channels-admin', req: (fx) => ({ path: `/channels/${fx.channelId}/test`, method: 'POST' }) },
  { op: 'POST /channels/{id}/sync', access: 'channels-write', req: (fx) => ({ path: `/channels/${fx.channelId}/sync`, json: { what: 'stock' } }) },
  { op: 'GET /channels/{id}/status', access: 'channels-read', req: (fx) => ({ path: `/channels/${fx.channelId}/status` }) },
  { op: 'GET /channels/{id}/listings', access: 'channels-read', req: (fx) => ({ path: `/channels/${fx.channelId}/listings` }) },
  { op: 'PUT /channels/{id}/listings', access: 'channels-admin', req: (fx) => ({ path: `/channels/${fx.channelId}/listings`, method: 'PUT', json: { items: [{ sku: fx.sku, remoteId: 'mx-item', remoteVariantId: 'mx-v' }] } }) },
  { op: 'GET /channels/{id}/listings/export', access: 'channels-read', permissions: ['export'], req: (fx) => ({ path: `/channels/${fx.channelId}/listings/export?encoding=utf-8` }) },
  {
    op: 'POST /channels/{id}/listings/import',
    access: 'channels-admin',
    req: (fx) => ({ path: `/channels/${fx.channelId}/listings/import?encoding=utf-8`, body: `SKU,商品ID,バリエーションID\r\n${fx.sku},mx-item,mx-v\r\n`, headers: { 'content-type': 'text/csv' } }),
  },
  { op: 'GET /channels/{id}/stock', access: 'channels-read', req: (fx) => ({ path: `/channels/${fx.channelId}/stock` }) },
  { op: 'GET /channels/{id}/dead-letters', access: 'channels-read', req: (fx) => ({ path: `/channels/${fx.channelId}/dead-letters` }) },
  {
    op: 'POST /channels/{id}/dead-letters/{letterId}/retry',
    access: 'channels-write',
    req: async (fx) => ({ path: `/channels/${fx.channelId}/dead-letters/${await freshDeadLetter(fx, fx.accountId)}/retry`, method: 'POST' }),
  },
  { op: 'POST /orders/batch', access: 'orders-write', req: (fx) => ({ path: '/orders/batch', json: { orders: [orderImport(fx.sku)] } }) },
  { op: 'PATCH /orders/{id}', access: 'orders-write', req: async (fx) => ({ path: `/orders/${await freshOrder(fx)}`, method: 'PATCH', json: { note: `edited ${++n}` } }) },
  { op: 'POST /orders/{id}/transition', access: 'orders-write', req: async (fx) => ({ path: `/orders/${await freshOrder(fx)}/transition`, json: { to: 'on_hold' } }) },
  { op: 'POST /orders/{id}/cancel', access: 'orders-write', req: async (fx) => ({ path: `/orders/${await freshOrder(fx)}/cancel`, method: 'POST' }) },
  {
    op: 'POST /orders/{id}/ship',
    access: 'orders-write',
    req: async (fx) => ({ path: `/orders/${await freshOrder(fx, 'ready_to_ship')}/ship`, json: { carrier: 'yamato', trackingNumber: `4000-${String(++n).padStart(4, '0')}-0000` } }),
  },
  // 同梱 and 分割出荷: the fixture orders all go to one buyer at one address, so any two merge
  { op: 'POST /orders/merge', access: 'orders-write', req: async (fx) => ({ path: '/orders/merge', json: { parentId: await freshOrder(fx), childIds: [await freshOrder(fx)] } }) },
  {
    op: 'POST /orders/{id}/unmerge',
    access: 'orders-write',
    req: async (fx) => {
      const [parentId, childId] = [await freshOrder(fx), await freshOrder(fx)];
      if ((await fx.stocker.api('/orders/merge', { json: { parentId, childIds: [childId] } })).status !== 200) throw new Error('fixture merge failed');
      return { path: `/orders/${childId}/unmerge`, method: 'POST' };
    },
  },
  {
    op: 'POST /orders/{id}/ship-partial',
    access: 'orders-write',
    req: async (fx) => ({ path: `/orders/${await freshOrder(fx, 'ready_to_ship')}/ship-partial`, json: { carrier: 'yamato', trackingNumber: `4100-${String(++n).padStart(4, '0')}-0000`, lines: [{ lineNo: 1, quantity: 1 }] } }),
  },
  { op: 'POST /orders/bulk', access: 'orders-write', req: async (fx) => ({ path: '/orders/bulk', json: { action: 'transition', to: 'on_hold', ids: [await freshOrder(fx)] } }) },
  {
    op: 'POST /orders/{id}/returns',
    access: 'orders-write',
    req: async (fx) => ({ path: `/orders/${await shippedOrder(fx)}/returns`, json: { lines: [{ sku: fx.sku, quantity: 1, sellable: 1 }], reason: 'customer' } }),
  },
  { op: 'GET /orders/{id}/returns', access: 'orders-read', req: (fx) => ({ path: `/orders/${fx.orderId}/returns` }) },
  { op: 'GET /returns', access: 'orders-read', req: () => ({ path: '/returns?refundStatus=none&limit=5' }) },
  { op: 'GET /returns/{id}', access: 'orders-read', req: async (fx) => ({ path: `/returns/${await freshReturn(fx)}` }) },
  { op: 'PATCH /returns/{id}', access: 'orders-write', req: async (fx) => ({ path: `/returns/${await freshReturn(fx)}`, method: 'PATCH', json: { refund: { status: 'pending' } } }) },
  { op: 'POST /returns/{id}/exchange', access: 'orders-write', req: async (fx) => ({ path: `/returns/${await freshReturn(fx)}/exchange`, json: { lines: [{ sku: fx.sku, quantity: 1 }] } }) },
  {
    op: 'POST /orders/{id}/packing',
    access: 'orders-write',
    req: async (fx) => ({ path: `/orders/${await freshOrder(fx)}/packing`, json: { scans: [{ code: fx.sku, at: new Date().toISOString() }], result: 'passed' } }),
  },
  { op: 'GET /order-rules', access: 'orders-read', req: () => ({ path: '/order-rules' }) },
  { op: 'POST /order-rules', access: 'orders-write', permissions: ['rules'], req: () => ({ path: '/order-rules', json: inertRule() }) },
  { op: 'PUT /order-rules/{id}', access: 'orders-write', permissions: ['rules'], req: async (fx) => ({ path: `/order-rules/${await made(fx, '/order-rules', inertRule())}`, method: 'PUT', json: inertRule() }) },
  { op: 'DELETE /order-rules/{id}', access: 'orders-write', permissions: ['rules'], req: async (fx) => ({ path: `/order-rules/${await made(fx, '/order-rules', inertRule())}`, method: 'DELETE' }) },
  { op: 'POST /order-rules/simulate', access: 'orders-read', req: () => ({ path: '/order-rules/simulate', json: { rule: inertRule(), limit: 10 } }) },
  { op: 'PATCH /order-rules/{id}', access: 'orders-write', permissions: ['rules'], req: async (fx) => ({ path: `/order-rules/${await made(fx, '/order-rules', inertRule())}`, method: 'PATCH', json: { enabled: false } }) },
  {
    op: 'POST /order-rules/reorder',
    access: 'orders-write',
    permissions: ['rules'],
    req: async (fx) => {
      await made(fx, '/order-rules', inertRule());
      const { items } = (await (await fx.stocker.api('/order-rules')).json()) as { items: { id: string }[] };
      return { path: '/order-rules/reorder', json: { ids: items.map((r) => r.id).reverse() } };
    },
  },
  // the matrix's rules are inert: running them changes no order
  { op: 'POST /order-rules/run', access: 'orders-write', permissions: ['rules'], req: () => ({ path: '/order-rules/run', json: { limit: 20 } }) },
  { op: 'GET /blacklist', access: 'orders-read', req: () => ({ path: '/blacklist' }) },
  { op: 'POST /blacklist', access: 'orders-write', permissions: ['rules'], req: () => ({ path: '/blacklist', json: { kind: 'name', value: `要注意 ${++n}` } }) },
  { op: 'DELETE /blacklist/{id}', access: 'orders-write', permissions: ['rules'], req: async (fx) => ({ path: `/blacklist/${await made(fx, '/blacklist', { kind: 'name', value: `要注意 ${++n}` })}`, method: 'DELETE' }) },
  { op: 'GET /saved-searches', access: 'orders-read', req: () => ({ path: '/saved-searches' }) },
  { op: 'GET /mail-templates', access: 'orders-read', req: () => ({ path: '/mail-templates' }) },
  { op: 'PUT /mail-templates/{kind}', access: 'orders-write', req: () => ({ path: '/mail-templates/shipping_notice', method: 'PUT', json: { enabled: false, subject: 'MX {{order.number}}', body: 'matrix' } }) },
  { op: 'POST /mail-templates/{kind}/preview', access: 'orders-read', req: () => ({ path: '/mail-templates/order_confirmation/preview', json: {} }) },
  { op: 'POST /saved-searches', access: 'orders-write', req: () => ({ path: '/saved-searches', json: { name: `MX ${++n}`, query: 'status=new' } }) },
  {
    // each caller deletes a search of its own where it may save one (only the owner or an admin may delete)
    op: 'DELETE /saved-searches/{id}',
    access: 'orders-write',
    req: async (fx, client) => {
      const own = await client.api('/saved-searches', { json: { name: `MX ${++n}`, query: 'status=new' } });
      const id = own.status === 201 ? ((await own.json()) as { id: string }).id : await made(fx, '/saved-searches', { name: `MX ${++n}`, query: 'status=new' });
      return { path: `/saved-searches/${id}`, method: 'DELETE' };
    },
  },
];

/** Routes anyone may call (sign-in itself, liveness) or that exist only in development. */
const PUBLIC = ['POST /hooks/shopify/{channelId}', 'POST /auth/login', 'POST /auth/mfa', 'POST /auth/mfa/sms', 'POST /auth/logout', 'GET /dev/outbox', 'POST /dev/seed', 'POST /dev/bench/stock', 'POST /dev/bench/resync'];

type Caller = 'viewer' | 'operator' | 'admin' | 'platform operator' | 'platform admin';

const allowed = (access: Access, who: Caller): boolean =>
  access === 'signed-in' ||
  access === 'stock-read' ||
  (access === 'stock-write' && who !== 'viewer') ||
  access === 'orders-read' ||
  (access === 'orders-write' && who !== 'viewer') ||
  access === 'channels-read' ||
  (access === 'channels-write' && who !== 'viewer') ||
  (access === 'channels-admin' && (who === 'admin' || who === 'platform admin')) ||
  (access === 'admin' && (who === 'admin' || who === 'platform admin')) ||
  (access === 'platform' && who === 'platform admin');

/** Resources in an account for the id routes to act on. */
const fixturesFor = async (t: Tenant, throwaway: Tenant): Promise<Fixtures> => {
  const admin = await signIn(t, 'admin');
  const token = (await (await admin.api('/api-tokens', { json: { name: 'target', scopes: ['orders:read'] } })).json()) as { id: string };
  const ex = async () =>
    ((await (await admin.api('/settings/country-exceptions', { json: { country: 'US', from: day(1), to: day(2), cidrs: [uniqueRange4().cidr] } })).json()) as { id: string }).id;
  const stocker = await signIn(t, 'stocker');
  const sku = `MX-${t.code}`.slice(0, 64);
  if ((await stocker.api('/skus', { json: { code: sku, name: 'マトリクス' } })).status !== 201) throw new Error('fixture SKU not created');
  await stocker.api('/stock/adjustments', { json: { items: [{ sku, mode: 'set', quantity: 1000, reason: 'fixture' }] } });
  if ((await admin.api('/settings/shop/logo', { method: 'PUT', body: SHOP_LOGO, headers: { 'content-type': 'image/png' } })).status !== 200) throw new Error('fixture logo not stored');
  const order = await stocker.api('/orders', {
    json: {
      channelId: 'manual',
      externalId: `MX-${t.code}`,
      orderedAt: new Date().toISOString(),
      customer: { name: 'マトリクス' },
      shipTo: { name: 'マトリクス', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2-1', phone: '011-000-0000' },
      lines: [{ sku, quantity: 1, unitPrice: 100 }],
      payment: { method: 'credit_card', paid: true },
    },
  });
  if (order.status !== 201) throw new Error('fixture order not created');
  const orderId = ((await order.json()) as { order: { id: string } }).order.id;
  const keeper = await signIn(t, 'keeper');
  const channel = await keeper.api('/channels', { json: channelBody() });
  if (channel.status !== 201) throw new Error(`fixture channel answered ${channel.status}`);
  const channelId = ((await channel.json()) as { id: string }).id;
  return { userId: t.users.target.id, tokenId: token.id, exceptionIds: [await ex(), await ex()], otherAccountId: throwaway.id, sku, stocker, orderId, keeper, channelId, accountId: t.id };
};

/** Whether a matrix caller holds a 権限: an admin every one, the others their role's defaults. */
const holds = (who: Caller, p: Permission) => who === 'admin' || who === 'platform admin' || defaultPermissions(who === 'viewer' ? 'viewer' : 'operator').includes(p);

/** Calls every route of the matrix as this client; answers what differs from the expectation. */
const runMatrix = async (client: Client | null, who: Caller | 'nobody', fx: Fixtures) => {
  const wrong: string[] = [];
  for (const e of MATRIX) {
    const c = client ?? new Client();
    const { path, ...opts } = await e.req(fx, c);
    const cookieBefore = c.cookie;
    const res = await c.api(path, opts);
    const body = await res.text();
    if (c.cookie && c.cookie !== cookieBefore) await c.refreshCsrf();
    if (who === 'nobody') {
      if (res.status !== 401) wrong.push(`${e.op}: ${res.status}, expected 401`);
    } else if (allowed(e.access, who) && e.permissions?.some((p) => !holds(who, p))) {
      const missing = e.permissions.find((p) => !holds(who, p));
      const err = res.status === 403 ? (JSON.parse(body) as { error: { code: string; details?: { permission?: string } } }).error : null;
      if (err?.code !== 'permission_denied' || err.details?.permission !== missing) wrong.push(`${e.op}: ${res.status} ${body.slice(0, 200)}, expected 403 permission_denied (${missing})`);
    } else if (allowed(e.access, who)) {
      if (res.status < 200 || res.status > 299) wrong.push(`${e.op}: ${res.status} ${body.slice(0, 200)}, expected 2xx`);
    } else if (res.status !== 403 || JSON.parse(body).error.code !== 'forbidden') {
      wrong.push(`${e.op}: ${res.status} ${body.slice(0, 200)}, expected 403 forbidden`);
    }
  }
  return wrong;
};

/** What the admin routes could change in an account (and the platform routes in another). */
const snapshot = async (accountId: string, otherAccountId: string) => ({
  users: await sql('SELECT id, login_id, name, role, status, failed_logins, locked_until FROM users WHERE account_id = ? ORDER BY id', accountId),
  tokens: await sql('SELECT id, revoked_at FROM api_tokens WHERE account_id = ? ORDER BY id', accountId),
  exceptions: await sql('SELECT id FROM country_exceptions WHERE account_id = ? ORDER BY id', accountId),
  settings: await sql('SELECT ip_allowlist, lockout_threshold, lockout_minutes, mfa_required FROM accounts WHERE id = ?', accountId),
  shop: await sql('SELECT * FROM shop_profiles WHERE account_id = ?', accountId),
  other: await sql('SELECT status FROM accounts WHERE id = ?', otherAccountId),
});

// Every route as every kind of caller, one request at a time: minutes on a busy CI machine, not seconds.
describe('role matrix', { timeout: 240_000 }, () => {
  let tenant: Tenant;
  let platform: Tenant;
  let tenantFx: Fixtures;
  let platformFx: Fixtures;

  beforeAll(async () => {
    const staff = [
      { loginId: 'viewer', role: 'viewer' as const },
      { loginId: 'operator', role: 'operator' as const },
      { loginId: 'target', role: 'operator' as const },
      // the fixture operator also makes the order rules and blacklist entries the rule routes act on (権限 rules)
      { loginId: 'stocker', role: 'operator' as const, permissions: [...defaultPermissions('operator'), 'rules' as const] },
      { loginId: 'keeper', role: 'admin' as const },
    ];
    tenant = await createTenant({ users: staff });
    platform = await createTenant({ isPlatform: true, users: staff });
    tenantFx = await fixturesFor(tenant, await createTenant());
    platformFx = await fixturesFor(platform, await createTenant());
  });

  it('covers every route in the OpenAPI document', async () => {
    const doc = (await (await new Client().api('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).filter((m) => m !== 'servers').map((m) => `${m.toUpperCase()} ${p}`));
    expect([...ops].sort()).toEqual([...MATRIX.map((e) => e.op), ...PUBLIC].sort());
  });

  it('without a session every route answers 401', async () => {
    expect(await runMatrix(null, 'nobody', tenantFx)).toEqual([]);
  });

  it('a viewer gets 403 on every admin, platform, stock-write and order-write route, changing nothing, and can use /me and read stock and orders', async () => {
    const before = await snapshot(tenant.id, tenantFx.otherAccountId);
    expect(await runMatrix(await signIn(tenant, 'viewer'), 'viewer', tenantFx)).toEqual([]);
    expect(await snapshot(tenant.id, tenantFx.otherAccountId)).toEqual(before);
  });

  it('an operator gets 403 on every admin and platform route, changing nothing, and can use /me and read and change stock and orders', async () => {
    const before = await snapshot(tenant.id, tenantFx.otherAccountId);
    expect(await runMatrix(await signIn(tenant, 'operator'), 'operator', tenantFx)).toEqual([]);
    expect(await snapshot(tenant.id, tenantFx.otherAccountId)).toEqual(before);
  });

  it('an account admin may use every admin, stock and order route, but no platform route', async () => {
    expect(await runMatrix(await signIn(tenant, 'admin'), 'admin', tenantFx)).toEqual([]);
  });

  it('an operator of the platform account is no platform admin', async () => {
    const before = await snapshot(platform.id, platformFx.otherAccountId);
    const accounts = await sql('SELECT id FROM accounts');
    expect(await runMatrix(await signIn(platform, 'operator'), 'platform operator', platformFx)).toEqual([]);
    expect(await snapshot(platform.id, platformFx.otherAccountId)).toEqual(before);
    expect((await sql('SELECT id FROM accounts')).length).toBe(accounts.length);
  });

  it('an admin of the platform account may use every route', async () => {
    expect(await runMatrix(await signIn(platform, 'admin'), 'platform admin', platformFx)).toEqual([]);
  });

  it('an API token manages channels only with channels:write, and reads them with channels:read', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const token = async (scopes: string[]) => (await (await admin.api('/api-tokens', { json: { name: scopes.join(' '), scopes } })).json()) as { token: string };
    const reader = await token(['channels:read']);
    const writer = await token(['channels:read', 'channels:write']);
    const other = await token(['orders:read', 'orders:write', 'stock:read', 'stock:write']);
    const as = (bearer: string, path: string, opts: RequestOptions = {}) => new Client().api(path, { ...opts, bearer });
    const made = await as(writer.token, '/channels', { json: channelBody() });
    expect(made.status).toBe(201);
    const id = ((await made.json()) as { id: string }).id;
    expect((await as(reader.token, `/channels/${id}/status`)).status).toBe(200);
    for (const [bearer, path, opts] of [
      [reader.token, '/channels', { json: channelBody() }],
      [reader.token, `/channels/${id}/sync`, { json: { what: 'stock' } }],
      [other.token, '/channels', {}],
    ] as [string, string, RequestOptions][]) {
      const res = await as(bearer, path, opts);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('insufficient_scope');
    }
  });

  it('an API token reads orders with orders:read and changes them (and saved searches) only with orders:write; stock scopes open no order route', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const token = async (scopes: string[]) => (await (await admin.api('/api-tokens', { json: { name: scopes.join(' '), scopes } })).json()) as { id: string; token: string };
    const reader = await token(['orders:read']);
    const writer = await token(['orders:read', 'orders:write']);
    const stockOnly = await token(['stock:read', 'stock:write']);
    expect((await admin.api('/skus', { json: { code: 'TK-1', name: 'token' } })).status).toBe(201);
    expect((await admin.api('/stock/adjustments', { json: { items: [{ sku: 'TK-1', mode: 'set', quantity: 5, reason: 'x' }] } })).status).toBe(200);
    const body = (externalId: string) => ({ ...orderImport('TK-1'), externalId });
    const as = (bearer: string, path: string, opts: RequestOptions = {}) => new Client().api(path, { ...opts, bearer });

    // orders:write imports (the history names the token) and moves
    const imported = await as(writer.token, '/orders', { json: body('TK-EXT-1') });
    expect(imported.status).toBe(201);
    const order = ((await imported.json()) as { order: { id: string; events: { kind: string; actor: string }[] } }).order;
    expect(order.events.find((e) => e.kind === 'created')?.actor).toBe(`token:${writer.id}`);
    expect((await as(writer.token, `/orders/${order.id}/transition`, { json: { to: 'on_hold' } })).status).toBe(200);

    // orders:read reads, and every write answers 403 insufficient_scope
    expect((await as(reader.token, '/orders')).status).toBe(200);
    expect((await as(reader.token, `/orders/${order.id}`)).status).toBe(200);
    for (const [path, opts] of [
      ['/orders', { json: body('TK-EXT-2') }],
      [`/orders/${order.id}/transition`, { json: { to: 'new' } }],
      [`/orders/${order.id}/cancel`, { method: 'POST' }],
      ['/orders/bulk', { json: { action: 'cancel', ids: [order.id] } }],
    ] as [string, RequestOptions][]) {
      const res = await as(reader.token, path, opts);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('insufficient_scope');
    }
    // stock scopes open no order route
    for (const [path, opts] of [
      ['/orders', {}],
      [`/orders/${order.id}`, {}],
      ['/orders', { json: body('TK-EXT-3') }],
    ] as [string, RequestOptions][]) {
      const res = await as(stockOnly.token, path, opts);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('insufficient_scope');
    }
    // saved searches: saving and deleting need orders:write; only the owner (or an admin) deletes
    const saved = (await (await admin.api('/saved-searches', { json: { name: '管理者の検索', query: 'status=new' } })).json()) as { id: string };
    for (const [path, opts] of [
      ['/saved-searches', { json: { name: 'read-only', query: 'status=new' } }],
      [`/saved-searches/${saved.id}`, { method: 'DELETE' }],
    ] as [string, RequestOptions][]) {
      const res = await as(reader.token, path, opts);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('insufficient_scope');
    }
    const notOwner = await as(writer.token, `/saved-searches/${saved.id}`, { method: 'DELETE' });
    expect(notOwner.status).toBe(403);
    expect(((await notOwner.json()) as { error: { code: string } }).error.code).toBe('not_owner');
    const mine = (await (await as(writer.token, '/saved-searches', { json: { name: 'token search', query: 'status=new' } })).json()) as { id: string };
    expect((await as(writer.token, `/saved-searches/${mine.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin.api(`/saved-searches/${saved.id}`, { method: 'DELETE' })).status).toBe(204);

    // none of the refused calls changed anything
    const after = (await (await admin.api(`/orders/${order.id}`)).json()) as { order: { status: string } };
    expect(after.order.status).toBe('on_hold');
    expect(((await (await admin.api('/orders')).json()) as { items: unknown[] }).items).toHaveLength(1);
  });
});
