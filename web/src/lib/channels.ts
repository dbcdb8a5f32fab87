import type { JSONObject } from '@builder.io/qwik-city';
import { num, str } from './action';

/** The channels API's shapes (worker/channels/routes.ts), as pages use them. */
export const CHANNEL_TYPES = ['rakuten', 'yahoo', 'amazon', 'shopify'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export type Allocation = { kind: 'all' } | { kind: 'percent'; percent: number } | { kind: 'fixed'; quantity: number };

export interface ChannelSettings {
  orderPull: boolean;
  stockPush: boolean;
  shipmentPush: boolean;
  safetyStock: number;
  maxQuantity: number | null;
  allocation: Allocation;
}

export interface ChannelView {
  id: string;
  type: ChannelType;
  name: string;
  endpoint: string | null;
  settings: ChannelSettings;
  credentialsStored: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ChannelStatus {
  lastOrderPullAt: string | null;
  lastStockPushAt: string | null;
  orderWatermark: string | null;
  backlog: number;
  backoffUntil: string | null;
  errors: { at: string; kind: string; message: string }[];
  deadLetters: number;
  drift: { sku: string; intended: number; pushed: number | null; confirmed: number | null; confirmedAt: string | null }[];
  resync: { total: number; done: number; startedAt: string; finishedAt: string | null } | null;
}

export interface Listing {
  sku: string;
  remoteId: string;
  remoteVariantId: string | null;
}

export interface StoreFigure {
  sku: string;
  intended: number;
  intendedAt: string;
  pushed: number | null;
  pushedAt: string | null;
  confirmed: number | null;
  confirmedAt: string | null;
  drift: boolean;
  error: string | null;
}

export interface DeadLetter {
  id: string;
  kind: string;
  payload: unknown;
  error: string;
  attempts: number;
  createdAt: string;
}

/** One store's figures for a SKU, from GET /stock/{sku}. */
export interface SkuStoreFigure {
  channelId: string;
  name: string;
  type: string;
  remoteId: string;
  remoteVariantId: string | null;
  stockPush: boolean;
  published: number;
  pushed: number | null;
  pushedAt: string | null;
  confirmed: number | null;
  confirmedAt: string | null;
  drift: boolean;
  error: string | null;
}

/**
 * Each mall's credential fields (worker/channels/<mall>/adapter.ts credentialKeys),
 * in the order the mall's own console shows them. `secret`: typed into a
 * password input; `optional`: the adapter has a default.
 */
export const CREDENTIAL_FIELDS: Record<ChannelType, { key: string; secret: boolean; optional?: boolean }[]> = {
  shopify: [
    { key: 'shopDomain', secret: false },
    { key: 'accessToken', secret: true },
    { key: 'locationId', secret: false },
    { key: 'webhookSecret', secret: true },
  ],
  rakuten: [
    { key: 'serviceSecret', secret: true },
    { key: 'licenseKey', secret: true },
  ],
  yahoo: [
    { key: 'sellerId', secret: false },
    { key: 'clientId', secret: false },
    { key: 'clientSecret', secret: true },
    { key: 'refreshToken', secret: true },
  ],
  amazon: [
    { key: 'sellerId', secret: false },
    { key: 'clientId', secret: false },
    { key: 'clientSecret', secret: true },
    { key: 'refreshToken', secret: true },
    { key: 'marketplaceId', secret: false, optional: true },
  ],
};

export const isChannelType = (v: string): v is ChannelType => (CHANNEL_TYPES as readonly string[]).includes(v);

/**
 * Which credential fields are stored. The API leaves out keys starting with
 * "accessToken" (for the other malls that is a cached, refreshed token); for
 * Shopify the access token is the merchant's own and is required when the
 * store is connected, so a stored Shopify channel always has one.
 */
export const storedKeys = (c: ChannelView): string[] => (c.type === 'shopify' ? [...new Set([...c.credentialsStored, 'accessToken'])] : c.credentialsStored);

/** Health of one store for the list: error (failing or dead letters), warning (drift, backing off), ok. */
export type Health = 'ok' | 'warn' | 'err' | 'unknown';
export const healthOf = (s: ChannelStatus | null, now = Date.now()): Health => {
  if (!s) return 'unknown';
  if (s.errors.length || s.deadLetters > 0) return 'err';
  if (s.drift.length || (s.backoffUntil && Date.parse(s.backoffUntil) > now)) return 'warn';
  return 'ok';
};
export const healthBadge = (h: Health) => (h === 'ok' ? 'badge badge-ok' : h === 'warn' ? 'badge badge-warn' : h === 'err' ? 'badge badge-err' : 'badge');

/** A resync is running while the status has one without finishedAt and not every SKU is done. */
export const resyncRunning = (s: ChannelStatus | null) => !!s?.resync && !s.resync.finishedAt && !(s.resync.done >= s.resync.total && s.backlog === 0);

/** The settings fields of the channel form → the API's settings (numbers left as text when not numbers, so the API names the field). */
export const settingsFromForm = (form: JSONObject) => {
  const kind = str(form, 'allocationKind') || 'all';
  const maxQuantity = str(form, 'maxQuantity').trim();
  return {
    orderPull: str(form, 'orderPull') === 'true',
    stockPush: str(form, 'stockPush') === 'true',
    shipmentPush: str(form, 'shipmentPush') === 'true',
    safetyStock: num(str(form, 'safetyStock') || '0'),
    maxQuantity: maxQuantity === '' ? null : num(maxQuantity),
    allocation: kind === 'percent' ? { kind, percent: num(str(form, 'allocationPercent')) } : kind === 'fixed' ? { kind, quantity: num(str(form, 'allocationQuantity')) } : { kind: 'all' },
  };
};

/** The form input of one mall's credential key (the new form carries every mall's; Yahoo! and Amazon share key names). */
export const credentialInputName = (type: ChannelType, key: string) => `cred_${type}_${key}`;

/** The credential inputs of this mall that were filled: only those are sent, each replacing its stored value. */
export const credentialsFromForm = (form: JSONObject, type: ChannelType): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const f of CREDENTIAL_FIELDS[type]) {
    const v = str(form, credentialInputName(type, f.key)).trim();
    if (v) out[f.key] = v;
  }
  return out;
};

/** The form's plain values, to refill it after a failed post (never the credentials). */
export const formValues = (form: JSONObject): Record<string, string> => {
  const keys = ['type', 'name', 'endpoint', 'orderPull', 'stockPush', 'shipmentPush', 'safetyStock', 'maxQuantity', 'allocationKind', 'allocationPercent', 'allocationQuantity'];
  return Object.fromEntries(keys.map((k) => [k, str(form, k)]));
};

/** What a dead letter was about, for the list: the SKUs and quantities of a stock push, the order of a shipment. */
export const deadLetterSummary = (l: DeadLetter): { skus?: { sku: string; quantity: number | null; reason: string | null }[]; orderId?: string; window?: { since?: string; until?: string } } => {
  const p = l.payload as unknown;
  if (l.kind === 'stock' && Array.isArray(p)) {
    return {
      skus: p
        .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object')
        .map((x) => ({ sku: String(x.sku ?? ''), quantity: typeof x.quantity === 'number' ? x.quantity : null, reason: typeof x.reason === 'string' ? x.reason : null })),
    };
  }
  if (p && typeof p === 'object') {
    const o = p as Record<string, unknown>;
    if (typeof o.orderId === 'string') return { orderId: o.orderId };
    if (typeof o.since === 'string' || typeof o.until === 'string') return { window: { since: o.since as string | undefined, until: o.until as string | undefined } };
  }
  return {};
};
