/**
 * Session lifetime rules (pure). Operators work in Kura all day, so the idle
 * timeout is an hour of inactivity and the absolute limit one working day.
 */
export const SESSION_IDLE_MINUTES = 60;
export const SESSION_ABSOLUTE_HOURS = 12;
/** lastSeenAt is refreshed at most this often, so reads do not each cost a write. */
export const TOUCH_INTERVAL_MS = 60_000;

export interface SessionTimes {
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export type SessionState = 'valid' | 'revoked' | 'idle_timeout' | 'expired';

export const sessionState = (s: SessionTimes, now: number): SessionState => {
  if (s.revokedAt) return 'revoked';
  if (now >= Date.parse(s.expiresAt)) return 'expired';
  if (now - Date.parse(s.lastSeenAt) >= SESSION_IDLE_MINUTES * 60_000) return 'idle_timeout';
  return 'valid';
};

export const absoluteExpiry = (createdAt: number) => new Date(createdAt + SESSION_ABSOLUTE_HOURS * 3600_000).toISOString();

export const needsTouch = (lastSeenAt: string, now: number) => now - Date.parse(lastSeenAt) >= TOUCH_INTERVAL_MS;
