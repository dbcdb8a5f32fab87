import { z } from '@hono/zod-openapi';

export const SKU_CODE = /^[A-Za-z0-9][A-Za-z0-9._\-/#+]{0,63}$/;

/** A SKU code as the API accepts it (a schema of its own so pages can share it without the routes). */
export const SkuCode = z.string().trim().regex(SKU_CODE, 'Letters, digits and . _ - / # + (up to 64)').openapi({ example: 'TSHIRT-RED-M' });
