import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env';
import { createDb } from './db/client';
import { isDevelopment } from './env';
import { AppError, codeForStatus, errorBody } from './lib/errors';
import { accessLog } from './middleware/access-log';
import { isStaticBundle } from './lib/static-paths';
import { authenticate } from './middleware/authenticate';
import { clientInfo } from './middleware/client-info';
import { countryGate } from './middleware/country-gate';
import { bodyLimitOf, jsonOnly } from './middleware/json-only';
import { securityHeaders } from './middleware/security-headers';
import { newRouter } from './lib/router';
import { handToWeb } from './web/handoff';
import { errorPage } from './web/error-page';
import authRoutes from './auth/routes';
import meRoutes from './me/routes';
import userRoutes from './users/routes';
import securityRoutes from './security/routes';
import tokenRoutes from './tokens/routes';
import logRoutes from './logs/routes';
import platformRoutes from './platform/routes';
import devRoutes from './dev/routes';
import stockRoutes from './stock/routes';
import orderRoutes from './orders/routes';
import orderExportRoutes from './orders/export-routes';
import carrierRoutes from './orders/carrier-routes';
import carrierSettingsRoutes from './orders/carrier-settings-routes';
import pickingRoutes from './orders/picking-routes';
import mergeRoutes from './orders/merge-routes';
import returnRoutes from './returns/routes';
import packingRoutes from './orders/packing-routes';
import shopRoutes from './shop/routes';
import orderRuleRoutes from './orders/rules-routes';
import mailTemplateRoutes from './orders/mail-routes';
import healthRoutes from './health/routes';
import hookRoutes from './channels/hooks';
import channelRoutes from './channels/routes';
import addressRoutes from './address/routes';
import { docsPage } from './health/docs';

/**
 * The Kura Worker's HTTP side: middleware in the order of DESIGN.md
 * (request id → access log → security headers → geo/IP gate → auth), the
 * versioned API, and everything else handed to the Qwik City web app.
 */
const DOC_SECURITY: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];

export const buildApp = () => {
  const app = new OpenAPIHono<AppEnv>();

  app.use('*', requestId({ headerName: 'X-Request-Id', limitLength: 64 }));
  app.use('*', async (c, next) => {
    c.set('db', createDb(c.env.DB));
    await next();
  });
  app.use('*', accessLog);
  app.use('*', securityHeaders);
  app.use('*', clientInfo);
  app.use('*', countryGate);
  app.use('/api/*', authenticate({ csrf: true }));
  app.use('*', async (c, next) =>
    c.req.path.startsWith('/api/') || c.req.path.startsWith('/hooks/') || isStaticBundle(c.req.path) ? next() : authenticate({ csrf: false })(c, next),
  );
  // JSON bodies are small; a file route (CSV import, logo) has its own cap (json-only.ts).
  const tooLarge = () => {
    throw new AppError(413, 'payload_too_large', 'The request body is too large');
  };
  const limits = new Map<number, ReturnType<typeof bodyLimit>>();
  const limitOf = (max: number) => limits.get(max) ?? limits.set(max, bodyLimit({ maxSize: max, onError: tooLarge })).get(max)!;
  app.use('/api/*', (c, next) => limitOf(bodyLimitOf(c.req.method, c.req.path))(c, next));
  app.use('/api/*', jsonOnly);

  const api = newRouter();
  api.route('/auth', authRoutes);
  api.route('/me', meRoutes);
  api.route('/users', userRoutes);
  api.route('/settings', securityRoutes);
  api.route('/settings/shop', shopRoutes);
  api.route('/api-tokens', tokenRoutes);
  api.route('/logs', logRoutes);
  api.route('/platform', platformRoutes);
  api.route('/dev', devRoutes);
  api.route('/', stockRoutes);
  // before orderRoutes: /orders/picking must not be taken for GET /orders/{id}
  api.route('/', pickingRoutes);
  api.route('/', mergeRoutes);
  // 返品・交換: /orders/{id}/returns, before orderRoutes like the other /orders additions
  api.route('/', returnRoutes);
  api.route('/', packingRoutes);
  // 受注CSV: /orders/export, before orderRoutes like the other /orders words
  api.route('/', orderExportRoutes);
  api.route('/', orderRoutes);
  api.route('/', carrierRoutes);
  api.route('/', carrierSettingsRoutes);
  api.route('/', channelRoutes);
  api.route('/', orderRuleRoutes);
  api.route('/', mailTemplateRoutes);
  api.route('/', addressRoutes);

  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: '__Host-kura_session' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  // The OpenAPI 3.1 document, generated from the same zod schemas that validate requests.
  // Development-only routes are left out where they do not exist.
  api.get('/openapi.json', (c) => {
    const doc = api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Kura edge API',
        version: c.env.APP_VERSION,
        description: 'Errors are always {"error":{"code","message","details"?}}. Lists take ?limit (≤200) and ?cursor and answer {items,nextCursor}.',
      },
      servers: [{ url: '/api/v1' }],
      security: DOC_SECURITY,
    });
    if (!isDevelopment(c.env)) for (const path of Object.keys(doc.paths ?? {})) if (path.startsWith('/dev/')) delete doc.paths![path];
    // The inbound webhooks live beside the API (/hooks, no session: the mall's signature).
    const hooks = hookRoutes.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'hooks', version: c.env.APP_VERSION } });
    for (const [path, item] of Object.entries(hooks.paths ?? {})) doc.paths![`/hooks${path}`] = { ...item, servers: [{ url: '/' }] };
    return c.json(doc);
  });

  app.route('/api', healthRoutes);
  app.get('/api/docs', docsPage);
  app.route('/api/v1', api);
  app.all('/api/*', () => {
    throw new AppError(404, 'not_found', 'No such API route');
  });
  app.route('/hooks', hookRoutes);
  app.all('/hooks/*', () => {
    throw new AppError(404, 'not_found', 'No such webhook');
  });

  // Everything else is the web app. Pages reach the API in-process through the bridge.
  app.all('*', (c) =>
    handToWeb(c, (req) => {
      // An in-process call carries the page request's client headers and its request id, so the
      // access log shows the page and each API call it really made under one id.
      const headers = new Headers(req.headers);
      headers.set('x-request-id', c.get('requestId'));
      return app.fetch(new Request(req, { headers }), c.env, c.executionCtx) as Promise<Response>;
    }),
  );

  app.notFound((c) => c.json(errorBody('not_found', 'Not found'), 404));

  app.onError((err, c) => {
    const isPage = !c.req.path.startsWith('/api/') && !c.req.path.startsWith('/hooks/');
    if (err instanceof AppError && isPage && err.status === 403) {
      return c.html(errorPage(err.status, err.code, c.get('requestId')), 403);
    }
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return c.json(errorBody(err.code, err.message, err.details), err.status);
    }
    if (err instanceof HTTPException) {
      // Hono's own refusals: malformed JSON (400), body limit (413), ...
      const message = err.status === 400 ? 'The request body is not valid JSON' : err.message || 'Request refused';
      return c.json(errorBody(err.status === 400 ? 'invalid_json' : codeForStatus(err.status), message), err.status);
    }
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled', requestId: c.get('requestId'), error: String(err), stack: isDevelopment(c.env) ? (err as Error).stack : undefined }));
    return c.json(errorBody('internal_error', 'Something went wrong; the request id identifies it in our logs', { requestId: c.get('requestId') }), 500);
  });

  return app;
};
