/**
 * What Japanese shop staff type, made uniform: full-width digits, letters,
 * hyphens and spaces (０３－１２３４, 〒１００－０００１) become half-width.
 * Unicode NFKC does the width folding; it leaves the dash look-alikes alone
 * (ー U+30FC, − U+2212, ‐ U+2010, – —, ― and the half-width ｰ), which typists
 * and IMEs put between digits, so those are mapped here. No library needed:
 * encoding-japanese's toHankakuCase does the same width folding as NFKC and
 * knows no more dashes.
 */
const DASHES = /[\u2010-\u2015\u2212\u30FC\uFF70\uFE63\uFF0D\u2E3A\u2E3B]/g;

/** Width-folded text, with every dash look-alike a plain hyphen-minus. */
export const halfWidth = (s: string): string => s.normalize('NFKC').replace(DASHES, '-');

/**
 * A postal code as 100-0001 when it has seven digits (with or without 〒,
 * spaces or a hyphen in any width); anything else is returned trimmed and
 * width-folded so validation can name it.
 */
export const normalisePostalCode = (raw: string): string => {
  const s = halfWidth(raw).replace(/[〒\s]/g, '');
  const digits = s.replace(/-/g, '');
  return /^\d{7}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3)}` : s;
};

/** A phone number half-width, hyphens kept where the typist put them, spaces and brackets as hyphens. */
export const normalisePhone = (raw: string): string =>
  halfWidth(raw)
    .trim()
    .replace(/[()\s]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');

/** Free text (names, addresses): width-folded ASCII and half-width kana made full-width, spaces collapsed. */
export const normaliseText = (raw: string): string => raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
