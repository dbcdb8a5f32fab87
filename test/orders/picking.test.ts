import { describe, expect, it } from 'vitest';
import { missingComponentCodes, pickingLists, type PickingOrderInput, type SkuFacts } from '../../worker/orders/picking';

/**
 * ピッキングリスト layouts (worker/orders/picking.ts): what a picker reads off
 * the printed sheet, from orders and the SKU master, without any I/O.
 */

const order = (id: string, number: string, lines: [string, number, string?][], shipTo = `届け先 ${id}`): PickingOrderInput => ({
  id,
  number,
  externalId: `EXT-${id}`,
  status: 'new',
  shipTo: { name: shipTo },
  lines: lines.map(([sku, quantity, name]) => ({ sku, quantity, name: name ?? null })),
});

const facts = (entries: Record<string, Partial<SkuFacts>>): Map<string, SkuFacts> =>
  new Map(Object.entries(entries).map(([code, f]) => [code, { name: `商品 ${code}`, jan: null, shelfNumber: null, ...f }]));

describe('individual picking (個別)', () => {
  it('lists one block per order, by order number, with ship-to name, store order number and each line’s shelf, JAN, name and quantity', () => {
    const master = facts({ A: { shelfNumber: 'B-01', jan: '4901234567894', name: 'ボールペン 黒' }, B: { shelfNumber: 'A-10' } });
    const { orders } = pickingLists(
      [order('o2', 'K000010', [['A', 2]], '佐藤 花子'), order('o1', 'K000002', [['B', 1], ['A', 3]], '山田 太郎'), order('o3', 'K000009', [['B', 5]])],
      master,
    );
    expect(orders.map((o) => o.number)).toEqual(['K000002', 'K000009', 'K000010']);
    expect(orders[0]).toEqual({
      id: 'o1',
      number: 'K000002',
      externalId: 'EXT-o1',
      status: 'new',
      shipTo: { name: '山田 太郎' },
      // lines stay in the order's own order
      lines: [
        { sku: 'B', jan: null, name: '商品 B', shelfNumber: 'A-10', known: true, quantity: 1, components: [] },
        { sku: 'A', jan: '4901234567894', name: 'ボールペン 黒', shelfNumber: 'B-01', known: true, quantity: 3, components: [] },
      ],
    });
  });

  it('sorts order numbers as numbers, not as text', () => {
    const { orders } = pickingLists([order('a', 'K1000000', [['A', 1]]), order('b', 'K999999', [['A', 1]])], facts({ A: {} }));
    expect(orders.map((o) => o.number)).toEqual(['K999999', 'K1000000']);
  });

  it('keeps a set line as ordered and lists the components to pick for it', () => {
    const master = facts({ GIFT: { components: [{ sku: 'CUP', quantity: 2 }, { sku: 'TEA', quantity: 1 }] }, CUP: { shelfNumber: 'C-1' }, TEA: { shelfNumber: 'T-3', jan: '49012345' } });
    const [o] = pickingLists([order('o1', 'K1', [['GIFT', 3]])], master).orders;
    expect(o.lines).toEqual([
      {
        sku: 'GIFT',
        jan: null,
        name: '商品 GIFT',
        shelfNumber: null,
        known: true,
        quantity: 3,
        components: [
          { sku: 'CUP', jan: null, name: '商品 CUP', shelfNumber: 'C-1', known: true, quantity: 6 },
          { sku: 'TEA', jan: '49012345', name: '商品 TEA', shelfNumber: 'T-3', known: true, quantity: 3 },
        ],
      },
    ]);
  });
});

describe('total picking (トータル)', () => {
  it('sums each SKU across orders and counts the orders that need it', () => {
    const master = facts({ A: { shelfNumber: '01-01' }, B: { shelfNumber: '01-02' } });
    const { totals } = pickingLists([order('o1', 'K1', [['A', 2], ['B', 1]]), order('o2', 'K2', [['A', 3]]), order('o3', 'K3', [['A', 1], ['A', 4]])], master);
    expect(totals).toEqual([
      { sku: 'A', jan: null, name: '商品 A', shelfNumber: '01-01', known: true, quantity: 10, orderCount: 3 },
      { sku: 'B', jan: null, name: '商品 B', shelfNumber: '01-02', known: true, quantity: 1, orderCount: 1 },
    ]);
  });

  it('sorts by shelf number in natural order, then by SKU, and puts SKUs without a shelf number last', () => {
    const master = facts({
      Z: { shelfNumber: 'A-2' },
      Y: { shelfNumber: 'A-10' },
      X: { shelfNumber: 'A-2' },
      NOSHELF2: { shelfNumber: null },
      NOSHELF1: { shelfNumber: '  ' },
      W: { shelfNumber: 'B-1' },
    });
    const { totals } = pickingLists([order('o1', 'K1', [['NOSHELF2', 1], ['Y', 1], ['W', 1], ['Z', 1], ['NOSHELF1', 1], ['X', 1]])], master);
    expect(totals.map((r) => [r.shelfNumber, r.sku])).toEqual([
      ['A-2', 'X'],
      ['A-2', 'Z'],
      ['A-10', 'Y'],
      ['B-1', 'W'],
      [null, 'NOSHELF1'],
      [null, 'NOSHELF2'],
    ]);
  });

  it('explodes sets into their components, adding to the same SKU sold on its own, and never lists the set itself', () => {
    const master = facts({
      GIFT: { components: [{ sku: 'CUP', quantity: 2 }, { sku: 'TEA', quantity: 1 }] },
      DUO: { components: [{ sku: 'CUP', quantity: 1 }] },
      CUP: { shelfNumber: 'C-1', jan: '4901234567894' },
      TEA: { shelfNumber: 'T-3' },
    });
    const { totals } = pickingLists([order('o1', 'K1', [['GIFT', 3]]), order('o2', 'K2', [['CUP', 1], ['DUO', 2]]), order('o3', 'K3', [['TEA', 1]])], master);
    expect(totals).toEqual([
      { sku: 'CUP', jan: '4901234567894', name: '商品 CUP', shelfNumber: 'C-1', known: true, quantity: 3 * 2 + 1 + 2, orderCount: 2 },
      { sku: 'TEA', jan: null, name: '商品 TEA', shelfNumber: 'T-3', known: true, quantity: 3 + 1, orderCount: 2 },
    ]);
  });

  it('keeps an unknown SKU with its code and the name its order line gives, at the end (it has no shelf)', () => {
    const master = facts({ A: { shelfNumber: 'S-1' } });
    const { totals, orders } = pickingLists([order('o1', 'K1', [['GONE-1', 2, '廃番の商品'], ['A', 1]]), order('o2', 'K2', [['GONE-1', 1]])], master);
    expect(totals).toEqual([
      { sku: 'A', jan: null, name: '商品 A', shelfNumber: 'S-1', known: true, quantity: 1, orderCount: 1 },
      { sku: 'GONE-1', jan: null, name: '廃番の商品', shelfNumber: null, known: false, quantity: 3, orderCount: 2 },
    ]);
    expect(orders[1].lines).toEqual([{ sku: 'GONE-1', jan: null, name: null, shelfNumber: null, known: false, quantity: 1, components: [] }]);
  });

  it('keeps a set’s component that the master does not know with its code', () => {
    const master = facts({ SET: { components: [{ sku: 'LOST', quantity: 2 }] } });
    expect(pickingLists([order('o1', 'K1', [['SET', 1]])], master).totals).toEqual([{ sku: 'LOST', jan: null, name: null, shelfNumber: null, known: false, quantity: 2, orderCount: 1 }]);
    expect(missingComponentCodes(master)).toEqual(['LOST']);
  });

  it('answers empty layouts for no orders', () => {
    expect(pickingLists([], facts({}))).toEqual({ orders: [], totals: [] });
  });
});
