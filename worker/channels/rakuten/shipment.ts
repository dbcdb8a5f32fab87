/**
 * updateOrderShipping (発送完了報告) body. Pure.
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/updateordershipping/
 * deliveryCompany codes as listed for getOrder ShippingModel / updateOrderShipping (2025-06 list, 1000–1031).
 */
import type { ShipmentPush } from '../adapter';
import { jstDate } from './datetime';
import type { RmsOrder } from './order-map';

/** RMS's 配送会社 codes. */
export const DELIVERY_COMPANY = {
  other: '1000', // その他
  yamato: '1001', // ヤマト運輸
  sagawa: '1002', // 佐川急便
  japanpost: '1003', // 日本郵便
  seino: '1004', // 西濃運輸
  seinoSuperExpress: '1005', // セイノースーパーエクスプレス
  fukuyama: '1006', // 福山通運
  meitetsu: '1007', // 名鉄運輸
  tonami: '1008', // トナミ運輸
  daiichi: '1009', // 第一貨物
  niigata: '1010', // 新潟運輸
  chuetsu: '1011', // 中越運送
  okayama: '1012', // 岡山県貨物運送
  kurume: '1013', // 久留米運送
  sanyo: '1014', // 山陽自動車運送
  nxTransport: '1015', // NXトランスポート
  ecohai: '1016', // エコ配
  ems: '1017', // EMS
  dhl: '1018', // DHL
  fedex: '1019', // FedEx
  ups: '1020', // UPS
  nittsu: '1021', // 日本通運
  tnt: '1022', // TNT
  ocs: '1023', // OCS
  usps: '1024', // USPS
  sfExpress: '1025', // SFエクスプレス
  aramex: '1026', // Aramex
  sghGlobal: '1027', // SGHグローバル・ジャパン
  rakutenExpress: '1028', // Rakuten EXPRESS
  japanpostRakutenWarehouse: '1029', // 日本郵便 楽天倉庫出荷
  yamatoYuPacket: '1030', // ヤマト運輸 クロネコゆうパケット
  meitetsuNx: '1031', // 名鉄NX運輸
} as const;

/**
 * Kura's carrier words (the carrier-file layouts yamato_b2 / sagawa_ehiden2 /
 * japanpost_yupri, plain names, and the Japanese names people type) → code.
 * Keys are compared lower-cased without spaces, dashes and underscores.
 */
const CARRIER_WORDS: Readonly<Record<string, string>> = {
  yamato: DELIVERY_COMPANY.yamato,
  yamatob2: DELIVERY_COMPANY.yamato,
  kuroneko: DELIVERY_COMPANY.yamato,
  ヤマト: DELIVERY_COMPANY.yamato,
  ヤマト運輸: DELIVERY_COMPANY.yamato,
  sagawa: DELIVERY_COMPANY.sagawa,
  sagawaehiden2: DELIVERY_COMPANY.sagawa,
  佐川: DELIVERY_COMPANY.sagawa,
  佐川急便: DELIVERY_COMPANY.sagawa,
  japanpost: DELIVERY_COMPANY.japanpost,
  japanpostyupri: DELIVERY_COMPANY.japanpost,
  yupack: DELIVERY_COMPANY.japanpost,
  yupacket: DELIVERY_COMPANY.japanpost,
  jp: DELIVERY_COMPANY.japanpost,
  日本郵便: DELIVERY_COMPANY.japanpost,
  ゆうパック: DELIVERY_COMPANY.japanpost,
  seino: DELIVERY_COMPANY.seino,
  西濃運輸: DELIVERY_COMPANY.seino,
  fukuyama: DELIVERY_COMPANY.fukuyama,
  福山通運: DELIVERY_COMPANY.fukuyama,
  ecohai: DELIVERY_COMPANY.ecohai,
  ems: DELIVERY_COMPANY.ems,
  dhl: DELIVERY_COMPANY.dhl,
  fedex: DELIVERY_COMPANY.fedex,
  ups: DELIVERY_COMPANY.ups,
  nittsu: DELIVERY_COMPANY.nittsu,
  日本通運: DELIVERY_COMPANY.nittsu,
  rakutenexpress: DELIVERY_COMPANY.rakutenExpress,
};

const normalise = (carrier: string) => carrier.normalize('NFKC').toLowerCase().replace(/[\s_\-]+/g, '');

/** Kura's carrier → RMS deliveryCompany ("1000" その他 when unknown; an RMS code passes through). */
export const deliveryCompanyOf = (carrier: string): string => {
  const c = normalise(carrier);
  if (/^10[0-9]{2}$/.test(c) && Object.values(DELIVERY_COMPANY).includes(c as never)) return c;
  return CARRIER_WORDS[c] ?? DELIVERY_COMPANY.other;
};

export interface UpdateOrderShippingBody {
  orderNumber: string;
  BasketidModelList: {
    basketId: number;
    ShippingModelList: { shippingDetailId?: number; deliveryCompany: string; shippingNumber: string; shippingDate: string }[];
  }[];
}

/**
 * The shipment as one ShippingModel on the order's first live 送付先 (Kura ships
 * an order as one parcel; see order-map.ts). If the imported payload already
 * holds a ShippingModel with this tracking number, its shippingDetailId is sent
 * so a retried push updates that record instead of adding a second one.
 * Throws when the raw payload has no basketId (not a Rakuten getOrder payload).
 */
export const updateOrderShippingBody = (s: ShipmentPush): UpdateOrderShippingBody => {
  const raw = (s.raw ?? {}) as Partial<RmsOrder>;
  const pkg = (raw.PackageModelList ?? []).find((p) => p.packageDeleteFlag !== 1);
  if (!pkg || typeof pkg.basketId !== 'number') throw new Error(`order ${s.externalId}: the imported Rakuten payload has no 送付先 (basketId)`);
  // 分割出荷: RMS keeps several 発送情報 (ShippingModel) per 送付先, so every parcel's
  // tracking number is sent, each its own ShippingModel, in the order they shipped.
  const parcels = s.parcels?.length ? s.parcels : [{ carrier: s.carrier, trackingNumber: s.trackingNumber, shippedAt: s.shippedAt }];
  return {
    orderNumber: s.externalId,
    BasketidModelList: [
      {
        basketId: pkg.basketId,
        ShippingModelList: parcels.map((p) => {
          const shippedAt = new Date(p.shippedAt);
          const existing = (pkg.ShippingModelList ?? []).find((m) => m.shippingNumber === p.trackingNumber && m.shippingDetailId != null);
          return {
            ...(existing ? { shippingDetailId: existing.shippingDetailId! } : {}),
            deliveryCompany: deliveryCompanyOf(p.carrier),
            shippingNumber: p.trackingNumber,
            shippingDate: jstDate(Number.isNaN(shippedAt.getTime()) ? new Date() : shippedAt),
          };
        }),
      },
    ],
  };
};
