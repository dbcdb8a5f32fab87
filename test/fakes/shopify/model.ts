/**
 * The Shopify fake's store: inventory items stocked at one location, orders
 * with their fulfillment orders, and how both look over the GraphQL Admin API
 * (objects with Shopify's field names, answered through graphql.ts) and in a
 * webhook (the REST-shaped JSON Shopify posts for orders/* topics).
 *
 * Sources for the shapes:
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/Order
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/LineItem
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/MailingAddress
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/FulfillmentOrder
 *   https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventorySetQuantities
 *   https://shopify.dev/docs/api/admin-graphql/latest/enums/InventorySetQuantitiesUserErrorCode
 *   https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate
 *   https://shopify.dev/docs/api/webhooks (orders/create, orders/cancelled payloads)
 *   https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/orderCancel
 *   https://shopify.dev/docs/api/admin-graphql/2026-10/payloads/OrderCancelPayload
 *   https://shopify.dev/docs/api/admin-graphql/2026-10/objects/OrderCancelJobResult
 *   https://shopify.dev/docs/api/admin-graphql/2026-10/enums/OrderCancelReason
 *   https://shopify.dev/docs/api/admin-graphql/2026-10/enums/OrderCancelUserErrorCode
 *   (the same in the official schema, @shopify/dev-mcp dist/data/admin_2026-10.json.gz)
 */
import { itemKey, type FakeItem, type FakeOrderSpec } from '../harness.ts';
import { connection, GqlError, type Resolved } from './graphql.ts';
import { shopifyProvince } from './prefectures.ts';

export interface StoredItem {
  sku: string;
  inventoryItemId: string;
  variantId: string | null;
  /** the "available" quantity at the shop's location */
  quantity: number;
}

interface StoredLine {
  id: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  variantId: string | null;
  inventoryItemId: string | null;
}

type FulfillmentOrderStatus = 'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED' | 'ON_HOLD' | 'SCHEDULED' | 'INCOMPLETE';

interface StoredFulfillment {
  id: string;
  createdAt: string;
  trackingInfo: { company: string | null; number: string | null; url: string | null }[];
  notifyCustomer: boolean;
}

interface Person {
  firstName: string;
  lastName: string;
}

export interface StoredOrder {
  legacyId: number;
  id: string;
  name: string;
  number: number;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  financial: string;
  fulfillment: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  customer: (Person & { id: string; legacyId: number; displayName: string; email: string | null; phone: string | null }) | null;
  shippingAddress: Person & { zip: string; province: string; provinceCode: string | null; city: string; address1: string; address2: string | null; phone: string };
  lines: StoredLine[];
  shippingTitle: string;
  shippingFee: number;
  gateways: string[];
  customAttributes: { key: string; value: string }[];
  fulfillmentOrders: { id: string; status: FulfillmentOrderStatus }[];
  fulfillments: StoredFulfillment[];
}

/** Shopify's DateTime: ISO 8601 in UTC to the second. */
const stamp = (ms = Date.now()): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
/** A later time than `prev`, even within the same second (so each change moves updated_at). */
const laterThan = (prev: string): string => stamp(Math.max(Date.now(), Date.parse(prev) + 1000));

/** Decimal as the GraphQL Admin API writes it ("2980.0"). */
const decimal = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));
const moneyBag = (n: number): Resolved => {
  const money = { __typename: 'MoneyV2', amount: decimal(n), currencyCode: 'JPY' };
  return { __typename: 'MoneyBag', shopMoney: money, presentmentMoney: money };
};
const restMoneySet = (n: number) => ({ shop_money: { amount: String(n), currency_code: 'JPY' }, presentment_money: { amount: String(n), currency_code: 'JPY' } });

/** 山田 太郎 → last 山田, first 太郎 (family name first, as Japanese checkouts take it). */
const splitName = (full: string): Person => {
  const parts = full.trim().split(/[\s\u3000]+/);
  return parts.length > 1 ? { lastName: parts[0], firstName: parts.slice(1).join(' ') } : { lastName: parts[0] ?? '', firstName: '' };
};

/** The neutral payment word → the gateway name Shopify lists in paymentGatewayNames. */
const GATEWAYS: Record<string, string> = {
  card: 'shopify_payments',
  credit_card: 'shopify_payments',
  bank: 'Bank Deposit',
  cod: 'Cash on Delivery (COD)',
  convenience: 'KOMOJU - コンビニ決済',
  paypay: 'KOMOJU - PayPay',
  amazon_pay: 'amazon_payments',
};

/** Reasons inventorySetQuantities accepts (https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps#inventory-change-reasons). */
const INVENTORY_REASONS = new Set([
  'correction', 'cycle_count_available', 'damaged', 'movement_created', 'movement_updated', 'movement_received', 'movement_canceled',
  'other', 'promotion', 'quality_control', 'received', 'reservation_created', 'reservation_deleted', 'reservation_updated', 'restock',
  'safety_stock', 'shrinkage',
]);

const userError = (code: string | null, field: (string | number)[], message: string) => ({
  __typename: 'InventorySetQuantitiesUserError',
  code,
  field: field.map(String),
  message,
});

/** OrderCancelReason's values. */
export const ORDER_CANCEL_REASONS = ['CUSTOMER', 'DECLINED', 'FRAUD', 'INVENTORY', 'OTHER', 'STAFF'] as const;

/** One orderCancel the shop accepted, as it was asked for (what a test checks). */
export interface StoredCancellation {
  orderId: string;
  name: string;
  at: string;
  reason: string;
  restock: boolean;
  /** refund (deprecated) or refundMethod, as sent; null when neither */
  refund: boolean | null;
  refundMethod: Record<string, unknown> | null;
  notifyCustomer: boolean;
  staffNote: string | null;
  /** displayFinancialStatus before and after */
  financialBefore: string;
  financialAfter: string;
}

const cancelError = (code: string | null, field: string[] | null, message: string) => ({ __typename: 'OrderCancelUserError', code, field, message });

export class ShopifyStore {
  items = new Map<string, StoredItem>();
  orders: StoredOrder[] = [];
  cancellations: StoredCancellation[] = [];
  /** __fake/config {noRefundPermission: true}: the app's staff lacks refund_orders. */
  noRefundPermission = false;
  locationId: string;
  shopDomain: string;
  private seq = 0;
  private idempotency = new Map<string, { params: string; payload: Resolved }>();

  constructor(locationId: string, shopDomain: string) {
    this.locationId = locationId;
    this.shopDomain = shopDomain;
  }

  private next(): number {
    return ++this.seq;
  }

  // ------------------------------------------------------------ inventory

  addItems(list: FakeItem[]): void {
    for (const i of list) {
      this.items.set(i.remoteId, { sku: i.sku, inventoryItemId: i.remoteId, variantId: i.remoteVariantId ?? null, quantity: i.quantity });
    }
  }

  quantities(): Record<string, number> {
    return Object.fromEntries([...this.items.values()].map((i) => [itemKey({ remoteId: i.inventoryItemId, remoteVariantId: i.variantId }), i.quantity]));
  }

  private bySku(sku: string): StoredItem | undefined {
    return [...this.items.values()].find((i) => i.sku === sku);
  }

  // --------------------------------------------------------------- orders

  placeOrder(spec: FakeOrderSpec): StoredOrder {
    const n = this.next();
    // An order number given in the neutral spec's externalId names the order ("#1234"); the demo
    // generator uses it to keep numbers unique across restarts of the fake.
    const given = /^#?(\d{1,12})$/.exec(spec.externalId ?? '');
    const number = given ? Number(given[1]) : 1000 + this.orders.length + 1;
    const legacyId = 6100000000000 + n;
    const now = stamp();
    const createdAt = spec.orderedAt ? stamp(Date.parse(spec.orderedAt)) : now;
    const payment = spec.payment ?? 'card';
    const paid = spec.paid ?? !['bank', 'cod', 'convenience'].includes(payment);
    const lines: StoredLine[] = spec.lines.map((l) => {
      const item = this.bySku(l.sku);
      // Buying lowers the shop's own available quantity, as Shopify does at checkout.
      if (item) item.quantity -= l.quantity;
      return {
        id: `gid://shopify/LineItem/${17000000000000 + this.next()}`,
        sku: l.sku,
        name: l.name ?? l.sku,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        variantId: item?.variantId ?? null,
        inventoryItemId: item?.inventoryItemId ?? null,
      };
    });
    const province = shopifyProvince(spec.shipTo.prefecture);
    const customerName = splitName(spec.customer.name);
    const attributes: { key: string; value: string }[] = [];
    // Japanese shops collect the delivery date and slot as cart attributes; apps write the date with slashes.
    if (spec.desiredDate) attributes.push({ key: '配送希望日', value: spec.desiredDate.replace(/-/g, '/') });
    if (spec.timeSlot) attributes.push({ key: '配送希望時間帯', value: spec.timeSlot });
    const order: StoredOrder = {
      legacyId,
      id: `gid://shopify/Order/${legacyId}`,
      name: `#${number}`,
      number,
      createdAt,
      updatedAt: now,
      cancelledAt: null,
      cancelReason: null,
      financial: paid ? 'PAID' : payment === 'card' ? 'AUTHORIZED' : 'PENDING',
      fulfillment: 'UNFULFILLED',
      email: spec.customer.email ?? null,
      phone: spec.customer.phone ?? null,
      note: spec.note ?? null,
      customer: {
        id: `gid://shopify/Customer/${7200000000000 + n}`,
        legacyId: 7200000000000 + n,
        displayName: spec.customer.name,
        ...customerName,
        email: spec.customer.email ?? null,
        phone: spec.customer.phone ?? null,
      },
      shippingAddress: {
        ...splitName(spec.shipTo.name),
        zip: spec.shipTo.postalCode,
        province: province.province,
        provinceCode: province.provinceCode,
        city: spec.shipTo.city,
        address1: spec.shipTo.address1,
        address2: spec.shipTo.address2 ?? null,
        phone: spec.shipTo.phone,
      },
      lines,
      shippingTitle: '通常配送',
      shippingFee: spec.shippingFee ?? 0,
      gateways: [GATEWAYS[payment] ?? payment],
      customAttributes: attributes,
      fulfillmentOrders: [{ id: `gid://shopify/FulfillmentOrder/${6600000000000 + n}`, status: 'OPEN' }],
      fulfillments: [],
    };
    this.orders.push(order);
    return order;
  }

  /** By GID, legacy id or name (#1001). */
  findOrder(ref: string): StoredOrder | undefined {
    return this.orders.find((o) => o.id === ref || String(o.legacyId) === ref || o.name === ref || o.name === `#${ref}`);
  }

  /** The store cancels the order: restock, close its fulfillment orders, void or refund the payment. */
  cancelOrder(ref: string): StoredOrder | undefined {
    const o = this.findOrder(ref);
    if (!o || o.cancelledAt) return undefined;
    for (const l of o.lines) {
      const item = l.inventoryItemId ? this.items.get(l.inventoryItemId) : undefined;
      if (item) item.quantity += l.quantity;
    }
    o.updatedAt = laterThan(o.updatedAt);
    o.cancelledAt = o.updatedAt;
    o.cancelReason = 'CUSTOMER';
    o.financial = o.financial === 'PAID' ? 'REFUNDED' : 'VOIDED';
    for (const fo of o.fulfillmentOrders) if (fo.status === 'OPEN' || fo.status === 'IN_PROGRESS') fo.status = 'CLOSED';
    return o;
  }

  subtotal(o: StoredOrder): number {
    return o.lines.reduce((n, l) => n + l.quantity * l.unitPrice, 0);
  }
  total(o: StoredOrder): number {
    return this.subtotal(o) + o.shippingFee;
  }
  /** Japanese prices include 10% consumption tax; Shopify reports the included part. */
  tax(o: StoredOrder): number {
    return Math.floor((this.total(o) * 10) / 110);
  }

  // -------------------------------------------------------- GraphQL shapes

  private mailingAddress(a: StoredOrder['shippingAddress']): Resolved {
    return {
      __typename: 'MailingAddress',
      firstName: a.firstName,
      lastName: a.lastName,
      // Shopify composes `name` first-name-first, whatever the country: "花子 山田".
      name: [a.firstName, a.lastName].filter(Boolean).join(' '),
      company: null,
      zip: a.zip,
      province: a.province,
      provinceCode: a.provinceCode,
      city: a.city,
      address1: a.address1,
      address2: a.address2,
      phone: a.phone,
      country: 'Japan',
      countryCodeV2: 'JP',
    };
  }

  private lineItemNode(l: StoredLine, o: StoredOrder): Resolved {
    const item = l.inventoryItemId ? this.items.get(l.inventoryItemId) : undefined;
    return {
      __typename: 'LineItem',
      id: l.id,
      sku: l.sku,
      name: l.name,
      title: l.name,
      variantTitle: null,
      quantity: l.quantity,
      currentQuantity: o.cancelledAt ? 0 : l.quantity,
      unfulfilledQuantity: o.fulfillment === 'FULFILLED' || o.cancelledAt ? 0 : l.quantity,
      requiresShipping: true,
      taxable: true,
      originalUnitPriceSet: moneyBag(l.unitPrice),
      discountedUnitPriceSet: moneyBag(l.unitPrice),
      originalTotalSet: moneyBag(l.unitPrice * l.quantity),
      variant: l.variantId
        ? {
            __typename: 'ProductVariant',
            id: l.variantId,
            sku: item?.sku ?? l.sku,
            title: 'Default Title',
            inventoryItem: { __typename: 'InventoryItem', id: l.inventoryItemId, sku: item?.sku ?? l.sku, tracked: true },
          }
        : null,
    };
  }

  orderNode(o: StoredOrder): Resolved {
    const lineNodes = () => o.lines.map((l) => this.lineItemNode(l, o));
    const lineKey = (n: Resolved) => [o.lines.findIndex((l) => l.id === n.id)];
    const fulfillmentOrderNode = (fo: StoredOrder['fulfillmentOrders'][number]): Resolved => ({
      __typename: 'FulfillmentOrder',
      id: fo.id,
      status: fo.status,
      requestStatus: 'UNSUBMITTED',
      orderId: o.id,
      assignedLocation: { __typename: 'FulfillmentOrderAssignedLocation', name: 'Kura fake warehouse', location: { __typename: 'Location', id: this.locationId } },
      supportedActions: (fo.status === 'OPEN' || fo.status === 'IN_PROGRESS' ? ['CREATE_FULFILLMENT', 'HOLD', 'MOVE'] : []).map((action) => ({ __typename: 'FulfillmentOrderSupportedAction', action })),
      lineItems: (args: Record<string, unknown>) =>
        connection(
          'FulfillmentOrderLineItemConnection',
          lineNodes().map((li, i) => ({
            __typename: 'FulfillmentOrderLineItem',
            id: `gid://shopify/FulfillmentOrderLineItem/${fo.id.split('/').pop()}${i}`,
            totalQuantity: li.quantity,
            remainingQuantity: fo.status === 'CLOSED' ? 0 : li.quantity,
            lineItem: li,
          })),
          args,
          (n) => [String(n.id)],
        ),
    });
    return {
      __typename: 'Order',
      id: o.id,
      legacyResourceId: String(o.legacyId),
      name: o.name,
      createdAt: o.createdAt,
      processedAt: o.createdAt,
      updatedAt: o.updatedAt,
      cancelledAt: o.cancelledAt,
      cancelReason: o.cancelReason,
      closed: o.fulfillment === 'FULFILLED',
      closedAt: null,
      confirmed: true,
      test: false,
      sourceName: 'web',
      tags: [],
      displayFinancialStatus: o.financial,
      displayFulfillmentStatus: o.fulfillment,
      email: o.email,
      phone: o.phone,
      note: o.note,
      currencyCode: 'JPY',
      presentmentCurrencyCode: 'JPY',
      taxesIncluded: true,
      currentTotalPriceSet: moneyBag(o.cancelledAt ? 0 : this.total(o)),
      totalPriceSet: moneyBag(this.total(o)),
      currentSubtotalPriceSet: moneyBag(o.cancelledAt ? 0 : this.subtotal(o)),
      subtotalPriceSet: moneyBag(this.subtotal(o)),
      totalShippingPriceSet: moneyBag(o.shippingFee),
      currentShippingPriceSet: moneyBag(o.shippingFee),
      currentTotalTaxSet: moneyBag(o.cancelledAt ? 0 : this.tax(o)),
      totalTaxSet: moneyBag(this.tax(o)),
      currentTotalDiscountsSet: moneyBag(0),
      totalDiscountsSet: moneyBag(0),
      paymentGatewayNames: o.gateways,
      customAttributes: o.customAttributes.map((a) => ({ __typename: 'Attribute', ...a })),
      customer: o.customer
        ? {
            __typename: 'Customer',
            id: o.customer.id,
            legacyResourceId: String(o.customer.legacyId),
            displayName: o.customer.displayName,
            firstName: o.customer.firstName,
            lastName: o.customer.lastName,
            // Customer.email / Customer.phone are deprecated: the current fields are these two.
            defaultEmailAddress: o.customer.email ? { __typename: 'CustomerEmailAddress', emailAddress: o.customer.email } : null,
            defaultPhoneNumber: o.customer.phone ? { __typename: 'CustomerPhoneNumber', phoneNumber: o.customer.phone } : null,
          }
        : null,
      shippingAddress: this.mailingAddress(o.shippingAddress),
      billingAddress: this.mailingAddress(o.shippingAddress),
      shippingLine: {
        __typename: 'ShippingLine',
        title: o.shippingTitle,
        code: 'standard',
        source: 'shopify',
        originalPriceSet: moneyBag(o.shippingFee),
        discountedPriceSet: moneyBag(o.shippingFee),
      },
      lineItems: (args: Record<string, unknown>) => connection('LineItemConnection', lineNodes(), args, lineKey),
      fulfillmentOrders: (args: Record<string, unknown>) =>
        connection('FulfillmentOrderConnection', o.fulfillmentOrders.map(fulfillmentOrderNode), args, (n) => [String(n.id)]),
      fulfillments: () =>
        o.fulfillments.map((f) => ({
          __typename: 'Fulfillment',
          id: f.id,
          status: 'SUCCESS',
          createdAt: f.createdAt,
          trackingInfo: f.trackingInfo.map((t) => ({ __typename: 'FulfillmentTrackingInfo', ...t })),
        })),
    };
  }

  inventoryItemNode(item: StoredItem): Resolved {
    const level = (locationId: string): Resolved | null =>
      locationId !== this.locationId
        ? null
        : {
            __typename: 'InventoryLevel',
            id: `gid://shopify/InventoryLevel/${item.inventoryItemId.split('/').pop()}?inventory_item_id=${item.inventoryItemId.split('/').pop()}`,
            location: { __typename: 'Location', id: this.locationId, name: 'Kura fake warehouse' },
            quantities: (args: Record<string, unknown>) =>
              ((args.names as string[] | undefined) ?? []).map((name) => ({
                __typename: 'InventoryQuantity',
                name,
                quantity: name === 'available' || name === 'on_hand' ? item.quantity : 0,
                updatedAt: null,
              })),
          };
    return {
      __typename: 'InventoryItem',
      id: item.inventoryItemId,
      sku: item.sku,
      tracked: true,
      variant: item.variantId ? { __typename: 'ProductVariant', id: item.variantId, sku: item.sku } : null,
      inventoryLevel: (args: Record<string, unknown>) => level(String(args.locationId)),
    };
  }

  // ------------------------------------------------------------ mutations

  /**
   * inventorySetQuantities as API 2026-04 and later define it: every quantity
   * names its changeFromQuantity (null skips the compare-and-swap check), the
   * @idempotent key is mandatory, and the whole call is refused when any
   * quantity is invalid (nothing is applied; userErrors point at the index).
   */
  setQuantities(input: Record<string, unknown>, version: string, idempotencyKey: string | null): { payload: Resolved; applied: boolean } {
    const casByChangeFrom = version >= '2026-04';
    const quantities = (input.quantities as Record<string, unknown>[]) ?? [];
    if (quantities.length > 250) {
      throw new GqlError(`The input array size of ${quantities.length} is greater than the maximum allowed of 250.`, 'MAX_INPUT_SIZE_EXCEEDED');
    }
    if (casByChangeFrom) {
      if ('ignoreCompareQuantity' in input) throw new GqlError("InputObject 'InventorySetQuantitiesInput' doesn't accept argument 'ignoreCompareQuantity'", 'argumentNotAccepted');
      if (quantities.some((q) => 'compareQuantity' in q)) throw new GqlError("InputObject 'InventoryQuantityInput' doesn't accept argument 'compareQuantity'", 'argumentNotAccepted');
      if (!idempotencyKey) throw new GqlError('An idempotency key is required for inventorySetQuantities: add @idempotent(key: ...) to the mutation.', 'BAD_REQUEST');
    }
    const params = JSON.stringify(input);
    if (idempotencyKey) {
      const seen = this.idempotency.get(idempotencyKey);
      if (seen && seen.params === params) return { payload: seen.payload, applied: false };
      if (seen) {
        return {
          payload: { __typename: 'InventorySetQuantitiesPayload', inventoryAdjustmentGroup: null, userErrors: [userError('IDEMPOTENCY_KEY_PARAMETER_MISMATCH', ['input'], 'The same idempotency key cannot be used with different operation parameters.')] },
          applied: false,
        };
      }
    }
    const errors: ReturnType<typeof userError>[] = [];
    if (input.name !== 'available' && input.name !== 'on_hand') errors.push(userError('INVALID_NAME', ['input', 'name'], "The quantity name must be either 'available' or 'on_hand'."));
    if (typeof input.reason !== 'string' || !INVENTORY_REASONS.has(input.reason)) errors.push(userError('INVALID_REASON', ['input', 'reason'], 'The specified reason is invalid.'));
    const pairs = new Set<string>();
    quantities.forEach((q, i) => {
      const at = ['input', 'quantities', i];
      const item = this.items.get(String(q.inventoryItemId));
      if (q.locationId !== this.locationId) errors.push(userError('INVALID_LOCATION', [...at, 'locationId'], 'The specified location could not be found.'));
      else if (!item) errors.push(userError('INVALID_INVENTORY_ITEM', [...at, 'inventoryItemId'], 'The specified inventory item could not be found.'));
      const quantity = q.quantity as number;
      if (typeof quantity !== 'number' || !Number.isInteger(quantity)) errors.push(userError(null, [...at, 'quantity'], 'Quantity must be an integer.'));
      else if (quantity < 0) errors.push(userError('INVALID_QUANTITY_NEGATIVE', [...at, 'quantity'], "The quantity can't be negative."));
      else if (quantity > 1_000_000_000) errors.push(userError('INVALID_QUANTITY_TOO_HIGH', [...at, 'quantity'], "The total quantity can't be higher than 1,000,000,000."));
      const pair = `${q.inventoryItemId}|${q.locationId}`;
      if (pairs.has(pair)) errors.push(userError('NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR', at, 'The combination of inventoryItemId and locationId must be unique.'));
      pairs.add(pair);
      if (casByChangeFrom) {
        if (!('changeFromQuantity' in q)) errors.push(userError(null, [...at, 'changeFromQuantity'], 'changeFromQuantity is required: pass the expected quantity, or null to skip the check.'));
        else if (q.changeFromQuantity !== null && item && q.changeFromQuantity !== item.quantity) {
          errors.push(userError('CHANGE_FROM_QUANTITY_STALE', [...at, 'changeFromQuantity'], 'The changeFromQuantity value does not match persisted value.'));
        }
      } else if (input.ignoreCompareQuantity !== true && !('compareQuantity' in q)) {
        errors.push(userError('COMPARE_QUANTITY_REQUIRED', [...at, 'compareQuantity'], 'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.'));
      }
    });
    let payload: Resolved;
    if (errors.length) {
      payload = { __typename: 'InventorySetQuantitiesPayload', inventoryAdjustmentGroup: null, userErrors: errors };
    } else {
      const changes = quantities.map((q) => {
        const item = this.items.get(String(q.inventoryItemId))!;
        const delta = (q.quantity as number) - item.quantity;
        item.quantity = q.quantity as number;
        return {
          __typename: 'InventoryChange',
          name: input.name,
          delta,
          quantityAfterChange: item.quantity,
          item: { __typename: 'InventoryItem', id: item.inventoryItemId, sku: item.sku },
          location: { __typename: 'Location', id: this.locationId },
        };
      });
      payload = {
        __typename: 'InventorySetQuantitiesPayload',
        inventoryAdjustmentGroup: {
          __typename: 'InventoryAdjustmentGroup',
          id: `gid://shopify/InventoryAdjustmentGroup/${30000000000 + this.next()}`,
          createdAt: stamp(),
          reason: input.reason,
          referenceDocumentUri: input.referenceDocumentUri ?? null,
          changes,
        },
        userErrors: [],
      };
    }
    if (idempotencyKey) this.idempotency.set(idempotencyKey, { params, payload });
    return { payload, applied: errors.length === 0 };
  }

  /** fulfillmentCreate: closes the named fulfillment orders and records the tracking. */
  fulfillmentCreate(fulfillment: Record<string, unknown>): { payload: Resolved; order: StoredOrder | null } {
    const fail = (message: string, field = ['fulfillment']) => ({
      payload: { __typename: 'FulfillmentCreatePayload', fulfillment: null, userErrors: [{ __typename: 'UserError', field, message }] },
      order: null,
    });
    const groups = (fulfillment.lineItemsByFulfillmentOrder as { fulfillmentOrderId?: string }[] | undefined) ?? [];
    if (groups.length === 0) return fail('lineItemsByFulfillmentOrder must contain at least one fulfillment order.', ['fulfillment', 'lineItemsByFulfillmentOrder']);
    const found = groups.map((g) => {
      for (const o of this.orders) {
        const fo = o.fulfillmentOrders.find((f) => f.id === g.fulfillmentOrderId);
        if (fo) return { o, fo };
      }
      return null;
    });
    const missing = groups.find((_, i) => !found[i]);
    if (missing) return fail(`Invalid fulfillment order id provided: ${missing.fulfillmentOrderId}`);
    const order = found[0]!.o;
    if (found.some((f) => f!.o !== order)) return fail('All fulfillment orders must belong to the same order.');
    const closed = found.find((f) => f!.fo.status !== 'OPEN' && f!.fo.status !== 'IN_PROGRESS');
    if (closed) return fail(`Fulfillment order ${closed.fo.id} has an unfulfillable status= ${closed.fo.status.toLowerCase()}.`);
    const tracking = (fulfillment.trackingInfo as Record<string, unknown> | undefined) ?? {};
    const created: StoredFulfillment = {
      id: `gid://shopify/Fulfillment/${5400000000000 + this.next()}`,
      createdAt: stamp(),
      trackingInfo: [{ company: (tracking.company as string) ?? null, number: (tracking.number as string) ?? null, url: (tracking.url as string) ?? null }],
      notifyCustomer: fulfillment.notifyCustomer === true,
    };
    for (const f of found) f!.fo.status = 'CLOSED';
    order.fulfillments.push(created);
    order.fulfillment = order.fulfillmentOrders.every((f) => f.status === 'CLOSED') ? 'FULFILLED' : 'PARTIALLY_FULFILLED';
    order.updatedAt = laterThan(order.updatedAt);
    return {
      payload: {
        __typename: 'FulfillmentCreatePayload',
        fulfillment: {
          __typename: 'Fulfillment',
          id: created.id,
          status: 'SUCCESS',
          createdAt: created.createdAt,
          trackingInfo: created.trackingInfo.map((t) => ({ __typename: 'FulfillmentTrackingInfo', ...t })),
        },
        userErrors: [],
      },
      order,
    };
  }

  /**
   * orderCancel, after the arguments passed GraphQL validation (fake.ts). What
   * the documentation states, the fake enforces: an order cancels once; not
   * with fulfillments that cannot be cancelled; staffNote ≤ 255 characters;
   * a refund needs the refund_orders permission (NO_REFUND_PERMISSION); an
   * authorisation is voided whatever refund says; restock puts the committed
   * units back at the location. The cancel runs at once here (Shopify runs it
   * as a job), so the job answers done and jobResult SUCCEEDED.
   * The messages are the fake's own words; the codes are Shopify's.
   */
  orderCancel(args: Record<string, unknown>, withJobResult: boolean): { payload: Resolved; order: StoredOrder | null } {
    const fail = (...errors: ReturnType<typeof cancelError>[]) => ({
      payload: {
        __typename: 'OrderCancelPayload',
        job: null,
        ...(withJobResult ? { jobResult: null } : {}),
        orderCancelUserErrors: errors,
        userErrors: errors.map((e) => ({ __typename: 'UserError', field: e.field, message: e.message })),
      },
      order: null,
    });
    const o = this.orders.find((x) => x.id === args.orderId);
    if (!o) return fail(cancelError('NOT_FOUND', ['orderId'], 'Order does not exist.'));
    if (o.cancelledAt) return fail(cancelError('INVALID', ['orderId'], 'Order has already been cancelled.'));
    if (o.fulfillments.length > 0) return fail(cancelError('INVALID', ['orderId'], 'Order has fulfillments that cannot be cancelled.'));
    const staffNote = typeof args.staffNote === 'string' ? args.staffNote : null;
    if (staffNote !== null && [...staffNote].length > 255) return fail(cancelError('INVALID', ['staffNote'], 'Staff note is too long (maximum is 255 characters).'));
    const refundMethod = args.refundMethod && typeof args.refundMethod === 'object' ? (args.refundMethod as Record<string, unknown>) : null;
    const refund = typeof args.refund === 'boolean' ? args.refund : null;
    const refunding = refund === true || refundMethod?.originalPaymentMethodsRefund === true || !!refundMethod?.storeCreditRefund;
    if (refunding && this.noRefundPermission) {
      return fail(cancelError('NO_REFUND_PERMISSION', ['refund'], 'An order refund was requested but the user does not have the refund_orders permission.'));
    }
    const before = o.financial;
    if (args.restock === true) {
      for (const l of o.lines) {
        const item = l.inventoryItemId ? this.items.get(l.inventoryItemId) : undefined;
        if (item) item.quantity += l.quantity;
      }
    }
    o.updatedAt = laterThan(o.updatedAt);
    o.cancelledAt = o.updatedAt;
    o.cancelReason = String(args.reason);
    // "Authorized payments will be voided regardless of this setting."
    if (o.financial === 'AUTHORIZED' || o.financial === 'PENDING') o.financial = 'VOIDED';
    else if (o.financial === 'PAID' && refunding) o.financial = 'REFUNDED';
    for (const fo of o.fulfillmentOrders) if (fo.status === 'OPEN' || fo.status === 'IN_PROGRESS' || fo.status === 'ON_HOLD' || fo.status === 'SCHEDULED') fo.status = 'CLOSED';
    this.cancellations.push({
      orderId: o.id,
      name: o.name,
      at: o.cancelledAt,
      reason: String(args.reason),
      restock: args.restock === true,
      refund,
      refundMethod,
      notifyCustomer: args.notifyCustomer === true,
      staffNote,
      financialBefore: before,
      financialAfter: o.financial,
    });
    const jobId = `gid://shopify/Job/${crypto.randomUUID()}`;
    return {
      payload: {
        __typename: 'OrderCancelPayload',
        job: { __typename: 'Job', id: jobId, done: true },
        ...(withJobResult ? { jobResult: { __typename: 'OrderCancelJobResult', id: jobId, done: true, status: 'SUCCEEDED', errors: [], order: this.orderNode(o) } } : {}),
        orderCancelUserErrors: [],
        userErrors: [],
      },
      order: o,
    };
  }

  // ------------------------------------------------------- webhook (REST)

  /** The order as a webhook carries it: the REST Admin API's JSON, snake_case, amounts as strings. */
  restOrder(o: StoredOrder): Record<string, unknown> {
    const address = {
      first_name: o.shippingAddress.firstName,
      last_name: o.shippingAddress.lastName,
      name: [o.shippingAddress.firstName, o.shippingAddress.lastName].filter(Boolean).join(' '),
      company: null,
      address1: o.shippingAddress.address1,
      address2: o.shippingAddress.address2,
      city: o.shippingAddress.city,
      province: o.shippingAddress.province,
      province_code: o.shippingAddress.provinceCode,
      zip: o.shippingAddress.zip,
      country: 'Japan',
      country_code: 'JP',
      phone: o.shippingAddress.phone,
    };
    return {
      id: o.legacyId,
      admin_graphql_api_id: o.id,
      name: o.name,
      order_number: o.number,
      number: o.number - 1000,
      created_at: o.createdAt,
      processed_at: o.createdAt,
      updated_at: o.updatedAt,
      cancelled_at: o.cancelledAt,
      cancel_reason: o.cancelReason?.toLowerCase() ?? null,
      closed_at: null,
      email: o.email,
      contact_email: o.email,
      phone: o.phone,
      note: o.note,
      note_attributes: o.customAttributes.map((a) => ({ name: a.key, value: a.value })),
      currency: 'JPY',
      presentment_currency: 'JPY',
      taxes_included: true,
      financial_status: o.financial.toLowerCase(),
      fulfillment_status: o.fulfillment === 'FULFILLED' ? 'fulfilled' : o.fulfillment === 'PARTIALLY_FULFILLED' ? 'partial' : null,
      total_price: String(this.total(o)),
      subtotal_price: String(this.subtotal(o)),
      total_tax: String(this.tax(o)),
      total_discounts: '0',
      current_total_price: String(o.cancelledAt ? 0 : this.total(o)),
      current_subtotal_price: String(o.cancelledAt ? 0 : this.subtotal(o)),
      current_total_tax: String(o.cancelledAt ? 0 : this.tax(o)),
      current_total_discounts: '0',
      total_shipping_price_set: restMoneySet(o.shippingFee),
      payment_gateway_names: o.gateways,
      customer: o.customer
        ? {
            id: o.customer.legacyId,
            admin_graphql_api_id: o.customer.id,
            email: o.customer.email,
            phone: o.customer.phone,
            first_name: o.customer.firstName,
            last_name: o.customer.lastName,
          }
        : null,
      shipping_address: address,
      billing_address: address,
      line_items: o.lines.map((l) => ({
        id: Number(l.id.split('/').pop()),
        admin_graphql_api_id: l.id,
        sku: l.sku,
        name: l.name,
        title: l.name,
        quantity: l.quantity,
        current_quantity: o.cancelledAt ? 0 : l.quantity,
        fulfillable_quantity: o.fulfillment === 'FULFILLED' || o.cancelledAt ? 0 : l.quantity,
        price: String(l.unitPrice),
        price_set: restMoneySet(l.unitPrice),
        variant_id: l.variantId ? Number(l.variantId.split('/').pop()) : null,
        product_id: l.variantId ? 8000000000000 + Number(l.variantId.split('/').pop()) % 1000000 : null,
        requires_shipping: true,
      })),
      shipping_lines: [{ title: o.shippingTitle, code: 'standard', source: 'shopify', price: String(o.shippingFee), price_set: restMoneySet(o.shippingFee) }],
      fulfillments: o.fulfillments.map((f) => ({
        id: Number(f.id.split('/').pop()),
        status: 'success',
        tracking_company: f.trackingInfo[0]?.company ?? null,
        tracking_number: f.trackingInfo[0]?.number ?? null,
      })),
    };
  }
}
