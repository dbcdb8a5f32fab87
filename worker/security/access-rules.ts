import { ipInRanges } from '../lib/cidr';

/**
 * Who may reach an account, as pure rules (SERVICE.md "Who may use it, from where"):
 * - from Japan, or from a country the account holds an exception for, inside
 *   its period (JST dates, inclusive) and from one of its ranges;
 * - and, when the account has an IP allowlist, from an address in it.
 */
export interface CountryException {
  country: string;
  fromDate: string;
  toDate: string;
  cidrs: string[];
}

export type AccessDecision = { ok: true } | { ok: false; code: 'country_not_allowed' | 'ip_not_allowed' };

export const HOME_COUNTRY = 'JP';

export const exceptionApplies = (e: CountryException, country: string, ip: string, today: string): boolean =>
  e.country.toUpperCase() === country.toUpperCase() && e.fromDate <= today && today <= e.toDate && ipInRanges(ip, e.cidrs);

export const decideAccess = (input: {
  country: string;
  ip: string;
  today: string;
  ipAllowlist: readonly string[];
  exceptions: readonly CountryException[];
}): AccessDecision => {
  const { country, ip, today } = input;
  if (country.toUpperCase() !== HOME_COUNTRY && !input.exceptions.some((e) => exceptionApplies(e, country, ip, today))) {
    return { ok: false, code: 'country_not_allowed' };
  }
  if (input.ipAllowlist.length > 0 && !ipInRanges(ip, input.ipAllowlist)) {
    return { ok: false, code: 'ip_not_allowed' };
  }
  return { ok: true };
};
