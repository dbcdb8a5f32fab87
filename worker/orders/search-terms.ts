import { halfWidth } from '../lib/japanese-input';

/**
 * What the order search looks for, from what the operator typed: the text
 * width-folded, lower-cased and without spaces (山田 太郎 finds 山田太郎 and
 * 山田　太郎), and the digits alone when it looks like a phone number
 * (０９０－１２３４ finds 090-1234-5678). Pure, so the rules are tested apart
 * from SQL.
 */
export interface OrderSearchTerms {
  /** as typed, trimmed: order and store order numbers are compared exactly */
  exact: string;
  /** width-folded, lower-case, no spaces: names, e-mail, SKU and product name */
  compact: string;
  /** the digits, when the text is a phone-like run of 4+ digits (with dashes, spaces, brackets) */
  digits: string | null;
}

export const orderSearchTerms = (typed: string): OrderSearchTerms => {
  const folded = halfWidth(typed).trim();
  const compact = folded.replace(/\s+/g, '').toLowerCase();
  const phoneLike = /^\+?[\d\s()-]+$/.test(folded) ? folded.replace(/\D/g, '') : '';
  return { exact: typed.trim(), compact, digits: phoneLike.length >= 4 ? phoneLike : null };
};
