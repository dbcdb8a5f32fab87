/**
 * Where Kura may send a store's credentials: the rule for a channel's
 * `endpoint` and for every URL an adapter calls (pure, no I/O).
 *
 * A channel's endpoint overrides the mall's production base URL, and every
 * call to it carries the store's sealed secrets (Shopify access token, RMS
 * ESA key, LWA / YConnect tokens). So:
 * - everywhere: http(s) only, no user:password@, the host written in its one
 *   canonical form (no decimal / hex / octal / short IPv4, no IPv4 inside
 *   IPv6, no percent-encoding or trailing dot), and never a private,
 *   link-local, CGNAT, unspecified, multicast, broadcast or reserved address;
 * - in production: https to the mall's own hosts (each adapter's) or to a
 *   host the platform operator allows for sandboxes (MALL_SANDBOX_HOSTS);
 * - loopback (127/8, ::1, localhost) only in development, where the
 *   conformance fakes run on 127.0.0.1.
 */
import ipaddr from 'ipaddr.js';

export interface EndpointContext {
  /** ENVIRONMENT === 'development': loopback and plain http allowed, any public host. */
  development: boolean;
  /** The mall's own host names for this channel, exact or "*.suffix". */
  mallHosts: readonly string[];
  /** The operator's sandbox host names (MALL_SANDBOX_HOSTS), exact or "*.suffix". */
  sandboxHosts: readonly string[];
}

export type EndpointRefusal =
  /** not an absolute URL */
  | 'invalid_url'
  /** not http: or https: */
  | 'scheme'
  /** user:password@ in the URL */
  | 'userinfo'
  /** the host is not written in its canonical form (numeric IPv4 tricks, IPv4 in IPv6, %-encoding, IDN, trailing dot) */
  | 'non_canonical_host'
  /** private, link-local, CGNAT, unspecified, multicast, broadcast or reserved address */
  | 'private_address'
  /** 127/8, ::1 or localhost outside development */
  | 'loopback'
  /** plain http outside development */
  | 'https_required'
  /** neither the mall's own host nor an allowed sandbox host (production) */
  | 'host_not_allowed';

export type EndpointVerdict = { ok: true; url: string } | { ok: false; reason: EndpointRefusal };

/** One sentence per refusal, for API details and mall errors (the web form translates them by reason). */
export const REFUSAL_MESSAGES: Record<EndpointRefusal, string> = {
  invalid_url: 'Not an absolute http(s) URL',
  scheme: 'Only https (and http in development) URLs are allowed',
  userinfo: 'A user name or password in the URL is not allowed',
  non_canonical_host: 'Write the host in its plain form (no numeric, encoded or IPv4-in-IPv6 addresses)',
  private_address: 'Private, link-local and reserved addresses are not allowed',
  loopback: 'Loopback addresses are allowed only in development',
  https_required: 'The endpoint must use https',
  host_not_allowed: 'The host is neither the mall’s own nor an allowed sandbox host',
};

/** "a.example, *.sandbox.example ,," → ["a.example", "*.sandbox.example"] */
export const parseHostList = (value: string | undefined | null): string[] =>
  (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h.length > 0);

/** Exact host, or "*.suffix" for any host under suffix (not the suffix itself). */
export const hostMatches = (host: string, patterns: readonly string[]): boolean => {
  const h = host.toLowerCase();
  return patterns.some((p) => {
    const pattern = p.trim().toLowerCase();
    if (!pattern) return false;
    if (pattern.startsWith('*.')) {
      const suffix = pattern.slice(1); // ".suffix"
      return h.length > suffix.length && h.endsWith(suffix);
    }
    return h === pattern;
  });
};

type HostKind = 'public' | 'loopback' | 'private' | 'mapped';

/** IPv6 global unicast is 2000::/3; everything else (and ipaddr's special ranges inside it) is refused. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

const kindOfHost = (hostname: string): HostKind => {
  if (hostname.startsWith('[') && hostname.endsWith(']')) {
    let addr: ipaddr.IPv6;
    try {
      addr = ipaddr.IPv6.parse(hostname.slice(1, -1));
    } catch {
      return 'private';
    }
    const range = addr.range();
    if (range === 'loopback') return 'loopback';
    if (range === 'ipv4Mapped') return 'mapped';
    return range === 'unicast' && addr.match(GLOBAL_UNICAST_V6) ? 'public' : 'private';
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(hostname)) {
    const range = ipaddr.IPv4.parse(hostname).range();
    if (range === 'loopback') return 'loopback';
    return range === 'unicast' ? 'public' : 'private';
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return 'loopback';
  return 'public';
};

/**
 * The host exactly as written in the input (between "//" and the path), or
 * null when the input does not start with "http(s)://" plainly. Compared
 * with the parsed hostname to catch what the URL parser would rewrite.
 */
const rawAuthority = (input: string): string | null => {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(input);
  return m ? m[1] : null;
};

const rawHostOf = (authority: string): string => {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end < 0 ? authority : authority.slice(0, end + 1);
  }
  const colon = authority.lastIndexOf(':');
  return colon >= 0 && /^\d*$/.test(authority.slice(colon + 1)) ? authority.slice(0, colon) : authority;
};

/** May Kura send a store's credentials to this URL? */
export const checkEndpoint = (input: string, ctx: EndpointContext): EndpointVerdict => {
  // Whitespace, control characters and backslashes are silently rewritten by the URL parser.
  if (typeof input !== 'string' || /[\x00-\x20\x7f\\]/.test(input)) return { ok: false, reason: 'invalid_url' };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: 'invalid_url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'scheme' };
  const authority = rawAuthority(input);
  if (authority === null) return { ok: false, reason: 'invalid_url' };
  if (authority.includes('@') || url.username || url.password) return { ok: false, reason: 'userinfo' };
  const hostname = url.hostname.toLowerCase();
  if (!hostname) return { ok: false, reason: 'invalid_url' };
  // 2130706433, 0x7f000001, 0177.0.0.1, 127.1, [::ffff:127.0.0.1], %31.…, ドメイン, "host." all differ from their parse.
  if (rawHostOf(authority).toLowerCase() !== hostname || hostname.endsWith('.')) return { ok: false, reason: 'non_canonical_host' };
  const kind = kindOfHost(hostname);
  if (kind === 'mapped') return { ok: false, reason: 'non_canonical_host' };
  if (kind === 'private') return { ok: false, reason: 'private_address' };
  if (ctx.development) return { ok: true, url: input };
  if (kind === 'loopback') return { ok: false, reason: 'loopback' };
  if (url.protocol !== 'https:') return { ok: false, reason: 'https_required' };
  if (!hostMatches(hostname, ctx.mallHosts) && !hostMatches(hostname, ctx.sandboxHosts)) return { ok: false, reason: 'host_not_allowed' };
  return { ok: true, url: input };
};
