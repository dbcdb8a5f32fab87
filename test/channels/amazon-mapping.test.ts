import { describe, expect, it } from 'vitest';
import { submissionResult, mfnQuantity, stockPatchBody } from '../../worker/channels/amazon/listings';
import { jstDate, mapOrder, postalCode, timeSlotOf } from '../../worker/channels/amazon/map-order';
import { CARRIER_CODES, carrierFields, confirmShipmentBody } from '../../worker/channels/amazon/shipment';
import { ORDER_STATUS, paymentOf, statusMeaning } from '../../worker/channels/amazon/status-map';
import type { AmazonOrder, AmazonOrderItem } from '../../worker/channels/amazon/types';

// The pure halves of the Amazon adapter: one table per mapping, so a change to
// any row shows up here.
describe('amazon status map', () => {
  it('maps every documented OrderStatus', () => {
    expect(ORDER_STATUS).toEqual({
      PendingAvailability: { importable: false, cancelled: false, shipped: false, paymentAuthorised: false },
      Pending: { importable: false, cancelled: false, shipped: false, paymentAuthorised: false },
      Unshipped: { importable: true, cancelled: false, shipped: false, paymentAuthorised: true },
      PartiallyShipped: { importable: true, cancelled: false, shipped: false, paymentAuthorised: true },
      Shipped: { importable: true, cancelled: false, shipped: true, paymentAuthorised: true },
      InvoiceUnconfirmed: { importable: true, cancelled: false, shipped: true, paymentAuthorised: true },
      Canceled: { importable: true, cancelled: true, shipped: false, paymentAuthorised: false },
      Unfulfillable: { importable: true, cancelled: true, shipped: false, paymentAuthorised: false },
    });
    // A status Amazon adds later is imported as an open order, not dropped.
    expect(statusMeaning('SomethingNew')).toEqual({ importable: true, cancelled: false, shipped: false, paymentAuthorised: true });
  });

  it('marks payments paid: Amazon collects all but cash on delivery (methods: payment-methods.test.ts)', () => {
    expect(paymentOf('Other', ['Standard'], 'Unshipped')).toEqual({ method: 'mall', paid: true, raw: 'Standard' });
    expect(paymentOf('Other', ['CreditCard'], 'Unshipped')).toEqual({ method: 'credit_card', paid: true, raw: 'CreditCard' });
    expect(paymentOf('CVS', ['CVS'], 'Unshipped')).toEqual({ method: 'convenience_store', paid: true, raw: 'CVS' });
    expect(paymentOf('COD', ['COD'], 'Unshipped')).toEqual({ method: 'cod', paid: false, raw: 'COD' });
    expect(paymentOf('Other', undefined, 'Canceled')).toEqual({ method: 'mall', paid: false, raw: 'Other' });
    expect(paymentOf(undefined, undefined, 'Shipped')).toEqual({ method: 'mall', paid: true, raw: undefined });
  });
});

describe('amazon address and time helpers', () => {
  it('writes postcodes as NNN-NNNN and keeps the leading zero', () => {
    expect(postalCode('060-0001')).toBe('060-0001');
    expect(postalCode('0600001')).toBe('060-0001');
    expect(postalCode('０６０－０００１')).toBe('060-0001');
    expect(postalCode(undefined)).toBe('');
  });

  it('reads dates and delivery slots in Japan time', () => {
    expect(jstDate('2025-03-31T15:30:00Z')).toBe('2025-04-01');
    expect(timeSlotOf('2025-04-01T14:00:00+09:00', '2025-04-01T16:00:00+09:00')).toBe('14-16');
    expect(timeSlotOf('2025-04-01T05:00:00Z', '2025-04-01T06:59:59Z')).toBe('14-16');
    expect(timeSlotOf('2025-04-01T08:00:00+09:00', '2025-04-01T12:00:00+09:00')).toBe('午前中');
    expect(timeSlotOf(undefined, '2025-04-01T12:00:00+09:00')).toBeUndefined();
  });

  it('joins AddressLine2/3 into address2 and takes tax-inclusive money apart', () => {
    const order: AmazonOrder = {
      AmazonOrderId: '250-1234567-7654321',
      PurchaseDate: '2025-04-01T01:00:00Z',
      LastUpdateDate: '2025-04-01T01:05:00Z',
      OrderStatus: 'Unshipped',
      FulfillmentChannel: 'MFN',
      PaymentMethod: 'COD',
      ShipmentServiceLevelCategory: 'Standard',
      EarliestDeliveryDate: '2025-04-02T00:00:00Z',
      LatestDeliveryDate: '2025-04-04T00:00:00Z',
      ShippingAddress: { Name: '佐藤 一郎', PostalCode: '0010010', StateOrRegion: '北海道', City: '札幌市北区', AddressLine1: '北十条西1-2', AddressLine2: 'コーポ北 101', AddressLine3: '佐藤様方', Phone: '011-000-0000' },
    };
    const items: AmazonOrderItem[] = [
      { ASIN: 'B0AAAAAAAA', SellerSKU: 'A-1', OrderItemId: '1', Title: 'A', QuantityOrdered: 3, ItemPrice: { Amount: '3300' }, ItemTax: { Amount: '300' }, ShippingPrice: { Amount: '500' }, ShippingDiscount: { Amount: '100' }, PromotionDiscount: { Amount: '200' }, CODFee: { Amount: '330' }, PointsGranted: { PointsNumber: 33, PointsMonetaryValue: { Amount: '33' } } },
      { ASIN: 'B0BBBBBBBB', SellerSKU: 'B-1', OrderItemId: '2', Title: 'B (cancelled line)', QuantityOrdered: 0, ItemPrice: { Amount: '0' } },
    ];
    const o = mapOrder(order, items);
    expect(o.shipTo).toEqual({ name: '佐藤 一郎', postalCode: '001-0010', prefecture: '北海道', city: '札幌市北区', address1: '北十条西1-2', address2: 'コーポ北 101 佐藤様方', phone: '011-000-0000' });
    expect(o.lines).toEqual([{ sku: 'A-1', quantity: 3, unitPrice: 1100, name: 'A', remoteId: 'A-1' }]);
    // PointsGranted is the seller's gift to the buyer: not subtracted from the order.
    expect(o.totals).toEqual({ shippingFee: 400, fees: 330, discount: 200, tax: 300 });
    expect(o.payment).toEqual({ method: 'cod', paid: false, raw: 'COD' });
    // Not a scheduled delivery: the promise window is not the buyer's wish.
    expect(o.shipping).toEqual({ method: 'Standard', desiredDate: undefined, timeSlot: undefined });
  });
});

describe('amazon listings and shipment bodies', () => {
  it('builds the fulfillment_availability merge patch with an absolute quantity', () => {
    expect(stockPatchBody(7)).toEqual({
      productType: 'PRODUCT',
      patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }] }],
    });
    expect(stockPatchBody(-2).patches[0].value[0].quantity).toBe(0);
  });

  it('turns an INVALID submission into a rejection with Amazon’s errors', () => {
    expect(submissionResult('S1', { sku: 'X', status: 'ACCEPTED', submissionId: '1', issues: [] })).toEqual({ accepted: ['S1'], rejected: [] });
    expect(
      submissionResult('S1', {
        sku: 'X',
        status: 'INVALID',
        submissionId: '1',
        issues: [
          { code: '90000900', message: 'The attributes are invalid.', severity: 'ERROR' },
          { code: '1', message: 'just a warning', severity: 'WARNING' },
        ],
      }),
    ).toEqual({ accepted: [], rejected: [{ sku: 'S1', reason: '90000900: The attributes are invalid.' }] });
    expect(mfnQuantity({ sku: 'X', fulfillmentAvailability: [{ fulfillmentChannelCode: 'AMAZON_JP' }, { fulfillmentChannelCode: 'DEFAULT', quantity: 4 }] })).toBe(4);
    expect(mfnQuantity({ sku: 'X', fulfillmentAvailability: [{ fulfillmentChannelCode: 'AMAZON_JP' }] })).toBeNull();
  });

  it('maps every Kura carrier to an Amazon carrier code, others as Other + name', () => {
    expect(CARRIER_CODES).toEqual({
      yamato: 'Yamato Transport',
      yamato_b2: 'Yamato Transport',
      sagawa: 'Sagawa Express',
      sagawa_ehiden2: 'Sagawa Express',
      japanpost: 'Japan Post',
      japanpost_yupri: 'Japan Post',
    });
    expect(carrierFields('seino')).toEqual({ carrierCode: 'Other', carrierName: 'seino' });
  });

  it('confirms only the units still to ship, as the next package of a partly shipped order', () => {
    const body = confirmShipmentBody(
      { externalId: 'X', carrier: 'sagawa', trackingNumber: '4000 1234 5678', shippedAt: '2025-04-01T10:00:00+09:00', raw: null },
      [
        { ASIN: 'A', OrderItemId: '11', QuantityOrdered: 2, QuantityShipped: 2 },
        { ASIN: 'B', OrderItemId: '12', QuantityOrdered: 3, QuantityShipped: 1 },
      ],
      'A1VC38T7YXB528',
    );
    expect(body).toEqual({
      marketplaceId: 'A1VC38T7YXB528',
      packageDetail: { packageReferenceId: '3', carrierCode: 'Sagawa Express', trackingNumber: '400012345678', shipDate: '2025-04-01T01:00:00.000Z', orderItems: [{ orderItemId: '12', quantity: 2 }] },
    });
  });
});
