import ipaddr from 'ipaddr.js';

/** True if the text is an IPv4 or IPv6 CIDR range (a bare address counts as /32 or /128). */
export const isValidCidr = (text: string): boolean => parseRange(text) !== null;

const parseRange = (text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null => {
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const addr = ipaddr.parse(text);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
};

/** Normalises "::ffff:1.2.3.4" to its IPv4 form so a v4 allowlist still matches. */
const parseAddress = (ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null => {
  try {
    return ipaddr.process(ip);
  } catch {
    return null;
  }
};

/** Does the address fall in any of the ranges? Invalid input never matches. */
export const ipInRanges = (ip: string, ranges: readonly string[]): boolean => {
  const addr = parseAddress(ip);
  if (!addr) return false;
  return ranges.some((r) => {
    const range = parseRange(r);
    if (!range || range[0].kind() !== addr.kind()) return false;
    return addr.match(range as [never, number]);
  });
};
