/**
 * The hosts each mall's adapter really calls in production: its default base
 * URL plus its auth server and documented sandbox. In production a channel's
 * endpoint (and every URL an adapter fetches) must be one of these or on the
 * operator's MALL_SANDBOX_HOSTS (endpoint-policy.ts).
 */
import type { ChannelType } from './adapter';
import { LWA_TOKEN_URL } from './amazon/client';
import { adapterFor } from './registry';
import { YCONNECT_TOKEN_URL } from './yahoo/session';

const hostOf = (url: string) => new URL(url).hostname;

/** Beyond each adapter's defaultEndpoint: auth servers and the malls' own test hosts. */
const EXTRA_HOSTS: Record<ChannelType, readonly string[]> = {
  // Admin API per shop: https://{shop}.myshopify.com (shopify/client.ts normalizeShopDomain)
  shopify: ['*.myshopify.com'],
  rakuten: [],
  // YConnect token endpoint; 在庫・注文API test environment (yahoo/adapter.ts)
  yahoo: [hostOf(YCONNECT_TOKEN_URL), 'test.circus.shopping.yahooapis.jp'],
  // Login with Amazon; SP-API Far East sandbox
  amazon: [hostOf(LWA_TOKEN_URL), 'sandbox.sellingpartnerapi-fe.amazon.com'],
};

export const mallHostsOf = (type: ChannelType): string[] => {
  const base = adapterFor(type).defaultEndpoint;
  // Shopify's default is the template https://{shopDomain}, covered by *.myshopify.com.
  const own = base.includes('{') ? [] : [hostOf(base)];
  return [...new Set([...own, ...EXTRA_HOSTS[type]])];
};
