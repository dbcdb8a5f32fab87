import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newRouter } from '../lib/router';
import { commonErrors } from '../lib/openapi';
import { requirePermission, requireScope } from '../middleware/guards';
import { AppError } from '../lib/errors';
import { auditOf } from '../lib/audit';
import { chunks } from '../lib/chunks';
import { contentTypeFor } from '../lib/japanese-csv';
import { csvRows } from '../lib/csv';
import { contentDisposition, CSV_HEADERS, csvPieceEncoder, exportFileName } from '../lib/csv-export';
import { channels } from '../channels/schema';
import { skus } from '../stock/schema';
import { orderLines, orders } from './schema';
import { filterConditions } from './list';
import { ListFilters, listFilters } from './routes';
import { MAX_EXPORT_LINES, orderExportHeader, orderExportRows, type ExportOrder } from './export-layout';

/**
 * 受注CSV (GET /orders/export): every order matching the list's filters, one
 * row per line, for accounting. Counted first (a range of more than
 * MAX_EXPORT_LINES lines is refused, never cut short: a partial file would
 * make the books wrong), audited (it carries buyers' personal data), then
 * streamed page by page so memory stays flat however long the range.
 */
const PAGE = 100;

const read = requireScope('orders:read');
// 権限 (users/permissions.ts): the file lists buyers, so a person needs export and personal_data
const canExportBuyers = requirePermission('export', 'personal_data');
const app = newRouter();

/** The columns the layout reads (never `raw`, the mall's whole payload). */
const ORDER_COLUMNS = {
  id: orders.id,
  number: orders.number,
  channelId: orders.channelId,
  externalId: orders.externalId,
  orderedAt: orders.orderedAt,
  status: orders.status,
  customerName: orders.customerName,
  postalCode: orders.postalCode,
  prefecture: orders.prefecture,
  paymentMethod: orders.paymentMethod,
  shippingFee: orders.shippingFee,
  fees: orders.fees,
  discount: orders.discount,
  points: orders.points,
  total: orders.total,
};

type LineRow = { orderId: string; sku: string; name: string | null; quantity: number; unitPrice: number; taxRate: number };

const linesOf = async (db: Db, accountId: string, ids: string[]) => {
  const parts = await Promise.all(
    chunks(ids).map((part) =>
      db
        .select({ orderId: orderLines.orderId, sku: orderLines.sku, name: orderLines.name, quantity: orderLines.quantity, unitPrice: orderLines.unitPrice, taxRate: orderLines.taxRate })
        .from(orderLines)
        .where(and(eq(orderLines.accountId, accountId), inArray(orderLines.orderId, part)))
        .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo)),
    ),
  );
  const byOrder = new Map<string, LineRow[]>();
  for (const rows of parts) for (const l of rows) byOrder.set(l.orderId, [...(byOrder.get(l.orderId) ?? []), l]);
  return byOrder;
};

type SkuFacts = { janCode: string | null; name: string | null };

/** The JAN code and catalogue name of the SKUs not looked up yet, into `known` (a SKU not in the catalogue maps to nulls). */
const loadSkus = async (db: Db, accountId: string, codes: Iterable<string>, known: Map<string, SkuFacts>) => {
  const missing = [...new Set(codes)].filter((c) => !known.has(c));
  const parts = await Promise.all(
    chunks(missing).map((part) =>
      db.select({ code: skus.code, janCode: skus.janCode, name: skus.name }).from(skus).where(and(eq(skus.accountId, accountId), inArray(skus.code, part))),
    ),
  );
  for (const c of missing) known.set(c, { janCode: null, name: null });
  for (const rows of parts) for (const r of rows) known.set(r.code, { janCode: r.janCode, name: r.name });
};

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/export',
    operationId: 'exportOrdersCsv',
    tags: ['Orders'],
    summary: '受注CSV for accounting: one row per order line, the tax by rate on each order’s first line; Japanese headers, ?headers=en for the English codes',
    description:
      'The same filters as GET /orders (status, channelId, q, from, to, stockWarning, createdAfter); oldest order first. ' +
      'headers=ja (the default) is for people in Excel: 受注番号, 店舗, 店舗受注番号, 受注日時 (JST), ステータス, 注文者, 郵便番号 (as text), 都道府県, 支払い方法, SKU, JAN (as text), 商品名 (as the mall sent it, else the SKU’s), 数量, 単価(税込), 小計, 税率 (10 or 8), ' +
      'then on the first line of each order only: 10%対象, 10%消費税, 8%対象, 8%消費税 (as on the 納品書: shipping and fees at 10%, a discount shared between the rates, points not a price cut), 送料, 手数料, 値引, ポイント, 合計. ' +
      'headers=en gives the English column codes with the values as stored (UTC times, status and payment codes, channel id). ' +
      `At most ${MAX_EXPORT_LINES.toLocaleString('en')} lines: a wider range is refused with 400 too_many_rows (narrow the dates). Every export is in the operation log (order.export). ` +
      'The file is named for the JST day (受注_20261208.csv; ASCII fallback orders_20261208.csv). ' +
      'A signed-in user needs the export (CSV出力) and personal_data (購入者の個人情報) permissions: 403 permission_denied names the first missing.',
    middleware: [read, canExportBuyers],
    request: {
      query: ListFilters.extend({
        format: z.enum(['csv']).default('csv'),
        encoding: z.enum(['shift_jis', 'utf-8']).default('shift_jis'),
        headers: z.enum(CSV_HEADERS).default('ja').openapi({ description: 'ja: Japanese headers for people (default); en: the English column codes for integrations' }),
      }),
    },
    responses: { 200: { description: 'CSV, CRLF', content: { 'text/csv': { schema: z.string() } } }, ...commonErrors },
  }),
  async (c) => {
    const { format: _format, encoding, headers, ...query } = c.req.valid('query');
    const accountId = c.get('principal')!.accountId;
    const db = c.get('db');
    const filters = listFilters(query, c.get('principal'));
    const conds = filterConditions(accountId, filters);

    const counted = await db
      .select({ n: sql<number>`count(*)` })
      .from(orderLines)
      .where(and(eq(orderLines.accountId, accountId), inArray(orderLines.orderId, db.select({ id: orders.id }).from(orders).where(and(...conds)))));
    const lines = Number(counted[0]?.n ?? 0);
    if (lines > MAX_EXPORT_LINES) {
      throw new AppError(400, 'too_many_rows', `At most ${MAX_EXPORT_LINES} lines per export; narrow the date range`, { lines, max: MAX_EXPORT_LINES });
    }
    const asked = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
    await auditOf(c, { action: 'order.export', targetType: 'order', after: { filters: asked, rows: lines, encoding, headers } });

    const stores = await db.select({ id: channels.id, name: channels.name }).from(channels).where(eq(channels.accountId, accountId));
    const storeNames = new Map(stores.map((s) => [s.id, s.name]));
    const known = new Map<string, SkuFacts>();
    const look = { channelName: (id: string) => storeNames.get(id), janOf: (sku: string) => known.get(sku)?.janCode, skuName: (sku: string) => known.get(sku)?.name };

    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const encode = csvPieceEncoder(encoding);
    c.executionCtx.waitUntil(
      (async () => {
        const w = writable.getWriter();
        try {
          await w.write(encode(csvRows([orderExportHeader(headers)])));
          let after: { at: string; id: string } | undefined;
          let written = 0;
          for (;;) {
            const keyset = after ? or(gt(orders.orderedAt, after.at), and(eq(orders.orderedAt, after.at), gt(orders.id, after.id))) : undefined;
            const page = await db
              .select(ORDER_COLUMNS)
              .from(orders)
              .where(and(...conds, keyset))
              .orderBy(asc(orders.orderedAt), asc(orders.id))
              .limit(PAGE);
            if (!page.length) break;
            const byOrder = await linesOf(db, accountId, page.map((o) => o.id));
            await loadSkus(db, accountId, [...byOrder.values()].flatMap((ls) => ls.map((l) => l.sku)), known);
            const rows = page.flatMap((o) => orderExportRows({ ...o, lines: byOrder.get(o.id) ?? [] } satisfies ExportOrder, headers, look));
            // orders that arrived after the count never take the file past the cap
            const room = MAX_EXPORT_LINES - written;
            await w.write(encode(csvRows(rows.slice(0, room))));
            written += Math.min(rows.length, room);
            if (written >= MAX_EXPORT_LINES || page.length < PAGE) break;
            const last = page[page.length - 1];
            after = { at: last.orderedAt, id: last.id };
          }
          await w.close();
        } catch (e) {
          console.error(JSON.stringify({ level: 'error', msg: 'order csv export failed', requestId: c.get('requestId'), error: String(e) }));
          // an aborted download, never a file that looks whole
          await w.abort(e).catch(() => undefined);
        }
      })(),
    );
    return new Response(readable, {
      headers: { 'Content-Type': contentTypeFor(encoding), 'Content-Disposition': contentDisposition(exportFileName({ ja: '受注', ascii: 'orders' })) },
    }) as never;
  },
);

export default app;
