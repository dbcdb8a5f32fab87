import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse, text } from '../lib/openapi';
import { requirePermission, requirePermissionWhen, requireScope } from '../middleware/guards';
import { AppError } from '../lib/errors';
import { auditOf } from '../lib/audit';
import { contentTypeFor, decodeCsv, encodeCsv, parseCsv } from '../lib/japanese-csv';
import { storeFiguresForSku } from '../channels/stock-sync';
import { csvRows } from '../lib/csv';
import { actorLabel, ledgerOf, listSkus, unwrap } from './service';
import { exportHeader, exportRows, ledgerHeader, ledgerRows, MAX_IMPORT_ROWS, readImportRows } from './csv-layout';
import { contentDisposition, CSV_HEADERS, exportFileName } from '../lib/csv-export';
import { ledgerNames, withNames } from './ledger-view';
import { orderOf, orderReferences } from '../orders/references';
import type { StockSnapshot } from './types';
import { TaxRateField } from '../orders/api-schema';

// ───────────────────────────── schemas

import { SKU_CODE, SkuCode } from './sku-code';
export { SkuCode };

/**
 * The literal segments beside `{sku}` under /stock (and `{code}` under /skus,
 * none today): a SKU with one of these codes would make /stock/{sku} and
 * /stock/export (…/import, …/adjustments, …/reservations) the same URL, so no
 * SKU may be created with one. Add a word here with every new literal sibling.
 */
export const RESERVED_SKU_CODES: readonly string[] = ['export', 'adjustments', 'import', 'reservations'];
const RESERVED_NOTE = `{sku} is never a word of the sibling /stock paths (${RESERVED_SKU_CODES.join(', ')}): POST /skus refuses those codes, so /stock/export, /stock/reservations and the like never name a SKU.`;

/** A new SKU's code: SkuCode minus the reserved words; the document's pattern says both. */
const NewSkuCode = SkuCode.refine((code) => !RESERVED_SKU_CODES.includes(code), {
  message: `This code is reserved for the API's own paths (${RESERVED_SKU_CODES.join(', ')}); choose another`,
}).openapi({
  pattern: `^(?!(?:${RESERVED_SKU_CODES.join('|')})$)${SKU_CODE.source.slice(1)}`,
  description: `Letters, digits and . _ - / # + (up to 64); not ${RESERVED_SKU_CODES.join(', ')} (words of the /stock paths)`,
});
const Qty = z.number().int().min(1).max(1_000_000);
const OptionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const Component = z.strictObject({ sku: SkuCode, quantity: Qty });

const SkuFields = {
  name: text(200),
  axis1: OptionalText(100).openapi({ description: 'First variation axis value, e.g. colour (レッド)' }),
  axis2: OptionalText(100).openapi({ description: 'Second variation axis value, e.g. size (M)' }),
  janCode: z.string().trim().regex(/^\d{8}$|^\d{13}$/, 'JAN is 8 or 13 digits').nullable().optional(),
  safetyStock: z.number().int().min(0).max(1_000_000).optional().openapi({ description: '確保在庫: held back from sale' }),
  reorderPoint: z.number().int().min(0).max(1_000_000).optional().openapi({ description: '発注点: at or below it the SKU is low stock' }),
  managed: z.boolean().optional().openapi({ description: 'false: stock is not managed (made to order, 取り寄せ); nothing is reserved' }),
  taxRate: TaxRateField.optional().openapi({ description: '消費税率 (%): 10 標準税率 (the default for a new SKU) or 8 軽減税率 (food and drink, newspapers). Orders keep the rate their lines were sold at.' }),
  supplierCode: OptionalText(64),
  shelfNumber: OptionalText(64).openapi({ description: '棚番' }),
  components: z.array(Component).max(50).nullable().optional().openapi({ description: 'A set (セット商品) is made of these; it has no stock of its own' }),
};

const CreateSku = z.strictObject({ code: NewSkuCode, ...SkuFields }).openapi('CreateSku');
const PatchSku = z.strictObject({ ...SkuFields, name: text(200).optional() }).openapi('PatchSku');

const LocationStock = z.object({ location: z.string(), onHand: z.number(), reserved: z.number() });
const Sku = z
  .object({
    code: z.string(),
    name: z.string(),
    axis1: z.string().nullable(),
    axis2: z.string().nullable(),
    janCode: z.string().nullable(),
    supplierCode: z.string().nullable(),
    shelfNumber: z.string().nullable(),
    managed: z.boolean(),
    isSet: z.boolean(),
    components: z.array(z.object({ sku: z.string(), quantity: z.number() })),
    safetyStock: z.number(),
    reorderPoint: z.number(),
    taxRate: TaxRateField,
    onHand: z.number(),
    reserved: z.number(),
    available: z.number(),
    locations: z.array(LocationStock),
    updatedAt: z.string(),
  })
  .openapi('Sku');

const Stock = z
  .object({
    sku: z.string(),
    onHand: z.number(),
    reserved: z.number(),
    available: z.number().openapi({ description: 'onHand − reserved − safetyStock, never below 0; for a set, complete sets' }),
    safetyStock: z.number(),
    locations: z.array(LocationStock),
    channels: z.array(
      z.object({
        channelId: z.string(),
        name: z.string(),
        type: z.string(),
        remoteId: z.string(),
        remoteVariantId: z.string().nullable(),
        stockPush: z.boolean(),
        published: z.number().openapi({ description: 'What this store should show now: available through the channel’s allocation, safety stock and cap' }),
        pushed: z.number().nullable().openapi({ description: 'The last quantity the mall accepted' }),
        pushedAt: z.string().nullable(),
        confirmed: z.number().nullable().openapi({ description: 'Read back from the mall (null: the mall does not know the item, or it was not read)' }),
        confirmedAt: z.string().nullable(),
        drift: z.boolean(),
        error: z.string().nullable(),
      }),
    ),
  })
  .openapi('Stock');

const Location = z.object({ code: z.string(), name: z.string(), priority: z.number() }).openapi('Location');

/** The order a stock reference names (reservations and ledger entries made for an order carry its id). */
const OrderRefSchema = z
  .object({ id: z.string(), number: z.string().openapi({ example: 'K000123' }) })
  .openapi('OrderRef')
  .nullable()
  .openapi({ description: 'The account’s order the reference names, with its K-number (link /orders/{id}); null when the reference is not an order' });

const Shortage = z.object({ sku: z.string(), requested: z.number(), available: z.number(), reason: z.string() });

const CodeParam = z.object({ code: SkuCode });
const SkuParam = z.object({ sku: SkuCode });
const RefParam = z.object({ reference: z.string().min(1).max(128) });

const toSku = (s: StockSnapshot | { code?: string; sku?: string } & Record<string, unknown>) => {
  const x = s as StockSnapshot & { code?: string };
  return {
    code: x.sku ?? x.code!,
    name: x.name,
    axis1: x.axis1,
    axis2: x.axis2,
    janCode: x.janCode,
    supplierCode: x.supplierCode,
    shelfNumber: x.shelfNumber,
    managed: x.managed,
    isSet: x.isSet,
    components: x.components,
    safetyStock: x.safetyStock,
    reorderPoint: x.reorderPoint,
    taxRate: x.taxRate,
    onHand: x.onHand,
    reserved: x.reserved,
    available: x.available,
    locations: x.locations,
    updatedAt: x.updatedAt,
  };
};

const encodeCursor = (code: string) => btoa(code).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const decodeCursor = (c?: string) => {
  if (!c) return undefined;
  try {
    return atob(c.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw new AppError(400, 'validation_error', 'The request is not valid', [{ field: 'cursor', message: 'Not a cursor from this API' }]);
  }
};

const accountOf = (c: Context<AppEnv>) => c.get('principal')!.accountId;

/** 404 unless the account has this SKU (so another account's codes answer exactly like unknown ones). */
const requireSku = async (c: Context<AppEnv>, sku: string) => {
  if (!(await ledgerOf(c.env, accountOf(c)).getStock(accountOf(c), sku))) throw new AppError(404, 'not_found', 'SKU not found');
};
const read = requireScope('stock:read');
const write = requireScope('stock:write');
// 権限 (users/permissions.ts), for people on top of the role; API tokens: their scopes alone
const canAdjust = requirePermission('stock_adjust');
const canImport = requirePermission('csv_import', 'stock_adjust');
const canExport = requirePermission('export');
const csvNeedsExport = requirePermissionWhen((c) => (c.req.queries('format') ?? []).some((f) => f !== 'json'), 'export');
const app = newRouter();

// ───────────────────────────── SKUs

app.openapi(
  createRoute({
    method: 'post',
    path: '/skus',
    operationId: 'createSku',
    tags: ['Stock'],
    summary: 'Create a SKU, or a set (セット商品) with components',
    description: `The codes ${RESERVED_SKU_CODES.join(', ')} are refused (400): they are words of the /stock paths.`,
    middleware: [write],
    request: { body: jsonBody(CreateSku) },
    responses: { 201: jsonResponse(z.object({ sku: Sku }), 'Created'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const stub = ledgerOf(c.env, accountOf(c));
    unwrap(await stub.upsertSku(accountOf(c), body, 'create'));
    const snap = (await stub.getStock(accountOf(c), body.code))!;
    await auditOf(c, { action: 'sku.create', targetType: 'sku', targetId: body.code, after: body });
    return c.json({ sku: toSku(snap) }, 201);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/skus',
    operationId: 'listSkus',
    tags: ['Stock'],
    summary: 'List SKUs (search by code, name or JAN; paged on the server)',
    middleware: [read],
    request: { query: z.object({ q: z.string().trim().max(100).optional(), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
    responses: { 200: jsonResponse(z.object({ items: z.array(Sku), nextCursor: z.string().nullable() }), 'A page of SKUs, by code'), ...commonErrors },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const page = await listSkus(c.get('db'), accountOf(c), { ...q, cursor: decodeCursor(q.cursor) });
    return c.json({ items: page.items.map((s) => toSku({ ...s, sku: s.code })), nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/skus/{code}',
    operationId: 'getSku',
    tags: ['Stock'],
    summary: 'Read one SKU',
    middleware: [read],
    request: { params: CodeParam },
    responses: { 200: jsonResponse(z.object({ sku: Sku }), 'The SKU'), ...commonErrors },
  }),
  async (c) => {
    const snap = await ledgerOf(c.env, accountOf(c)).getStock(accountOf(c), c.req.valid('param').code);
    if (!snap) throw new AppError(404, 'not_found', 'SKU not found');
    return c.json({ sku: toSku(snap) }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/skus/{code}',
    operationId: 'updateSku',
    tags: ['Stock'],
    summary: 'Edit a SKU; `components` replaces a set’s components',
    middleware: [write],
    request: { params: CodeParam, body: jsonBody(PatchSku) },
    responses: { 200: jsonResponse(z.object({ sku: Sku }), 'Updated'), ...commonErrors },
  }),
  async (c) => {
    const code = c.req.valid('param').code;
    const body = c.req.valid('json');
    const stub = ledgerOf(c.env, accountOf(c));
    const before = await stub.getStock(accountOf(c), code);
    unwrap(await stub.upsertSku(accountOf(c), { ...body, code }, 'update'));
    const snap = (await stub.getStock(accountOf(c), code))!;
    await auditOf(c, { action: 'sku.update', targetType: 'sku', targetId: code, before: before && toSku(before), after: body });
    return c.json({ sku: toSku(snap) }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/skus/{code}',
    operationId: 'deleteSku',
    tags: ['Stock'],
    summary: 'Delete a SKU that holds no stock, has no open reservation and is in no set',
    middleware: [write],
    request: { params: CodeParam },
    responses: { 204: { description: 'Deleted' }, 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const code = c.req.valid('param').code;
    unwrap(await ledgerOf(c.env, accountOf(c)).deleteSku(accountOf(c), code));
    await auditOf(c, { action: 'sku.delete', targetType: 'sku', targetId: code });
    return c.body(null, 204);
  },
);

// ───────────────────────────── locations

app.openapi(
  createRoute({
    method: 'get',
    path: '/locations',
    operationId: 'listLocations',
    tags: ['Stock'],
    summary: 'List locations (倉庫/拠点) in reservation priority order',
    middleware: [read],
    responses: { 200: jsonResponse(z.object({ items: z.array(Location), nextCursor: z.null() }), 'Locations'), ...commonErrors },
  }),
  async (c) => c.json({ items: await ledgerOf(c.env, accountOf(c)).listLocations(accountOf(c)), nextCursor: null }, 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/locations',
    operationId: 'saveLocation',
    tags: ['Stock'],
    summary: 'Add or edit a location; reservations draw from the lowest priority number first',
    middleware: [write],
    request: {
      body: jsonBody(
        z.strictObject({ code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'Letters, digits and . _ - (up to 32)'), name: text(100), priority: z.number().int().min(0).max(1000) }).openapi('LocationInput'),
      ),
    },
    responses: { 201: jsonResponse(Location, 'Saved'), ...commonErrors },
  }),
  async (c) => {
    const body = c.req.valid('json');
    unwrap(await ledgerOf(c.env, accountOf(c)).upsertLocation(accountOf(c), body));
    await auditOf(c, { action: 'location.upsert', targetType: 'location', targetId: body.code, after: body });
    return c.json(body, 201);
  },
);

// ───────────────────────────── stock levels

app.openapi(
  createRoute({
    method: 'get',
    path: '/stock',
    operationId: 'listStock',
    tags: ['Stock'],
    summary: 'List stock; lowStock=true keeps SKUs at or below their reorder point',
    middleware: [read],
    request: {
      query: z.object({
        lowStock: z.enum(['true', 'false']).optional(),
        q: z.string().trim().max(100).optional(),
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    responses: { 200: jsonResponse(z.object({ items: z.array(Sku), nextCursor: z.string().nullable() }), 'A page of stock rows'), ...commonErrors },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const page = await listSkus(c.get('db'), accountOf(c), { q: q.q, lowStock: q.lowStock === 'true', limit: q.limit, cursor: decodeCursor(q.cursor) });
    return c.json({ items: page.items.map((s) => toSku({ ...s, sku: s.code })), nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/stock/export',
    operationId: 'exportStockCsv',
    tags: ['Stock'],
    summary: 'Export stock as CSV (Shift_JIS by default, CRLF): one row per SKU and location; Japanese headers, ?headers=en for the English codes',
    description:
      'headers=ja (the default) is for people in Excel: 商品コード, 商品名, 項目1, 項目2, JANコード (as text, ="0490000000012", so its leading zeros stay), 倉庫, 実在庫, 引当数, 引当可能数, 確保在庫. ' +
      'headers=en keeps the English codes integrations read (sku, name, axis1, axis2, janCode, location, onHand, reserved, available, safetyStock), values as they are. ' +
      'The file is named for the JST day (在庫_20261208.csv; ASCII fallback stock_20261208.csv). ' +
      'A signed-in user needs the export permission (CSV出力): 403 permission_denied otherwise.',
    middleware: [read, canExport],
    request: {
      query: z.object({
        encoding: z.enum(['shift_jis', 'utf-8']).default('shift_jis'),
        lowStock: z.enum(['true', 'false']).optional(),
        headers: z.enum(CSV_HEADERS).default('ja').openapi({ description: 'ja: Japanese headers for people (default); en: the English column codes for integrations' }),
      }),
    },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...commonErrors },
  }),
  async (c) => {
    const { encoding, lowStock, headers } = c.req.valid('query');
    let out = csvRows([exportHeader(headers)]);
    let cursor: string | undefined;
    do {
      const page = await listSkus(c.get('db'), accountOf(c), { lowStock: lowStock === 'true', limit: 200, cursor });
      out += exportRows(page.items.map((s) => ({ ...s, sku: s.code })), headers);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return new Response(encodeCsv(out, encoding), {
      headers: { 'Content-Type': contentTypeFor(encoding), 'Content-Disposition': contentDisposition(exportFileName({ ja: '在庫', ascii: 'stock' })) },
    }) as never;
  },
);

// Before /stock/{sku}: the literal route must win.
app.openapi(
  createRoute({
    method: 'get',
    path: '/stock/reservations',
    operationId: 'listReservations',
    tags: ['Stock'],
    summary: 'Open reservations holding a SKU (?sku=CODE; for a set: none of its own, see its components), each with its order’s K-number',
    middleware: [read],
    request: { query: z.object({ sku: SkuCode }) },
    responses: {
      200: jsonResponse(
        z.object({
          items: z.array(
            z.object({ reference: z.string(), order: OrderRefSchema, channelId: z.string().nullable(), quantity: z.number(), createdAt: z.string() }),
          ),
          nextCursor: z.null(),
        }),
        'Reservations',
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { sku } = c.req.valid('query');
    await requireSku(c, sku);
    const items = await ledgerOf(c.env, accountOf(c)).reservationsFor(accountOf(c), sku);
    const refs = await orderReferences(c.get('db'), accountOf(c), items.map((r) => r.reference));
    return c.json({ items: items.map((r) => ({ ...r, order: orderOf(refs, r.reference) })), nextCursor: null }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/stock/{sku}',
    operationId: 'getSkuStock',
    tags: ['Stock'],
    summary: 'Stock of one SKU: totals, per location, and the quantity published to each channel',
    description: RESERVED_NOTE,
    middleware: [read],
    request: { params: SkuParam },
    responses: { 200: jsonResponse(Stock, 'Stock'), ...commonErrors },
  }),
  async (c) => {
    const s = await ledgerOf(c.env, accountOf(c)).getStock(accountOf(c), c.req.valid('param').sku);
    if (!s) throw new AppError(404, 'not_found', 'SKU not found');
    const channels = await storeFiguresForSku(c.get('db'), accountOf(c), s.sku, s.available);
    return c.json({ sku: s.sku, onHand: s.onHand, reserved: s.reserved, available: s.available, safetyStock: s.safetyStock, locations: s.locations, channels }, 200);
  },
);

const LedgerEntry = z
  .object({
    seq: z.number(),
    at: z.string(),
    sku: z.string(),
    location: z.string(),
    kind: z.string().openapi({ description: 'reserve | release | ship | adjust | receive | stocktake' }),
    deltaOnHand: z.number(),
    deltaReserved: z.number(),
    onHandAfter: z.number(),
    reservedAfter: z.number(),
    availableAfter: z.number(),
    reason: z.string().nullable(),
    reference: z.string().nullable(),
    order: OrderRefSchema,
    actor: z.string().nullable().openapi({ description: 'user:<id>, token:<id>, channel:<id> or a system actor (system:rules…)' }),
    actorName: z.string().nullable().openapi({ description: 'Who that is, for people: the user’s name and login id, the API token’s or the store’s name; null for system actors' }),
  })
  .openapi('LedgerEntry');

app.openapi(
  createRoute({
    method: 'get',
    path: '/stock/{sku}/ledger',
    operationId: 'listLedgerEntries',
    tags: ['Stock'],
    summary: 'The stock ledger (在庫履歴) of a SKU, newest first; ?format=csv downloads it (Japanese headers, JST; ?headers=en for the English codes)',
    description:
      `${RESERVED_NOTE} ` +
      'The CSV with headers=ja (the default) has 日時 (JST, 2026/12/08 14:05:09), 倉庫, 種別 (引当/引当解除/出荷/調整/入荷/棚卸), 実在庫増減, 引当増減, 実在庫, 引当数, 引当可能数, 理由, 受注番号 (the K-number when the reference is an order), 参照, 担当者 (a name, never an id); ' +
      'headers=en keeps the English codes integrations read (at in UTC, kind, actor as ids). The file is named 在庫履歴_<SKU>_<JST day>.csv. ' +
      'The CSV needs the export permission (CSV出力) for a signed-in user (403 permission_denied); the JSON list does not.',
    middleware: [read, csvNeedsExport],
    request: {
      params: SkuParam,
      query: z.object({
        cursor: z.string().regex(/^\d+$/).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        format: z.enum(['json', 'csv']).default('json'),
        encoding: z.enum(['shift_jis', 'utf-8']).default('shift_jis'),
        headers: z.enum(CSV_HEADERS).default('ja').openapi({ description: 'CSV only. ja: Japanese headers for people (default); en: the English column codes for integrations' }),
      }),
    },
    responses: {
      200: { description: 'Entries', content: { 'application/json': { schema: z.object({ items: z.array(LedgerEntry), nextCursor: z.string().nullable() }) }, 'text/csv': { schema: z.string() } } },
      ...commonErrors,
    },
  }),
  async (c) => {
    const { sku } = c.req.valid('param');
    const q = c.req.valid('query');
    const stub = ledgerOf(c.env, accountOf(c));
    await requireSku(c, sku);
    if (q.format === 'csv') {
      let out = csvRows([ledgerHeader(q.headers)]);
      let before: number | undefined;
      for (;;) {
        const rows = await stub.ledger(accountOf(c), sku, { before, limit: 1000 });
        out += ledgerRows(rows, q.headers, q.headers === 'ja' ? await ledgerNames(c.get('db'), accountOf(c), rows) : undefined);
        if (rows.length < 1000) break;
        before = rows[rows.length - 1].seq;
      }
      return new Response(encodeCsv(out, q.encoding), {
        headers: { 'Content-Type': contentTypeFor(q.encoding), 'Content-Disposition': contentDisposition(exportFileName({ ja: `在庫履歴_${sku}`, ascii: `ledger_${sku}` })) },
      }) as never;
    }
    const rows = await stub.ledger(accountOf(c), sku, { before: q.cursor ? Number(q.cursor) : undefined, limit: q.limit + 1 });
    const items = rows.slice(0, q.limit);
    const names = await ledgerNames(c.get('db'), accountOf(c), items);
    return c.json({ items: items.map((e) => withNames(e, names)), nextCursor: rows.length > q.limit ? String(items[items.length - 1].seq) : null }, 200);
  },
);

// ───────────────────────────── adjustments and CSV import

const AdjustItemSchema = z.strictObject({
  sku: SkuCode,
  location: z.string().trim().max(32).optional(),
  mode: z.enum(['set', 'delta']),
  quantity: z.number().int().min(-10_000_000).max(10_000_000),
  reason: text(200),
});

app.openapi(
  createRoute({
    method: 'post',
    path: '/stock/adjustments',
    operationId: 'adjustStock',
    tags: ['Stock'],
    summary: 'Adjust stock: overwrite (set, 上書き) or add/subtract (delta, 加算・減算); all rows or none',
    description: 'A signed-in user needs the stock_adjust permission (在庫調整), for a stocktake (棚卸) too: 403 permission_denied otherwise.',
    middleware: [write, canAdjust],
    request: {
      body: jsonBody(
        z
          .strictObject({
            items: z.array(AdjustItemSchema).min(1).max(1000),
            kind: z.enum(['adjust', 'stocktake']).default('adjust').openapi({ description: 'stocktake (棚卸) records the rows as a count in the ledger' }),
          })
          .openapi('StockAdjustment'),
      ),
    },
    responses: {
      200: jsonResponse(z.object({ items: z.array(z.object({ sku: z.string(), location: z.string(), onHand: z.number(), available: z.number() })) }), 'Applied'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { items, kind } = c.req.valid('json');
    const bad = items.findIndex((i) => i.mode === 'set' && i.quantity < 0);
    if (bad >= 0) throw new AppError(400, 'validation_error', 'The request is not valid', [{ field: `items.${bad}.quantity`, message: 'An overwrite needs a quantity ≥ 0' }]);
    const result = unwrap(await ledgerOf(c.env, accountOf(c)).adjust(accountOf(c), items, { kind, actor: actorLabel(c.get('principal')!) }));
    await auditOf(c, { action: `stock.${kind}`, targetType: 'stock', after: items });
    return c.json(result, 200);
  },
);

const IMPORT_CHUNK = 500;

app.openapi(
  createRoute({
    method: 'post',
    path: '/stock/import',
    operationId: 'importStockCsv',
    tags: ['Stock'],
    summary: 'Import stock from CSV (sku,quantity[,location]); answers a report per row',
    description:
      'Nothing is applied when any row is invalid, unless applyValid=true. Shift_JIS (CP932) or UTF-8. ' +
      'Send up to 100,000 rows; the web app sends large files in chunks of 2,000 rows and shows progress. ' +
      'The import adjusts stock: a signed-in user needs both csv_import (CSV取込) and stock_adjust (在庫調整); 403 permission_denied names the first missing.',
    middleware: [write, canImport],
    request: {
      query: z.object({
        mode: z.enum(['set', 'delta']),
        encoding: z.enum(['utf-8', 'shift_jis']).default('utf-8'),
        applyValid: z.enum(['true', 'false']).default('false'),
        dryRun: z.enum(['true', 'false']).default('false'),
        kind: z.enum(['adjust', 'stocktake']).default('adjust'),
      }),
      body: { required: true, content: { 'text/csv': { schema: z.string() } } },
    },
    responses: {
      200: jsonResponse(
        z.object({
          applied: z.number(),
          rows: z.number(),
          problems: z.array(z.object({ line: z.number(), sku: z.string().nullable(), code: z.string(), message: z.string() })),
        }),
        'The report: how many rows were applied and every problem by line',
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const rows = parseCsv(decodeCsv(bytes, q.encoding));
    if (rows.length > MAX_IMPORT_ROWS + 1) throw new AppError(413, 'too_many_rows', `At most ${MAX_IMPORT_ROWS} rows per file`);
    const { rows: valid, problems } = readImportRows(rows, q.mode);
    const total = valid.length + problems.length; // each unreadable row has exactly one problem
    const stub = ledgerOf(c.env, accountOf(c));
    const actor = actorLabel(c.get('principal')!);
    // Unknown SKUs and the like only the ledger knows: check every chunk before applying any.
    const checked: typeof valid = [];
    for (let i = 0; i < valid.length; i += IMPORT_CHUNK) {
      const chunk = valid.slice(i, i + IMPORT_CHUNK);
      const probe = await stub.checkAdjust(accountOf(c), chunk.map((r) => ({ sku: r.sku, location: r.location, mode: q.mode, quantity: r.quantity, reason: 'CSV取込' })));
      const badLines = new Map(probe.map((p) => [chunk[p.index].line, p]));
      for (const r of chunk) {
        const p = badLines.get(r.line);
        if (p) problems.push({ line: r.line, sku: r.sku, code: p.code, message: p.message });
        else checked.push(r);
      }
    }
    problems.sort((a, b) => a.line - b.line);
    const apply = q.dryRun !== 'true' && (problems.length === 0 || q.applyValid === 'true');
    let applied = 0;
    if (apply) {
      for (let i = 0; i < checked.length; i += IMPORT_CHUNK) {
        const chunk = checked.slice(i, i + IMPORT_CHUNK);
        unwrap(await stub.adjust(accountOf(c), chunk.map((r) => ({ sku: r.sku, location: r.location, mode: q.mode, quantity: r.quantity, reason: 'CSV取込' })), { kind: q.kind, actor }));
        applied += chunk.length;
      }
      await auditOf(c, { action: 'stock.import', targetType: 'stock', after: { mode: q.mode, rows: rows.length, applied, problems: problems.length } });
    }
    return c.json({ applied, rows: total, problems: problems.slice(0, 1000) }, 200);
  },
);

// ───────────────────────────── reservations

const ReservationBody = z
  .strictObject({
    reference: z.string().trim().min(1).max(128).openapi({ description: 'The caller’s reference (an order id); retries with it change nothing' }),
    channelId: z.string().trim().max(64).optional(),
    lines: z.array(z.strictObject({ sku: SkuCode, quantity: Qty })).min(1).max(200),
  })
  .openapi('ReservationRequest');

app.openapi(
  createRoute({
    method: 'post',
    path: '/stock/reservations',
    operationId: 'createReservation',
    tags: ['Stock'],
    summary: 'Reserve stock (引当): all lines or none; idempotent by reference',
    middleware: [write],
    request: { body: jsonBody(ReservationBody) },
    responses: {
      201: jsonResponse(z.object({ status: z.literal('reserved') }), 'Reserved'),
      200: jsonResponse(z.object({ status: z.literal('reserved') }), 'Already reserved under this reference; nothing changed'),
      409: { description: 'insufficient_stock, details per SKU', content: { 'application/json': { schema: z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.array(Shortage) }) }) } } },
      ...commonErrors,
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const r = unwrap(await ledgerOf(c.env, accountOf(c)).reserve(accountOf(c), { ...body, actor: actorLabel(c.get('principal')!) }));
    return c.json({ status: 'reserved' as const }, r.replayed ? 200 : 201);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/stock/reservations/{reference}',
    operationId: 'releaseReservation',
    tags: ['Stock'],
    summary: 'Release a reservation (cancelled order); idempotent',
    middleware: [write],
    request: { params: RefParam },
    responses: { 200: jsonResponse(z.object({ status: z.string() }), 'Released'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) =>
    c.json(unwrap(await ledgerOf(c.env, accountOf(c)).release(accountOf(c), c.req.valid('param').reference, actorLabel(c.get('principal')!))), 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/stock/reservations/{reference}/commit',
    operationId: 'commitReservation',
    tags: ['Stock'],
    summary: 'Ship a reservation: onHand and reserved both fall; idempotent',
    middleware: [write],
    request: { params: RefParam },
    responses: { 200: jsonResponse(z.object({ status: z.string() }), 'Committed'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) =>
    c.json(unwrap(await ledgerOf(c.env, accountOf(c)).commit(accountOf(c), c.req.valid('param').reference, actorLabel(c.get('principal')!))), 200),
);

export default app;
