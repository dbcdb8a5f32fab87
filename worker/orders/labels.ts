import type { PaymentMethod } from './choices';
import type { OrderStatus } from './state-machine';

/**
 * The Japanese words the worker writes where a person reads a code: CSV
 * exports opened in Excel. The screens have their own (web/src/i18n: orders.ts
 * `orders.status.*`, desk.ts `orders.payment.*`, `orders.actor.*`); these say
 * the same, and test/orders/order-export.test.ts keeps them in step.
 */
export const STATUS_LABELS_JA: Record<OrderStatus, string> = {
  new: '新規受付',
  awaiting_payment: '入金待ち',
  awaiting_stock: '在庫待ち',
  ready_to_ship: '出荷待ち',
  shipped: '出荷済',
  cancelled: 'キャンセル',
  on_hold: '保留',
  merged: '同梱済',
};

export const PAYMENT_LABELS_JA: Record<PaymentMethod, string> = {
  credit_card: 'クレジットカード',
  cod: '代金引換',
  bank_transfer: '銀行振込',
  deferred: '後払い',
  convenience_store: 'コンビニ払い',
  paypay: 'PayPay',
  amazon_pay: 'Amazon Pay',
  rakuten_pay: '楽天ペイ',
  apple_pay: 'Apple Pay',
  paypal: 'PayPal',
  carrier_billing: 'キャリア決済',
  points: 'ポイント払い(楽天ポイント・PayPayポイント等)',
  gift_card: 'ギフトカード',
  loan: 'ローン・分割',
  invoice: '請求書払い',
  mall: 'モール決済',
  other: 'その他',
};

/** The keyed-in channel (受注を手入力) has no channel record. */
export const MANUAL_CHANNEL_JA = '手入力';

/** Actors that are not people (histories, the stock ledger), as the screens name them. */
export const SYSTEM_ACTOR_LABELS_JA: Record<string, string> = {
  'system:rules': '自動処理',
  'system:mail': '自動メール',
  'system:stock-arrived': '入荷時の自動引当',
  seed: 'デモデータ',
};

export const statusLabelJa = (status: string): string => STATUS_LABELS_JA[status as OrderStatus] ?? status;
export const paymentLabelJa = (method: string): string => PAYMENT_LABELS_JA[method as PaymentMethod] ?? method;
