/**
 * Shopify keeps a Japanese address's prefecture as provinceCode, the ISO
 * 3166-2 code JP-01 … JP-47, and as province, a display name that may be
 * English with macrons ("Hokkaidō", "Tōkyō") or Japanese, depending on how the
 * address was entered. Kura always stores the 都道府県 name, so the code is the
 * source of truth and the name only a fallback.
 * (ISO 3166-2:JP: https://www.iso.org/obp/ui/#iso:code:3166:JP)
 */
export const PREFECTURES: readonly { code: string; ja: string; romaji: string }[] = [
  { code: 'JP-01', ja: '北海道', romaji: 'hokkaido' },
  { code: 'JP-02', ja: '青森県', romaji: 'aomori' },
  { code: 'JP-03', ja: '岩手県', romaji: 'iwate' },
  { code: 'JP-04', ja: '宮城県', romaji: 'miyagi' },
  { code: 'JP-05', ja: '秋田県', romaji: 'akita' },
  { code: 'JP-06', ja: '山形県', romaji: 'yamagata' },
  { code: 'JP-07', ja: '福島県', romaji: 'fukushima' },
  { code: 'JP-08', ja: '茨城県', romaji: 'ibaraki' },
  { code: 'JP-09', ja: '栃木県', romaji: 'tochigi' },
  { code: 'JP-10', ja: '群馬県', romaji: 'gunma' },
  { code: 'JP-11', ja: '埼玉県', romaji: 'saitama' },
  { code: 'JP-12', ja: '千葉県', romaji: 'chiba' },
  { code: 'JP-13', ja: '東京都', romaji: 'tokyo' },
  { code: 'JP-14', ja: '神奈川県', romaji: 'kanagawa' },
  { code: 'JP-15', ja: '新潟県', romaji: 'niigata' },
  { code: 'JP-16', ja: '富山県', romaji: 'toyama' },
  { code: 'JP-17', ja: '石川県', romaji: 'ishikawa' },
  { code: 'JP-18', ja: '福井県', romaji: 'fukui' },
  { code: 'JP-19', ja: '山梨県', romaji: 'yamanashi' },
  { code: 'JP-20', ja: '長野県', romaji: 'nagano' },
  { code: 'JP-21', ja: '岐阜県', romaji: 'gifu' },
  { code: 'JP-22', ja: '静岡県', romaji: 'shizuoka' },
  { code: 'JP-23', ja: '愛知県', romaji: 'aichi' },
  { code: 'JP-24', ja: '三重県', romaji: 'mie' },
  { code: 'JP-25', ja: '滋賀県', romaji: 'shiga' },
  { code: 'JP-26', ja: '京都府', romaji: 'kyoto' },
  { code: 'JP-27', ja: '大阪府', romaji: 'osaka' },
  { code: 'JP-28', ja: '兵庫県', romaji: 'hyogo' },
  { code: 'JP-29', ja: '奈良県', romaji: 'nara' },
  { code: 'JP-30', ja: '和歌山県', romaji: 'wakayama' },
  { code: 'JP-31', ja: '鳥取県', romaji: 'tottori' },
  { code: 'JP-32', ja: '島根県', romaji: 'shimane' },
  { code: 'JP-33', ja: '岡山県', romaji: 'okayama' },
  { code: 'JP-34', ja: '広島県', romaji: 'hiroshima' },
  { code: 'JP-35', ja: '山口県', romaji: 'yamaguchi' },
  { code: 'JP-36', ja: '徳島県', romaji: 'tokushima' },
  { code: 'JP-37', ja: '香川県', romaji: 'kagawa' },
  { code: 'JP-38', ja: '愛媛県', romaji: 'ehime' },
  { code: 'JP-39', ja: '高知県', romaji: 'kochi' },
  { code: 'JP-40', ja: '福岡県', romaji: 'fukuoka' },
  { code: 'JP-41', ja: '佐賀県', romaji: 'saga' },
  { code: 'JP-42', ja: '長崎県', romaji: 'nagasaki' },
  { code: 'JP-43', ja: '熊本県', romaji: 'kumamoto' },
  { code: 'JP-44', ja: '大分県', romaji: 'oita' },
  { code: 'JP-45', ja: '宮崎県', romaji: 'miyazaki' },
  { code: 'JP-46', ja: '鹿児島県', romaji: 'kagoshima' },
  { code: 'JP-47', ja: '沖縄県', romaji: 'okinawa' },
];

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
