import { expect } from 'vitest';
import type { ChannelType } from '../../worker/channels/adapter';
import { AMAZON_FAKE_CREDENTIALS } from '../fakes/amazon/credentials';
import { RAKUTEN_FAKE_CREDENTIALS } from '../fakes/rakuten/credentials';
import { fakeShopifyCredentials } from '../fakes/shopify/constants';
import type { Client } from './client';
import { fakeMall, type FakeMallClient } from './fakes';

/** The credentials each conformance fake accepts. */
export const FAKE_CREDENTIALS: Record<ChannelType, Record<string, string>> = {
  shopify: fakeShopifyCredentials(),
  rakuten: { ...RAKUTEN_FAKE_CREDENTIALS },
  yahoo: { sellerId: 'kura-store', clientId: 'kura-client-id', clientSecret: 'kura-client-secret', refreshToken: 'kura-refresh-token' },
  amazon: { ...AMAZON_FAKE_CREDENTIALS },
};

let serial = 0;
/** The mall's own ids for a Kura SKU, shaped as each mall shapes them. */
export const remoteIdsFor = (mall: ChannelType, sku: string) => {
  const n = 7_000_000 + ++serial;
  switch (mall) {
    case 'shopify':
      return { remoteId: `gid://shopify/InventoryItem/${n}`, remoteVariantId: `gid://shopify/ProductVariant/${n}` };
    case 'rakuten':
      return { remoteId: `kura-${sku.toLowerCase()}`.slice(0, 32), remoteVariantId: `v-${sku.toLowerCase()}`.slice(0, 32) };
    case 'yahoo':
      return { remoteId: `y${sku.toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(0, 30), remoteVariantId: undefined };
    case 'amazon':
      return { remoteId: sku, remoteVariantId: undefined };
  }
};

export interface TestChannel {
  id: string;
  mall: ChannelType;
  fake: FakeMallClient;
  /** Kura SKU → the mall's ids */
  items: Map<string, { remoteId: string; remoteVariantId?: string }>;
}

/**
 * A channel on a fresh fake instance, listing `skus`; the fake knows the
 * items with `fakeQuantity` each (the store's own figure before Kura pushes).
 */
export const connectChannel = async (
  admin: Client,
  mall: ChannelType,
  skus: string[],
  opts: { fakeQuantity?: number; settings?: Record<string, unknown>; unknownOnMall?: string[] } = {},
): Promise<TestChannel> => {
  const fake = fakeMall(mall);
  const res = await admin.api('/channels', { json: { type: mall, name: `${mall} test`, endpoint: fake.endpoint, credentials: FAKE_CREDENTIALS[mall], settings: opts.settings } });
  expect(res.status, await res.clone().text()).toBe(201);
  const id = ((await res.json()) as { id: string }).id;
  const items = new Map(skus.map((sku) => [sku, remoteIdsFor(mall, sku)]));
  const known = skus.filter((s) => !opts.unknownOnMall?.includes(s));
  await fake.addItems(known.map((sku) => ({ sku, ...items.get(sku)!, quantity: opts.fakeQuantity ?? 0 })));
  const put = await admin.api(`/channels/${id}/listings`, { method: 'PUT', json: { items: skus.map((sku) => ({ sku, ...items.get(sku)! })) } });
  expect(put.status).toBe(200);
  return { id, mall, fake, items };
};

/** The quantity the fake store shows for a Kura SKU (undefined when it does not know the item). */
export const storeQuantity = async (ch: TestChannel, sku: string) => {
  const ids = ch.items.get(sku)!;
  const key = ids.remoteVariantId ? `${ids.remoteId}/${ids.remoteVariantId}` : ids.remoteId;
  return (await ch.fake.stock())[key];
};
