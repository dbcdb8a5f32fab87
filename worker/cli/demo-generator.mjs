// The live side of `npm start`'s demo: the four sandbox stores (mall fakes on
// 127.0.0.1:8790, dev/demo-channels.ts) get their items and webhooks, then
//   - every KURA_DEMO_ORDERS_EVERY_MS (default 8 s, 0 = off) a Japanese shopper
//     orders on one of the stores, and now and then a store cancels an order;
//   - every KURA_DEMO_PULL_EVERY_MS (default 15 s, 0 = off) the Worker's
//     every-minute cron is fired through wrangler's /__scheduled, so Rakuten,
//     Yahoo! and Amazon orders are pulled within seconds (Shopify's arrive at
//     once by webhook);
//   - a SKU whose available stock falls below 5 is restocked through the API
//     (POST /api/v1/stock/adjustments), so the demo never runs dry.
// Everything goes through Kura's public API with a token of the demo admin.
import { DEMO_PRODUCTS, DEMO_STORES, demoStoreEndpoint } from '../dev/demo-channels.ts';

const TOKEN_NAME = 'デモ注文ジェネレーター (npm start)';
const TOKEN_SCOPES = ['stock:read', 'stock:write', 'orders:read', 'channels:read', 'channels:write'];
/** Restock below this, back up to RESTOCK_TO. */
const LOW = 5;
const RESTOCK_TO = 30;
const CANCEL_CHANCE = 0.1;
const CATALOGUE = new Set(DEMO_PRODUCTS.map((p) => p.sku));

const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const between = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const SHOPPERS = [
  ['佐藤 美咲', 'サトウ ミサキ', 'misaki.sato'],
  ['鈴木 健太', 'スズキ ケンタ', 'kenta.suzuki'],
  ['高橋 陽菜', 'タカハシ ヒナ', 'hina.takahashi'],
  ['田中 翔太', 'タナカ ショウタ', 'shota.tanaka'],
  ['伊藤 結衣', 'イトウ ユイ', 'yui.ito'],
  ['渡辺 大輔', 'ワタナベ ダイスケ', 'daisuke.watanabe'],
  ['山本 さくら', 'ヤマモト サクラ', 'sakura.yamamoto'],
  ['中村 拓海', 'ナカムラ タクミ', 'takumi.nakamura'],
  ['小林 愛', 'コバヤシ アイ', 'ai.kobayashi'],
  ['加藤 蓮', 'カトウ レン', 'ren.kato'],
  ['吉田 優奈', 'ヨシダ ユウナ', 'yuna.yoshida'],
  ['山口 悠真', 'ヤマグチ ユウマ', 'yuma.yamaguchi'],
  ['松本 葵', 'マツモト アオイ', 'aoi.matsumoto'],
  ['井上 陸', 'イノウエ リク', 'riku.inoue'],
];

/** [postal code, prefecture, city, town] */
const PLACES = [
  ['150-0041', '東京都', '渋谷区', '神南1丁目'],
  ['113-0033', '東京都', '文京区', '本郷3丁目'],
  ['530-0001', '大阪府', '大阪市北区', '梅田2丁目'],
  ['460-0008', '愛知県', '名古屋市中区', '栄3丁目'],
  ['060-0042', '北海道', '札幌市中央区', '大通西4丁目'],
  ['812-0011', '福岡県', '福岡市博多区', '博多駅前2丁目'],
  ['980-0021', '宮城県', '仙台市青葉区', '中央1丁目'],
  ['220-0011', '神奈川県', '横浜市西区', '高島2丁目'],
  ['600-8216', '京都府', '京都市下京区', '東塩小路町'],
  ['730-0011', '広島県', '広島市中区', '基町'],
  ['900-0015', '沖縄県', '那覇市', '久茂地1丁目'],
  ['380-0823', '長野県', '長野市', '南千歳1丁目'],
  ['760-0019', '香川県', '高松市', 'サンポート'],
  ['330-0854', '埼玉県', 'さいたま市大宮区', '桜木町1丁目'],
];

const BUILDINGS = ['コーポ桜', 'メゾン青葉', 'グランドハイツ', 'パークサイド', 'サンライズマンション'];
const SLOTS = ['午前中', '14-16', '16-18', '18-20', '19-21'];

const mobile = () => `0${pick(['90', '80', '70'])}-${between(1000, 9999)}-${between(1000, 9999)}`;
const jstDate = (daysAhead) => new Date(Date.now() + 9 * 3600_000 + daysAhead * 86_400_000).toISOString().slice(0, 10);

/** A plausible order: a shopper somewhere in Japan, 1–2 lines of the demo catalogue, 1–2 each. */
const randomOrder = (store) => {
  const [name, kana, mailbox] = pick(SHOPPERS);
  const [postalCode, prefecture, city, town] = pick(PLACES);
  const phone = mobile();
  const products = [...DEMO_PRODUCTS].sort(() => Math.random() - 0.5).slice(0, Math.random() < 0.7 ? 1 : 2);
  const lines = products.map((p) => ({ sku: p.sku, quantity: Math.random() < 0.75 ? 1 : 2, unitPrice: p.price, name: p.name }));
  const subtotal = lines.reduce((n, l) => n + l.quantity * l.unitPrice, 0);
  const payment = pick(store.payments);
  const gift = Math.random() < 0.15 ? pick(SHOPPERS)[0] : null;
  return {
    customer: { name, kana, email: `${mailbox}${between(1, 99)}@example.jp`, phone },
    shipTo: {
      name: gift ?? name,
      postalCode,
      prefecture,
      city,
      address1: `${town}${between(1, 20)}-${between(1, 30)}`,
      ...(Math.random() < 0.4 ? { address2: `${pick(BUILDINGS)} ${between(1, 9)}0${between(1, 5)}` } : {}),
      phone: gift ? mobile() : phone,
    },
    lines,
    payment,
    paid: payment !== 'cod',
    shippingFee: subtotal >= 5000 ? 0 : 550,
    ...(Math.random() < 0.3 ? { desiredDate: jstDate(between(3, 6)), timeSlot: pick(SLOTS) } : {}),
    ...(gift ? { note: 'ギフト包装希望' } : {}),
  };
};

const call = async (url, init = {}) => {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url.replace(/^https?:\/\/[^/]+/, '')}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
};
const post = (url, body, headers = {}) => call(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Tells each store's fake which items it lists (the same remote ids as the channel's listings) and how many to show. */
export const registerDemoItems = async (fakesUrl, quantityOf = () => 0) => {
  for (const store of DEMO_STORES) {
    await post(`${demoStoreEndpoint(fakesUrl, store.type)}/__fake/items`, store.listings.map((l) => ({ ...l, quantity: quantityOf(l.sku) })));
  }
};

/**
 * Signs in as the demo admin and makes the generator's API token, revoking the
 * one an earlier run made (so tokens do not pile up on the 設定 page).
 */
const demoToken = async (base) => {
  let login;
  for (let attempt = 0; ; attempt++) {
    login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ account: 'demo', loginId: 'admin', password: 'DemoPassword2026' }),
    });
    if (login.status !== 429 || attempt >= 3) break;
    await sleep(Math.min(60, Number(login.headers.get('retry-after') ?? 10)) * 1000);
  }
  if (!login.ok) throw new Error(`demo admin sign-in answered ${login.status} ${(await login.text()).slice(0, 200)}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const session = { cookie, origin: base, 'x-csrf-token': (await call(`${base}/api/v1/me`, { headers: { cookie } })).csrfToken };
  const old = (await call(`${base}/api/v1/api-tokens`, { headers: { cookie } })).items.filter((t) => t.name === TOKEN_NAME && !t.revokedAt);
  for (const t of old) await call(`${base}/api/v1/api-tokens/${t.id}`, { method: 'DELETE', headers: session });
  const { token } = await post(`${base}/api/v1/api-tokens`, { name: TOKEN_NAME, scopes: TOKEN_SCOPES }, session);
  await call(`${base}/api/v1/auth/logout`, { method: 'POST', headers: session }).catch(() => {});
  return token;
};

/**
 * Connects the demo stores (`stores`: the seed's answer, [{type, id}]) to
 * their fakes and starts the generator and the pull timer. Answers stop().
 */
export const startDemo = async ({ base, fakesUrl, stores, ordersEveryMs = 8000, pullEveryMs = 15_000, log = console.log }) => {
  const byType = new Map(stores.map((s) => [s.type, s]));
  const token = await demoToken(base);
  const api = (path, init = {}) => call(`${base}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

  /** The demo catalogue's stock rows (paging on, should the account hold many more SKUs). */
  const stockLevels = async () => {
    const found = [];
    let cursor = null;
    do {
      const page = await api(`/stock?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      found.push(...page.items.filter((s) => CATALOGUE.has(s.code)));
      cursor = page.nextCursor;
    } while (cursor && found.length < CATALOGUE.size);
    return found;
  };

  // Shopify delivers its order webhooks to the channel, signed with the channel's secret.
  const shopify = byType.get('shopify');
  const shopifyStore = DEMO_STORES.find((s) => s.type === 'shopify');
  if (shopify) {
    await post(`${demoStoreEndpoint(fakesUrl, 'shopify')}/__fake/config`, { webhookUrl: `${base}/hooks/shopify/${shopify.id}`, webhookSecret: shopifyStore.credentials.webhookSecret });
  }

  // Amazon's getOrders allows one call a minute (burst 20), which the every-minute cron keeps to;
  // fired faster than that, three pulls in four would be refused, so the demo store lifts its limits.
  if (byType.has('amazon') && pullEveryMs > 0 && pullEveryMs < 60_000) await post(`${demoStoreEndpoint(fakesUrl, 'amazon')}/__fake/config`, { rateLimits: false });

  // The stores show what Kura has now; a full sync then records it on every channel (pushed, read back).
  const levels = await stockLevels();
  const available = new Map(levels.map((s) => [s.code, s.available]));
  await registerDemoItems(fakesUrl, (sku) => available.get(sku) ?? 0);
  for (const s of stores) await api(`/channels/${s.id}/sync`, { method: 'POST', body: JSON.stringify({ what: 'full' }) });

  // Order numbers that the fakes would restart from 1 after a restart carry on from Kura's newest.
  const newest = async (type) => (byType.get(type) ? (await api(`/orders?channelId=${byType.get(type).id}&limit=1`)).items[0]?.externalId : undefined);
  let shopifyNumber = Number(/^#(\d+)$/.exec((await newest('shopify')) ?? '')?.[1] ?? 1000);
  let yahooNumber = Number(/-(\d+)$/.exec((await newest('yahoo')) ?? '')?.[1] ?? 10000000);
  const externalIdFor = (type) => {
    if (type === 'shopify') return `#${++shopifyNumber}`;
    if (type === 'yahoo') return `${DEMO_STORES.find((s) => s.type === 'yahoo').credentials.sellerId}-${++yahooNumber}`;
    return undefined; // Rakuten's and Amazon's fakes make numbers no restart repeats
  };

  const placed = [];
  const restock = async () => {
    // The demo catalogue's own SKUs only (a set has no stock of its own: its components are restocked).
    const low = (await stockLevels()).filter((s) => !s.isSet && s.managed && s.available < LOW);
    if (!low.length) return;
    await api('/stock/adjustments', {
      method: 'POST',
      // available = on hand − reserved − safety stock, floored at 0: the delta lifts it to RESTOCK_TO even from below 0.
      body: JSON.stringify({ items: low.map((s) => ({ sku: s.code, mode: 'delta', quantity: RESTOCK_TO - (s.onHand - s.reserved - s.safetyStock), reason: 'デモ入荷(自動補充)' })) }),
    });
    log(`demo: restocked ${low.map((s) => `${s.code} ${s.available}→${RESTOCK_TO}`).join(', ')}`);
  };

  const tick = async () => {
    await restock();
    const cancellable = placed.filter((o) => !o.cancelled && Date.now() - o.at > 30_000);
    if (cancellable.length && Math.random() < CANCEL_CHANCE) {
      const o = pick(cancellable);
      o.cancelled = true;
      await post(`${demoStoreEndpoint(fakesUrl, o.type)}/__fake/orders/${encodeURIComponent(o.id)}/cancel`, {});
      log(`demo: ${o.store} cancelled order ${o.id}`);
      return;
    }
    const store = pick(DEMO_STORES.filter((s) => byType.has(s.type)));
    const spec = randomOrder(store);
    const externalId = externalIdFor(store.type);
    const { id } = await post(`${demoStoreEndpoint(fakesUrl, store.type)}/__fake/orders`, externalId ? { ...spec, externalId } : spec);
    placed.push({ type: store.type, store: store.name, id, at: Date.now(), cancelled: false });
    if (placed.length > 50) placed.shift();
    log(`demo: ${store.name} order ${id} ${spec.shipTo.prefecture} ${spec.lines.map((l) => `${l.sku}×${l.quantity}`).join(' ')}`);
  };

  // The every-minute cron, fired on demand (wrangler dev --test-scheduled).
  const pull = async () => {
    const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent('* * * * *').replace(/%20/g, '+')}`, { signal: AbortSignal.timeout(20_000) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`/__scheduled answered ${res.status}`);
  };

  const timers = [];
  const every = (ms, what, fn) => {
    let busy = false;
    let failures = 0;
    timers.push(
      setInterval(async () => {
        if (busy) return;
        busy = true;
        try {
          await fn();
          failures = 0;
        } catch (e) {
          // One line per run of failures: wrangler restarting, or a helper stopping Kura, should not flood the log.
          if (failures++ === 0) log(`demo: ${what} failed: ${e instanceof Error ? e.message : e}`);
        } finally {
          busy = false;
        }
      }, ms),
    );
  };
  if (ordersEveryMs > 0) {
    await restock().catch((e) => log(`demo: restock failed: ${e.message}`));
    every(ordersEveryMs, 'order generator', tick);
  }
  if (pullEveryMs > 0) every(pullEveryMs, 'order pull (/__scheduled)', pull);
  return {
    stop: () => {
      for (const t of timers) clearInterval(t);
    },
  };
};
