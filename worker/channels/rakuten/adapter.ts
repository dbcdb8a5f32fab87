/**
 * Rakuten Ichiba (RMS WEB SERVICE) adapter.
 *
 * Contract, from RMS's public service pages (the portal at
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/…):
 * - auth: `Authorization: ESA Base64(serviceSecret:licenseKey)`; bad keys answer
 *   401 {"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}.
 * - orders, RakutenPayOrderAPI (…/rakutenpayorderapi/searchorder/, …/getorder/,
 *   …/updateordershipping/):
 *   POST /es/2.0/order/searchOrder/ — dateType, startDatetime/endDatetime
 *   "yyyy-MM-ddTHH:mm:ss+0900" at most 63 days apart and within the last 730 days,
 *   PaginationRequestModel {requestRecordsAmount ≤ 1000, requestPage, SortModelList};
 *   answers orderNumberList + PaginationResponseModel; at most 15,000 results per search.
 *   POST /es/2.0/order/getOrder/ — orderNumberList ≤ 100, version (10 = latest, 2025-10).
 *   POST /es/2.0/order/updateOrderShipping/ — orderNumber, BasketidModelList.
 *   POST /es/2.0/order/cancelOrder/ (…/rakutenpayorderapi/cancelorder/) — キャンセル申請 for
 *   100/200/300: orderNumber, inventoryRestoreType, changeReasonDetailApply (see cancel.ts).
 * - stock, Inventory API 2.1 (…/inventoryapi2_1/inventories_bulk_get/, and
 *   …/inventoryapi2/upsertbulkinventories for the 2.0 page of the same call):
 *   POST /es/2.1/inventories/bulk-upsert — ≤ 400 items, 1 request/s, 204 on success;
 *   unknown manageNumber/variantId are accepted silently and change nothing visible.
 *   POST /es/2.1/inventories/bulk-get — ≤ 1000 items, 5 requests/s; unknown items are left out.
 */
import { MallError, type CancelPush, type ChannelAdapter, type Connection, type PullWindow, type PulledOrder, type PushResult, type RemoteQuantity, type ShipmentPush, type StockPush } from '../adapter';
import { CANCELLING, cancelOrderBody } from './cancel';
import { bisect, daysBefore, formatRmsDatetime, searchRanges, type SearchRange } from './datetime';
import { toPulledOrder, type RmsOrder } from './order-map';
import { errorOf, rmsCall, rmsRequest, type InventoryError } from './rms';
import { updateOrderShippingBody } from './shipment';
import { indexOfPropertyPath, invalidReason, MAX_GET_ITEMS, MAX_UPSERT_ITEMS, remoteQuantities, upsertBody, type InventoryRecord } from './stock';

const SEARCH_ORDER = '/es/2.0/order/searchOrder/';
const GET_ORDER = '/es/2.0/order/getOrder/';
const UPDATE_ORDER_SHIPPING = '/es/2.0/order/updateOrderShipping/';
const CANCEL_ORDER = '/es/2.0/order/cancelOrder/';
const BULK_UPSERT = '/es/2.1/inventories/bulk-upsert';
const BULK_GET = '/es/2.1/inventories/bulk-get';
/** The inventory pages show a plain JSON content type (the order pages add the charset). */
const INVENTORY_JSON = 'application/json';

/** getOrder's newest version (10: ソーシャルギフト対応); RMS retires old versions over time. */
export const GET_ORDER_VERSION = 10;

/** searchOrder dateType: 1 注文日, 3 注文確定日 (Rakuten has no "last changed" search). */
const DATE_TYPE = { ordered: 1, fixed: 3 } as const;

export interface PullOptions {
  /** requestRecordsAmount, ≤ 1000 */
  pageSize?: number;
  /** search range length in days, ≤ 63 */
  windowDays?: number;
  /** getOrder orderNumberList length, ≤ 100 */
  getOrderBatch?: number;
  /** results one search can reach (RMS: 15,000); over it the range is halved */
  resultCap?: number;
  /** how far back cancellations (900) are looked for, ≤ 62 days */
  cancelLookbackDays?: number;
}

const DEFAULTS: Required<PullOptions> = { pageSize: 1000, windowDays: 62, getOrderBatch: 100, resultCap: 15_000, cancelLookbackDays: 30 };
/** searchOrder reaches 730 days back; a day less leaves room for the clock. */
const MAX_LOOKBACK_DAYS = 729;

interface SearchAnswer {
  orderNumberList?: string[] | null;
  PaginationResponseModel?: { totalRecordsAmount?: number | null; totalPages?: number | null; requestPage?: number | null } | null;
}

const searchPage = (conn: Connection, dateType: number, range: SearchRange, page: number, pageSize: number, orderProgressList?: number[]) =>
  rmsCall(
    conn,
    'POST',
    SEARCH_ORDER,
    {
      dateType,
      startDatetime: formatRmsDatetime(range.start),
      endDatetime: formatRmsDatetime(range.end),
      ...(orderProgressList ? { orderProgressList } : {}),
      // Oldest first: orders arriving while we page land on later pages, not shift earlier ones.
      PaginationRequestModel: { requestRecordsAmount: pageSize, requestPage: page, SortModelList: [{ sortColumn: 1, sortDirection: 1 }] },
    },
    'searchOrder',
  ) as Promise<SearchAnswer>;

/** Every order number one search finds, paging to the end and halving ranges over the result cap. */
const searchAll = async (conn: Connection, o: Required<PullOptions>, dateType: number, range: SearchRange, into: Set<string>, orderProgressList?: number[]): Promise<void> => {
  const first = await searchPage(conn, dateType, range, 1, o.pageSize, orderProgressList);
  const total = first.PaginationResponseModel?.totalRecordsAmount ?? 0;
  const halves = total > o.resultCap ? bisect(range) : null;
  if (halves) {
    for (const half of halves) await searchAll(conn, o, dateType, half, into, orderProgressList);
    return;
  }
  for (const n of first.orderNumberList ?? []) into.add(n);
  const pages = first.PaginationResponseModel?.totalPages ?? 1;
  for (let page = 2; page <= pages; page++) {
    const next = await searchPage(conn, dateType, range, page, o.pageSize, orderProgressList);
    for (const n of next.orderNumberList ?? []) into.add(n);
  }
};

const getOrders = async (conn: Connection, numbers: string[]): Promise<RmsOrder[]> => {
  const body = (await rmsCall(conn, 'POST', GET_ORDER, { orderNumberList: numbers, version: GET_ORDER_VERSION }, 'getOrder')) as { OrderModelList?: RmsOrder[] | null };
  return body.OrderModelList ?? [];
};

/**
 * Orders for the window. Rakuten cannot search by "last changed", so three
 * searches stand in for it:
 * 1. 注文日 (dateType 1) in the window: new orders;
 * 2. 注文確定日 (dateType 3) in the window: orders Rakuten released to the shop
 *    (発送待ち) in it — a prepaid order whose money came in, a confirmed order;
 * 3. status 900 キャンセル確定 among orders placed in the last
 *    `cancelLookbackDays` (30): cancellations of recent orders. Older
 *    cancellations are not seen (an RMS limit); the import is idempotent, so
 *    seeing an order again changes nothing.
 * Windows are cut to ≤ 62 days, pages followed to the end, ranges over the
 * 15,000-result cap halved, details fetched 100 per getOrder call.
 */
export const pullRakutenOrders = async (conn: Connection, window: PullWindow, options: PullOptions = {}): Promise<PulledOrder[]> => {
  const o = { ...DEFAULTS, ...options };
  const until = window.until;
  const oldest = daysBefore(until, MAX_LOOKBACK_DAYS);
  const since = window.since < oldest ? oldest : window.since;
  const numbers = new Set<string>();
  for (const range of searchRanges(since, until, o.windowDays)) {
    await searchAll(conn, o, DATE_TYPE.ordered, range, numbers);
    await searchAll(conn, o, DATE_TYPE.fixed, range, numbers);
  }
  for (const range of searchRanges(daysBefore(until, o.cancelLookbackDays), until, o.windowDays)) {
    await searchAll(conn, o, DATE_TYPE.ordered, range, numbers, [900]);
  }
  const list = [...numbers];
  const orders: PulledOrder[] = [];
  for (let i = 0; i < list.length; i += o.getOrderBatch) {
    for (const order of await getOrders(conn, list.slice(i, i + o.getOrderBatch))) orders.push(toPulledOrder(order));
  }
  return orders;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One bulk-upsert; per-item errors (propertyPath inventories[i]) come back as indexes. */
const upsert = async (conn: Connection, items: StockPush[]): Promise<{ badIndexes: Map<number, string> }> => {
  const { body } = upsertBody(items);
  const answer = await rmsRequest(conn, 'POST', BULK_UPSERT, body, INVENTORY_JSON);
  const error = errorOf(answer, 'bulk-upsert');
  if (!error) return { badIndexes: new Map() };
  const bad = new Map<number, string>();
  for (const e of (answer.body?.errors ?? []) as InventoryError[]) {
    const i = indexOfPropertyPath(e.metadata?.propertyPath);
    if (i !== null && i < items.length) bad.set(i, `${e.code ?? ''} ${e.message ?? ''}`.trim());
  }
  if (error.retryable || bad.size === 0) throw error;
  return { badIndexes: bad };
};

/**
 * Absolute quantities (mode ABSOLUTE) for ≤ 400 listings in one bulk-upsert.
 * Items RMS could never take (bad ids, no variantId) are rejected before sending.
 * If RMS still refuses items by index, those are rejected and the rest is sent
 * once more after a second (the call's 1 request/s limit). RMS answers 204 with
 * nothing per item and takes unknown items silently, so everything sent counts
 * as accepted; readStock is what shows an unknown item (null).
 */
const pushStock = async (conn: Connection, items: StockPush[]): Promise<PushResult> => {
  if (items.length > MAX_UPSERT_ITEMS) throw new Error(`Rakuten bulk-upsert takes at most ${MAX_UPSERT_ITEMS} items per call (got ${items.length})`);
  const { sent, rejected } = upsertBody(items);
  if (sent.length === 0) return { accepted: [], rejected };
  const { badIndexes } = await upsert(conn, sent);
  if (badIndexes.size === 0) return { accepted: sent.map((i) => i.sku), rejected };
  const retry = sent.filter((_, i) => !badIndexes.has(i));
  for (const [i, reason] of badIndexes) rejected.push({ sku: sent[i].sku, reason });
  if (retry.length === 0) return { accepted: [], rejected };
  await sleep(1100);
  const second = await upsert(conn, retry);
  if (second.badIndexes.size > 0) {
    throw new MallError(`Rakuten bulk-upsert refused items again: ${[...second.badIndexes.values()].join('; ')}`, 400, false);
  }
  return { accepted: retry.map((i) => i.sku), rejected };
};

/** Quantities as RMS shows them (bulk-get, ≤ 1000 per call); null for items RMS does not know. */
const readStock = async (conn: Connection, items: Omit<StockPush, 'quantity'>[]): Promise<RemoteQuantity[]> => {
  const askable = items.filter((i) => invalidReason(i) === null);
  const found: InventoryRecord[] = [];
  for (let i = 0; i < askable.length; i += MAX_GET_ITEMS) {
    const batch = askable.slice(i, i + MAX_GET_ITEMS);
    const body = (await rmsCall(
      conn,
      'POST',
      BULK_GET,
      { inventories: batch.map((b) => ({ manageNumber: b.remoteId, variantId: b.remoteVariantId })) },
      'bulk-get',
      INVENTORY_JSON,
    )) as { inventories?: InventoryRecord[] | null };
    found.push(...(body.inventories ?? []));
  }
  return remoteQuantities(items, found);
};

/** 発送完了報告: the tracking number, carrier code and ship date on the order's 送付先 (basketId from raw). */
const pushShipment = async (conn: Connection, shipment: ShipmentPush): Promise<void> => {
  let body;
  try {
    body = updateOrderShippingBody(shipment);
  } catch (e) {
    throw new MallError(e instanceof Error ? e.message : String(e), 0, false);
  }
  await rmsCall(conn, 'POST', UPDATE_ORDER_SHIPPING, body, 'updateOrderShipping');
};

/**
 * キャンセル申請 (cancelOrder) with the mapped reason and 在庫連動しない (cancel.ts).
 * RMS refuses it once the order is past 300; when it refuses, getOrder tells a
 * retry of a cancel that went through (800 キャンセル確定待ち / 900 キャンセル確定:
 * done) from a real refusal (a final MallError with RMS's message).
 */
const cancelOrder = async (conn: Connection, cancel: CancelPush): Promise<void> => {
  const answer = await rmsRequest(conn, 'POST', CANCEL_ORDER, cancelOrderBody(cancel));
  const error = errorOf(answer, 'cancelOrder');
  if (!error) return;
  if (!error.retryable && !error.auth) {
    const [order] = await getOrders(conn, [cancel.externalId]).catch(() => [] as RmsOrder[]);
    if (order && CANCELLING.has(order.orderProgress)) return;
  }
  throw error;
};

/** A one-record searchOrder over the last day: the keys work and the order API is enabled for them. */
const testConnection = async (conn: Connection): Promise<void> => {
  const until = new Date();
  await searchPage(conn, DATE_TYPE.ordered, { start: daysBefore(until, 1), end: until }, 1, 1);
};

export const rakutenAdapter: ChannelAdapter = {
  type: 'rakuten',
  credentialKeys: ['serviceSecret', 'licenseKey'],
  defaultEndpoint: 'https://api.rms.rakuten.co.jp',
  // bulk-upsert: 400 items a call, 1 request a second (Inventory API 2.x rate table).
  limits: { maxItemsPerCall: MAX_UPSERT_ITEMS, callsPerSecond: 1, burst: 1 },
  testConnection,
  pullOrders: (conn, window) => pullRakutenOrders(conn, window),
  pushStock,
  readStock,
  pushShipment,
  cancelOrder,
};
