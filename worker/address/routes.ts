import { createRoute, z } from '@hono/zod-openapi';
import { newRouter } from '../lib/router';
import { commonErrors, jsonResponse } from '../lib/openapi';
import { requireScope } from '../middleware/guards';
import { AppError } from '../lib/errors';
import { lookupPostalCode } from './postal-lookup';

const Address = z.object({ prefecture: z.string(), city: z.string(), town: z.string() }).openapi('PostalAddress');

const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/postal-codes/{code}',
    operationId: 'lookupPostalCode',
    tags: ['Orders'],
    summary: '郵便番号 → 都道府県・市区町村・町域 (offline Japan Post data); 〒, full-width digits and any dash are accepted',
    middleware: [requireScope('orders:read')],
    request: { params: z.object({ code: z.string().min(1).max(20).openapi({ example: '100-0001' }) }) },
    responses: {
      200: jsonResponse(z.object({ postalCode: z.string(), addresses: z.array(Address) }), 'The addresses of the code; empty when no such code exists'),
      ...commonErrors,
    },
  }),
  (c) => {
    const found = lookupPostalCode(c.req.valid('param').code);
    if (!found) throw new AppError(400, 'validation_error', 'A postal code such as 100-0001', [{ field: 'code', message: 'A postal code such as 100-0001' }]);
    c.header('Cache-Control', 'private, max-age=86400');
    return c.json(found, 200);
  },
);

export default app;
