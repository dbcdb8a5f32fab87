import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { getShop, type ShopView } from '../../shop/service';
import { checkSettings, type CheckSettings } from './check';
import type { CarrierCode, ShipperProfile } from './common';
import { CARRIER_CODES, contractFrom, LAYOUT_OF, type ContractOf, type Contracts, type SavedShipper } from './contract';
import { CARRIER_LAYOUTS } from './index';
import { carrierSettings, type CarrierSettingsRow } from './schema';

/**
 * The carrier settings in D1, always for one account (the caller's): what the
 * settings page shows and the export reads. Every read is scoped by accountId.
 */

const savedShipperOf = (row: CarrierSettingsRow | undefined): SavedShipper => ({
  name: row?.shipperName ?? null,
  postalCode: row?.shipperPostalCode ?? null,
  address: row?.shipperAddress ?? null,
  phone: row?.shipperPhone ?? null,
});

/** ご依頼主 as the file prints it: each field the carrier's own, else the shop profile's, else "". */
export const printedShipper = (saved: SavedShipper, shop: Pick<ShopView, 'name' | 'postalCode' | 'address' | 'phone'>): ShipperProfile => ({
  name: saved.name ?? shop.name ?? '',
  postalCode: saved.postalCode ?? shop.postalCode ?? '',
  address: saved.address ?? shop.address ?? '',
  phone: saved.phone ?? shop.phone ?? '',
});

const rowsOf = (db: Db, accountId: string) => db.select().from(carrierSettings).where(eq(carrierSettings.accountId, accountId));

export interface CarrierSettingsEntry<C extends CarrierCode = CarrierCode> {
  carrier: C;
  shipper: SavedShipper;
  contract: ContractOf[C];
  updatedAt: string | null;
}

const entryOf = <C extends CarrierCode>(carrier: C, row: CarrierSettingsRow | undefined): CarrierSettingsEntry<C> => ({
  carrier,
  shipper: savedShipperOf(row),
  contract: contractFrom(carrier, row?.contract),
  updatedAt: row?.updatedAt ?? null,
});

/** Every carrier's settings of the account (defaults where none are saved) and the shop profile. */
export const loadCarrierSettings = async (db: Db, accountId: string) => {
  const [rows, { view: shop }] = await Promise.all([rowsOf(db, accountId), getShop(db, accountId)]);
  const byCarrier = new Map(rows.map((r) => [r.carrier, r]));
  return { entries: CARRIER_CODES.map((c) => entryOf(c, byCarrier.get(c))), shop };
};

/** The settings one export reads: the printed shipper and the carriers' contracts. */
export const exportSettingsOf = async (db: Db, accountId: string, carrier: CarrierCode): Promise<CheckSettings> => {
  const { entries, shop } = await loadCarrierSettings(db, accountId);
  const entry = entries.find((e) => e.carrier === carrier)!;
  const contracts: Contracts = Object.fromEntries(entries.map((e) => [e.carrier, e.contract]));
  return { shipper: printedShipper(entry.shipper, shop), contracts };
};

/** The settings page's view of one carrier: saved, printed, and what every file would be refused for. */
export const settingsView = (entry: CarrierSettingsEntry, shop: ShopView) => {
  const layout = CARRIER_LAYOUTS[LAYOUT_OF[entry.carrier]];
  const printed = printedShipper(entry.shipper, shop);
  return {
    carrier: entry.carrier,
    layout: layout.id,
    label: layout.label,
    shipper: entry.shipper,
    printedShipper: printed,
    contract: entry.contract,
    problems: checkSettings(layout, { shipper: printed, contracts: { [entry.carrier]: entry.contract } }),
    updatedAt: entry.updatedAt,
  };
};

/** The upsert of one carrier's settings (PUT replaces them whole). */
export const saveCarrierSettings = <C extends CarrierCode>(db: Db, accountId: string, carrier: C, shipper: SavedShipper, contract: ContractOf[C], at: string) => {
  const fields = {
    shipperName: shipper.name,
    shipperPostalCode: shipper.postalCode,
    shipperAddress: shipper.address,
    shipperPhone: shipper.phone,
    contract: contract as unknown as Record<string, unknown>,
    updatedAt: at,
  };
  return db
    .insert(carrierSettings)
    .values({ accountId, carrier, ...fields })
    .onConflictDoUpdate({ target: [carrierSettings.accountId, carrierSettings.carrier], set: fields });
};

/** One carrier's row (for the operation log's "before"). */
export const findCarrierSettings = async <C extends CarrierCode>(db: Db, accountId: string, carrier: C) =>
  entryOf(carrier, (await db.select().from(carrierSettings).where(and(eq(carrierSettings.accountId, accountId), eq(carrierSettings.carrier, carrier))).limit(1))[0]);
