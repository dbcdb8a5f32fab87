import { z } from '@hono/zod-openapi';

/** The error shape of API.md, for the OpenAPI document. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_error' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** The error responses most routes can give, so every route documents them the same way. */
export const commonErrors = {
  400: err('Validation failed; details list the fields'),
  401: err('Not signed in'),
  403: err('Role, scope, permission (permission_denied, details {permission}), IP or country not allowed'),
  404: err('Not found (also for another account’s ids)'),
  429: err('Rate limited; see Retry-After'),
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Strings are bounded everywhere: a 100 KB string is a 400, never a slow query. */
export const text = (max = 200) => z.string().trim().min(1).max(max);

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: z.string().max(200).optional(),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const security = [{ session: [] }, { bearer: [] }];
