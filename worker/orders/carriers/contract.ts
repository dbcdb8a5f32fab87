import { isCollect, type CarrierOrder } from './common';
import { SAGAWA_FREIGHT, SAGAWA_SLOT_PLANS, YAMATO_INVOICE_TYPES, type CarrierCode, type ContractOf, type JapanPostContract, type YamatoContract, type YamatoInvoiceType } from './codes';

export * from './codes';

/**
 * 配送会社の設定 (carrier settings), the pure part: per account and per
 * carrier, the shipper (ご依頼主) printed on the label and the carrier's own
 * account fields, each as the carrier's import layout names, sizes and codes
 * it. The table is ./schema.ts; the API is worker/orders/carrier-settings-routes.ts;
 * the zod input is ./settings-schema.ts; the pre-export check is ./check.ts; the names,
 * types and codes the web imports too are in ./codes.ts.
 *
 * Sources, field by field (the layouts themselves are cited in yamato-b2.ts,
 * sagawa-ehiden2.ts and japanpost-yupri.ts):
 *
 * ヤマト運輸 B2クラウド, "B2 送り状発行データレイアウト 入出力用"
 * (https://bmypage.kuronekoyamato.co.jp/bmypage/pdf/new_exchange1.pdf; an older edition at
 * https://paperzz.com/doc/5980562/b2-送り状発行データレイアウト-入出力用):
 * - No.40 請求先顧客コード (半角数字, column of 12): the code itself has 10 to 12 digits —
 *   B2クラウド shows 請求先 as "▲▲▲▲▲▲▲▲▲▲-◯◯◯ ◇◇" with "請求先・顧客コード(10桁~12桁)",
 *   "請求先・分類コード(3桁) ※分類コードをお持ちでない方は不要", "運賃管理番号(2桁)"
 *   (Next Engine, B2クラウド連携アプリ 初期設定 ID:51990, https://manual.next-engine.net/app/b2cloud/51990/;
 *   aiship's B2クラウドAPI settings name the same three, https://manual.aiship.jp/システム管理_b2クラウドapi).
 *   Usually the contract's phone number without hyphens, and 運賃管理番号 usually 01
 *   (http://www.sakura-densan.com/customer_pro_manual/b2.htm). Required by B2 for 発払い
 *   (github.com/labocho/yamato_b2_cloud, lib/yamato_b2_cloud/record.rb: billing_customer_code
 *   /\A\d{10,12}\z/, shipping_fee_management_number /\A\d{2}\z/, both present).
 * - No.41 請求先分類コード: 3 digits, optional. No.42 運賃管理番号: 2 digits.
 * - No.2 送り状種類: 0 発払い, 2 コレクト, 3 DM便 (クロネコゆうメール), 4 タイム, 5 着払い,
 *   6 メール便速達 (発払い 複数口 in later editions), 7 ネコポス (クロネコゆうパケット in the 2023
 *   edition, which adds A for the ending ネコポス), 8 宅急便コンパクト, 9 宅急便コンパクトコレクト.
 *   Kura offers 0, 7 and 8 as the account's default; an order's own 配送方法 (compact, nekopos…)
 *   comes first; cash on delivery turns 0 into 2 and 8 into 9. 7 is delivered to the mailbox:
 *   no コレクト, no 配達時間帯, no お届け日 ("到着日時の指定ができない").
 * - No.34 ｺﾚｸﾄ代金引換額（税込) (7 digits): 宅急便コレクト collects up to 300,000 yen (its fee
 *   table ends at "30万円まで"); record.rb requires an amount above 0 for コレクト.
 * - No.28 品名１ (全角25/半角50): required (record.rb: description presence).
 *
 * 佐川急便 e飛伝Ⅱ, "【e飛伝Ⅱ 便種対応版】出荷データCSV入力項目レイアウト" 標準パターン
 * (https://paperzz.com/doc/6185757/…出荷データcsv入力項目レイアウト):
 * - No.10 お客様コード: 半角数字 12文字 (empty: the code of the e飛伝Ⅱ login).
 * - No.11 部署・担当者 (荷送人): 全半角 16文字.
 * - No.42 元着区分: 1 元払 / 2 着払.
 * - No.29 配達指定時間帯: the standard five slots 01 午前中, 12 12–14, 14 14–16, 16 16–18,
 *   04 18–21, or the six-slot option 01, 12, 14, 16, 18 18–20, 19 19–21
 *   (http://manual.next-engine.info/140/140-15): the account says which it has.
 * - No.31 代引金額 (e-コレクト): above 500,000 yen only with Sagawa's approval given beforehand
 *   ("佐川急便へ通知のうえ、承認を得る代引金額を…50万円を超えるにいたします",
 *   https://www2.sagawa-exp.co.jp/whatsnew/detail/1745).
 * - ご依頼主 住所１–２ and 名称１–２: 16 characters each ("半角文字は全角文字に変換").
 *
 * 日本郵便 ゆうプリR, "【ゆうパックプリントR】発送予定データ入出力項目レイアウト"
 * (http://paperzz.com/doc/5322404/ゆうパックプリントr-csv入出力項目（pdf）):
 * - №11 送り状種別 (20): the code of a slip registered in ゆうプリR (設定 → 送り状種別登録);
 *   1100780 is the 元払 ゆうパック slip every public exporter of this layout writes.
 * - №6 郵便種別: 0 ゆうパック, 9 ゆうパケット (1 ゆうメール, 2/3 通常, 5 ポスパケット, 6 宛名ラベル).
 * - №28 ご依頼主 コード (15): optional. №30–33 ご依頼主 郵便番号 "XXX-XXXX", 住所１–３ 50 bytes each.
 * - 代金引換: up to 2,000,000 yen, but above 300,000 yen only as 一般書留 or セキュリティサービス
 *   (https://post.japanpost.jp/question/61.html), which Kura's file does not set (№9 is left empty).
 *   ゆうパケット takes no 代金引換, no 配達日 and no 配達時間帯.
 *
 * These are not secrets (they are printed on every label) but they are the account's own: read
 * and written per account only, like every other setting.
 */

export const DEFAULT_CONTRACTS: ContractOf = {
  yamato: { customerCode: null, classCode: null, freightNumber: null, invoiceType: '0', itemName: null },
  sagawa: { customerCode: null, department: null, freightPayment: '1', timeSlots: 'six', itemName: null },
  japanpost: { invoiceType: '1100780', packetInvoiceType: null, shipperCode: null, itemName: null },
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const oneOf = <T extends string>(v: unknown, values: readonly T[], fallback: T): T => ((values as readonly unknown[]).includes(v) ? (v as T) : fallback);

/** A stored contract (JSON) as the code reads it: unknown keys dropped, missing or odd values the defaults. */
export const contractFrom = <C extends CarrierCode>(carrier: C, raw: unknown): ContractOf[C] => {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_CONTRACTS;
  const out: { [K in CarrierCode]: () => ContractOf[K] } = {
    yamato: () => ({
      customerCode: str(r.customerCode),
      classCode: str(r.classCode),
      freightNumber: str(r.freightNumber),
      invoiceType: oneOf(r.invoiceType, YAMATO_INVOICE_TYPES, d.yamato.invoiceType),
      itemName: str(r.itemName),
    }),
    sagawa: () => ({
      customerCode: str(r.customerCode),
      department: str(r.department),
      freightPayment: oneOf(r.freightPayment, SAGAWA_FREIGHT, d.sagawa.freightPayment),
      timeSlots: oneOf(r.timeSlots, SAGAWA_SLOT_PLANS, d.sagawa.timeSlots),
      itemName: str(r.itemName),
    }),
    japanpost: () => ({
      invoiceType: str(r.invoiceType) ?? d.japanpost.invoiceType,
      packetInvoiceType: str(r.packetInvoiceType),
      shipperCode: str(r.shipperCode),
      itemName: str(r.itemName),
    }),
  };
  return out[carrier]() as ContractOf[C];
};

// ───────────────────────────── what an order becomes at each carrier

/**
 * Kura's 配送方法 codes (orders/choices.ts SHIPPING_METHODS) each carrier's file
 * cannot carry. A mall's own words (Standard, お急ぎ便…) and "other" are not
 * listed: they take the account's default.
 */
const NOT_CARRIED: Record<CarrierCode, readonly string[]> = {
  yamato: ['yu_packet', 'click_post', 'letter_pack', 'mail_bin', 'pickup'],
  sagawa: ['compact', 'nekopos', 'yu_packet', 'click_post', 'letter_pack', 'mail_bin', 'pickup'],
  japanpost: ['compact', 'nekopos', 'click_post', 'letter_pack', 'mail_bin', 'pickup'],
};

/** The order's 配送方法 is one this carrier's file has no service for. */
export const methodNotCarried = (carrier: CarrierCode, o: CarrierOrder): boolean => NOT_CARRIED[carrier].includes(o.shipping.method ?? '');

/** クール便: Kura's files leave クール区分 / 保冷種別 at 通常, so a cool order would travel warm. */
export const isCool = (o: CarrierOrder): boolean => o.shipping.method === 'cool';

/** B2 送り状種類 before cash on delivery: the order's 配送方法 first, else the account's default. */
export const yamatoBaseType = (o: CarrierOrder, c: YamatoContract): YamatoInvoiceType => {
  switch (o.shipping.method) {
    case 'takkyubin':
    case 'cool':
      return '0';
    case 'compact':
      return '8';
    case 'nekopos':
      return '7';
    default:
      return c.invoiceType;
  }
};

/** B2 送り状種類 as written: コレクト (2) / 宅急便コンパクトコレクト (9) for cash on delivery; ネコポス has none (the check says so). */
export const yamatoInvoiceType = (o: CarrierOrder, c: YamatoContract = DEFAULT_CONTRACTS.yamato): string => {
  const base = yamatoBaseType(o, c);
  if (!isCollect(o)) return base;
  return base === '0' ? '2' : base === '8' ? '9' : base;
};

/** ネコポス (and クロネコゆうパケット) go to the mailbox. */
export const yamatoToMailbox = (o: CarrierOrder, c: YamatoContract = DEFAULT_CONTRACTS.yamato): boolean => yamatoBaseType(o, c) === '7';

/** ゆうプリR 郵便種別: 9 ゆうパケット when the order says so, else 0 ゆうパック. */
export const japanpostMailType = (o: CarrierOrder): '0' | '9' => (o.shipping.method === 'yu_packet' ? '9' : '0');

/** ゆうプリR 送り状種別 for the order ('' when the account has none for ゆうパケット). */
export const japanpostInvoiceType = (o: CarrierOrder, c: JapanPostContract = DEFAULT_CONTRACTS.japanpost): string =>
  japanpostMailType(o) === '9' ? (c.packetInvoiceType ?? '') : c.invoiceType;

/** The largest 代金引換 each carrier takes in Kura's file, and why (see the sources above). */
export const COD_LIMITS: Record<CarrierCode, number> = { yamato: 300_000, sagawa: 500_000, japanpost: 300_000 };
