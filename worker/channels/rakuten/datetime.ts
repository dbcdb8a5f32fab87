/**
 * RMS speaks Japan time with a bare offset: "2017-10-14T00:00:00+0900"
 * (searchOrder startDatetime/endDatetime, getOrder orderDatetime). Anything else
 * (ISO "Z", "+09:00") is refused with ORDER_EXT_API_SEARCH_ORDER_ERROR_011.
 */

const JST_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The JST wall clock of an instant, as UTC fields of a shifted Date. */
const jst = (d: Date): Date => new Date(d.getTime() + JST_MS);

/** "yyyy-MM-ddTHH:mm:ss+0900", seconds truncated. */
export const formatRmsDatetime = (d: Date): string => {
  const j = jst(d);
  return `${j.getUTCFullYear()}-${pad(j.getUTCMonth() + 1)}-${pad(j.getUTCDate())}T${pad(j.getUTCHours())}:${pad(j.getUTCMinutes())}:${pad(j.getUTCSeconds())}+0900`;
};

/** The JST calendar date of an instant, "YYYY-MM-DD" (updateOrderShipping shippingDate). */
export const jstDate = (d: Date): string => {
  const j = jst(d);
  return `${j.getUTCFullYear()}-${pad(j.getUTCMonth() + 1)}-${pad(j.getUTCDate())}`;
};

/**
 * Reads RMS datetimes ("…+0900", "…+09:00", "…Z") without relying on
 * Date.parse accepting an offset without a colon (not guaranteed by the spec).
 */
export const parseRmsDatetime = (s: string | null | undefined): Date | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):?(\d{2}))$/.exec((s ?? '').trim());
  if (!m) return null;
  const utc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const offset = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (+m[9] * 60 + +m[10]) * 60_000;
  return new Date(utc - offset);
};

export interface SearchRange {
  /** inclusive, whole seconds */
  start: Date;
  /** inclusive, whole seconds */
  end: Date;
}

const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/**
 * The pull window [since, until) as inclusive, second-granular searchOrder
 * ranges of at most `maxDays` each (RMS: endDatetime within 63 days of
 * startDatetime; we default to 62 for a margin, since the docs do not say
 * whether 63 counts calendar days or 24-hour days).
 */
export const searchRanges = (since: Date, until: Date, maxDays = 62): SearchRange[] => {
  const start = floorSecond(since.getTime());
  const end = floorSecond(until.getTime() - 1);
  const span = maxDays * DAY_MS;
  const out: SearchRange[] = [];
  for (let s = start; s <= end; s += span + 1000) {
    out.push({ start: new Date(s), end: new Date(Math.min(s + span, end)) });
  }
  return out;
};

/** Halves a range (for the searchOrder 15,000-result cap); null when it is one second already. */
export const bisect = (r: SearchRange): [SearchRange, SearchRange] | null => {
  const a = r.start.getTime();
  const b = r.end.getTime();
  if (b - a < 1000) return null;
  const mid = floorSecond(a + (b - a) / 2);
  return [
    { start: r.start, end: new Date(mid) },
    { start: new Date(mid + 1000), end: r.end },
  ];
};

export const daysBefore = (d: Date, days: number): Date => new Date(d.getTime() - days * DAY_MS);
