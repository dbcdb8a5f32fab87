/** JST (UTC+9, no daylight saving) calendar days, for date filters and periods. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isDate = (s: string | null | undefined): s is string => !!s && DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00+09:00`));

/** 00:00:00.000 JST of that day, as a UTC ISO string. */
export const jstDayStart = (date: string): string => new Date(`${date}T00:00:00.000+09:00`).toISOString();

/** 23:59:59.999 JST of that day, as a UTC ISO string. */
export const jstDayEnd = (date: string): string => new Date(`${date}T23:59:59.999+09:00`).toISOString();

/** Today in JST, YYYY-MM-DD. */
export const jstToday = (now = Date.now()): string => new Date(now + 9 * 3600_000).toISOString().slice(0, 10);
