import { join } from 'node:path';
import { cloudflarePagesAdapter } from '@builder.io/qwik-city/adapters/cloudflare-pages/vite';
import { extendConfig } from '@builder.io/qwik-city/vite';
import baseConfig from '../../vite.config';

// Server build: web/server/entry.cloudflare-pages.js exports `fetch`, which the
// Hono app calls for every path that is not /api or /hooks.
export default extendConfig(baseConfig, () => ({
  build: {
    ssr: true,
    rollupOptions: { input: [join(__dirname, '../../src/entry.cloudflare-pages.tsx'), '@qwik-city-plan'] },
  },
  plugins: [cloudflarePagesAdapter({ functionRoutes: false, ssg: null })],
}));
