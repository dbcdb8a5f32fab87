import { describe, expect, it } from 'vitest';
import { checkMerge, codOf, combineParcel, MAX_GROUP_SIZE, mergeKey, proposeMerges, type MergeCandidate } from '../../worker/orders/merge';

let n = 0;
/** An open, reserved order of 山田 太郎 in 札幌 (change what a test is about). */
const order = (o: Partial<MergeCandidate> = {}): MergeCandidate => {
  n++;
  return {
    id: `O${String(n).padStart(4, '0')}`,
    number: `K${String(n).padStart(6, '0')}`,
    channelId: 'ch-rakuten',
    externalId: `EXT-${n}`,
    status: 'new',
    orderedAt: `2026-12-01T0${n % 10}:00:00.000Z`,
    customerName: '山田 太郎',
    shipName: '山田 太郎',
    postalCode: '060-0001',
    prefecture: '北海道',
    city: '札幌市中央区',
    address1: '北1条西2-1',
    address2: 'サンプルビル 3F',
    shipPhone: '011-123-4567',
    paymentMethod: 'credit_card',
    paid: true,
    total: 3000,
    carrier: null,
    desiredDate: null,
    timeSlot: null,
    reserved: true,
    stockWarning: false,
    mergeParentId: null,
    partiallyShipped: false,
    ...o,
  };
};

const codes = (c: { problems: { code: string; orderId: string }[] }) => c.problems.map((p) => p.code);

describe('the merge key: one person at one address, however it was typed', () => {
  it('is the same for full-width digits, other dashes, spaces and a phone with or without hyphens', () => {
    const a = order();
    const b = order({ address1: '北１条西２－１', address2: 'サンプルビル３Ｆ', postalCode: '０６００００１', shipPhone: '0111234567', customerName: '山田　太郎', shipName: '山田太郎' });
    expect(mergeKey(b)).toBe(mergeKey(a));
  });

  it('differs for another address, postal code, phone, recipient or customer', () => {
    const a = order();
    for (const other of [
      { address1: '北1条西3-1' },
      { address2: null },
      { postalCode: '060-0002' },
      { shipPhone: '011-123-4568' },
      { shipName: '山田 花子' },
      { customerName: '鈴木 一郎' },
      { city: '札幌市北区' },
    ]) {
      expect(mergeKey(order(other)), JSON.stringify(other)).not.toBe(mergeKey(a));
    }
  });
});

describe('which orders may ship as one parcel', () => {
  it('merges open orders of one person, one carrier or none, all paid by card', () => {
    const parent = order({ status: 'ready_to_ship', carrier: 'yamato' });
    const r = checkMerge(parent, [order({ status: 'new' }), order({ status: 'on_hold', carrier: 'yamato' }), order({ status: 'awaiting_payment', paymentMethod: 'bank_transfer', paid: false })]);
    expect(r).toMatchObject({ ok: true, problems: [], cod: null });
  });

  it('refuses another address, naming the order', () => {
    const parent = order();
    const other = order({ address1: '北1条西9-9' });
    const r = checkMerge(parent, [other]);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ orderId: other.id, number: other.number, code: 'different_address' })]);
  });

  it('refuses two different carriers, also against a child already in the parcel', () => {
    expect(codes(checkMerge(order({ carrier: 'yamato' }), [order({ carrier: 'sagawa' })]))).toEqual(['carrier_differs']);
    expect(codes(checkMerge(order(), [order({ carrier: 'sagawa' })], [order({ carrier: 'yamato', status: 'merged', mergeParentId: 'P' })]))).toEqual(['carrier_differs']);
    expect(codes(checkMerge(order(), [order({ carrier: 'yamato' }), order({ carrier: 'japanpost' })]))).toEqual(['carrier_differs']);
  });

  it('refuses a child whose stock is not reserved (在庫警告), and any order not open or already merged', () => {
    expect(codes(checkMerge(order(), [order({ status: 'awaiting_stock', reserved: false, stockWarning: true })]))).toEqual(['not_reserved']);
    expect(codes(checkMerge(order(), [order({ status: 'shipped' })]))).toEqual(['not_open']);
    expect(codes(checkMerge(order(), [order({ status: 'cancelled', reserved: false })]))).toEqual(['not_open', 'not_reserved']);
    expect(codes(checkMerge(order(), [order({ status: 'merged', mergeParentId: 'X' })]))).toEqual(['already_merged']);
    expect(codes(checkMerge(order({ status: 'merged', mergeParentId: 'X' }), [order()]))).toEqual(['already_merged']);
    expect(codes(checkMerge(order({ status: 'shipped' }), [order()]))).toEqual(['not_open']);
  });

  it('lets an order waiting for stock be the parent (its stock is checked when it ships)', () => {
    expect(checkMerge(order({ status: 'awaiting_stock', reserved: false, stockWarning: true }), [order()]).ok).toBe(true);
  });

  it('refuses an order that has already shipped in part, and the same order twice', () => {
    const p = order();
    const c = order({ partiallyShipped: true });
    expect(codes(checkMerge(p, [c]))).toEqual(['partially_shipped']);
    expect(codes(checkMerge(order({ partiallyShipped: true }), [order()]))).toEqual(['partially_shipped']);
    const twice = order();
    expect(codes(checkMerge(p, [twice, twice]))).toEqual(['same_order']);
    expect(codes(checkMerge(p, [p]))).toEqual(['same_order']);
  });

  it(`puts at most ${MAX_GROUP_SIZE} orders in one parcel`, () => {
    const kids = Array.from({ length: MAX_GROUP_SIZE }, () => order());
    expect(codes(checkMerge(order(), kids))).toEqual(['too_many']);
    expect(checkMerge(order(), kids.slice(1)).ok).toBe(true);
  });

  it('代引: all cash on delivery or none; the carrier then collects the sum, and says so', () => {
    const mixed = checkMerge(order({ paymentMethod: 'cod', paid: false, total: 3000 }), [order({ paymentMethod: 'credit_card' })]);
    expect(codes(mixed)).toEqual(['payment_mixed']);
    const all = checkMerge(order({ paymentMethod: 'cod', paid: false, total: 3000 }), [order({ paymentMethod: 'cod', paid: false, total: 1980 })], [order({ paymentMethod: 'cod', paid: false, total: 500, status: 'merged', mergeParentId: 'P' })]);
    expect(all).toMatchObject({ ok: true, cod: { amount: 5480, orders: 3, summed: true } });
    expect(codOf([order({ paymentMethod: 'cod', paid: false, total: 1200 })])).toEqual({ amount: 1200, orders: 1, summed: false });
    // a cash-on-delivery order already paid collects nothing
    expect(codOf([order({ paymentMethod: 'cod', paid: true })])).toBeNull();
  });

  it('warns, without refusing, when a child asks for another delivery date or time', () => {
    const child = order({ desiredDate: '2026-12-24', timeSlot: '14-16' });
    const r = checkMerge(order(), [child]);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ orderId: child.id, code: 'delivery_wish_differs' })]);
  });
});

describe('同梱候補: the proposal', () => {
  it('groups two orders of one customer and address, leaves out a third at another address and a lone order', () => {
    const a = order({ orderedAt: '2026-12-01T01:00:00.000Z' });
    const b = order({ orderedAt: '2026-12-01T02:00:00.000Z', address1: '北１条西２－１' });
    const c = order({ orderedAt: '2026-12-01T03:00:00.000Z', address1: '南1条西1-1' });
    const lone = order({ customerName: '佐藤 花子', shipName: '佐藤 花子' });
    const groups = proposeMerges([c, b, lone, a]);
    expect(groups).toHaveLength(1);
    expect(groups[0].parentId).toBe(a.id);
    expect(groups[0].orders.map((o) => o.id)).toEqual([a.id, b.id]);
    expect(groups[0].check.ok).toBe(true);
  });

  it('leaves out orders that cannot join: closed, merged children, shipped in part', () => {
    const a = order();
    const groups = proposeMerges([a, order({ status: 'shipped' }), order({ status: 'cancelled' }), order({ status: 'merged', mergeParentId: a.id }), order({ partiallyShipped: true, status: 'ready_to_ship' })]);
    expect(groups).toEqual([]);
  });

  it('suggests an existing parent, else an order that cannot be a child (no stock), else the oldest', () => {
    const old = order({ orderedAt: '2026-11-01T00:00:00.000Z' });
    const parent = order({ orderedAt: '2026-11-05T00:00:00.000Z' });
    const kid = order({ status: 'merged', mergeParentId: parent.id });
    expect(proposeMerges([old, parent], (id) => (id === parent.id ? [kid] : []))[0]).toMatchObject({ parentId: parent.id, existingChildIds: [kid.id] });
    const waiting = order({ orderedAt: '2026-11-09T00:00:00.000Z', status: 'awaiting_stock', reserved: false, stockWarning: true });
    const g = proposeMerges([old, waiting])[0];
    expect(g.parentId).toBe(waiting.id);
    expect(g.check.ok).toBe(true);
    expect(proposeMerges([parent, old])[0].parentId).toBe(old.id);
  });

  it('lists a group that cannot merge with its reasons, and the oldest groups first', () => {
    const x1 = order({ orderedAt: '2026-12-05T00:00:00.000Z', customerName: 'X', shipName: 'X', carrier: 'yamato' });
    const x2 = order({ orderedAt: '2026-12-06T00:00:00.000Z', customerName: 'X', shipName: 'X', carrier: 'sagawa' });
    const y1 = order({ orderedAt: '2026-12-01T00:00:00.000Z', customerName: 'Y', shipName: 'Y' });
    const y2 = order({ orderedAt: '2026-12-09T00:00:00.000Z', customerName: 'Y', shipName: 'Y' });
    const groups = proposeMerges([x1, x2, y1, y2]);
    expect(groups.map((g) => g.parentId)).toEqual([y1.id, x1.id]);
    expect(groups[1].check).toMatchObject({ ok: false, problems: [expect.objectContaining({ orderId: x2.id, code: 'carrier_differs' })] });
  });
});

describe('one parcel’s document', () => {
  const doc = (number: string, externalId: string, total: number, lines: { lineNo: number; sku: string; quantity: number }[]) => ({
    number,
    externalId,
    payment: { method: 'cod', paid: false },
    totals: { items: total - 500, shipping: 500, fees: 0, discount: 0, points: 0, tax: Math.floor(total / 11), total },
    lines,
  });

  it('has every order’s lines (numbered afresh), every store order number and the totals added up', () => {
    const p = doc('K000001', '楽天-1', 3000, [{ lineNo: 1, sku: 'A', quantity: 1 }]);
    const c = doc('K000002', 'Y-9', 2000, [{ lineNo: 1, sku: 'B', quantity: 2 }, { lineNo: 2, sku: 'C', quantity: 1 }]);
    const parcel = combineParcel(p, [c]);
    expect(parcel.number).toBe('K000001');
    expect(parcel.externalId).toBe('楽天-1 / Y-9');
    expect(parcel.totals).toEqual({ items: 4000, shipping: 1000, fees: 0, discount: 0, points: 0, tax: 272 + 181, total: 5000 });
    expect(parcel.lines).toEqual([
      { lineNo: 1, sku: 'A', quantity: 1 },
      { lineNo: 2, sku: 'B', quantity: 2 },
      { lineNo: 3, sku: 'C', quantity: 1 },
    ]);
    expect(parcel.payment).toEqual(p.payment);
    expect(combineParcel(p, [c], { allNumbers: true }).number).toBe('K000001 / K000002');
    expect(combineParcel(p, [])).toBe(p);
  });
});
