/**
 * confirmShipment (Orders API v0), pure parts.
 *
 * Sources:
 * - https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/ordersV0.json
 *   (ConfirmShipmentRequest {marketplaceId, packageDetail{packageReferenceId, carrierCode,
 *   carrierName?, trackingNumber, shipDate, orderItems[{orderItemId, quantity}]}}, 204, 2 rps burst 10)
 * - https://developer-docs.amazon.com/sp-api/changelog/carriercode-value-required-in-shipment-confirmations-for-br-mx-ca-sg-au-in-jp-marketplaces
 *   (CarrierCode required in JP since 2022-08-31; an unlisted carrier is "Other" + CarrierName)
 */
import type { ShipmentPush } from '../adapter';
import type { AmazonOrderItem } from './types';

/**
 * Kura's carrier ids (the ship action's and the label layouts') → Amazon's
 * CarrierCode as Seller Central lists it for Amazon.co.jp.
 */
export const CARRIER_CODES: Record<string, string> = {
  yamato: 'Yamato Transport',
  yamato_b2: 'Yamato Transport',
  sagawa: 'Sagawa Express',
  sagawa_ehiden2: 'Sagawa Express',
  japanpost: 'Japan Post',
  japanpost_yupri: 'Japan Post',
};

export const carrierFields = (carrier: string): { carrierCode: string; carrierName?: string } => {
  const code = CARRIER_CODES[carrier];
  return code ? { carrierCode: code } : { carrierCode: 'Other', carrierName: carrier };
};

const remaining = (i: AmazonOrderItem) => i.QuantityOrdered - (i.QuantityShipped ?? 0);

/**
 * The confirmShipment body: every item with units still to ship goes in one
 * package. packageReferenceId must be a positive number unique within the
 * order, so a second package of a partly shipped order gets the next number.
 */
export const confirmShipmentBody = (shipment: ShipmentPush, items: AmazonOrderItem[], marketplaceId: string) => {
  const packagesBefore = items.filter((i) => (i.QuantityShipped ?? 0) > 0).length;
  return {
    marketplaceId,
    packageDetail: {
      packageReferenceId: String(packagesBefore + 1),
      ...carrierFields(shipment.carrier),
      // Japanese carriers print "1234-5678-9012"; Amazon's tracking links want the digits.
      trackingNumber: shipment.trackingNumber.replace(/[\s-]/g, ''),
      shipDate: new Date(shipment.shippedAt).toISOString(),
      orderItems: items.filter((i) => remaining(i) > 0).map((i) => ({ orderItemId: i.OrderItemId, quantity: remaining(i) })),
    },
  };
};
