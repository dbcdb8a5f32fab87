import { halfWidth, normalisePhone } from '../../lib/japanese-input';
import { clean, fullAddress, isCollect, measure, parseTimeSlot, type CarrierLayout, type CarrierLayoutId, type CarrierOrder, type ExportContext, type ShipperProfile } from './common';
import {
  CARRIER_OF,
  COD_LIMITS,
  DEFAULT_CONTRACTS,
  isCool,
  japanpostMailType,
  methodNotCarried,
  yamatoToMailbox,
  type Contracts,
} from './contract';
import type { CarrierProblem, ProblemCode, ProblemField } from './codes';

export { PROBLEM_CODES, PROBLEM_FIELDS, type CarrierProblem, type ProblemCode, type ProblemField } from './codes';


/**
 * The check before a carrier file is written: everything in it the carrier's
 * import would refuse (or would quietly get wrong), found before the operator
 * uploads the file. Pure: the orders, the shipper and the account's carrier
 * settings in, a list of problems out, each naming the order (null for the
 * account's settings, which every row shares), the field and why.
 *
 * What is checked, and where each rule comes from (contract.ts cites the sources):
 * - the shipper (ご依頼主): name, address, a 7-digit postal code and a phone number of
 *   10–11 digits, whether saved for the carrier or taken from the shop profile;
 * - the carrier's account fields its import needs (B2: 請求先顧客コード, 運賃管理番号);
 * - per order: the consignee's name, address, 7-digit postal code and 10–11-digit phone;
 * - every cell against its column's documented size (the layouts' `max`, Shift_JIS bytes or
 *   characters: an address too long for お届け先住所 is named, never cut);
 * - 代金引換 above the carrier's limit, or on a service without it (ネコポス, ゆうパケット);
 * - a time slot the carrier has no code for, or the service or the account's contract does
 *   not offer (ネコポス, ゆうパケット; Sagawa's five- or six-slot contract); a delivery date
 *   on a mailbox service;
 * - a 配送方法 the carrier's file cannot carry (宅急便コンパクト at Sagawa…), クール便 (the
 *   files write 通常), a ゆうパケット order without the account's ゆうパケット 送り状種別.
 */

export interface CheckSettings {
  /** ご依頼主 as the file will print it (the carrier's settings, else the shop profile) */
  shipper: ShipperProfile;
  /** the account's carrier settings (defaults where none are saved) */
  contracts: Contracts;
}

/** Which Kura field each sized column is written from (columns not listed are codes Kura fills itself). */
const COLUMN_FIELDS: Record<CarrierLayoutId, Record<string, ProblemField>> = {
  yamato_b2: {
    お客様管理番号: 'number',
    お届け先電話番号: 'shipTo.phone',
    お届け先郵便番号: 'shipTo.postalCode',
    お届け先住所: 'shipTo.address',
    お届け先アパートマンション名: 'shipTo.address2',
    お届け先名: 'shipTo.name',
    ご依頼主電話番号: 'shipper.phone',
    ご依頼主郵便番号: 'shipper.postalCode',
    ご依頼主住所: 'shipper.address',
    ご依頼主アパートマンション: 'shipper.address',
    ご依頼主名: 'shipper.name',
    品名１: 'lines',
    記事: 'externalId',
    'ｺﾚｸﾄ代金引換額（税込)': 'payment.cod',
    請求先顧客コード: 'yamato.customerCode',
    請求先分類コード: 'yamato.classCode',
    運賃管理番号: 'yamato.freightNumber',
  },
  sagawa_ehiden2: {
    お届け先電話番号: 'shipTo.phone',
    お届け先郵便番号: 'shipTo.postalCode',
    お届け先住所１: 'shipTo.address',
    お届け先住所２: 'shipTo.address',
    お届け先住所３: 'shipTo.address',
    お届け先名称１: 'shipTo.name',
    お届け先名称２: 'shipTo.name',
    お客様管理ナンバー: 'number',
    お客様コード: 'sagawa.customerCode',
    '部署・担当者': 'sagawa.department',
    ご依頼主電話番号: 'shipper.phone',
    ご依頼主郵便番号: 'shipper.postalCode',
    ご依頼主住所１: 'shipper.address',
    ご依頼主住所２: 'shipper.address',
    ご依頼主名称１: 'shipper.name',
    ご依頼主名称２: 'shipper.name',
    品名１: 'lines',
    品名２: 'lines',
    品名３: 'lines',
    品名４: 'lines',
    品名５: 'lines',
    代引金額: 'payment.cod',
  },
  japanpost_yupri: {
    お客様側管理番号: 'number',
    送り状種別: 'japanpost.invoiceType',
    'お届け先 郵便番号': 'shipTo.postalCode',
    'お届け先 住所１': 'shipTo.address',
    'お届け先 住所２': 'shipTo.address',
    'お届け先 住所３': 'shipTo.address',
    'お届け先 名称１': 'shipTo.name',
    'お届け先 電話番号': 'shipTo.phone',
    'ご依頼主 コード': 'japanpost.shipperCode',
    'ご依頼主 郵便番号': 'shipper.postalCode',
    'ご依頼主 住所１': 'shipper.address',
    'ご依頼主 住所２': 'shipper.address',
    'ご依頼主 住所３': 'shipper.address',
  },
};

/** Fields that are the same on every row: the account's, checked once. */
const isAccountField = (f: ProblemField) => f.startsWith('shipper.') || f.startsWith('yamato.') || f.startsWith('sagawa.') || f.startsWith('japanpost.');

/** The digits of a phone number as a carrier reads it (half-width, hyphens dropped). */
export const phoneDigits = (s: string | null | undefined): string => normalisePhone(s ?? '').replace(/[^0-9]/g, '');

/** A phone number the carriers take: 10 or 11 digits once written half-width (hyphens and brackets aside). */
export const phoneOk = (s: string | null | undefined): boolean => /^\d{10,11}$/.test(phoneDigits(s)) && !/[^0-9+\-()\s]/.test(normalisePhone(s ?? ''));

/** A postal code the carriers take: 7 digits once written half-width (〒, a hyphen and spaces aside). */
export const postalOk = (s: string | null | undefined): boolean => /^\d{7}$/.test(halfWidth(s ?? '').replace(/[〒\s-]/g, ''));

type Emit = (field: ProblemField, code: ProblemCode, detail: string, more?: Pick<CarrierProblem, 'column' | 'limit' | 'unit' | 'actual'>) => void;

const checkShipper = (shipper: ShipperProfile, emit: Emit) => {
  if (!clean(shipper.name)) emit('shipper.name', 'required', 'The shipper (ご依頼主) has no name');
  if (!clean(shipper.address)) emit('shipper.address', 'required', 'The shipper (ご依頼主) has no address');
  if (!clean(shipper.postalCode)) emit('shipper.postalCode', 'required', 'The shipper (ご依頼主) has no postal code');
  else if (!postalOk(shipper.postalCode)) emit('shipper.postalCode', 'postal_code_invalid', `The shipper’s postal code "${shipper.postalCode}" is not 7 digits`);
  if (!clean(shipper.phone)) emit('shipper.phone', 'required', 'The shipper (ご依頼主) has no phone number');
  else if (!phoneOk(shipper.phone))
    emit('shipper.phone', 'phone_invalid', `The shipper’s phone number "${shipper.phone}" has ${phoneDigits(shipper.phone).length} digits; carriers take 10 or 11`, {
      actual: phoneDigits(shipper.phone).length,
      unit: 'digits',
    });
};

/** Each sized cell of the row against its column, for the fields `which` selects. */
const checkColumns = (layout: CarrierLayout, input: { order: CarrierOrder; shipper: ShipperProfile; ctx: ExportContext }, which: (f: ProblemField) => boolean, emit: Emit) => {
  const fields = COLUMN_FIELDS[layout.id];
  for (const c of layout.columns) {
    const field = fields[c.header];
    if (!field || !which(field) || !c.max || !c.value) continue;
    const value = c.value(input);
    const size = measure(value, c.max.unit);
    if (size > c.max.size) {
      emit(field, 'too_long', `${c.header} takes ${c.max.size} ${c.max.unit === 'bytes' ? 'bytes (Shift_JIS: full-width 2, half-width 1)' : 'characters'}; "${value}" has ${size}`, {
        column: c.header,
        limit: c.max.size,
        unit: c.max.unit,
        actual: size,
      });
    }
  }
};

/** An order with nothing in it, for the account-level cells (shipper, contract), which never read the order. */
const NO_ORDER = {
  id: '',
  number: '',
  externalId: '',
  shipTo: { name: '', postalCode: '', prefecture: '', city: '', address1: '', address2: null, phone: '' },
  payment: { method: '', paid: true },
  shipping: { method: null, desiredDate: null, timeSlot: null },
  totals: { total: 0, tax: 0 },
  lines: [],
} as unknown as CarrierOrder;

/** Problems of the account's settings for this carrier: they concern every row, so they are listed once. */
export const checkSettings = (layout: CarrierLayout, settings: CheckSettings, ctx: ExportContext = { shipDate: '' }): CarrierProblem[] => {
  const out: CarrierProblem[] = [];
  const emit: Emit = (field, code, detail, more = {}) => out.push({ orderId: null, number: null, field, code, detail, ...more });
  checkShipper(settings.shipper, emit);
  const carrier = CARRIER_OF[layout.id];
  if (carrier === 'yamato') {
    const c = settings.contracts.yamato ?? DEFAULT_CONTRACTS.yamato;
    if (!c.customerCode) emit('yamato.customerCode', 'required', 'B2クラウド needs the 請求先顧客コード (10–12 digits) of the account’s Yamato contract');
    if (!c.freightNumber) emit('yamato.freightNumber', 'required', 'B2クラウド needs the 運賃管理番号 (2 digits, usually 01)');
  }
  if (carrier === 'japanpost' && !(settings.contracts.japanpost ?? DEFAULT_CONTRACTS.japanpost).invoiceType) {
    emit('japanpost.invoiceType', 'required', 'ゆうプリR needs the 送り状種別 registered for ゆうパック');
  }
  const reported = new Set(out.map((p) => p.field));
  checkColumns(layout, { order: NO_ORDER, shipper: settings.shipper, ctx: { ...ctx, contracts: settings.contracts } }, (f) => isAccountField(f) && !reported.has(f), emit);
  return out;
};

/** The time slots of Sagawa's two contracts that the other one does not have. */
const SAGAWA_PLAN_LACKS: Record<'six' | 'five', string[]> = { six: ['18-21'], five: ['18-20', '19-21'] };

/** Problems of each order in the carrier's file (the account's settings aside: checkSettings). */
export const checkOrders = (layout: CarrierLayout, orders: CarrierOrder[], settings: CheckSettings, ctx: ExportContext = { shipDate: '' }): CarrierProblem[] => {
  const out: CarrierProblem[] = [];
  const carrier = CARRIER_OF[layout.id];
  const contracts = settings.contracts;
  const yamato = contracts.yamato ?? DEFAULT_CONTRACTS.yamato;
  const sagawa = contracts.sagawa ?? DEFAULT_CONTRACTS.sagawa;
  const japanpost = contracts.japanpost ?? DEFAULT_CONTRACTS.japanpost;
  for (const o of orders) {
    const emit: Emit = (field, code, detail, more = {}) => out.push({ orderId: o.id, number: o.number, field, code, detail, ...more });
    const t = o.shipTo;

    if (!clean(t.name)) emit('shipTo.name', 'required', 'The consignee (お届け先) has no name');
    if (!fullAddress(o)) emit('shipTo.address', 'required', 'The consignee (お届け先) has no address');
    if (!clean(t.postalCode)) emit('shipTo.postalCode', 'required', 'The consignee (お届け先) has no postal code');
    else if (!postalOk(t.postalCode)) emit('shipTo.postalCode', 'postal_code_invalid', `The postal code "${t.postalCode}" is not 7 digits`);
    if (!clean(t.phone)) emit('shipTo.phone', 'required', 'The consignee (お届け先) has no phone number');
    else if (!phoneOk(t.phone)) {
      const n = phoneDigits(t.phone).length;
      emit('shipTo.phone', 'phone_invalid', `The phone number "${t.phone}" has ${n} digits; carriers take 10 or 11`, { actual: n, unit: 'digits' });
    }

    // the service: what the order's 配送方法 makes of it at this carrier
    if (methodNotCarried(carrier, o)) emit('shipping.method', 'shipping_method_not_offered', `${layout.label} has no service for the 配送方法 "${o.shipping.method}" in this file`);
    if (isCool(o)) emit('shipping.method', 'cool_not_supported', 'クール便: the file would send it at normal temperature (クール区分 / 保冷種別 are set in the carrier’s software)');
    const mailbox = (carrier === 'yamato' && yamatoToMailbox(o, yamato)) || (carrier === 'japanpost' && japanpostMailType(o) === '9');
    const service = carrier === 'yamato' ? 'ネコポス' : 'ゆうパケット';
    if (carrier === 'japanpost' && japanpostMailType(o) === '9' && !japanpost.packetInvoiceType) {
      emit('japanpost.packetInvoiceType', 'required', 'A ゆうパケット order needs the 送り状種別 registered for ゆうパケット in the carrier settings');
    }

    // 配達時間帯 and お届け日
    const slot = parseTimeSlot(o.shipping.timeSlot);
    if (layout.timeSlotCode(o.shipping.timeSlot) === null) {
      emit('shipping.timeSlot', 'time_slot_unsupported', `${layout.label} has no code for the time slot "${o.shipping.timeSlot}"`);
    } else if (slot && slot.kind !== 'none' && mailbox) {
      emit('shipping.timeSlot', 'time_slot_not_offered', `${service} is delivered to the mailbox: no time slot ("${o.shipping.timeSlot}")`);
    } else if (carrier === 'sagawa' && slot?.kind === 'range' && SAGAWA_PLAN_LACKS[sagawa.timeSlots].includes(`${slot.from}-${slot.to}`)) {
      emit('shipping.timeSlot', 'time_slot_not_offered', `The account’s Sagawa contract (${sagawa.timeSlots === 'six' ? '6' : '5'} time slots) has no ${slot.from}–${slot.to} slot`);
    }
    if (mailbox && o.shipping.desiredDate) emit('shipping.desiredDate', 'delivery_date_not_offered', `${service} takes no delivery date (${o.shipping.desiredDate})`);

    // 代金引換
    if (isCollect(o)) {
      const total = o.totals.total;
      const limit = COD_LIMITS[carrier];
      if (mailbox) emit('payment.cod', 'cod_not_offered', `${service} takes no cash on delivery`);
      else if (total <= 0) emit('payment.cod', 'cod_amount_invalid', `Cash on delivery of ${total} yen: the amount must be above 0`, { actual: total, unit: 'yen' });
      else if (total > limit) emit('payment.cod', 'cod_over_limit', `Cash on delivery of ${total} yen is above ${layout.label}’s ${limit} yen`, { limit, unit: 'yen', actual: total });
    }

    // 品名: B2 needs one
    if (carrier === 'yamato' && !yamato.itemName && o.lines.length === 0) emit('lines', 'required', 'B2クラウド needs a 品名, and the order has no lines');

    // every sized cell, for the fields not already named
    const named = new Set(out.filter((p) => p.orderId === o.id).map((p) => p.field));
    checkColumns(layout, { order: o, shipper: settings.shipper, ctx: { ...ctx, contracts } }, (f) => !isAccountField(f) && !named.has(f), emit);
  }
  return out;
};

/** Every problem of the file: the account's settings first (once), then each order's, in the order given. */
export const checkCarrierFile = (layout: CarrierLayout, orders: CarrierOrder[], settings: CheckSettings, ctx: ExportContext = { shipDate: '' }): CarrierProblem[] => [
  ...checkSettings(layout, settings, ctx),
  ...checkOrders(layout, orders, settings, ctx),
];
