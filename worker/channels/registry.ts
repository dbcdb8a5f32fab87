import type { ChannelAdapter, ChannelType } from './adapter';
import { amazonAdapter } from './amazon/adapter';
import { rakutenAdapter } from './rakuten/adapter';
import { shopifyAdapter } from './shopify/adapter';
import { yahooAdapter } from './yahoo/adapter';

/** One adapter per mall, behind the one interface (adapter.ts). */
const ADAPTERS: Record<ChannelType, ChannelAdapter> = {
  shopify: shopifyAdapter,
  rakuten: rakutenAdapter,
  yahoo: yahooAdapter,
  amazon: amazonAdapter,
};

export const adapterFor = (type: ChannelType): ChannelAdapter => ADAPTERS[type];
