/** Stored times are UTC ISO strings; responses carry an offset (Z), the UI shows JST. */
export const nowIso = (now: number = Date.now()): string => new Date(now).toISOString();

export const addMinutes = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** "2026-11-26" for the JST calendar day of an instant. */
export const jstDate = (at: number = Date.now()): string =>
  new Date(at + 9 * 3600_000).toISOString().slice(0, 10);
