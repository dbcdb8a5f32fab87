/**
 * RakutenPayOrderAPI as the fake serves it: searchOrder, getOrder, updateOrderShipping, cancelOrder.
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/searchorder/
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/getorder/
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/updateordershipping/
 * https://webservice.rms.rakuten.co.jp/merchant-portal/view/ja/common/1-1_service_index/rakutenpayorderapi/cancelorder/
 *   (キャンセル申請: orderNumber, inventoryRestoreType 0 商品設定に合わせる / 1 在庫連動する / 2 在庫連動しない,
 *   changeReasonDetailApply お客様都合 1–6, 店舗様都合 8, 10, 13, 14, 15; only for orderProgress 100, 200, 300;
 *   success ORDER_EXT_API_CANCEL_ORDER_INFO_101 "キャンセル申請に成功しました。" with the orderNumber)
 *
 * Errors come back as HTTP 400 with MessageModelList [{messageType: "ERROR",
 * messageCode, message}], like the documented samples (…_ERROR_009 "dateTypeの
 * 項目を指定して下さい。", …_ERROR_011 "startDatetimeの書式が不正です。",
 * ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011 "shippingDateの書式が不正です。").
 * The public copies of the docs do not show the codes for "range over 63 days",
 * "more than 100 order numbers", "page size over 1000" or "status does not allow
 * shipping"; those codes are marked (unconfirmed) below and the adapter never
 * relies on a code, only on messageType ERROR. cancelOrder's error codes are not in the
 * public copies either: all of them are marked (unconfirmed).
 */
import type { Context, Hono } from 'hono';
import type { FakeBase } from '../harness.ts';
import { DELIVERY_COMPANIES, jstDatetime, parseJst, RMS_DATETIME, type RmsOrder, type Shop } from './model.ts';

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 63;
const MAX_PAST_DAYS = 730;
const MAX_RECORDS = 1000;
const MAX_GET_ORDER = 100;
const GET_ORDER_VERSIONS = [3, 4, 5, 6, 7, 8, 9, 10];

const msg = (messageType: 'INFO' | 'ERROR' | 'WARNING', messageCode: string, message: string, extra: Record<string, unknown> = {}) => ({ messageType, messageCode, message, ...extra });

const SEARCH = {
  ok: () => msg('INFO', 'ORDER_EXT_API_SEARCH_ORDER_INFO_101', '注文検索に成功しました。'),
  none: () => msg('INFO', 'ORDER_EXT_API_SEARCH_ORDER_INFO_102', '注文検索に成功しました。(検索結果０件)'),
  dateTypeMissing: () => msg('ERROR', 'ORDER_EXT_API_SEARCH_ORDER_ERROR_009', 'dateTypeの項目を指定して下さい。'),
  missing: (f: string) => msg('ERROR', 'ORDER_EXT_API_SEARCH_ORDER_ERROR_010', `${f}の値を指定して下さい。`),
  format: (f: string) => msg('ERROR', 'ORDER_EXT_API_SEARCH_ORDER_ERROR_011', `${f}の書式が不正です。`),
  // (unconfirmed codes)
  range: () => msg('ERROR', 'ORDER_EXT_API_SEARCH_ORDER_ERROR_013', `期間検索の終了日時は開始日時から${MAX_RANGE_DAYS}日以内で指定して下さい。`),
  past: () => msg('ERROR', 'ORDER_EXT_API_SEARCH_ORDER_ERROR_014', `期間検索開始日時は過去${MAX_PAST_DAYS}日以内で指定して下さい。`),
  records: () => msg('ERROR', 'ORDER_EXT_API_SEARCH_ORDER_ERROR_016', `requestRecordsAmountは${MAX_RECORDS}以下で指定して下さい。`),
};

const GET = {
  ok: () => msg('INFO', 'ORDER_EXT_API_GET_ORDER_INFO_101', '受注情報取得に成功しました。'),
  listMissing: () => msg('ERROR', 'ORDER_EXT_API_GET_ORDER_ERROR_009', 'orderNumberListの項目を指定してください。'),
  // (unconfirmed codes)
  tooMany: () => msg('ERROR', 'ORDER_EXT_API_GET_ORDER_ERROR_010', `orderNumberListは${MAX_GET_ORDER}件以内で指定してください。`),
  version: () => msg('ERROR', 'ORDER_EXT_API_GET_ORDER_ERROR_020', 'versionの値が不正です。'),
  notFound: (orderNumber: string) => msg('WARNING', 'ORDER_EXT_API_GET_ORDER_WARNING_101', '指定された注文番号は存在しません。', { orderNumber }),
};

const SHIP = {
  added: (dataNumber: number, shippingDetailId: number) => msg('INFO', 'ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_101', '発送情報の追加設定が完了しました。', { dataNumber, shippingDetailId }),
  updated: (dataNumber: number, shippingDetailId: number) => msg('INFO', 'ORDER_EXT_API_UPDATE_ORDERSHIPPING_INFO_102', '発送情報の更新設定が完了しました。', { dataNumber, shippingDetailId }),
  format: (f: string, dataNumber: number | null, shippingDetailId: number | null = null) => msg('ERROR', 'ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011', `${f}の書式が不正です。`, { dataNumber, shippingDetailId }),
  // (unconfirmed codes)
  order: () => msg('ERROR', 'ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_001', '指定された注文番号は存在しません。', { dataNumber: null, shippingDetailId: null }),
  basket: (dataNumber: number) => msg('ERROR', 'ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_002', '指定された送付先IDは存在しません。', { dataNumber, shippingDetailId: null }),
  status: () => msg('ERROR', 'ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_003', 'この注文のステータスでは発送情報を更新できません。', { dataNumber: null, shippingDetailId: null }),
};

const CANCEL = {
  ok: (orderNumber: string) => msg('INFO', 'ORDER_EXT_API_CANCEL_ORDER_INFO_101', 'キャンセル申請に成功しました。', { orderNumber }),
  // (unconfirmed codes)
  missing: (f: string) => msg('ERROR', 'ORDER_EXT_API_CANCEL_ORDER_ERROR_001', `${f}の値を指定して下さい。`, { orderNumber: null }),
  format: (f: string, orderNumber: string | null) => msg('ERROR', 'ORDER_EXT_API_CANCEL_ORDER_ERROR_002', `${f}の値が不正です。`, { orderNumber }),
  order: (orderNumber: string) => msg('ERROR', 'ORDER_EXT_API_CANCEL_ORDER_ERROR_003', '指定された注文番号は存在しません。', { orderNumber }),
  status: (orderNumber: string) => msg('ERROR', 'ORDER_EXT_API_CANCEL_ORDER_ERROR_004', 'この注文のステータスではキャンセル申請できません。', { orderNumber }),
};

/** 在庫連動区分 and キャンセル理由 as the cancelOrder page lists them. */
const INVENTORY_RESTORE_TYPES = [0, 1, 2];
export const CANCEL_REASON_DETAILS: Record<number, { byCustomer: boolean; label: string }> = {
  1: { byCustomer: true, label: 'キャンセル' },
  2: { byCustomer: true, label: '受取後の返品' },
  3: { byCustomer: true, label: '長期不在による受取拒否' },
  4: { byCustomer: true, label: '未入金' },
  5: { byCustomer: true, label: '代引決済の受取拒否' },
  6: { byCustomer: true, label: 'その他' },
  8: { byCustomer: false, label: '欠品' },
  10: { byCustomer: false, label: 'その他' },
  13: { byCustomer: false, label: '発送遅延' },
  14: { byCustomer: false, label: '顧客・配送対応注意表示' },
  15: { byCustomer: false, label: '返品（破損・品間違い）' },
};

/** searchOrder dateType → the OrderModel field it searches. */
const DATE_FIELDS: Record<number, keyof RmsOrder> = { 1: 'orderDatetime', 2: 'shopOrderCfmDatetime', 3: 'orderFixDatetime', 5: 'shippingCmplRptDatetime' };

const readBody = async (c: Context): Promise<Record<string, unknown> | null> => {
  try {
    const b = await c.req.json();
    return b && typeof b === 'object' ? (b as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

export const mountOrderRoutes = (app: Hono, shop: Shop, base: FakeBase, searchCap: () => number) => {
  app.post('/es/2.0/order/searchOrder/', async (c) => {
    const b = (await readBody(c)) ?? {};
    const errors = [];
    const dateType = b.dateType as number | undefined;
    if (dateType == null) errors.push(SEARCH.dateTypeMissing());
    else if (![1, 2, 3, 4, 5, 6].includes(dateType)) errors.push(SEARCH.format('dateType'));
    const start = parseJst(b.startDatetime as string);
    const end = parseJst(b.endDatetime as string);
    for (const [f, v, t] of [['startDatetime', b.startDatetime, start], ['endDatetime', b.endDatetime, end]] as const) {
      if (v == null || v === '') errors.push(SEARCH.missing(f));
      else if (t === null || !RMS_DATETIME.test(String(v))) errors.push(SEARCH.format(f));
    }
    if (start !== null && end !== null) {
      if (end - start > MAX_RANGE_DAYS * DAY || end < start) errors.push(SEARCH.range());
      if (start < Date.now() - MAX_PAST_DAYS * DAY) errors.push(SEARCH.past());
    }
    const paging = (b.PaginationRequestModel ?? {}) as { requestRecordsAmount?: number; requestPage?: number; SortModelList?: { sortColumn?: number; sortDirection?: number }[] };
    const amount = paging.requestRecordsAmount ?? 30;
    const page = paging.requestPage ?? 1;
    if (!Number.isInteger(amount) || amount < 1 || amount > MAX_RECORDS) errors.push(SEARCH.records());
    if (!Number.isInteger(page) || page < 1) errors.push(SEARCH.format('requestPage'));
    base.record(c, 'orders', b);
    if (errors.length) return c.json({ orderNumberList: null, MessageModelList: errors, PaginationResponseModel: null }, 400);

    const field = DATE_FIELDS[dateType!];
    const progress = Array.isArray(b.orderProgressList) ? (b.orderProgressList as number[]) : null;
    const direction = paging.SortModelList?.[0]?.sortDirection ?? 2;
    const found = [...shop.orders.values()]
      .filter((o) => {
        const t = field ? parseJst(o[field] as string | null) : null;
        return t !== null && t >= start! && t <= end! && (!progress || progress.includes(o.orderProgress));
      })
      .sort((x, y) => (parseJst(x.orderDatetime)! - parseJst(y.orderDatetime)!) * (direction === 1 ? 1 : -1) || x.orderNumber.localeCompare(y.orderNumber));
    if (found.length === 0) {
      return c.json({ orderNumberList: [], MessageModelList: [SEARCH.none()], PaginationResponseModel: { totalRecordsAmount: null, totalPages: null, requestPage: null } });
    }
    // RMS hands out at most the first 15,000 results of a search (the total still counts them all).
    const reachable = found.slice(0, searchCap());
    return c.json({
      orderNumberList: reachable.slice((page - 1) * amount, page * amount).map((o) => o.orderNumber),
      MessageModelList: [SEARCH.ok()],
      PaginationResponseModel: { totalRecordsAmount: found.length, totalPages: Math.ceil(reachable.length / amount), requestPage: page },
    });
  });

  app.post('/es/2.0/order/getOrder/', async (c) => {
    const b = (await readBody(c)) ?? {};
    base.record(c, 'orders', b);
    const list = b.orderNumberList;
    const errors = [];
    if (!Array.isArray(list) || list.length === 0) errors.push(GET.listMissing());
    else if (list.length > MAX_GET_ORDER) errors.push(GET.tooMany());
    if (!GET_ORDER_VERSIONS.includes(Number(b.version))) errors.push(GET.version());
    if (errors.length) return c.json({ MessageModelList: errors, OrderModelList: [], version: b.version ?? null }, 400);
    const messages = [];
    const models = [];
    for (const n of list as string[]) {
      const o = shop.orders.get(n);
      if (o) models.push(o);
      else messages.push(GET.notFound(n));
    }
    if (models.length) messages.unshift(GET.ok());
    return c.json({ MessageModelList: messages, OrderModelList: models, version: Number(b.version) });
  });

  app.post('/es/2.0/order/cancelOrder/', async (c) => {
    const b = await readBody(c);
    if (!b) return c.json({ MessageModelList: [CANCEL.missing('orderNumber')] }, 400);
    const orderNumber = typeof b.orderNumber === 'string' ? b.orderNumber : '';
    if (!orderNumber) return c.json({ MessageModelList: [CANCEL.missing('orderNumber')] }, 400);
    const errors = [];
    // Both are documented as required integers from their lists; a string "2" is not one of them.
    if (b.inventoryRestoreType == null) errors.push(CANCEL.missing('inventoryRestoreType'));
    else if (!INVENTORY_RESTORE_TYPES.includes(b.inventoryRestoreType as number)) errors.push(CANCEL.format('inventoryRestoreType', orderNumber));
    if (b.changeReasonDetailApply == null) errors.push(CANCEL.missing('changeReasonDetailApply'));
    else if (typeof b.changeReasonDetailApply !== 'number' || !CANCEL_REASON_DETAILS[b.changeReasonDetailApply]) errors.push(CANCEL.format('changeReasonDetailApply', orderNumber));
    if (errors.length) return c.json({ MessageModelList: errors }, 400);
    const order = shop.orders.get(orderNumber);
    if (!order) return c.json({ MessageModelList: [CANCEL.order(orderNumber)] }, 400);
    // "次のステータスの注文にのみ有効 100: 注文確認待ち 200: 楽天処理中 300: 発送待ち"
    if (![100, 200, 300].includes(order.orderProgress)) return c.json({ MessageModelList: [CANCEL.status(orderNumber)] }, 400);
    const detail = b.changeReasonDetailApply as number;
    shop.applyCancel(order, { inventoryRestoreType: b.inventoryRestoreType as number, changeReasonDetail: detail, byCustomer: CANCEL_REASON_DETAILS[detail].byCustomer });
    base.record(c, 'cancel', b);
    return c.json({ MessageModelList: [CANCEL.ok(orderNumber)] });
  });

  app.post('/es/2.0/order/updateOrderShipping/', async (c) => {
    const b = (await readBody(c)) ?? {};
    const order = shop.orders.get(String(b.orderNumber ?? ''));
    if (!order) return c.json({ MessageModelList: [SHIP.order()] }, 400);
    if (order.orderProgress < 300 || order.orderProgress > 700) return c.json({ MessageModelList: [SHIP.status()] }, 400);
    const baskets = Array.isArray(b.BasketidModelList) ? (b.BasketidModelList as { basketId?: number; ShippingModelList?: Record<string, unknown>[] }[]) : [];
    if (baskets.length === 0) return c.json({ MessageModelList: [SHIP.format('BasketidModelList', null)] }, 400);

    // Validate everything first: RMS applies a request entirely or not at all.
    const errors = [];
    let n = 0;
    for (const basket of baskets) {
      const pkg = order.PackageModelList.find((p) => p.basketId === basket.basketId);
      const models = basket.ShippingModelList ?? [];
      if (!pkg) errors.push(SHIP.basket(n + 1));
      if (models.length === 0 || models.length > 20) errors.push(SHIP.format('ShippingModelList', n + 1));
      for (const m of models) {
        n += 1;
        const id = (m.shippingDetailId as number | null | undefined) ?? null;
        if (m.deliveryCompany != null && !DELIVERY_COMPANIES[String(m.deliveryCompany)]) errors.push(SHIP.format('deliveryCompany', n, id));
        if (m.shippingDate != null && m.shippingDate !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(String(m.shippingDate))) errors.push(SHIP.format('shippingDate', n, id));
        if (m.shippingNumber != null && String(m.shippingNumber).length > 120) errors.push(SHIP.format('shippingNumber', n, id));
        if (id !== null && pkg && !pkg.ShippingModelList.some((s) => s.shippingDetailId === id)) errors.push(SHIP.format('shippingDetailId', n, id));
      }
    }
    if (errors.length) return c.json({ MessageModelList: errors }, 400);

    base.record(c, 'shipment', b);
    const messages = [];
    n = 0;
    for (const basket of baskets) {
      const pkg = order.PackageModelList.find((p) => p.basketId === basket.basketId)!;
      for (const m of basket.ShippingModelList ?? []) {
        n += 1;
        const company = m.deliveryCompany != null ? String(m.deliveryCompany) : null;
        const existing = m.shippingDetailId != null ? pkg.ShippingModelList.find((s) => s.shippingDetailId === m.shippingDetailId) : undefined;
        if (existing) {
          if (company) Object.assign(existing, { deliveryCompany: company, deliveryCompanyName: DELIVERY_COMPANIES[company] });
          if (m.shippingNumber !== undefined) existing.shippingNumber = (m.shippingNumber as string) || null;
          if (m.shippingDate !== undefined) existing.shippingDate = (m.shippingDate as string) || null;
          messages.push(SHIP.updated(n, existing.shippingDetailId));
        } else {
          const added = {
            shippingDetailId: shop.id(),
            shippingNumber: (m.shippingNumber as string) ?? null,
            deliveryCompany: company,
            deliveryCompanyName: company ? DELIVERY_COMPANIES[company] : null,
            shippingDate: (m.shippingDate as string) ?? null,
          };
          pkg.ShippingModelList.push(added);
          messages.push(SHIP.added(n, added.shippingDetailId));
        }
      }
    }
    // 発送完了報告: a 発送待ち order with a ship date on every 送付先 becomes 発送済.
    if (order.orderProgress === 300 && order.PackageModelList.every((p) => p.ShippingModelList.some((s) => s.shippingDate))) {
      order.orderProgress = 500;
      order.shippingCmplRptDatetime = jstDatetime(new Date());
    }
    return c.json({ MessageModelList: messages });
  });
};
