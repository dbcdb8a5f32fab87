/** The dashboard's figures from D1 (the windows and the answer's shape: dashboard-figures.ts). */
import { AGEING_DAYS, dashboardWindows, type OrderFigures } from './dashboard-figures';

export const orderSummary = async (d1: D1Database, accountId: string, now = Date.now()): Promise<OrderFigures> => {
  const w = dashboardWindows(now);
  const [today, yesterday, byStatus, warnings, ageing] = await d1.batch([
    d1.prepare('SELECT channel_id AS channelId, COUNT(*) AS n, COALESCE(SUM(total), 0) AS total FROM orders WHERE account_id = ? AND ordered_at >= ? GROUP BY channel_id ORDER BY n DESC').bind(accountId, w.todayStart),
    d1.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(total), 0) AS total FROM orders WHERE account_id = ? AND ordered_at >= ? AND ordered_at < ?').bind(accountId, w.yesterdayStart, w.todayStart),
    d1.prepare(`SELECT status, COUNT(*) AS n FROM orders WHERE account_id = ? AND status NOT IN ('shipped', 'cancelled') GROUP BY status`).bind(accountId),
    d1.prepare(`SELECT COUNT(*) AS n FROM orders WHERE account_id = ? AND stock_warning = 1 AND status NOT IN ('shipped', 'cancelled')`).bind(accountId),
    d1
      .prepare(
        `SELECT SUM(CASE WHEN status = 'ready_to_ship' AND ordered_at <= ? THEN 1 ELSE 0 END) AS ready, SUM(CASE WHEN status = 'awaiting_stock' AND ordered_at <= ? THEN 1 ELSE 0 END) AS stock
         FROM orders WHERE account_id = ? AND status IN ('ready_to_ship', 'awaiting_stock')`,
      )
      .bind(w.readyBeforeEnd, w.stockBeforeEnd, accountId),
  ]);
  const y = yesterday.results[0] as { n: number; total: number };
  const a = ageing.results[0] as { ready: number | null; stock: number | null };
  return {
    since: w.todayStart,
    today: (today.results as { channelId: string; n: number; total: number }[]).map((r) => ({ channelId: r.channelId, orders: r.n, total: r.total })),
    yesterday: { orders: y.n, total: y.total },
    byStatus: Object.fromEntries((byStatus.results as { status: string; n: number }[]).map((r) => [r.status, r.n])),
    stockWarnings: (warnings.results[0] as { n: number }).n,
    ageing: {
      readyToShip: { days: AGEING_DAYS.readyToShip, count: a.ready ?? 0, orderedOnOrBefore: w.readyBefore },
      awaitingStock: { days: AGEING_DAYS.awaitingStock, count: a.stock ?? 0, orderedOnOrBefore: w.stockBefore },
    },
  };
};
