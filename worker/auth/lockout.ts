/**
 * Account lock rules (pure): after `threshold` consecutive failures the user is
 * locked for `minutes`, or until an admin unlocks them. The counting itself is
 * one atomic UPDATE … RETURNING in D1 (see login.ts), so concurrent attempts
 * are counted exactly.
 */
export const isLocked = (lockedUntil: string | null, now: number): boolean =>
  lockedUntil !== null && Date.parse(lockedUntil) > now;

export const lockUntil = (now: number, minutes: number): string => new Date(now + minutes * 60_000).toISOString();
