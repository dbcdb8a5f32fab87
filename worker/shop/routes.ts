import { createRoute, z } from '@hono/zod-openapi';
import { halfWidth } from '../lib/japanese-input';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse, text } from '../lib/openapi';
import { requireSession, sessionOf } from '../middleware/guards';
import { auditOf } from '../lib/audit';
import { AppError, notFound } from '../lib/errors';
import { checkLogo, LOGO_MAX_BYTES, LOGO_MAX_PIXELS, LOGO_MAX_SIDE, LOGO_TYPES } from './image';
import { findShopRow, getShop, logoKeyOf, saveLogo, saveShopFields } from './service';

// ───────────────────────────── schemas

/** An optional text field: blank means "not set" (null). */
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

/** Full-width digits and any dash (０３－１２３４, 〒１００ー０００１) are read as their ASCII forms. */
const ascii = (s: string) => halfWidth(s).replace(/^〒/, '').trim();

const PostalCode = z
  .string()
  .max(10)
  .transform(ascii)
  .refine((s) => s === '' || /^\d{3}-?\d{4}$/.test(s), 'A postal code such as 100-0001')
  .transform((s) => (s ? `${s.slice(0, 3)}-${s.slice(-4)}` : null))
  .nullable()
  .optional()
  .openapi({ example: '100-0001', type: 'string', description: '郵便番号; stored as 100-0001' });

const Phone = z
  .string()
  .max(20)
  .transform(ascii)
  .refine((s) => s === '' || /^\+?[0-9-]{8,20}$/.test(s), 'A phone number such as 090-1234-5678')
  .transform((s) => s || null)
  .nullable()
  .optional()
  .openapi({ example: '03-1234-5678', type: 'string' });

const Email = z
  .string()
  .trim()
  .max(254)
  .refine((s) => s === '' || z.email().safeParse(s).success, 'Invalid email address')
  .transform((s) => s || null)
  .nullable()
  .optional()
  .openapi({ example: 'shop@example.jp', type: 'string' });

/**
 * 適格請求書発行事業者登録番号 (the インボイス registration number): T and 13 digits.
 * Typed full-width (Ｔ１２３４…) or with spaces around, it is read as its ASCII form;
 * a lower-case t counts as T. Blank means none (null).
 */
const InvoiceNumber = z
  .string()
  .max(40)
  .transform((s) => s.normalize('NFKC').trim().toUpperCase())
  .refine((s) => s === '' || /^T\d{13}$/.test(s), 'T and 13 digits, such as T1234567890123')
  .transform((s) => s || null)
  .nullable()
  .optional()
  .openapi({ example: 'T1234567890123', type: 'string', description: '適格請求書発行事業者登録番号: T and 13 digits; printed under the shop name on 納品書 and 領収書' });

const ShopProfileInput = z
  .strictObject({
    name: text(100).openapi({ description: 'The shop’s display name (ショップ名)', example: '蔵ストア' }),
    postalCode: PostalCode,
    address: optional(300).openapi({ description: 'Address; line breaks are kept on the slip', example: '東京都千代田区丸の内1-1-1\n蔵ビル3F' }),
    phone: Phone,
    email: Email,
    slipMessage: optional(500).openapi({ description: 'A short message printed on delivery slips (お礼の言葉)', example: 'このたびはお買い上げいただき、誠にありがとうございます。' }),
    invoiceNumber: InvoiceNumber,
  })
  .openapi('ShopProfileInput');

const ShopProfile = z
  .object({
    name: z.string().openapi({ description: 'The account’s name until a shop name is saved' }),
    postalCode: z.string().nullable(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    slipMessage: z.string().nullable(),
    invoiceNumber: z.string().nullable().openapi({ description: '適格請求書発行事業者登録番号 (T1234567890123), or null' }),
    logo: z
      .object({ url: z.string().openapi({ description: 'GET it with the session cookie; the query changes with every upload' }), contentType: z.enum(LOGO_TYPES as [string, ...string[]]), size: z.number(), updatedAt: z.string().nullable() })
      .nullable(),
    updatedAt: z.string().nullable(),
  })
  .openapi('ShopProfile');

const Binary = z.string().openapi({ type: 'string', format: 'binary' });
const imageContent = Object.fromEntries(LOGO_TYPES.map((t) => [t, { schema: Binary }]));

const signedIn = requireSession('viewer');
const admin = requireSession('admin');
const app = newRouter();

// ───────────────────────────── profile

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'getShopProfile',
    tags: ['Shop profile'],
    summary: 'The shop profile (ショップ情報) printed on delivery slips (any signed-in user)',
    middleware: [signedIn],
    responses: { 200: jsonResponse(ShopProfile, 'The profile'), ...commonErrors },
  }),
  async (c) => c.json((await getShop(c.get('db'), sessionOf(c.get('principal')).accountId)).view as never, 200),
);

app.openapi(
  createRoute({
    method: 'put',
    path: '/',
    operationId: 'replaceShopProfile',
    tags: ['Shop profile'],
    summary: 'Replace the shop profile (admin); fields left out or blank are cleared',
    middleware: [admin],
    request: { body: jsonBody(ShopProfileInput) },
    responses: { 200: jsonResponse(ShopProfile, 'Saved'), ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const body = c.req.valid('json');
    const { view: before } = await getShop(db, p.accountId);
    const { logo: _logo, updatedAt: _at, ...beforeFields } = before;
    await db.batch([
      saveShopFields(db, p.accountId, body, new Date().toISOString()),
      auditOf(c, { action: 'settings.shop', targetType: 'account', targetId: p.accountId, before: beforeFields, after: body }),
    ]);
    return c.json((await getShop(db, p.accountId)).view as never, 200);
  },
);

// ───────────────────────────── logo

app.openapi(
  createRoute({
    method: 'put',
    path: '/logo',
    operationId: 'uploadShopLogo',
    tags: ['Shop profile'],
    summary: 'Upload the shop logo (admin): the image itself as the body, PNG or JPEG, at most 512 KB and 4096 px a side',
    description:
      'The bytes must be what the Content-Type says (judged by the bytes, not the header): anything else, SVG included, answers 415 `unsupported_media_type`. ' +
      'A larger body answers 413. The whole file is then read as a decoder reads it: a PNG chunk by chunk with each CRC through IEND, a JPEG segment by segment through EOI; ' +
      'a damaged or cut-short image, or any bytes after its end (a PNG with a page appended), answers 422 `image_invalid` (details: type, fault). ' +
      `An image over ${LOGO_MAX_SIDE} px a side or ${LOGO_MAX_PIXELS.toLocaleString('en')} pixels in all answers 422 \`image_dimensions_too_large\` (details: width, height and the limits). ` +
      'The logo replaces any earlier one.',
    middleware: [admin],
    request: { body: { required: true, content: imageContent } },
    responses: {
      200: jsonResponse(ShopProfile, 'Saved; the profile with the new logo'),
      413: { description: 'Larger than 512 KB', content: { 'application/json': { schema: commonErrors[400].content['application/json'].schema } } },
      415: { description: 'Not a PNG or JPEG image', content: { 'application/json': { schema: commonErrors[400].content['application/json'].schema } } },
      422: {
        description: 'A damaged image or one with bytes after its end (`image_invalid`), or one too large in pixels (`image_dimensions_too_large`)',
        content: { 'application/json': { schema: commonErrors[400].content['application/json'].schema } },
      },
      ...commonErrors,
    },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const declared = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length > LOGO_MAX_BYTES) throw new AppError(413, 'payload_too_large', 'The logo may be at most 512 KB');
    const image = checkLogo(bytes);
    if (image.type === null) throw new AppError(415, 'unsupported_media_type', 'The logo must be a PNG or JPEG image');
    const actual = image.type;
    const kind = actual === 'image/png' ? 'PNG' : 'JPEG';
    if (actual !== declared) throw new AppError(415, 'unsupported_media_type', `The file is a ${kind} image, not ${declared || 'what the Content-Type says'}`);
    if (!image.ok && image.problem === 'invalid') throw new AppError(422, 'image_invalid', `The file is not a valid ${kind} image: ${image.detail}`, { type: actual, fault: image.fault });
    if (!image.ok && image.problem === 'too_many_pixels')
      throw new AppError(422, 'image_dimensions_too_large', `The logo is ${image.width}×${image.height} pixels; at most ${LOGO_MAX_SIDE} a side and ${LOGO_MAX_PIXELS.toLocaleString('en')} in all`, {
        type: actual,
        width: image.width,
        height: image.height,
        maxSide: LOGO_MAX_SIDE,
        maxPixels: LOGO_MAX_PIXELS,
      });
    const key = logoKeyOf(p.accountId);
    const before = await findShopRow(db, p.accountId);
    await c.env.IMAGES.put(key, bytes, { httpMetadata: { contentType: actual }, customMetadata: { accountId: p.accountId } });
    await db.batch([
      saveLogo(db, p.accountId, { key, type: actual, size: bytes.length }, new Date().toISOString()),
      auditOf(c, {
        action: 'settings.shop.logo',
        targetType: 'account',
        targetId: p.accountId,
        before: before?.logoKey ? { contentType: before.logoType, size: before.logoSize } : null,
        after: { contentType: actual, size: bytes.length },
      }),
    ]);
    return c.json((await getShop(db, p.accountId)).view as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/logo',
    operationId: 'getShopLogo',
    tags: ['Shop profile'],
    summary: 'The shop logo image (any signed-in user of the account); 404 when there is none',
    middleware: [signedIn],
    request: { query: z.object({ v: z.string().max(64).optional().openapi({ description: 'Ignored; changes with every upload (the profile’s logo.url)' }) }) },
    responses: {
      200: { description: 'The image, with Cache-Control: no-store like every answer behind sign-in (README, Security)', content: imageContent },
      ...commonErrors,
    },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const row = await findShopRow(c.get('db'), p.accountId);
    const object = row?.logoKey ? await c.env.IMAGES.get(row.logoKey) : null;
    if (!row || !object) throw notFound('Logo');
    return new Response(object.body, {
      headers: {
        'Content-Type': object.httpMetadata?.contentType ?? row.logoType ?? 'application/octet-stream',
        'Content-Length': String(object.size),
        // Not kept in any cache, the browser's included: the logo is per account and behind sign-in, and after
        // sign-out on a shared PC it must not stay readable from the disk cache (README, Security: no-store on
        // everything but content-hashed bundles). A slip page showing it on every order fetches it once per page.
        'Cache-Control': 'no-store',
        ETag: object.httpEtag,
      },
    }) as never;
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/logo',
    operationId: 'deleteShopLogo',
    tags: ['Shop profile'],
    summary: 'Remove the shop logo (admin); 204 also when there was none',
    middleware: [admin],
    responses: { 204: { description: 'Removed' }, ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const before = await findShopRow(db, p.accountId);
    if (before?.logoKey) {
      await db.batch([
        saveLogo(db, p.accountId, null, new Date().toISOString()),
        auditOf(c, { action: 'settings.shop.logo.delete', targetType: 'account', targetId: p.accountId, before: { contentType: before.logoType, size: before.logoSize } }),
      ]);
      await c.env.IMAGES.delete(before.logoKey);
    }
    return c.body(null, 204);
  },
);

export default app;
