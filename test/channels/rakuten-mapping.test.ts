import { describe, expect, it } from 'vitest';
import { postalCodeOf, splitSubAddress, phoneOf, nameOf } from '../../worker/channels/rakuten/address';
import { bisect, formatRmsDatetime, jstDate, parseRmsDatetime, searchRanges } from '../../worker/channels/rakuten/datetime';
import { timeSlotOf, toPulledOrder, type RmsOrder } from '../../worker/channels/rakuten/order-map';
import { deliveryCompanyOf, updateOrderShippingBody } from '../../worker/channels/rakuten/shipment';
import { isPaid, ORDER_PROGRESS, progressInfo } from '../../worker/channels/rakuten/status-map';
import { invalidReason, remoteQuantities, rmsQuantity, upsertBody } from '../../worker/channels/rakuten/stock';

// Pure parts of the Rakuten adapter: the tables and the OrderModel → PulledOrder mapping.

describe('rakuten status map', () => {
  it('maps every documented orderProgress to its word and Kura meaning', () => {
    expect(Object.fromEntries(Object.entries(ORDER_PROGRESS).map(([k, v]) => [k, [v.word, v.cancelled, v.shipped]]))).toEqual({
      100: ['注文確認待ち', false, false],
      200: ['楽天処理中', false, false],
      300: ['発送待ち', false, false],
      400: ['変更確定待ち', false, false],
      500: ['発送済', false, true],
      600: ['支払手続き中', false, true],
      700: ['支払手続き済', false, true],
      800: ['キャンセル確定待ち', false, false],
      900: ['キャンセル確定', true, false],
    });
    expect(progressInfo(100).held).toBe(true);
    expect(progressInfo(300).held).toBe(false);
    expect(progressInfo(123)).toMatchObject({ cancelled: false, shipped: false });
    expect(progressInfo(123).word).toContain('123');
  });

  // Settlement codes and names → Kura's payment methods: test/channels/payment-methods.test.ts.
  it('maps settlements to paid flags by order progress', () => {
    expect(isPaid('mall', 100)).toBe(true);
    expect(isPaid('prepaid', 200)).toBe(false);
    expect(isPaid('prepaid', 300)).toBe(true);
    expect(isPaid('prepaid', 900)).toBe(false);
    expect(isPaid('on_delivery', 500)).toBe(false);
  });
});

describe('rakuten address pieces', () => {
  it('keeps leading zeros in the postcode', () => {
    expect(postalCodeOf('060', '0001')).toBe('060-0001');
    expect(postalCodeOf(60 as unknown as string, 1 as unknown as string)).toBe('060-0001');
    expect(postalCodeOf('０６０', '０００１')).toBe('060-0001');
    expect(postalCodeOf(null, null)).toBe('');
  });

  it('joins phone parts and names', () => {
    expect(phoneOf('090', '1234', '5678')).toBe('090-1234-5678');
    expect(phoneOf('0312345678', null, undefined)).toBe('0312345678');
    expect(nameOf('楽天', '太郎')).toBe('楽天 太郎');
    expect(nameOf('株式会社楽天', null)).toBe('株式会社楽天');
  });

  it('splits a building off subAddress only when the 番地 clearly ends', () => {
    expect(splitSubAddress('北一条西2丁目1-1\u3000サンプルビル 5F')).toEqual({ address1: '北一条西2丁目1-1', address2: 'サンプルビル 5F' });
    expect(splitSubAddress('玉川1-14-1 楽天クリムゾンハウス')).toEqual({ address1: '玉川1-14-1', address2: '楽天クリムゾンハウス' });
    expect(splitSubAddress('本町３丁目５番地　メゾン本町２０１')).toEqual({ address1: '本町３丁目５番地', address2: 'メゾン本町２０１' });
    // not safe: bare numbers, directions, room numbers, no space at all
    expect(splitSubAddress('北5 西3')).toEqual({ address1: '北5 西3', address2: '' });
    expect(splitSubAddress('字上野 123')).toEqual({ address1: '字上野 123', address2: '' });
    expect(splitSubAddress('1-2-3 101')).toEqual({ address1: '1-2-3 101', address2: '' });
    expect(splitSubAddress('玉川')).toEqual({ address1: '玉川', address2: '' });
    expect(splitSubAddress(null)).toEqual({ address1: '', address2: '' });
  });
});

describe('rakuten datetimes', () => {
  it('formats and reads RMS JST datetimes', () => {
    expect(formatRmsDatetime(new Date('2017-10-13T15:00:00.900Z'))).toBe('2017-10-14T00:00:00+0900');
    expect(parseRmsDatetime('2017-09-25T20:03:43+0900')?.toISOString()).toBe('2017-09-25T11:03:43.000Z');
    expect(parseRmsDatetime('2017-09-25T20:03:43+09:00')?.toISOString()).toBe('2017-09-25T11:03:43.000Z');
    expect(parseRmsDatetime('2017/09/25')).toBeNull();
    expect(jstDate(new Date('2026-03-31T20:00:00Z'))).toBe('2026-04-01');
  });

  it('cuts a window into inclusive ranges of at most 62 days and halves ranges', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    const until = new Date('2026-04-15T00:00:00Z');
    const ranges = searchRanges(since, until);
    expect(ranges.length).toBe(2);
    expect(ranges[0].start.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(ranges[0].end.getTime() - ranges[0].start.getTime()).toBe(62 * 86_400_000);
    expect(ranges[1].start.getTime()).toBe(ranges[0].end.getTime() + 1000);
    expect(ranges[1].end.toISOString()).toBe('2026-04-14T23:59:59.000Z');
    const [a, b] = bisect(ranges[0])!;
    expect(a.start).toEqual(ranges[0].start);
    expect(b.start.getTime()).toBe(a.end.getTime() + 1000);
    expect(b.end).toEqual(ranges[0].end);
    expect(bisect({ start: since, end: since })).toBeNull();
  });
});

describe('rakuten shipment and stock bodies', () => {
  it('maps Kura carrier words to deliveryCompany codes', () => {
    expect(deliveryCompanyOf('yamato')).toBe('1001');
    expect(deliveryCompanyOf('yamato_b2')).toBe('1001');
    expect(deliveryCompanyOf('sagawa')).toBe('1002');
    expect(deliveryCompanyOf('sagawa_ehiden2')).toBe('1002');
    expect(deliveryCompanyOf('japanpost')).toBe('1003');
    expect(deliveryCompanyOf('japanpost_yupri')).toBe('1003');
    expect(deliveryCompanyOf('ヤマト運輸')).toBe('1001');
    expect(deliveryCompanyOf('1029')).toBe('1029');
    expect(deliveryCompanyOf('somebody')).toBe('1000');
  });

  it('builds updateOrderShipping for the first 送付先 and reuses a known shippingDetailId', () => {
    const raw = { PackageModelList: [{ basketId: 10631675, packageDeleteFlag: 0, ShippingModelList: [{ shippingDetailId: 56486, shippingNumber: 'T1' }] }] };
    expect(updateOrderShippingBody({ externalId: '123456-20260101-00000001', carrier: 'sagawa', trackingNumber: 'T2', shippedAt: '2026-01-05T16:00:00Z', raw })).toEqual({
      orderNumber: '123456-20260101-00000001',
      BasketidModelList: [{ basketId: 10631675, ShippingModelList: [{ deliveryCompany: '1002', shippingNumber: 'T2', shippingDate: '2026-01-06' }] }],
    });
    expect(updateOrderShippingBody({ externalId: 'x', carrier: 'yamato', trackingNumber: 'T1', shippedAt: '2026-01-05T01:00:00Z', raw }).BasketidModelList[0].ShippingModelList[0].shippingDetailId).toBe(56486);
    expect(() => updateOrderShippingBody({ externalId: 'x', carrier: 'yamato', trackingNumber: 'T', shippedAt: '', raw: {} })).toThrow(/basketId/);
  });

  it('sends only items RMS can take, absolute and within 0–99999', () => {
    const { body, rejected } = upsertBody([
      { sku: 'A', remoteId: 'item-a', remoteVariantId: 'v1', quantity: 150_000 },
      { sku: 'B', remoteId: 'item-b', remoteVariantId: 'v2', quantity: -3 },
      { sku: 'C', remoteId: 'item c', remoteVariantId: 'v3', quantity: 1 },
      { sku: 'D', remoteId: 'item-d', quantity: 1 },
    ]);
    expect(body).toEqual({
      inventories: [
        { manageNumber: 'item-a', variantId: 'v1', mode: 'ABSOLUTE', quantity: 99_999 },
        { manageNumber: 'item-b', variantId: 'v2', mode: 'ABSOLUTE', quantity: 0 },
      ],
    });
    expect(rejected.map((r) => r.sku)).toEqual(['C', 'D']);
    expect(rmsQuantity(12.7)).toBe(12);
    expect(invalidReason({ remoteId: 'x'.repeat(33), remoteVariantId: 'v' })).toMatch(/manageNumber/);
  });

  it('reads quantities back with null for what RMS does not know', () => {
    const asked = [
      { sku: 'A', remoteId: 'Item-A', remoteVariantId: 'v1' },
      { sku: 'B', remoteId: 'item-b', remoteVariantId: 'v2' },
      { sku: 'C', remoteId: 'item-c' },
    ];
    expect(remoteQuantities(asked, [{ manageNumber: 'item-a', variantId: 'v1', quantity: 4 }])).toEqual([
      { sku: 'A', quantity: 4 },
      { sku: 'B', quantity: null },
      { sku: 'C', quantity: null },
    ]);
  });
});

describe('rakuten OrderModel → PulledOrder', () => {
  // Shaped after the getOrder page's samples (version 10 field names).
  const sample = (): RmsOrder => ({
    orderNumber: '502763-20171027-00006701',
    orderProgress: 100,
    orderDatetime: '2017-10-27T20:03:43+0900',
    deliveryDate: '2017-10-29',
    shippingTerm: 708,
    remarks: '[配送日時指定:]\n2017-10-29(日)',
    goodsPrice: 3200,
    postagePrice: 100,
    deliveryPrice: 330,
    paymentCharge: 0,
    totalPrice: 3300,
    requestPrice: 3330,
    couponAllTotalPrice: 100,
    additionalFeeOccurAmountToUser: 0,
    OrdererModel: {
      zipCode1: '158', zipCode2: '0094', prefecture: '東京都', city: '世田谷区', subAddress: '玉川1-14-1 楽天クリムゾンハウス',
      familyName: '楽天', firstName: '太郎', familyNameKana: 'ラクテン', firstNameKana: 'タロウ',
      phoneNumber1: '090', phoneNumber2: '1111', phoneNumber3: '2222', emailAddress: '815db15ff6ee7c0285bf7f5ce8485450s1@pc.fw.rakuten.ne.jp',
    },
    SettlementModel: { settlementMethodCode: 2, settlementMethod: '代金引換' },
    DeliveryModel: { deliveryName: '宅配便', deliveryClass: 0 },
    PointModel: { usedPoint: 50 },
    WrappingModel1: { title: 1, name: '包装紙', price: 100, deleteWrappingFlag: 0 },
    WrappingModel2: null,
    PackageModelList: [
      {
        basketId: 10631675, postagePrice: 100, deliveryPrice: 330, packageDeleteFlag: 0,
        SenderModel: { zipCode1: '006', zipCode2: '0012', prefecture: '北海道', city: '札幌市手稲区', subAddress: '手稲本町2条3丁目4-5', familyName: '楽天', firstName: '花子', phoneNumber1: '011', phoneNumber2: '000', phoneNumber3: '0000' },
        ItemModelList: [
          { itemName: 'みかん', itemNumber: 'mikan-s', manageNumber: 'mikan', price: 1000, priceTaxIncl: 1080, units: 2, deleteItemFlag: 0, SkuModelList: [{ variantId: 's', merchantDefinedSkuId: 'MIKAN-S', skuInfo: 'サイズ:S' }] },
          { itemName: '削除済み', manageNumber: 'gone', price: 1, units: 1, deleteItemFlag: 1, SkuModelList: [] },
        ],
      },
      {
        basketId: 10631676, packageDeleteFlag: 0,
        SenderModel: { zipCode1: '100', zipCode2: '0001', prefecture: '東京都', city: '千代田区', subAddress: '千代田1-1', familyName: '別', firstName: '宛先' },
        ItemModelList: [{ itemName: 'りんご', itemNumber: 'ringo', manageNumber: 'ringo', price: 1000, priceTaxIncl: -9999, units: 1, SkuModelList: [{ variantId: 'normal', merchantDefinedSkuId: null }] }],
      },
    ],
    TaxSummaryModelList: [{ taxRate: 0.08, reqPriceTax: 160 }, { taxRate: 0.1, reqPriceTax: 90 }],
  });

  it('maps every field Kura keeps', () => {
    const o = sample();
    expect(toPulledOrder(o)).toEqual({
      externalId: '502763-20171027-00006701',
      orderedAt: '2017-10-27T11:03:43.000Z',
      customer: { name: '楽天 太郎', email: '815db15ff6ee7c0285bf7f5ce8485450s1@pc.fw.rakuten.ne.jp', phone: '090-1111-2222' },
      shipTo: { name: '楽天 花子', postalCode: '006-0012', prefecture: '北海道', city: '札幌市手稲区', address1: '手稲本町2条3丁目4-5', address2: undefined, phone: '011-000-0000' },
      lines: [
        { sku: 'MIKAN-S', quantity: 2, unitPrice: 1080, name: 'みかん (サイズ:S)', remoteId: 'mikan', remoteVariantId: 's' },
        { sku: 'ringo', quantity: 1, unitPrice: 1000, name: 'りんご', remoteId: 'ringo', remoteVariantId: 'normal' },
      ],
      payment: { method: 'cod', paid: false, raw: '代金引換' },
      shipping: { method: '宅配便', desiredDate: '2017-10-29', timeSlot: '7-8' },
      note: '[配送日時指定:]\n2017-10-29(日)',
      totals: { shippingFee: 100, fees: 430, discount: 100, points: 50, tax: 250 },
      raw: o,
      cancelled: false,
      fulfilledByMall: false,
      mallStatus: '注文確認待ち',
    });
  });

  it('leaves out amounts RMS has not settled (-9999) and marks 900 cancelled', () => {
    const o = { ...sample(), orderProgress: 900, postagePrice: -9999, deliveryPrice: -9999, paymentCharge: -9999, WrappingModel1: null, TaxSummaryModelList: [] };
    const p = toPulledOrder(o);
    expect(p.totals).toEqual({ shippingFee: undefined, fees: 0, discount: 100, points: 50, tax: undefined });
    expect(p.cancelled).toBe(true);
    expect(p.mallStatus).toBe('キャンセル確定');
  });

  it('reads shippingTerm', () => {
    expect([0, 1, 2, 9, 708, 1416, 2324, null].map(timeSlotOf)).toEqual([undefined, '午前中', '午後', 'その他', '7-8', '14-16', '23-24', undefined]);
  });
});
