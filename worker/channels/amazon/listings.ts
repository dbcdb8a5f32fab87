/**
 * Stock through the Listings Items API 2021-08-01, pure parts.
 *
 * Sources:
 * - https://github.com/amzn/selling-partner-api-models/blob/main/models/listings-items-api-model/listingsItems_2021-08-01.json
 *   (patchListingsItem: one SKU per call, 5 rps burst 5; getListingsItem: 5 rps burst 10)
 * - https://developer-docs.amazon.com/sp-api/docs/merge-a-listing (the `merge` op on
 *   /attributes/fulfillment_availability changes the quantity and keeps the listing's
 *   lead_time_to_ship_max_days / restock_date; `replace` would drop them)
 * - https://github.com/amzn/selling-partner-api-models/issues/2797 (a patch to a SKU the
 *   seller does not have is ACCEPTED: it creates an offer-only fragment, never an error)
 *
 * productType: a patch needs one, and only the offer attribute is touched, so the
 * generic "PRODUCT" type serves every listing (the real type is only needed for
 * catalogue attributes, which Kura does not patch).
 */
import type { PushResult } from '../adapter';
import type { ListingsItem, ListingsSubmission } from './types';

export const STOCK_PRODUCT_TYPE = 'PRODUCT';
/** Seller-fulfilled (MFN) quantity; FBA quantities belong to Amazon's warehouse. */
export const MFN_CHANNEL_CODE = 'DEFAULT';

/** The exact patchListingsItem body for one absolute quantity. */
export const stockPatchBody = (quantity: number) => ({
  productType: STOCK_PRODUCT_TYPE,
  patches: [
    {
      op: 'merge',
      path: '/attributes/fulfillment_availability',
      value: [{ fulfillment_channel_code: MFN_CHANNEL_CODE, quantity: Math.max(0, Math.floor(quantity)) }],
    },
  ],
});

/** ACCEPTED (or VALID in preview) → accepted; INVALID → rejected with Amazon's ERROR issues. */
export const submissionResult = (sku: string, s: ListingsSubmission): PushResult => {
  if (s.status !== 'INVALID') return { accepted: [sku], rejected: [] };
  const errors = (s.issues ?? []).filter((i) => i.severity === 'ERROR');
  const reason = (errors.length ? errors : (s.issues ?? [])).map((i) => `${i.code}: ${i.message}`).join('; ');
  return { accepted: [], rejected: [{ sku, reason: reason || 'Amazon marked the submission INVALID' }] };
};

/** The seller-fulfilled quantity a listing shows; null when it has none. */
export const mfnQuantity = (item: ListingsItem): number | null => {
  const mfn = item.fulfillmentAvailability?.find((f) => f.fulfillmentChannelCode === MFN_CHANNEL_CODE);
  return typeof mfn?.quantity === 'number' ? mfn.quantity : null;
};
