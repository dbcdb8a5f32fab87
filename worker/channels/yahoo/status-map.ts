/**
 * Yahoo! Shopping order and shipping codes → Kura, as one pure table each
 * (payment codes: payment-methods.ts).
 *
 * Sources (注文詳細API / 注文検索API, the 取得情報 tables):
 *   https://developer.yahoo.co.jp/webapi/shopping/orderInfo.html
 *   https://developer.yahoo.co.jp/webapi/shopping/orderList.html
 *
 *   OrderStatus 注文ステータス: "1 : 予約中 2 : 処理中 3 : 保留 4 : キャンセル 5 : 完了"
 *     (orderList also lists "0 : 未入力" and "8 : 繰上げ同意待ち")
 *   ShipStatus 出荷ステータス: "0 : 出荷不可 1 : 出荷可 2 : 出荷処理中 3 : 出荷済み 4 : 着荷済み"
 *   PayMethod 支払い方法: payment-methods.ts
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
