/**
 * getOrder's OrderModel (version 10) → Kura's PulledOrder. Pure.
 * Field names and meanings:
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/getorder/
 */
import type { PulledOrder } from '../adapter';
import { nameOf, phoneOf, postalCodeOf, splitSubAddress } from './address';
import { parseRmsDatetime } from './datetime';
import { isPaid, progressInfo } from './status-map';
import { rakutenPayment } from './payment-methods';

/** The parts of RMS's OrderModel Kura reads (the whole payload is kept as raw). */
export interface RmsPerson {
  zipCode1?: string | null;
  zipCode2?: string | null;
  prefecture?: string | null;
  city?: string | null;
  subAddress?: string | null;
  familyName?: string | null;
  firstName?: string | null;
  familyNameKana?: string | null;
  firstNameKana?: string | null;
  phoneNumber1?: string | null;
  phoneNumber2?: string | null;
  phoneNumber3?: string | null;
  emailAddress?: string | null;
}

export interface RmsSku {
  variantId?: string | null;
  merchantDefinedSkuId?: string | null;
  skuInfo?: string | null;
}

export interface RmsItem {
  itemDetailId?: number;
  itemName?: string | null;
  itemId?: number;
  itemNumber?: string | null;
  manageNumber?: string | null;
  price?: number | null;
  priceTaxIncl?: number | null;
  units?: number | null;
  deleteItemFlag?: number | null;
  SkuModelList?: RmsSku[] | null;
}

export interface RmsShipping {
  shippingDetailId?: number | null;
  shippingNumber?: string | null;
  deliveryCompany?: string | null;
  deliveryCompanyName?: string | null;
  shippingDate?: string | null;
}

export interface RmsPackage {
  basketId: number;
  postagePrice?: number | null;
  deliveryPrice?: number | null;
  goodsPrice?: number | null;
  totalPrice?: number | null;
  packageDeleteFlag?: number | null;
  SenderModel?: RmsPerson | null;
  ItemModelList?: RmsItem[] | null;
  ShippingModelList?: RmsShipping[] | null;
}

export interface RmsWrapping {
  title?: number;
  name?: string | null;
  price?: number | null;
  deleteWrappingFlag?: number | null;
}

export interface RmsOrder {
  orderNumber: string;
  orderProgress: number;
  orderDatetime: string;
  deliveryDate?: string | null;
  shippingTerm?: number | null;
  remarks?: string | null;
  goodsPrice?: number | null;
  postagePrice?: number | null;
  deliveryPrice?: number | null;
  paymentCharge?: number | null;
  totalPrice?: number | null;
  requestPrice?: number | null;
  couponAllTotalPrice?: number | null;
  additionalFeeOccurAmountToUser?: number | null;
  OrdererModel?: RmsPerson | null;
  SettlementModel?: { settlementMethodCode?: number | null; settlementMethod?: string | null } | null;
  DeliveryModel?: { deliveryName?: string | null; deliveryClass?: number | null } | null;
  PointModel?: { usedPoint?: number | null } | null;
  WrappingModel1?: RmsWrapping | null;
  WrappingModel2?: RmsWrapping | null;
  PackageModelList?: RmsPackage[] | null;
  TaxSummaryModelList?: { taxRate?: number; reqPriceTax?: number | null }[] | null;
}

/** RMS writes -9999 for amounts not settled yet (未確定); Kura leaves those out. */
const UNSETTLED = -9999;
const yen = (n: number | null | undefined): number | undefined => (n == null || n === UNSETTLED || !Number.isFinite(n) ? undefined : Math.round(n));
const sum = (...ns: (number | undefined)[]): number | undefined => (ns.every((n) => n === undefined) ? undefined : ns.reduce<number>((a, n) => a + (n ?? 0), 0));

/**
 * shippingTerm → Kura's timeSlot text (what orders/carriers/common.ts parseTimeSlot reads):
 * 0 なし → none; 1 午前 → "午前中"; 2 午後 → "午後"; 9 その他 → "その他";
 * h1h2 (h1 7–24, h2 07–24, e.g. 708, 1416, 2324) → "h1-h2".
 */
export const timeSlotOf = (term: number | null | undefined): string | undefined => {
  if (term == null || term === 0) return undefined;
  if (term === 1) return '午前中';
  if (term === 2) return '午後';
  if (term === 9) return 'その他';
  const from = Math.floor(term / 100);
  const to = term % 100;
  return from >= 7 && from <= 24 && to >= 7 && to <= 24 ? `${from}-${to}` : String(term);
};

/** deliveryDate "2017-10-29" (sometimes with a time part) → "YYYY-MM-DD". */
const dateOnly = (s: string | null | undefined): string | undefined => {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec((s ?? '').trim());
  return m ? m[1] : undefined;
};

const liveItems = (p: RmsPackage): RmsItem[] => (p.ItemModelList ?? []).filter((i) => i.deleteItemFlag !== 1);

/**
 * One Kura line per ItemModel. sku = SkuModel.merchantDefinedSkuId
 * (システム連携用SKU番号), else the shop's 商品番号 (itemNumber), else the
 * manageNumber; remoteId = manageNumber, remoteVariantId = variantId, which is
 * what the listings map and what the inventory API takes. unitPrice is
 * priceTaxIncl (what the buyer pays per unit; RMS's own 商品小計（税込） is built
 * from it), falling back to price.
 */
const lineOf = (i: RmsItem): PulledOrder['lines'][number] => {
  const sku = i.SkuModelList?.[0] ?? {};
  const code = sku.merchantDefinedSkuId?.trim() || i.itemNumber?.trim() || i.manageNumber?.trim() || '';
  const name = [i.itemName ?? '', sku.skuInfo ? `(${sku.skuInfo.replace(/\s*\n\s*/g, ' / ')})` : ''].join(' ').trim();
  return {
    sku: code,
    quantity: i.units ?? 0,
    unitPrice: yen(i.priceTaxIncl) ?? yen(i.price) ?? 0,
    name: name || undefined,
    remoteId: i.manageNumber ?? undefined,
    remoteVariantId: sku.variantId || undefined,
  };
};

/**
 * OrderModel → PulledOrder.
 *
 * - shipTo is the first live 送付先 (PackageModel.SenderModel: in RMS the
 *   "sender model" holds the delivery address). Orders with several 送付先
 *   (severalSenderFlag) import every line with the first address; raw keeps all.
 * - subAddress goes to address1; address2 only when a building can be split off
 *   safely (see address.ts splitSubAddress).
 * - totals: shippingFee = postagePrice; fees = 代引料 (deliveryPrice) + 決済手数料
 *   (paymentCharge) + 注文者負担金 (additionalFeeOccurAmountToUser) + ラッピング料;
 *   discount = couponAllTotalPrice (shop and Rakuten coupons: what the buyer saw);
 *   points = PointModel.usedPoint; tax = Σ TaxSummaryModel.reqPriceTax (included,
 *   not added). For tax-inclusive items Kura's total then equals RMS's 総合計（税込）
 *   minus the points used.
 */
export const toPulledOrder = (o: RmsOrder): PulledOrder => {
  const packages = (o.PackageModelList ?? []).filter((p) => p.packageDeleteFlag !== 1);
  const first = packages[0];
  const to = first?.SenderModel ?? o.OrdererModel ?? {};
  const buyer = o.OrdererModel ?? {};
  const { address1, address2 } = splitSubAddress(to.subAddress);
  const progress = progressInfo(o.orderProgress);
  const pay = rakutenPayment(o.SettlementModel?.settlementMethodCode, o.SettlementModel?.settlementMethod);
  const wrapping = [o.WrappingModel1, o.WrappingModel2].filter((w) => w && w.deleteWrappingFlag !== 1).map((w) => yen(w!.price));
  const taxes = (o.TaxSummaryModelList ?? []).map((t) => yen(t.reqPriceTax));
  const orderedAt = parseRmsDatetime(o.orderDatetime);

  return {
    externalId: o.orderNumber,
    orderedAt: (orderedAt ?? new Date(0)).toISOString(),
    customer: {
      name: nameOf(buyer.familyName, buyer.firstName),
      email: buyer.emailAddress?.trim() || undefined,
      phone: phoneOf(buyer.phoneNumber1, buyer.phoneNumber2, buyer.phoneNumber3) || undefined,
    },
    shipTo: {
      name: nameOf(to.familyName, to.firstName),
      postalCode: postalCodeOf(to.zipCode1, to.zipCode2),
      prefecture: (to.prefecture ?? '').trim(),
      city: (to.city ?? '').trim(),
      address1,
      address2: address2 || undefined,
      phone: phoneOf(to.phoneNumber1, to.phoneNumber2, to.phoneNumber3),
    },
    lines: packages.flatMap(liveItems).map(lineOf),
    payment: { method: pay.method, paid: isPaid(pay.settlement, o.orderProgress), raw: pay.raw },
    shipping: {
      method: o.DeliveryModel?.deliveryName?.trim() || undefined,
      desiredDate: dateOnly(o.deliveryDate),
      timeSlot: timeSlotOf(o.shippingTerm),
    },
    note: o.remarks?.trim() || undefined,
    totals: {
      shippingFee: yen(o.postagePrice),
      fees: sum(yen(o.deliveryPrice), yen(o.paymentCharge), yen(o.additionalFeeOccurAmountToUser), ...wrapping),
      discount: yen(o.couponAllTotalPrice),
      points: yen(o.PointModel?.usedPoint),
      tax: sum(...taxes),
    },
    raw: o,
    cancelled: progress.cancelled,
    fulfilledByMall: false,
    mallStatus: progress.word,
  };
};
