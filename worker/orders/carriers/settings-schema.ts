import { z } from '@hono/zod-openapi';
import { PhoneNumber, PostalCode } from '../../lib/japanese-fields';
import { halfWidth, normaliseText } from '../../lib/japanese-input';
import { phoneOk, PROBLEM_CODES, PROBLEM_FIELDS } from './check';
import { sjisBytes } from './common';
import { CARRIER_CODES, SAGAWA_FREIGHT, SAGAWA_SLOT_PLANS, YAMATO_INVOICE_TYPES, type ContractOf } from './contract';
import { CARRIER_LAYOUT_IDS } from './index';

/**
 * The carrier settings over the API (GET /carriers/settings, PUT
 * /carriers/{carrier}/settings) and the check's problems: zod schemas that
 * validate and normalise what an admin types (full-width digits, any dash),
 * with the sizes and formats contract.ts cites. The messages are the ones the
 * web translates (web/src/i18n/carrier.ts, carrier.form.*).
 */

/** An address as typed: each line width-folded (１－２－３ → 1-2-3, ３Ｆ → 3F), blank lines dropped, the line breaks kept. */
const addressText = (s: string) =>
  s
    .split(/\r?\n/)
    .map(normaliseText)
    .filter(Boolean)
    .join('\n');

/** Blank means "not set": null. */
const blankIsNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

/** A number the carrier gives the account: half-width, spaces and hyphens dropped, checked against `re`. */
const code = (re: RegExp, message: string, example: string, description: string) =>
  z
    .string()
    .max(40)
    .transform((s) => halfWidth(s).replace(/[\s-]/g, ''))
    .refine((s) => s === '' || re.test(s), message)
    .transform((s) => s || null)
    .nullable()
    .optional()
    .openapi({ type: 'string', example, description });

/** Free text of at most `bytes` Shift_JIS bytes (全角 = 2) or `chars` characters; blank is null. */
const text = (max: { bytes?: number; chars?: number }, description: string, example?: string) =>
  z
    .string()
    .max(200)
    .transform((s) => s.normalize('NFKC').replace(/\s+/g, ' ').trim())
    .refine((s) => !max.bytes || sjisBytes(s) <= max.bytes, `At most ${max.bytes} bytes`)
    .refine((s) => !max.chars || [...s].length <= max.chars, `At most ${max.chars} characters`)
    .transform((s) => s || null)
    .nullable()
    .optional()
    .openapi({ type: 'string', description, ...(example ? { example } : {}) });

// ───────────────────────────── shipper (ご依頼主)

export const ShipperInput = z
  .strictObject({
    name: z
      .preprocess(blankIsNull, z.string().max(100).transform(normaliseText).nullable())
      .optional()
      .openapi({ type: 'string', description: 'ご依頼主名 (width-folded: full-width letters and digits half-width); blank or null: the shop profile’s name', example: '蔵ストア' }),
    postalCode: z
      .preprocess(blankIsNull, PostalCode.nullable())
      .optional()
      .openapi({ type: 'string', description: '郵便番号: full-width digits and any dash are accepted; stored as 100-0001; blank: the shop profile’s', example: '100-0001' }),
    address: z
      .preprocess(blankIsNull, z.string().max(300).transform(addressText).nullable())
      .optional()
      .openapi({ type: 'string', description: 'Address, each line width-folded (１－２－３ → 1-2-3); a second line (the building) goes where the layout has a field for it; blank: the shop profile’s', example: '東京都千代田区丸の内1-1-1\n蔵ビル3F' }),
    phone: z
      .preprocess(blankIsNull, PhoneNumber.refine(phoneOk, 'A phone number of 10 or 11 digits').nullable())
      .optional()
      .openapi({ type: 'string', description: 'Full-width digits and any dash are accepted; stored half-width; 10 or 11 digits; blank: the shop profile’s', example: '03-1234-5678' }),
  })
  .openapi('CarrierShipperInput');

const SavedShipper = z
  .object({ name: z.string().nullable(), postalCode: z.string().nullable(), address: z.string().nullable(), phone: z.string().nullable() })
  .openapi('CarrierShipper', { description: 'ご依頼主 as saved for the carrier; null fields are the shop profile’s' });

const PrintedShipper = z
  .object({ name: z.string(), postalCode: z.string(), address: z.string(), phone: z.string() })
  .openapi('CarrierPrintedShipper', { description: 'ご依頼主 as the file prints it: the carrier’s own, else the shop profile’s ("" where neither has one)' });

// ───────────────────────────── the carriers' account fields

export const YamatoContractInput = z
  .strictObject({
    customerCode: code(/^\d{10,12}$/, '10 to 12 digits', '0312345678', '請求先顧客コード (B2クラウド 基本情報 → 請求先): 10–12 digits'),
    classCode: code(/^\d{3}$/, '3 digits', '001', '請求先分類コード: 3 digits, only if the contract has one'),
    freightNumber: code(/^\d{2}$/, '2 digits', '01', '運賃管理番号: 2 digits (usually 01)'),
    invoiceType: z
      .enum(YAMATO_INVOICE_TYPES)
      .default('0')
      .openapi({ description: '送り状種類 for orders whose 配送方法 does not say: 0 発払い, 7 ネコポス, 8 宅急便コンパクト (cash on delivery makes 0 → 2 コレクト, 8 → 9)' }),
    itemName: text({ bytes: 50 }, '品名 printed on every label instead of the products (全角25/半角50); blank: the first product and 他N点', '雑貨'),
  })
  .openapi('YamatoContract');

export const SagawaContractInput = z
  .strictObject({
    customerCode: code(/^\d{1,12}$/, 'Up to 12 digits', '123456789012', 'お客様コード: up to 12 digits; blank: the e飛伝Ⅱ login’s own'),
    department: text({ chars: 16 }, '部署・担当者 (荷送人): 16 characters', '出荷担当'),
    freightPayment: z.enum(SAGAWA_FREIGHT).default('1').openapi({ description: '元着区分: 1 元払, 2 着払' }),
    timeSlots: z.enum(SAGAWA_SLOT_PLANS).default('six').openapi({ description: 'The 配達指定時間帯 contract: six (…18–20, 19–21) or five (…18–21)' }),
    itemName: text({ bytes: 32 }, '品名 printed instead of the products (全角16/半角32)', '雑貨'),
  })
  .openapi('SagawaContract');

export const JapanPostContractInput = z
  .strictObject({
    invoiceType: code(/^[0-9A-Za-z]{1,20}$/, 'Up to 20 letters or digits', '1100780', '送り状種別 for ゆうパック as registered in ゆうプリR (1100780: 元払 ゆうパック)'),
    packetInvoiceType: code(/^[0-9A-Za-z]{1,20}$/, 'Up to 20 letters or digits', '', '送り状種別 for ゆうパケット (orders whose 配送方法 is ゆうパケット); blank: none'),
    shipperCode: code(/^[0-9A-Za-z]{1,15}$/, 'Up to 15 letters or digits', '', 'ご依頼主 コード: up to 15 letters or digits'),
    itemName: text({ chars: 50 }, '品名 printed instead of the products', '雑貨'),
  })
  .openapi('JapanPostContract');

export const CONTRACT_INPUTS = { yamato: YamatoContractInput, sagawa: SagawaContractInput, japanpost: JapanPostContractInput } as const;

export type ContractInput<C extends keyof ContractOf> = z.output<(typeof CONTRACT_INPUTS)[C]>;

export const CarrierSettingsInput = z
  .strictObject({
    shipper: ShipperInput.default({}),
    contract: z
      .record(z.string(), z.unknown())
      .default({})
      .openapi({ description: 'The carrier’s own fields: YamatoContract, SagawaContract or JapanPostContract, by {carrier}; fields left out take their defaults' }),
  })
  .openapi('CarrierSettingsInput');

// ───────────────────────────── answers

export const CarrierProblemSchema = z
  .object({
    orderId: z.string().nullable().openapi({ description: 'null: the account’s carrier settings (every row)' }),
    number: z.string().nullable(),
    field: z.enum(PROBLEM_FIELDS),
    code: z.enum(PROBLEM_CODES),
    detail: z.string(),
    column: z.string().optional().openapi({ description: 'The carrier’s column, as its layout names it' }),
    limit: z.number().optional(),
    unit: z.enum(['bytes', 'chars', 'yen', 'digits']).optional(),
    actual: z.number().optional(),
  })
  .openapi('CarrierFileProblem');

export const CarrierCheck = z.object({ ok: z.boolean(), problems: z.array(CarrierProblemSchema) }).openapi('CarrierFileCheck');

export const CarrierSettingsView = z
  .object({
    carrier: z.enum(CARRIER_CODES),
    layout: z.enum(CARRIER_LAYOUT_IDS),
    label: z.string(),
    shipper: SavedShipper,
    printedShipper: PrintedShipper,
    contract: z.union([
      z.object({ customerCode: z.string().nullable(), classCode: z.string().nullable(), freightNumber: z.string().nullable(), invoiceType: z.enum(YAMATO_INVOICE_TYPES), itemName: z.string().nullable() }).openapi('YamatoContractView'),
      z
        .object({ customerCode: z.string().nullable(), department: z.string().nullable(), freightPayment: z.enum(SAGAWA_FREIGHT), timeSlots: z.enum(SAGAWA_SLOT_PLANS), itemName: z.string().nullable() })
        .openapi('SagawaContractView'),
      z.object({ invoiceType: z.string(), packetInvoiceType: z.string().nullable(), shipperCode: z.string().nullable(), itemName: z.string().nullable() }).openapi('JapanPostContractView'),
    ]),
    problems: z.array(CarrierProblemSchema).openapi({ description: 'What the carrier would refuse in every file with these settings (the pre-export check, orders aside)' }),
    updatedAt: z.string().nullable(),
  })
  .openapi('CarrierSettings');

export const CarrierSettingsList = z
  .object({
    items: z.array(CarrierSettingsView),
    shop: z.object({ name: z.string(), postalCode: z.string().nullable(), address: z.string().nullable(), phone: z.string().nullable() }).openapi({ description: 'The shop profile: the shipper where a carrier has none of its own' }),
  })
  .openapi('CarrierSettingsList');
