/**
 * Shopify webhooks for orders: verify, identify, map. No storage here: the
 * /hooks/shopify/{channelId} route verifies, drops duplicates by event id,
 * and imports.
 *
 * Sources:
 *   https://shopify.dev/docs/apps/build/webhooks/verify-deliveries   base64 HMAC-SHA256 of the raw body,
 *                                                                    keyed with the app's client secret
 *   https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates   X-Shopify-Event-Id repeats for one event
 *   https://shopify.dev/docs/apps/build/webhooks/delivery-structure  the X-Shopify-* headers
 *   https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-orders/create (REST-shaped payloads)
 *
 * Order of arrival is not guaranteed: an orders/create can arrive after the
 * orders/cancelled of the same order. webhookEventOf gives updatedAt so the
 * receiver can keep the newest state (compare before applying).
 */
import type { PulledOrder } from '../adapter';
import { buildPulledOrder, yen, type AddressFacts } from './order-map';
import { restFinancialStatus, restFulfillmentStatus } from './status-map';

const decodeBase64 = (s: string): Uint8Array | null => {
  try {
    const bin = atob(s.trim());
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
};

/**
 * Is X-Shopify-Hmac-Sha256 the HMAC of exactly these bytes? The raw body must
 * be checked before it is parsed (re-serialised JSON changes the bytes).
 * crypto.subtle.verify compares in constant time.
 */
export const verifyShopifyHmac = async (rawBody: ArrayBuffer | string, header: string | null, secret: string): Promise<boolean> => {
  if (!header || !secret) return false;
  const signature = decodeBase64(header);
  if (!signature || signature.length !== 32) return false;
  const data = typeof rawBody === 'string' ? new TextEncoder().encode(rawBody) : new Uint8Array(rawBody);
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return crypto.subtle.verify('HMAC', key, signature, data);
};

/** What the headers say about one delivery: the event id to dedupe on, and the topic. */
export const webhookEventOf = (headers: Headers, payload?: unknown): { topic: string | null; eventId: string | null; webhookId: string | null; shopDomain: string | null; triggeredAt: string | null; updatedAt: string | null } => ({
  topic: headers.get('x-shopify-topic'),
  eventId: headers.get('x-shopify-event-id'),
  webhookId: headers.get('x-shopify-webhook-id'),
  shopDomain: headers.get('x-shopify-shop-domain'),
  triggeredAt: headers.get('x-shopify-triggered-at'),
  updatedAt: payload && typeof payload === 'object' && typeof (payload as { updated_at?: unknown }).updated_at === 'string' ? (payload as { updated_at: string }).updated_at : null,
});

interface RestAddress {
  first_name?: string | null;
  last_name?: string | null;
  name?: string | null;
  company?: string | null;
  zip?: string | null;
  province?: string | null;
  province_code?: string | null;
  city?: string | null;
  address1?: string | null;
  address2?: string | null;
  phone?: string | null;
}

interface RestOrder {
  id: number;
  admin_graphql_api_id?: string;
  name: string;
  created_at: string;
  updated_at?: string;
  cancelled_at?: string | null;
  financial_status?: string | null;
  fulfillment_status?: string | null;
  email?: string | null;
  contact_email?: string | null;
  phone?: string | null;
  note?: string | null;
  note_attributes?: { name: string; value: string | null }[] | null;
  payment_gateway_names?: string[] | null;
  current_total_discounts?: string | null;
  current_total_tax?: string | null;
  total_shipping_price_set?: { shop_money?: { amount?: string } } | null;
  shipping_lines?: { title?: string | null; price?: string | null }[] | null;
  customer?: { first_name?: string | null; last_name?: string | null; email?: string | null; phone?: string | null } | null;
  shipping_address?: RestAddress | null;
  line_items?: { sku?: string | null; name?: string | null; title?: string | null; quantity: number; current_quantity?: number | null; price?: string | null; variant_id?: number | null }[] | null;
}

const ORDER_TOPICS = new Set(['orders/create', 'orders/updated', 'orders/cancelled', 'orders/paid', 'orders/fulfilled', 'orders/partially_fulfilled', 'orders/edited']);

const address = (a: RestAddress | null | undefined): AddressFacts | null =>
  a
    ? {
        firstName: a.first_name,
        lastName: a.last_name,
        name: a.name,
        company: a.company,
        zip: a.zip,
        province: a.province,
        provinceCode: a.province_code,
        city: a.city,
        address1: a.address1,
        address2: a.address2,
        phone: a.phone,
      }
    : null;

/**
 * An orders/* webhook payload (REST JSON) → the same PulledOrder a pull of that
 * order gives; null for topics that carry no order (orders/delete sends only an
 * id) or a payload that is not an order. remoteId (the InventoryItem GID) is
 * not in webhook payloads: lines carry the variant GID and the SKU.
 */
export const orderFromWebhook = (topic: string, payload: unknown): PulledOrder | null => {
  if (!ORDER_TOPICS.has(topic) || !payload || typeof payload !== 'object') return null;
  const o = payload as RestOrder;
  if (typeof o.name !== 'string' || typeof o.created_at !== 'string' || !Array.isArray(o.line_items)) return null;
  const shippingFee = o.total_shipping_price_set?.shop_money?.amount ?? (o.shipping_lines ?? []).reduce((n, l) => n + yen(l.price), 0);
  return buildPulledOrder(
    {
      name: o.name,
      createdAt: o.created_at,
      updatedAt: typeof (o as { updated_at?: unknown }).updated_at === 'string' ? (o as { updated_at: string }).updated_at : null,
      cancelledAt: o.cancelled_at ?? null,
      financial: restFinancialStatus(o.financial_status),
      fulfillment: restFulfillmentStatus(o.fulfillment_status),
      email: o.email ?? o.contact_email ?? null,
      phone: o.phone ?? null,
      note: o.note ?? null,
      customer: o.customer ? { firstName: o.customer.first_name, lastName: o.customer.last_name, email: o.customer.email, phone: o.customer.phone } : null,
      shippingAddress: address(o.shipping_address),
      lines: o.line_items.map((l) => ({
        sku: l.sku ?? null,
        name: l.name ?? l.title ?? null,
        quantity: l.quantity,
        currentQuantity: l.current_quantity ?? null,
        unitPrice: yen(l.price),
        inventoryItemId: null,
        variantId: l.variant_id ? `gid://shopify/ProductVariant/${l.variant_id}` : null,
      })),
      gateways: o.payment_gateway_names ?? [],
      shippingTitle: o.shipping_lines?.[0]?.title ?? null,
      attributes: (o.note_attributes ?? []).map((a) => ({ key: a.name, value: a.value })),
      shippingFee: yen(shippingFee),
      discount: yen(o.current_total_discounts),
      tax: yen(o.current_total_tax),
    },
    payload,
  );
};
