const rnd = (n: number) => crypto.getRandomValues(new Uint32Array(1))[0] % n;

/**
 * An IPv4 /24 no other test uses (inside 100.64.0.0/10), with helpers for
 * addresses in it. Country exceptions are visible to the pre-auth country
 * gate of every account, so each test brings its own ranges.
 */
export const uniqueRange4 = () => {
  const prefix = `100.${64 + rnd(64)}.${rnd(256)}`;
  return { cidr: `${prefix}.0/24`, ip: (host: number) => `${prefix}.${host}` };
};

/** An IPv6 /48 under 2001:db8::/32 (documentation prefix) no other test uses. */
export const uniqueRange6 = () => {
  const prefix = `2001:db8:${rnd(0xffff).toString(16)}`;
  return { cidr: `${prefix}::/48`, ip: (host: string) => `${prefix}::${host}` };
};
