import { PREFECTURES } from '../address/prefectures';

/**
 * The lists an operator picks from on an order: one definition for the API,
 * the order forms and the rules. Codes are stable; the screens translate them
 * (web/src/i18n/desk.ts).
 */

/**
 * Kura's payment methods, the same for every mall. Each mall's own codes are
 * mapped onto these in its adapter; rules, search, slips and carrier files use
 * these codes.
 */
export const PAYMENT_METHODS = [
  'credit_card',
  'cod',
  'bank_transfer',
  'deferred',
  'convenience_store',
  'paypay',
  'amazon_pay',
  'rakuten_pay',
  'apple_pay',
  'paypal',
  'carrier_billing',
  'points',
  'gift_card',
  'loan',
  'invoice',
  'mall',
  'other',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** 配送方法: how the parcel travels (the carrier is chosen separately). */
export const SHIPPING_METHODS = ['takkyubin', 'compact', 'nekopos', 'yu_packet', 'click_post', 'letter_pack', 'cool', 'mail_bin', 'pickup', 'other'] as const;
export type ShippingMethod = (typeof SHIPPING_METHODS)[number];

/** お届け時間帯 as the carriers print them (parseTimeSlot in carriers/common.ts reads each). */
export const TIME_SLOTS = ['午前中', '12-14', '14-16', '16-18', '18-20', '19-21'] as const;

/** 47 都道府県, in JIS order (address/prefectures.ts). */
export const PREFECTURE_NAMES: readonly string[] = PREFECTURES.map((p) => p.ja);
