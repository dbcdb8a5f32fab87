import type { PaymentMethod } from '../../orders/choices';
import { methodFromWords } from '../payment-words';

/**
 * Rakuten's payment methods in Kura's terms: one pure table.
 *
 * Source: RMS 楽天ペイ受注API getOrder, OrderModel.SettlementModel
 *   https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/getorder/
 *   settlementMethodCode 支払方法コード / settlementMethod 支払方法名:
 *   1 クレジットカード, 2 代金引換, 4 ショッピングクレジット／ローン, 5 オートローン,
 *   6 リース, 7 請求書払い, 8 ポイント, 9 銀行振込, 12 Apple Pay,
 *   13 セブンイレブン（前払）, 14 ローソン、郵便局ATM等（前払）(renamed
 *   ファミリーマート、ローソン等（前払） in 2026-01, same code), 16 Alipay, 17 PayPal,
 *   21 後払い決済, 27 Alipay（支付宝）.
 *
 * The code decides; a payload without one (older orders, 楽天バンク決済) is read
 * by its name. Kura keeps the name as the order's payment `raw`.
 */

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

export interface RakutenSettlement {
  /** Rakuten's documented settlementMethod */
  name: string;
  method: PaymentMethod;
  settlement: Settlement;
}

/** By settlementMethodCode (stable across the 2026-01 renaming of code 14). */
export const RAKUTEN_SETTLEMENTS: Readonly<Record<number, RakutenSettlement>> = {
  1: { name: 'クレジットカード', method: 'credit_card', settlement: 'mall' },
  2: { name: '代金引換', method: 'cod', settlement: 'on_delivery' },
  4: { name: 'ショッピングクレジット／ローン', method: 'loan', settlement: 'prepaid' },
  5: { name: 'オートローン', method: 'loan', settlement: 'prepaid' },
  6: { name: 'リース', method: 'loan', settlement: 'prepaid' },
  7: { name: '請求書払い', method: 'invoice', settlement: 'later' },
  8: { name: 'ポイント', method: 'points', settlement: 'mall' },
  9: { name: '銀行振込', method: 'bank_transfer', settlement: 'prepaid' },
  12: { name: 'Apple Pay', method: 'apple_pay', settlement: 'mall' },
  13: { name: 'セブンイレブン（前払）', method: 'convenience_store', settlement: 'prepaid' },
  14: { name: 'ローソン、郵便局ATM等（前払）', method: 'convenience_store', settlement: 'prepaid' },
  // Alipay has no method of its own in Kura: 'other', with "Alipay" kept as the raw value.
  16: { name: 'Alipay', method: 'other', settlement: 'mall' },
  17: { name: 'PayPal', method: 'paypal', settlement: 'mall' },
  21: { name: '後払い決済', method: 'deferred', settlement: 'mall' },
  27: { name: 'Alipay（支付宝）', method: 'other', settlement: 'mall' },
};

/** A method read from a name alone: how Rakuten settles that kind of payment. */
const SETTLEMENT_OF: Partial<Record<PaymentMethod, Settlement>> = {
  credit_card: 'mall',
  cod: 'on_delivery',
  bank_transfer: 'prepaid',
  convenience_store: 'prepaid',
  loan: 'prepaid',
  deferred: 'mall',
  points: 'mall',
  apple_pay: 'mall',
  paypal: 'mall',
  rakuten_pay: 'mall',
  gift_card: 'mall',
  invoice: 'later',
};

const byName = new Map(Object.values(RAKUTEN_SETTLEMENTS).map((s) => [s.name, s]));
byName.set('ファミリーマート、ローソン等（前払）', RAKUTEN_SETTLEMENTS[14]);

export interface RakutenPayment {
  method: PaymentMethod;
  settlement: Settlement;
  /** what Rakuten called it (settlementMethod), or the code when it sent no name */
  raw?: string;
}

/** settlementMethodCode + settlementMethod → Kura's method; anything unknown is 'other', never an error. */
export const rakutenPayment = (code: number | null | undefined, name: string | null | undefined): RakutenPayment => {
  const n = name?.trim() || undefined;
  const raw = n ?? (code != null ? String(code) : undefined);
  const known = (code != null ? RAKUTEN_SETTLEMENTS[code] : undefined) ?? (n ? byName.get(n) : undefined);
  if (known) return { method: known.method, settlement: known.settlement, raw };
  if (n && /alipay|支付宝/i.test(n)) return { method: 'other', settlement: 'mall', raw };
  const method = methodFromWords(n);
  return method ? { method, settlement: SETTLEMENT_OF[method] ?? 'later', raw } : { method: 'other', settlement: 'later', raw };
};
