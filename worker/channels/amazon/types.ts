/**
 * The slices of the SP-API JSON models Kura reads, with Amazon's own field names.
 * Orders API v0: https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/ordersV0.json
 * Listings Items 2021-08-01: https://github.com/amzn/selling-partner-api-models/blob/main/models/listings-items-api-model/listingsItems_2021-08-01.json
 */

export interface Money {
  CurrencyCode?: string;
  /** A decimal string, e.g. "1234" (yen have no decimals). */
  Amount?: string;
}

export interface Address {
  Name?: string;
  CompanyName?: string;
  AddressLine1?: string;
  AddressLine2?: string;
  AddressLine3?: string;
  City?: string;
  County?: string;
  District?: string;
  StateOrRegion?: string;
  Municipality?: string;
  PostalCode?: string;
  CountryCode?: string;
  Phone?: string;
  AddressType?: string;
}

export interface AmazonOrder {
  AmazonOrderId: string;
  PurchaseDate: string;
  LastUpdateDate: string;
  OrderStatus: string;
  FulfillmentChannel?: 'MFN' | 'AFN';
  OrderTotal?: Money;
  PaymentMethod?: 'COD' | 'CVS' | 'Other';
  PaymentMethodDetails?: string[];
  MarketplaceId?: string;
  ShipServiceLevel?: string;
  ShipmentServiceLevelCategory?: string;
  EarliestDeliveryDate?: string;
  LatestDeliveryDate?: string;
  ShippingAddress?: Address;
  BuyerInfo?: { BuyerEmail?: string; BuyerName?: string };
  [field: string]: unknown;
}

export interface AmazonOrderItem {
  ASIN: string;
  SellerSKU?: string;
  OrderItemId: string;
  Title?: string;
  QuantityOrdered: number;
  QuantityShipped?: number;
  /** For the whole quantity: unit price × QuantityOrdered. */
  ItemPrice?: Money;
  ShippingPrice?: Money;
  ItemTax?: Money;
  ShippingTax?: Money;
  ShippingDiscount?: Money;
  PromotionDiscount?: Money;
  CODFee?: Money;
  CODFeeDiscount?: Money;
  PointsGranted?: { PointsNumber?: number; PointsMonetaryValue?: Money };
  ScheduledDeliveryStartDate?: string;
  ScheduledDeliveryEndDate?: string;
  [field: string]: unknown;
}

/** What Kura keeps as the order's raw payload: the order as Amazon sent it, plus its items. */
export type AmazonOrderWithItems = AmazonOrder & { OrderItems: AmazonOrderItem[] };

/** The SP-API error body (every API): {errors:[{code, message, details}]}. */
export interface SpErrorBody {
  errors?: { code?: string; message?: string; details?: string }[];
}

/** patchListingsItem's answer (ListingsItemSubmissionResponse). */
export interface ListingsSubmission {
  sku: string;
  status: 'ACCEPTED' | 'INVALID' | 'VALID';
  submissionId: string;
  issues?: { code: string; message: string; severity: 'ERROR' | 'WARNING' | 'INFO'; attributeNames?: string[] }[];
}

/** getListingsItem with includedData=fulfillmentAvailability. */
export interface ListingsItem {
  sku: string;
  fulfillmentAvailability?: { fulfillmentChannelCode: string; quantity?: number }[];
}
