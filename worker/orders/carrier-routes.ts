import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { newRouter } from '../lib/router';
import { commonErrors, jsonResponse } from '../lib/openapi';
import { requirePermission, requireScope } from '../middleware/guards';
import { AppError } from '../lib/errors';
import { auditOf } from '../lib/audit';
import { newId } from '../lib/ids';
import { jstDate } from '../lib/time';
import { decodeCsv, encodeCsv, parseCsv } from '../lib/japanese-csv';
import { actorLabel } from '../stock/service';
import { orderEvents, orderLines, orders } from './schema';
import { shipOrder, summaryOf, type OrderContext } from './service';
import { combineParcel } from './merge';
import { parcelChildren } from './merge-service';
import {
  CARRIER_LAYOUT_IDS,
  CARRIER_LAYOUTS,
  parseTrackingFile,
  shippingCsv,
  shippingRows,
  type CarrierLayout,
  type CarrierOrder,
  type ExportContext,
} from './carriers';
import { checkCarrierFile } from './carriers/check';
import { CARRIER_OF } from './carriers/contract';
import { CarrierCheck, CarrierProblemSchema } from './carriers/settings-schema';
import { exportSettingsOf } from './carriers/settings-store';

/**
 * Carrier files (API.md, Orders → Carrier CSVs): the shipping file for Yamato
 * B2クラウド, Sagawa e飛伝Ⅱ or ゆうプリR, and the carriers' result files read
 * back to set tracking numbers. The layouts are data in ./carriers, each with
 * its published source.
 */

const MAX_EXPORT_IDS = 500;
const MAX_TRACKING_ROWS = 2000;
/** D1 binds at most 100 parameters per statement. */
const CHUNK = 80;

const chunks = <T>(xs: T[], n = CHUNK): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

const CarrierParam = z.enum(CARRIER_LAYOUT_IDS).openapi({ description: 'yamato_b2 (B2クラウド), sagawa_ehiden2 (e飛伝Ⅱ), japanpost_yupri (ゆうプリR)' });

const ctxOf = (c: Context<AppEnv>): OrderContext => {
  const p = c.get('principal')!;
  return { env: c.env, db: c.get('db'), accountId: p.accountId, actor: actorLabel(p) };
};

const read = requireScope('orders:read');
const write = requireScope('orders:write');
// 権限 (users/permissions.ts), for people on top of the role: the shipping file (and its check, which
// quotes phones and postal codes) hands out buyers' addresses, so it needs export and personal_data
const canExportBuyers = requirePermission('export', 'personal_data');
const canImport = requirePermission('csv_import');
const PERMISSION_NOTE = 'A signed-in user needs the export (CSV出力) and personal_data (購入者の個人情報) permissions: 403 permission_denied names the first missing.';
const app = newRouter();

// ───────────────────────────── shipping file

const ErrorWithIds = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.array(z.object({ id: z.string(), number: z.string() }).passthrough()) }) }),
    },
  },
});

/**
 * The orders of an export, in the order of `ids`: every id an open order of
 * this account (an unknown id, or another account's, makes the whole request
 * 404; a shipped or cancelled one 409), with their lines.
 */
const exportOrders = async (c: Context<AppEnv>, idsParam: string): Promise<CarrierOrder[]> => {
  const ids = [...new Set(idsParam.split(',').map((s) => s.trim()).filter(Boolean))];
  const badId = ids.find((id) => id.length > 64);
  if (!ids.length || ids.length > MAX_EXPORT_IDS || badId) {
    throw new AppError(400, 'validation_error', 'The request is not valid', [{ field: 'ids', code: 'invalid', message: `1 to ${MAX_EXPORT_IDS} order ids, comma-separated` }]);
  }
  const db = c.get('db');
  const accountId = c.get('principal')!.accountId;

  const rows = (await Promise.all(chunks(ids).map((part) => db.select().from(orders).where(and(eq(orders.accountId, accountId), inArray(orders.id, part)))))).flat();
  const byId = new Map(rows.map((o) => [o.id, o]));
  // another account's id answers exactly like an id that does not exist
  if (ids.some((id) => !byId.has(id))) throw new AppError(404, 'not_found', 'Order not found');

  const ordered = ids.map((id) => byId.get(id)!);
  const closed = ordered.filter((o) => o.status === 'shipped' || o.status === 'cancelled');
  if (closed.length) {
    throw new AppError(409, 'order_closed', 'Shipped or cancelled orders have no shipping file', closed.map((o) => ({ id: o.id, number: o.number, status: o.status })));
  }
  // 同梱: a merged order travels in its parent's row; alone it has no label of its own
  const alone = ordered.filter((o) => o.status === 'merged' && !(o.mergeParentId && byId.has(o.mergeParentId)));
  if (alone.length) {
    throw new AppError(409, 'order_merged', 'These orders ship inside another order’s parcel: export their parent', alone.map((o) => ({ id: o.id, number: o.number, status: o.status, parentId: o.mergeParentId })));
  }
  const kids = await parcelChildren(db, accountId, ids);
  const withKids = [...new Set([...ids, ...[...kids.values()].flat().map((k) => k.id)])];

  const lines = (
    await Promise.all(
      chunks(withKids).map((part) =>
        db
          .select()
          .from(orderLines)
          .where(and(eq(orderLines.accountId, accountId), inArray(orderLines.orderId, part)))
          .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo)),
      ),
    )
  ).flat();
  const linesOf = new Map<string, CarrierOrder['lines']>();
  for (const l of lines) linesOf.set(l.orderId, [...(linesOf.get(l.orderId) ?? []), { sku: l.sku, name: l.name, quantity: l.quantity }]);
  // A parent's row is its whole parcel: every order's lines, every store order number, and the
  // totals added up, so an all-cash-on-delivery parcel collects the sum (merge.ts combineParcel).
  const rowOf = (o: typeof rows[number]): CarrierOrder => ({ ...summaryOf(o), lines: linesOf.get(o.id) ?? [] });
  return ordered.filter((o) => o.status !== 'merged').map((o) => combineParcel(rowOf(o), (kids.get(o.id) ?? []).map(rowOf)));
};

const ExportQuery = z.object({
  carrier: CarrierParam,
  ids: z.string().trim().min(1).max(40_000).openapi({ description: `Order ids, comma-separated (up to ${MAX_EXPORT_IDS})`, example: '01J...,01J...' }),
});

/** The orders, the account's carrier settings (the shipper: the carrier's own, else the shop profile) and every problem the carrier would refuse. */
const prepare = async (c: Context<AppEnv>, q: z.infer<typeof ExportQuery>) => {
  const layout = CARRIER_LAYOUTS[q.carrier];
  const carrierOrders = await exportOrders(c, q.ids);
  const settings = await exportSettingsOf(c.get('db'), c.get('principal')!.accountId, CARRIER_OF[q.carrier]);
  const ctx: ExportContext = { shipDate: jstDate(), contracts: settings.contracts };
  return { layout, carrierOrders, settings, ctx, problems: checkCarrierFile(layout, carrierOrders, settings, ctx) };
};

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/export/shipping/check',
    operationId: 'checkCarrierShippingFile',
    tags: ['Orders'],
    summary: 'What the carrier would refuse in the shipping file of these orders, before it is written',
    description:
      'The same orders and settings as GET /orders/export/shipping (and the same 400/404/409), and every problem: the account’s carrier settings ' +
      '(orderId null: the shipper, 請求先顧客コード …) and each order’s (a phone number that is not 10–11 digits, a postal code that is not 7 digits, ' +
      'an address longer than its column in Shift_JIS bytes, 代金引換 above the carrier’s limit or on ネコポス / ゆうパケット, a time slot the carrier ' +
      'or the contract does not offer …). `field` and `code` are stable words the web translates; `detail` says it in English. ' +
      PERMISSION_NOTE,
    middleware: [read, canExportBuyers],
    request: { query: ExportQuery },
    responses: {
      200: jsonResponse(CarrierCheck, 'ok is true when the file can be written as it is'),
      409: ErrorWithIds('order_closed: shipped or cancelled orders, listed'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { problems } = await prepare(c, c.req.valid('query'));
    return c.json({ ok: problems.length === 0, problems }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/export/shipping',
    operationId: 'exportCarrierShippingFile',
    tags: ['Orders'],
    summary: 'The shipping file of a carrier for some orders (Shift_JIS, CRLF), in the carrier’s published layout',
    description:
      'One row per order, in the order of `ids`; a header row where the carrier’s import expects one (B2クラウド, e飛伝Ⅱ; not ゆうプリR). ' +
      'Every id must be an open order of this account: an unknown id (or another account’s) makes the whole request 404, ' +
      'a shipped or cancelled order 409. The file is checked first (GET /orders/export/shipping/check): when the carrier would refuse something, ' +
      'the answer is 422 carrier_file_invalid with the same problems as details, unless force=true. ' +
      'The shipper and the account fields (請求先顧客コード, お客様コード, 送り状種別 …) come from the carrier settings (PUT /carriers/{carrier}/settings); ' +
      'phone numbers and postal codes are written half-width. ' +
      PERMISSION_NOTE,
    middleware: [read, canExportBuyers],
    request: {
      query: ExportQuery.extend({
        force: z.enum(['true', 'false']).default('false').openapi({ description: 'true: write the file even though the check found problems' }),
      }),
    },
    responses: {
      200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() } } },
      409: ErrorWithIds('order_closed: shipped or cancelled orders, listed'),
      422: {
        description: 'carrier_file_invalid: what the carrier would refuse (details: the problems of GET /orders/export/shipping/check)',
        content: { 'application/json': { schema: z.object({ error: z.object({ code: z.literal('carrier_file_invalid'), message: z.string(), details: z.array(CarrierProblemSchema) }) }) } },
      },
      ...commonErrors,
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const { layout, carrierOrders, settings, ctx, problems } = await prepare(c, q);
    if (problems.length && q.force !== 'true') {
      throw new AppError(422, 'carrier_file_invalid', `${layout.label} would refuse this file: ${problems.length} problem(s); fix them or export with force=true`, problems);
    }
    const text = shippingCsv(layout, shippingRows(layout, carrierOrders, settings.shipper, ctx));
    return new Response(encodeCsv(text, 'shift_jis'), {
      headers: {
        'Content-Type': 'text/csv; charset=Shift_JIS',
        'Content-Disposition': `attachment; filename="${layout.id}-${jstDate().replace(/-/g, '')}.csv"`,
      },
    }) as never;
  },
);

// ───────────────────────────── tracking import

const TrackingProblem = z.object({ line: z.number(), orderRef: z.string().nullable(), code: z.string(), message: z.string() });

type OrderRow = typeof orders.$inferSelect;

/** Finds the orders the file names, by Kura's number or the store's number (externalId), in this account only. */
const lookUp = async (c: Context<AppEnv>, refs: string[]) => {
  const db = c.get('db');
  const accountId = c.get('principal')!.accountId;
  const found = (
    await Promise.all(
      chunks(refs, 45).map((part) =>
        db
          .select()
          .from(orders)
          .where(and(eq(orders.accountId, accountId), or(inArray(orders.number, part), inArray(orders.externalId, part)))),
      ),
    )
  ).flat();
  const byNumber = new Map<string, OrderRow>();
  const byExternal = new Map<string, OrderRow[]>();
  for (const o of found) {
    byNumber.set(o.number, o);
    byExternal.set(o.externalId, [...(byExternal.get(o.externalId) ?? []).filter((x) => x.id !== o.id), o]);
  }
  return (ref: string): OrderRow | OrderRow[] | undefined => byNumber.get(ref) ?? byExternal.get(ref);
};

/** A shipped order's tracking number changes (a label reissued): recorded in its history. */
const updateTracking = async (ctx: OrderContext, o: OrderRow, layout: CarrierLayout, trackingNumber: string) => {
  const now = new Date().toISOString();
  const [moved] = await ctx.db.batch([
    ctx.db
      .update(orders)
      .set({ carrier: layout.carrier, trackingNumber, updatedAt: now })
      .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, o.id), eq(orders.status, 'shipped')))
      .returning({ id: orders.id }),
    ctx.db.insert(orderEvents).values({
      id: newId(),
      accountId: ctx.accountId,
      orderId: o.id,
      at: now,
      actor: ctx.actor,
      kind: 'tracking_updated',
      detail: { from: { carrier: o.carrier, trackingNumber: o.trackingNumber }, to: { carrier: layout.carrier, trackingNumber } },
    }),
  ]);
  return moved.length > 0;
};

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/import/tracking',
    operationId: 'importCarrierTrackingFile',
    tags: ['Orders'],
    summary: 'Read a carrier’s result file back: ready orders are shipped with their tracking numbers; answers a report per row',
    description:
      'Rows are matched by Kura’s order number or the store’s order number (externalId), in this account only. ' +
      'A ready_to_ship order is shipped (its stock committed); a shipped order with another number gets the new one (history: tracking_updated); ' +
      'the same number again changes nothing. Any other status, an unknown number (another account’s included) or an unreadable row is a problem for its line, ' +
      `and the other rows still apply. Up to ${MAX_TRACKING_ROWS} rows; Shift_JIS by default. ` +
      'A signed-in user needs the csv_import permission (CSV取込): 403 permission_denied otherwise.',
    middleware: [write, canImport],
    request: {
      query: z.object({ carrier: CarrierParam, encoding: z.enum(['shift_jis', 'utf-8']).default('shift_jis') }),
      body: { required: true, content: { 'text/csv': { schema: z.string() } } },
    },
    responses: {
      200: jsonResponse(
        z.object({ rows: z.number(), shipped: z.number(), updated: z.number(), unchanged: z.number(), problems: z.array(TrackingProblem) }).openapi('TrackingImportReport'),
        'What happened: counts, and every row that did not apply, by line',
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const layout = CARRIER_LAYOUTS[q.carrier];
    const table = parseCsv(decodeCsv(new Uint8Array(await c.req.arrayBuffer()), q.encoding));
    if (table.length > MAX_TRACKING_ROWS + 1) throw new AppError(413, 'too_many_rows', `At most ${MAX_TRACKING_ROWS} rows per file`);
    const parsed = parseTrackingFile(layout, table);
    const problems = [...parsed.problems];
    const ctx = ctxOf(c);
    const find = await lookUp(c, [...new Set(parsed.rows.map((r) => r.orderRef))]);
    const done = new Map<string, { line: number; trackingNumber: string }>();
    let shipped = 0;
    let updated = 0;
    let unchanged = 0;

    for (const row of parsed.rows) {
      const problem = (code: string, message: string) => problems.push({ line: row.line, orderRef: row.orderRef, code, message });
      const hit = find(row.orderRef);
      if (!hit || (Array.isArray(hit) && hit.length === 0)) {
        problem('not_found', 'No order with this number');
        continue;
      }
      if (Array.isArray(hit) && hit.length > 1) {
        problem('ambiguous_order_ref', `${hit.length} orders (from different channels) have this store order number; use Kura’s order number`);
        continue;
      }
      const o = Array.isArray(hit) ? hit[0] : hit;
      const earlier = done.get(o.id);
      if (earlier) {
        if (earlier.trackingNumber === row.trackingNumber) unchanged++;
        else problem('duplicate_order_ref', `Line ${earlier.line} already gave order ${o.number} the tracking number ${earlier.trackingNumber}`);
        continue;
      }
      done.set(o.id, { line: row.line, trackingNumber: row.trackingNumber });
      try {
        if (o.status === 'ready_to_ship') {
          await shipOrder(ctx, o.id, { carrier: layout.carrier, trackingNumber: row.trackingNumber });
          // each order shipped by the file is in the operation log with its K-number, like a ship from the screen
          await auditOf(c, { action: 'order.ship', targetType: 'order', targetId: o.id, after: { number: o.number, carrier: layout.carrier, trackingNumber: row.trackingNumber, via: 'tracking_import' } });
          shipped++;
        } else if (o.status === 'shipped' && o.trackingNumber === row.trackingNumber && o.carrier === layout.carrier) {
          unchanged++;
        } else if (o.status === 'shipped') {
          if (await updateTracking(ctx, o, layout, row.trackingNumber)) updated++;
          else problem('order_changed', 'The order changed meanwhile; import the row again');
        } else {
          problem('not_ready', `Order ${o.number} is ${o.status}; only ready_to_ship orders are shipped from a carrier file`);
        }
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        problem(e.code, e.message);
      }
    }

    problems.sort((a, b) => a.line - b.line);
    if (shipped || updated) {
      await auditOf(c, { action: 'orders.tracking_import', targetType: 'order', after: { carrier: layout.id, rows: parsed.count, shipped, updated, problems: problems.length } });
    }
    return c.json({ rows: parsed.count, shipped, updated, unchanged, problems: problems.slice(0, 1000) }, 200);
  },
);

export default app;
