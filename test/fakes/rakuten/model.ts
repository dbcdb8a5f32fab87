/**
 * The fake shop's state: listings (在庫) and orders in RMS's own shapes
 * (getOrder OrderModel, version 10 field names), built from the harness's
 * mall-neutral FakeOrderSpec. Only erasable TypeScript (Node strips the types).
 * A shop's キャンセル申請 (applyCancel) follows
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/cancelorder/
 * (在庫連動区分, キャンセル理由) and getOrder's orderProgress 800 キャンセル確定待ち / ChangeReasonModel.
 */
import { digits, type FakeItem, type FakeOrderSpec } from '../harness.ts';

const JST_MS = 9 * 3600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "2017-09-25T20:03:43+0900" */
export const jstDatetime = (d: Date): string => {
  const j = new Date(d.getTime() + JST_MS);
  return `${j.getUTCFullYear()}-${pad(j.getUTCMonth() + 1)}-${pad(j.getUTCDate())}T${pad(j.getUTCHours())}:${pad(j.getUTCMinutes())}:${pad(j.getUTCSeconds())}+0900`;
};

/** Inventory API datetimes: ISO 8601 in JST, "2022-01-01T19:00:00+09:00". */
export const jstIso = (d: Date): string => jstDatetime(d).replace(/\+0900$/, '+09:00');

/** searchOrder's accepted datetime: exactly "yyyy-MM-ddTHH:mm:ss+0900". */
export const RMS_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\+0900$/;

export const parseJst = (s: string | null | undefined): number | null => {
  const m = RMS_DATETIME.exec(s ?? '');
  if (!m) return null;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - JST_MS;
  return Number.isNaN(t) ? null : t;
};

export interface Listing {
  sku: string;
  /** as the test gave it (quantities() keys use it); RMS itself lower-cases it */
  remoteId: string;
  remoteVariantId?: string;
  quantity: number;
  created: string;
  updated: string;
}

/** RMS treats manageNumber case-insensitively (it stores it lower-cased) and variantId as given. */
export const listingKey = (manageNumber: string, variantId: string | undefined | null): string => `${manageNumber.toLowerCase()}/${variantId ?? ''}`;

// deliveryCompany codes (getOrder ShippingModel / updateOrderShipping).
export const DELIVERY_COMPANIES: Record<string, string> = {
  '1000': 'その他', '1001': 'ヤマト運輸', '1002': '佐川急便', '1003': '日本郵便', '1004': '西濃運輸',
  '1005': 'セイノースーパーエクスプレス', '1006': '福山通運', '1007': '名鉄運輸', '1008': 'トナミ運輸',
  '1009': '第一貨物', '1010': '新潟運輸', '1011': '中越運送', '1012': '岡山県貨物運送', '1013': '久留米運送',
  '1014': '山陽自動車運送', '1015': 'NXトランスポート', '1016': 'エコ配', '1017': 'EMS', '1018': 'DHL',
  '1019': 'FedEx', '1020': 'UPS', '1021': '日本通運', '1022': 'TNT', '1023': 'OCS', '1024': 'USPS',
  '1025': 'SFエクスプレス', '1026': 'Aramex', '1027': 'SGHグローバル・ジャパン', '1028': 'Rakuten EXPRESS',
  '1029': '日本郵便 楽天倉庫出荷', '1030': 'ヤマト運輸 クロネコゆうパケット', '1031': '名鉄NX運輸',
};

/** FakeOrderSpec.payment word → SettlementModel (settlementMethodCode, settlementMethod). */
const SETTLEMENTS: Record<string, { code: number; name: string; prepaid: boolean }> = {
  card: { code: 1, name: 'クレジットカード', prepaid: false },
  cod: { code: 2, name: '代金引換', prepaid: false },
  bank: { code: 9, name: '銀行振込', prepaid: true },
  convenience: { code: 14, name: 'ファミリーマート、ローソン等（前払）', prepaid: true },
  points: { code: 8, name: 'ポイント', prepaid: false },
  apple_pay: { code: 12, name: 'Apple Pay', prepaid: false },
  paypal: { code: 17, name: 'PayPal', prepaid: false },
  deferred: { code: 21, name: '後払い決済', prepaid: false },
};

/** Kura's free-text slot → shippingTerm: 午前 1, 午後 2, "14-16" → 1416, none → 0. */
const shippingTermOf = (slot: string | undefined): number => {
  const s = (slot ?? '').normalize('NFKC').replace(/\s+/g, '');
  if (!s || /なし|指定しない/.test(s)) return 0;
  if (/^午前/.test(s)) return 1;
  if (/^午後/.test(s)) return 2;
  const m = /^(\d{1,2})(?::00)?[-~〜～](\d{1,2})/.exec(s) ?? /^(\d{2})(\d{2})$/.exec(s);
  return m ? Number(m[1]) * 100 + Number(m[2]) : 9;
};

const splitName = (full: string): [string, string | null] => {
  const parts = full.trim().split(/[\s\u3000]+/);
  return [parts[0] ?? '', parts.length > 1 ? parts.slice(1).join(' ') : null];
};

const splitPhone = (phone: string | undefined): [string | null, string | null, string | null] => {
  const p = (phone ?? '').split(/[-‐－ー\s]+/).filter(Boolean);
  if (p.length >= 3) return [p[0], p[1], p.slice(2).join('')];
  const d = p.join('');
  return d ? [d.slice(0, 3), d.slice(3, 7), d.slice(7) || null] : [null, null, null];
};

const addressOf = (a: { postalCode: string; prefecture: string; city: string; address1: string; address2?: string }) => {
  const [zip1, zip2] = a.postalCode.replace(/[^\d-]/g, '').includes('-') ? a.postalCode.split('-') : [a.postalCode.slice(0, 3), a.postalCode.slice(3)];
  // One free-text field in RMS: buyers type the building after a space (often full-width).
  return { zipCode1: zip1, zipCode2: zip2, prefecture: a.prefecture, city: a.city, subAddress: a.address2 ? `${a.address1}\u3000${a.address2}` : a.address1 };
};

export type RmsOrder = Record<string, unknown> & {
  orderNumber: string;
  orderProgress: number;
  orderDatetime: string;
  orderFixDatetime: string | null;
  shopOrderCfmDatetime: string | null;
  shippingCmplRptDatetime: string | null;
  PackageModelList: (Record<string, unknown> & {
    basketId: number;
    ItemModelList: { manageNumber: string; units: number; SkuModelList: { variantId: string; merchantDefinedSkuId: string | null }[] }[];
    ShippingModelList: { shippingDetailId: number; shippingNumber: string | null; deliveryCompany: string | null; deliveryCompanyName: string | null; shippingDate: string | null }[];
  })[];
  ChangeReasonModelList: Record<string, unknown>[];
};

/** Extra, Rakuten-only knobs a test may add to the FakeOrderSpec JSON. */
export interface RakutenSpecExtras {
  rakuten?: { usedPoint?: number; coupon?: number; paymentCharge?: number; wrapping?: number; orderProgress?: number };
}

export class Shop {
  readonly shopId = `1${digits(5)}`;
  listings = new Map<string, Listing>();
  orders = new Map<string, RmsOrder>();
  /** The shop's キャンセル申請 through cancelOrder, by order number (GET __fake/cancels). */
  cancelApplications = new Map<string, { orderNumber: string; at: string; inventoryRestoreType: number; changeReasonDetail: number; byCustomer: boolean; inventoryRestored: boolean }>();
  private seq = 0;
  private nextId = 10_000_000 + Number(digits(6));

  id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  addItems(items: FakeItem[]): void {
    const now = jstIso(new Date());
    for (const i of items) {
      this.listings.set(listingKey(i.remoteId, i.remoteVariantId), { ...i, created: now, updated: now });
    }
  }

  listing(manageNumber: string, variantId: string | undefined | null): Listing | undefined {
    return this.listings.get(listingKey(manageNumber, variantId));
  }

  private bySku(sku: string): Listing | undefined {
    for (const l of this.listings.values()) if (l.sku === sku) return l;
    return undefined;
  }

  /** A new order in RMS's shape; the shop's own 在庫 drops like Rakuten's 在庫連動 does. */
  placeOrder(spec: FakeOrderSpec & RakutenSpecExtras): RmsOrder {
    const at = spec.orderedAt ? new Date(spec.orderedAt) : new Date();
    const jstDay = jstDatetime(at).slice(0, 10).replace(/-/g, '');
    this.seq += 1;
    const orderNumber = spec.externalId ?? `${this.shopId}-${jstDay}-${pad(Number(digits(4)) * 10000 + this.seq, 8)}`;
    const pay = SETTLEMENTS[spec.payment ?? 'card'] ?? SETTLEMENTS.card;
    const extras = spec.rakuten ?? {};
    // Rakuten holds a prepaid order in 楽天処理中 until the money is in; the rest wait for shipping.
    const progress = extras.orderProgress ?? (pay.prepaid && !spec.paid ? 200 : 300);
    const orderDatetime = jstDatetime(at);
    const [family, first] = splitName(spec.customer.name);
    const [kanaFamily, kanaFirst] = splitName(spec.customer.kana ?? '');
    const [shipFamily, shipFirst] = splitName(spec.shipTo.name);
    const [p1, p2, p3] = splitPhone(spec.customer.phone ?? spec.shipTo.phone);
    const [s1, s2, s3] = splitPhone(spec.shipTo.phone);

    const items = spec.lines.map((line) => {
      const l = this.bySku(line.sku);
      if (l) l.quantity = Math.max(0, l.quantity - line.quantity);
      return {
        itemDetailId: this.id(),
        itemName: line.name ?? line.sku,
        itemId: this.id(),
        itemNumber: line.sku,
        manageNumber: (l?.remoteId ?? line.sku).toLowerCase(),
        price: line.unitPrice,
        units: line.quantity,
        includePostageFlag: 0,
        includeTaxFlag: 1,
        includeCashOnDeliveryPostageFlag: 0,
        selectedChoice: null,
        pointRate: 1,
        pointType: 0,
        inventoryType: 2,
        delvdateInfo: '1～2日以内に発送予定（店舗休業日を除く）',
        restoreInventoryFlag: 0,
        dealFlag: 0,
        drugFlag: 0,
        deleteItemFlag: 0,
        taxRate: 0.1,
        priceTaxIncl: line.unitPrice,
        isSingleItemShipping: 0,
        SkuModelList: [{ variantId: l?.remoteVariantId ?? line.sku, merchantDefinedSkuId: line.sku, skuInfo: null }],
      };
    });
    const goodsPrice = items.reduce((n, i) => n + i.price * i.units, 0);
    const postagePrice = spec.shippingFee ?? 0;
    const deliveryPrice = spec.payment === 'cod' ? 330 : 0;
    const paymentCharge = extras.paymentCharge ?? 0;
    const wrapping = extras.wrapping ?? 0;
    const coupon = extras.coupon ?? 0;
    const usedPoint = extras.usedPoint ?? 0;
    const totalPrice = goodsPrice + wrapping + postagePrice;
    const requestPrice = totalPrice + deliveryPrice + paymentCharge - coupon - usedPoint;
    const reqPrice = requestPrice + usedPoint;

    const order: RmsOrder = {
      orderNumber,
      orderProgress: progress,
      subStatusId: null,
      subStatusName: null,
      orderDatetime,
      shopOrderCfmDatetime: progress >= 200 ? orderDatetime : null,
      orderFixDatetime: progress >= 300 ? orderDatetime : null,
      shippingInstDatetime: null,
      shippingCmplRptDatetime: null,
      cancelDueDate: null,
      deliveryDate: spec.desiredDate ?? null,
      shippingTerm: shippingTermOf(spec.timeSlot),
      remarks: spec.note ?? '',
      giftCheckFlag: 0,
      socialGiftFlag: 0,
      severalSenderFlag: 0,
      equalSenderFlag: 0,
      isolatedIslandFlag: 0,
      rakutenMemberFlag: 1,
      carrierCode: 11,
      emailCarrierCode: 0,
      orderType: 1,
      reserveNumber: null,
      reserveDeliveryCount: null,
      cautionDisplayType: 0,
      cautionDisplayDetailType: null,
      rakutenConfirmFlag: 0,
      goodsPrice,
      postagePrice,
      deliveryPrice,
      paymentCharge,
      paymentChargeTaxRate: 0.1,
      totalPrice,
      requestPrice,
      couponAllTotalPrice: coupon,
      couponShopPrice: coupon,
      couponOtherPrice: 0,
      additionalFeeOccurAmountToUser: 0,
      additionalFeeOccurAmountToShop: 0,
      asurakuFlag: 0,
      drugFlag: 0,
      dealFlag: 0,
      membershipType: 0,
      memo: null,
      operator: null,
      mailPlugSentence: null,
      modifyFlag: 0,
      receiptIssueCount: 0,
      receiptIssueHistoryList: [],
      OrdererModel: {
        ...addressOf(spec.shipTo),
        familyName: family,
        firstName: first,
        familyNameKana: kanaFamily || null,
        firstNameKana: kanaFirst,
        phoneNumber1: p1,
        phoneNumber2: p2,
        phoneNumber3: p3,
        // RMS masks the buyer's address; the fake keeps the given one so mapping can be checked.
        emailAddress: spec.customer.email ?? `${digits(32)}s1@pc.fw.rakuten.ne.jp`,
        sex: null,
        birthYear: null,
        birthMonth: null,
        birthDay: null,
      },
      SettlementModel: {
        settlementMethodCode: pay.code,
        settlementMethod: pay.name,
        rpaySettlementFlag: 1,
        cardName: pay.code === 1 ? 'VISA' : null,
        cardNumber: pay.code === 1 ? 'XXXX-XXXX-XXXX-1111' : null,
        cardOwner: null,
        cardYm: pay.code === 1 ? '2030-12' : null,
        cardPayType: pay.code === 1 ? 0 : null,
        cardInstallmentDesc: null,
      },
      DeliveryModel: { deliveryName: '宅配便', deliveryClass: 0 },
      PointModel: { usedPoint },
      WrappingModel1: wrapping ? { title: 1, name: '包装紙', price: wrapping, includeTaxFlag: 1, deleteWrappingFlag: 0, taxRate: 0.1, taxPrice: Math.floor((wrapping * 10) / 110) } : null,
      WrappingModel2: null,
      PackageModelList: [
        {
          basketId: this.id(),
          postagePrice,
          postageTaxRate: 0.1,
          deliveryPrice,
          deliveryTaxRate: 0.1,
          goodsPrice: goodsPrice + wrapping,
          totalPrice,
          noshi: null,
          packageDeleteFlag: 0,
          SenderModel: {
            ...addressOf(spec.shipTo),
            familyName: shipFamily,
            firstName: shipFirst,
            familyNameKana: null,
            firstNameKana: null,
            phoneNumber1: s1,
            phoneNumber2: s2,
            phoneNumber3: s3,
            isolatedIslandFlag: 0,
          },
          ItemModelList: items,
          ShippingModelList: [],
          DeliveryCvsModel: null,
          defaultDeliveryCompanyCode: '1001',
          dropOffFlag: 0,
          dropOffLocation: null,
          SocialGiftModel: null,
        },
      ],
      CouponModelList: [],
      ChangeReasonModelList: [],
      TaxSummaryModelList: [
        { taxRate: 0.1, reqPrice, reqPriceTax: Math.floor((reqPrice * 10) / 110), totalPrice, paymentCharge, couponPrice: coupon, point: 0 },
      ],
      DueDateModelList: [],
      deliveryCertPrgFlag: 0,
      oneDayOperationFlag: 0,
    };
    this.orders.set(orderNumber, order);
    return order;
  }

  /** The store cancels (キャンセル確定): 900, a ChangeReasonModel, and 在庫連動 puts the units back. */
  cancelOrder(orderNumber: string): boolean {
    const o = this.orders.get(orderNumber);
    if (!o || o.orderProgress === 900) return !!o;
    const now = jstDatetime(new Date());
    o.orderProgress = 900;
    o.ChangeReasonModelList.push({
      changeId: this.id(),
      changeType: 1,
      changeTypeDetail: 0,
      changeReason: 0,
      changeReasonDetail: 10,
      changeApplyDatetime: now,
      changeFixDatetime: now,
      changeCmplDatetime: now,
    });
    // An applied cancel (800) already settled 在庫連動 as the shop asked.
    if (!this.cancelApplications.has(orderNumber)) this.restoreInventory(o);
    return true;
  }

  /**
   * A shop's キャンセル申請 through cancelOrder: the order waits in 800
   * キャンセル確定待ち until Rakuten confirms it (a test moves it on with
   * __fake/orders/:n/progress {orderProgress: 900}); the ChangeReasonModel
   * records the application (changeType 0 キャンセル申請, changeReason 0 店舗様都合 /
   * 1 お客様都合 as the chosen reason's group, changeReasonDetail the code).
   * 在庫連動: 0 (商品設定に合わせる; every fake listing is 在庫連動) and 1 put the
   * units back now; 2 在庫連動しない leaves the shop's 在庫 alone.
   */
  applyCancel(o: RmsOrder, p: { inventoryRestoreType: number; changeReasonDetail: number; byCustomer: boolean }): void {
    const now = jstDatetime(new Date());
    o.orderProgress = 800;
    o.ChangeReasonModelList.push({
      changeId: this.id(),
      changeType: 0,
      changeTypeDetail: null,
      changeReason: p.byCustomer ? 1 : 0,
      changeReasonDetail: p.changeReasonDetail,
      changeApplyDatetime: now,
      changeFixDatetime: null,
      changeCmplDatetime: null,
    });
    const restored = p.inventoryRestoreType !== 2;
    if (restored) this.restoreInventory(o);
    this.cancelApplications.set(o.orderNumber, { orderNumber: o.orderNumber, at: now, ...p, inventoryRestored: restored });
  }

  private restoreInventory(o: RmsOrder): void {
    for (const p of o.PackageModelList) {
      for (const i of p.ItemModelList) {
        const l = this.listing(i.manageNumber, i.SkuModelList[0]?.variantId);
        if (l) l.quantity = Math.min(99_999, l.quantity + i.units);
      }
    }
  }

  /** A test moves an order along (e.g. a bank transfer arrives: 200 → 300, 注文確定日 = now). */
  setProgress(orderNumber: string, progress: number): RmsOrder | undefined {
    const o = this.orders.get(orderNumber);
    if (!o) return undefined;
    if (progress === 900) {
      this.cancelOrder(orderNumber);
      return o;
    }
    const now = jstDatetime(new Date());
    o.orderProgress = progress;
    if (progress >= 200 && !o.shopOrderCfmDatetime) o.shopOrderCfmDatetime = now;
    if (progress >= 300 && !o.orderFixDatetime) o.orderFixDatetime = now;
    return o;
  }
}
