import type { PaymentMethod } from '../../orders/choices';

/**
 * Amazon's payment methods in Kura's terms: one pure table.
 *
 * Source: Orders API v0 model
 *   https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/ordersV0.json
 *   - Order.PaymentMethod: COD (Cash on delivery), CVS (Convenience store),
 *     Other ("A payment method other than COD and CVS"); the model recommends
 *     PaymentMethodDetails for anything finer;
 *   - Order.PaymentMethodDetails: a list of strings, free in the model; its
 *     examples are "Standard", "CreditCard" and "GiftCertificate";
 *   - PaymentExecutionDetailItem.PaymentMethod (the parts of a COD order): COD,
 *     GC (gift card), PointsAccount (Amazon points), Invoice, CreditCard, Pix, Other.
 * Every one of these words is read as a detail (COD and CVS included).
 *
 * Amazon collects the money itself for everything but cash on delivery: the
 * details with no Kura word of their own ("Standard", "Other"), and an order
 * without PaymentMethod (the model limits it to COD and CVS), are Amazon's
 * settlement, 'mall'. A gift certificate or points beside another detail only
 * cover part of the price: the other detail names the method. A PaymentMethod
 * the model does not list, without a detail Kura knows, is 'other'. Kura keeps
 * the details, comma-joined (or PaymentMethod without any), as the order's
 * payment `raw`.
 */
export const AMAZON_PAYMENT_METHOD: Readonly<Record<string, PaymentMethod>> = {
  COD: 'cod',
  CVS: 'convenience_store',
  Other: 'mall',
};

export const AMAZON_PAYMENT_DETAIL: Readonly<Record<string, PaymentMethod>> = {
  COD: 'cod',
  CVS: 'convenience_store',
  CreditCard: 'credit_card',
  GiftCertificate: 'gift_card',
  GC: 'gift_card',
  PointsAccount: 'points',
  Invoice: 'invoice',
  Standard: 'mall',
  Other: 'mall',
  // Brazil's instant transfer: never on Amazon.co.jp, no Kura word of its own.
  Pix: 'other',
};

/** Part-payments: they name the method only when nothing else paid. */
const PARTIAL = new Set(['GiftCertificate', 'GC', 'PointsAccount']);

export interface AmazonPayment {
  method: PaymentMethod;
  raw?: string;
}

/** PaymentMethod + PaymentMethodDetails → Kura's method; anything unknown is 'other', never an error. */
export const amazonPayment = (paymentMethod: string | null | undefined, details?: readonly (string | null | undefined)[] | null): AmazonPayment => {
  const pm = paymentMethod?.trim() || undefined;
  const ds = (details ?? []).map((d) => d?.trim() ?? '').filter(Boolean);
  const raw = ds.length ? ds.join(', ') : pm;
  // COD and CVS are what the buyer does, whatever the details add.
  if (pm === 'COD' || pm === 'CVS') return { method: AMAZON_PAYMENT_METHOD[pm], raw };
  const known = ds.filter((d) => AMAZON_PAYMENT_DETAIL[d]);
  const main = known.find((d) => !PARTIAL.has(d)) ?? known[0];
  if (main) return { method: AMAZON_PAYMENT_DETAIL[main], raw };
  return { method: pm === undefined ? 'mall' : (AMAZON_PAYMENT_METHOD[pm] ?? 'other'), raw };
};
