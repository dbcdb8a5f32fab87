import { shopProfiles } from '../shop/schema';
import { carrierSettings } from '../orders/carriers/schema';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Env } from '../env';
import { ledgerOf } from '../stock/service';
import { createAccount } from '../accounts/create';
import { findAccountByCode } from '../accounts/service';
import { newUserRow } from '../users/service';
import { users } from '../users/schema';
import { createChannel } from '../channels/service';
import { channelListings, channels } from '../channels/schema';
import { DEMO_STORE_SETTINGS, DEMO_STORES, demoStoreEndpoint } from './demo-channels';

/** The demo logins printed by `npm start` and listed in the README. */
export const DEMO = {
  account: 'demo',
  admin: { loginId: 'admin', password: 'DemoPassword2026' },
  operator: { loginId: 'operator', password: 'ShelfKeeper2026' },
  viewer: { loginId: 'viewer', password: 'ReadOnlyView2026' },
  platform: { account: 'kura-ops', loginId: 'root', password: 'PlatformPass2026' },
} as const;

/**
 * Seeds the local demo: account `demo` with an admin, an operator and a
 * viewer, and the platform operator's account. Idempotent: an existing
 * account is left as it is. Reachable only in development (dev/routes.ts).
 *
 * With `opts.stores` (the base URL of the mall fakes, which `npm start`
 * serves), the demo account also gets its four sandbox stores
 * (dev/demo-channels.ts). Without it no channel is made: the browser tests and
 * benchmarks seed too, and have no stores to talk to.
 */
export const seedDemo = async (env: Env, db: Db, opts: { stores?: string } = {}) => {
  const created: string[] = [];
  let demo = await findAccountByCode(db, DEMO.account);
  if (!demo) {
    await createAccount(db, {
      code: DEMO.account,
      name: 'デモ商店',
      adminEmail: 'admin@demo.example',
      admin: { loginId: DEMO.admin.loginId, name: '管理者 太郎', password: DEMO.admin.password, phone: '090-0000-0001' },
    });
    demo = (await findAccountByCode(db, DEMO.account))!;
    created.push(DEMO.account);
  }
  const staff = [
    { loginId: DEMO.operator.loginId, name: '運用 花子', email: 'operator@demo.example', role: 'operator' as const, password: DEMO.operator.password },
    { loginId: DEMO.viewer.loginId, name: '閲覧 次郎', email: 'viewer@demo.example', role: 'viewer' as const, password: DEMO.viewer.password },
  ];
  for (const u of staff) {
    const exists = await db.select({ id: users.id }).from(users).where(and(eq(users.accountId, demo.id), eq(users.loginId, u.loginId))).limit(1);
    if (!exists.length) {
      await db.insert(users).values(await newUserRow(demo.id, u));
      created.push(`${DEMO.account}/${u.loginId}`);
    }
  }
  if (await seedDemoStock(env, demo.id)) created.push(`${DEMO.account}/stock`);
  if (await seedDemoDocuments(db, demo.id)) created.push(`${DEMO.account}/shop`);
  if (!(await findAccountByCode(db, DEMO.platform.account))) {
    await createAccount(db, {
      code: DEMO.platform.account,
      name: 'Kura 運営',
      adminEmail: 'ops@kura.example',
      isPlatform: true,
      admin: { loginId: DEMO.platform.loginId, name: '運営 管理者', password: DEMO.platform.password },
    });
    created.push(DEMO.platform.account);
  }
  if (!opts.stores) return { created };
  const stores = await seedDemoStores(env, db, demo.id, opts.stores, created);
  return { created, stores };
};

/**
 * One channel per mall on the fakes at `fakesUrl`, with its listings. A store
 * is found again by mall and name: an existing one keeps its settings and
 * credentials, gets its endpoint pointed at `fakesUrl` if it moved, and gets
 * back only listings that are missing (none it has are changed). Nothing is
 * pushed here: `npm start` tells the fakes about the items first, then syncs.
 */
const seedDemoStores = async (env: Env, db: Db, accountId: string, fakesUrl: string, created: string[]) => {
  const existing = await db.select().from(channels).where(eq(channels.accountId, accountId));
  const out: { type: string; id: string; name: string; endpoint: string }[] = [];
  for (const store of DEMO_STORES) {
    const endpoint = demoStoreEndpoint(fakesUrl, store.type);
    let channel = existing.find((c) => c.type === store.type && c.name === store.name);
    if (!channel) {
      channel = await createChannel(env, db, accountId, { type: store.type, name: store.name, endpoint, credentials: store.credentials, settings: DEMO_STORE_SETTINGS });
      created.push(`${DEMO.account}/channel:${store.type}`);
    } else if (channel.endpoint !== endpoint) {
      await db.update(channels).set({ endpoint, updatedAt: new Date().toISOString() }).where(and(eq(channels.accountId, accountId), eq(channels.id, channel.id)));
      created.push(`${DEMO.account}/channel:${store.type}:endpoint`);
    }
    const channelId = channel.id;
    const listed = new Set(
      (await db.select({ sku: channelListings.sku }).from(channelListings).where(and(eq(channelListings.accountId, accountId), eq(channelListings.channelId, channelId)))).map((l) => l.sku),
    );
    const missing = store.listings.filter((l) => !listed.has(l.sku));
    if (missing.length) {
      const now = new Date().toISOString();
      await db
        .insert(channelListings)
        .values(missing.map((l) => ({ accountId, channelId, sku: l.sku, remoteId: l.remoteId, remoteVariantId: l.remoteVariantId ?? null, updatedAt: now })))
        .onConflictDoNothing();
      created.push(`${DEMO.account}/channel:${store.type}/listings`);
    }
    out.push({ type: store.type, id: channelId, name: store.name, endpoint });
  }
  return out;
};

/** A small catalogue for the demo shop: a T-shirt in colours × sizes, a tote, a cap and a gift set. */
const DEMO_SKUS = [
  ...['ホワイト', 'ネイビー'].flatMap((colour, ci) =>
    ['S', 'M', 'L'].map((size, si) => ({
      code: `TS-${ci === 0 ? 'WHT' : 'NVY'}-${size}`,
      name: `オーガニックコットンTシャツ ${colour} ${size}`,
      axis1: colour,
      axis2: size,
      janCode: `49012345${String(ci * 3 + si).padStart(4, '0')}0`,
      safetyStock: 2,
      reorderPoint: 10,
      stock: [24, 36, 8, 12, 5, 0][ci * 3 + si],
      shelfNumber: `A-0${ci + 1}-${si + 1}`,
    })),
  ),
  { code: 'TOTE-NAT', name: '帆布トートバッグ ナチュラル', axis1: 'ナチュラル', axis2: null, janCode: '4901234599014', safetyStock: 0, reorderPoint: 5, stock: 40, shelfNumber: 'B-01-1' },
  { code: 'CAP-BLK', name: 'ロゴキャップ ブラック', axis1: 'ブラック', axis2: null, janCode: '0490123459902', safetyStock: 1, reorderPoint: 3, stock: 3, shelfNumber: 'B-02-1' },
];

const seedDemoStock = async (env: Env, accountId: string): Promise<boolean> => {
  const stub = ledgerOf(env, accountId);
  if (await stub.getStock(accountId, 'TOTE-NAT')) return false;
  for (const s of DEMO_SKUS) {
    const { stock: _stock, ...sku } = s;
    await stub.upsertSku(accountId, sku, 'create');
  }
  await stub.upsertSku(accountId, { code: 'GIFT-TS-TOTE', name: 'ギフトセット(Tシャツ ネイビー M + トート)', components: [{ sku: 'TS-NVY-M', quantity: 1 }, { sku: 'TOTE-NAT', quantity: 1 }] }, 'create');
  await stub.adjust(
    accountId,
    DEMO_SKUS.filter((s) => s.stock > 0).map((s) => ({ sku: s.code, mode: 'set' as const, quantity: s.stock, reason: '初期在庫(デモ)' })),
    { kind: 'stocktake', actor: 'seed' },
  );
  return true;
};

/**
 * The demo shop's profile (printed on 納品書 and 領収書) and its carrier
 * contracts, so slips, receipts and carrier files work out of the box. The
 * codes are made up (no carrier knows them); a real shop enters its own in
 * 設定 → ショップ情報 and 設定 → 配送会社.
 */
const seedDemoDocuments = async (db: Db, accountId: string) => {
  if ((await db.select({ id: shopProfiles.accountId }).from(shopProfiles).where(eq(shopProfiles.accountId, accountId)).limit(1)).length) return false;
  const now = new Date().toISOString();
  await db.insert(shopProfiles).values({
    accountId,
    name: 'デモ商店',
    postalCode: '150-0001',
    address: '東京都渋谷区神宮前1-2-3\nデモビル 4F',
    phone: '03-1234-5678',
    email: 'shop@demo.example',
    slipMessage: 'このたびはご注文いただき誠にありがとうございます。\nまたのご利用をお待ちしております。',
    invoiceNumber: 'T1234567890123',
    updatedAt: now,
  });
  await db.insert(carrierSettings).values([
    { accountId, carrier: 'yamato', contract: { customerCode: '0312345678', classCode: null, freightNumber: '01', invoiceType: '0', itemName: '衣料品' }, updatedAt: now },
    { accountId, carrier: 'sagawa', contract: { customerCode: '123456789012', department: null, freightPayment: '1', timeSlots: 'six', itemName: '衣料品' }, updatedAt: now },
    { accountId, carrier: 'japanpost', contract: { invoiceType: '1100780', packetInvoiceType: null, shipperCode: null, itemName: '衣料品' }, updatedAt: now },
  ]);
  return true;
};
