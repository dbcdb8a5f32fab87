/**
 * ダッシュボード: the day's orders per store with yesterday's beside them, open
 * orders per status, stock warnings, and ageing (orders that have waited too
 * long), each figure with the list filter that shows exactly those orders.
 */

const DAY = 86_400_000;
const JST = 9 * 3600_000;

/** 出荷待ち this many days after the order is late; 在庫待ち likewise. */
export const AGEING_DAYS = { readyToShip: 2, awaitingStock: 3 } as const;

/** A JST calendar day (YYYY-MM-DD) `back` days before the one containing `now`. */
const jstDate = (now: number, back = 0) => new Date(now + JST - back * DAY).toISOString().slice(0, 10);
const jstDayStart = (date: string) => new Date(`${date}T00:00:00.000+09:00`).toISOString();
const jstDayEnd = (date: string) => new Date(`${date}T23:59:59.999+09:00`).toISOString();

/**
 * The instants the figures are cut at (pure). Ageing counts orders placed on
 * or before the JST day N days ago, the same cut the list's 受注日(まで) filter
 * makes, so a figure and the list it links to always agree.
 */
export const dashboardWindows = (now: number) => {
  const today = jstDate(now);
  const yesterday = jstDate(now, 1);
  const readyBefore = jstDate(now, AGEING_DAYS.readyToShip);
  const stockBefore = jstDate(now, AGEING_DAYS.awaitingStock);
  return {
    today,
    todayStart: jstDayStart(today),
    yesterdayStart: jstDayStart(yesterday),
    readyBefore,
    readyBeforeEnd: jstDayEnd(readyBefore),
    stockBefore,
    stockBeforeEnd: jstDayEnd(stockBefore),
  };
};

/** What GET /orders/summary answers (the web's dashboard imports this type). */
export interface OrderFigures {
  since: string;
  today: { channelId: string; orders: number; total: number }[];
  yesterday: { orders: number; total: number };
  byStatus: Record<string, number>;
  stockWarnings: number;
  ageing: {
    readyToShip: { days: number; count: number; orderedOnOrBefore: string };
    awaitingStock: { days: number; count: number; orderedOnOrBefore: string };
  };
}
