import type { PaymentMethod } from '../../orders/choices';
import { methodFromWords } from '../payment-words';

/**
 * Yahoo! Shopping's payment methods in Kura's terms: one pure table.
 *
 * Source: 注文詳細API / 注文検索API, 取得情報 PayMethod 支払い方法 (and
 * PayMethodName, the name the buyer saw):
 *   https://developer.yahoo.co.jp/webapi/shopping/orderInfo.html
 *   https://developer.yahoo.co.jp/webapi/shopping/orderList.html
 *   ("payment_a1：クレジットカード決済 … payment_d1：商品代引 …"; payment_a19 was added
 *   2022-02 as PayPayあと払い, since renamed PayPayクレジット)
 *
 * Numbered families are matched by prefix: payment_b1 … b6 are the store's bank
 * accounts (銀行振込), payment_e1 … e15 the store's own methods
 * (ストアの自由なお支払い方法), whose PayMethodName the store wrote: those are read
 * by that name ("代金引換(ヤマト)" is still cash on delivery), else 'other'.
 * Kura keeps PayMethodName (or the code, without one) as the order's payment `raw`.
 */
export const YAHOO_PAY_METHODS: Readonly<Record<string, { name: string; method: PaymentMethod }>> = {
  payment_a1: { name: 'クレジットカード決済', method: 'credit_card' },
  payment_a6: { name: 'コンビニ決済（セブン-イレブン）', method: 'convenience_store' },
  payment_a7: { name: 'コンビニ決済（その他）', method: 'convenience_store' },
  // A prepaid IC wallet: no method of its own in Kura.
  payment_a8: { name: 'モバイルSuica決済', method: 'other' },
  payment_a9: { name: 'd払い', method: 'carrier_billing' },
  payment_a10: { name: 'au PAY（auかんたん決済）', method: 'carrier_billing' },
  payment_a11: { name: 'ソフトバンクまとめて支払い', method: 'carrier_billing' },
  // Pay-easy: the buyer pays at a bank ATM or net banking after ordering, like a transfer.
  payment_a15: { name: 'ペイジー', method: 'bank_transfer' },
  // Yahoo!'s own wallet / direct debit, collected by the mall.
  payment_a16: { name: 'Yahoo!マネー/預金払い', method: 'mall' },
  payment_a17: { name: 'PayPay残高等', method: 'paypay' },
  payment_a18: { name: 'ゆっくり払い', method: 'deferred' },
  payment_a19: { name: 'PayPayクレジット', method: 'paypay' },
  payment_b: { name: '銀行振込', method: 'bank_transfer' },
  payment_c1: { name: 'ゆうちょ銀行（前払い）', method: 'bank_transfer' },
  payment_c2: { name: 'ゆうちょ銀行（後払い）', method: 'deferred' },
  payment_c3: { name: '現金書留', method: 'other' },
  payment_d1: { name: '商品代引', method: 'cod' },
  payment_e: { name: 'ストアの自由なお支払い方法', method: 'other' },
  payment_h1: { name: '無料商品提供', method: 'other' },
  payment_z1: { name: 'ポイント全額払い', method: 'points' },
  payment_z3: { name: 'LINE外部決済', method: 'mall' },
  payment_z4: { name: '商品券／Yahoo!ショッピング商品券', method: 'gift_card' },
};

export interface YahooPayment {
  method: PaymentMethod;
  /** PayMethodName, or PayMethod when the order has no name */
  raw?: string;
}

/** PayMethod (+ PayMethodName) → Kura's method; anything unknown is 'other', never an error. */
export const yahooPayment = (payMethod: string | null | undefined, payMethodName?: string | null): YahooPayment => {
  const code = payMethod?.trim() ?? '';
  const name = payMethodName?.trim() || undefined;
  const raw = name ?? (code || undefined);
  const family = /^(payment_[be])\d+$/.exec(code)?.[1];
  // The store's own methods: its own words decide.
  if (family === 'payment_e') return { method: methodFromWords(name) ?? 'other', raw };
  const known = YAHOO_PAY_METHODS[code] ?? (family ? YAHOO_PAY_METHODS[family] : undefined);
  if (known) return { method: known.method, raw };
  // A code Yahoo! added after this table: its name, if it says something Kura knows.
  return { method: methodFromWords(name) ?? 'other', raw };
};
