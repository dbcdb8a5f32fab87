import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newRouter } from '../lib/router';
import { chunks } from '../lib/chunks';
import { commonErrors, jsonResponse } from '../lib/openapi';
import { requireScope } from '../middleware/guards';
import { buyerViewFor } from './mask';
import { skus } from '../stock/schema';
import { orderLines, orders } from './schema';
import { ORDER_STATUSES } from './state-machine';
import { missingComponentCodes, pickingLists, type PickingListAnswer, type PickingOrderInput, type SkuFacts } from './picking';
import { parcelChildren } from './merge-service';

/**
 * ピッキングリスト (picking lists) for the orders checked in the order list:
 * 個別 (one block per order) and トータル (one row per SKU, sets exploded into
 * their components). The layout is ./picking.ts; this reads the orders and the
 * SKU master in a few batched queries, scoped to the caller's account.
 *
 * Registered in app.ts before the orders routes, so GET /orders/{id} never
 * takes /orders/picking for an order id.
 */

export const MAX_PICKING_IDS = 100;

/** The ids of `?ids=a,b,c`, trimmed, without blanks and repeats, in the order given. */
export const pickingIdsOf = (raw: string) => [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];

const IdsQuery = z.object({
  ids: z
    .string()
    .max(MAX_PICKING_IDS * 70)
    .refine(
      (raw) => {
        const ids = pickingIdsOf(raw);
        return ids.length >= 1 && ids.length <= MAX_PICKING_IDS && ids.every((id) => id.length <= 64);
      },
      { message: `1 to ${MAX_PICKING_IDS} order ids, comma-separated` },
    )
    .openapi({ description: `Order ids, comma-separated (1 to ${MAX_PICKING_IDS}; repeats count once)`, example: '01J...,01J...' }),
});

const PickItem = {
  sku: z.string(),
  jan: z.string().nullable().openapi({ description: 'JAN code, when the SKU has one' }),
  name: z.string().nullable().openapi({ description: 'The SKU’s name; for a code the SKU master does not know, the name the order line carries' }),
  shelfNumber: z.string().nullable().openapi({ description: '棚番; null when the SKU has none' }),
  known: z.boolean().openapi({ description: 'false: no SKU with this code exists (any more); the row keeps the code' }),
};

const PickingComponent = z.object({ ...PickItem, quantity: z.number().int().openapi({ description: 'Units for the whole line (line quantity × units per set)' }) });

const PickingLine = z.object({
  ...PickItem,
  quantity: z.number().int(),
  components: z.array(PickingComponent).openapi({ description: 'For a set (セット商品): the components to pick for this line; empty otherwise' }),
});

const PickingOrder = z
  .object({
    id: z.string(),
    number: z.string().openapi({ description: 'Kura’s order number (K…)' }),
    externalId: z.string().openapi({ description: 'The store’s order number; for a parcel with orders merged into it (同梱), every store order number, joined by " / "' }),
    status: z.enum(ORDER_STATUSES),
    shipTo: z.object({ name: z.string() }),
    lines: z.array(PickingLine).openapi({ description: 'In the order’s own line order' }),
  })
  .openapi('PickingOrder');

const PickingTotal = z
  .object({
    ...PickItem,
    quantity: z.number().int().openapi({ description: 'Units across all the orders' }),
    orderCount: z.number().int().openapi({ description: 'How many of the orders need this SKU' }),
  })
  .openapi('PickingTotal');

const PickingList = z
  .object({
    orders: z.array(PickingOrder).openapi({ description: '個別ピッキング: one block per order, by order number' }),
    totals: z.array(PickingTotal).openapi({ description: 'トータルピッキング: one row per SKU to pick, sets exploded into their components; by shelf number, SKUs without one last, then SKU' }),
    missing: z.number().int().openapi({ description: 'Ids that name no order of this account (unknown, or another account’s)' }),
  })
  .openapi('PickingList');

/** The SKU master's facts for these codes (one query per 90 codes), deleted SKUs left out. */
const factsOf = async (db: Db, accountId: string, codes: string[], into: Map<string, SkuFacts>) => {
  const rows = (
    await Promise.all(
      chunks(codes).map((part) =>
        db
          .select({ code: skus.code, name: skus.name, janCode: skus.janCode, shelfNumber: skus.shelfNumber, components: skus.components })
          .from(skus)
          .where(and(eq(skus.accountId, accountId), eq(skus.deleted, false), inArray(skus.code, part))),
      ),
    )
  ).flat();
  for (const r of rows) into.set(r.code, { name: r.name, jan: r.janCode, shelfNumber: r.shelfNumber, components: r.components ?? [] });
};

/** Both picking layouts for these ids of this account; the ids that name none of its orders are counted. */
export const loadPickingLists = async (db: Db, accountId: string, ids: string[]): Promise<PickingListAnswer> => {
  const [orderRows, lineRows] = await Promise.all([
    Promise.all(
      chunks(ids).map((part) =>
        db
          .select({ id: orders.id, number: orders.number, externalId: orders.externalId, status: orders.status, shipName: orders.shipName, mergeParentId: orders.mergeParentId })
          .from(orders)
          .where(and(eq(orders.accountId, accountId), inArray(orders.id, part))),
      ),
    ).then((r) => r.flat()),
    Promise.all(
      chunks(ids).map((part) =>
        db
          .select({ orderId: orderLines.orderId, sku: orderLines.sku, name: orderLines.name, quantity: orderLines.quantity })
          .from(orderLines)
          .where(and(eq(orderLines.accountId, accountId), inArray(orderLines.orderId, part)))
          .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo)),
      ),
    ).then((r) => r.flat()),
  ]);

  // 同梱: a parent's block holds its children's lines too (one parcel, both store order numbers);
  // a child checked together with its parent is not listed again.
  const children = await parcelChildren(db, accountId, orderRows.map((o) => o.id));
  const childIds = [...children.values()].flat().map((c) => c.id);
  const childLines = (
    await Promise.all(
      chunks(childIds.filter((id) => !ids.includes(id))).map((part) =>
        db
          .select({ orderId: orderLines.orderId, sku: orderLines.sku, name: orderLines.name, quantity: orderLines.quantity })
          .from(orderLines)
          .where(and(eq(orderLines.accountId, accountId), inArray(orderLines.orderId, part)))
          .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo)),
      ),
    )
  ).flat();
  const linesOf = new Map<string, PickingOrderInput['lines']>();
  for (const l of [...lineRows, ...childLines]) linesOf.set(l.orderId, [...(linesOf.get(l.orderId) ?? []), { sku: l.sku, name: l.name, quantity: l.quantity }]);
  const input: PickingOrderInput[] = orderRows
    .filter((o) => !(o.mergeParentId && o.status === 'merged' && ids.includes(o.mergeParentId)))
    .map((o) => {
      const kids = children.get(o.id) ?? [];
      return {
        id: o.id,
        number: o.number,
        externalId: [o.externalId, ...kids.map((c) => c.externalId)].join(' / '),
        status: o.status,
        shipTo: { name: o.shipName },
        lines: [...(linesOf.get(o.id) ?? []), ...kids.flatMap((c) => linesOf.get(c.id) ?? [])],
      };
    });

  // the SKUs on the lines, then the components of the sets among them (a set never holds a set)
  const facts = new Map<string, SkuFacts>();
  await factsOf(db, accountId, [...new Set(input.flatMap((o) => o.lines.map((l) => l.sku)))], facts);
  const components = missingComponentCodes(facts);
  if (components.length) await factsOf(db, accountId, components, facts);

  return { ...pickingLists(input, facts), missing: ids.length - orderRows.length };
};

const read = requireScope('orders:read');
const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/picking',
    operationId: 'getPickingLists',
    tags: ['Orders'],
    summary: 'Picking lists (ピッキングリスト) for up to 100 orders: per order (個別) and per SKU (トータル, sets exploded into their components)',
    description:
      'For the printable page /orders/picking. Ids that name no order of this account (unknown, or another account’s) are counted in `missing`, never an error. ' +
      'Totals are sorted by shelf number (棚番), SKUs without one last, then by SKU; a SKU the master does not know keeps its code (`known: false`).',
    middleware: [read],
    request: { query: IdsQuery },
    responses: { 200: jsonResponse(PickingList, 'Both layouts'), ...commonErrors },
  }),
  async (c) => {
    const lists = await loadPickingLists(c.get('db'), c.get('principal')!.accountId, pickingIdsOf(c.req.valid('query').ids));
    // the recipient's name, masked for a caller without personal_data (orders/mask.ts)
    return c.json({ ...lists, orders: lists.orders.map(buyerViewFor(c.get('principal'))) }, 200);
  },
);

export default app;
