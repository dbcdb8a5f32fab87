/**
 * The carrier settings' and the pre-export check's names and shapes, with no
 * dependency at all, so the web app can import them (web/src/lib/carriers.ts)
 * without pulling in the Worker. The rules and their sources are in
 * contract.ts (the settings) and check.ts (the check).
 */

export type CarrierCode = 'yamato' | 'sagawa' | 'japanpost';
export type CarrierLayoutId = 'yamato_b2' | 'sagawa_ehiden2' | 'japanpost_yupri';

export const CARRIER_CODES = ['yamato', 'sagawa', 'japanpost'] as const satisfies readonly CarrierCode[];

export const LAYOUT_OF: Record<CarrierCode, CarrierLayoutId> = { yamato: 'yamato_b2', sagawa: 'sagawa_ehiden2', japanpost: 'japanpost_yupri' };
export const CARRIER_OF: Record<CarrierLayoutId, CarrierCode> = { yamato_b2: 'yamato', sagawa_ehiden2: 'sagawa', japanpost_yupri: 'japanpost' };

/** ご依頼主 as saved for one carrier: null means "the shop profile's" (設定 → ショップ情報). */
export interface SavedShipper {
  name: string | null;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
}

/** B2 送り状種類 an account may choose as its default. */
export const YAMATO_INVOICE_TYPES = ['0', '7', '8'] as const;
export type YamatoInvoiceType = (typeof YAMATO_INVOICE_TYPES)[number];

export interface YamatoContract {
  /** 請求先顧客コード: 10–12 digits */
  customerCode: string | null;
  /** 請求先分類コード: 3 digits, only for accounts that have one */
  classCode: string | null;
  /** 運賃管理番号: 2 digits (usually 01) */
  freightNumber: string | null;
  /** 送り状種類 for orders whose 配送方法 does not say: 0 発払い, 7 ネコポス, 8 宅急便コンパクト */
  invoiceType: YamatoInvoiceType;
  /** 品名 printed instead of the order's products (null: the first product and "他N点") */
  itemName: string | null;
}

export const SAGAWA_FREIGHT = ['1', '2'] as const;
export const SAGAWA_SLOT_PLANS = ['six', 'five'] as const;

export interface SagawaContract {
  /** お客様コード: 12 digits (null: the e飛伝Ⅱ login's own) */
  customerCode: string | null;
  /** 部署・担当者 (荷送人) */
  department: string | null;
  /** 元着区分: 1 元払, 2 着払 */
  freightPayment: (typeof SAGAWA_FREIGHT)[number];
  /** the 配達指定時間帯 contract: six (18–20, 19–21) or five (18–21) */
  timeSlots: (typeof SAGAWA_SLOT_PLANS)[number];
  itemName: string | null;
}

export interface JapanPostContract {
  /** 送り状種別 for ゆうパック, as registered in ゆうプリR */
  invoiceType: string;
  /** 送り状種別 for ゆうパケット (null: ゆうパケット orders cannot be written) */
  packetInvoiceType: string | null;
  /** ご依頼主 コード (15) */
  shipperCode: string | null;
  itemName: string | null;
}

export interface ContractOf {
  yamato: YamatoContract;
  sagawa: SagawaContract;
  japanpost: JapanPostContract;
}

/** The carriers' account fields as the export reads them (the carrier of the file is the one used). */
export type Contracts = Partial<ContractOf>;

/** Why the carrier would refuse a value (the web translates each: carrier.problem.*). */
export const PROBLEM_CODES = [
  'required',
  'phone_invalid',
  'postal_code_invalid',
  'too_long',
  'cod_over_limit',
  'cod_amount_invalid',
  'cod_not_offered',
  'time_slot_unsupported',
  'time_slot_not_offered',
  'delivery_date_not_offered',
  'shipping_method_not_offered',
  'cool_not_supported',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** The field a problem is about (the web translates each: carrier.field.*). */
export const PROBLEM_FIELDS = [
  'number',
  'externalId',
  'shipTo.name',
  'shipTo.postalCode',
  'shipTo.address',
  'shipTo.address2',
  'shipTo.phone',
  'shipper.name',
  'shipper.postalCode',
  'shipper.address',
  'shipper.phone',
  'payment.cod',
  'shipping.method',
  'shipping.desiredDate',
  'shipping.timeSlot',
  'lines',
  'yamato.customerCode',
  'yamato.classCode',
  'yamato.freightNumber',
  'sagawa.customerCode',
  'sagawa.department',
  'japanpost.invoiceType',
  'japanpost.packetInvoiceType',
  'japanpost.shipperCode',
] as const;
export type ProblemField = (typeof PROBLEM_FIELDS)[number];

export interface CarrierProblem {
  /** the order, or null for the account's settings (every row of the file has the problem) */
  orderId: string | null;
  number: string | null;
  field: ProblemField;
  code: ProblemCode;
  /** what is wrong, in English, with the values (the web shows its own words from code and field) */
  detail: string;
  /** the carrier's column, as its layout names it */
  column?: string;
  /** the limit broken: a column size (unit bytes/chars) or an amount (yen) */
  limit?: number;
  unit?: 'bytes' | 'chars' | 'yen' | 'digits';
  /** what the value has: its size, its digits, its amount */
  actual?: number;
}

