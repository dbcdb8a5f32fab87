/**
 * A Shopify order → Kura's PulledOrder. Pure: no I/O.
 *
 * Both ways an order arrives end here: the GraphQL Admin API node
 * (orderFromGraphql, from pullOrders) and the REST-shaped webhook payload
 * (webhook.ts turns it into the same OrderFacts). Keeping one builder means a
 * webhook and a later pull of the same order import identically.
 *
 * Identity: externalId is the order's name ("#1001"), the number the merchant
 * and the buyer see; it is in both payloads and unique in a shop. The order's
 * GID stays in raw for calls back (fulfillmentCreate).
 *
 * Lines: sku = lineItem.sku (the variant's SKU at the time of sale),
 * remoteId = the InventoryItem GID, remoteVariantId = the ProductVariant GID,
 * the same ids a listing holds for stock pushes.
 */
import type { PulledOrder } from '../adapter';
import { prefectureName } from './prefectures';
import { orderState } from './status-map';
import { shopifyPayment } from './payment-methods';

export interface AddressFacts {
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  company?: string | null;
  zip?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  city?: string | null;
  address1?: string | null;
  address2?: string | null;
  phone?: string | null;
}

export interface OrderFacts {
  name: string;
  createdAt: string;
  /** when Shopify last changed the order: a newer version never loses to an older one */
  updatedAt?: string | null;
  cancelledAt: string | null;
  financial: string;
  fulfillment: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  customer: { firstName?: string | null; lastName?: string | null; displayName?: string | null; email?: string | null; phone?: string | null } | null;
  shippingAddress: AddressFacts | null;
  lines: { sku: string | null; name: string | null; quantity: number; currentQuantity: number | null; unitPrice: number; inventoryItemId: string | null; variantId: string | null }[];
  gateways: string[];
  shippingTitle: string | null;
  attributes: { key: string; value: string | null }[];
  shippingFee: number;
  discount: number;
  tax: number;
}

/** Shopify money ("2980.0", "2980") → integer yen. JPY has no minor unit. */
export const yen = (amount: unknown): number => {
  const n = Number(amount);
  return Number.isFinite(n) ? Math.round(n) : 0;
};

/** 〒0600001, ０６０－０００１, 060-0001 → 060-0001; anything not 7 digits is kept as typed. */
export const postalCode = (zip: string | null | undefined): string => {
  const s = (zip ?? '').normalize('NFKC').trim();
  const digits = s.replace(/\D/g, '');
  return digits.length === 7 ? `${digits.slice(0, 3)}-${digits.slice(3)}` : s;
};

/** +81 90-1234-5678 → 090-1234-5678: carriers' labels want the domestic form. */
export const domesticPhone = (phone: string | null | undefined): string => {
  const s = (phone ?? '').normalize('NFKC').trim();
  const m = /^\+81[\s-]*\(?0?\)?[\s-]*(.*)$/.exec(s);
  return m ? `0${m[1]}` : s;
};

/** A Japanese name, family name first. Shopify's own `name` puts the given name first. */
const fullName = (p: { firstName?: string | null; lastName?: string | null } | null | undefined, fallback?: string | null): string => {
  const parts = [p?.lastName, p?.firstName].map((x) => x?.trim()).filter(Boolean);
  return parts.length ? parts.join(' ') : (fallback?.trim() ?? '');
};

const DATE_KEY = /(配送|配達|お届け|到着)(希望|指定)?日|(希望|指定)(配送|配達|お届け)?日|delivery[\s_-]*date/i;
const TIME_KEY = /(配送|配達|お届け|希望|指定).*時間|時間帯|delivery[\s_-]*time|time[\s_-]*slot/i;
const NOT_CHOSEN = /^(指定なし|希望なし|なし|未指定|none|-)$/i;

/** 2026/12/01, 2026年12月1日, 2026-12-01 (with a weekday after it) → 2026-12-01 */
export const isoDate = (value: string | null | undefined): string | undefined => {
  const m = /(\d{4})\s*[/\-年.]\s*(\d{1,2})\s*[/\-月.]\s*(\d{1,2})/.exec((value ?? '').normalize('NFKC'));
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : undefined;
};

/**
 * Desired delivery date and time slot. Shopify has no such fields: Japanese
 * delivery-date apps write them as cart attributes (order customAttributes,
 * webhook note_attributes), e.g. 配送希望日 "2026/12/01", 配送希望時間帯 "14:00-16:00".
 */
export const deliveryWish = (attributes: { key: string; value: string | null }[]): { desiredDate?: string; timeSlot?: string } => {
  let desiredDate: string | undefined;
  let timeSlot: string | undefined;
  for (const a of attributes) {
    const value = (a.value ?? '').normalize('NFKC').trim();
    if (!value || NOT_CHOSEN.test(value)) continue;
    if (TIME_KEY.test(a.key)) timeSlot ??= value;
    else if (DATE_KEY.test(a.key)) desiredDate ??= isoDate(value);
  }
  return { desiredDate, timeSlot };
};

export const buildPulledOrder = (f: OrderFacts, raw: unknown): PulledOrder => {
  const state = orderState({ cancelledAt: f.cancelledAt, financial: f.financial, fulfillment: f.fulfillment });
  const a = f.shippingAddress;
  const wish = deliveryWish(f.attributes);
  const lines = f.lines
    .map((l) => ({
      sku: l.sku?.trim() ?? '',
      // An edited order lowers currentQuantity (0 for a removed line); a cancelled one keeps what was bought.
      quantity: state.cancelled ? l.quantity : (l.currentQuantity ?? l.quantity),
      unitPrice: l.unitPrice,
      name: l.name ?? undefined,
      remoteId: l.inventoryItemId ?? undefined,
      remoteVariantId: l.variantId ?? undefined,
    }))
    .filter((l) => l.quantity > 0);
  const customerName = fullName(f.customer, f.customer?.displayName) || fullName(a, a?.name);
  return {
    externalId: f.name,
    orderedAt: f.createdAt,
    customer: {
      name: customerName,
      email: f.email ?? f.customer?.email ?? undefined,
      phone: domesticPhone(f.phone ?? f.customer?.phone ?? a?.phone) || undefined,
    },
    shipTo: {
      name: fullName(a, a?.name) || customerName,
      postalCode: postalCode(a?.zip),
      prefecture: prefectureName(a?.provinceCode, a?.province),
      city: a?.city?.trim() ?? '',
      address1: a?.address1?.trim() ?? '',
      address2: a?.address2?.trim() || undefined,
      phone: domesticPhone(a?.phone ?? f.phone),
    },
    lines,
    payment: { ...shopifyPayment(f.gateways), paid: state.paid },
    shipping: { method: f.shippingTitle ?? undefined, ...wish },
    note: f.note?.trim() || undefined,
    totals: { shippingFee: f.shippingFee, discount: f.discount, tax: f.tax },
    raw,
    cancelled: state.cancelled,
    fulfilledByMall: false,
    mallStatus: state.mallStatus,
    mallUpdatedAt: f.updatedAt ?? undefined,
  };
};

// ------------------------------------------------------------- GraphQL node

type Money = { shopMoney?: { amount?: string | null } | null } | null | undefined;
const amountOf = (m: Money) => yen(m?.shopMoney?.amount);

export interface GraphqlLineItem {
  id?: string;
  sku?: string | null;
  name?: string | null;
  quantity: number;
  currentQuantity?: number | null;
  originalUnitPriceSet?: Money;
  variant?: { id?: string | null; sku?: string | null; inventoryItem?: { id?: string | null } | null } | null;
}

/** The order node ORDERS_QUERY selects (queries.ts). */
export interface GraphqlOrder {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt?: string | null;
  displayFinancialStatus?: string | null;
  displayFulfillmentStatus?: string | null;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  paymentGatewayNames?: string[] | null;
  currentTotalPriceSet?: Money;
  totalShippingPriceSet?: Money;
  currentTotalTaxSet?: Money;
  currentTotalDiscountsSet?: Money;
  customer?: {
    displayName?: string | null;
    firstName?: string | null;
    lastName?: string | null;
    defaultEmailAddress?: { emailAddress?: string | null } | null;
    defaultPhoneNumber?: { phoneNumber?: string | null } | null;
  } | null;
  shippingAddress?: AddressFacts | null;
  shippingLine?: { title?: string | null } | null;
  customAttributes?: { key: string; value: string | null }[] | null;
  lineItems: { pageInfo?: { hasNextPage: boolean; endCursor: string | null }; nodes: GraphqlLineItem[] };
}

export const orderFromGraphql = (o: GraphqlOrder): PulledOrder =>
  buildPulledOrder(
    {
      name: o.name,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      cancelledAt: o.cancelledAt ?? null,
      financial: o.displayFinancialStatus ?? 'PENDING',
      fulfillment: o.displayFulfillmentStatus ?? 'UNFULFILLED',
      email: o.email ?? null,
      phone: o.phone ?? null,
      note: o.note ?? null,
      customer: o.customer
        ? {
            firstName: o.customer.firstName,
            lastName: o.customer.lastName,
            displayName: o.customer.displayName,
            email: o.customer.defaultEmailAddress?.emailAddress ?? null,
            phone: o.customer.defaultPhoneNumber?.phoneNumber ?? null,
          }
        : null,
      shippingAddress: o.shippingAddress ?? null,
      lines: o.lineItems.nodes.map((l) => ({
        sku: l.sku || l.variant?.sku || null,
        name: l.name ?? null,
        quantity: l.quantity,
        currentQuantity: l.currentQuantity ?? null,
        unitPrice: amountOf(l.originalUnitPriceSet),
        inventoryItemId: l.variant?.inventoryItem?.id ?? null,
        variantId: l.variant?.id ?? null,
      })),
      gateways: o.paymentGatewayNames ?? [],
      shippingTitle: o.shippingLine?.title ?? null,
      attributes: o.customAttributes ?? [],
      shippingFee: amountOf(o.totalShippingPriceSet),
      discount: amountOf(o.currentTotalDiscountsSet),
      tax: amountOf(o.currentTotalTaxSet),
    },
    o,
  );

/** The order GID a raw payload carries: GraphQL `id`, or the webhook's admin_graphql_api_id. */
export const orderGidOf = (raw: unknown): string | null => {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as { id?: unknown; admin_graphql_api_id?: unknown };
  if (typeof r.admin_graphql_api_id === 'string' && r.admin_graphql_api_id.startsWith('gid://shopify/Order/')) return r.admin_graphql_api_id;
  if (typeof r.id === 'string' && r.id.startsWith('gid://shopify/Order/')) return r.id;
  if (typeof r.id === 'number') return `gid://shopify/Order/${r.id}`;
  return null;
};
