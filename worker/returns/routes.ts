import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { auditOf } from '../lib/audit';
import { AppError } from '../lib/errors';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse } from '../lib/openapi';
import { requireScope } from '../middleware/guards';
import { seesPersonalData } from '../users/permissions';
import { buyerViewFor } from '../orders/mask';
import { actorLabel } from '../stock/service';
import { Order } from '../orders/api-schema';
import { CreateReturnBody, ExchangeBody, ReturnableLine, ReturnListQuery, ReturnPatch, ReturnView } from './api-schema';
import { createReturn, exchangeReturn, listReturns, returnsOfOrder, returnView, updateReturn, type ReturnContext } from './service';

/**
 * 返品・交換 (returns and exchanges) of shipped orders. Registered in app.ts
 * before the orders routes, beside them under /orders/{id}/returns.
 */

const IdParam = z.object({ id: z.string().min(1).max(64) });

const ctxOf = (c: Context<AppEnv>): ReturnContext => {
  const p = c.get('principal')!;
  return { env: c.env, db: c.get('db'), accountId: p.accountId, actor: actorLabel(p) };
};

const conflict = (description: string) => ({ description, content: commonErrors[400].content });

const read = requireScope('orders:read');
const write = requireScope('orders:write');
const app = newRouter();

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/{id}/returns',
    operationId: 'createReturn',
    tags: ['Returns'],
    summary: 'Record a return (返品) against a shipped order; its sellable (良品) units go back into stock',
    description:
      'Per SKU at most what the order shipped less what earlier returns took back (409 over_return). Sellable units go back into stock through the stock ledger ' +
      '(reason "返品 K…", reference the return number, actor the caller); units not sellable (不良) are recorded only. The order’s history gets a `returned` entry. ' +
      'A repeat with the same requestKey (or Idempotency-Key header) answers 200 with the return it made, and finishes its restock if that had failed; without a key, a repeat is a new return.',
    middleware: [write],
    request: { params: IdParam, body: jsonBody(CreateReturnBody) },
    responses: {
      201: jsonResponse(z.object({ return: ReturnView, replayed: z.literal(false) }), 'Recorded'),
      200: jsonResponse(z.object({ return: ReturnView, replayed: z.literal(true) }), 'Recorded before with this requestKey'),
      409: conflict('order_not_shipped, over_return (more than is still returnable), not_restockable, or order_changed'),
      422: conflict('request_key_reused: the key was used for a different return'),
      503: conflict('restock_pending / stock_unavailable: the stock ledger could not be reached; repeat with the same requestKey'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    // API.md's Idempotency-Key header serves as the requestKey when the body names none
    const header = c.req.header('idempotency-key')?.trim();
    if (header && !body.requestKey && !/^[A-Za-z0-9_-]{8,64}$/.test(header)) {
      throw new AppError(400, 'validation_error', 'The request is not valid', [{ field: 'Idempotency-Key', code: 'invalid_format', message: '8–64 letters, digits, _ or -' }]);
    }
    const { view, order, created, restockError } = await createReturn(ctxOf(c), c.req.valid('param').id, { ...body, requestKey: body.requestKey ?? header });
    if (created) {
      await auditOf(c, {
        action: 'order.return',
        targetType: 'order',
        targetId: order.id,
        after: { number: order.number, returnNumber: view.number, returnId: view.id, reason: view.reason, units: view.units, sellableUnits: view.sellableUnits, refund: view.refund },
      });
    }
    // recorded (and logged), but not yet back in stock: a repeat with the same requestKey finishes it
    if (restockError) throw restockError;
    return c.json({ return: view, replayed: !created } as never, created ? 201 : 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/{id}/returns',
    operationId: 'listOrderReturns',
    tags: ['Returns'],
    summary: 'The returns of one order (oldest first) and, per SKU, what may still be returned',
    middleware: [read],
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ items: z.array(ReturnView), returnable: z.array(ReturnableLine) }), 'Its returns'), ...commonErrors },
  }),
  async (c) => c.json((await returnsOfOrder(c.get('db'), c.get('principal')!.accountId, c.req.valid('param').id)) as never, 200),
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/returns',
    operationId: 'listReturns',
    tags: ['Returns'],
    summary: '返品一覧: returns, newest first, filtered and paged on the server, with the count of every match',
    middleware: [read],
    request: { query: ReturnListQuery },
    responses: {
      200: jsonResponse(z.object({ items: z.array(ReturnView), nextCursor: z.string().nullable(), total: z.number().openapi({ description: 'How many returns match the filters (all pages)' }) }), 'A page of returns'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const page = await listReturns(c.get('db'), c.get('principal')!.accountId, {
      refundStatus: q.refundStatus,
      reason: q.reason,
      orderId: q.orderId,
      q: q.q,
      // without personal_data, q finds returns by their numbers only, never by a buyer's name
      ...(seesPersonalData(c.get('principal')) ? {} : { searchBuyers: false }),
      from: q.from ? new Date(q.from).toISOString() : undefined,
      to: q.to ? new Date(q.to).toISOString() : undefined,
      cursor: q.cursor,
      limit: q.limit,
    });
    return c.json(page as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/returns/{id}',
    operationId: 'getReturn',
    tags: ['Returns'],
    summary: 'Read one return',
    middleware: [read],
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ return: ReturnView }), 'The return'), ...commonErrors },
  }),
  async (c) => c.json({ return: await returnView(c.get('db'), c.get('principal')!.accountId, c.req.valid('param').id) } as never, 200),
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/returns/{id}',
    operationId: 'updateReturn',
    tags: ['Returns'],
    summary: 'Change a return’s refund (status, amount) or note',
    description: '返金不要 (not_required) without an amount sets it to 0. All of an order’s refunds together stay within its total (400 invalid_refund).',
    middleware: [write],
    request: { params: IdParam, body: jsonBody(ReturnPatch) },
    responses: { 200: jsonResponse(z.object({ return: ReturnView }), 'Saved'), 409: conflict('return_changed: changed meanwhile'), ...commonErrors },
  }),
  async (c) => {
    const { before, view, orderNumber, changed } = await updateReturn(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    if (changed) {
      await auditOf(c, {
        action: 'return.update',
        targetType: 'return',
        targetId: view.id,
        before: { refund: { status: before.refundStatus, amount: before.refundAmount }, note: before.note },
        after: { number: view.number, orderNumber, refund: view.refund, note: view.note },
      });
    }
    return c.json({ return: view } as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/returns/{id}/exchange',
    operationId: 'exchangeReturn',
    tags: ['Returns'],
    summary: 'Exchange (交換): make the replacement order for a return, linked both ways',
    description:
      'A manual order (channelId "manual", store order number "<return number>-EX") to the original order’s customer and address, through the same import as manual entry: ' +
      'it reserves its stock and runs the order rules. Its note names the original order; the return names the new order. One exchange per return (409 exchange_exists).',
    middleware: [write],
    request: { params: IdParam, body: jsonBody(ExchangeBody) },
    responses: {
      201: jsonResponse(z.object({ return: ReturnView, order: Order }), 'The replacement order, and the return naming it'),
      409: conflict('exchange_exists: the return already has its exchange order'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { view, order, created, originalNumber } = await exchangeReturn(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    if (created) await auditOf(c, { action: 'order.create', targetType: 'order', targetId: order.id, after: { number: order.number, channelId: order.channelId, externalId: order.externalId } });
    await auditOf(c, { action: 'return.exchange', targetType: 'return', targetId: view.id, after: { number: view.number, orderNumber: originalNumber, exchangeOrderNumber: order.number, exchangeOrderId: order.id } });
    return c.json({ return: view, order: buyerViewFor(c.get('principal'))(order) } as never, 201);
  },
);

export default app;
