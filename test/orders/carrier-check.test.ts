import { describe, expect, it } from 'vitest';
import { CARRIER_LAYOUTS, shippingRows, type CarrierLayoutId, type CarrierOrder } from '../../worker/orders/carriers';
import { checkCarrierFile, checkOrders, checkSettings, phoneOk, postalOk, type CarrierProblem, type CheckSettings } from '../../worker/orders/carriers/check';
import { contractFrom, DEFAULT_CONTRACTS, yamatoInvoiceType, type ContractOf } from '../../worker/orders/carriers/contract';

/**
 * The check before a carrier file is written (worker/orders/carriers/check.ts):
 * pure, so every rule is tried here with one order at a time against fully
 * set-up settings, and each problem names the order, the field and the code.
 */

const order = (over: { shipTo?: Partial<CarrierOrder['shipTo']>; payment?: Partial<CarrierOrder['payment']>; shipping?: Partial<CarrierOrder['shipping']>; total?: number; lines?: CarrierOrder['lines']; number?: string } = {}): CarrierOrder => ({
  id: `01J${over.number ?? 'K000042'}`,
  number: over.number ?? 'K000042',
  channelId: 'manual',
  externalId: 'SHOP-1001',
  status: 'ready_to_ship',
  orderedAt: '2026-11-30T01:00:00.000Z',
  customer: { name: '山田 太郎', email: null, phone: null },
  shipTo: { name: '山田 太郎', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2-1', address2: 'サンプルビル 3F', phone: '090-1234-5678', ...over.shipTo },
  payment: { method: 'credit_card', paid: true, ...over.payment },
  shipping: { method: null, desiredDate: null, timeSlot: null, carrier: null, trackingNumber: null, shippedAt: null, ...over.shipping },
  note: null,
  totals: { items: 3000, shipping: 600, fees: 0, discount: 0, points: 0, tax: 327, total: over.total ?? 3600 },
  stockWarning: false,
  reserved: true,
  flags: [],
  cancelledAt: null,
  createdAt: '2026-11-30T01:00:00.000Z',
  updatedAt: '2026-11-30T01:00:00.000Z',
  lines: over.lines ?? [{ sku: 'TEA-1', name: '煎茶 100g', quantity: 2 }],
}) as CarrierOrder;

const SHIPPER = { name: '蔵ストア', postalCode: '100-0001', address: '東京都千代田区千代田1-1', phone: '03-1234-5678' };
const CONTRACTS: ContractOf = {
  yamato: { ...DEFAULT_CONTRACTS.yamato, customerCode: '0312345678', freightNumber: '01' },
  sagawa: { ...DEFAULT_CONTRACTS.sagawa },
  japanpost: { ...DEFAULT_CONTRACTS.japanpost },
};
const settings = (over: Partial<CheckSettings['shipper']> = {}, contracts: Partial<ContractOf> = {}): CheckSettings => ({ shipper: { ...SHIPPER, ...over }, contracts: { ...CONTRACTS, ...contracts } });

const check = (id: CarrierLayoutId, orders: CarrierOrder[], s = settings()) => checkCarrierFile(CARRIER_LAYOUTS[id], orders, s);
/** [number, field, code] of each problem, for compact expectations. */
const brief = (ps: CarrierProblem[]) => ps.map((p) => [p.number, p.field, p.code]);
const ALL: CarrierLayoutId[] = ['yamato_b2', 'sagawa_ehiden2', 'japanpost_yupri'];

describe('a well-formed file has no problem', () => {
  it('at every carrier, for a plain order with full settings', () => {
    for (const id of ALL) expect(check(id, [order(), order({ number: 'K000043', shipping: { timeSlot: '午前中', desiredDate: '2026-12-03' } })]), id).toEqual([]);
  });
});

describe('the account’s settings: listed once, with no order', () => {
  it('a missing shipper field is named for every carrier', () => {
    for (const id of ALL) {
      const ps = check(id, [order(), order({ number: 'K000043' })], settings({ phone: '', address: '' }));
      expect(brief(ps), id).toEqual([
        [null, 'shipper.address', 'required'],
        [null, 'shipper.phone', 'required'],
      ]);
      expect(ps[0].orderId).toBeNull();
    }
  });

  it('B2 needs the 請求先顧客コード and the 運賃管理番号; the others do not', () => {
    const none = settings({}, { yamato: DEFAULT_CONTRACTS.yamato });
    expect(brief(check('yamato_b2', [order()], none))).toEqual([
      [null, 'yamato.customerCode', 'required'],
      [null, 'yamato.freightNumber', 'required'],
    ]);
    expect(check('sagawa_ehiden2', [order()], none)).toEqual([]);
  });

  it('a shipper phone that is not 10–11 digits, a postal code that is not 7', () => {
    const ps = checkSettings(CARRIER_LAYOUTS.yamato_b2, settings({ phone: '03-1234-567', postalCode: '100-001' }));
    expect(brief(ps)).toEqual([
      [null, 'shipper.postalCode', 'postal_code_invalid'],
      [null, 'shipper.phone', 'phone_invalid'],
    ]);
    expect(ps[1]).toMatchObject({ actual: 9, unit: 'digits' });
  });

  it('a shipper name too long for B2’s ご依頼主名 (32 bytes) names the column; the building line goes to アパートマンション', () => {
    const long = 'とても長いショップの名前がここに入りますよ'; // 21 full-width characters: 42 bytes
    const ps = checkSettings(CARRIER_LAYOUTS.yamato_b2, settings({ name: long }));
    expect(ps).toEqual([expect.objectContaining({ field: 'shipper.name', code: 'too_long', column: 'ご依頼主名', limit: 32, unit: 'bytes', actual: 42 })]);
    // two lines: the street fits the 64-byte 住所 and the building its 32-byte field
    expect(checkSettings(CARRIER_LAYOUTS.yamato_b2, settings({ address: '東京都千代田区丸の内一丁目一番一号\n蔵ビル三階' }))).toEqual([]);
    // e飛伝Ⅱ: 16 characters a name field, two fields
    expect(checkSettings(CARRIER_LAYOUTS.sagawa_ehiden2, settings({ name: long }))).toEqual([]);
    expect(brief(checkSettings(CARRIER_LAYOUTS.sagawa_ehiden2, settings({ name: long + long })))).toEqual([[null, 'shipper.name', 'too_long']]);
  });
});

describe('each order: named by number, field and why', () => {
  it('a missing or malformed phone number and postal code', () => {
    const ps = check('yamato_b2', [
      order({ number: 'K1', shipTo: { phone: '' } }),
      order({ number: 'K2', shipTo: { phone: '090-1234-56' } }),
      order({ number: 'K3', shipTo: { phone: '+81-90-1234-5678' } }),
      order({ number: 'K4', shipTo: { postalCode: '060-001' } }),
      order({ number: 'K5', shipTo: { postalCode: '' } }),
    ]);
    expect(brief(ps)).toEqual([
      ['K1', 'shipTo.phone', 'required'],
      ['K2', 'shipTo.phone', 'phone_invalid'],
      ['K3', 'shipTo.phone', 'phone_invalid'],
      ['K4', 'shipTo.postalCode', 'postal_code_invalid'],
      ['K5', 'shipTo.postalCode', 'required'],
    ]);
    expect(ps[0].orderId).toBe('01JK1');
  });

  it('full-width digits and dashes are fine: they are written half-width', () => {
    const o = order({ shipTo: { phone: '０９０ー１２３４ー５６７８', postalCode: '〒０６０－０００１' } });
    expect(check('yamato_b2', [o])).toEqual([]);
    const layout = CARRIER_LAYOUTS.yamato_b2;
    const row = shippingRows(layout, [o], SHIPPER, { shipDate: '2026-12-01', contracts: CONTRACTS })[0];
    const at = (h: string) => row[layout.columns.findIndex((c) => c.header === h)];
    expect(at('お届け先電話番号')).toBe('090-1234-5678');
    expect(at('お届け先郵便番号')).toBe('0600001');
    expect(at('請求先顧客コード')).toBe('0312345678');
    expect(at('運賃管理番号')).toBe('01');
  });

  it('an address too long for its column, in Shift_JIS bytes or characters', () => {
    // 25 full-width characters after 北海道札幌市中央区: 68 bytes in B2's 64-byte お届け先住所
    const long = { address1: '北一条西二丁目一番地の十二とても長い番地の説明です', address2: null };
    const yamato = check('yamato_b2', [order({ shipTo: long })]);
    expect(yamato).toEqual([expect.objectContaining({ number: 'K000042', field: 'shipTo.address', code: 'too_long', column: 'お届け先住所', limit: 64, unit: 'bytes' })]);
    expect(yamato[0].actual).toBeGreaterThan(64);
    // e飛伝Ⅱ spreads it over three 16-character fields, where it fits
    expect(check('sagawa_ehiden2', [order({ shipTo: long })])).toEqual([]);
    const longer = { address1: '北一条西二丁目一番地の十二'.repeat(4) };
    expect(brief(check('sagawa_ehiden2', [order({ shipTo: longer })]))).toEqual([['K000042', 'shipTo.address', 'too_long']]);
    // half-width counts one byte: 64 ASCII characters fit B2's 64 bytes
    expect(check('yamato_b2', [order({ shipTo: { prefecture: '', city: '', address1: 'a'.repeat(64) } })])).toEqual([]);
  });

  it('cash on delivery above the carrier’s limit, at or below zero, or on a mailbox service', () => {
    const cod = { method: 'cod', paid: false };
    expect(brief(check('yamato_b2', [order({ payment: cod, total: 300_001 })]))).toEqual([['K000042', 'payment.cod', 'cod_over_limit']]);
    expect(check('yamato_b2', [order({ payment: cod, total: 300_000 })])).toEqual([]);
    expect(check('sagawa_ehiden2', [order({ payment: cod, total: 300_001 })])).toEqual([]);
    expect(check('sagawa_ehiden2', [order({ payment: cod, total: 500_001 })])[0]).toMatchObject({ code: 'cod_over_limit', limit: 500_000, unit: 'yen', actual: 500_001 });
    expect(brief(check('japanpost_yupri', [order({ payment: cod, total: 300_001 })]))).toEqual([['K000042', 'payment.cod', 'cod_over_limit']]);
    expect(brief(check('yamato_b2', [order({ payment: cod, total: 0 })]))).toEqual([['K000042', 'payment.cod', 'cod_amount_invalid']]);
    // paid already: nothing to collect
    expect(check('yamato_b2', [order({ payment: { method: 'cod', paid: true }, total: 400_000 })])).toEqual([]);
    // ネコポス and ゆうパケット take none
    expect(brief(check('yamato_b2', [order({ payment: cod, shipping: { method: 'nekopos' } })]))).toEqual([['K000042', 'payment.cod', 'cod_not_offered']]);
    expect(brief(check('japanpost_yupri', [order({ payment: cod, shipping: { method: 'yu_packet' } })], settings({}, { japanpost: { ...CONTRACTS.japanpost, packetInvoiceType: '1100790' } })))).toEqual([
      ['K000042', 'payment.cod', 'cod_not_offered'],
    ]);
  });

  it('ネコポス as the account’s default 送り状種類 too', () => {
    const nekopos = settings({}, { yamato: { ...CONTRACTS.yamato, invoiceType: '7' } });
    expect(brief(check('yamato_b2', [order({ payment: { method: 'cod', paid: false } })], nekopos))).toEqual([['K000042', 'payment.cod', 'cod_not_offered']]);
    // an order that says 宅配便 is one, whatever the default
    expect(check('yamato_b2', [order({ payment: { method: 'cod', paid: false }, shipping: { method: 'takkyubin' } })], nekopos)).toEqual([]);
  });

  it('a time slot the carrier has no code for, or the service or the contract does not offer', () => {
    expect(brief(check('yamato_b2', [order({ shipping: { timeSlot: '12-14' } })]))).toEqual([['K000042', 'shipping.timeSlot', 'time_slot_unsupported']]);
    expect(brief(check('japanpost_yupri', [order({ shipping: { timeSlot: '夜' } })]))).toEqual([['K000042', 'shipping.timeSlot', 'time_slot_unsupported']]);
    expect(brief(check('yamato_b2', [order({ shipping: { timeSlot: '14-16', method: 'nekopos' } })]))).toEqual([['K000042', 'shipping.timeSlot', 'time_slot_not_offered']]);
    expect(brief(check('yamato_b2', [order({ shipping: { desiredDate: '2026-12-03', method: 'nekopos' } })]))).toEqual([['K000042', 'shipping.desiredDate', 'delivery_date_not_offered']]);
    // Sagawa: 18–20 only with the six-slot contract, 18–21 only with the five
    const five = settings({}, { sagawa: { ...CONTRACTS.sagawa, timeSlots: 'five' } });
    expect(check('sagawa_ehiden2', [order({ shipping: { timeSlot: '18-20' } })])).toEqual([]);
    expect(brief(check('sagawa_ehiden2', [order({ shipping: { timeSlot: '18-20' } })], five))).toEqual([['K000042', 'shipping.timeSlot', 'time_slot_not_offered']]);
    expect(check('sagawa_ehiden2', [order({ shipping: { timeSlot: '18-21' } })], five)).toEqual([]);
    expect(brief(check('sagawa_ehiden2', [order({ shipping: { timeSlot: '18-21' } })]))).toEqual([['K000042', 'shipping.timeSlot', 'time_slot_not_offered']]);
  });

  it('a 配送方法 the carrier’s file cannot carry, クール便, ゆうパケット without its 送り状種別', () => {
    expect(brief(check('sagawa_ehiden2', [order({ shipping: { method: 'compact' } })]))).toEqual([['K000042', 'shipping.method', 'shipping_method_not_offered']]);
    expect(check('yamato_b2', [order({ shipping: { method: 'compact' } })])).toEqual([]);
    expect(brief(check('yamato_b2', [order({ shipping: { method: 'cool' } })]))).toEqual([['K000042', 'shipping.method', 'cool_not_supported']]);
    expect(brief(check('japanpost_yupri', [order({ shipping: { method: 'yu_packet' } })]))).toEqual([['K000042', 'japanpost.packetInvoiceType', 'required']]);
    // a mall's own words take the account's default
    expect(check('sagawa_ehiden2', [order({ shipping: { method: 'Standard' } })])).toEqual([]);
  });

  it('B2 needs a 品名: an order without lines has none unless the account prints a fixed one', () => {
    expect(brief(check('yamato_b2', [order({ lines: [] })]))).toEqual([['K000042', 'lines', 'required']]);
    expect(check('yamato_b2', [order({ lines: [] })], settings({}, { yamato: { ...CONTRACTS.yamato, itemName: '雑貨' } }))).toEqual([]);
  });

  it('lists the settings first, then the orders in the order given', () => {
    const ps = check('yamato_b2', [order({ number: 'K2', shipTo: { phone: '1' } }), order({ number: 'K1', shipTo: { postalCode: 'x' } })], settings({ name: '' }));
    expect(brief(ps)).toEqual([
      [null, 'shipper.name', 'required'],
      ['K2', 'shipTo.phone', 'phone_invalid'],
      ['K1', 'shipTo.postalCode', 'postal_code_invalid'],
    ]);
    expect(checkOrders(CARRIER_LAYOUTS.yamato_b2, [order()], settings({ name: '' }))).toEqual([]);
  });
});

describe('the pieces', () => {
  it('phone numbers: 10 or 11 digits, any width, hyphens and brackets aside', () => {
    for (const ok of ['03-1234-5678', '090-1234-5678', '09012345678', '０３（１２３４）５６７８', '0120-123-456']) expect(phoneOk(ok), ok).toBe(true);
    for (const bad of ['', '1234', '03-1234-567', '090-1234-56789', '+81 90 1234 5678', '03-1234-5678 内線12']) expect(phoneOk(bad), bad).toBe(false);
  });

  it('postal codes: 7 digits, any width, 〒 and a hyphen aside', () => {
    for (const ok of ['100-0001', '1000001', '〒１００－０００１', '１００ー０００１']) expect(postalOk(ok), ok).toBe(true);
    for (const bad of ['', '100-001', '100-00011', 'abc-defg']) expect(postalOk(bad), bad).toBe(false);
  });

  it('B2 送り状種類: the order’s 配送方法, else the default; cash on delivery makes コレクト', () => {
    const y = CONTRACTS.yamato;
    const cod = { payment: { method: 'cod', paid: false } };
    expect(yamatoInvoiceType(order(), y)).toBe('0');
    expect(yamatoInvoiceType(order(cod), y)).toBe('2');
    expect(yamatoInvoiceType(order({ ...cod, shipping: { method: 'compact' } }), y)).toBe('9');
    expect(yamatoInvoiceType(order({ shipping: { method: 'compact' } }), y)).toBe('8');
    expect(yamatoInvoiceType(order(), { ...y, invoiceType: '7' })).toBe('7');
  });

  it('a stored contract is read with defaults, unknown keys and odd values dropped', () => {
    expect(contractFrom('yamato', { customerCode: '0312345678', invoiceType: '9', extra: 1 })).toEqual({ ...DEFAULT_CONTRACTS.yamato, customerCode: '0312345678' });
    expect(contractFrom('sagawa', null)).toEqual(DEFAULT_CONTRACTS.sagawa);
    expect(contractFrom('japanpost', { invoiceType: '' }).invoiceType).toBe('1100780');
  });
});
