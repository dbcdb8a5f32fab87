import type { Locale } from '../i18n';

/** Times are stored in UTC and always shown in JST (Asia/Tokyo). */
export const formatJst = (iso: string | null | undefined, locale: Locale = 'ja'): string => {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ja-JP', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d) + ' JST';
};

/** Integer yen, e.g. ¥1,280. */
export const formatYen = (yen: number): string => new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' }).format(yen);
