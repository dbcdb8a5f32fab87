/**
 * Rakuten's words in Kura's terms, as two pure tables.
 *
 * orderProgress (getOrder OrderModel.orderProgress, searchOrder orderProgressList):
 *   https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/getorder/
 * settlementMethodCode / settlementMethod (getOrder SettlementModel), same page.
 */

export interface ProgressInfo {
  /** RMS's own word, shown as the order's mallStatus */
  word: string;
  /** Kura cancels the order (and releases its stock) */
  cancelled: boolean;
  /** the shop has reported the shipment (発送完了報告) */
  shipped: boolean;
  /** Rakuten is still handling it before the shop may ship (confirmation, payment) */
  held: boolean;
}

/**
 * 800 キャンセル確定待ち is a cancellation the shop applied for and Rakuten has
 * not confirmed yet: Kura keeps the order (with the word shown) until 900.
 */
export const ORDER_PROGRESS: Readonly<Record<number, ProgressInfo>> = {
  100: { word: '注文確認待ち', cancelled: false, shipped: false, held: true },
  200: { word: '楽天処理中', cancelled: false, shipped: false, held: true },
  300: { word: '発送待ち', cancelled: false, shipped: false, held: false },
  400: { word: '変更確定待ち', cancelled: false, shipped: false, held: false },
  500: { word: '発送済', cancelled: false, shipped: true, held: false },
  600: { word: '支払手続き中', cancelled: false, shipped: true, held: false },
  700: { word: '支払手続き済', cancelled: false, shipped: true, held: false },
  800: { word: 'キャンセル確定待ち', cancelled: false, shipped: false, held: false },
  900: { word: 'キャンセル確定', cancelled: true, shipped: false, held: false },
};

export const progressInfo = (code: number): ProgressInfo =>
  ORDER_PROGRESS[code] ?? { word: `不明なステータス(${code})`, cancelled: false, shipped: false, held: false };

/**
 * When Kura may treat the money as settled:
 * - 'mall': Rakuten settles it for the shop (楽天市場の共通決済: card authorised at
 *   order time, Apple Pay, PayPal, Alipay, points, 後払い where Rakuten carries
 *   the risk) — paid from the start;
 * - 'prepaid': the buyer pays after ordering (bank transfer, convenience-store
 *   prepayment, loans); Rakuten keeps the order in 100/200 until the money is in
 *   and only then moves it to 300 発送待ち — paid from 300 on;
 * - 'on_delivery': 代金引換, collected by the carrier — never paid at import
 *   (Kura's state machine lets 'cod' ship unpaid);
 * - 'later': paid after shipping by invoice — not paid.
 */
export type Settlement = 'mall' | 'prepaid' | 'on_delivery' | 'later';

export interface PaymentInfo {
  /** Kura's payment word (FakeOrderSpec / rules vocabulary) */
  method: string;
  settlement: Settlement;
}

/** By settlementMethodCode (stable across the 2026-01 renaming of code 14). */
export const SETTLEMENT_CODES: Readonly<Record<number, PaymentInfo>> = {
  1: { method: 'card', settlement: 'mall' }, // クレジットカード
  2: { method: 'cod', settlement: 'on_delivery' }, // 代金引換
  4: { method: 'loan', settlement: 'prepaid' }, // ショッピングクレジット／ローン
  5: { method: 'loan', settlement: 'prepaid' }, // オートローン
  6: { method: 'lease', settlement: 'prepaid' }, // リース
  7: { method: 'invoice', settlement: 'later' }, // 請求書払い
  8: { method: 'points', settlement: 'mall' }, // ポイント
  9: { method: 'bank', settlement: 'prepaid' }, // 銀行振込
  12: { method: 'apple_pay', settlement: 'mall' }, // Apple Pay
  13: { method: 'convenience', settlement: 'prepaid' }, // セブンイレブン（前払）
  14: { method: 'convenience', settlement: 'prepaid' }, // ローソン、郵便局ATM等（前払）/ ファミリーマート、ローソン等（前払）
  16: { method: 'alipay', settlement: 'mall' }, // Alipay
  17: { method: 'paypal', settlement: 'mall' }, // PayPal
  21: { method: 'deferred', settlement: 'mall' }, // 後払い決済 (楽天市場の共通決済)
  27: { method: 'alipay', settlement: 'mall' }, // Alipay（支付宝）
};

/** By settlementMethod name, for payloads without a code (older orders, 楽天バンク決済). */
const SETTLEMENT_NAMES: readonly [RegExp, PaymentInfo][] = [
  [/クレジット/, { method: 'card', settlement: 'mall' }],
  [/代金引換|代引/, { method: 'cod', settlement: 'on_delivery' }],
  [/銀行|楽天バンク|振込/, { method: 'bank', settlement: 'prepaid' }],
  [/コンビニ|セブン|ローソン|ファミリーマート|前払/, { method: 'convenience', settlement: 'prepaid' }],
  [/後払/, { method: 'deferred', settlement: 'mall' }],
  [/ポイント/, { method: 'points', settlement: 'mall' }],
  [/apple\s*pay/i, { method: 'apple_pay', settlement: 'mall' }],
  [/paypal/i, { method: 'paypal', settlement: 'mall' }],
  [/alipay|支付宝/i, { method: 'alipay', settlement: 'mall' }],
  [/ローン|クレジット/, { method: 'loan', settlement: 'prepaid' }],
  [/請求書/, { method: 'invoice', settlement: 'later' }],
];

export const paymentInfo = (code: number | null | undefined, name: string | null | undefined): PaymentInfo => {
  if (code != null && SETTLEMENT_CODES[code]) return SETTLEMENT_CODES[code];
  const n = name ?? '';
  for (const [re, info] of SETTLEMENT_NAMES) if (re.test(n)) return info;
  return { method: 'other', settlement: 'later' };
};

/** Kura's paid flag for a settlement at an orderProgress. */
export const isPaid = (settlement: Settlement, orderProgress: number): boolean => {
  switch (settlement) {
    case 'mall':
      return true;
    case 'prepaid':
      return orderProgress >= 300 && orderProgress <= 700;
    default:
      return false;
  }
};
