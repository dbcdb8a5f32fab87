/** Only our own paths may be redirect targets ("/x", never "//host" or "https://…"): no open redirect. */
export const safeNext = (next: string | null | undefined, fallback = '/'): string =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
