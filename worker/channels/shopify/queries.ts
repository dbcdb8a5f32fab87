/**
 * The GraphQL documents the Shopify adapter sends, and the page sizes that
 * keep each one under the 1,000-point single-query cost limit
 * (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits: an
 * object costs 1, a connection 2 + first × its node). One order below costs
 * about 19 + 5 × lines, so 15 orders with 5 lines each request ~660 points;
 * an order with more lines has the rest fetched by ORDER_LINES_QUERY.
 */

export const ORDERS_PAGE_SIZE = 15;
export const LINES_PER_ORDER = 5;
export const MORE_LINES_PAGE_SIZE = 100;
/** nodes(ids:) takes at most 250 ids (input arrays are capped at 250). */
export const NODES_PER_QUERY = 250;

const LINE_FIELDS = `id sku name quantity currentQuantity
      originalUnitPriceSet { shopMoney { amount currencyCode } }
      variant { id sku inventoryItem { id } }`;

const ORDER_FIELDS = `id name createdAt updatedAt cancelledAt cancelReason
    displayFinancialStatus displayFulfillmentStatus
    email phone note paymentGatewayNames
    currentTotalPriceSet { shopMoney { amount currencyCode } }
    currentSubtotalPriceSet { shopMoney { amount } }
    totalShippingPriceSet { shopMoney { amount } }
    currentTotalTaxSet { shopMoney { amount } }
    currentTotalDiscountsSet { shopMoney { amount } }
    customer { displayName firstName lastName defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } }
    shippingAddress { firstName lastName name company zip province provinceCode city address1 address2 phone countryCodeV2 }
    shippingLine { title code }
    customAttributes { key value }
    lineItems(first: $lines) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } }`;

/** Orders changed in a window, oldest change first (sortKey UPDATED_AT keeps paging stable). */
export const ORDERS_QUERY = `query KuraOrders($first: Int!, $after: String, $query: String!, $lines: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${ORDER_FIELDS} }
  }
}`;

/** The rest of an order's lines, when one page of LINES_PER_ORDER was not all. */
export const ORDER_LINES_QUERY = `query KuraOrderLines($id: ID!, $after: String, $first: Int!) {
  order(id: $id) {
    lineItems(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } }
  }
}`;

/** An order's GID from its name (#1001), for a shipment whose raw payload lacks it. */
export const ORDER_BY_NAME_QUERY = `query KuraOrderByName($query: String!) {
  orders(first: 1, query: $query) { nodes { id name } }
}`;

export const FULFILLMENT_ORDERS_QUERY = `query KuraFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id name cancelledAt displayFulfillmentStatus
    fulfillmentOrders(first: 20) { nodes { id status } }
  }
}`;

export const FULFILLMENT_CREATE_MUTATION = `mutation KuraFulfill($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}`;

/** Absolute "available" quantities; the idempotency key is mandatory from API 2026-04. */
export const SET_QUANTITIES_MUTATION = `mutation KuraSetStock($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}`;

export const READ_STOCK_QUERY = `query KuraReadStock($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) {
    ... on InventoryItem {
      id
      inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
    }
  }
}`;

export const TEST_CONNECTION_QUERY = `query KuraTestConnection($locationId: ID!) {
  shop { name myshopifyDomain }
  location(id: $locationId) { id isActive }
}`;

export const WEBHOOK_SUBSCRIBE_MUTATION = `mutation KuraSubscribe($topic: WebhookSubscriptionTopic!, $subscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $subscription) {
    webhookSubscription { id topic uri }
    userErrors { field message }
  }
}`;

/** What a cancel needs to know first: already cancelled (a retry), and whether money was taken. */
export const ORDER_FOR_CANCEL_QUERY = `query KuraOrderForCancel($id: ID!) {
  order(id: $id) { id name cancelledAt displayFinancialStatus displayFulfillmentStatus }
}`;

/**
 * orderCancel (https://shopify.dev/docs/api/admin-graphql/latest/mutations/orderCancel):
 * restock is required; refundMethod replaces the deprecated refund flag; the
 * cancel itself runs as a job, so jobResult says whether it already failed.
 */
export const ORDER_CANCEL_MUTATION = `mutation KuraCancelOrder($orderId: ID!, $reason: OrderCancelReason!, $restock: Boolean!, $notifyCustomer: Boolean, $staffNote: String, $refundMethod: OrderCancelRefundMethodInput) {
  orderCancel(orderId: $orderId, reason: $reason, restock: $restock, notifyCustomer: $notifyCustomer, staffNote: $staffNote, refundMethod: $refundMethod) {
    job { id done }
    jobResult { id done status errors { code field message } }
    orderCancelUserErrors { code field message }
  }
}`;
