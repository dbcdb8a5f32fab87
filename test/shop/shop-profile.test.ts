import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { Client, errorOf } from '../helpers/client';
import { createTenant, signIn, sql, type Tenant } from '../helpers/tenant';
import { LOGO_MAX_BYTES, sniffLogoType } from '../../worker/shop/image';
import { concat, HTML, jpeg, png, pngOfSize, TRUNCATED_JPEG } from './images';

/** A real 1×1 PNG and a real 1×1 JPEG (test/shop/images.ts builds them; any decoder shows them). */
const PNG = png();
const JPEG = jpeg();

interface Shop {
  name: string;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  slipMessage: string | null;
  invoiceNumber: string | null;
  logo: { url: string; contentType: string; size: number; updatedAt: string | null } | null;
  updatedAt: string | null;
}

const PROFILE = {
  name: '蔵ストア',
  postalCode: '150-0001',
  address: '東京都渋谷区神宮前1-2-3\n蔵ビル 3F',
  phone: '03-1234-5678',
  email: 'support@kura-store.example',
  slipMessage: 'このたびはお買い上げいただき、誠にありがとうございます。',
};

const putLogo = (c: Client, bytes: Uint8Array, type = 'image/png') => c.api('/settings/shop/logo', { method: 'PUT', body: bytes, headers: { 'content-type': type } });
const shopOf = async (c: Client) => (await (await c.api('/settings/shop')).json()) as Shop;
const opsOf = (accountId: string) => sql<{ action: string; user_id: string; before: string | null; after: string | null }>("SELECT action, user_id, before, after FROM operation_logs WHERE account_id = ? AND action LIKE 'settings.shop%' ORDER BY id", accountId);

describe('a logo is judged by its bytes', () => {
  it('PNG (signature and IHDR) and JPEG (SOI) are recognised; text, SVG, GIF and a bare PNG signature are not', () => {
    expect(sniffLogoType(PNG)).toBe('image/png');
    expect(sniffLogoType(JPEG)).toBe('image/jpeg');
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sniffLogoType(enc('hello, this is text'))).toBeNull();
    expect(sniffLogoType(enc('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffLogoType(enc('GIF89a\x01\x00\x01\x00'))).toBeNull();
    expect(sniffLogoType(PNG.subarray(0, 8))).toBeNull();
    expect(sniffLogoType(new Uint8Array())).toBeNull();
  });
});

describe('shop profile (ショップ情報)', () => {
  let t: Tenant;
  let admin: Client;
  let operator: Client;
  let viewer: Client;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }, { loginId: 'look', role: 'viewer' }] });
    admin = await signIn(t, 'admin');
    operator = await signIn(t, 'staff');
    viewer = await signIn(t, 'look');
  });

  it('before anything is saved, every signed-in user reads the account’s name and empty fields', async () => {
    for (const c of [admin, operator, viewer]) {
      const res = await c.api('/settings/shop');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ name: `Test ${t.code}`, postalCode: null, address: null, phone: null, email: null, slipMessage: null, invoiceNumber: null, logo: null, updatedAt: null });
    }
    expect((await new Client().api('/settings/shop')).status).toBe(401);
  });

  it('an admin saves the profile; postal code and phone in full-width or without hyphen are normalised, blanks are cleared', async () => {
    const res = await admin.api('/settings/shop', { method: 'PUT', json: { ...PROFILE, postalCode: '１５０－０００１', phone: '０３－１２３４－５６７８' } });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as Shop;
    expect(saved).toMatchObject({ ...PROFILE, logo: null });
    expect(saved.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await shopOf(operator)).toEqual(saved);

    const cleared = await admin.api('/settings/shop', { method: 'PUT', json: { name: '蔵ストア', postalCode: '1500001', address: '', phone: null } });
    expect(await cleared.json()).toMatchObject({ name: '蔵ストア', postalCode: '150-0001', address: null, phone: null, email: null, slipMessage: null });
    expect((await admin.api('/settings/shop', { method: 'PUT', json: PROFILE })).status).toBe(200);
  });

  it('bad input answers 400 with one detail per field and changes nothing', async () => {
    const before = await shopOf(admin);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...PROFILE, postalCode: '12-34' }, 'postalCode'],
      [{ ...PROFILE, phone: 'call me' }, 'phone'],
      [{ ...PROFILE, email: 'not-an-address' }, 'email'],
      [{ ...PROFILE, name: '   ' }, 'name'],
      [{ ...PROFILE, name: 'x'.repeat(101) }, 'name'],
      [{ ...PROFILE, slipMessage: 'あ'.repeat(501) }, 'slipMessage'],
      [{ ...PROFILE, address: 'a'.repeat(301) }, 'address'],
      [{ ...PROFILE, logoKey: 'other-account/shop/logo' }, 'logoKey'],
      [{ postalCode: '100-0001' }, 'name'],
    ];
    for (const [json, field] of cases) {
      const res = await admin.api('/settings/shop', { method: 'PUT', json });
      expect(res.status, field).toBe(400);
      const e = await errorOf(res);
      expect(e.code).toBe('validation_error');
      expect((e.details as { field: string }[]).map((d) => d.field), field).toContain(field);
    }
    expect(await shopOf(admin)).toEqual(before);
  });

  it('only admins change it: an operator or viewer gets 403 on every write, and nothing changes', async () => {
    const before = await shopOf(admin);
    for (const c of [operator, viewer]) {
      for (const res of [
        await c.api('/settings/shop', { method: 'PUT', json: { ...PROFILE, name: 'Hijacked' } }),
        await putLogo(c, PNG),
        await c.api('/settings/shop/logo', { method: 'DELETE' }),
      ]) {
        expect(res.status).toBe(403);
        expect((await errorOf(res)).code).toBe('forbidden');
      }
    }
    expect(await shopOf(admin)).toEqual(before);
    expect((await admin.api('/settings/shop/logo')).status).toBe(404);
  });

  it('a real PNG is stored; any user of the account reads it back with its type, never cached (Cache-Control: no-store, as the README says)', async () => {
    const res = await putLogo(admin, PNG);
    expect(res.status).toBe(200);
    const shop = (await res.json()) as Shop;
    expect(shop.logo).toMatchObject({ contentType: 'image/png', size: PNG.length });
    expect(shop.logo!.url).toMatch(/^\/api\/v1\/settings\/shop\/logo\?v=/);
    for (const c of [admin, operator, viewer]) {
      const img = await c.api(shop.logo!.url.replace('/api/v1', ''));
      expect(img.status).toBe(200);
      expect(img.headers.get('content-type')).toBe('image/png');
      expect(img.headers.get('cache-control')).toBe('no-store');
      expect(img.headers.get('x-content-type-options')).toBe('nosniff');
      expect(new Uint8Array(await img.arrayBuffer())).toEqual(PNG);
    }
    // stored under the account's own key
    const object = await env.IMAGES.get(`${t.id}/shop/logo`);
    expect(object?.httpMetadata?.contentType).toBe('image/png');
    await object?.arrayBuffer();
    expect((await new Client().api('/settings/shop/logo')).status).toBe(401);
  });

  it('a JPEG replaces it', async () => {
    const res = await putLogo(admin, JPEG, 'image/jpeg');
    expect(res.status).toBe(200);
    const img = await admin.api('/settings/shop/logo');
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(JPEG);
  });

  it('a file that is not what it claims is refused with 415, whatever the header says, and the logo stays', async () => {
    const text = new TextEncoder().encode('just some text with a PNG header');
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const [bytes, type] of [
      [text, 'image/png'],
      [text, 'image/jpeg'],
      [PNG, 'image/jpeg'],
      [JPEG, 'image/png'],
      [svg, 'image/svg+xml'],
      [PNG, 'image/gif'],
      [PNG, 'application/octet-stream'],
      [PNG, 'application/json'],
    ] as const) {
      const res = await putLogo(admin, bytes, type);
      expect(res.status, type).toBe(415);
      expect((await errorOf(res)).code).toBe('unsupported_media_type');
    }
    // and the profile itself takes only JSON
    expect((await admin.api('/settings/shop', { method: 'PUT', body: PNG, headers: { 'content-type': 'image/png' } })).status).toBe(415);
    expect((await admin.api('/settings/shop/logo')).headers.get('content-type')).toBe('image/jpeg');
  });

  it('an image that is more than it seems (something appended, a bad CRC, cut short) answers 422 image_invalid, and the logo stays', async () => {
    const badCrc = PNG.slice();
    badCrc[19] = 2; // IHDR says 2 px wide; its CRC says otherwise
    for (const [bytes, type, fault] of [
      [concat(PNG, HTML), 'image/png', 'trailing_data'],
      [badCrc, 'image/png', 'checksum'],
      [PNG.subarray(0, PNG.length - 12), 'image/png', 'truncated'],
      [concat(JPEG, HTML), 'image/jpeg', 'trailing_data'],
      [TRUNCATED_JPEG, 'image/jpeg', 'truncated'],
    ] as const) {
      const res = await putLogo(admin, bytes, type);
      expect(res.status, `${type} ${fault}`).toBe(422);
      const e = await errorOf(res);
      expect(e.code).toBe('image_invalid');
      expect(e.details).toEqual({ type, fault });
    }
    const img = await admin.api('/settings/shop/logo');
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(JPEG);
  });

  it('an image declaring 30000×30000 pixels answers 422 image_dimensions_too_large with its size and the limits', async () => {
    for (const [bytes, type] of [
      [png({ width: 30000, height: 30000 }), 'image/png'],
      [jpeg({ width: 30000, height: 30000 }), 'image/jpeg'],
    ] as const) {
      const res = await putLogo(admin, bytes, type);
      expect(res.status, type).toBe(422);
      const e = await errorOf(res);
      expect(e.code).toBe('image_dimensions_too_large');
      expect(e.details).toEqual({ type, width: 30000, height: 30000, maxSide: 4096, maxPixels: 16_000_000 });
    }
    expect((await admin.api('/settings/shop/logo')).headers.get('content-type')).toBe('image/jpeg');
  });

  it('512 KB is the limit: one byte more answers 413', async () => {
    const tooBig = await putLogo(admin, pngOfSize(LOGO_MAX_BYTES + 1));
    expect(tooBig.status).toBe(413);
    expect((await errorOf(tooBig)).code).toBe('payload_too_large');
    expect((await putLogo(admin, pngOfSize(4 * 1024 * 1024))).status).toBe(413);
    expect((await admin.api('/settings/shop/logo')).headers.get('content-type')).toBe('image/jpeg');
    const atLimit = await putLogo(admin, pngOfSize(LOGO_MAX_BYTES));
    expect(atLimit.status).toBe(200);
    expect(((await atLimit.json()) as Shop).logo!.size).toBe(LOGO_MAX_BYTES);
  });

  it('an upload without the session’s CSRF token or from another origin is refused', async () => {
    expect((await admin.api('/settings/shop/logo', { method: 'PUT', body: PNG, headers: { 'content-type': 'image/png' }, csrf: false })).status).toBe(403);
    expect((await admin.api('/settings/shop/logo', { method: 'PUT', body: PNG, headers: { 'content-type': 'image/png' }, origin: 'https://evil.example' })).status).toBe(403);
  });

  it('API tokens cannot use these routes', async () => {
    const token = ((await (await admin.api('/api-tokens', { json: { name: 'shop', scopes: ['orders:read', 'orders:write'] } })).json()) as { token: string }).token;
    const c = new Client();
    expect((await c.api('/settings/shop', { bearer: token })).status).toBe(403);
    expect((await c.api('/settings/shop/logo', { bearer: token })).status).toBe(403);
  });

  it('removing the logo leaves the profile; the image is gone (404), and removing again is still 204', async () => {
    const res = await admin.api('/settings/shop/logo', { method: 'DELETE' });
    expect(res.status).toBe(204);
    const logo = await admin.api('/settings/shop/logo');
    expect(logo.status).toBe(404);
    expect((await errorOf(logo)).code).toBe('not_found');
    expect(await shopOf(admin)).toMatchObject({ ...PROFILE, logo: null });
    expect(await env.IMAGES.head(`${t.id}/shop/logo`)).toBeNull();
    expect((await admin.api('/settings/shop/logo', { method: 'DELETE' })).status).toBe(204);
  });

  it('every change is in the operation log, by whom and what changed (and refused attempts are not)', async () => {
    const ops = await opsOf(t.id);
    expect(ops.map((o) => o.action)).toEqual([
      'settings.shop',
      'settings.shop',
      'settings.shop',
      'settings.shop.logo',
      'settings.shop.logo',
      'settings.shop.logo',
      'settings.shop.logo.delete',
    ]);
    expect(ops.every((o) => o.user_id === t.admin.id)).toBe(true);
    expect(JSON.parse(ops[0].before!)).toMatchObject({ name: `Test ${t.code}`, postalCode: null });
    expect(JSON.parse(ops[0].after!)).toMatchObject({ name: '蔵ストア', postalCode: '150-0001', phone: '03-1234-5678' });
    expect(JSON.parse(ops[3].after!)).toEqual({ contentType: 'image/png', size: PNG.length });
    expect(JSON.parse(ops[4].before!)).toEqual({ contentType: 'image/png', size: PNG.length });
    expect(JSON.parse(ops[4].after!)).toEqual({ contentType: 'image/jpeg', size: JPEG.length });
    expect(JSON.parse(ops[6].before!)).toEqual({ contentType: 'image/png', size: LOGO_MAX_BYTES });
  });

  it('another account sees only its own profile and logo: none of this one’s', async () => {
    expect((await putLogo(admin, PNG)).status).toBe(200);
    const other = await createTenant();
    const otherAdmin = await signIn(other, 'admin');
    expect(await shopOf(otherAdmin)).toMatchObject({ name: `Test ${other.code}`, address: null, logo: null });
    const res = await otherAdmin.api('/settings/shop/logo');
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('not_found');
    // its own upload and removal leave this account's logo alone
    expect((await putLogo(otherAdmin, JPEG, 'image/jpeg')).status).toBe(200);
    expect((await otherAdmin.api('/settings/shop/logo', { method: 'DELETE' })).status).toBe(204);
    const mine = await operator.api('/settings/shop/logo');
    expect(mine.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(PNG);
  });

  it('every shop route is in the OpenAPI document', async () => {
    const doc = (await (await new Client().api('/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> };
    expect(Object.keys(doc.paths['/settings/shop']).sort()).toEqual(['get', 'put']);
    expect(Object.keys(doc.paths['/settings/shop/logo']).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(doc.paths['/settings/shop/logo'].put.requestBody!.content).sort()).toEqual(['image/jpeg', 'image/png']);
  });
});

describe('the invoice registration number (適格請求書発行事業者登録番号)', () => {
  let admin: Client;

  beforeAll(async () => {
    admin = await signIn(await createTenant(), 'admin');
  });

  it('is read as T and 13 digits however it was typed: full-width, lower-case t, spaces around', async () => {
    for (const typed of ['Ｔ１２３４５６７８９０１２３', 'T1234567890123', ' t1234567890123 ']) {
      const res = await admin.api('/settings/shop', { method: 'PUT', json: { ...PROFILE, invoiceNumber: typed } });
      expect(res.status, typed).toBe(200);
      expect(((await res.json()) as Shop).invoiceNumber, typed).toBe('T1234567890123');
      expect((await shopOf(admin)).invoiceNumber).toBe('T1234567890123');
    }
  });

  it('anything else answers 400 on invoiceNumber and the saved number stays', async () => {
    for (const bad of ['T123', 'T12345678901234', '1234567890123', 'T-1234567890123', 'TT234567890123', 'T12345678901２a']) {
      const res = await admin.api('/settings/shop', { method: 'PUT', json: { ...PROFILE, invoiceNumber: bad } });
      expect(res.status, bad).toBe(400);
      const e = await errorOf(res);
      expect(e.code).toBe('validation_error');
      expect((e.details as { field: string }[]).map((d) => d.field), bad).toContain('invoiceNumber');
    }
    expect((await shopOf(admin)).invoiceNumber).toBe('T1234567890123');
  });

  it('blank, null or left out clears it, as every optional field of the profile', async () => {
    for (const cleared of [{ invoiceNumber: '' }, { invoiceNumber: null }, {}]) {
      expect((await admin.api('/settings/shop', { method: 'PUT', json: { ...PROFILE, invoiceNumber: 'T1234567890123' } })).status).toBe(200);
      const res = await admin.api('/settings/shop', { method: 'PUT', json: { ...PROFILE, ...cleared } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as Shop).invoiceNumber).toBeNull();
    }
  });
});
