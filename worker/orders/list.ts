/**
 * 受注一覧: the order list's filters, search, sort and keyset paging, and the
 * count of everything that matches (shown above the list). One set of
 * conditions serves the list, its count and the bulk bar's "every matching
 * order".
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { contains } from '../lib/search';
import { orderLines, orders } from './schema';
import { orderSearchTerms } from './search-terms';
import { summaryOf } from './service';
import type { OrderStatus } from './state-machine';

export const ORDER_SORTS = ['ordered_desc', 'ordered_asc', 'total_desc', 'total_asc'] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

export interface OrderFilters {
  status?: OrderStatus;
  channelId?: string;
  q?: string;
  from?: string;
  to?: string;
  stockWarning?: boolean;
  /** imported after this instant (the list's "new orders since you opened it") */
  createdAfter?: string;
  /**
   * false: `q` matches order numbers, store order numbers and SKUs only, never a
   * buyer's name, e-mail or phone (a caller without personal_data, orders/mask.ts)
   */
  searchBuyers?: boolean;
}

export interface OrderListQuery extends OrderFilters {
  sort?: OrderSort;
  cursor?: string;
  limit: number;
}

/** A column without its spaces (half- and full-width), lower-cased: what the compact search term is compared with. */
const squeezed = (col: SQL.Aliased | typeof orders.customerName) => sql`lower(replace(replace(${col}, ' ', ''), '　', ''))`;
const digitsOf = (col: typeof orders.shipPhone) => sql`replace(replace(replace(${col}, '-', ''), ' ', ''), '+', '')`;

const searchCondition = (typed: string, buyers: boolean): SQL | undefined => {
  const t = orderSearchTerms(typed);
  if (!t.compact) return undefined;
  if (!buyers) {
    const sku = sql`exists (select 1 from ${orderLines} where ${orderLines.accountId} = ${orders.accountId} and ${orderLines.orderId} = ${orders.id} and instr(lower(${orderLines.sku}), ${t.compact}) > 0)`;
    return or(eq(orders.number, t.exact.toUpperCase()), eq(orders.externalId, t.exact), sku);
  }
  const anyLine = sql`exists (select 1 from ${orderLines} where ${orderLines.accountId} = ${orders.accountId} and ${orderLines.orderId} = ${orders.id} and (instr(lower(${orderLines.sku}), ${t.compact}) > 0 or instr(${squeezed(orderLines.name as never)}, ${t.compact}) > 0))`;
  return or(
    eq(orders.number, t.exact.toUpperCase()),
    eq(orders.externalId, t.exact),
    sql`instr(${squeezed(orders.customerName)}, ${t.compact}) > 0`,
    sql`instr(${squeezed(orders.shipName as never)}, ${t.compact}) > 0`,
    contains(orders.customerEmail, t.compact),
    ...(t.digits ? [sql`instr(${digitsOf(orders.shipPhone)}, ${t.digits}) > 0`, sql`instr(${digitsOf(orders.customerPhone as never)}, ${t.digits}) > 0`] : []),
    anyLine,
  );
};

/** The list's filters as SQL conditions. */
export const filterConditions = (accountId: string, query: OrderFilters): (SQL | undefined)[] => {
  const conds: (SQL | undefined)[] = [eq(orders.accountId, accountId)];
  if (query.status) conds.push(eq(orders.status, query.status));
  if (query.channelId) conds.push(eq(orders.channelId, query.channelId));
  if (query.from) conds.push(gte(orders.orderedAt, query.from));
  if (query.to) conds.push(lte(orders.orderedAt, query.to));
  if (query.stockWarning !== undefined) conds.push(eq(orders.stockWarning, query.stockWarning));
  if (query.createdAfter) conds.push(gt(orders.createdAt, query.createdAfter));
  if (query.q) conds.push(searchCondition(query.q, query.searchBuyers !== false));
  return conds;
};

const SORT = {
  ordered_desc: { col: orders.orderedAt, dir: 'desc', value: (o: typeof orders.$inferSelect) => o.orderedAt },
  ordered_asc: { col: orders.orderedAt, dir: 'asc', value: (o: typeof orders.$inferSelect) => o.orderedAt },
  total_desc: { col: orders.total, dir: 'desc', value: (o: typeof orders.$inferSelect) => String(o.total) },
  total_asc: { col: orders.total, dir: 'asc', value: (o: typeof orders.$inferSelect) => String(o.total) },
} as const;

/** Lines shown in the list's 商品 column, per order: at most this many. */
const PREVIEW_LINES = 3;

/** A page of the list, in the chosen order (keyset on the sort value and id), with the count of every match. */
export const listOrders = async (db: Db, accountId: string, query: OrderListQuery) => {
  const sort = SORT[query.sort ?? 'ordered_desc'];
  const conds = filterConditions(accountId, query);
  const where = and(...conds);
  const c = decodeCursor(query.cursor);
  const pageConds = [...conds];
  if (c) {
    const v = sort.col === orders.total ? Number(c.at) : c.at;
    const past = sort.dir === 'desc' ? lt : gt;
    pageConds.push(or(past(sort.col, v as never), and(eq(sort.col, v as never), past(orders.id, c.id))));
  }
  const order = sort.dir === 'desc' ? [desc(sort.col), desc(orders.id)] : [asc(sort.col), asc(orders.id)];
  const [rows, counted] = await Promise.all([
    db.select().from(orders).where(and(...pageConds)).orderBy(...order).limit(query.limit + 1),
    db.select({ n: sql<number>`count(*)` }).from(orders).where(where),
  ]);
  const page = rows.slice(0, query.limit);
  const lines = page.length
    ? await db
        .select({ orderId: orderLines.orderId, sku: orderLines.sku, name: orderLines.name, quantity: orderLines.quantity })
        .from(orderLines)
        .where(and(eq(orderLines.accountId, accountId), inArray(orderLines.orderId, page.map((o) => o.id))))
        .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo))
    : [];
  const byOrder = new Map<string, { sku: string; name: string | null; quantity: number }[]>();
  for (const l of lines) byOrder.set(l.orderId, [...(byOrder.get(l.orderId) ?? []), { sku: l.sku, name: l.name, quantity: l.quantity }]);
  const last = page[page.length - 1];
  return {
    items: page.map((o) => {
      const ls = byOrder.get(o.id) ?? [];
      return { ...summaryOf(o), items: { lines: ls.slice(0, PREVIEW_LINES), lineCount: ls.length, units: ls.reduce((n, l) => n + l.quantity, 0) } };
    }),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: sort.value(last), id: last.id }) : null,
    total: Number(counted[0]?.n ?? 0),
  };
};

/** Every order matching the list's filters (newest first, at most `max`), for bulk work beyond one page. */
export const matchingOrderIds = async (db: Db, accountId: string, query: OrderFilters, max: number) => {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(...filterConditions(accountId, query)))
    .orderBy(desc(orders.orderedAt), desc(orders.id))
    .limit(max + 1);
  return { ids: rows.slice(0, max).map((r) => r.id), truncated: rows.length > max };
};
