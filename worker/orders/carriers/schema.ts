import { sqliteTable, text, primaryKey } from 'drizzle-orm/sqlite-core';
import type { CarrierCode } from './common';

/**
 * 配送会社の設定: one row per account and carrier (yamato, sagawa, japanpost),
 * written by the account's admins (設定 → 配送会社). The shipper columns are
 * null where the shop profile stands in; `contract` holds the carrier's own
 * account fields as contract.ts reads them (YamatoContract, SagawaContract,
 * JapanPostContract), JSON so that each carrier keeps its own. Migration
 * 0011_carrier_settings.sql.
 */
export const carrierSettings = sqliteTable(
  'carrier_settings',
  {
    accountId: text('account_id').notNull(),
    carrier: text('carrier').$type<CarrierCode>().notNull(),
    /** ご依頼主: null = the shop profile's */
    shipperName: text('shipper_name'),
    /** 郵便番号 as 100-0001 */
    shipperPostalCode: text('shipper_postal_code'),
    /** the address, line breaks kept (a building on its own line) */
    shipperAddress: text('shipper_address'),
    /** half-width, hyphens kept */
    shipperPhone: text('shipper_phone'),
    contract: text('contract', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.carrier] })],
);

export type CarrierSettingsRow = typeof carrierSettings.$inferSelect;
