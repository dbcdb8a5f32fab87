/**
 * Shopify keeps a Japanese address's prefecture as provinceCode, the ISO
 * 3166-2 code JP-01 … JP-47, and as province, a display name that may be
 * English with macrons ("Hokkaidō", "Tōkyō") or Japanese, depending on how the
 * address was entered. Kura always stores the 都道府県 name, so the code is the
 * source of truth and the name only a fallback.
 * (ISO 3166-2:JP: https://www.iso.org/obp/ui/#iso:code:3166:JP)
 */
import { PREFECTURES } from '../../address/prefectures';

export { PREFECTURES };

const BY_CODE = new Map(PREFECTURES.map((p) => [p.code, p.ja]));

/** "Hokkaidō" / "HOKKAIDO" / "Tokyo-to" / "Osaka Prefecture" → "hokkaido", "tokyo", "osaka" */
const romanKey = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ou/g, 'o')
    .replace(/\s*(prefecture|pref\.?)$/, '')
    .replace(/-(to|fu|ken|do)$/, '')
    .replace(/[^a-z]/g, '');

/** 東京都 → 東京, 京都府 → 京都: a table name without its 都道府県 suffix. */
const jaKey = (s: string) => s.replace(/(都|道|府|県)$/, '');

/**
 * The 都道府県 for a Shopify address: by provinceCode (JP-13 → 東京都), else
 * by the province name in Japanese or romaji, else the province as given
 * (never dropped: the order then shows what the buyer typed).
 */
export const prefectureName = (provinceCode: string | null | undefined, province: string | null | undefined): string => {
  const code = provinceCode?.trim().toUpperCase();
  if (code) {
    const byCode = BY_CODE.get(code) ?? BY_CODE.get(`JP-${code.replace(/^JP-?/, '').padStart(2, '0')}`);
    if (byCode) return byCode;
  }
  const name = province?.trim() ?? '';
  if (!name) return '';
  // The suffix is stripped from the table's name only: 京都 must find 京都府, not lose its 都.
  const plain = name.normalize('NFKC');
  const ja = PREFECTURES.find((p) => p.ja === plain) ?? PREFECTURES.find((p) => jaKey(p.ja) === plain);
  if (ja) return ja.ja;
  const key = romanKey(name);
  const roman = PREFECTURES.find((p) => p.romaji.replace(/ou/g, 'o') === key);
  return roman ? roman.ja : name;
};
