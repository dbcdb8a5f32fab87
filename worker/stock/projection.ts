import type { StockSnapshot } from './types';

/**
 * The D1 statements that project SKU snapshots (an upsert that only ever
 * moves `version` forward). Prepared statements with bound parameters; one
 * statement per SKU keeps each under D1's 100-parameter limit.
 */
export const projectionStatements = (db: D1Database, accountId: string, snaps: readonly StockSnapshot[]): D1PreparedStatement[] =>
  snaps.map((s) =>
    db
      .prepare(
        `INSERT INTO skus (account_id, code, name, axis1, axis2, jan_code, supplier_code, shelf_number, managed, is_set, components,
           safety_stock, reorder_point, on_hand, reserved, available, locations, deleted, version, updated_at, tax_rate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
         ON CONFLICT(account_id, code) DO UPDATE SET
           name = excluded.name, axis1 = excluded.axis1, axis2 = excluded.axis2, jan_code = excluded.jan_code,
           supplier_code = excluded.supplier_code, shelf_number = excluded.shelf_number, managed = excluded.managed,
           is_set = excluded.is_set, components = excluded.components, safety_stock = excluded.safety_stock,
           reorder_point = excluded.reorder_point, on_hand = excluded.on_hand, reserved = excluded.reserved,
           available = excluded.available, locations = excluded.locations, deleted = excluded.deleted,
           version = excluded.version, updated_at = excluded.updated_at, tax_rate = excluded.tax_rate
         WHERE excluded.version >= skus.version`,
      )
      .bind(
        accountId,
        s.sku,
        s.name,
        s.axis1,
        s.axis2,
        s.janCode,
        s.supplierCode,
        s.shelfNumber,
        s.managed ? 1 : 0,
        s.isSet ? 1 : 0,
        JSON.stringify(s.components),
        s.safetyStock,
        s.reorderPoint,
        s.onHand,
        s.reserved,
        s.available,
        JSON.stringify(s.locations),
        s.deleted ? 1 : 0,
        s.version,
        s.updatedAt,
        s.taxRate,
      ),
  );
