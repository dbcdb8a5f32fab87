import { describe, expect, it } from 'vitest';
import { backoffMs, fullBucket, resyncFloorMs, simulatePush, takeToken } from '../../worker/channels/rate-limit';
import { LISTINGS_HEADER, listingCsvRows, parseListingRows } from '../../worker/channels/listings-csv';

// The pure rules of the channel push queue: the token bucket, the backoff and the listing CSV layout.
describe('token bucket', () => {
  const rakuten = { maxItemsPerCall: 400, callsPerSecond: 1, burst: 1 };
  it('gives the burst at once, then one call per 1/rate seconds', () => {
    let b = fullBucket(rakuten, 0);
    const first = takeToken(b, rakuten, 0);
    expect(first.ok).toBe(true);
    b = first.bucket;
    const second = takeToken(b, rakuten, 100);
    expect(second).toMatchObject({ ok: false, waitMs: 900 });
    expect(takeToken(second.bucket, rakuten, 1000).ok).toBe(true);
  });
  it('never saves up more than the burst', () => {
    const shopify = { maxItemsPerCall: 250, callsPerSecond: 5, burst: 50 };
    let b = fullBucket(shopify, 0);
    let ok = 0;
    for (let i = 0; i < 100; i++) {
      const r = takeToken(b, shopify, 3_600_000);
      b = r.bucket;
      if (r.ok) ok++;
    }
    expect(ok).toBe(50);
  });
});

describe('backoff', () => {
  it('doubles from the base up to five minutes, and never undercuts Retry-After', () => {
    expect([1, 2, 3, 4].map((f) => backoffMs(f))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(20)).toBe(300_000);
    expect(backoffMs(1, 30)).toBe(30_000);
    expect(backoffMs(3, undefined, 30)).toBe(120);
  });
});

describe('resync floor', () => {
  it('is the call count over the rate, less the burst: Rakuten 100,000 SKUs ≈ 250 s', () => {
    expect(resyncFloorMs(100_000, { maxItemsPerCall: 400, callsPerSecond: 1, burst: 1 })).toBe(249_000);
  });
});

describe('listing CSV', () => {
  it('reads SKU, item id and variant id, with problems per line', () => {
    const rows = [LISTINGS_HEADER, ['TS-WHT-M', 'kura-tshirt', 'wht-m'], ['CAP', 'cap', ''], ['', 'x', ''], ['TS-WHT-M', 'again', ''], ['BAD SKU', 'x', ''], ['NO-ID', '', '']];
    const { items, problems } = parseListingRows(rows);
    expect(items).toEqual([
      { sku: 'TS-WHT-M', remoteId: 'kura-tshirt', remoteVariantId: 'wht-m' },
      { sku: 'CAP', remoteId: 'cap', remoteVariantId: null },
    ]);
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'missing_sku'],
      [5, 'duplicate_sku'],
      [6, 'missing_sku'],
      [7, 'missing_remote_id'],
    ]);
    expect(listingCsvRows(items)).toEqual([
      ['TS-WHT-M', 'kura-tshirt', 'wht-m'],
      ['CAP', 'cap', ''],
    ]);
  });
});

describe('simulated push timing (the resync benchmark’s model of the DO loop)', () => {
  it('Rakuten: 100,000 SKUs in 250 calls at 1 a second stay at the floor', () => {
    const limits = { maxItemsPerCall: 400, callsPerSecond: 1, burst: 1 };
    const r = simulatePush(100_000, limits, 300);
    expect(r.calls).toBe(250);
    expect(r.ms / (resyncFloorMs(100_000, limits) + 300)).toBeLessThan(1.01);
  });
  it('Amazon: one SKU a call at 5 a second needs calls in flight together when a call takes 300 ms', () => {
    const sequential = simulatePush(1000, { maxItemsPerCall: 1, callsPerSecond: 5, burst: 5 }, 300);
    const overlapped = simulatePush(1000, { maxItemsPerCall: 1, callsPerSecond: 5, burst: 5, maxInFlight: 5 }, 300);
    expect(sequential.ms).toBeGreaterThan(290_000);
    expect(overlapped.ms).toBeLessThan(1.1 * resyncFloorMs(1000, { maxItemsPerCall: 1, callsPerSecond: 5, burst: 5 }) + 300);
  });
});
