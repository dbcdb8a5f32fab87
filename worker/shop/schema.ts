import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * ショップ情報: how the shop presents itself on printed documents (納品書) and,
 * later, in customer mails. One row per account, written by its admins; until
 * the first save the account's own name stands in for the shop name.
 * The logo's bytes live in R2 (IMAGES) under `logo_key`; the row keeps what a
 * page needs without reading the object (type, size, when).
 */
export const shopProfiles = sqliteTable('shop_profiles', {
  accountId: text('account_id').primaryKey(),
  /** the shop's display name; null until set (the account's name is shown) */
  name: text('name'),
  /** 郵便番号, kept as text (leading zeros): 100-0001 */
  postalCode: text('postal_code'),
  address: text('address'),
  phone: text('phone'),
  email: text('email'),
  /** a short message printed on slips (お礼の言葉) */
  slipMessage: text('slip_message'),
  /** 適格請求書発行事業者登録番号: T and 13 digits (T1234567890123) */
  invoiceNumber: text('invoice_number'),
  logoKey: text('logo_key'),
  logoType: text('logo_type'),
  logoSize: integer('logo_size'),
  logoUpdatedAt: text('logo_updated_at'),
  updatedAt: text('updated_at').notNull(),
});

export type ShopProfileRow = typeof shopProfiles.$inferSelect;
