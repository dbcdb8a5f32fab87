/** Sessions and MFA challenges past their end are deleted after a day (kept that long for investigation). */
export const purgeExpiredAuthRows = async (d1: D1Database, now = Date.now()) => {
  const cutoff = new Date(now - 86_400_000).toISOString();
  await d1.batch([
    d1.prepare('DELETE FROM sessions WHERE expires_at < ?1 OR (revoked_at IS NOT NULL AND revoked_at < ?1)').bind(cutoff),
    d1.prepare('DELETE FROM mfa_challenges WHERE expires_at < ?1').bind(cutoff),
  ]);
};
