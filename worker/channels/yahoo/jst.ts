/**
 * Yahoo! Shopping speaks Japan Standard Time without saying so in most fields:
 * orderList conditions are "YYYYMMDDHH24MISS", OrderTime is documented as
 * "YYYY-MM-DDTHH24:MI:SS（日本標準時）" (the samples also show
 * "2018-12-07T01:27:04+09:00" and "20121221231350"), ShipDate is "YYYYMMDD".
 * JST has no daylight saving, so a fixed +9 h is exact.
 */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** "2025-01-02T03:04:05" in JST. */
const jstIso = (d: Date): string => new Date(d.getTime() + JST_OFFSET_MS).toISOString().slice(0, 19);

/** YYYYMMDDHH24MISS, for orderList conditions (OrderTimeFrom / OrderTimeTo). */
export const jstCompact = (d: Date): string => jstIso(d).replace(/[-T:]/g, '');

/** YYYYMMDD, for ShipDate. */
export const jstDateCompact = (d: Date): string => jstIso(d).slice(0, 10).replace(/-/g, '');

/** "YYYY-MM-DDTHH:MM:SS+09:00", the form of LastUpdateTime. */
export const jstWithOffset = (d: Date): string => `${jstIso(d)}+09:00`;

/** Any of the mall's timestamp forms → Date (invalid → null). A time without an offset is JST. */
export const parseYahooTime = (value: string | undefined): Date | null => {
  const v = (value ?? '').trim();
  if (!v) return null;
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  const iso = compact ? `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4]}:${compact[5]}:${compact[6]}+09:00` : /[+-]\d{2}:?\d{2}$|Z$/.test(v) ? v : `${v.replace(' ', 'T')}+09:00`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t);
};

/** YYYY-MM-DD from "YYYY-MM-DD" or "YYYYMMDD" (ShipRequestDate comes in both forms across the pages). */
export const yahooDate = (value: string | undefined): string | undefined => {
  const v = (value ?? '').trim();
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
};
