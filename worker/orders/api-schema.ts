import { z } from '@hono/zod-openapi';
import { text } from '../lib/openapi';
import { SkuCode } from '../stock/sku-code';
import { PhoneNumber, PostalCode } from '../lib/japanese-fields';
import { ORDER_STATUSES } from './state-machine';
import { TAX_RATES } from './tax';
import { CANCEL_REASONS } from './cancel-reasons';
import { PAYMENT_METHODS } from './choices';

/**
 * The orders API's shapes (API.md, Orders), one definition for the routes
 * that validate with them, the OpenAPI document, and the web pages that
 * import the inferred types (web/src/lib/orders.ts).
 */
export const Yen = z.number().int().min(0).max(100_000_000);
export const IsoDateTime = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'An ISO 8601 date-time');

/** 消費税率 in percent: 10 (標準税率) or 8 (軽減税率); SKUs carry it and order lines keep it as sold. */
export const TaxRateField = z
  .union([z.literal(TAX_RATES[0]), z.literal(TAX_RATES[1])], { error: 'The tax rate is 10 or 8 (軽減税率)' })
  .openapi({ type: 'integer', enum: [...TAX_RATES], description: '消費税率 (%): 10 標準税率, 8 軽減税率', example: 10 });

/** Kura's payment method (choices.ts): one list for every mall; each mall's own codes are mapped onto it and kept as `raw`. */
export const PaymentMethodField = z
  .enum(PAYMENT_METHODS, { error: (iss) => `Unknown payment method${typeof iss.input === 'string' ? ` "${iss.input.slice(0, 40)}"` : ''}: use one of ${PAYMENT_METHODS.join(', ')}` })
  .openapi({ example: 'bank_transfer', description: 'Kura’s payment method, the same for every mall' });

export const OrderInput = z
  .strictObject({
    channelId: z.string().trim().min(1).max(64).openapi({ example: 'manual', description: '"manual" for phone and fax orders' }),
    externalId: z.string().trim().min(1).max(128).openapi({ description: 'The store’s order number; (channelId, externalId) is unique' }),
    orderedAt: IsoDateTime,
    customer: z.strictObject({ name: text(100), email: z.string().trim().max(254).email().optional(), phone: PhoneNumber.optional() }),
    shipTo: z.strictObject({
      name: text(100),
      postalCode: PostalCode,
      prefecture: text(10),
      city: text(100),
      address1: text(200),
      address2: z.string().trim().max(200).optional(),
      phone: PhoneNumber,
    }),
    lines: z.array(z.strictObject({ sku: SkuCode, quantity: z.number().int().min(1).max(100_000), unitPrice: Yen, name: z.string().trim().max(200).optional() })).min(1).max(200),
    payment: z.strictObject({
      method: PaymentMethodField,
      paid: z.boolean(),
      raw: z.string().trim().max(200).nullable().optional().openapi({ description: 'The mall’s own name or code for the payment method (楽天 “クレジットカード”, Yahoo! “PayPay残高等”), kept beside Kura’s', example: 'クレジットカード' }),
    }),
    shipping: z.strictObject({ method: z.string().trim().max(40).optional(), desiredDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), timeSlot: z.string().trim().max(20).optional() }).optional(),
    note: z.string().trim().max(2000).optional(),
    totals: z.strictObject({ shippingFee: Yen.optional(), fees: Yen.optional(), discount: Yen.optional(), points: Yen.optional(), tax: Yen.optional() }).optional(),
    raw: z.unknown().optional().openapi({ description: 'The mall’s payload, kept for audit' }),
  })
  .openapi('OrderInput');

export const OrderSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    channelId: z.string(),
    externalId: z.string(),
    status: z.enum(ORDER_STATUSES),
    orderedAt: z.string(),
    customer: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
    shipTo: z.object({ name: z.string(), postalCode: z.string(), prefecture: z.string(), city: z.string(), address1: z.string(), address2: z.string().nullable(), phone: z.string() }),
    payment: z.object({ method: z.enum(PAYMENT_METHODS), paid: z.boolean(), raw: z.string().nullable().openapi({ description: 'The mall’s own name or code for the payment method; null when there is none (manual orders)' }) }),
    shipping: z.object({ method: z.string().nullable(), desiredDate: z.string().nullable(), timeSlot: z.string().nullable(), carrier: z.string().nullable(), trackingNumber: z.string().nullable(), shippedAt: z.string().nullable() }),
    note: z.string().nullable(),
    totals: z.object({ items: z.number(), shipping: z.number(), fees: z.number(), discount: z.number(), points: z.number(), tax: z.number(), total: z.number() }),
    stockWarning: z.boolean().openapi({ description: '在庫警告: a line could not be reserved' }),
    reserved: z.boolean(),
    flags: z.array(z.string()),
    cancelledAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('OrderSummary');

export const Order = OrderSummary.extend({
  lines: z.array(
    z.object({
      lineNo: z.number(),
      sku: z.string(),
      name: z.string().nullable(),
      quantity: z.number(),
      unitPrice: z.number().openapi({ description: 'Tax-included (税込) yen' }),
      taxRate: TaxRateField.openapi({ description: 'The SKU’s 消費税率 when the order arrived (10 or 8), kept as sold' }),
      shortage: z.number(),
    }),
  ),
  events: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actor: z.string().nullable().openapi({ description: 'user:<id>, token:<id>, system:… or channel:<id>' }),
      actorName: z.string().nullable().optional().openapi({ description: 'Who that is, for people: the user’s name and login id, or the API token’s name (GET /orders/{id} only)' }),
      kind: z.string(),
      detail: z.unknown(),
    }),
  ),
  raw: z.unknown(),
  merge: z
    .object({
      parentId: z.string(),
      parentNumber: z.string(),
      children: z.array(z.object({ id: z.string(), number: z.string(), channelId: z.string(), externalId: z.string().openapi({ description: 'The store’s order number' }) })),
    })
    .nullable()
    .openapi({ description: '同梱: the group this order ships in (its parent, and the children in the parent’s parcel); null when it is in none' }),
  shipments: z
    .array(
      z.object({
        id: z.string(),
        carrier: z.string(),
        trackingNumber: z.string(),
        shippedAt: z.string(),
        lines: z.array(z.object({ lineNo: z.number(), sku: z.string(), quantity: z.number() })),
      }),
    )
    .openapi({ description: '分割出荷: the parcels the order shipped in, first first (empty for an order shipped in one go)' }),
  partiallyShipped: z.boolean().openapi({ description: 'Some parcels have shipped and units are left (the order stays ready_to_ship)' }),
}).openapi('Order');

/** 同梱: POST /orders/merge. */
export const MergeBody = z
  .strictObject({
    parentId: z.string().min(1).max(64).openapi({ description: 'The order the parcel ships as (親)' }),
    childIds: z.array(z.string().min(1).max(64)).min(1).max(19).openapi({ description: 'The orders that ship inside it (子)' }),
  })
  .openapi('MergeOrders');

/** 分割出荷: POST /orders/{id}/ship-partial. */
export const PartialShipBody = z
  .strictObject({
    carrier: z.enum(['yamato', 'sagawa', 'japanpost', 'other']),
    trackingNumber: z.string().trim().regex(/^[0-9A-Za-z-]{4,40}$/, 'A tracking number'),
    lines: z
      .array(z.strictObject({ lineNo: z.number().int().min(1).max(1000), quantity: z.number().int().min(0).max(100_000) }))
      .min(1)
      .max(200)
      .openapi({ description: 'The units of each order line in this parcel (0 leaves a line for a later parcel)' }),
  })
  .openapi('PartialShipment');

export const OrderPatch = z
  .strictObject({
    customer: OrderInput.shape.customer.extend({ email: z.string().trim().max(254).email().nullable().optional(), phone: PhoneNumber.nullable().optional() }).optional(),
    shipTo: OrderInput.shape.shipTo.optional(),
    lines: OrderInput.shape.lines.optional(),
    payment: z.strictObject({ method: PaymentMethodField.optional(), paid: z.boolean().optional() }).optional(),
    shipping: z.strictObject({ method: z.string().trim().max(40).nullable().optional(), desiredDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(), timeSlot: z.string().trim().max(20).nullable().optional() }).optional(),
    note: z.string().trim().max(2000).nullable().optional(),
    flags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  })
  .openapi('OrderPatch');

export const ShipBody = z.strictObject({ carrier: z.enum(['yamato', 'sagawa', 'japanpost', 'other']), trackingNumber: z.string().trim().regex(/^[0-9A-Za-z-]{4,40}$/, 'A tracking number') });

/** キャンセル: why, in one of Kura's reasons (each mall's adapter maps it), and the operator's own words. */
export const CancelBody = z
  .strictObject({
    reason: z.enum(CANCEL_REASONS).default('other'),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .openapi('CancelOrder');

export type OrderInputBody = z.infer<typeof OrderInput>;
export type OrderSummaryView = z.infer<typeof OrderSummary>;
export type OrderView = z.infer<typeof Order>;
export type OrderPatchBody = z.infer<typeof OrderPatch>;
