import type { Env } from '../env';
import { purgeAccessLogs } from '../logs/service';
import { purgeRateLimits } from '../auth/rate-limit';
import { purgeExpiredAuthRows } from '../auth/cleanup';

/** The daily job (03:00 JST). Backups join it in the backups issue. */
export const DAILY_CRON = '0 18 * * *';

/**
 * Cron triggers. Every minute: nothing yet (order pulls arrive with the
 * channel issue). Daily: retention: access logs older than a year, spent
 * rate-limit windows, expired sessions and MFA challenges.
 */
export const runScheduled = async (controller: ScheduledController, env: Env, _ctx: ExecutionContext) => {
  if (controller.cron === DAILY_CRON) {
    const purged = await purgeAccessLogs(env.DB, controller.scheduledTime);
    await purgeRateLimits(env.DB, controller.scheduledTime);
    await purgeExpiredAuthRows(env.DB, controller.scheduledTime);
    console.log(JSON.stringify({ level: 'info', msg: 'retention', accessLogsPurged: purged }));
  }
};
