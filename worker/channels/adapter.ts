import type { CancelReason } from '../orders/cancel-reasons';

/**
 * The one interface every mall adapter implements (channels/<mall>/adapter.ts).
 *
 * Adapters are thin translators between a mall's documented contract and
 * Kura's model: they know the mall's URLs, auth, paging, per-call maxima and
 * error shapes, and nothing about queues, retries or D1. The sync engine
 * (channels/sync-*.ts) decides when to call them, batches and coalesces, and
 * retries what they report as retryable (MallError).
 */
import type { OrderInput } from '../orders/service';
import type { EndpointContext } from './endpoint-policy';

export type ChannelType = 'shopify' | 'rakuten' | 'yahoo' | 'amazon';
export const CHANNEL_TYPES: readonly ChannelType[] = ['shopify', 'rakuten', 'yahoo', 'amazon'];

/** Everything an adapter needs to talk to one store. */
export interface Connection {
  /** Base URL: the mall's production URL, or a sandbox / conformance fake (channel.endpoint). */
  endpoint: string;
  /** Decrypted credentials, in the mall's own terms (see each adapter's `credentialKeys`). */
  credentials: Record<string, string>;
  /**
   * Called when the adapter obtained new credentials (a refreshed access token)
   * so the caller can store them, encrypted, for the next call.
   */
  saveCredentials?: (next: Record<string, string>) => Promise<void>;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** How long one call may take before it counts as a retryable failure (default 15 s). */
  timeoutMs?: number;
  /** Set for a stored channel (service.ts connectionOf): what mallFetch checks before anything is sent. */
  guard?: SendGuard;
}

/**
 * The endpoint rule of this environment and mall, and whether the store's
 * credentials are missing (dropped when its endpoint changed).
 */
export interface SendGuard {
  policy: EndpointContext;
  credentialsMissing?: boolean;
}

/** An order as pulled from a mall, ready for the idempotent import (orders/import.ts importOrders). */
export type PulledOrder = Omit<OrderInput, 'channelId' | 'lines'> & {
  /**
   * `sku` is the mall's own SKU-like code (Shopify lineItem.sku, Rakuten
   * merchantDefinedSkuId, Yahoo! ItemId+SubCode, Amazon SellerSKU); the sync
   * engine maps it to a Kura SKU through the channel's listings, by remoteId /
   * remoteVariantId first, then by code.
   */
  lines: { sku: string; quantity: number; unitPrice: number; name?: string; remoteId?: string; remoteVariantId?: string }[];
  /** The mall says the order is cancelled (Rakuten 900, Shopify cancelledAt, ...). */
  cancelled: boolean;
  /** Fulfilled by the mall (Amazon FBA / AFN): imported for the record, never reserves Kura stock. */
  fulfilledByMall: boolean;
  /** The mall's own status word, kept for display and audit. */
  mallStatus: string;
};

export interface PullWindow {
  /** Inclusive lower bound (the watermark minus the overlap). */
  since: Date;
  /** Exclusive upper bound (now). */
  until: Date;
  /**
   * Kura already holds this order as of this mall update time: an adapter that
   * reads details one order a call (Yahoo! orderInfo, Amazon getOrderItems) skips it.
   */
  isUnchanged?: (externalId: string, mallUpdatedAt: string) => boolean;
}

/** One SKU's quantity for one listing on the mall. */
export interface StockPush {
  sku: string;
  /** The mall's item id (Shopify inventory item GID, Rakuten manageNumber, Yahoo item_code, Amazon seller SKU). */
  remoteId: string;
  /** Variant id where the mall has one (Rakuten variantId, Shopify variant GID). */
  remoteVariantId?: string | null;
  /** Absolute quantity to publish. */
  quantity: number;
}

export interface PushResult {
  /** Items the mall accepted. */
  accepted: string[];
  /** Items the mall refused for good (unknown item, bad data): not retried, shown on the channel. */
  rejected: { sku: string; reason: string }[];
}

export interface RemoteQuantity {
  sku: string;
  /** null when the mall does not know the item (Rakuten and Yahoo! accept unknown codes silently). */
  quantity: number | null;
}

export interface ShipmentPush {
  externalId: string;
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
  /** The order's raw payload as imported, for ids the mall needs back (Shopify fulfillment order ids, Rakuten basketId). */
  raw: unknown;
  /**
   * 分割出荷: every parcel of an order shipped in parts, first first (the last one
   * is carrier/trackingNumber above). Absent for an order shipped in one parcel.
   * Each adapter sends as many as its mall takes and says which in a comment.
   */
  parcels?: { carrier: string; trackingNumber: string; shippedAt: string }[];
}

/** The documented limits of the stock-push endpoint, used by the sync engine's limiter. */
/** A seller cancel to tell the mall about (orders/cancel-reasons.ts). */
export interface CancelPush {
  externalId: string;
  reason: CancelReason;
  /** The operator's own words, where the mall keeps a note */
  note: string | null;
  /** The order's raw payload as imported (ids the mall needs back). */
  raw: unknown;
}

export interface PushLimits {
  /** Items per call (Rakuten 400, Yahoo! 1,000, Shopify 250 quantities per mutation, Amazon 1). */
  maxItemsPerCall: number;
  /** Sustained calls per second (Rakuten 1, Amazon Listings 5, ...). */
  callsPerSecond: number;
  /** Calls that may go at once before the sustained rate applies. */
  burst: number;
  /** Calls that may be in flight together (default 1): enough to use the rate when one call takes longer than 1/rate. */
  maxInFlight?: number;
}

export interface ChannelAdapter {
  type: ChannelType;
  /** The keys `credentials` must hold (checked by the channel API before saving). */
  credentialKeys: readonly string[];
  /** The mall's production base URL, used when the channel has no endpoint. */
  defaultEndpoint: string;
  limits: PushLimits;
  /** A cheap authenticated call: does the store answer with these credentials? */
  testConnection(conn: Connection): Promise<void>;
  /** Every order changed in the window, following the mall's paging and window limits to the end. */
  pullOrders(conn: Connection, window: PullWindow): Promise<PulledOrder[]>;
  /** At most limits.maxItemsPerCall items, absolute quantities. */
  pushStock(conn: Connection, items: StockPush[]): Promise<PushResult>;
  /** Reads quantities back where the mall can report them (undefined when it cannot). */
  readStock?(conn: Connection, items: Omit<StockPush, 'quantity'>[]): Promise<RemoteQuantity[]>;
  pushShipment(conn: Connection, shipment: ShipmentPush): Promise<void>;
  /**
   * Tells the mall that the seller cancelled the order, where its API allows
   * a seller cancel. Absent where it does not: the order's history then tells
   * the operator to cancel in the mall's own screen.
   */
  cancelOrder?(conn: Connection, cancel: CancelPush): Promise<void>;
}

/**
 * What an adapter throws when the mall answered with an error. `retryable`
 * (429, 5xx, timeouts, the mall's own throttling error) tells the sync engine to
 * back off and try again, honouring `retryAfterSeconds` when the mall gave one;
 * anything else is final (bad credentials, bad request).
 */
export class MallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryable: boolean,
    readonly retryAfterSeconds?: number,
    /** An auth failure: shown on the channel as "check the credentials". */
    readonly auth = false,
  ) {
    super(message);
    this.name = 'MallError';
  }
}
