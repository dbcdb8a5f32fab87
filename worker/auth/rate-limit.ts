/**
 * A fixed-window counter in D1: one atomic upsert per hit, so concurrent
 * requests are counted exactly. Used for the per-IP login throttle.
 */
export const hitRateLimit = async (d1: D1Database, key: string, limit: number, windowSeconds: number, now = Date.now()) => {
  const windowStart = Math.floor(now / 1000 / windowSeconds) * windowSeconds;
  const row = await d1
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
       ON CONFLICT(key) DO UPDATE SET count = CASE WHEN window_start = ?2 THEN count + 1 ELSE 1 END, window_start = ?2
       RETURNING count`,
    )
    .bind(key, windowStart)
    .first<{ count: number }>();
  const count = row?.count ?? 1;
  return { allowed: count <= limit, retryAfter: windowStart + windowSeconds - Math.floor(now / 1000) };
};

export const purgeRateLimits = (d1: D1Database, now = Date.now()) =>
  d1.prepare('DELETE FROM rate_limits WHERE window_start < ?').bind(Math.floor(now / 1000) - 86_400).run();
