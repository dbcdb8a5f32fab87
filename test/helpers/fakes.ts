import { inject } from 'vitest';
import type { FakeItem, FakeOrderSpec, FaultSpec, Received } from '../fakes/harness';
import type { ChannelType } from '../../worker/channels/adapter';

/**
 * A fresh instance of one mall's conformance fake (test/fakes/), reached over
 * HTTP like the real mall. `endpoint` goes into the channel (or the adapter's
 * Connection); the other methods are the fake's control endpoints.
 */
export const fakeMall = (mall: ChannelType, instance = `t-${crypto.randomUUID().slice(0, 8)}`) => {
  const endpoint = `${inject('fakesUrl')}/${mall}/${instance}`;
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${endpoint}/__fake/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`fake ${mall} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    endpoint,
    received: (op?: string) => control('GET', `received${op ? `?op=${encodeURIComponent(op)}` : ''}`) as Promise<Received[]>,
    stock: () => control('GET', 'stock') as Promise<Record<string, number>>,
    addItems: (items: FakeItem[]) => control('POST', 'items', items),
    placeOrder: (spec: FakeOrderSpec) => control('POST', 'orders', spec) as Promise<{ id: string }>,
    cancelOrder: (id: string) => control('POST', `orders/${encodeURIComponent(id)}/cancel`),
    fault: (spec: FaultSpec | FaultSpec[]) => control('POST', 'faults', spec),
    configure: (config: Record<string, unknown>) => control('POST', 'config', config),
    reset: () => control('POST', 'reset'),
  };
};

export type FakeMallClient = ReturnType<typeof fakeMall>;

/** A Japanese order with the awkward bits (leading-zero postcode, building, kana) for mapping tests. */
export const sampleOrder = (over: Partial<FakeOrderSpec> = {}): FakeOrderSpec => ({
  customer: { name: '山田 太郎', kana: 'ヤマダ タロウ', email: 'taro@example.jp', phone: '090-1234-5678' },
  shipTo: { name: '山田 花子', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2丁目1-1', address2: 'サンプルビル 5F', phone: '011-123-4567' },
  lines: [{ sku: 'TS-WHT-M', quantity: 2, unitPrice: 2980, name: 'Tシャツ 白 M' }],
  payment: 'card',
  paid: true,
  shippingFee: 550,
  ...over,
});
