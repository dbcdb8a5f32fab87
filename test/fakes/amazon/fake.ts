// Placeholder: the amazon conformance fake is being written (see worker/channels/adapter.ts).
import { Hono } from 'hono';
import { FakeBase, mountMall } from '../harness.ts';

export const amazonFake = () =>
  mountMall(() => {
    const base = new FakeBase();
    const items = new Map<string, number>();
    return {
      base,
      routes: new Hono(),
      addItems: (list) => list.forEach((i) => items.set(i.remoteId, i.quantity)),
      quantities: () => Object.fromEntries(items),
      placeOrder: () => ({ id: 'x' }),
      cancelOrder: () => false,
      throttled: (c) => c.json({ error: 'throttled' }, 429),
    };
  });
