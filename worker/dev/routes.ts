import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { isDevelopment } from '../env';
import { newRouter } from '../lib/router';
import { commonErrors, jsonResponse } from '../lib/openapi';
import { AppError } from '../lib/errors';
import { listOutbox } from '../notify/service';
import { seedDemo } from './seed';
import { benchStockLedger } from './bench';
import { benchResync } from '../channels/bench';

/** These routes do not exist outside ENVIRONMENT=development: a plain 404 there. */
const devOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!isDevelopment(c.env)) throw new AppError(404, 'not_found', 'No such API route');
  await next();
});

const OutboxItem = z.object({ channel: z.enum(['email', 'sms']), to: z.string(), subject: z.string().optional(), body: z.string(), sentAt: z.string() });

const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/outbox',
    operationId: 'listDevOutbox',
    tags: ['Local development'],
    summary: 'E-mail and SMS sent locally (development only)',
    security: [],
    middleware: [devOnly],
    responses: { 200: jsonResponse(z.object({ items: z.array(OutboxItem) }), 'Newest first') },
  }),
  async (c) => {
    const rows = await listOutbox(c.get('db'));
    return c.json({ items: rows.map((r) => ({ channel: r.channel, to: r.to, ...(r.subject ? { subject: r.subject } : {}), body: r.body, sentAt: r.sentAt })) }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/seed',
    operationId: 'seedDemoAccount',
    tags: ['Local development'],
    summary: 'Seed the demo account, idempotently (development only; `npm start` calls it)',
    description: 'With `stores` (the local mall fakes’ base URL, e.g. http://127.0.0.1:8790), the demo account also gets one sandbox store per mall (worker/dev/demo-channels.ts).',
    security: [],
    middleware: [devOnly],
    request: {
      query: z.object({
        stores: z
          .string()
          .max(100)
          .url()
          // The demo stores' credentials are the fakes' own; they are only ever sent to this machine.
          .refine((u) => /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(u), 'A local http://127.0.0.1:<port> address')
          .optional(),
      }),
    },
    responses: {
      200: jsonResponse(
        z.object({ created: z.array(z.string()), stores: z.array(z.object({ type: z.string(), id: z.string(), name: z.string(), endpoint: z.string() })).optional() }),
        'What was created this time (and the demo stores, when asked for)',
      ),
      ...commonErrors,
    },
  }),
  async (c) => c.json(await seedDemo(c.env, c.get('db'), { stores: c.req.valid('query').stores }), 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/bench/stock',
    operationId: 'benchStockLedger',
    tags: ['Local development'],
    summary: 'Benchmark the StockLedger from inside the Worker (development only; `npm run bench` calls it)',
    security: [],
    middleware: [devOnly],
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: z.strictObject({ reservations: z.number().int().min(10).max(20_000), concurrency: z.number().int().min(1).max(200) }) } },
      },
    },
    responses: { 200: jsonResponse(z.record(z.string(), z.unknown()), 'Timings') },
  }),
  async (c) => c.json(await benchStockLedger(c.env, c.req.valid('json')), 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/bench/resync',
    operationId: 'benchFullResync',
    tags: ['Local development'],
    summary: 'Full-resync benchmark: n SKUs to each mall under its documented limit, in simulated time (development only; `npm run bench` calls it)',
    security: [],
    middleware: [devOnly],
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: z.strictObject({ skus: z.number().int().min(1).max(1_000_000), latencyMs: z.number().int().min(0).max(5000).default(300) }) } },
      },
    },
    responses: { 200: jsonResponse(z.object({ results: z.array(z.record(z.string(), z.unknown())) }), 'Per mall: calls, simulated time, the floor and their ratio') },
  }),
  (c) => {
    const { skus, latencyMs } = c.req.valid('json');
    return c.json({ results: benchResync(skus, latencyMs) }, 200);
  },
);

export default app;
