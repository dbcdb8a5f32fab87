import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
// Built by `npm run build:web` (prestart/pretest) before wrangler bundles the Worker.
import { fetch as qwikFetch } from '../../web/server/entry.cloudflare-pages.js';

/**
 * What the Qwik City app receives from the Worker besides the bindings
 * (platform.env.KURA): the CSP nonce for its inline scripts, and `api`, which
 * runs a request through this same Hono app in-process. Pages load and change
 * data only through the public API, so the web app keeps the contract that
 * integrators get, with the user's own cookie and scope.
 */
export interface WebBridge {
  nonce: string;
  api: (req: Request) => Promise<Response>;
}

export const handToWeb = async (c: Context<AppEnv>, api: WebBridge['api']) => {
  const bridge: WebBridge = { nonce: c.get('secureHeadersNonce') ?? '', api };
  const res = await qwikFetch(c.req.raw, { ...c.env, KURA: bridge }, c.executionCtx);
  // Static files come from ASSETS with immutable headers; copy so the security headers can be added.
  const out = new Response(res.body, res);
  out.headers.set('X-Request-Id', c.get('requestId'));
  return out;
};
