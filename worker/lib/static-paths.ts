/** Content-hashed web bundles: identical for everyone, cacheable, and carrying no user data. */
export const isStaticBundle = (path: string): boolean =>
  path.startsWith('/build/') || path.startsWith('/assets/') || path === '/favicon.svg';
