/**
 * The demo's four sandbox stores, one per mall, shared by the seed (inside the
 * Worker: dev/seed.ts) and by `npm start` (under Node: cli/start.mjs and
 * cli/demo-generator.mjs). Plain data with no imports and only erasable
 * TypeScript, so Node 22 can import this file as it is.
 *
 * Each store is an instance of the mall's conformance fake (test/fakes/), which
 * `npm start` serves on 127.0.0.1:8790: the channel's endpoint is
 * <fakes>/<mall>/demo. The credentials below are the fakes' own built-in test
 * values (test/fakes/<mall>/…, copied here because the Worker cannot import
 * test/): they open nothing but those local fakes, and are no secret.
 */

export type DemoMall = 'shopify' | 'rakuten' | 'yahoo' | 'amazon';

export interface DemoListing {
  sku: string;
  remoteId: string;
  remoteVariantId?: string;
}

export interface DemoStore {
  type: DemoMall;
  /** how the seed finds the store again (type + name): seeding twice creates nothing */
  name: string;
  credentials: Record<string, string>;
  listings: DemoListing[];
  /** the payment words (FakeOrderSpec.payment) the generator picks from on this mall */
  payments: string[];
}

/** The fake instance every demo store lives on: <fakes>/<mall>/demo. */
export const DEMO_FAKE_INSTANCE = 'demo';
/** Where `npm start` serves the fakes. */
export const DEMO_FAKES_URL = 'http://127.0.0.1:8790';

export const demoStoreEndpoint = (fakesUrl: string, mall: DemoMall): string => `${fakesUrl.replace(/\/+$/, '')}/${mall}/${DEMO_FAKE_INSTANCE}`;

/** The demo catalogue as the stores sell it (SKUs from dev/seed.ts), with shop prices including tax. */
export const DEMO_PRODUCTS: { sku: string; name: string; price: number }[] = [
  { sku: 'TS-WHT-S', name: 'オーガニックコットンTシャツ ホワイト S', price: 3980 },
  { sku: 'TS-WHT-M', name: 'オーガニックコットンTシャツ ホワイト M', price: 3980 },
  { sku: 'TS-WHT-L', name: 'オーガニックコットンTシャツ ホワイト L', price: 3980 },
  { sku: 'TS-NVY-S', name: 'オーガニックコットンTシャツ ネイビー S', price: 3980 },
  { sku: 'TS-NVY-M', name: 'オーガニックコットンTシャツ ネイビー M', price: 3980 },
  { sku: 'TS-NVY-L', name: 'オーガニックコットンTシャツ ネイビー L', price: 3980 },
  { sku: 'TOTE-NAT', name: '帆布トートバッグ ナチュラル', price: 2980 },
  { sku: 'CAP-BLK', name: 'ロゴキャップ ブラック', price: 2480 },
  { sku: 'GIFT-TS-TOTE', name: 'ギフトセット(Tシャツ ネイビー M + トート)', price: 6480 },
];

/** Each SKU's item and variant on Rakuten (商品管理番号 + SKU管理番号) and Yahoo! (item_code + sub_code). */
const ITEM_CODES: Record<string, [string, string | undefined]> = {
  'TS-WHT-S': ['kura-tshirt', 'wht-s'],
  'TS-WHT-M': ['kura-tshirt', 'wht-m'],
  'TS-WHT-L': ['kura-tshirt', 'wht-l'],
  'TS-NVY-S': ['kura-tshirt', 'nvy-s'],
  'TS-NVY-M': ['kura-tshirt', 'nvy-m'],
  'TS-NVY-L': ['kura-tshirt', 'nvy-l'],
  'TOTE-NAT': ['kura-tote', 'nat'],
  'CAP-BLK': ['kura-cap', 'blk'],
  'GIFT-TS-TOTE': ['kura-gift-set', 'nvy-m-tote'],
};

const skus = DEMO_PRODUCTS.map((p) => p.sku);

export const DEMO_STORES: DemoStore[] = [
  {
    type: 'shopify',
    name: 'デモ商店 公式オンラインストア',
    // test/fakes/shopify/constants.ts fakeShopifyCredentials()
    credentials: {
      shopDomain: 'kura-fake.myshopify.com',
      accessToken: 'shpat_kura_fake_token',
      locationId: 'gid://shopify/Location/70000000001',
      webhookSecret: 'shpss_kura_fake_secret',
    },
    // remoteId = the variant's InventoryItem GID, remoteVariantId = the ProductVariant GID
    listings: skus.map((sku, i) => ({
      sku,
      remoteId: `gid://shopify/InventoryItem/${48213377010001 + i}`,
      remoteVariantId: `gid://shopify/ProductVariant/${45102938020001 + i}`,
    })),
    payments: ['card', 'card', 'card', 'cod'],
  },
  {
    type: 'rakuten',
    name: 'デモ商店 楽天市場店',
    // test/fakes/rakuten/credentials.ts RAKUTEN_FAKE_CREDENTIALS
    credentials: { serviceSecret: 'SP123456_fakeServiceSecret', licenseKey: 'SL123456_fakeLicenseKey' },
    // remoteId = 商品管理番号 (manageNumber), remoteVariantId = SKU管理番号 (variantId)
    listings: skus.map((sku) => ({ sku, remoteId: ITEM_CODES[sku][0], remoteVariantId: ITEM_CODES[sku][1] })),
    payments: ['card', 'card', 'card', 'cod', 'points'],
  },
  {
    type: 'yahoo',
    name: 'デモ商店 Yahoo!ショッピング店',
    // test/fakes/yahoo/fake.ts DEFAULT_CONFIG
    credentials: { sellerId: 'kura-store', clientId: 'kura-client-id', clientSecret: 'kura-client-secret', refreshToken: 'kura-refresh-token' },
    // remoteId = item_code, remoteVariantId = sub_code (only where the item has variations)
    listings: skus.map((sku) => {
      const [code, sub] = ITEM_CODES[sku];
      return code === 'kura-tshirt' ? { sku, remoteId: code, remoteVariantId: sub } : { sku, remoteId: code };
    }),
    payments: ['card', 'card', 'paypay', 'paypay', 'cod'],
  },
  {
    type: 'amazon',
    name: 'デモ商店 Amazon.co.jp',
    // test/fakes/amazon/credentials.ts AMAZON_FAKE_CREDENTIALS
    credentials: {
      sellerId: 'A2KURAFAKESELLER',
      clientId: 'amzn1.application-oa2-client.kurafake',
      clientSecret: 'kura-fake-client-secret',
      refreshToken: 'Atzr|kura-fake-refresh-token',
    },
    // remoteId = the seller SKU, the same code as in Kura
    listings: skus.map((sku) => ({ sku, remoteId: sku })),
    payments: ['card', 'card', 'card', 'cod'],
  },
];

/** The sync settings every demo store starts with. */
export const DEMO_STORE_SETTINGS = { orderPull: true, stockPush: true, shipmentPush: true };
