import type { Env } from '../env';
import { purgeAccessLogs } from '../logs/service';
import { purgeRateLimits } from '../auth/rate-limit';
import { purgeExpiredAuthRows } from '../auth/cleanup';
import { reconcileStockProjections } from '../stock/reconcile';

/** The daily job (03:00 JST). Backups join it in the backups issue. */
export const DAILY_CRON = '0 18 * * *';

/**
 * Cron triggers. Every minute: nothing yet (order pulls arrive with the
 * channel issue). Daily: retention (access logs older than a year, spent
 * rate-limit windows, expired sessions and MFA challenges) and the stock
 * reconcile (every account's D1 projection rebuilt from its StockLedger).
 */
export const runScheduled = async (controller: ScheduledController, env: Env, _ctx: ExecutionContext) => {
  if (controller.cron === DAILY_CRON) {
    const purged = await purgeAccessLogs(env.DB, controller.scheduledTime);
    await purgeRateLimits(env.DB, controller.scheduledTime);
    await purgeExpiredAuthRows(env.DB, controller.scheduledTime);
    console.log(JSON.stringify({ level: 'info', msg: 'retention', accessLogsPurged: purged }));
    const reconciled = await reconcileStockProjections(env);
    console.log(JSON.stringify({ level: 'info', msg: 'stock reconcile', accounts: Object.keys(reconciled).length }));
  }
};
