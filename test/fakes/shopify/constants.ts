/**
 * What a test (or the demo) needs to know to talk to the Shopify fake: the
 * credentials it accepts and the ids it starts with. No imports, so workerd
 * tests and the Node fake can both use it.
 */

/** The Admin API access token the fake accepts (change it with __fake/config {accessToken}). */
export const FAKE_ACCESS_TOKEN = 'shpat_kura_fake_token';
/** The shop's one location; inventory is stocked here (change it with __fake/config {locationId}). */
export const FAKE_LOCATION_ID = 'gid://shopify/Location/70000000001';
/** What X-Shopify-Shop-Domain says and shop.myshopifyDomain answers. */
export const FAKE_SHOP_DOMAIN = 'kura-fake.myshopify.com';
/** The app's client secret the fake signs webhooks with unless __fake/config {webhookSecret} says otherwise. */
export const FAKE_WEBHOOK_SECRET = 'shpss_kura_fake_secret';

/** Stable API versions the fake serves (the year-month handles Shopify had supported in late 2026). */
export const FAKE_API_VERSIONS = ['2026-01', '2026-04', '2026-07', '2026-10'] as const;

/**
 * The Standard plan's cost bucket: 100 points restored per second
 * (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits), a
 * bucket of 20 seconds' worth, and the single-query maximum of 1,000 points.
 */
export const FAKE_BUCKET = { maximumAvailable: 2000, restoreRate: 100, singleQueryMax: 1000 } as const;

/** Credentials for a Connection pointed at a fake instance. */
export const fakeShopifyCredentials = (over: Record<string, string> = {}): Record<string, string> => ({
  shopDomain: FAKE_SHOP_DOMAIN,
  accessToken: FAKE_ACCESS_TOKEN,
  locationId: FAKE_LOCATION_ID,
  webhookSecret: FAKE_WEBHOOK_SECRET,
  ...over,
});
