/**
 * Shopify: the GraphQL Admin API, version SHOPIFY_API_VERSION (2026-10).
 *
 * Sources (read 2026-11):
 *   https://shopify.dev/docs/api/admin-graphql                          endpoint, X-Shopify-Access-Token
 *   https://shopify.dev/docs/api/usage/versioning                       quarterly versions, 12 months' support
 *   https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits  cost bucket, THROTTLED, extensions.cost
 *   https://shopify.dev/docs/api/usage/limits                           input arrays ≤ 250, 1,000 points per query
 *   https://shopify.dev/docs/api/admin-graphql/latest/queries/orders    cursor paging, `query` search syntax
 *   https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventorySetQuantities
 *   https://shopify.dev/changelog/compare-and-swap-redesign-for-inventory-set-quantities (changeFromQuantity, 2026-04)
 *   https://shopify.dev/changelog/making-idempotency-mandatory-for-inventory-adjustments-and-refund-mutations (@idempotent, 2026-04)
 *   https://shopify.dev/docs/api/usage/idempotent-requests
 *   https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/FulfillmentTrackingInfo (supported company names)
 *   https://shopify.dev/docs/api/admin-graphql/latest/mutations/webhookSubscriptionCreate
 *   https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/orderCancel   seller cancel (キャンセル連携)
 *   https://shopify.dev/docs/api/admin-graphql/2026-10/objects/OrderCancelJobResult (jobResult: new in 2026-10)
 *   https://shopify.dev/docs/api/admin-graphql/2026-10/enums/OrderCancelUserErrorCode
 *   The same shapes, machine-readable: the official Admin schema in the npm package
 *   @shopify/dev-mcp (dist/data/admin_2026-10.json.gz), which test/channels/shopify-schema.test.ts
 *   validates every document of queries.ts against.
 *
 * Credentials: shopDomain (xxx.myshopify.com), accessToken (the custom app's
 * Admin API token, shpat_…), locationId (the Location GID whose "available"
 * quantity Kura owns), webhookSecret (the app's client secret, for
 * X-Shopify-Hmac-Sha256). Scopes the token needs: read_orders, read_inventory,
 * write_inventory, read_locations, read_merchant_managed_fulfillment_orders,
 * write_merchant_managed_fulfillment_orders, write_orders (orderCancel; the
 * staff account behind the app also needs the refund permission for paid
 * orders), and read_all_orders for pulls older than 60 days.
 *
 * Listing ids: remoteId = the variant's InventoryItem GID
 * (gid://shopify/InventoryItem/…), which is what inventory mutations take;
 * remoteVariantId = the ProductVariant GID (gid://shopify/ProductVariant/…),
 * which order lines name. Both come back on pulled order lines.
 */
import { MallError, type CancelPush, type ChannelAdapter, type Connection, type PulledOrder, type PushResult, type RemoteQuantity, type ShipmentPush, type StockPush } from '../adapter';
import type { CancelReason } from '../../orders/cancel-reasons';
import { trackingUrl } from '../../orders/mail-templates';
import { SHOPIFY_DEFAULT_ENDPOINT, shopifyGraphql, type GraphqlResult } from './client';
import { orderFromGraphql, orderGidOf, type GraphqlLineItem, type GraphqlOrder } from './order-map';
import {
  FULFILLMENT_CREATE_MUTATION,
  FULFILLMENT_ORDERS_QUERY,
  LINES_PER_ORDER,
  MORE_LINES_PAGE_SIZE,
  NODES_PER_QUERY,
  ORDER_BY_NAME_QUERY,
  ORDER_CANCEL_MUTATION,
  ORDER_FOR_CANCEL_QUERY,
  ORDER_LINES_QUERY,
  ORDERS_PAGE_SIZE,
  ORDERS_QUERY,
  READ_STOCK_QUERY,
  SET_QUANTITIES_MUTATION,
  TEST_CONNECTION_QUERY,
  WEBHOOK_SUBSCRIBE_MUTATION,
} from './queries';
import { inventoryItemGid, setQuantitiesInput, splitUserErrors, type InventoryUserError } from './stock';

/** inventorySetQuantities takes at most 250 quantities: Shopify caps every input array at 250. */
const MAX_QUANTITIES_PER_CALL = 250;

type Page<T> = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: T[] };

const locationOf = (conn: Connection): string => {
  const id = conn.credentials.locationId?.trim();
  if (!id) throw new MallError('locationId is missing', 400, false, undefined, true);
  // A bare number (as the admin URL shows it) is accepted and made a GID.
  return /^\d+$/.test(id) ? `gid://shopify/Location/${id}` : id;
};

/** Shopify's search syntax wants the times quoted; whole seconds (the window edges widen, never narrow). */
const windowQuery = (since: Date, until: Date): string => {
  const floor = new Date(Math.floor(since.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const ceil = new Date(Math.ceil(until.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return `updated_at:>='${floor}' AND updated_at:<'${ceil}'`;
};

/** Kura's carrier codes → the names Shopify recognises (and builds tracking links for). */
const TRACKING_COMPANY: Record<string, string> = {
  yamato: 'Yamato (JA)',
  sagawa: 'Sagawa (JA)',
  japanpost: 'Japan Post (JA)',
};

/** Fulfillment orders that fulfillmentCreate accepts as they are. */
const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS']);

const pullOrders = async (conn: Connection, window: { since: Date; until: Date }): Promise<PulledOrder[]> => {
  const search = windowQuery(window.since, window.until);
  // Keyed by GID: an order that changes while we page can show up twice; the later sighting wins.
  const byId = new Map<string, GraphqlOrder>();
  let after: string | null = null;
  do {
    const { data }: GraphqlResult<{ orders: Page<GraphqlOrder> }> = await shopifyGraphql(conn, ORDERS_QUERY, {
      first: ORDERS_PAGE_SIZE,
      after,
      query: search,
      lines: LINES_PER_ORDER,
    });
    for (const o of data.orders.nodes) byId.set(o.id, o);
    const next: string | null = data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null;
    if (next && next === after) throw new MallError('Shopify repeated a page cursor', 502, true);
    after = next;
  } while (after);

  for (const o of byId.values()) {
    let page = o.lineItems.pageInfo;
    while (page?.hasNextPage && page.endCursor) {
      const { data }: { data: { order: { lineItems: Page<GraphqlLineItem> } | null } } = await shopifyGraphql(conn, ORDER_LINES_QUERY, {
        id: o.id,
        after: page.endCursor,
        first: MORE_LINES_PAGE_SIZE,
      });
      if (!data.order) break;
      o.lineItems.nodes.push(...data.order.lineItems.nodes);
      page = data.order.lineItems.pageInfo;
    }
    o.lineItems.pageInfo = { hasNextPage: false, endCursor: null };
  }
  return [...byId.values()].map(orderFromGraphql);
};

const pushStock = async (conn: Connection, items: StockPush[]): Promise<PushResult> => {
  if (items.length > MAX_QUANTITIES_PER_CALL) throw new Error(`Shopify takes at most ${MAX_QUANTITIES_PER_CALL} quantities per call (got ${items.length})`);
  const locationId = locationOf(conn);
  const rejected: PushResult['rejected'] = [];
  let pending: { sku: string; inventoryItemId: string; quantity: number }[] = [];
  for (const i of items) {
    const gid = inventoryItemGid(i.remoteId);
    if (gid) pending.push({ sku: i.sku, inventoryItemId: gid, quantity: i.quantity });
    else rejected.push({ sku: i.sku, reason: `remoteId must be an InventoryItem GID (gid://shopify/InventoryItem/…), got "${i.remoteId}"` });
  }
  // Shopify refuses the whole call when one quantity is bad, so refused items are
  // dropped and the rest sent again; each round removes at least one item.
  while (pending.length > 0) {
    // A fresh key per call: a key reused later for the same numbers would be answered
    // from Shopify's idempotency cache and not applied. Repeating an absolute set is harmless.
    const idempotencyKey = crypto.randomUUID();
    const { data }: { data: { inventorySetQuantities: { userErrors: InventoryUserError[] } | null } } = await shopifyGraphql(conn, SET_QUANTITIES_MUTATION, {
      idempotencyKey,
      input: setQuantitiesInput(pending, locationId, `gid://kura/StockPush/${idempotencyKey}`),
    });
    const errors = data.inventorySetQuantities?.userErrors ?? [];
    if (errors.length === 0) break;
    const { perItem, callWide } = splitUserErrors(errors);
    if (callWide.length > 0) {
      const text = callWide.map((e) => `${e.code ?? 'ERROR'}: ${e.message}`).join('; ');
      const concurrent = callWide.some((e) => e.code === 'IDEMPOTENCY_CONCURRENT_REQUEST');
      const badLocation = callWide.some((e) => e.code === 'INVALID_LOCATION');
      throw new MallError(`Shopify refused the stock update: ${text}`, concurrent ? 409 : 400, concurrent, concurrent ? 1 : undefined, badLocation);
    }
    for (const [index, reason] of perItem) rejected.push({ sku: pending[index].sku, reason });
    pending = pending.filter((_, index) => !perItem.has(index));
  }
  return { accepted: pending.map((p) => p.sku), rejected };
};

const readStock = async (conn: Connection, items: Omit<StockPush, 'quantity'>[]): Promise<RemoteQuantity[]> => {
  const locationId = locationOf(conn);
  const found = new Map<string, number | null>();
  const gids = [...new Set(items.map((i) => inventoryItemGid(i.remoteId)).filter((g): g is string => !!g))];
  for (let i = 0; i < gids.length; i += NODES_PER_QUERY) {
    type Node = { id?: string; inventoryLevel?: { quantities: { name: string; quantity: number }[] } | null } | null;
    const { data }: { data: { nodes: Node[] } } = await shopifyGraphql(conn, READ_STOCK_QUERY, { ids: gids.slice(i, i + NODES_PER_QUERY), locationId });
    for (const n of data.nodes) {
      if (!n?.id) continue;
      // Not stocked at Kura's location: Shopify has no quantity there to compare.
      found.set(n.id, n.inventoryLevel?.quantities.find((q) => q.name === 'available')?.quantity ?? null);
    }
  }
  return items.map((i) => {
    const gid = inventoryItemGid(i.remoteId);
    return { sku: i.sku, quantity: gid ? (found.get(gid) ?? null) : null };
  });
};

const orderGid = async (conn: Connection, order: { externalId: string; raw: unknown }): Promise<string> => {
  const fromRaw = orderGidOf(order.raw);
  if (fromRaw) return fromRaw;
  const name = order.externalId.startsWith('#') ? order.externalId : `#${order.externalId}`;
  const { data }: { data: { orders: { nodes: { id: string; name: string }[] } } } = await shopifyGraphql(conn, ORDER_BY_NAME_QUERY, {
    query: `name:'${name.replace(/'/g, '')}'`,
  });
  const hit = data.orders.nodes.find((o) => o.name === name);
  if (!hit) throw new MallError(`Shopify has no order ${name}`, 404, false);
  return hit.id;
};

const pushShipment = async (conn: Connection, shipment: ShipmentPush): Promise<void> => {
  const id = await orderGid(conn, shipment);
  type Order = { id: string; name: string; cancelledAt: string | null; displayFulfillmentStatus: string; fulfillmentOrders: { nodes: { id: string; status: string }[] } };
  const { data }: { data: { order: Order | null } } = await shopifyGraphql(conn, FULFILLMENT_ORDERS_QUERY, { id });
  const order = data.order;
  if (!order) throw new MallError(`Shopify has no order ${shipment.externalId}`, 404, false);
  if (order.cancelledAt) throw new MallError(`order ${order.name} is cancelled on Shopify`, 409, false);
  const open = order.fulfillmentOrders.nodes.filter((fo) => FULFILLABLE.has(fo.status));
  if (open.length === 0) {
    // Already fulfilled (a retry after a lost answer, or fulfilled in Shopify's admin): nothing left to do.
    if (order.displayFulfillmentStatus === 'FULFILLED') return;
    const states = order.fulfillmentOrders.nodes.map((fo) => fo.status).join(', ') || 'none';
    throw new MallError(`order ${order.name} has no fulfillment order that can be fulfilled (${states})`, 409, false);
  }
  const carrier = shipment.carrier.trim();
  const url = trackingUrl(carrier, shipment.trackingNumber);
  const { data: created }: { data: { fulfillmentCreate: { userErrors: { field: string[] | null; message: string }[] } | null } } = await shopifyGraphql(
    conn,
    FULFILLMENT_CREATE_MUTATION,
    {
      fulfillment: {
        lineItemsByFulfillmentOrder: open.map((fo) => ({ fulfillmentOrderId: fo.id })),
        // Shopify's shipping confirmation carries the tracking link the buyer expects from this shop.
        notifyCustomer: true,
        // 分割出荷: FulfillmentTrackingInput takes several numbers (`numbers`, never with `number`),
        // so an order shipped in parcels sends all of them, under the last parcel's carrier.
        trackingInfo: shipment.parcels && shipment.parcels.length > 1
          ? {
              company: TRACKING_COMPANY[carrier] ?? carrier,
              numbers: shipment.parcels.map((p) => p.trackingNumber),
              // urls go with numbers one for one, or not at all
              ...((urls) => (urls.every((u): u is string => !!u) ? { urls } : {}))(shipment.parcels.map((p) => trackingUrl(p.carrier.trim(), p.trackingNumber))),
            }
          : {
              company: TRACKING_COMPANY[carrier] ?? carrier,
              number: shipment.trackingNumber,
              ...(url ? { url } : {}),
            },
      },
    },
  );
  const errors = created.fulfillmentCreate?.userErrors ?? [];
  if (errors.length) throw new MallError(`Shopify refused the fulfillment: ${errors.map((e) => e.message).join('; ')}`, 400, false);
};

/** Kura's reason → OrderCancelReason (CUSTOMER, DECLINED, FRAUD, INVENTORY, STAFF, OTHER). */
export const SHOPIFY_CANCEL_REASON: Readonly<Record<CancelReason, string>> = {
  customer: 'CUSTOMER',
  out_of_stock: 'INVENTORY',
  fraud: 'FRAUD',
  payment: 'DECLINED',
  duplicate: 'OTHER',
  other: 'OTHER',
};

/** displayFinancialStatus values where the buyer's money was captured, so a cancel refunds it. */
const CAPTURED = new Set(['PAID', 'PARTIALLY_PAID', 'PARTIALLY_REFUNDED']);

/** staffNote: "Maximum length of 255 characters." */
const STAFF_NOTE_MAX = 255;

interface OrderCancelUserError {
  code: string | null;
  field: string[] | null;
  message: string;
}

/**
 * orderCancel, as a seller would do it in Shopify's admin:
 * - restock false: Kura owns the stock figure and pushes it (the release of the
 *   reservation reaches Shopify as an absolute quantity); Shopify's own restock
 *   would add the units a second time until that push lands;
 * - refund to the original payment methods when money was captured (a paid
 *   order cancelled by the seller is owed back in full); an authorisation is
 *   voided by Shopify whatever is sent; nothing to refund otherwise;
 * - the buyer is notified (Kura sends no cancel mail of its own), except for
 *   fraud, where telling the fraudster helps nobody;
 * - the operator's note goes in staffNote (never shown to the buyer).
 * An order already cancelled (a retry after a lost answer, or cancelled in
 * Shopify meanwhile) counts as done. orderCancelUserErrors are final, except
 * INTERNAL_ERROR ("Unexpected internal error happened"), which is retried.
 */
const cancelOrder = async (conn: Connection, cancel: CancelPush): Promise<void> => {
  const id = await orderGid(conn, cancel);
  type Order = { id: string; name: string; cancelledAt: string | null; displayFinancialStatus: string | null };
  const { data: read }: { data: { order: Order | null } } = await shopifyGraphql(conn, ORDER_FOR_CANCEL_QUERY, { id });
  if (!read.order) throw new MallError(`Shopify has no order ${cancel.externalId}`, 404, false);
  if (read.order.cancelledAt) return;
  const note = cancel.note?.trim() ? cancel.note.trim().slice(0, STAFF_NOTE_MAX) : undefined;
  type Payload = {
    orderCancel: {
      job: { id: string; done: boolean } | null;
      jobResult: { id: string; done: boolean; status: string; errors: OrderCancelUserError[] } | null;
      orderCancelUserErrors: OrderCancelUserError[];
    } | null;
  };
  const { data }: { data: Payload } = await shopifyGraphql(conn, ORDER_CANCEL_MUTATION, {
    orderId: id,
    reason: SHOPIFY_CANCEL_REASON[cancel.reason] ?? 'OTHER',
    restock: false,
    notifyCustomer: cancel.reason !== 'fraud',
    staffNote: note,
    // Absent variables are left out of the JSON: the arguments are then not given at all.
    refundMethod: CAPTURED.has(read.order.displayFinancialStatus ?? '') ? { originalPaymentMethodsRefund: true } : undefined,
  });
  const payload = data.orderCancel;
  const errors = [...(payload?.orderCancelUserErrors ?? []), ...(payload?.jobResult?.status === 'FAILED' ? payload.jobResult.errors : [])];
  if (payload?.jobResult?.status === 'FAILED' && errors.length === 0) errors.push({ code: null, field: null, message: 'the cancel job failed' });
  if (errors.length) {
    const text = errors.map((e) => `${e.code ?? 'ERROR'}: ${e.message}`).join('; ');
    const internal = errors.every((e) => e.code === 'INTERNAL_ERROR');
    const notFound = errors.some((e) => e.code === 'NOT_FOUND');
    throw new MallError(`Shopify refused to cancel ${read.order.name}: ${text}`, internal ? 503 : notFound ? 404 : 400, internal);
  }
};

const testConnection = async (conn: Connection): Promise<void> => {
  const { data }: { data: { shop: { name: string }; location: { id: string; isActive: boolean } | null } } = await shopifyGraphql(conn, TEST_CONNECTION_QUERY, {
    locationId: locationOf(conn),
  });
  if (!data.location) throw new MallError('locationId is not a location of this shop', 400, false, undefined, true);
  if (!data.location.isActive) throw new MallError('the location is deactivated in Shopify', 400, false, undefined, true);
};

export const shopifyAdapter: ChannelAdapter = {
  type: 'shopify',
  credentialKeys: ['shopDomain', 'accessToken', 'locationId', 'webhookSecret'],
  // Per shop: https://{shopDomain}; the adapter fills it from credentials.shopDomain.
  defaultEndpoint: SHOPIFY_DEFAULT_ENDPOINT,
  limits: {
    maxItemsPerCall: MAX_QUANTITIES_PER_CALL,
    // The Standard plan restores 100 points/s into a 2,000-point bucket; a mutation
    // costs 10. Stock pushes take half the restore rate (5 calls/s = 50 points/s),
    // leaving the rest for order pulls, and may burst 50 calls (500 points) from a
    // full bucket. Bigger plans restore faster; THROTTLED still backs off correctly.
    callsPerSecond: 5,
    burst: 50,
    maxInFlight: 3,
  },
  testConnection,
  pullOrders,
  pushStock,
  readStock,
  pushShipment,
  cancelOrder,
};

/**
 * Subscribes the shop to Kura's webhook endpoint for new, changed and cancelled
 * orders. A topic already subscribed to that address counts as done.
 */
export const registerWebhooks = async (conn: Connection, callbackUrl: string): Promise<{ topic: string; id: string | null }[]> => {
  const out: { topic: string; id: string | null }[] = [];
  for (const topic of ['ORDERS_CREATE', 'ORDERS_UPDATED', 'ORDERS_CANCELLED']) {
    type Payload = { webhookSubscriptionCreate: { webhookSubscription: { id: string } | null; userErrors: { field: string[] | null; message: string }[] } };
    const { data }: { data: Payload } = await shopifyGraphql(conn, WEBHOOK_SUBSCRIBE_MUTATION, { topic, subscription: { uri: callbackUrl, format: 'JSON' } });
    const errors = data.webhookSubscriptionCreate.userErrors;
    if (errors.length && !errors.every((e) => /already been taken/i.test(e.message))) {
      throw new MallError(`Shopify refused the webhook subscription for ${topic}: ${errors.map((e) => e.message).join('; ')}`, 400, false);
    }
    out.push({ topic, id: data.webhookSubscriptionCreate.webhookSubscription?.id ?? null });
  }
  return out;
};
