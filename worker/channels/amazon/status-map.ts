/**
 * Amazon order statuses (Orders API v0 `OrderStatus`) in Kura's terms, and
 * whether the order is paid. One table, no I/O.
 *
 * Source: https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/ordersV0.json
 * (getOrders `OrderStatuses`, Order.OrderStatus / PaymentMethod / ShippingAddress notes).
 *
 * Pending orders: Amazon has not authorised the payment yet (konbini and other
 * pay-later methods stay Pending until the buyer pays), the order has no
 * ShippingAddress and getOrderItems answers no prices. Kura does NOT import them:
 * such an order reaches Kura when it becomes Unshipped (its LastUpdateDate moves,
 * so the next pull window sees it). Amazon itself holds the unit for a Pending
 * order, so Amazon cannot oversell; other malls can sell the same unit meanwhile,
 * which is the price of not importing half-empty orders.
 */
import type { PaymentMethod } from '../../orders/choices';
import { amazonPayment } from './payment-methods';

export type AmazonOrderStatus =
  | 'PendingAvailability'
  | 'Pending'
  | 'Unshipped'
  | 'PartiallyShipped'
  | 'Shipped'
  | 'InvoiceUnconfirmed'
  | 'Canceled'
  | 'Unfulfillable';

export interface StatusMeaning {
  /** Imported now; false while Amazon has no address or prices for it (see above). */
  importable: boolean;
  cancelled: boolean;
  /** Every item has shipped (by the seller for MFN, by Amazon for AFN). */
  shipped: boolean;
  /** Amazon has authorised the payment (COD is still settled on delivery). */
  paymentAuthorised: boolean;
}

export const ORDER_STATUS: Record<AmazonOrderStatus, StatusMeaning> = {
  // Pre-order, payment not authorised, release date in the future.
  PendingAvailability: { importable: false, cancelled: false, shipped: false, paymentAuthorised: false },
  // Placed, payment not authorised yet: no address, no prices.
  Pending: { importable: false, cancelled: false, shipped: false, paymentAuthorised: false },
  // Paid and ready to ship: Kura's new order.
  Unshipped: { importable: true, cancelled: false, shipped: false, paymentAuthorised: true },
  // Some items shipped: still open in Kura until the rest ships.
  PartiallyShipped: { importable: true, cancelled: false, shipped: false, paymentAuthorised: true },
  Shipped: { importable: true, cancelled: false, shipped: true, paymentAuthorised: true },
  // Shipped; only the invoice confirmation is outstanding.
  InvoiceUnconfirmed: { importable: true, cancelled: false, shipped: true, paymentAuthorised: true },
  Canceled: { importable: true, cancelled: true, shipped: false, paymentAuthorised: false },
  // Multi-Channel Fulfillment order Amazon cannot fulfil: it will never ship.
  Unfulfillable: { importable: true, cancelled: true, shipped: false, paymentAuthorised: false },
};

/** Unknown future statuses are imported as open orders rather than dropped. */
export const statusMeaning = (status: string): StatusMeaning =>
  ORDER_STATUS[status as AmazonOrderStatus] ?? { importable: true, cancelled: false, shipped: false, paymentAuthorised: true };

/**
 * The order's payment in Kura's terms (the method table: payment-methods.ts).
 * Amazon has the money once it authorised the payment, except for cash on
 * delivery, which the carrier collects.
 */
export const paymentOf = (
  paymentMethod: string | undefined,
  details: readonly string[] | undefined,
  status: string,
): { method: PaymentMethod; paid: boolean; raw?: string } => {
  const { method, raw } = amazonPayment(paymentMethod, details);
  return { method, paid: method !== 'cod' && statusMeaning(status).paymentAuthorised, raw };
};
