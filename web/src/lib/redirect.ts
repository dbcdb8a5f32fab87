/**
 * Only our own paths may be redirect targets: `next` after sign-in and after
 * the language switch. Anything else falls back to `/` (no open redirect).
 *
 * Browsers forgive a lot in a Location header: they drop tabs and newlines
 * (`/\t/evil.example` becomes `//evil.example`), read `\` as `/`, and resolve
 * `/.//evil.example` to the host `evil.example`. So a target is refused when it
 * holds a control character or a backslash anywhere (also once
 * percent-decoded), and otherwise it is parsed against our own origin and must
 * stay on it, with a path that does not start with `//` after normalisation.
 * CR, LF and NUL would also make the header itself invalid (a 500), so they are
 * refused here too.
 */
const BAD_CHARS = /[\u0000-\u001f\u007f-\u009f\\]/;
const MAX_NEXT = 2000;

export const safeNext = (next: string | null | undefined, fallback = '/', ownOrigin = 'https://kura.invalid'): string => {
  if (!next || next.length > MAX_NEXT) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || BAD_CHARS.test(next)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return fallback;
  }
  if (BAD_CHARS.test(decoded) || decoded.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(next, ownOrigin);
  } catch {
    return fallback;
  }
  const own = new URL(ownOrigin);
  if (url.origin !== own.origin || url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
};
