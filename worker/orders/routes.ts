import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse, text } from '../lib/openapi';
import { requireScope } from '../middleware/guards';
import type { Principal } from '../auth/principal';
import { seesPersonalData } from '../users/permissions';
import { buyerViewFor } from './mask';
import { AppError } from '../lib/errors';
import { actorLabel } from '../stock/service';
import { SkuCode } from '../stock/routes';
import { ORDER_STATUSES } from './state-machine';
import { importOrder, importOrders } from './import';
import { actorNames } from '../users/actor-names';
import { auditOf } from '../lib/audit';
import { orderSummary } from './dashboard';
import { cancelOrder, editOrder, onlyChanges, setCarrier, findOrder, orderView, shipOrder, summaryOf, transitionOrder, type OrderContext } from './service';
import { listOrders, matchingOrderIds, ORDER_SORTS } from './list';

import { CancelBody, IsoDateTime, Order, OrderInput, OrderPatch, OrderSummary, ShipBody } from './api-schema';

const IdParam = z.object({ id: z.string().min(1).max(64) });

const ctxOf = (c: Context<AppEnv>): OrderContext => {
  const p = c.get('principal')!;
  return { env: c.env, db: c.get('db'), accountId: p.accountId, actor: actorLabel(p) };
};

/** The order list's filters: GET /orders, /orders/ids and /orders/export take the same. */
export const ListFilters = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  channelId: z.string().max(64).optional(),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .openapi({
      description:
        'Order or store order number; or part of the customer or recipient name (spaces ignored), e-mail, phone (any width, dashes ignored), SKU or product name. ' +
        'For a signed-in user without the personal_data permission (購入者の個人情報) it matches order numbers, store order numbers and SKUs only.',
    }),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  stockWarning: z.enum(['true', 'false']).optional(),
  createdAfter: IsoDateTime.optional().openapi({ description: 'Imported after this instant (new orders since the list was opened)' }),
});

/** The filters as the list reads them; a caller without personal_data never searches by a buyer's details. */
export const listFilters = (q: z.infer<typeof ListFilters>, caller: Principal | undefined) => ({
  ...(seesPersonalData(caller) ? {} : { searchBuyers: false }),
  status: q.status,
  channelId: q.channelId,
  q: q.q,
  from: q.from ? new Date(q.from).toISOString() : undefined,
  to: q.to ? new Date(q.to).toISOString() : undefined,
  stockWarning: q.stockWarning === undefined ? undefined : q.stockWarning === 'true',
  createdAfter: q.createdAfter ? new Date(q.createdAfter).toISOString() : undefined,
});

/**
 * The operation log of an order action (SERVICE.md: who changed what), with
 * the order's K-number so an entry reads without looking the id up.
 */
const auditOrder = (c: Context<AppEnv>, action: string, o: { id: string; number: string }, after: Record<string, unknown> = {}) =>
  auditOf(c, { action, targetType: 'order', targetId: o.id, after: { number: o.number, ...after } });

const read = requireScope('orders:read');
const write = requireScope('orders:write');
const app = newRouter();

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders',
    operationId: 'importOrder',
    tags: ['Orders'],
    summary: 'Import an order (idempotent by channelId + externalId); it reserves its stock on arrival',
    description: 'A line that cannot be reserved leaves the order in awaiting_stock with a stock warning; it is re-checked whenever stock arrives.',
    middleware: [write],
    request: { body: jsonBody(OrderInput) },
    responses: { 201: jsonResponse(z.object({ order: Order }), 'Imported'), 200: jsonResponse(z.object({ order: Order }), 'Already imported; nothing changed'), ...commonErrors },
  }),
  async (c) => {
    const { order, created } = await importOrder(ctxOf(c), c.req.valid('json'));
    if (created) await auditOrder(c, 'order.create', order, { channelId: order.channelId, externalId: order.externalId });
    // a repeat answers the order as stored: masked for a caller without personal_data
    return c.json({ order: buyerViewFor(c.get('principal'))(order) } as never, created ? 201 : 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/batch',
    operationId: 'importOrderBatch',
    tags: ['Orders'],
    summary: 'Import up to 100 orders in one call (idempotent per order, as POST /orders)',
    description:
      'For integrations that pull from a mall: one round trip for many orders. Each order is imported exactly as POST /orders would; the answer lists, in the same order, whether each was created or already known, with its number, status and stock warning.',
    middleware: [write],
    request: { body: jsonBody(z.strictObject({ orders: z.array(OrderInput).min(1).max(100) })) },
    responses: {
      200: jsonResponse(
        z.object({
          results: z.array(
            z.object({ channelId: z.string(), externalId: z.string(), created: z.boolean(), id: z.string(), number: z.string(), status: z.enum(ORDER_STATUSES), stockWarning: z.boolean() }),
          ),
        }),
        'One result per order, in the order sent',
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const results = await importOrders(ctxOf(c), c.req.valid('json').orders);
    return c.json(
      {
        results: results.map(({ order, created }) => ({
          channelId: order.channelId,
          externalId: order.externalId,
          created,
          id: order.id,
          number: order.number,
          status: order.status,
          stockWarning: order.stockWarning,
        })),
      },
      200,
    );
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders',
    operationId: 'listOrders',
    tags: ['Orders'],
    summary: 'List orders, filtered, sorted and paged on the server, with the count of every match',
    middleware: [read],
    request: {
      query: ListFilters.extend({
        sort: z.enum(ORDER_SORTS).default('ordered_desc').openapi({ description: 'ordered_desc (newest first), ordered_asc, total_desc, total_asc' }),
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    responses: {
      200: jsonResponse(
        z.object({
          items: z.array(
            OrderSummary.extend({
              items: z.object({ lines: z.array(z.object({ sku: z.string(), name: z.string().nullable(), quantity: z.number() })), lineCount: z.number(), units: z.number() }).openapi({ description: 'The first lines, for the list’s 商品 column' }),
            }),
          ),
          nextCursor: z.string().nullable(),
          total: z.number().openapi({ description: 'How many orders match the filters (all pages)' }),
        }),
        'A page of orders',
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const page = await listOrders(c.get('db'), c.get('principal')!.accountId, { ...listFilters(q, c.get('principal')), sort: q.sort, cursor: q.cursor, limit: q.limit });
    return c.json({ ...page, items: page.items.map(buyerViewFor(c.get('principal'))) } as never, 200);
  },
);

const MAX_MATCHING_IDS = 5000;

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/ids',
    operationId: 'listOrderIds',
    tags: ['Orders'],
    summary: 'The ids of every order matching the list filters (at most 5,000, newest first), for bulk work beyond one page',
    description: 'The bulk bar’s “all matching orders”: the client then sends the ids to POST /orders/bulk in chunks and shows progress.',
    middleware: [read],
    request: { query: ListFilters },
    responses: { 200: jsonResponse(z.object({ ids: z.array(z.string()), truncated: z.boolean() }), 'Matching order ids'), ...commonErrors },
  }),
  async (c) => c.json(await matchingOrderIds(c.get('db'), c.get('principal')!.accountId, listFilters(c.req.valid('query'), c.get('principal')), MAX_MATCHING_IDS), 200),
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/summary',
    operationId: 'getOrderSummary',
    tags: ['Orders'],
    summary: 'Dashboard figures: today’s orders per channel (JST) and yesterday’s, open orders per status, stock warnings, ageing',
    middleware: [read],
    responses: {
      200: jsonResponse(
        z.object({
          since: z.string(),
          today: z.array(z.object({ channelId: z.string(), orders: z.number(), total: z.number() })),
          yesterday: z.object({ orders: z.number(), total: z.number() }).openapi({ description: 'The whole of yesterday (JST), for comparison' }),
          byStatus: z.record(z.string(), z.number()),
          stockWarnings: z.number(),
          ageing: z.object({
            readyToShip: z.object({ days: z.number(), count: z.number(), orderedOnOrBefore: z.string() }),
            awaitingStock: z.object({ days: z.number(), count: z.number(), orderedOnOrBefore: z.string() }),
          }).openapi({ description: 'Orders waiting too long: 出荷待ち ordered 2+ days ago, 在庫待ち 3+ days ago (JST calendar days; the list filter to=orderedOnOrBefore shows them)' }),
        }),
        'Figures',
      ),
      ...commonErrors,
    },
  }),
  async (c) => c.json(await orderSummary(c.env.DB, c.get('principal')!.accountId), 200),
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/{id}',
    operationId: 'getOrder',
    tags: ['Orders'],
    summary: 'Read an order with its lines (and their reservation state) and history',
    description:
      'For a signed-in user without the personal_data permission (購入者の個人情報) the buyer and recipient are masked: name 山田 **, phone ***-****-5678, e-mail y***@example.jp, ' +
      'postal code 060-****, the address beyond the prefecture and city ***, raw null. Every answer with an order (the list, imports, edits, moves, 同梱, picking, packing) masks the same way. ' +
      'API tokens see orders in full with orders:read.',
    middleware: [read],
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ order: Order }), 'The order'), ...commonErrors },
  }),
  async (c) => {
    const accountId = c.get('principal')!.accountId;
    const view = await orderView(c.get('db'), await findOrder(c.get('db'), accountId, c.req.valid('param').id));
    const names = await actorNames(c.get('db'), accountId, view.events.map((e) => e.actor));
    const order = { ...view, events: view.events.map((e) => ({ ...e, actorName: (e.actor && names.get(e.actor)) ?? null })) };
    return c.json({ order: buyerViewFor(c.get('principal'))(order) } as never, 200);
  },
);


app.openapi(
  createRoute({
    method: 'patch',
    path: '/orders/{id}',
    operationId: 'updateOrder',
    tags: ['Orders'],
    summary: 'Edit an open order: address, customer, payment (入金確認), shipping, note, flags, and lines (re-reserved)',
    description: 'customer and shipTo need the personal_data permission for a signed-in user (403 permission_denied): what one cannot see, one cannot overwrite.',
    middleware: [write],
    request: { params: IdParam, body: jsonBody(OrderPatch) },
    responses: { 200: jsonResponse(z.object({ order: Order }), 'Saved'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const body = c.req.valid('json');
    // what a caller cannot see, it cannot overwrite (it would write the masked text back)
    if (!seesPersonalData(c.get('principal')) && (body.customer || body.shipTo)) {
      throw new AppError(403, 'permission_denied', 'Changing the customer or the address requires the personal_data permission', { permission: 'personal_data' });
    }
    const before = await findOrder(c.get('db'), c.get('principal')!.accountId, c.req.valid('param').id);
    const o = await editOrder(ctxOf(c), before.id, body);
    if (o.updatedAt !== before.updatedAt) await auditOrder(c, 'order.edit', o, { fields: Object.keys(onlyChanges(before, [], body)) });
    return c.json({ order: buyerViewFor(c.get('principal'))(await orderView(c.get('db'), o)) } as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/{id}/transition',
    operationId: 'transitionOrder',
    tags: ['Orders'],
    summary: 'Move an order along the workflow; 409 for a move it does not allow',
    middleware: [write],
    request: { params: IdParam, body: jsonBody(z.strictObject({ to: z.enum(ORDER_STATUSES) })) },
    responses: { 200: jsonResponse(z.object({ order: OrderSummary }), 'Moved'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const o = await transitionOrder(ctxOf(c), c.req.valid('param').id, c.req.valid('json').to);
    await auditOrder(c, 'order.move', o, { to: o.status });
    return c.json({ order: buyerViewFor(c.get('principal'))(summaryOf(o)) } as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/{id}/cancel',
    operationId: 'cancelOrder',
    tags: ['Orders'],
    summary: 'Cancel an open order; its reserved stock is released',
    middleware: [write],
    request: { params: IdParam, body: { ...jsonBody(CancelBody, 'Why (optional; "other" when no body is sent)'), required: false } },
    responses: { 200: jsonResponse(z.object({ order: OrderSummary }), 'Cancelled'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const body = (c.req.header('content-type') ?? '').includes('application/json') ? c.req.valid('json') : undefined;
    const o = await cancelOrder(ctxOf(c), c.req.valid('param').id, { reason: body?.reason ?? 'other', note: body?.note ?? null });
    await auditOrder(c, 'order.cancel', o, { reason: body?.reason ?? 'other' });
    return c.json({ order: buyerViewFor(c.get('principal'))(summaryOf(o)) } as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/{id}/ship',
    operationId: 'shipOrder',
    tags: ['Orders'],
    summary: 'Ship a ready order: its stock is committed (onHand falls) and carrier and tracking are recorded',
    middleware: [write],
    request: { params: IdParam, body: jsonBody(ShipBody) },
    responses: {
      200: jsonResponse(z.object({ order: OrderSummary }), 'Shipped'),
      409: { description: 'Not ready to ship, changed meanwhile, or fewer units on hand than it needs', content: commonErrors[400].content },
      503: { description: 'The stock could not be updated just now; the order was not shipped', content: commonErrors[400].content },
      ...commonErrors,
    },
  }),
  async (c) => {
    const o = await shipOrder(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    await auditOrder(c, 'order.ship', o, { carrier: o.carrier, trackingNumber: o.trackingNumber });
    return c.json({ order: buyerViewFor(c.get('principal'))(summaryOf(o)) } as never, 200);
  },
);

const BulkBody = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('transition'), ids: z.array(z.string().min(1).max(64)).min(1).max(500), to: z.enum(ORDER_STATUSES) }),
    z.strictObject({ action: z.literal('cancel'), ids: z.array(z.string().min(1).max(64)).min(1).max(500), reason: CancelBody.shape.reason.optional(), note: CancelBody.shape.note }),
    z.strictObject({ action: z.literal('carrier'), ids: z.array(z.string().min(1).max(64)).min(1).max(500), carrier: ShipBody.shape.carrier }),
    z.strictObject({
      action: z.literal('ship'),
      ids: z.array(z.string().min(1).max(64)).min(1).max(500),
      carrier: ShipBody.shape.carrier,
      trackingNumbers: z.record(z.string(), ShipBody.shape.trackingNumber).openapi({ description: 'Tracking number per order id' }),
    }),
  ])
  .openapi('BulkOrderAction');

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/bulk',
    operationId: 'applyBulkOrderAction',
    tags: ['Orders'],
    summary: 'Apply one action to many orders (注文一括処理: move, cancel, assign a carrier, ship); a failure in one never rolls back the others',
    middleware: [write],
    request: { body: jsonBody(BulkBody) },
    responses: {
      200: jsonResponse(
        z.object({ results: z.array(z.object({ id: z.string(), ok: z.boolean(), status: z.string().optional(), error: z.object({ code: z.string(), message: z.string() }).optional() })) }),
        'One result per id, in order',
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const ctx = ctxOf(c);
    const results = [];
    for (const id of [...new Set(body.ids)]) {
      try {
        const o =
          body.action === 'transition'
            ? await transitionOrder(ctx, id, body.to)
            : body.action === 'cancel'
              ? await cancelOrder(ctx, id, { reason: body.reason ?? 'other', note: body.note ?? null })
              : body.action === 'carrier'
                ? await setCarrier(ctx, id, body.carrier)
              : await (async () => {
                  const tn = body.trackingNumbers[id];
                  if (!tn) throw new AppError(400, 'tracking_number_missing', 'No tracking number for this order');
                  return shipOrder(ctx, id, { carrier: body.carrier, trackingNumber: tn });
                })();
        results.push({ id, ok: true, status: o.status });
        const what = body.action === 'transition' ? 'order.move' : body.action === 'cancel' ? 'order.cancel' : body.action === 'carrier' ? 'order.carrier' : 'order.ship';
        await auditOrder(c, what, o, { bulk: true, ...(body.action === 'transition' ? { to: o.status } : body.action === 'cancel' ? { reason: body.reason ?? 'other' } : { carrier: o.carrier, trackingNumber: body.action === 'ship' ? o.trackingNumber : undefined }) });
      } catch (e) {
        // One order's failure, expected or not, never loses the others' results.
        if (e instanceof AppError) results.push({ id, ok: false, error: { code: e.code, message: e.message } });
        else {
          console.error(JSON.stringify({ level: 'error', msg: 'bulk action failed for one order', orderId: id, requestId: c.get('requestId'), error: String(e) }));
          results.push({ id, ok: false, error: { code: 'internal_error', message: 'This order could not be processed; try it again' } });
        }
      }
    }
    return c.json({ results }, 200);
  },
);

export default app;
