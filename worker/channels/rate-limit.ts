/**
 * The per-(account, channel) limiter and retry policy, pure so the ChannelSync
 * DO, the tests and the resync benchmark (simulated time) share one rule.
 */
import type { PushLimits } from './adapter';

export interface Bucket {
  tokens: number;
  /** ms since epoch of the last refill */
  at: number;
}

export const fullBucket = (limits: PushLimits, now: number): Bucket => ({ tokens: limits.burst, at: now });

/**
 * Takes one call's token: answers the bucket after the call, or how long to
 * wait before a token is there (the bucket refills at callsPerSecond up to burst).
 */
export const takeToken = (b: Bucket, limits: PushLimits, now: number): { ok: true; bucket: Bucket } | { ok: false; waitMs: number; bucket: Bucket } => {
  const refilled = Math.min(limits.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * limits.callsPerSecond);
  const bucket = { tokens: refilled, at: now };
  if (refilled >= 1) return { ok: true, bucket: { tokens: refilled - 1, at: now } };
  return { ok: false, waitMs: Math.ceil(((1 - refilled) / limits.callsPerSecond) * 1000), bucket };
};

/** Retries before an item goes to the dead-letter list. */
export const MAX_ATTEMPTS = 6;

/**
 * Exponential backoff after a retryable failure (429, 5xx, timeout): 1, 2, 4 … s
 * (from `baseMs`) capped at 5 minutes, never sooner than the mall's Retry-After.
 */
export const backoffMs = (failures: number, retryAfterSeconds?: number, baseMs = 1000): number =>
  Math.max((retryAfterSeconds ?? 0) * 1000, Math.min(300_000, baseMs * 2 ** Math.max(0, failures - 1)));

/** The fastest a full resync of n items can go under the limits (the benchmark's floor). */
export const resyncFloorMs = (n: number, limits: PushLimits): number => {
  const calls = Math.ceil(n / limits.maxItemsPerCall);
  return Math.max(0, ((calls - limits.burst) / limits.callsPerSecond) * 1000);
};
