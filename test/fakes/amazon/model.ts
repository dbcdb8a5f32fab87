/**
 * The Amazon fake's model: seller listings (MFN quantity per seller SKU) and
 * orders in SP-API's own JSON (Orders API v0 Order / OrderItem), built from the
 * mall-neutral FakeOrderSpec the tests and the demo place.
 *
 * Field names and meanings: https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/ordersV0.json
 */
import { digits, type FakeItem, type FakeOrderSpec } from '../harness.ts';
import { AMAZON_FAKE_MARKETPLACE_ID } from './credentials.ts';

export interface Money {
  CurrencyCode: 'JPY';
  Amount: string;
}
const yen = (n: number): Money => ({ CurrencyCode: 'JPY', Amount: String(n) });

/** SP-API timestamps: ISO 8601 in UTC, to the second. */
export const amazonTime = (d: Date = new Date()): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface OrderItem {
  ASIN: string;
  SellerSKU: string;
  OrderItemId: string;
  Title: string;
  QuantityOrdered: number;
  QuantityShipped: number;
  ItemPrice: Money;
  ItemTax: Money;
  ShippingPrice: Money;
  ShippingTax: Money;
  ShippingDiscount: Money;
  PromotionDiscount: Money;
  CODFee?: Money;
  PointsGranted: { PointsNumber: number; PointsMonetaryValue: Money };
  ConditionId: string;
  IsGift: string;
  ScheduledDeliveryStartDate?: string;
  ScheduledDeliveryEndDate?: string;
  [field: string]: unknown;
}

export interface Address {
  Name: string;
  AddressLine1: string;
  AddressLine2?: string;
  City: string;
  StateOrRegion: string;
  PostalCode: string;
  CountryCode: string;
  Phone: string;
  AddressType: string;
}

export interface Order {
  AmazonOrderId: string;
  PurchaseDate: string;
  LastUpdateDate: string;
  OrderStatus: string;
  FulfillmentChannel: 'MFN' | 'AFN';
  PaymentMethod: 'COD' | 'CVS' | 'Other';
  ShippingAddress: Address;
  BuyerInfo: { BuyerEmail: string; BuyerName: string };
  [field: string]: unknown;
}

/** One fulfillment_availability entry of a listing, in the Listings attribute's own names. */
export interface Availability {
  fulfillment_channel_code: string;
  quantity?: number;
  lead_time_to_ship_max_days?: number;
  [field: string]: unknown;
}

export interface Listing {
  sellerSku: string;
  /** Kura's SKU the test named (to match order lines placed by Kura SKU). */
  kuraSku: string;
  availability: Availability[];
}

/** ShippingAddress exists only from these statuses on (ordersV0.json, Order.ShippingAddress). */
export const ADDRESS_STATUSES = new Set(['Unshipped', 'PartiallyShipped', 'Shipped', 'InvoiceUnconfirmed']);
/** Pending order items carry no prices, taxes, shipping charges or promotions (getOrderItems). */
const PRICE_FIELDS = ['ItemPrice', 'ItemTax', 'ShippingPrice', 'ShippingTax', 'ShippingDiscount', 'PromotionDiscount', 'CODFee', 'PointsGranted'];
/** Restricted (PII) address fields: only with a Restricted Data Token. */
const RESTRICTED_ADDRESS_FIELDS = ['Name', 'AddressLine1', 'AddressLine2', 'AddressLine3', 'Phone', 'AddressType', 'CompanyName'];

const PAYMENT: Record<string, { method: Order['PaymentMethod']; details: string[] }> = {
  cod: { method: 'COD', details: ['COD'] },
  convenience: { method: 'CVS', details: ['CVS'] },
  convenience_store: { method: 'CVS', details: ['CVS'] },
  card: { method: 'Other', details: ['CreditCard'] },
  credit_card: { method: 'Other', details: ['CreditCard'] },
};

/** Kura slot words → the scheduled window in JST. */
const slotHours = (slot: string | undefined): [number, number] => {
  if (!slot) return [8, 21];
  if (slot === '午前中') return [8, 12];
  const m = /^(\d{1,2})\D*(\d{1,2})/.exec(slot);
  return m ? [Number(m[1]), Number(m[2])] : [8, 21];
};
const jstTime = (date: string, hour: number) => `${date}T${String(hour).padStart(2, '0')}:00:00+09:00`;

const asin = () => `B0${Array.from({ length: 8 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'[Math.floor(Math.random() * 34)]).join('')}`;

export class AmazonStore {
  orders = new Map<string, { order: Order; items: OrderItem[] }>();
  listings = new Map<string, Listing>();

  addItems(list: FakeItem[]): void {
    for (const i of list) {
      // A seller SKU listed for self-fulfilment with a two-day handling time set in Seller Central.
      this.listings.set(i.remoteId, { sellerSku: i.remoteId, kuraSku: i.sku, availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: i.quantity, lead_time_to_ship_max_days: 2 }] });
    }
  }

  mfn(listing: Listing): Availability | undefined {
    return listing.availability.find((a) => a.fulfillment_channel_code === 'DEFAULT');
  }

  quantities(): Record<string, number> {
    return Object.fromEntries([...this.listings.values()].map((l) => [l.sellerSku, this.mfn(l)?.quantity ?? 0]));
  }

  listingFor(sku: string): Listing | undefined {
    return this.listings.get(sku) ?? [...this.listings.values()].find((l) => l.kuraSku === sku);
  }

  moveQuantity(order: Order, items: OrderItem[], sign: 1 | -1): void {
    if (order.FulfillmentChannel !== 'MFN') return;
    for (const i of items) {
      const mfn = this.listings.get(i.SellerSKU) && this.mfn(this.listings.get(i.SellerSKU) as Listing);
      if (mfn) mfn.quantity = Math.max(0, (mfn.quantity ?? 0) + sign * (i.QuantityOrdered - i.QuantityShipped));
    }
  }

  placeOrder(spec: FakeOrderSpec): { id: string } {
    const id = spec.externalId ?? `50${digits(1)}-${digits(7)}-${digits(7)}`;
    const placed = spec.orderedAt ? new Date(spec.orderedAt) : new Date();
    const afn = !!spec.fulfilledByMall;
    const payment = PAYMENT[spec.payment ?? 'card'] ?? { method: 'Other' as const, details: ['Standard'] };
    // Unpaid konbini / bank orders wait in Pending; COD is unpaid but ships at once.
    const status = spec.paid === false && payment.method !== 'COD' ? 'Pending' : afn ? 'Shipped' : 'Unshipped';
    const window = slotHours(spec.timeSlot);
    const items: OrderItem[] = spec.lines.map((line, n) => {
      const price = line.unitPrice * line.quantity;
      const shipping = n === 0 ? (spec.shippingFee ?? 0) : 0;
      const item: OrderItem = {
        ASIN: asin(),
        SellerSKU: this.listingFor(line.sku)?.sellerSku ?? line.sku,
        OrderItemId: digits(14),
        Title: line.name ?? line.sku,
        QuantityOrdered: line.quantity,
        QuantityShipped: afn && status === 'Shipped' ? line.quantity : 0,
        ItemPrice: yen(price),
        // Japanese prices include 10 % consumption tax; ItemTax is the part inside.
        ItemTax: yen(Math.floor((price * 10) / 110)),
        ShippingPrice: yen(shipping),
        ShippingTax: yen(Math.floor((shipping * 10) / 110)),
        ShippingDiscount: yen(0),
        PromotionDiscount: yen(0),
        PointsGranted: { PointsNumber: Math.floor(price / 100), PointsMonetaryValue: yen(Math.floor(price / 100)) },
        ConditionId: 'New',
        IsGift: 'false',
      };
      if (n === 0 && payment.method === 'COD') item.CODFee = yen(330);
      if (spec.desiredDate) {
        item.ScheduledDeliveryStartDate = jstTime(spec.desiredDate, window[0]);
        item.ScheduledDeliveryEndDate = jstTime(spec.desiredDate, window[1]);
      }
      return item;
    });
    const sum = (pick: (i: OrderItem) => Money | undefined) => items.reduce((t, i) => t + Number(pick(i)?.Amount ?? 0), 0);
    const orderTotal = sum((i) => i.ItemPrice) + sum((i) => i.ShippingPrice) + sum((i) => i.CODFee) - sum((i) => i.PromotionDiscount) - sum((i) => i.ShippingDiscount);
    const day = 86_400_000;
    const order: Order = {
      AmazonOrderId: id,
      PurchaseDate: amazonTime(placed),
      LastUpdateDate: amazonTime(placed),
      OrderStatus: status,
      FulfillmentChannel: afn ? 'AFN' : 'MFN',
      SalesChannel: 'Amazon.co.jp',
      ShipServiceLevel: afn ? 'Std JP Kanto8' : 'Std Dom JP',
      OrderTotal: yen(orderTotal),
      NumberOfItemsShipped: items.reduce((t, i) => t + i.QuantityShipped, 0),
      NumberOfItemsUnshipped: items.reduce((t, i) => t + i.QuantityOrdered - i.QuantityShipped, 0),
      PaymentMethod: payment.method,
      PaymentMethodDetails: payment.details,
      MarketplaceId: AMAZON_FAKE_MARKETPLACE_ID,
      ShipmentServiceLevelCategory: spec.desiredDate ? 'Scheduled' : 'Standard',
      OrderType: 'StandardOrder',
      EarliestShipDate: amazonTime(placed),
      LatestShipDate: amazonTime(new Date(placed.getTime() + 2 * day)),
      IsBusinessOrder: false,
      IsPrime: false,
      IsPremiumOrder: false,
      IsGlobalExpressEnabled: false,
      IsReplacementOrder: false,
      IsSoldByAB: false,
      IsISPU: false,
      IsAccessPointOrder: false,
      HasRegulatedItems: false,
      ShippingAddress: {
        Name: spec.shipTo.name,
        AddressLine1: spec.shipTo.address1,
        ...(spec.shipTo.address2 ? { AddressLine2: spec.shipTo.address2 } : {}),
        City: spec.shipTo.city,
        StateOrRegion: spec.shipTo.prefecture,
        PostalCode: spec.shipTo.postalCode,
        CountryCode: 'JP',
        Phone: spec.shipTo.phone,
        AddressType: 'Residential',
      },
      // Amazon relays mail through an anonymised address.
      BuyerInfo: { BuyerEmail: `${id.replace(/-/g, '')}@marketplace.amazon.co.jp`, BuyerName: spec.customer.name },
    };
    if (!afn) {
      order.EarliestDeliveryDate = spec.desiredDate ? jstTime(spec.desiredDate, window[0]) : amazonTime(new Date(placed.getTime() + 2 * day));
      if (status !== 'Pending') order.LatestDeliveryDate = spec.desiredDate ? jstTime(spec.desiredDate, window[1]) : amazonTime(new Date(placed.getTime() + 4 * day));
    }
    this.orders.set(id, { order, items });
    // Amazon holds the units of every MFN order it takes, Pending ones included.
    this.moveQuantity(order, items, -1);
    return { id };
  }

  cancelOrder(id: string): boolean {
    const o = this.orders.get(id);
    if (!o || ['Shipped', 'InvoiceUnconfirmed', 'Canceled'].includes(o.order.OrderStatus)) return false;
    this.moveQuantity(o.order, o.items, 1);
    o.order.OrderStatus = 'Canceled';
    o.order.LastUpdateDate = amazonTime();
    delete o.order.LatestDeliveryDate;
    return true;
  }

  /** The order as getOrders shows it: no address before payment, no PII without an RDT. */
  present(order: Order, pii: boolean): Record<string, unknown> {
    const { ShippingAddress, BuyerInfo, ...rest } = order;
    const out: Record<string, unknown> = { ...rest };
    if (ADDRESS_STATUSES.has(order.OrderStatus)) {
      const address: Record<string, unknown> = { ...ShippingAddress };
      if (!pii) for (const f of RESTRICTED_ADDRESS_FIELDS) delete address[f];
      out.ShippingAddress = address;
    }
    out.BuyerInfo = pii ? { ...BuyerInfo } : { BuyerEmail: BuyerInfo.BuyerEmail };
    return out;
  }

  presentItem(item: OrderItem, status: string): Record<string, unknown> {
    const out: Record<string, unknown> = { ...item };
    if (status === 'Pending' || status === 'PendingAvailability') for (const f of PRICE_FIELDS) delete out[f];
    return out;
  }

  /** Applies a confirmed package: units shipped, status, update time. */
  ship(id: string, lines: { orderItemId: string; quantity: number }[]): void {
    const o = this.orders.get(id) as { order: Order; items: OrderItem[] };
    for (const l of lines) {
      const item = o.items.find((i) => i.OrderItemId === l.orderItemId) as OrderItem;
      item.QuantityShipped += l.quantity;
    }
    const left = o.items.reduce((t, i) => t + i.QuantityOrdered - i.QuantityShipped, 0);
    o.order.NumberOfItemsShipped = o.items.reduce((t, i) => t + i.QuantityShipped, 0);
    o.order.NumberOfItemsUnshipped = left;
    o.order.OrderStatus = left === 0 ? 'Shipped' : 'PartiallyShipped';
    o.order.LastUpdateDate = amazonTime();
  }
}
