import { z } from '@hono/zod-openapi';
import { SkuCode } from '../stock/sku-code';
import { IsoDateTime, OrderInput, Yen } from '../orders/api-schema';
import { MAX_RETURN_LINES, REFUND_STATUSES, RETURN_REASONS } from './rules';

/**
 * The returns API's shapes (返品・交換), one definition for the routes that
 * validate with them, the OpenAPI document, and the web pages that import the
 * inferred types (web/src/lib/returns.ts).
 */

const Units = z.number().int().min(0).max(100_000);

export const ReturnLineInput = z
  .strictObject({
    sku: SkuCode,
    quantity: z.number().int().min(1).max(100_000).openapi({ description: 'Units that came back' }),
    sellable: z
      .union([Units, z.boolean()])
      .openapi({
        description: 'Of those, the units that are sellable (良品) and go back into stock; true for all of them, false for none (不良: recorded, never restocked)',
        example: 1,
      }),
  })
  .openapi('ReturnLineInput');

export const RefundInput = z
  .strictObject({
    status: z.enum(REFUND_STATUSES).default('none').openapi({ description: 'none 未定, pending 返金待ち, refunded 返金済み, not_required 返金不要' }),
    amount: Yen.default(0).openapi({ description: 'Integer yen; with the order’s other refunds at most its total' }),
  })
  .openapi('RefundInput');

export const CreateReturnBody = z
  .strictObject({
    lines: z.array(ReturnLineInput).min(1).max(MAX_RETURN_LINES).openapi({ description: 'One line per SKU of the order' }),
    reason: z.enum(RETURN_REASONS).openapi({ description: 'customer お客様都合, defective 不良品, wrong_item 誤配送, damaged 配送中の破損, exchange 交換, other' }),
    note: z.string().trim().max(2000).nullable().optional(),
    refund: RefundInput.optional(),
    requestKey: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -')
      .optional()
      .openapi({ description: 'The client’s key for this request: a repeat with the same key answers the return it made (and finishes its restock) instead of making another' }),
  })
  .openapi('CreateReturn');

export const ReturnPatch = z
  .strictObject({
    refund: z.strictObject({ status: z.enum(REFUND_STATUSES).optional(), amount: Yen.optional() }).optional(),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .refine((p) => p.refund !== undefined || p.note !== undefined, { message: 'Nothing to change' })
  .openapi('ReturnPatch');

export const ExchangeBody = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          sku: SkuCode,
          quantity: z.number().int().min(1).max(100_000),
          unitPrice: Yen.default(0).openapi({ description: 'Tax-included yen; 0 (free replacement) unless given' }),
          name: z.string().trim().max(200).optional(),
        }),
      )
      .min(1)
      .max(200)
      .openapi({ description: 'The replacement items' }),
    note: z.string().trim().max(1000).optional().openapi({ description: 'Added to the new order’s note, after the line naming the original order' }),
    payment: OrderInput.shape.payment.optional().openapi({ description: 'Default: the original order’s method, paid' }),
    shipping: OrderInput.shape.shipping,
  })
  .openapi('ExchangeReturn');

export const ReturnLineView = z.object({
  lineNo: z.number(),
  sku: z.string(),
  name: z.string().nullable().openapi({ description: 'The name the order line carries' }),
  quantity: z.number(),
  sellable: z.number().openapi({ description: 'Units that are sellable (良品); the rest are not (不良)' }),
  restocked: z.boolean().openapi({ description: 'The sellable units are back in stock' }),
});

export const ReturnView = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: 'R000001' }),
    orderId: z.string(),
    orderNumber: z.string().openapi({ example: 'K000123' }),
    reason: z.enum(RETURN_REASONS),
    note: z.string().nullable(),
    refund: z.object({ status: z.enum(REFUND_STATUSES), amount: z.number() }),
    exchangeOrderId: z.string().nullable().openapi({ description: '交換: the replacement order' }),
    exchangeOrderNumber: z.string().nullable(),
    lines: z.array(ReturnLineView),
    units: z.number(),
    sellableUnits: z.number(),
    createdAt: z.string(),
    createdBy: z.string().nullable().openapi({ description: 'user:<id> or token:<id>' }),
    createdByName: z.string().nullable().openapi({ description: 'The user’s name and login id, or the API token’s name' }),
    updatedAt: z.string(),
  })
  .openapi('Return');

export const ReturnableLine = z
  .object({
    sku: z.string(),
    name: z.string().nullable(),
    shipped: z.number(),
    returned: z.number(),
    remaining: z.number(),
  })
  .openapi('ReturnableLine');

export const ReturnListQuery = z.object({
  refundStatus: z.enum(REFUND_STATUSES).optional(),
  reason: z.enum(RETURN_REASONS).optional(),
  orderId: z.string().min(1).max(64).optional(),
  q: z.string().trim().max(100).optional().openapi({ description: 'A return number (R…), order number (K…) or store order number, or part of the customer’s name (not for a signed-in user without the personal_data permission)' }),
  from: IsoDateTime.optional().openapi({ description: 'Recorded at or after this instant' }),
  to: IsoDateTime.optional().openapi({ description: 'Recorded at or before this instant' }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type ReturnViewBody = z.infer<typeof ReturnView>;
export type ReturnableLineView = z.infer<typeof ReturnableLine>;
export type CreateReturnInput = z.infer<typeof CreateReturnBody>;
export type ReturnPatchInput = z.infer<typeof ReturnPatch>;
export type ExchangeInput = z.infer<typeof ExchangeBody>;
