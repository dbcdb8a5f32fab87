import { describe, expect, it } from 'vitest';
import { fakeMall } from '../helpers/fakes';

// The plumbing every adapter test relies on: the fakes answer from workerd over
// local HTTP, instances are isolated, faults fire the given number of times.
describe('mall fakes harness', () => {
  it('keeps instances apart and injects faults', async () => {
    const a = fakeMall('rakuten');
    const b = fakeMall('rakuten');
    await a.addItems([{ sku: 'S1', remoteId: 'item-1', quantity: 3 }]);
    expect(await a.stock()).toEqual({ 'item-1': 3 });
    expect(await b.stock()).toEqual({});
    await a.fault({ kind: 'status', status: 503, count: 2, retryAfter: 7 });
    const r1 = await fetch(`${a.endpoint}/anything`);
    expect(r1.status).toBe(503);
    expect(r1.headers.get('retry-after')).toBe('7');
    expect((await fetch(`${a.endpoint}/anything`)).status).toBe(503);
    expect((await fetch(`${a.endpoint}/anything`)).status).toBe(404);
  });
});
