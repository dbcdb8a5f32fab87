/*
 * No seller cancel here (cancelOrder stays undefined, so a cancel in Kura tells the operator to cancel in
 * Seller Central): neither Orders API v0 nor its successor v2026-01-01 has a cancel operation
 * (https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/ordersV0.json,
 * …/orders_2026-01-01.json), and the SP-API takes a seller cancel only as an XML or flat-file order
 * acknowledgement feed document (POST_ORDER_ACKNOWLEDGEMENT_DATA / POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA,
 * https://developer-docs.amazon.com/sp-api/docs/order-feed-type-values), not a JSON API call.
 */
/**
 * Amazon.co.jp through the Selling Partner API (Far East endpoint, marketplace A1VC38T7YXB528).
 *
 * Documentation followed:
 * - Orders API v0 model (getOrders, getOrderItems, confirmShipment; usage plans in each operation):
 *   https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/ordersV0.json
 *   https://developer-docs.amazon.com/sp-api/docs/orders-api-v0-reference
 * - Listings Items API 2021-08-01 (patchListingsItem, getListingsItem):
 *   https://github.com/amzn/selling-partner-api-models/blob/main/models/listings-items-api-model/listingsItems_2021-08-01.json
 *   https://developer-docs.amazon.com/sp-api/docs/merge-a-listing
 * - Tokens API 2021-03-01 (Restricted Data Token for buyer name and address):
 *   https://github.com/amzn/selling-partner-api-models/blob/main/models/tokens-api-model/tokens_2021-03-01.json
 * - Sellers API v1 (getMarketplaceParticipations, the connection test):
 *   https://github.com/amzn/selling-partner-api-models/blob/main/models/sellers-api-model/sellers.json
 * - Login with Amazon and the x-amz-access-token header, no SigV4 since 2023:
 *   https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api
 *   https://developer-docs.amazon.com/sp-api/changelog/sp-api-will-no-longer-require-aws-iam-or-aws-signature-version-4
 *
 * Pending orders are skipped until Amazon authorises their payment (status-map.ts);
 * FBA (AFN) orders come in for the record with fulfilledByMall, and are never confirmed.
 */
import type { ChannelAdapter, Connection, PulledOrder, PushResult, RemoteQuantity, ShipmentPush, StockPush } from '../adapter';
import { MallError } from '../adapter';
import { marketplaceOf, openSession, ordersRdt, PRODUCTION_ENDPOINT, spCall, waitingOutShortThrottles, type Session } from './client';
import { submissionResult, mfnQuantity, stockPatchBody } from './listings';
import { mapOrder } from './map-order';
import { confirmShipmentBody } from './shipment';
import { statusMeaning } from './status-map';
import type { AmazonOrder, AmazonOrderItem, AmazonOrderWithItems, ListingsItem, ListingsSubmission } from './types';

/** Documented default usage plans (requests per second, burst). */
const RATE = {
  getOrders: 0.0167,
  getOrderItems: 0.5,
  confirmShipment: 2,
  patchListingsItem: 5,
  getListingsItem: 5,
  getMarketplaceParticipations: 0.016,
};

/** getOrders refuses a LastUpdatedBefore later than two minutes ago. */
const LAST_UPDATED_BEFORE_LAG_MS = 2 * 60_000;
/** Seconds a pull may spend waiting out getOrderItems throttling before handing back to the engine. */
const ITEMS_WAIT_BUDGET_SECONDS = 120;

const getOrderItems = async (s: Session, orderId: string, budget: { seconds: number }): Promise<AmazonOrderItem[]> => {
  const items: AmazonOrderItem[] = [];
  let nextToken: string | undefined;
  do {
    const { body } = await waitingOutShortThrottles(
      () =>
        spCall<{ payload: { OrderItems: AmazonOrderItem[]; NextToken?: string } }>(s, {
          method: 'GET',
          path: `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems`,
          query: { NextToken: nextToken },
          rate: RATE.getOrderItems,
        }),
      budget,
    );
    items.push(...body.payload.OrderItems);
    nextToken = body.payload.NextToken || undefined;
  } while (nextToken);
  return items;
};

/** Every order updated in the window, page by page (NextToken keeps the first call's filters). */
const getOrders = async (s: Session, marketplaceId: string, since: Date, until: Date): Promise<AmazonOrder[]> => {
  const rdt = await ordersRdt(s);
  // A window ending in the last two minutes is left open-ended: Amazon answers up to now
  // (at most a few seconds beyond `until`, harmless for an idempotent import).
  const before = until.getTime() <= Date.now() - LAST_UPDATED_BEFORE_LAG_MS ? until.toISOString() : undefined;
  const orders: AmazonOrder[] = [];
  let query: Record<string, string | undefined> = {
    MarketplaceIds: marketplaceId,
    LastUpdatedAfter: since.toISOString(),
    LastUpdatedBefore: before,
    MaxResultsPerPage: '100',
  };
  for (;;) {
    const { body } = await spCall<{ payload: { Orders: AmazonOrder[]; NextToken?: string } }>(s, {
      method: 'GET',
      path: '/orders/v0/orders',
      query,
      rate: RATE.getOrders,
      token: rdt,
    });
    orders.push(...body.payload.Orders);
    if (!body.payload.NextToken) return orders;
    query = { MarketplaceIds: marketplaceId, NextToken: body.payload.NextToken };
  }
};

const pushOne = async (conn: Connection, item: StockPush): Promise<PushResult> => {
  const s = openSession(conn);
  const { status, body } = await spCall<ListingsSubmission>(s, {
    method: 'PATCH',
    path: `/listings/2021-08-01/items/${encodeURIComponent(conn.credentials.sellerId)}/${encodeURIComponent(item.remoteId)}`,
    query: { marketplaceIds: marketplaceOf(conn) },
    body: stockPatchBody(item.quantity),
    rate: RATE.patchListingsItem,
    allow: [404],
  });
  if (status === 404) return { accepted: [], rejected: [{ sku: item.sku, reason: `Amazon does not know seller SKU ${item.remoteId}` }] };
  return submissionResult(item.sku, body);
};

/** patchListingsItem: one SKU per call, 5 requests per second, burst 5. */
// One SKU a call: up to 5 calls in flight so a call's latency does not waste the 5-a-second rate.
const LIMITS = { maxItemsPerCall: 1, callsPerSecond: RATE.patchListingsItem, burst: 5, maxInFlight: 5 };

export const amazonAdapter: ChannelAdapter = {
  type: 'amazon',
  // Optional as well: marketplaceId (default A1VC38T7YXB528) and the stored accessToken /
  // accessTokenExpiresAt that saveCredentials keeps between calls.
  credentialKeys: ['sellerId', 'clientId', 'clientSecret', 'refreshToken'],
  defaultEndpoint: PRODUCTION_ENDPOINT,
  limits: LIMITS,

  async testConnection(conn) {
    const s = openSession(conn);
    const { body } = await spCall<{ payload: { marketplace: { id: string }; participation: { isParticipating: boolean } }[] }>(s, {
      method: 'GET',
      path: '/sellers/v1/marketplaceParticipations',
      rate: RATE.getMarketplaceParticipations,
    });
    const marketplaceId = marketplaceOf(conn);
    if (!body.payload.some((p) => p.marketplace.id === marketplaceId && p.participation.isParticipating)) {
      throw new MallError(`This seller account does not sell on marketplace ${marketplaceId}`, 200, false, undefined, true);
    }
  },

  async pullOrders(conn, { since, until, isUnchanged }) {
    const s = openSession(conn);
    const orders = await getOrders(s, marketplaceOf(conn), since, until);
    const budget = { seconds: ITEMS_WAIT_BUDGET_SECONDS };
    const pulled: PulledOrder[] = [];
    for (const order of orders) {
      if (!statusMeaning(order.OrderStatus).importable) continue;
      // Kura holds this version already: no need to spend a getOrderItems call (0.5 a second) on it.
      if (order.LastUpdateDate && isUnchanged?.(order.AmazonOrderId, new Date(order.LastUpdateDate).toISOString())) continue;
      pulled.push(mapOrder(order, await getOrderItems(s, order.AmazonOrderId, budget)));
    }
    return pulled;
  },

  async pushStock(conn, items) {
    if (items.length > LIMITS.maxItemsPerCall) throw new Error(`Amazon takes ${LIMITS.maxItemsPerCall} SKU per call, got ${items.length}`);
    const result: PushResult = { accepted: [], rejected: [] };
    for (const item of items) {
      const r = await pushOne(conn, item);
      result.accepted.push(...r.accepted);
      result.rejected.push(...r.rejected);
    }
    return result;
  },

  async readStock(conn, items): Promise<RemoteQuantity[]> {
    const s = openSession(conn);
    const out: RemoteQuantity[] = [];
    for (const item of items) {
      const { status, body } = await spCall<ListingsItem>(s, {
        method: 'GET',
        path: `/listings/2021-08-01/items/${encodeURIComponent(conn.credentials.sellerId)}/${encodeURIComponent(item.remoteId)}`,
        query: { marketplaceIds: marketplaceOf(conn), includedData: 'fulfillmentAvailability' },
        rate: RATE.getListingsItem,
        allow: [404],
      });
      out.push({ sku: item.sku, quantity: status === 404 ? null : mfnQuantity(body) });
    }
    return out;
  },

  /**
   * 分割出荷: confirmShipment confirms one package with one tracking number, so an
   * order shipped in parcels sends the last one (the parcel that completed it:
   * shipment.trackingNumber); the earlier parcels' numbers stay in Kura.
   */
  async pushShipment(conn, shipment: ShipmentPush) {
    const raw = (shipment.raw ?? {}) as Partial<AmazonOrderWithItems>;
    // Amazon ships FBA orders itself; there is nothing to confirm.
    if (raw.FulfillmentChannel === 'AFN') return;
    const s = openSession(conn);
    const items = raw.OrderItems?.length ? raw.OrderItems : await getOrderItems(s, shipment.externalId, { seconds: 10 });
    await spCall(s, {
      method: 'POST',
      path: `/orders/v0/orders/${encodeURIComponent(shipment.externalId)}/shipmentConfirmation`,
      body: confirmShipmentBody(shipment, items, marketplaceOf(conn)),
      rate: RATE.confirmShipment,
    });
  },
};
