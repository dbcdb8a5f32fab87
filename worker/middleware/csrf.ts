import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { constantTimeEqual } from '../lib/crypto';
import { AppError } from '../lib/errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isUnsafeMethod = (method: string) => !SAFE.has(method);

/**
 * Cross-site request forgery defences for cookie-authenticated writes (IPA
 * checklist 5): the Origin must be ours (or, without Origin, Sec-Fetch-Site
 * must say same-origin), JSON bodies need application/json (which no plain
 * HTML form can send), and the session's token must come back in X-CSRF-Token.
 */
export const checkSameOrigin = (c: Context<AppEnv>) => {
  const origin = c.req.header('origin');
  const own = new URL(c.req.url).origin;
  if (origin ? origin !== own : c.req.header('sec-fetch-site') !== 'same-origin') {
    throw new AppError(403, 'csrf_origin', 'Cross-site request refused');
  }
};

export const checkCsrfToken = (c: Context<AppEnv>, expected: string) => {
  const sent = c.req.header('x-csrf-token') ?? '';
  if (!constantTimeEqual(sent, expected)) throw new AppError(403, 'csrf_token', 'Missing or wrong CSRF token');
};
