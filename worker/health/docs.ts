import type { Context } from 'hono';
import type { AppEnv } from '../app-env';

/**
 * GET /api/docs: Swagger UI, served from our own assets (web/public/api-docs,
 * copied from swagger-ui-dist at build time) so it works offline and under our
 * CSP, reading /api/v1/openapi.json.
 */
export const docsPage = (c: Context<AppEnv>) =>
  c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kura API</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/api-docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api-docs/swagger-ui-bundle.js" nonce="${c.get('secureHeadersNonce') ?? ''}"></script>
<script src="/api-docs/init.js" nonce="${c.get('secureHeadersNonce') ?? ''}"></script>
</body></html>`);
