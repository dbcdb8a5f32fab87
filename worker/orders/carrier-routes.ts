import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { getShop } from '../shop/service';
import { newRouter } from '../lib/router';
import { commonErrors, jsonResponse } from '../lib/openapi';
import { requireScope } from '../middleware/guards';
import { AppError } from '../lib/errors';
import { auditOf } from '../lib/audit';
import { newId } from '../lib/ids';
import { jstDate } from '../lib/time';
import { decodeCsv, encodeCsv, parseCsv } from '../lib/japanese-csv';
import { actorLabel } from '../stock/service';
import { orderEvents, orderLines, orders } from './schema';
import { shipOrder, summaryOf, type OrderContext } from './service';
import {
  CARRIER_LAYOUT_IDS,
  CARRIER_LAYOUTS,
  parseTrackingFile,
  shippingCsv,
  shippingRows,
  unsupportedTimeSlots,
  type CarrierLayout,
  type CarrierOrder,
  type ShipperProfile,
} from './carriers';

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
      'a shipped or cancelled order 409, and a time slot the carrier has no code for 422; each lists the orders concerned.',
    middleware: [read],
    request: {
      query: z.object({
        carrier: CarrierParam,
        ids: z.string().trim().min(1).max(40_000).openapi({ description: `Order ids, comma-separated (up to ${MAX_EXPORT_IDS})`, example: '01J...,01J...' }),
      }),
    },
    responses: {
      200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() } } },
      409: ErrorWithIds('order_closed: shipped or cancelled orders, listed'),
      422: ErrorWithIds('time_slot_unsupported: orders whose time slot the carrier cannot take, listed'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const layout = CARRIER_LAYOUTS[q.carrier];
    const ids = [...new Set(q.ids.split(',').map((s) => s.trim()).filter(Boolean))];
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

    const lines = (
      await Promise.all(
        chunks(ids).map((part) =>
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
    const carrierOrders: CarrierOrder[] = ordered.map((o) => ({ ...summaryOf(o), lines: linesOf.get(o.id) ?? [] }));

    const unsupported = unsupportedTimeSlots(layout, carrierOrders);
    if (unsupported.length) {
      throw new AppError(422, 'time_slot_unsupported', `${layout.label} has no code for these orders’ time slots; change the slot or the carrier`, unsupported);
    }

    // ご依頼主: the shop profile (設定 → ショップ情報); what it lacks stays empty, so the carrier software's defaults apply
    const { view: shop } = await getShop(db, accountId);
    const shipper: ShipperProfile = { name: shop.name, postalCode: shop.postalCode ?? '', address: shop.address ?? '', phone: shop.phone ?? '' };

    const text = shippingCsv(layout, shippingRows(layout, carrierOrders, shipper, { shipDate: jstDate() }));
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
      `and the other rows still apply. Up to ${MAX_TRACKING_ROWS} rows; Shift_JIS by default.`,
    middleware: [write],
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
