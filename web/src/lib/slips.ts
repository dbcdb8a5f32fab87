import type { RequestEventLoader } from '@builder.io/qwik-city';
import { api, type ApiError } from './api';
import type { OrderView } from './orders';
import { slipOrderOf, type SlipOrder } from '../components/orders/slip';
import { combineParcel } from '../../../worker/orders/merge';

const PARALLEL = 8;
/** Lines without a name get their SKU's name; at most this many SKU reads per print run. */
const MAX_SKU_LOOKUPS = 100;

const inBatches = async <I, O>(items: I[], run: (item: I) => Promise<O>): Promise<O[]> => {
  const out: O[] = [];
  for (let i = 0; i < items.length; i += PARALLEL) out.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(run))));
  return out;
};

/**
 * The orders for 納品書, through the API as the signed-in user, in the order
 * asked. Ids that are not found (or are another account's) are counted, not
 * shown; any other refusal is returned as `error`. A line the mall sent
 * without a product name shows the SKU's name.
 */
export const loadSlipOrders = async (ev: RequestEventLoader, ids: string[]): Promise<{ orders: SlipOrder[]; missing: number; error: (ApiError & { status: number }) | null }> => {
  const results = await inBatches(ids, (id) => api<{ order: OrderView }>(ev, `/orders/${encodeURIComponent(id)}`));
  const orders: SlipOrder[] = [];
  let missing = 0;
  for (const r of results) {
    if (r.ok) orders.push(slipOrderOf(r.data.order));
    else if (r.status === 404) missing++;
    else return { orders: [], missing, error: { ...r.error, status: r.status } };
  }
  await mergeParcels(ev, orders);
  const unnamed = [...new Set(orders.flatMap((o) => o.lines.filter((l) => !l.name).map((l) => l.sku)))].slice(0, MAX_SKU_LOOKUPS);
  const names = new Map<string, string>();
  await inBatches(unnamed, async (code) => {
    const r = await api<{ sku: { name: string } }>(ev, `/skus/${encodeURIComponent(code)}`);
    if (r.ok && r.data.sku.name) names.set(code, r.data.sku.name);
  });
  for (const o of orders) for (const l of o.lines) if (!l.name) l.name = names.get(l.sku) ?? null;
  return { orders, missing, error: null };
};

/**
 * 同梱: a parent's slip is its parcel's: every merged order's lines, all of
 * their order numbers and store order numbers, the amounts added up. A child
 * printed with its parent is in the parent's slip, not on one of its own.
 */
const mergeParcels = async (ev: RequestEventLoader, orders: SlipOrder[]) => {
  const ids = new Set(orders.map((o) => o.id));
  for (let i = 0; i < orders.length; i++) {
    const m = orders[i].merge;
    if (!m || m.parentId !== orders[i].id) continue;
    // the group lists the children still in the parcel, or shipped in it (a reprint)
    const kids = await inBatches(m.children, (c) => api<{ order: OrderView }>(ev, `/orders/${encodeURIComponent(c.id)}`));
    const children = kids.flatMap((r) => (r.ok ? [slipOrderOf(r.data.order)] : []));
    orders[i] = combineParcel(orders[i], children, { allNumbers: true });
  }
  for (let i = orders.length - 1; i >= 0; i--) {
    const o = orders[i];
    if (o.merge && o.merge.parentId !== o.id && ids.has(o.merge.parentId)) orders.splice(i, 1);
  }
};
