import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type Client } from '../helpers/client';
import { createSku as createOrderSku, importOrder, orderBody, type OrderSummary } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/**
 * Free-text search (q) on every list: GET /orders, /orders/ids, /skus and /stock.
 *
 * Search works for every length validation allows (100 characters, ASCII or
 * kanji), even past D1's 50-byte limit on a LIKE pattern (49 ASCII characters or
 * 17 kanji used to answer 500); 101 characters is a 400. The search text is a
 * plain substring: `%`, `_` and `\` match only themselves, and ASCII letters
 * match either case (as SQLite's LIKE did), nothing else is folded.
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** `n` characters cycling through `alphabet` from `start`. */
const cycle = (alphabet: string, n: number, start = 0) => Array.from({ length: n }, (_, i) => alphabet[(start + i) % alphabet.length]).join('');

/** 100 ASCII characters with both cases, spaces and the LIKE wildcards in them. */
const ASCII_100 = `Long Name % _ \\ ${cycle(ALNUM, 84)}`;
/** 100 different kanji (U+5000…U+5063), so no stretch of it repeats. */
const KANJI_100 = Array.from({ length: 100 }, (_, i) => String.fromCodePoint(0x5000 + i)).join('');
/** the same but for the last kanji: only a search that compares all 100 tells them apart */
const KANJI_100_OTHER = `${KANJI_100.slice(0, 99)}玉`;

describe('free-text search beyond the LIKE pattern limit', () => {
  let t: Tenant;
  let op: Client;
  const orderIds = new Map<string, string>();
  const ascii49 = ASCII_100.slice(10, 59);
  /** the last 17 kanji: only in KANJI_100 */
  const kanji17 = KANJI_100.slice(83);

  beforeAll(async () => {
    expect(ASCII_100).toHaveLength(100);
    expect(new TextEncoder().encode(ascii49)).toHaveLength(49);
    expect(new TextEncoder().encode(kanji17)).toHaveLength(51);
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
    const sku = await createOrderSku(op, 'SRCH-LINE', 100);
    for (const [ext, customerName] of [
      ['SR-ASCII', ASCII_100],
      ['SR-KANJI', KANJI_100],
      ['SR-KANJI-2', KANJI_100_OTHER],
      ['SR-WILD-1', 'ab_c 100%'],
      ['SR-WILD-2', 'abxc 1000'],
      ['SR-PLAIN', '山田 太郎'],
    ] as const) {
      const { order } = await importOrder(op, orderBody({ externalId: ext, customerName, lines: [{ sku, quantity: 1, unitPrice: 1000 }] }));
      orderIds.set(ext, order.id);
    }
    for (const body of [
      { code: 'SRCH-ASCII', name: ASCII_100 },
      { code: 'SRCH-KANJI', name: KANJI_100 },
      { code: 'SRCH-KANJI-2', name: KANJI_100_OTHER },
      { code: 'SRCH_W1', name: '平皿 100%' },
      { code: 'SRCHXW2', name: '平皿 1000' },
    ]) {
      expect((await op.api('/skus', { json: body })).status, body.code).toBe(201);
    }
  });

  const get = async (path: string, q: string) => {
    const res = await op.api(`${path}${path.includes('?') ? '&' : '?'}q=${encodeURIComponent(q)}`);
    const text = await res.text();
    expect(res.status, `${path} q=${q} (${q.length} chars): ${text.slice(0, 200)}`).toBe(200);
    return JSON.parse(text) as unknown;
  };
  /** The external ids of the orders GET /orders finds, checked to equal what GET /orders/ids finds. */
  const orders = async (q: string) => {
    const list = (await get('/orders?limit=200', q)) as { items: OrderSummary[] };
    const ids = (await get('/orders/ids', q)) as { ids: string[]; truncated: boolean };
    expect(ids.ids, `/orders/ids q=${q}`).toEqual(list.items.map((o) => o.id));
    return list.items.map((o) => o.externalId).sort();
  };
  /** The codes GET /skus finds, checked to equal what GET /stock finds. */
  const skus = async (q: string) => {
    const list = (await get('/skus?limit=200', q)) as { items: { code: string }[] };
    const stock = (await get('/stock?limit=200', q)) as { items: { code: string }[] };
    expect(stock.items.map((s) => s.code), `/stock q=${q}`).toEqual(list.items.map((s) => s.code));
    return list.items.map((s) => s.code);
  };

  it('49 ASCII characters and 17 kanji (over 50 bytes) answer 200 on every list, found or not', async () => {
    expect(await orders(ascii49)).toEqual(['SR-ASCII']);
    expect(await orders(kanji17)).toEqual(['SR-KANJI']);
    expect(await skus(ascii49)).toEqual(['SRCH-ASCII']);
    expect(await skus(kanji17)).toEqual(['SRCH-KANJI']);
    // what the outside probe sent: nothing matches, still a 200
    expect(await orders('x'.repeat(49))).toEqual([]);
    expect(await orders('漢'.repeat(17))).toEqual([]);
    expect(await skus('x'.repeat(49))).toEqual([]);
    expect(await skus('漢'.repeat(17))).toEqual([]);
  });

  it('searches of the full 100 characters allowed, ASCII or kanji, find the record holding that text', async () => {
    expect(KANJI_100).toHaveLength(100);
    expect(await orders(ASCII_100)).toEqual(['SR-ASCII']);
    expect(await orders(KANJI_100.slice(0, 49))).toEqual(['SR-KANJI', 'SR-KANJI-2']);
    expect(await orders(KANJI_100)).toEqual(['SR-KANJI']);
    expect(await orders(KANJI_100_OTHER)).toEqual(['SR-KANJI-2']);
    expect(await skus(ASCII_100)).toEqual(['SRCH-ASCII']);
    expect(await skus(KANJI_100.slice(0, 49))).toEqual(['SRCH-KANJI', 'SRCH-KANJI-2']);
    expect(await skus(KANJI_100)).toEqual(['SRCH-KANJI']);
    expect(await skus(KANJI_100_OTHER)).toEqual(['SRCH-KANJI-2']);
    // one character off at the end: not a substring any more
    expect(await orders(`${KANJI_100.slice(0, 99)}鉱`)).toEqual([]);
    expect(await skus(`${KANJI_100.slice(0, 99)}鉱`)).toEqual([]);
    // surrounding spaces are trimmed before the limit is checked
    expect(await skus(`  ${KANJI_100}  `)).toEqual(['SRCH-KANJI']);
  });

  it('101 characters is a 400 with the JSON error shape on every list, never a 500', async () => {
    for (const q of [`${ASCII_100}x`, `${KANJI_100}春`]) {
      expect(q).toHaveLength(101);
      for (const path of ['/orders', '/orders/ids', '/skus', '/stock']) {
        const res = await op.api(`${path}?q=${encodeURIComponent(q)}`);
        expect(res.status, `${path} ${q.slice(0, 10)}…`).toBe(400);
        expect((await errorOf(res)).code, path).toEqual(expect.any(String));
      }
    }
  });

  it('ASCII letters match either case, as before; long searches too', async () => {
    expect(await orders(ascii49.toLowerCase())).toEqual(['SR-ASCII']);
    expect(await orders(ASCII_100.toUpperCase())).toEqual(['SR-ASCII']);
    expect(await skus(ascii49.toUpperCase())).toEqual(['SRCH-ASCII']);
    expect(await skus(ASCII_100.toLowerCase())).toEqual(['SRCH-ASCII']);
    expect(await orders('AB_C')).toEqual(['SR-WILD-1']);
    expect(await skus('srch-kanji')).toEqual(['SRCH-KANJI', 'SRCH-KANJI-2']);
  });

  it('% and _ and \\ in the search text match only themselves, short or long', async () => {
    expect(await orders('_')).toEqual(['SR-ASCII', 'SR-WILD-1']);
    expect(await orders('b_c')).toEqual(['SR-WILD-1']);
    expect(await orders('100%')).toEqual(['SR-WILD-1']);
    expect(await orders('%')).toEqual(['SR-ASCII', 'SR-WILD-1']);
    expect(await orders('a%c')).toEqual([]);
    expect(await orders('\\')).toEqual(['SR-ASCII']);
    expect(await orders('% _ \\')).toEqual(['SR-ASCII']);
    // a long search whose wildcards, read as LIKE, would match other text
    expect(await orders(`Long Name _ % \\ ${cycle(ALNUM, 40)}`)).toEqual([]);
    expect(await orders(`Long Name % _ \\ ${cycle(ALNUM, 40)}`)).toEqual(['SR-ASCII']);
    expect(await orders(`Long%Name`)).toEqual([]);
    expect(await orders('%'.repeat(60))).toEqual([]);
    expect(await orders('_'.repeat(60))).toEqual([]);

    expect(await skus('SRCH_W')).toEqual(['SRCH_W1']);
    expect(await skus('100%')).toEqual(['SRCH_W1']);
    expect(await skus('%')).toEqual(['SRCH-ASCII', 'SRCH_W1']);
    expect(await skus('_')).toEqual(['SRCH-ASCII', 'SRCH_W1']);
    expect(await skus('S_CH')).toEqual([]);
    expect(await skus('_'.repeat(60))).toEqual([]);
  });
});
