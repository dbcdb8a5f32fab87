import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { findAccount } from '../accounts/service';
import { shopProfiles, type ShopProfileRow } from './schema';

/** Where an account's logo lives in the IMAGES bucket. */
export const logoKeyOf = (accountId: string) => `${accountId}/shop/logo`;

/** The logo's address in the API (the web app shows it with <img>); `v` changes with every upload. */
export const LOGO_PATH = '/api/v1/settings/shop/logo';

export interface ShopProfileInput {
  name: string;
  postalCode?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  slipMessage?: string | null;
  /** 適格請求書発行事業者登録番号: T and 13 digits */
  invoiceNumber?: string | null;
}

export const findShopRow = async (db: Db, accountId: string): Promise<ShopProfileRow | null> =>
  (await db.select().from(shopProfiles).where(eq(shopProfiles.accountId, accountId)).limit(1))[0] ?? null;

/** The profile as the API answers it: the account's name stands in until a shop name is saved. */
export const shopView = (row: ShopProfileRow | null, accountName: string) => ({
  name: row?.name ?? accountName,
  postalCode: row?.postalCode ?? null,
  address: row?.address ?? null,
  phone: row?.phone ?? null,
  email: row?.email ?? null,
  slipMessage: row?.slipMessage ?? null,
  invoiceNumber: row?.invoiceNumber ?? null,
  logo:
    row?.logoKey && row.logoType
      ? { url: `${LOGO_PATH}?v=${encodeURIComponent(row.logoUpdatedAt ?? '')}`, contentType: row.logoType, size: row.logoSize ?? 0, updatedAt: row.logoUpdatedAt }
      : null,
  updatedAt: row?.updatedAt ?? null,
});

export type ShopView = ReturnType<typeof shopView>;

export const getShop = async (db: Db, accountId: string) => {
  const [row, account] = await Promise.all([findShopRow(db, accountId), findAccount(db, accountId)]);
  return { row, view: shopView(row, account?.name ?? '') };
};

/** The upsert of the profile's fields (the logo columns are left alone). */
export const saveShopFields = (db: Db, accountId: string, input: ShopProfileInput, at: string) => {
  const fields = {
    name: input.name,
    postalCode: input.postalCode ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    slipMessage: input.slipMessage ?? null,
    invoiceNumber: input.invoiceNumber ?? null,
    updatedAt: at,
  };
  return db.insert(shopProfiles).values({ accountId, ...fields }).onConflictDoUpdate({ target: shopProfiles.accountId, set: fields });
};

/** The upsert that records a new logo; a shop with no row yet gets the account's name. */
export const saveLogo = (db: Db, accountId: string, logo: { key: string; type: string; size: number } | null, at: string) => {
  const fields = { logoKey: logo?.key ?? null, logoType: logo?.type ?? null, logoSize: logo?.size ?? null, logoUpdatedAt: logo ? at : null, updatedAt: at };
  return db.insert(shopProfiles).values({ accountId, ...fields }).onConflictDoUpdate({ target: shopProfiles.accountId, set: fields });
};
