import { describe, expect, it } from 'vitest';
import { halfWidth, normalisePhone, normalisePostalCode, normaliseText } from '../../worker/lib/japanese-input';

describe('Japanese input made uniform', () => {
  it.each([
    ['０３－１２３４－５６７８', '03-1234-5678'],
    ['０３ー１２３４ー５６７８', '03-1234-5678'],
    ['03−1234−5678', '03-1234-5678'],
    ['(03) 1234 5678', '03-1234-5678'],
    ['０９０‐１２３４‐５６７８', '090-1234-5678'],
    ['09012345678', '09012345678'],
    ['+81 3 1234 5678', '+81-3-1234-5678'],
  ])('phone %s → %s', (raw, want) => expect(normalisePhone(raw)).toBe(want));

  it.each([
    ['〒１００－０００１', '100-0001'],
    ['１０００００１', '100-0001'],
    ['100 0001', '100-0001'],
    ['〒060ー0001', '060-0001'],
    [' 100-0001 ', '100-0001'],
    ['１２３', '123'],
  ])('postal code %s → %s', (raw, want) => expect(normalisePostalCode(raw)).toBe(want));

  it('folds widths in text and keeps Japanese as it is', () => {
    expect(normaliseText('  山田　太郎  ')).toBe('山田 太郎');
    expect(normaliseText('ｻﾝﾌﾟﾙﾋﾞﾙ ３Ｆ')).toBe('サンプルビル 3F');
    expect(halfWidth('ＡＢＣ－１')).toBe('ABC-1');
  });
});
