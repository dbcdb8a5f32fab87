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

export type NextStep =
  | { kind: 'idle' }
  | { kind: 'wait'; until: number; bucket: Bucket }
  | { kind: 'call'; items: number; bucket: Bucket };

/**
 * The push queue's one decision, pure: with `pending` items waiting, a bucket
 * and a backoff, call now (how many items) or wait (until when). The ChannelSync
 * DO runs it against the clock; the resync benchmark against simulated time.
 */
export const nextStep = (pending: number, bucket: Bucket, backoffUntil: number, limits: PushLimits, now: number): NextStep => {
  if (pending <= 0) return { kind: 'idle' };
  if (backoffUntil > now) return { kind: 'wait', until: backoffUntil, bucket };
  const t = takeToken(bucket, limits, now);
  if (!t.ok) return { kind: 'wait', until: now + t.waitMs, bucket: t.bucket };
  return { kind: 'call', items: Math.min(pending, limits.maxItemsPerCall), bucket: t.bucket };
};

/**
 * The push queue's timing in simulated time (the resync benchmark): `n` items,
 * each call taking `latencyMs`, decided by nextStep exactly as the ChannelSync
 * DO's loop does (calls overlap up to maxInFlight; with a slot free the next
 * event is the bucket's next token, else the first call to finish).
 */
export const simulatePush = (n: number, limits: PushLimits, latencyMs: number): { ms: number; calls: number } => {
  const maxInFlight = Math.max(1, limits.maxInFlight ?? 1);
  let now = 0;
  let pending = n;
  let bucket = fullBucket(limits, 0);
  let calls = 0;
  const running: { end: number; items: number }[] = [];
  for (;;) {
    const busy = running.reduce((s, r) => s + r.items, 0);
    const step = nextStep(pending - busy, bucket, 0, limits, now);
    if (step.kind === 'call' && running.length < maxInFlight) {
      bucket = step.bucket;
      running.push({ end: now + latencyMs, items: step.items });
      calls++;
      continue;
    }
    if (!running.length) {
      if (step.kind === 'idle') return { ms: now, calls };
      bucket = step.bucket;
      now = (step as { until: number }).until;
      continue;
    }
    const firstEnd = Math.min(...running.map((r) => r.end));
    now = step.kind === 'wait' && running.length < maxInFlight ? Math.min(firstEnd, step.until) : firstEnd;
    if (step.kind === 'wait') bucket = step.bucket;
    for (let i = running.length - 1; i >= 0; i--) {
      if (running[i].end <= now) {
        pending -= running[i].items;
        running.splice(i, 1);
      }
    }
  }
};
