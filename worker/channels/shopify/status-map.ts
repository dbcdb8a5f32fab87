/**
 * Shopify's order state in Kura's terms. Shopify has no single status: an
 * order carries a financial status, a fulfillment status and cancelledAt
 * (https://shopify.dev/docs/api/admin-graphql/latest/enums/OrderDisplayFinancialStatus,
 *  https://shopify.dev/docs/api/admin-graphql/latest/enums/OrderDisplayFulfillmentStatus).
 * Webhooks carry the same values in lower case (financial_status "paid",
 * fulfillment_status null | "fulfilled" | "partial" | "restocked"); they are
 * upper-cased into these enums before the lookup.
 *
 * `cancelled` comes from cancelledAt alone: a REFUNDED or VOIDED order is not
 * necessarily cancelled (a merchant can refund and still ship a replacement).
 */

/** financial status → is the money there (or secured) so the order can ship? */
export const FINANCIAL_STATUS: Readonly<Record<string, { paid: boolean; ja: string }>> = {
  PAID: { paid: true, ja: '支払い済み' },
  PARTIALLY_REFUNDED: { paid: true, ja: '一部返金済み' },
  REFUNDED: { paid: true, ja: '返金済み' },
  // The card is authorized and is captured later (often at shipment): the money is secured.
  AUTHORIZED: { paid: true, ja: 'オーソリ済み' },
  PENDING: { paid: false, ja: '支払い待ち' },
  PARTIALLY_PAID: { paid: false, ja: '一部支払い済み' },
  EXPIRED: { paid: false, ja: 'オーソリ期限切れ' },
  VOIDED: { paid: false, ja: '無効' },
};

/** fulfillment status → has it left the warehouse? */
export const FULFILLMENT_STATUS: Readonly<Record<string, { shipped: boolean; ja: string }>> = {
  UNFULFILLED: { shipped: false, ja: '未発送' },
  PARTIALLY_FULFILLED: { shipped: false, ja: '一部発送済み' },
  FULFILLED: { shipped: true, ja: '発送済み' },
  IN_PROGRESS: { shipped: false, ja: '処理中' },
  ON_HOLD: { shipped: false, ja: '保留中' },
  OPEN: { shipped: false, ja: '未処理' },
  PENDING_FULFILLMENT: { shipped: false, ja: '発送待ち' },
  REQUEST_DECLINED: { shipped: false, ja: '依頼拒否' },
  RESTOCKED: { shipped: false, ja: '在庫戻し' },
  SCHEDULED: { shipped: false, ja: '予定済み' },
};

/** REST webhook words → the GraphQL enum values above. */
export const restFinancialStatus = (s: string | null | undefined): string => (s ? s.toUpperCase() : 'PENDING');
export const restFulfillmentStatus = (s: string | null | undefined): string =>
  !s ? 'UNFULFILLED' : s === 'partial' ? 'PARTIALLY_FULFILLED' : s.toUpperCase();

export interface ShopifyOrderState {
  cancelled: boolean;
  paid: boolean;
  shipped: boolean;
  /** "PAID/UNFULFILLED", or "CANCELLED/REFUNDED" for a cancelled order */
  mallStatus: string;
}

export const orderState = (o: { cancelledAt: string | null | undefined; financial: string | null | undefined; fulfillment: string | null | undefined }): ShopifyOrderState => {
  const financial = o.financial || 'PENDING';
  const fulfillment = o.fulfillment || 'UNFULFILLED';
  const cancelled = !!o.cancelledAt;
  return {
    cancelled,
    // An unknown (newer) status is treated as unpaid / not shipped: Kura then waits rather than ships.
    paid: FINANCIAL_STATUS[financial]?.paid ?? false,
    shipped: FULFILLMENT_STATUS[fulfillment]?.shipped ?? false,
    mallStatus: cancelled ? `CANCELLED/${financial}` : `${financial}/${fulfillment}`,
  };
};
