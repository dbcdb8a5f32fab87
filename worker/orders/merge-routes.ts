import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse } from '../lib/openapi';
import { requireScope } from '../middleware/guards';
import { buyerViewFor } from './mask';
import { AppError } from '../lib/errors';
import { auditOf } from '../lib/audit';
import { actorLabel } from '../stock/service';
import { MergeBody, Order, OrderSummary, PartialShipBody } from './api-schema';
import { mergeOrders, mergeProposals, unmergeOrder } from './merge-service';
import { shipPartial } from './split-service';
import { findOrder, orderView, summaryOf, type OrderContext } from './service';
import { ORDER_STATUSES } from './state-machine';

/**
 * 同梱 (merging orders) and 分割出荷 (split shipments):
 * - GET /orders/merge-proposals: groups of open orders for one customer and address
 * - POST /orders/merge, POST /orders/{id}/unmerge
 * - POST /orders/{id}/ship-partial: one parcel of an order shipped in parts
 *
 * Registered in app.ts before the orders routes, so GET /orders/{id} never
 * takes /orders/merge-proposals for an order id.
 */

const IdParam = z.object({ id: z.string().min(1).max(64) });

const ctxOf = (c: Context<AppEnv>): OrderContext => {
  const p = c.get('principal')!;
  return { env: c.env, db: c.get('db'), accountId: p.accountId, actor: actorLabel(p) };
};

const read = requireScope('orders:read');
const write = requireScope('orders:write');
const app = newRouter();

const conflict = (description: string) => ({ description, content: commonErrors[400].content });

const Problem = z.object({ orderId: z.string(), number: z.string(), code: z.string(), message: z.string() });
const CodSum = z
  .object({
    amount: z.number().openapi({ description: 'What the carrier collects for the parcel: the sum of its cash-on-delivery orders’ totals' }),
    orders: z.number(),
    summed: z.boolean().openapi({ description: 'true when the amount adds up more than one order (the 代引 amount becomes the sum)' }),
  })
  .nullable();

const ProposalOrder = z.object({
  id: z.string(),
  number: z.string(),
  channelId: z.string(),
  externalId: z.string().openapi({ description: 'The store’s order number' }),
  status: z.enum(ORDER_STATUSES),
  orderedAt: z.string(),
  customerName: z.string(),
  shipTo: z.object({ name: z.string(), postalCode: z.string(), prefecture: z.string(), city: z.string(), address1: z.string(), address2: z.string().nullable() }),
  paymentMethod: z.string(),
  total: z.number(),
  carrier: z.string().nullable(),
  role: z.enum(['parent', 'child']).openapi({ description: 'parent: the suggested 親 (the parcel ships as it); child: would ship inside it' }),
});

const Proposal = z
  .object({
    parentId: z.string(),
    orders: z.array(ProposalOrder).openapi({ description: 'The suggested parent first, then the others, oldest first' }),
    existingChildIds: z.array(z.string()).openapi({ description: 'Orders already merged into the parent (not offered again)' }),
    canMerge: z.boolean(),
    problems: z.array(Problem).openapi({ description: 'Why the group cannot merge as suggested (one per order concerned)' }),
    warnings: z.array(Problem).openapi({ description: 'What to know before merging (a different delivery wish)' }),
    cod: CodSum,
  })
  .openapi('MergeProposal');

const OFFSET_CURSOR = /^o([0-9]{1,6})$/;
const offsetOf = (cursor: string | undefined) => {
  if (!cursor) return 0;
  let raw = '';
  try {
    raw = atob(cursor);
  } catch {
    raw = '';
  }
  const m = OFFSET_CURSOR.exec(raw);
  if (!m) throw new AppError(400, 'validation_error', 'The request is not valid', [{ field: 'cursor', code: 'invalid', message: 'Not a cursor this list gave' }]);
  return Number(m[1]);
};

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/merge-proposals',
    operationId: 'listMergeProposals',
    tags: ['Orders'],
    summary: '同梱候補: groups of open orders for the same customer and ship-to address, with whether each can ship as one parcel',
    description:
      'Open orders (new, awaiting payment or stock, ready to ship, on hold; not merged as a child, not shipped in part) with the same customer name, recipient, phone, postal code and address ' +
      '(compared without spaces and in either width). Each group says whether it can merge (one carrier or none; all cash on delivery or none; children with their stock reserved) and, ' +
      'for cash on delivery, the amount the carrier collects (the sum). Oldest groups first. Worked out from the newest 5,000 open orders (`truncated` when there are more).',
    middleware: [read],
    request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(40).optional() }) },
    responses: {
      200: jsonResponse(z.object({ items: z.array(Proposal), nextCursor: z.string().nullable(), total: z.number(), truncated: z.boolean() }), 'One page of groups'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const offset = offsetOf(q.cursor);
    const r = await mergeProposals(c.get('db'), c.get('principal')!.accountId, { offset, limit: q.limit });
    const items = r.items.map((p) => ({
      parentId: p.parentId,
      orders: p.orders.map((o) => ({
        id: o.id,
        number: o.number,
        channelId: o.channelId,
        externalId: o.externalId,
        status: o.status,
        orderedAt: o.orderedAt,
        customerName: o.customerName,
        shipTo: { name: o.shipName, postalCode: o.postalCode, prefecture: o.prefecture, city: o.city, address1: o.address1, address2: o.address2 },
        paymentMethod: o.paymentMethod,
        total: o.total,
        carrier: o.carrier,
        role: o.id === p.parentId ? ('parent' as const) : ('child' as const),
      })),
      existingChildIds: p.existingChildIds,
      canMerge: p.check.ok,
      problems: p.check.problems,
      warnings: p.check.warnings,
      cod: p.check.cod,
    }));
    // without personal_data the groups still show, their buyers masked (orders/mask.ts)
    const view = buyerViewFor(c.get('principal'));
    return c.json({ items: items.map((p) => ({ ...p, orders: p.orders.map(view) })), nextCursor: r.more ? btoa(`o${offset + q.limit}`) : null, total: r.total, truncated: r.truncated }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/merge',
    operationId: 'mergeOrders',
    tags: ['Orders'],
    summary: '同梱: the children ship inside the parent’s parcel; each keeps its store order number, lines, totals and reservation',
    description:
      'The children move to status `merged` (their status kept for unmerge). Shipping the parent then ships them all: one label, the stock of every order committed, ' +
      'and the tracking number sent to each order’s own store. Refused with 409 and the first problem’s code (different_address, carrier_differs, payment_mixed, not_reserved, ' +
      'not_open, already_merged, is_parent, partially_shipped, same_order, too_many), `details.problems` listing every one.',
    middleware: [write],
    request: { body: jsonBody(MergeBody) },
    responses: {
      200: jsonResponse(
        z.object({ parent: OrderSummary, children: z.array(OrderSummary), cod: CodSum, warnings: z.array(Problem) }),
        'Merged',
      ),
      409: conflict('The orders cannot ship as one parcel (details.problems), or one changed meanwhile (order_changed)'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const ctx = ctxOf(c);
    const { parent, children, check } = await mergeOrders(ctx, body.parentId, body.childIds);
    await auditOf(c, {
      action: 'order.merge',
      targetType: 'order',
      targetId: parent.id,
      after: { number: parent.number, children: children.map((o) => o.number), numbers: [parent.number, ...children.map((o) => o.number)], cod: check.cod?.amount ?? null },
    });
    const fresh = await Promise.all([parent, ...children].map((o) => findOrder(ctx.db, ctx.accountId, o.id)));
    const view = buyerViewFor(c.get('principal'));
    return c.json({ parent: view(summaryOf(fresh[0])), children: fresh.slice(1).map((o) => view(summaryOf(o))), cod: check.cod, warnings: check.warnings } as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/{id}/unmerge',
    operationId: 'unmergeOrder',
    tags: ['Orders'],
    summary: 'Take orders out of a parcel: a child returns to the status it had; for a parent, all of its children do',
    middleware: [write],
    request: { params: IdParam },
    responses: {
      200: jsonResponse(z.object({ parent: OrderSummary, children: z.array(OrderSummary).openapi({ description: 'The orders taken out, with their status now' }) }), 'Unmerged'),
      409: conflict('The order is in no merge group (not_merged), or the group shipped or changed meanwhile'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { parent, children } = await unmergeOrder(ctxOf(c), c.req.valid('param').id);
    await auditOf(c, { action: 'order.unmerge', targetType: 'order', targetId: parent.id, after: { number: parent.number, children: children.map((o) => o.number) } });
    const view = buyerViewFor(c.get('principal'));
    return c.json({ parent: view(summaryOf(parent)), children: children.map((o) => view(summaryOf(o))) } as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/{id}/ship-partial',
    operationId: 'shipOrderPartially',
    tags: ['Orders'],
    summary: '分割出荷: ship one parcel of a ready order, with its own tracking number; only its units leave stock',
    description:
      'The parcel’s units are committed in the stock ledger (onHand and reserved fall by them only). The order stays ready_to_ship (`partiallyShipped`) until every unit has shipped; ' +
      'the parcel that ships the last units ships the order. POST /orders/{id}/ship sends whatever is left as the last parcel. The stores hear of it once the whole order has shipped, ' +
      'with every parcel’s tracking number where the store takes several.',
    middleware: [write],
    request: { params: IdParam, body: jsonBody(PartialShipBody) },
    responses: {
      200: jsonResponse(z.object({ order: Order, shipmentId: z.string(), complete: z.boolean().openapi({ description: 'This parcel shipped the last units: the order is shipped' }) }), 'Shipped'),
      409: conflict('Not ready to ship, more units than a line has left (exceeds_remaining), merged orders in it (merge_group), changed meanwhile, or fewer units on hand'),
      503: conflict('The stock could not be updated just now; nothing shipped'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const id = c.req.valid('param').id;
    const body = c.req.valid('json');
    const r = await shipPartial(ctxOf(c), id, body);
    await auditOf(c, {
      action: 'order.ship_partial',
      targetType: 'order',
      targetId: r.order.id,
      after: { number: r.order.number, carrier: body.carrier, trackingNumber: body.trackingNumber, lines: body.lines.filter((l) => l.quantity > 0), complete: r.complete },
    });
    return c.json({ order: buyerViewFor(c.get('principal'))(await orderView(c.get('db'), r.order)), shipmentId: r.shipmentId, complete: r.complete } as never, 200);
  },
);

export default app;
