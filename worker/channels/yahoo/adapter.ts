/**
 * Yahoo! Shopping (ストアクリエイターPro Web API) adapter.
 *
 * Contract followed (the public documentation):
 *   注文検索API   https://developer.yahoo.co.jp/webapi/shopping/orderList.html
 *   注文詳細API   https://developer.yahoo.co.jp/webapi/shopping/orderInfo.html
 *   出荷ステータス変更API https://developer.yahoo.co.jp/webapi/shopping/orderShipStatusChange.html
 *   注文ステータス変更API https://developer.yahoo.co.jp/webapi/shopping/orderStatusChange.html (seller cancel; cancel.ts)
 *   注文ステータス別件数参照API https://developer.yahoo.co.jp/webapi/shopping/orderCount.html
 *   在庫更新API   https://developer.yahoo.co.jp/webapi/shopping/setStock.html
 *   在庫参照API   https://developer.yahoo.co.jp/webapi/shopping/getStock.html
 *   注文API       https://developer.yahoo.co.jp/webapi/shopping/order (1クエリ/秒 per URL)
 *   YConnect v2   https://developer.yahoo.co.jp/yconnect/v2/authorization_code/token.html,
 *                 https://developer.yahoo.co.jp/yconnect/v2/api_access.html
 *   Errors        https://developer.yahoo.co.jp/appendix/errors.html, https://developer.yahoo.co.jp/webapi/shopping/faq.html
 *
 * Production base: https://circus.shopping.yahooapis.jp (test environment:
 * https://test.circus.shopping.yahooapis.jp); the APIs live under
 * /ShoppingWebService/V1/. The pure parts are in orders.ts, stock.ts,
 * shipment.ts, cancel.ts and status-map.ts; session.ts holds the token and error handling.
 */
import { MallError, type ChannelAdapter, type Connection, type PulledOrder, type PullWindow, type PushResult, type RemoteQuantity, type StockPush } from '../adapter';
import { ORDER_LIST_MAX_RESULT, changedInWindow, orderInfoRequest, orderListRequest, parseOrderInfo, parseOrderList, toPulledOrder } from './orders';
import { PRODUCTION_ENDPOINT, formPost, openSession, withThrottleWait, xmlPost, type YahooSession } from './session';
import { shipStatusChangeRequest } from './shipment';
import { CANCELLED, orderCancelRequest } from './cancel';
import { STOCK_MAX_CODES, getStockBody, parseStockRows, remoteQuantities, setStockBody, stockItemCode } from './stock';
import { child, children, parseXml, text } from './xml';

const API = 'ShoppingWebService/V1';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface YahooAdapterOptions {
  /** orderList /Req/Search/Result per page (the documented maximum is 2,000; tests page with less). */
  pageSize?: number;
  /**
   * orderList can only be searched by order time, never by update time, so a
   * pull lists orders placed up to this many days before the window and keeps
   * those whose LastUpdateTime falls inside it (cancellations, payments, edits).
   */
  lookbackDays?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const createYahooAdapter = (options: YahooAdapterOptions = {}): ChannelAdapter => {
  const pageSize = Math.min(Math.max(1, options.pageSize ?? ORDER_LIST_MAX_RESULT), ORDER_LIST_MAX_RESULT);
  const lookbackMs = (options.lookbackDays ?? 30) * DAY_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const session = (conn: Connection) => openSession(conn, options.now);

  /** Every order id of orders placed in [from, until], following Start/Result to TotalCount. */
  const listChangedOrderIds = async (s: YahooSession, since: Date, until: Date, isUnchanged?: PullWindow['isUnchanged']): Promise<string[]> => {
    const from = new Date(since.getTime() - lookbackMs);
    const ids: string[] = [];
    const seen = new Set<string>();
    for (let start = 1; ; ) {
      const body = orderListRequest({ sellerId: s.sellerId, from, to: until, start, result: pageSize });
      const res = await withThrottleWait(() => s.call(`${API}/orderList`, xmlPost(body)), sleep);
      const page = parseOrderList(await res.text());
      if (!page.ok) throw new MallError('Yahoo! orderList answered Status NG', res.status, true);
      for (const e of page.entries) {
        const unchanged = e.lastUpdateTime && isUnchanged?.(e.orderId, e.lastUpdateTime.toISOString());
        if (!seen.has(e.orderId) && changedInWindow(e, since, until) && !unchanged) ids.push(e.orderId);
        seen.add(e.orderId);
      }
      start += page.entries.length;
      // An empty page before TotalCount means the list shrank meanwhile: what is left was read.
      if (page.entries.length === 0 || start > page.totalCount) return ids;
    }
  };

  const readOrder = async (s: YahooSession, orderId: string): Promise<PulledOrder> => {
    const res = await withThrottleWait(() => s.call(`${API}/orderInfo`, xmlPost(orderInfoRequest({ sellerId: s.sellerId, orderId }))), sleep);
    const info = parseOrderInfo(await res.text());
    // Listed a moment ago but not readable now: try again on the next pull rather than lose it.
    if (!info) throw new MallError(`Yahoo! orderInfo did not return order ${orderId}`, res.status, true);
    return toPulledOrder(info);
  };

  const setStock = async (s: YahooSession, items: StockPush[]) => {
    const res = await s.call(`${API}/setStock`, formPost(setStockBody(s.sellerId, items)));
    return { partial: res.status === 207, rows: parseStockRows(await res.text()) };
  };

  return {
    type: 'yahoo',
    credentialKeys: ['sellerId', 'clientId', 'clientSecret', 'refreshToken'],
    defaultEndpoint: PRODUCTION_ENDPOINT,
    limits: { maxItemsPerCall: STOCK_MAX_CODES, callsPerSecond: 1, burst: 1 },

    async testConnection(conn) {
      const s = session(conn);
      const res = await s.call(`${API}/orderCount?sellerId=${encodeURIComponent(s.sellerId)}`, { method: 'GET' });
      const result = child(child(parseXml(await res.text()), 'ResultSet'), 'Result');
      if (text(result, 'Status') !== 'OK') throw new MallError('Yahoo! orderCount did not answer OK', res.status, false);
    },

    async pullOrders(conn, { since, until, isUnchanged }) {
      const s = session(conn);
      const orders: PulledOrder[] = [];
      // orderInfo takes one order per call, so the details are read one by one.
      for (const id of await listChangedOrderIds(s, since, until, isUnchanged)) orders.push(await readOrder(s, id));
      return orders;
    },

    async pushStock(conn, items): Promise<PushResult> {
      if (items.length > STOCK_MAX_CODES) throw new Error(`Yahoo! setStock takes at most ${STOCK_MAX_CODES} item codes a call (got ${items.length})`);
      if (!items.length) return { accepted: [], rejected: [] };
      const s = session(conn);
      const rejected: PushResult['rejected'] = [];
      let batch = items;
      // One failing code cancels the whole call (207): the failing rows are refused
      // for good and the others are sent again (the resend waits out the 1 q/s pace).
      for (let round = 0; round < 3 && batch.length; round++) {
        const send = () => setStock(s, batch);
        const { partial, rows } = round === 0 ? await send() : await withThrottleWait(send, sleep);
        if (!partial) return { accepted: batch.map((i) => i.sku), rejected };
        const failed = new Map(rows.filter((r) => r.errorCode).map((r) => [r.key, r.errorCode]));
        if (!failed.size) break;
        for (const i of batch) {
          const code = failed.get(stockItemCode(i));
          if (code) rejected.push({ sku: i.sku, reason: `Yahoo! setStock refused ${stockItemCode(i)}: ${code}` });
        }
        batch = batch.filter((i) => !failed.has(stockItemCode(i)));
      }
      if (batch.length) throw new MallError('Yahoo! setStock kept cancelling the call (HTTP 207)', 207, true);
      return { accepted: [], rejected };
    },

    async readStock(conn, items) {
      const s = session(conn);
      const out: RemoteQuantity[] = [];
      for (let i = 0; i < items.length; i += STOCK_MAX_CODES) {
        const batch = items.slice(i, i + STOCK_MAX_CODES);
        const res = await withThrottleWait(() => s.call(`${API}/getStock`, formPost(getStockBody(s.sellerId, batch))), sleep);
        out.push(...remoteQuantities(batch, parseStockRows(await res.text())));
      }
      return out;
    },

    async pushShipment(conn, shipment) {
      const s = session(conn);
      const shippedAt = new Date(shipment.shippedAt);
      const body = shipStatusChangeRequest({
        sellerId: s.sellerId,
        orderId: shipment.externalId,
        carrier: shipment.carrier,
        // 分割出荷: the first two parcels' numbers (shipment.ts shipStatusChangeRequest)
        trackingNumber: shipment.parcels?.[0]?.trackingNumber ?? shipment.trackingNumber,
        ...(shipment.parcels && shipment.parcels.length > 1 ? { trackingNumber2: shipment.parcels[1].trackingNumber } : {}),
        shippedAt: Number.isNaN(shippedAt.getTime()) ? new Date() : shippedAt,
      });
      const res = await s.call(`${API}/orderShipStatusChange`, xmlPost(body));
      const results = children(child(parseXml(await res.text()), 'ResultSet'), 'Result');
      if (text(results[0], 'Status') !== 'OK') throw new MallError(`Yahoo! orderShipStatusChange did not accept order ${shipment.externalId}`, res.status, false);
    },

    /**
     * 注文ステータス変更API to 4 キャンセル with the mapped キャンセル理由 (cancel.ts).
     * A refusal is checked against orderInfo: an order already キャンセル (a
     * retry after a lost answer, or cancelled in ストアクリエイターPro meanwhile)
     * counts as done; anything else is final, with Yahoo!'s message.
     */
    async cancelOrder(conn, cancel) {
      const s = session(conn);
      const body = orderCancelRequest({ sellerId: s.sellerId, orderId: cancel.externalId, reason: cancel.reason });
      try {
        const res = await s.call(`${API}/orderStatusChange`, xmlPost(body));
        const results = children(child(parseXml(await res.text()), 'ResultSet'), 'Result');
        if (text(results[0], 'Status') !== 'OK') throw new MallError(`Yahoo! orderStatusChange did not accept the cancel of order ${cancel.externalId}`, res.status, false);
      } catch (e) {
        if (!(e instanceof MallError) || e.retryable || e.auth) throw e;
        const info = await withThrottleWait(() => s.call(`${API}/orderInfo`, xmlPost(orderInfoRequest({ sellerId: s.sellerId, orderId: cancel.externalId }))), sleep)
          .then(async (res) => parseOrderInfo(await res.text()))
          .catch(() => null);
        if (info && text(info, 'OrderStatus') === CANCELLED) return;
        throw e;
      }
    },
  };
};

export const yahooAdapter: ChannelAdapter = createYahooAdapter();
