import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditOf } from '../lib/audit';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { commonErrors, jsonBody, jsonResponse } from '../lib/openapi';
import { newRouter } from '../lib/router';
import { requireScope } from '../middleware/guards';
import { buyerViewFor } from './mask';
import { actorLabel } from '../stock/service';
import { actorNames } from '../users/actor-names';
import { IsoDateTime } from './api-schema';
import { isCounted, lineProgress, packingPlan, replayScans, unitsOf, type PackingAnswer, type PackingLine } from './packing';
import { loadPickingLists } from './picking-routes';
import { orderEvents } from './schema';
import { findOrder } from './service';
import { OPEN_STATUSES, ORDER_STATUSES, type OrderStatus } from './state-machine';

/**
 * 検品 (packing check) of one order. GET answers everything the packing page
 * needs to check each scan itself (the lines, each SKU's JAN, a set's
 * components), so a scan never waits for the server; POST records a finished
 * check after replaying its scans through the same pure rules (./packing.ts).
 *
 * Registered in app.ts before the orders routes, beside the picking lists
 * whose loader it shares (the order, its lines and the SKU master's facts, in
 * a few queries scoped to the caller's account).
 */

/** A check of more units than this is not scanned one by one at a bench. */
export const MAX_PACKING_SCANS = 2000;

const IdParam = z.object({ id: z.string().min(1).max(64) });

const Component = z.object({
  sku: z.string(),
  name: z.string().nullable(),
  jan: z.string().nullable().openapi({ description: 'JAN code, when the SKU has one' }),
  quantity: z.number().int().openapi({ description: 'Units for the whole line (line quantity × units per set)' }),
});

const Line = z.object({
  sku: z.string(),
  name: z.string().nullable().openapi({ description: 'The SKU’s name; for a code the SKU master does not know, the name the order line carries' }),
  quantity: z.number().int(),
  jan: z.string().nullable().openapi({ description: 'JAN code, when the SKU has one (a set may have one of its own: scanning it counts one whole set)' }),
  components: z.array(Component).openapi({ description: 'For a set (セット商品): the components to check for this line; empty otherwise' }),
});

const PackingView = z
  .object({
    order: z.object({
      id: z.string(),
      number: z.string().openapi({ description: 'Kura’s order number (K…)' }),
      externalId: z.string().openapi({ description: 'The store’s order number' }),
      status: z.enum(ORDER_STATUSES),
      shipTo: z.object({ name: z.string() }),
    }),
    packable: z.boolean().openapi({ description: 'false for a shipped or cancelled order: it cannot be checked' }),
    lines: z.array(Line).openapi({ description: 'In the order’s own line order' }),
    lastPacked: z
      .object({ at: z.string(), actor: z.string().nullable(), actorName: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The last check recorded for this order, if any' }),
  })
  .openapi('PackingCheck');

const PackingRecord = z
  .strictObject({
    scans: z
      .array(
        z.strictObject({
          code: z.string().min(1).max(100).openapi({ description: 'What was scanned or typed: a SKU code or a JAN (full-width digits are fine)' }),
          at: IsoDateTime.openapi({ description: 'When it was scanned' }),
        }),
      )
      .min(1)
      .max(MAX_PACKING_SCANS)
      .openapi({ description: `The scans that counted, in order (at most ${MAX_PACKING_SCANS}); a scan the bench refused is not sent` }),
    result: z.literal('passed'),
  })
  .openapi('PackingRecord');

const Recorded = z.object({
  packed: z.object({
    id: z.string().openapi({ description: 'The order event’s id' }),
    at: z.string(),
    units: z.number().int(),
    scans: z.number().int(),
  }),
});

const isOpen = (status: OrderStatus) => OPEN_STATUSES.includes(status);

/** The order's packing view and its plan input, or 404 when the account has no such order. */
const loadPacking = async (db: Db, accountId: string, id: string) => {
  const list = await loadPickingLists(db, accountId, [id]);
  const o = list.orders[0];
  if (!o) throw new AppError(404, 'not_found', 'Order not found');
  const lines: PackingLine[] = o.lines.map((l) => ({
    sku: l.sku,
    name: l.name,
    quantity: l.quantity,
    jan: l.jan,
    components: l.components.map((c) => ({ sku: c.sku, name: c.name, jan: c.jan, quantity: c.quantity })),
  }));
  return { order: { id: o.id, number: o.number, externalId: o.externalId, status: o.status, shipTo: { name: o.shipTo.name } }, lines };
};

const read = requireScope('orders:read');
const write = requireScope('orders:write');
const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/{id}/packing',
    operationId: 'getPackingCheck',
    tags: ['Orders'],
    summary: 'What the packing check (検品) of an order needs: its lines with each SKU’s JAN and a set’s components, in one call',
    description:
      'The packing page checks every scan locally against this (a SKU code exactly, or a JAN of 8 or 13 digits; a set line is checked by its components, or whole by the set’s own code), then records the finished check with POST. ' +
      'A shipped or cancelled order answers with packable: false.',
    middleware: [read],
    request: { params: IdParam },
    responses: { 200: jsonResponse(PackingView, 'The order’s lines to check'), ...commonErrors },
  }),
  async (c) => {
    const db = c.get('db');
    const accountId = c.get('principal')!.accountId;
    const { order, lines } = await loadPacking(db, accountId, c.req.valid('param').id);
    const last = (
      await db
        .select({ at: orderEvents.at, actor: orderEvents.actor })
        .from(orderEvents)
        .where(and(eq(orderEvents.accountId, accountId), eq(orderEvents.orderId, order.id), eq(orderEvents.kind, 'packed')))
        .orderBy(desc(orderEvents.at), desc(orderEvents.id))
        .limit(1)
    )[0];
    const names = last ? await actorNames(db, accountId, [last.actor]) : new Map<string, string>();
    const answer: PackingAnswer = {
      // the recipient's name, masked for a caller without personal_data (orders/mask.ts)
      order: buyerViewFor(c.get('principal'))(order),
      packable: isOpen(order.status),
      lines,
      lastPacked: last ? { at: last.at, actor: last.actor, actorName: (last.actor && names.get(last.actor)) ?? null } : null,
    };
    return c.json(answer as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/orders/{id}/packing',
    operationId: 'recordPackingCheck',
    tags: ['Orders'],
    summary: 'Record a passed packing check (検品) of an open order, after replaying its scans against the order as it is now',
    description:
      'The scans are replayed from nothing with the same rules as the page. Any scan that would not count (unknown code, not on the order, one too many) refuses the record with 409 packing_mismatch; ' +
      'scans that leave something unchecked refuse it with 409 packing_incomplete (also when the order’s lines changed since the check began). ' +
      'A passed check adds a `packed` event to the order’s history and an `order.pack` entry to the operation log. A shipped or cancelled order answers 409 order_closed.',
    middleware: [write],
    request: { params: IdParam, body: jsonBody(PackingRecord) },
    responses: {
      201: jsonResponse(Recorded, 'Recorded'),
      409: { description: 'order_closed, packing_mismatch (details: the scans that would not count) or packing_incomplete (details: what is still missing)', content: commonErrors[400].content },
      ...commonErrors,
    },
  }),
  async (c) => {
    const db = c.get('db');
    const p = c.get('principal')!;
    const id = c.req.valid('param').id;
    const { scans } = c.req.valid('json');
    const current = await findOrder(db, p.accountId, id);
    if (!isOpen(current.status)) throw new AppError(409, 'order_closed', `A ${current.status} order cannot be checked`, { status: current.status });
    const { order, lines } = await loadPacking(db, p.accountId, current.id);

    const plan = packingPlan(lines);
    const replay = replayScans(plan, scans.map((s) => s.code));
    const refused = replay.results.flatMap((r, index) => (isCounted(r) ? [] : [{ index, code: r.code, result: r.kind }]));
    if (refused.length) throw new AppError(409, 'packing_mismatch', 'Some scans do not match the order', refused.slice(0, 50));
    if (!replay.complete) {
      const missing = lineProgress(plan, replay.counts).flatMap((l, i) =>
        l.components.length
          ? l.components.filter((x) => x.state !== 'done').map((x) => ({ line: i, sku: x.sku, expected: x.expected, scanned: x.scanned }))
          : l.state === 'done'
            ? []
            : [{ line: i, sku: lines[i].sku, expected: l.expected, scanned: l.scanned }],
      );
      throw new AppError(409, 'packing_incomplete', 'The scans do not cover every unit of the order', missing.slice(0, 200));
    }

    const times = scans.map((s) => new Date(s.at).toISOString()).sort();
    const at = new Date().toISOString();
    const eventId = newId();
    const units = unitsOf(plan);
    const detail = { units, scans: scans.length, startedAt: times[0], finishedAt: times[times.length - 1] };
    await db.batch([
      db.insert(orderEvents).values({ id: eventId, accountId: p.accountId, orderId: order.id, at, actor: actorLabel(p), kind: 'packed', detail }),
      auditOf(c, { action: 'order.pack', targetType: 'order', targetId: order.id, after: { number: order.number, units, scans: scans.length } }),
    ]);
    return c.json({ packed: { id: eventId, at, units, scans: scans.length } }, 201);
  },
);

export default app;
