import type { Env } from './env';
import type { Db } from './db/client';
import type { Principal } from './auth/principal';

/** Hono's typing for this app: bindings plus what the middleware chain puts on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    db: Db;
    /** client address and country, from Cloudflare's headers (API.md, Geography). */
    client: { ip: string; country: string };
    /** set by the authenticate middleware when a session or token is valid */
    principal?: Principal;
    secureHeadersNonce?: string;
  };
}
