/**
 * Yahoo! Shopping order and payment codes → Kura, as one pure table each.
 *
 * Sources (注文詳細API / 注文検索API, the 取得情報 tables):
 *   https://developer.yahoo.co.jp/webapi/shopping/orderInfo.html
 *   https://developer.yahoo.co.jp/webapi/shopping/orderList.html
 *
 *   OrderStatus 注文ステータス: "1 : 予約中 2 : 処理中 3 : 保留 4 : キャンセル 5 : 完了"
 *     (orderList also lists "0 : 未入力" and "8 : 繰上げ同意待ち")
 *   ShipStatus 出荷ステータス: "0 : 出荷不可 1 : 出荷可 2 : 出荷処理中 3 : 出荷済み 4 : 着荷済み"
 *   PayMethod 支払い方法: "payment_a1：クレジットカード決済 … payment_d1：商品代引 …"
 */

export interface YahooOrderState {
  /** The mall's own label (注文ステータス). */
  label: string;
  cancelled: boolean;
  /** 完了: the store closed the order on the mall. */
  completed: boolean;
  /** 保留 / 予約中 / 繰上げ同意待ち: not to be shipped yet. */
  onHold: boolean;
}

export const ORDER_STATUS: Readonly<Record<string, YahooOrderState>> = {
  '0': { label: '未入力', cancelled: false, completed: false, onHold: true },
  '1': { label: '予約中', cancelled: false, completed: false, onHold: true },
  '2': { label: '処理中', cancelled: false, completed: false, onHold: false },
  '3': { label: '保留', cancelled: false, completed: false, onHold: true },
  '4': { label: 'キャンセル', cancelled: true, completed: false, onHold: false },
  '5': { label: '完了', cancelled: false, completed: true, onHold: false },
  '8': { label: '繰上げ同意待ち', cancelled: false, completed: false, onHold: true },
};

export interface YahooShipState {
  label: string;
  /** The parcel left the store (出荷済み) or arrived (着荷済み). */
  shipped: boolean;
}

export const SHIP_STATUS: Readonly<Record<string, YahooShipState>> = {
  '0': { label: '出荷不可', shipped: false },
  '1': { label: '出荷可', shipped: false },
  '2': { label: '出荷処理中', shipped: false },
  '3': { label: '出荷済み', shipped: true },
  '4': { label: '着荷済み', shipped: true },
};

export interface YahooStatus {
  cancelled: boolean;
  shipped: boolean;
  completed: boolean;
  onHold: boolean;
  /** e.g. "処理中・出荷済み": the mall's words, for display and audit. */
  mallStatus: string;
}

/** OrderStatus + ShipStatus as Kura reads them; an unknown code is kept verbatim and treated as open. */
export const yahooStatus = (orderStatus: string | undefined, shipStatus?: string): YahooStatus => {
  const order = ORDER_STATUS[orderStatus ?? ''];
  const ship = SHIP_STATUS[shipStatus ?? ''];
  const orderLabel = order?.label ?? `OrderStatus ${orderStatus ?? '?'}`;
  return {
    cancelled: order?.cancelled ?? false,
    completed: order?.completed ?? false,
    onHold: order?.onHold ?? false,
    shipped: ship?.shipped ?? false,
    mallStatus: ship ? `${orderLabel}・${ship.label}` : orderLabel,
  };
};

/**
 * PayMethod → Kura's payment word (worker/orders/state-machine.ts knows cod,
 * credit_card, paypay, mall … as settled without waiting for money). Numbered
 * families (payment_b1…b6 銀行振込, payment_e1…e15 the store's own methods) are
 * matched by prefix.
 */
export const PAY_METHOD: Readonly<Record<string, string>> = {
  payment_a1: 'credit_card', // クレジットカード決済
  payment_a6: 'convenience_store', // コンビニ決済（セブンイレブン）
  payment_a7: 'convenience_store', // コンビニ決済（その他）
  payment_a8: 'mobile_suica', // モバイルSuica決済
  payment_a9: 'carrier_billing', // d払い
  payment_a10: 'carrier_billing', // au PAY（auかんたん決済）
  payment_a11: 'carrier_billing', // ソフトバンクまとめて支払い
  payment_a15: 'payeasy', // ペイジー
  payment_a16: 'bank_debit', // Yahoo!マネー/預金払い
  payment_a17: 'paypay', // PayPay残高等
  payment_a18: 'deferred', // ゆっくり払い
  payment_a19: 'paypay', // PayPayクレジット
  payment_b: 'bank_transfer', // payment_b[1-6] 銀行振込
  payment_c1: 'postal_transfer', // ゆうちょ銀行（前払い）
  payment_c2: 'postal_transfer', // ゆうちょ銀行（後払い）
  payment_c3: 'cash_registered_mail', // 現金書留
  payment_d1: 'cod', // 商品代引
  payment_e: 'other', // payment_e[1-15] ストアの自由なお支払い方法
  payment_h1: 'free', // 無料商品提供
  payment_z1: 'points', // ポイント全額払い
  payment_z3: 'mall', // LINE外部決済
  payment_z4: 'gift_card', // 商品券／Yahoo!ショッピング商品券
};

export const kuraPaymentMethod = (payMethod: string | undefined): string => {
  if (!payMethod) return 'unknown';
  const exact = PAY_METHOD[payMethod];
  if (exact) return exact;
  const family = /^(payment_[be])\d+$/.exec(payMethod)?.[1];
  return (family && PAY_METHOD[family]) || payMethod;
};
