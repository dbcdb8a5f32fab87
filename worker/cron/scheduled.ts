import type { Env } from '../env';
import { purgeAccessLogs } from '../logs/service';
import { purgeRateLimits } from '../auth/rate-limit';
import { purgeExpiredAuthRows } from '../auth/cleanup';
import { reconcileStockProjections } from '../stock/reconcile';
import { createDb } from '../db/client';
import { sweepAwaitingStock } from '../orders/service';
import { channels } from '../channels/schema';
import { purgeWebhookEvents, reconcileAllChannels } from '../channels/reconcile';

/** The daily job (03:00 JST). Backups join it in the backups issue. */
export const DAILY_CRON = '0 18 * * *';

/**
 * Cron triggers. Every minute: one order pull per channel that pulls orders
 * (queued, so a slow mall never holds the others up), and every 15 minutes the
 * channel reconcile (intended vs pushed vs confirmed quantities). Daily: retention (access logs older than a year, spent
 * rate-limit windows, expired sessions and MFA challenges) and the stock
 * reconcile (every account's D1 projection rebuilt from its StockLedger).
 */
export const runScheduled = async (controller: ScheduledController, env: Env, _ctx: ExecutionContext) => {
  const db = createDb(env.DB);
  if (controller.cron !== DAILY_CRON) {
    const pulling = (await db.select({ id: channels.id, accountId: channels.accountId, settings: channels.settings }).from(channels)).filter((c) => c.settings.orderPull);
    for (let i = 0; i < pulling.length; i += 100) {
      await env.SYNC_QUEUE.sendBatch(pulling.slice(i, i + 100).map((c) => ({ body: { kind: 'order-pull' as const, accountId: c.accountId, channelId: c.id } })));
    }
    if (new Date(controller.scheduledTime).getUTCMinutes() % 15 === 0) {
      const r = await reconcileAllChannels(env, db);
      console.log(JSON.stringify({ level: 'info', msg: 'channel reconcile', ...r }));
      // Orders waiting for stock are re-checked when their SKUs' stock changes; this sweep also
      // catches an order moved back to 在庫待ち by hand while the stock was already there.
      const swept = await sweepAwaitingStock(env, db);
      console.log(JSON.stringify({ level: 'info', msg: 'awaiting-stock sweep', ...swept }));
    }
  }
  if (controller.cron === DAILY_CRON) {
    await purgeWebhookEvents(db, controller.scheduledTime);
    const purged = await purgeAccessLogs(env.DB, controller.scheduledTime);
    await purgeRateLimits(env.DB, controller.scheduledTime);
    await purgeExpiredAuthRows(env.DB, controller.scheduledTime);
    console.log(JSON.stringify({ level: 'info', msg: 'retention', accessLogsPurged: purged }));
    const reconciled = await reconcileStockProjections(env);
    console.log(JSON.stringify({ level: 'info', msg: 'stock reconcile', accounts: Object.keys(reconciled).length }));
  }
};
