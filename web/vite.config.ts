import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { qwikVite } from '@builder.io/qwik/optimizer';
import { qwikCity } from '@builder.io/qwik-city/vite';

/**
 * /api/docs is Swagger UI from swagger-ui-dist, served from our own static
 * assets so it works offline and under our CSP (no CDN, no inline script).
 */
const apiDocsAssets = (): Plugin => ({
  name: 'kura-api-docs-assets',
  apply: 'build',
  closeBundle() {
    if (this.environment?.config.build.ssr) return;
    const from = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    const to = join(__dirname, 'dist', 'api-docs');
    mkdirSync(to, { recursive: true });
    for (const f of ['swagger-ui.css', 'swagger-ui-bundle.js']) copyFileSync(join(from, f), join(to, f));
    writeFileSync(
      join(to, 'init.js'),
      "window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n",
    );
  },
});

// The web app is built into web/dist (static assets, bound as ASSETS) and
// web/server (the SSR handler the Worker imports as its catch-all).
export default defineConfig(() => ({
  root: __dirname,
  plugins: [qwikCity({ trailingSlash: false }), qwikVite(), apiDocsAssets()],
  build: { emptyOutDir: true },
}));
