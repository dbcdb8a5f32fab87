/**
 * Yahoo! Shopping (ストアクリエイターPro Web API) conformance fake.
 *
 * Implements what the Kura adapter uses, as documented:
 *   YConnect v2 token   https://developer.yahoo.co.jp/yconnect/v2/authorization_code/token.html (served at
 *                       yconnect/v2/token under the instance; Basic client auth or client_id/client_secret params)
 *   Bearer API access   https://developer.yahoo.co.jp/yconnect/v2/api_access.html (401 + WWW-Authenticate)
 *   orderCount          https://developer.yahoo.co.jp/webapi/shopping/orderCount.html
 *   orderList           https://developer.yahoo.co.jp/webapi/shopping/orderList.html (Result ≤ 2,000, Start, Sort,
 *                       OrderId or an order-time range required, Field required)
 *   orderInfo           https://developer.yahoo.co.jp/webapi/shopping/orderInfo.html (one order per call)
 *   orderShipStatusChange https://developer.yahoo.co.jp/webapi/shopping/orderShipStatusChange.html (IsPointFix must be
 *                       true; ShipInvoiceNumber rules per carrier)
 *   orderStatusChange   https://developer.yahoo.co.jp/webapi/shopping/orderStatusChange.html (Target/OrderId and
 *                       Target/IsPointFix required, IsPointFix true when the status becomes 5 完了; Order/OrderStatus 1–5
 *                       moved only as the page's 注文ステータス遷移表 allows; キャンセル takes a CancelReason from the
 *                       注文詳細API list, 100–180 注文者都合 / 200–230 ストア都合; the change is recorded with op 'cancel'
 *                       and in the order (OrderStatus, CancelReason, LastUpdateTime) that orderInfo answers)
 *   setStock / getStock https://developer.yahoo.co.jp/webapi/shopping/setStock.html,
 *                       https://developer.yahoo.co.jp/webapi/shopping/getStock.html (≤ 1,000 codes, code:sub_code,
 *                       +/- relative, 207 with ErrorCode rows and nothing applied, unknown codes answer success and
 *                       are linked when the item is registered later)
 *   Errors              https://developer.yahoo.co.jp/appendix/errors.html: <Error><Message/><Code/></Error>; the
 *                       rate limit (1クエリ/秒 per URL, webapi/shopping/order) answers 403 "Your Request was Forbidden".
 *
 * Control: __fake/config takes { sellerId, clientId, clientSecret, refreshToken, accessTokenTtlSeconds,
 * revokeAccessTokens: true } besides the common keys. Only erasable TypeScript: Node strips the types.
 */
import { Hono, type Context } from 'hono';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { FakeBase, TokenBucket, itemKey, mountMall, type FakeItem, type FakeOrderSpec } from '../harness.ts';
import { buildOrder, compactOf, infoFields, jstWithOffset, listFields, yahooCode, type YahooOrder } from './model.ts';

const API = '/ShoppingWebService/V1';
const MAX_STOCK_CODES = 1000;
const MAX_ORDER_LIST_RESULT = 2000;
const QUANTITY_LIMIT = 999_999_999;

/** CancelReason キャンセル理由, as 注文詳細API lists it. */
const CANCEL_REASONS = new Set(['100', '110', '120', '130', '140', '150', '160', '170', '180', '200', '210', '220', '230']);

/**
 * 注文ステータス遷移表 (orderStatusChange): from → the statuses it may become.
 * 予約中 → 完了 and 保留 → 処理中/完了 need conditions the fake does not model
 * (※1 発売日, ※2 not いたずら注文, ※5); it allows them as the table's ◯ does.
 */
const STATUS_MOVES: Record<string, string[]> = {
  '1': ['4', '5'],
  '2': ['3', '4', '5'],
  '3': ['2', '4', '5'],
  '4': [],
  '5': ['2', '4'],
};

/** The fake store's credentials, overridable through __fake/config. */
const DEFAULT_CONFIG = {
  sellerId: 'kura-store',
  clientId: 'kura-client-id',
  clientSecret: 'kura-client-secret',
  refreshToken: 'kura-refresh-token',
  accessTokenTtlSeconds: 3600,
};

/** 配送会社コード as listed on the orderInfo page. */
const SHIP_COMPANY_CODES = new Set(['1000', ...Array.from({ length: 29 }, (_, i) => String(1001 + i)), '5000', '5001']);

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true });
const xmlBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@' });

type Node = Record<string, unknown>;
const obj = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

const parseReq = (raw: string): Node => {
  try {
    return obj(obj(xmlParser.parse(raw)).Req);
  } catch {
    return {};
  }
};

const xml = (c: Context, doc: Node, status = 200) =>
  c.body(`<?xml version="1.0" encoding="UTF-8"?>${xmlBuilder.build(doc)}`, status as 200, { 'content-type': 'application/xml;charset=UTF-8' });

/** The mall's error body. */
const yahooError = (c: Context, status: number, message: string, code?: string) => xml(c, { Error: code ? { Message: message, Code: code } : { Message: message } }, status);

export const yahooFake = () =>
  mountMall(() => {
    const base = new FakeBase();
    Object.assign(base.config, DEFAULT_CONFIG);
    const cfg = () => base.config as typeof base.config & typeof DEFAULT_CONFIG;

    /** Listings by their stock code (code or code:sub_code). */
    const items = new Map<string, FakeItem>();
    /** Stock pushed for codes the store has not registered: linked when the item appears ("事前にリクエストしていた在庫情報と紐づけされます"). */
    const pendingStock = new Map<string, number>();
    const orders = new Map<string, YahooOrder>();
    const tokens = new Map<string, number>();
    const buckets = new Map<string, TokenBucket>();
    let orderCounter = 0;

    const throttled = (c: Context) => yahooError(c, 403, 'Your Request was Forbidden');

    const routes = new Hono();

    // --- YConnect v2 token endpoint (refresh_token grant) ---
    routes.post('/yconnect/v2/token', async (c) => {
      const form = new URLSearchParams(await c.req.text());
      let clientId = form.get('client_id') ?? '';
      let clientSecret = form.get('client_secret') ?? '';
      const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (basic) {
        const pair = Buffer.from(basic, 'base64').toString('utf8');
        const colon = pair.indexOf(':');
        clientId = colon < 0 ? pair : pair.slice(0, colon);
        clientSecret = colon < 0 ? '' : pair.slice(colon + 1);
      }
      if (clientId !== cfg().clientId || clientSecret !== cfg().clientSecret) {
        return c.json({ error: 'invalid_client', error_description: 'client authentication failed' }, 401, { 'WWW-Authenticate': 'Basic realm="yahooapis.jp"' });
      }
      if (form.get('grant_type') !== 'refresh_token') return c.json({ error: 'unsupported_grant_type', error_description: 'unsupported grant_type' }, 400);
      if (form.get('refresh_token') !== cfg().refreshToken) return c.json({ error: 'invalid_grant', error_description: 'invalid refresh token' }, 400);
      const token = `fake-at-${crypto.randomUUID()}`;
      const ttl = Number(cfg().accessTokenTtlSeconds) || 3600;
      tokens.set(token, Date.now() + ttl * 1000);
      base.record(c, 'auth', { grant_type: 'refresh_token' });
      return c.json({ access_token: token, token_type: 'Bearer', expires_in: ttl });
    });

    // --- Bearer auth, then the 1 query/s per URL limit, for every Shopping Web API ---
    routes.use(`${API}/*`, async (c, next) => {
      const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      const expiresAt = bearer ? tokens.get(bearer) : undefined;
      if (!bearer || expiresAt === undefined || expiresAt <= Date.now()) {
        const [error, description, message] = !bearer
          ? ['invalid_request', 'access token is empty', 'Requested Token is empty.']
          : expiresAt === undefined
            ? ['invalid_token', 'invalid token format', 'Requested Token is invalid format.']
            : ['invalid_token', 'expired token', 'Requested Token is expired.'];
        const challenge = `Bearer realm="yahooapis.jp", error="${error}", error_description="${description}"`;
        c.header('WWW-Authenticate', challenge);
        return yahooError(c, 401, `${message} Please provide valid credentials. ${challenge}`);
      }
      if (base.config.rateLimits !== false) {
        const path = new URL(c.req.url).pathname;
        let bucket = buckets.get(path);
        if (!bucket) buckets.set(path, (bucket = new TokenBucket(1, 1)));
        if (!bucket.take().ok) return throttled(c);
      }
      await next();
    });

    const sellerOk = (c: Context, sellerId: string) => {
      if (!sellerId) return yahooError(c, 400, 'SellerId is required.', 'ed-00002');
      if (sellerId !== cfg().sellerId) return yahooError(c, 403, 'The store account is not permitted for this access token.');
      return null;
    };

    // --- 注文ステータス別件数参照API ---
    routes.get(`${API}/orderCount`, (c) => {
      const denied = sellerOk(c, c.req.query('sellerId') ?? '');
      if (denied) return denied;
      const all = [...orders.values()];
      const count = (f: (o: YahooOrder) => boolean) => String(all.filter(f).length);
      return xml(c, {
        ResultSet: {
          '@totalResultsAvailable': 1,
          '@totalResultsReturned': 1,
          '@firstResultPosition': 1,
          Result: {
            Status: 'OK',
            Count: {
              NewOrder: count((o) => o.info.OrderStatus === '2' && o.info.IsSeen === 'false'),
              NewReserve: count((o) => o.info.OrderStatus === '1' && o.info.IsSeen === 'false'),
              Holding: count((o) => o.info.OrderStatus === '3'),
            },
          },
        },
      });
    });

    // --- 注文検索API ---
    routes.post(`${API}/orderList`, async (c) => {
      const raw = await c.req.text();
      const req = parseReq(raw);
      const denied = sellerOk(c, str(req.SellerId));
      if (denied) return denied;
      const search = obj(req.Search);
      const fields = str(search.Field).split(',').map((f) => f.trim()).filter(Boolean);
      if (!fields.length) return yahooError(c, 400, 'Search/Field is required.');
      const result = search.Result === undefined ? 10 : Number(str(search.Result));
      const start = search.Start === undefined ? 1 : Number(str(search.Start));
      if (!Number.isInteger(result) || result < 0 || result > MAX_ORDER_LIST_RESULT) return yahooError(c, 400, `Search/Result must be 0..${MAX_ORDER_LIST_RESULT}.`);
      if (!Number.isInteger(start) || start < 1) return yahooError(c, 400, 'Search/Start must be 1 or more.');
      const cond = obj(search.Condition);
      const [orderId, at, from, to] = [str(cond.OrderId), str(cond.OrderTime), str(cond.OrderTimeFrom), str(cond.OrderTimeTo)];
      if (!orderId && !at && !from && !to && !str(cond.PublicationTimeFrom) && !str(cond.PublicationTimeTo)) {
        return yahooError(c, 400, 'OrderId or an order time condition is required.');
      }
      for (const t of [at, from, to]) if (t && !/^\d{14}$/.test(t)) return yahooError(c, 400, 'Order time conditions are YYYYMMDDHH24MISS.');
      const statuses = str(cond.OrderStatus).split(',').filter(Boolean);
      const matching = [...orders.values()].filter((o) => {
        const t = compactOf(o.info.OrderTime);
        return (!orderId || o.info.OrderId === orderId) && (!at || t === at) && (!from || t >= from) && (!to || t <= to) && (!statuses.length || statuses.includes(o.info.OrderStatus));
      });
      matching.sort((a, b) => compactOf(a.info.OrderTime).localeCompare(compactOf(b.info.OrderTime)));
      if (str(search.Sort) === '-order_time') matching.reverse();
      const page = matching.slice(start - 1, start - 1 + result);
      base.record(c, 'orders', raw);
      // "該当注文あり、…取得開始件数＞全件数などページング指定ミスで返却注文データ無し" answers an empty <OrderInfo />.
      const infos = page.length ? page.map((o, i) => ({ Index: start + i, ...listFields(o, fields) })) : matching.length ? '' : undefined;
      return xml(c, { Result: { Status: 'OK', Search: { TotalCount: matching.length, ...(infos === undefined ? {} : { OrderInfo: infos }) } } });
    });

    // --- 注文詳細API: one order per call ---
    routes.post(`${API}/orderInfo`, async (c) => {
      const raw = await c.req.text();
      const req = parseReq(raw);
      const denied = sellerOk(c, str(req.SellerId));
      if (denied) return denied;
      const target = obj(req.Target);
      const id = str(target.OrderId);
      const fields = str(target.Field).split(',').map((f) => f.trim()).filter(Boolean);
      if (!id) return yahooError(c, 400, 'Target/OrderId is required.');
      if (!fields.length) return yahooError(c, 400, 'Target/Field is required.');
      const order = orders.get(id);
      if (!order) return yahooError(c, 400, `OrderId ${id} does not exist.`);
      base.record(c, 'orders', raw);
      return xml(c, {
        ResultSet: { '@totalResultsAvailable': 1, '@totalResultsReturned': 1, '@firstResultPosition': 1, Result: { Status: 'OK', OrderInfo: infoFields(order, fields) } },
      });
    });

    // --- 出荷ステータス変更API ---
    routes.post(`${API}/orderShipStatusChange`, async (c) => {
      const raw = await c.req.text();
      const req = parseReq(raw);
      const denied = sellerOk(c, str(req.SellerId));
      if (denied) return denied;
      const target = obj(req.Target);
      const order = orders.get(str(target.OrderId));
      if (!order) return yahooError(c, 400, `OrderId ${str(target.OrderId)} does not exist.`);
      // "※出荷ステータスを変更する際は、必ずポイント確定要否をtrueに指定してください。"
      if (str(target.IsPointFix) !== 'true') return yahooError(c, 400, 'Target/IsPointFix must be true when the ship status changes.');
      const ship = obj(obj(req.Order).Ship);
      const status = str(ship.ShipStatus);
      if (!/^[0-4]$/.test(status)) return yahooError(c, 400, 'Order/Ship/ShipStatus must be 0..4.');
      if (order.info.OrderStatus === '4') return yahooError(c, 400, `Order ${order.info.OrderId} is cancelled.`);
      const company = str(ship.ShipCompanyCode) || order.Ship.ShipCompanyCode;
      if (company && !SHIP_COMPANY_CODES.has(company)) return yahooError(c, 400, `ShipCompanyCode ${company} is unknown.`);
      for (const key of ['ShipInvoiceNumber1', 'ShipInvoiceNumber2']) {
        const n = str(ship[key]);
        if (!n) continue;
        // "配送伝票番号は半角英数字と「-」記号のみ…「ヤマト運輸」…半角数字と「-」記号のみ、最大14byte…「日本郵便」…ハイフンを除いた文字列が11〜13桁のみ"
        const ok = /^[0-9A-Za-z-]{1,30}$/.test(n) && (company !== '1001' || /^[0-9-]{1,14}$/.test(n)) && (company !== '1003' || /^[0-9A-Za-z]{11,13}$/.test(n.replace(/-/g, '')));
        if (!ok) return yahooError(c, 400, `${key} is not a valid slip number for ShipCompanyCode ${company || '(none)'}.`);
      }
      for (const key of ['ShipDate', 'ArrivalDate']) if (str(ship[key]) && !/^\d{8}$/.test(str(ship[key]))) return yahooError(c, 400, `${key} must be YYYYMMDD.`);
      const isoDate = (d: string) => (d ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : '');
      Object.assign(order.Ship, {
        ShipStatus: status,
        ...(company ? { ShipCompanyCode: company } : {}),
        ...(str(ship.ShipInvoiceNumber1) ? { ShipInvoiceNumber1: str(ship.ShipInvoiceNumber1) } : {}),
        ...(str(ship.ShipInvoiceNumber2) ? { ShipInvoiceNumber2: str(ship.ShipInvoiceNumber2) } : {}),
        ...(str(ship.ShipMethod) ? { ShipMethod: str(ship.ShipMethod) } : {}),
        ...(str(ship.ShipUrl) ? { ShipUrl: str(ship.ShipUrl) } : {}),
        ...(str(ship.ShipDate) ? { ShipDate: isoDate(str(ship.ShipDate)) } : {}),
      });
      order.info.LastUpdateTime = jstWithOffset(new Date());
      base.record(c, 'shipment', raw);
      return xml(c, { ResultSet: { '@totalResultsAvailable': 1, '@totalResultsReturned': 1, '@ok': 1, '@ng': 0, Result: { Status: 'OK' } } });
    });

    // --- 注文ステータス変更API ---
    routes.post(`${API}/orderStatusChange`, async (c) => {
      const raw = await c.req.text();
      const req = parseReq(raw);
      const denied = sellerOk(c, str(req.SellerId));
      if (denied) return denied;
      const target = obj(req.Target);
      const id = str(target.OrderId);
      if (!id) return yahooError(c, 400, 'Target/OrderId is required.');
      const pointFix = str(target.IsPointFix);
      if (pointFix !== 'true' && pointFix !== 'false') return yahooError(c, 400, 'Target/IsPointFix is required (true or false).');
      const orderNode = obj(req.Order);
      const status = str(orderNode.OrderStatus);
      if (!/^[1-5]$/.test(status)) return yahooError(c, 400, 'Order/OrderStatus must be 1..5.');
      // "※注文ステータスを「完了」に変更する際は、必ずポイント確定要否をtrueに指定してください。"
      if (status === '5' && pointFix !== 'true') return yahooError(c, 400, 'Target/IsPointFix must be true when the order status becomes 5.');
      const reason = str(orderNode.CancelReason);
      if (status === '4' && !CANCEL_REASONS.has(reason)) return yahooError(c, 400, reason ? `CancelReason ${reason} is not a cancel reason code.` : 'Order/CancelReason is required when the order status becomes 4.');
      const order = orders.get(id);
      if (!order) return yahooError(c, 400, `OrderId ${id} does not exist.`);
      const from = order.info.OrderStatus;
      if (!(STATUS_MOVES[from] ?? []).includes(status)) {
        return yahooError(c, 400, from === '4' ? 'Cannot Be Operated : CancelOrder OrderStatus' : `Cannot Be Operated : OrderStatus ${from} to ${status}`);
      }
      Object.assign(order.info, { OrderStatus: status, IsSeen: 'true', LastUpdateTime: jstWithOffset(new Date()), ...(status === '4' ? { CancelReason: reason } : {}) });
      base.record(c, status === '4' ? 'cancel' : 'orderStatus', raw);
      return xml(c, { ResultSet: { '@totalResultsAvailable': 1, '@totalResultsReturned': 1, '@firstResultPosition': 1, Result: { Status: 'OK' } } });
    });

    /** The codes of a stock call, or an error answer when the call as a whole is refused. */
    const stockCodes = (c: Context, form: URLSearchParams) => {
      const denied = sellerOk(c, form.get('seller_id') ?? '');
      if (denied) return { error: denied };
      const codes = (form.get('item_code') ?? '').split(',').filter((s) => s !== '');
      if (!codes.length) return { error: yahooError(c, 400, 'item_code is required.', 'ed-00002') };
      if (codes.length > MAX_STOCK_CODES) return { error: yahooError(c, 400, `item_code takes at most ${MAX_STOCK_CODES} codes (got ${codes.length}).`, 'ed-00002') };
      return { codes };
    };
    const codeParts = (code: string) => {
      const [itemCode, subCode = ''] = code.split(':');
      return { ItemCode: itemCode, SubCode: subCode };
    };
    const currentQuantity = (code: string): number => items.get(code)?.quantity ?? pendingStock.get(code) ?? 0;

    // --- 在庫更新API ---
    routes.post(`${API}/setStock`, async (c) => {
      const raw = await c.req.text();
      const form = new URLSearchParams(raw);
      const parsed = stockCodes(c, form);
      if (parsed.error) return parsed.error;
      const codes = parsed.codes;
      const quantities = (form.get('quantity') ?? '').split(',');
      if (!form.get('quantity') || quantities.length !== codes.length) return yahooError(c, 400, 'quantity must give one value per item_code.', 'ed-00002');
      const rows = codes.map((code, i) => {
        const q = quantities[i].trim();
        const errors: string[] = [];
        // "使用できる文字は、共に半角英数字、ハイフン「-」になります。最大文字数は共に99文字です。"
        if (!/^[0-9A-Za-z-]{1,99}(:[0-9A-Za-z-]{1,99})?$/.test(code)) errors.push('st-02101');
        if (!/^[+-]?\d{1,9}$/.test(q)) errors.push('st-02104');
        const next = errors.length ? 0 : /^[+-]/.test(q) ? currentQuantity(code) + Number(q) : Number(q);
        return { code, next, errors };
      });
      // "在庫更新リクエスト内に1件でも加算、減算して999999999 or -999999999を超える値が含まれる場合、全ての在庫更新に失敗します。"
      if (rows.some((r) => Math.abs(r.next) > QUANTITY_LIMIT)) return yahooError(c, 400, 'A resulting quantity is out of range.', 'ed-00002');
      if (rows.some((r) => r.errors.length)) {
        // "指定した商品コードに対して1つでもエラーが発生した場合は、全ての更新を取り消します。": nothing is applied.
        const result = rows.map((r) => ({ ...codeParts(r.code), Quantity: r.errors.length ? '' : String(currentQuantity(r.code)), ...(r.errors.length ? { ErrorCode: r.errors.join(',') } : {}) }));
        return xml(c, { ResultSet: { '@totalResultsAvailable': rows.length, '@totalResultsReturned': rows.length, '@firstResultPosition': 1, Result: result } }, 207);
      }
      for (const r of rows) {
        const item = items.get(r.code);
        // "存在しない商品コード(item_code)にリクエストした場合…エラーレスポンスを返しません。": kept aside, nothing visible changes.
        if (item) item.quantity = r.next;
        else pendingStock.set(r.code, r.next);
      }
      base.record(c, 'stock', raw);
      const result = rows.map((r) => ({ ...codeParts(r.code), Quantity: String(r.next) }));
      return xml(c, { ResultSet: { '@totalResultsAvailable': rows.length, '@totalResultsReturned': rows.length, '@firstResultPosition': 1, Result: result } });
    });

    // --- 在庫参照API ---
    routes.post(`${API}/getStock`, async (c) => {
      const form = new URLSearchParams(await c.req.text());
      const parsed = stockCodes(c, form);
      if (parsed.error) return parsed.error;
      const rows = parsed.codes.map((code) => {
        const item = items.get(code);
        return item
          ? { ...codeParts(code), Status: '1', Quantity: String(item.quantity), AllowOverdraft: '0', IsPublished: '1', UpdateTime: jstWithOffset(new Date()), StockClose: '0' }
          : { ...codeParts(code), Status: '0' };
      });
      const ok = rows.filter((r) => r.Status === '1').length;
      return xml(c, {
        ResultSet: { '@totalResultsAvailable': rows.length, '@totalResultsReturned': rows.length, '@firstResultPosition': 1, '@ok': ok, '@ng': rows.length - ok, Result: rows },
      });
    });

    return {
      base,
      routes,
      addItems(list: FakeItem[]) {
        for (const i of list) {
          const code = yahooCode(i);
          const pending = pendingStock.get(code);
          pendingStock.delete(code);
          items.set(code, { ...i, quantity: pending ?? i.quantity });
        }
      },
      quantities: () => Object.fromEntries([...items.values()].map((i) => [itemKey(i), i.quantity])),
      placeOrder(spec: FakeOrderSpec) {
        orderCounter += 1;
        const orderId = spec.externalId ?? `${cfg().sellerId}-${10000000 + orderCounter}`;
        const order = buildOrder({ orderId, sellerId: cfg().sellerId, spec, items: [...items.values()], now: new Date() });
        // The mall's stock goes down with the sale, matched by the line's sku.
        for (const line of spec.lines) {
          const item = [...items.values()].find((i) => i.sku === line.sku);
          if (item) item.quantity = Math.max(0, item.quantity - line.quantity);
        }
        orders.set(orderId, order);
        return { id: orderId };
      },
      cancelOrder(id: string) {
        const order = orders.get(id);
        if (!order) return false;
        Object.assign(order.info, { OrderStatus: '4', CancelReason: '100', LastUpdateTime: jstWithOffset(new Date()) });
        return true;
      },
      throttled,
      configure(config: Record<string, unknown>) {
        if (config.revokeAccessTokens) tokens.clear();
      },
    };
  });
