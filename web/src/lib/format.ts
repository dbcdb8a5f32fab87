import type { Locale } from '../i18n';

/**
 * Times are stored in UTC and always shown in JST (Asia/Tokyo): 2026/12/08
 * 14:05:09 JST in Japanese, 2026-12-08 14:05:09 JST in English (never the
 * DD/MM/YYYY that en-GB would give, nor the US month-first order).
 */
export const formatJst = (iso: string | null | undefined, locale: Locale = 'ja'): string => {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const sep = locale === 'en' ? '-' : '/';
  return `${parts.year}${sep}${parts.month}${sep}${parts.day} ${parts.hour}:${parts.minute}:${parts.second} JST`;
};

/** Integer yen, e.g. ¥1,280. */
export const formatYen = (yen: number): string => new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' }).format(yen);
