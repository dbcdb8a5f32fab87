import type { PaymentMethod } from '../orders/choices';

/**
 * Free-text payment names → Kura's payment method, for the names a mall does
 * not fix itself: Shopify's manual and app gateways ("代金引換", "KOMOJU -
 * コンビニ決済"), Yahoo!'s store-defined methods (payment_e1 … e15 with the
 * store's own PayMethodName), and a Rakuten settlementMethod without a code.
 * First match wins, so the more specific words come first: "PayPayあと払い" is
 * PayPay, "ショッピングクレジット" a loan, "ギフトカード" a gift card, before
 * the plain "あと払い", "クレジット" and "カード". Pure; unknown words → null.
 */
export const PAYMENT_WORDS: readonly (readonly [RegExp, PaymentMethod])[] = [
  [/代金引換|代引|着払|cash\s*on\s*delivery|collect\s*on\s*delivery|\bcod\b/i, 'cod'],
  [/paypay/i, 'paypay'],
  [/amazon/i, 'amazon_pay'],
  [/楽天ペイ|rakuten[\s_-]*pay/i, 'rakuten_pay'],
  [/apple[\s_-]*pay/i, 'apple_pay'],
  [/paypal/i, 'paypal'],
  [/キャリア決済|ケータイ払|携帯払|d払い|docomo|ドコモ|auかんたん|au\s*pay|まとめて支払|ソフトバンク|softbank|carrier\s*billing/i, 'carrier_billing'],
  [/コンビニ|konbini|convenience|セブン|ローソン|ファミリーマート|ファミマ|ミニストップ|セイコーマート|デイリーヤマザキ/i, 'convenience_store'],
  [/後払|あと払|atobarai|paidy|atone|deferred|pay\s*later/i, 'deferred'],
  [/ショッピングクレジット|ローン|リース|\bloan\b|\blease\b/i, 'loan'],
  [/請求書|掛け?払|invoice/i, 'invoice'],
  [/銀行|バンク|振込|振り込み|ゆうちょ|郵便振替|ペイジー|pay-?easy|bank|wire\s*transfer/i, 'bank_transfer'],
  [/ギフト券|ギフトカード|商品券|gift[\s_-]*card|gift\s*certificate/i, 'gift_card'],
  [/ポイント|\bpoints?\b/i, 'points'],
  [/クレジット|カード|credit|card|visa|master|jcb|amex|stripe/i, 'credit_card'],
];

export const methodFromWords = (name: string | null | undefined): PaymentMethod | null => {
  const n = (name ?? '').normalize('NFKC');
  if (!n.trim()) return null;
  for (const [re, method] of PAYMENT_WORDS) if (re.test(n)) return method;
  return null;
};
