/**
 * An Amazon order (Orders API v0 Order + its OrderItems) → Kura's PulledOrder. Pure.
 *
 * Field meanings from https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/ordersV0.json
 *
 * Japanese addresses on Amazon.co.jp: StateOrRegion holds the 都道府県, City the
 * 市区町村, AddressLine1 the 番地 and AddressLine2/3 the building and room, so
 * they map one to one onto Kura's address; the lines after the first are joined
 * into address2.
 *
 * Money: ItemPrice is for the whole quantity (unit price = ItemPrice / QuantityOrdered);
 * prices are tax-inclusive in Japan and ItemTax is the tax inside them, so Kura's
 * total (items + shipping + fees − discount) equals OrderTotal. PointsGranted are
 * Amazon points the seller pays to give the buyer: they do not lower what the
 * buyer pays, so they stay in `raw` and are not Kura's `points` (points the
 * buyer spent, which on Amazon are Amazon's business, not the order's).
 */
import type { PulledOrder } from '../adapter';
import { paymentOf, statusMeaning } from './status-map';
import type { AmazonOrder, AmazonOrderItem, Money } from './types';

/** Integer yen from an SP-API Money ("1234", "1234.00"); absent → 0. */
export const yen = (m: Money | undefined): number => {
  const n = Number(m?.Amount ?? 0);
  return Number.isFinite(n) ? Math.round(n) : 0;
};

const total = (items: AmazonOrderItem[], pick: (i: AmazonOrderItem) => Money | undefined) => items.reduce((n, i) => n + yen(pick(i)), 0);

/** 'NNN-NNNN' from "060-0001", "0600001" or full-width digits; anything else as given. */
export const postalCode = (raw: string | undefined): string => {
  const digits = (raw ?? '').normalize('NFKC').replace(/\D/g, '');
  return digits.length === 7 ? `${digits.slice(0, 3)}-${digits.slice(3)}` : (raw ?? '').trim();
};

const JST_OFFSET_MS = 9 * 3_600_000;
const inJst = (iso: string | undefined): Date | undefined => {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? undefined : new Date(t + JST_OFFSET_MS);
};

/** The Japanese calendar date (YYYY-MM-DD) of an ISO instant. */
export const jstDate = (iso: string | undefined): string | undefined => inJst(iso)?.toISOString().slice(0, 10);

/** A scheduled delivery window → Kura's slot words: "午前中" for 8–12, else "14-16". */
export const timeSlotOf = (start: string | undefined, end: string | undefined): string | undefined => {
  const from = inJst(start);
  const to = inJst(end);
  if (!from || !to) return undefined;
  // An end of 15:59:59 means the 16 o'clock boundary.
  const endHour = to.getUTCHours() + (to.getUTCMinutes() > 0 || to.getUTCSeconds() > 0 ? 1 : 0);
  if (from.getUTCHours() === 8 && endHour === 12) return '午前中';
  return `${from.getUTCHours()}-${endHour}`;
};

/**
 * The buyer's chosen delivery day and slot: only for Scheduled delivery (お届け日時指定).
 * For other orders Earliest/LatestDeliveryDate are Amazon's promise, not a wish.
 */
const shippingOf = (order: AmazonOrder, items: AmazonOrderItem[]): PulledOrder['shipping'] => {
  const scheduledItem = items.find((i) => i.ScheduledDeliveryStartDate);
  const scheduled = order.ShipmentServiceLevelCategory === 'Scheduled' || !!scheduledItem;
  const start = scheduledItem?.ScheduledDeliveryStartDate ?? (scheduled ? order.EarliestDeliveryDate : undefined);
  const end = scheduledItem?.ScheduledDeliveryEndDate ?? (scheduled ? order.LatestDeliveryDate : undefined);
  return {
    method: order.ShipmentServiceLevelCategory ?? order.ShipServiceLevel,
    desiredDate: jstDate(start),
    timeSlot: timeSlotOf(start, end),
  };
};

const joined = (parts: (string | undefined)[]): string | undefined => {
  const s = parts.map((p) => p?.trim()).filter((p): p is string => !!p).join(' ');
  return s || undefined;
};

export const mapOrder = (order: AmazonOrder, items: AmazonOrderItem[]): PulledOrder => {
  const a = order.ShippingAddress ?? {};
  const meaning = statusMeaning(order.OrderStatus);
  return {
    externalId: order.AmazonOrderId,
    orderedAt: order.PurchaseDate,
    customer: {
      name: order.BuyerInfo?.BuyerName ?? a.Name ?? '',
      // Amazon's anonymised relay address (…@marketplace.amazon.co.jp).
      email: order.BuyerInfo?.BuyerEmail,
      phone: a.Phone,
    },
    shipTo: {
      name: a.Name ?? order.BuyerInfo?.BuyerName ?? '',
      postalCode: postalCode(a.PostalCode),
      prefecture: a.StateOrRegion?.trim() ?? '',
      city: a.City?.trim() ?? '',
      address1: a.AddressLine1?.trim() ?? '',
      address2: joined([a.AddressLine2, a.AddressLine3, a.CompanyName]),
      phone: a.Phone ?? '',
    },
    lines: items
      .filter((i) => i.QuantityOrdered > 0)
      .map((i) => ({
        sku: i.SellerSKU ?? i.ASIN,
        quantity: i.QuantityOrdered,
        unitPrice: Math.round(yen(i.ItemPrice) / i.QuantityOrdered),
        name: i.Title,
        remoteId: i.SellerSKU,
      })),
    payment: paymentOf(order.PaymentMethod, order.PaymentMethodDetails, order.OrderStatus),
    shipping: shippingOf(order, items),
    totals: {
      shippingFee: total(items, (i) => i.ShippingPrice) - total(items, (i) => i.ShippingDiscount),
      fees: total(items, (i) => i.CODFee) - total(items, (i) => i.CODFeeDiscount),
      discount: total(items, (i) => i.PromotionDiscount),
      tax: total(items, (i) => i.ItemTax) + total(items, (i) => i.ShippingTax),
    },
    raw: { ...order, OrderItems: items },
    cancelled: meaning.cancelled,
    fulfilledByMall: order.FulfillmentChannel === 'AFN',
    mallStatus: order.OrderStatus,
    mallUpdatedAt: order.LastUpdateDate || undefined,
  };
};
