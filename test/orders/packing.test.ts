import { describe, expect, it } from 'vitest';
import {
  applyScan,
  checkScan,
  CODE_SHAPE,
  emptyCounts,
  isValidJan,
  lineProgress,
  normaliseScan,
  packingPlan,
  replayScans,
  unitsOf,
  type PackingLine,
} from '../../worker/orders/packing';
import { SKU_CODE } from '../../worker/stock/sku-code';

/**
 * 検品 rules (worker/orders/packing.ts): what each scan at the packing bench
 * does, from the order's lines alone, without any I/O.
 */

const line = (sku: string, quantity: number, jan: string | null = null, components: PackingLine['components'] = []): PackingLine => ({ sku, name: `商品 ${sku}`, quantity, jan, components });
const comp = (sku: string, quantity: number, jan: string | null = null) => ({ sku, name: `部品 ${sku}`, jan, quantity });

/** Every result's kind for these scans from nothing. */
const kinds = (lines: PackingLine[], codes: string[]) => replayScans(packingPlan(lines), codes).results.map((r) => r.kind);

describe('a scan against an order', () => {
  const order = [line('PEN-BLK', 2, '4901234567894'), line('NOTE-A5', 1, '49123456')];

  it('counts a right item up by its SKU code or its JAN, and says which line and how many', () => {
    const first = checkScan(order, [], 'PEN-BLK');
    expect(first).toEqual({ kind: 'ok', code: 'PEN-BLK', line: 0, sku: 'PEN-BLK', name: '商品 PEN-BLK', target: 0, count: 1, expected: 2 });
    expect(checkScan(order, ['PEN-BLK'], '4901234567894')).toMatchObject({ kind: 'ok', line: 0, count: 2, expected: 2 });
    expect(checkScan(order, [], '49123456')).toMatchObject({ kind: 'ok', line: 1, sku: 'NOTE-A5', count: 1, expected: 1 });
  });

  it('is complete on the scan that fills the last line, in any order', () => {
    expect(kinds(order, ['49123456', 'PEN-BLK', '4901234567894'])).toEqual(['ok', 'ok', 'complete']);
    const r = replayScans(packingPlan(order), ['PEN-BLK', 'NOTE-A5', 'PEN-BLK']);
    expect(r.complete).toBe(true);
    expect(r.results[2]).toMatchObject({ kind: 'complete', sku: 'PEN-BLK', count: 2, expected: 2 });
  });

  it('stops on one too many, and the extra counts nothing', () => {
    const r = replayScans(packingPlan(order), ['NOTE-A5', 'NOTE-A5', 'PEN-BLK']);
    expect(r.results.map((x) => x.kind)).toEqual(['ok', 'too_many', 'ok']);
    expect(r.results[1]).toMatchObject({ kind: 'too_many', line: 1, sku: 'NOTE-A5', count: 1, expected: 1 });
    expect(r.counts).toEqual([1, 1]);
    // after complete, anything on the order is one too many
    expect(kinds(order, ['PEN-BLK', 'PEN-BLK', 'NOTE-A5', 'PEN-BLK'])).toEqual(['ok', 'ok', 'complete', 'too_many']);
  });

  it('tells an item that is not on the order from a code that cannot be a product code', () => {
    // a real-looking code of another product: a SKU code, or a JAN with a right check digit
    expect(checkScan(order, [], 'PEN-RED')).toEqual({ kind: 'not_on_order', code: 'PEN-RED' });
    expect(checkScan(order, [], '4902102072618')).toEqual({ kind: 'not_on_order', code: '4902102072618' });
    // a mistyped JAN (check digit wrong), characters no code has, nothing at all
    expect(checkScan(order, [], '4901234567895')).toEqual({ kind: 'unknown_code', code: '4901234567895' });
    expect(checkScan(order, [], 'ペン 黒')).toMatchObject({ kind: 'unknown_code' });
    expect(checkScan(order, [], '   ')).toEqual({ kind: 'unknown_code', code: '' });
    expect(checkScan(order, [], 'x'.repeat(65))).toMatchObject({ kind: 'unknown_code' });
  });

  it('matches a SKU code exactly: case and characters count', () => {
    expect(checkScan(order, [], 'pen-blk').kind).toBe('not_on_order');
    expect(checkScan(order, [], 'PEN-BLK2').kind).toBe('not_on_order');
    expect(checkScan(order, [], '490123456789').kind).toBe('not_on_order');
  });

  it('takes what a scanner or a Japanese keyboard types: full-width digits and dashes, spaces and a trailing tab', () => {
    expect(checkScan(order, [], '４９０１２３４５６７８９４').kind).toBe('ok');
    expect(checkScan(order, [], 'ＰＥＮ－ＢＬＫ').kind).toBe('ok');
    expect(checkScan(order, [], 'PENーBLK').kind).toBe('ok');
    expect(checkScan(order, [], ' 4901234567894\t').kind).toBe('ok');
    expect(checkScan(order, [], '\u00024901234567894\r\n').kind).toBe('ok');
    expect(normaliseScan('　４９１２３４５６　')).toBe('49123456');
  });

  it('prefers a SKU code to a JAN, and looks JANs up only for 8 or 13 digits', () => {
    // a numeric SKU code that is also another line's JAN: the code wins
    const lines = [line('4901234567894', 1), line('CUP', 1, '4901234567894')];
    expect(checkScan(lines, [], '4901234567894')).toMatchObject({ kind: 'ok', sku: '4901234567894' });
    // once that line is full, the JAN does not take over
    expect(checkScan(lines, ['4901234567894'], '4901234567894').kind).toBe('too_many');
    // a stored JAN of another length never matches as a JAN
    expect(checkScan([line('ODD', 1, '123456789012')], [], '123456789012').kind).toBe('not_on_order');
  });

  it('fills two lines of the same SKU in line order', () => {
    const lines = [line('A', 1), line('B', 1), line('A', 2)];
    const r = replayScans(packingPlan(lines), ['A', 'A', 'A', 'B', 'A']);
    expect(r.results.map((x) => [x.kind, 'line' in x ? x.line : null])).toEqual([
      ['ok', 0],
      ['ok', 2],
      ['ok', 2],
      ['complete', 1],
      ['too_many', 0],
    ]);
  });
});

describe('sets (セット商品)', () => {
  // a gift set of 2 cups and 1 tea, ordered twice: 4 cups and 2 teas to pack
  const gift = line('GIFT', 2, '4909411000011', [comp('CUP', 4, '4901234567894'), comp('TEA', 2)]);

  it('is checked by its components, each counted against its units for the whole line', () => {
    const plan = packingPlan([gift]);
    expect(plan.targets.map((t) => [t.sku, t.expected, t.component])).toEqual([
      ['CUP', 4, true],
      ['TEA', 2, true],
    ]);
    expect(unitsOf(plan)).toBe(6);
    const r = replayScans(plan, ['CUP', '4901234567894', 'TEA', 'CUP', 'CUP', 'TEA']);
    expect(r.results.map((x) => x.kind)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'complete']);
    expect(r.results[2]).toMatchObject({ line: 0, sku: 'TEA', count: 1, expected: 2 });
  });

  it('shows whole sets on the set line as its components add up', () => {
    const plan = packingPlan([gift]);
    const after = (codes: string[]) => lineProgress(plan, replayScans(plan, codes).counts)[0];
    expect(after([])).toMatchObject({ scanned: 0, expected: 2, state: 'pending' });
    expect(after(['CUP', 'CUP'])).toMatchObject({ scanned: 0, state: 'partial', components: [{ sku: 'CUP', scanned: 2, expected: 4, state: 'partial' }, { sku: 'TEA', scanned: 0, expected: 2, state: 'pending' }] });
    expect(after(['CUP', 'CUP', 'TEA'])).toMatchObject({ scanned: 1, state: 'partial' });
    expect(after(['CUP', 'CUP', 'TEA', 'CUP', 'CUP', 'TEA'])).toMatchObject({ scanned: 2, state: 'done' });
  });

  it('counts one whole set for a scan of the set’s own code or JAN, when every component has room for it', () => {
    const plan = packingPlan([gift]);
    const r = replayScans(plan, ['GIFT', 'CUP', '4909411000011']);
    expect(r.results.map((x) => x.kind)).toEqual(['ok', 'ok', 'too_many']);
    expect(r.results[0]).toMatchObject({ kind: 'ok', sku: 'GIFT', target: null, count: 1, expected: 2 });
    expect(r.counts).toEqual([3, 1]);
    expect(kinds([gift], ['GIFT', '4909411000011'])).toEqual(['ok', 'complete']);
  });

  it('counts a component that is also ordered alone on the first line with room', () => {
    const lines = [line('CUP', 1, '4901234567894'), gift];
    const r = replayScans(packingPlan(lines), ['CUP', 'CUP']);
    expect(r.results.map((x) => ('line' in x ? x.line : null))).toEqual([0, 1]);
  });

  it('records nothing for a component scanned after its units are in', () => {
    expect(kinds([gift], ['TEA', 'TEA', 'TEA'])).toEqual(['ok', 'ok', 'too_many']);
  });
});

describe('the pieces', () => {
  it('checks JAN check digits (EAN-13 and EAN-8)', () => {
    for (const ok of ['4901234567894', '4902102072618', '49123456', '4909411000011']) expect(isValidJan(ok), ok).toBe(true);
    for (const bad of ['4901234567895', '49123457', '490123456789', 'ABCDEFGH', '']) expect(isValidJan(bad), bad).toBe(false);
  });

  it('knows the SKU code shape the SKU master takes', () => {
    expect(CODE_SHAPE.source).toBe(SKU_CODE.source);
  });

  it('leaves the counts it was given alone and starts from zero', () => {
    const plan = packingPlan([line('A', 1)]);
    const counts = emptyCounts(plan);
    const step = applyScan(plan, counts, 'A');
    expect(counts).toEqual([0]);
    expect(step.counts).toEqual([1]);
    expect(step.result.kind).toBe('complete');
  });

  it('treats an order with nothing to check as complete', () => {
    expect(replayScans(packingPlan([]), []).complete).toBe(true);
  });
});
