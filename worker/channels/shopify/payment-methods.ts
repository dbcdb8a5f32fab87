import type { PaymentMethod } from '../../orders/choices';
import { methodFromWords } from '../payment-words';

/**
 * Shopify's payment gateways in Kura's terms: one pure table.
 *
 * Shopify has no payment-method codes: an order lists the names of the
 * gateways that took its money (Order.paymentGatewayNames,
 * https://shopify.dev/docs/api/admin-graphql/latest/objects/Order#field-paymentGatewayNames;
 * REST/webhook `payment_gateway_names`). Gateways with fixed names:
 *   - "shopify_payments": Shopify Payments (cards, and Apple Pay / Google Pay /
 *     Shop Pay through it) https://help.shopify.com/en/manual/payments/shopify-payments
 *   - "bogus": the Bogus Gateway test card gateway
 *     https://help.shopify.com/en/manual/checkout-settings/test-orders/payments-test-mode
 *   - "manual": an order marked paid by hand (draft orders, POS cash)
 *   - "gift_card": a Shopify gift card https://help.shopify.com/en/manual/products/gift-card-products
 *   - "paypal", "amazon_payments": the PayPal and Amazon Pay wallets
 *   - the default manual payment methods, named by Shopify until the merchant
 *     renames them: "Cash on Delivery (COD)", "Bank Deposit", "Money Order"
 *     https://help.shopify.com/en/manual/payments/additional-payment-methods/default-payment-methods
 * Any other name is the merchant's own manual method ("代金引換", "銀行振込") or
 * an app's ("KOMOJU - コンビニ決済", "Paidy"): read by its words, else 'other'.
 * Kura keeps the gateway names, comma-joined, as the order's payment `raw`.
 */
export const SHOPIFY_GATEWAYS: Readonly<Record<string, PaymentMethod>> = {
  shopify_payments: 'credit_card',
  bogus: 'credit_card',
  manual: 'other',
  gift_card: 'gift_card',
  paypal: 'paypal',
  amazon_payments: 'amazon_pay',
  'Cash on Delivery (COD)': 'cod',
  'Bank Deposit': 'bank_transfer',
  'Money Order': 'other',
};

const isGiftCard = (name: string) => name === 'gift_card' || /gift[\s_-]*card/i.test(name);

export interface ShopifyPayment {
  method: PaymentMethod;
  /** the gateway names as Shopify listed them */
  raw?: string;
}

/**
 * paymentGatewayNames → Kura's method. A gift card beside another gateway only
 * covers part of the price: the other gateway names the method. Anything
 * unknown is 'other', never an error.
 */
export const shopifyPayment = (gatewayNames: readonly (string | null | undefined)[] | null | undefined): ShopifyPayment => {
  const names = (gatewayNames ?? []).map((n) => n?.trim() ?? '').filter(Boolean);
  const raw = names.length ? names.join(', ') : undefined;
  const main = names.find((n) => !isGiftCard(n)) ?? names[0];
  if (!main) return { method: 'other', raw };
  const known = SHOPIFY_GATEWAYS[main] ?? SHOPIFY_GATEWAYS[main.toLowerCase()];
  return { method: known ?? methodFromWords(main.replace(/_/g, ' ')) ?? 'other', raw };
};
