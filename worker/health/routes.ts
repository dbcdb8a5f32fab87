import { createRoute, z } from '@hono/zod-openapi';
import { newRouter } from '../lib/router';
import { jsonResponse } from '../lib/openapi';

const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    tags: ['Health'],
    summary: 'Liveness, without auth',
    security: [],
    responses: { 200: jsonResponse(z.object({ status: z.literal('ok'), version: z.string() }), 'The Worker is up') },
  }),
  (c) => c.json({ status: 'ok' as const, version: c.env.APP_VERSION }, 200),
);

export default app;
