/**
 * Rakuten's order progress in Kura's terms, as one pure table.
 *
 * orderProgress (getOrder OrderModel.orderProgress, searchOrder orderProgressList):
 *   https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/getorder/
 * Payment methods (settlementMethodCode / settlementMethod) and how each settles: payment-methods.ts.
 */
import type { Settlement } from './payment-methods';

export type { Settlement };

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
