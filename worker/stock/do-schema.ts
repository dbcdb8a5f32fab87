/**
 * The StockLedger's own SQLite schema. DO SQLite has no PRAGMA user_version,
 * so the version lives in schema_version and each step runs once, in order.
 */
export const DO_MIGRATIONS: string[][] = [
  // v1: the skeleton of issue #2
  [],
  // v2: the stock core
  [
    `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE locations (code TEXT PRIMARY KEY, name TEXT NOT NULL, priority INTEGER NOT NULL, created_at TEXT NOT NULL)`,
    // The SKU catalogue as far as stock needs it, plus its master fields: the DO is
    // the only writer of SKUs too, and D1's skus table is its projection.
    `CREATE TABLE skus (
       code TEXT PRIMARY KEY, name TEXT NOT NULL, axis1 TEXT, axis2 TEXT, jan_code TEXT,
       safety_stock INTEGER NOT NULL DEFAULT 0, reorder_point INTEGER NOT NULL DEFAULT 0, managed INTEGER NOT NULL DEFAULT 1,
       supplier_code TEXT, shelf_number TEXT, deleted INTEGER NOT NULL DEFAULT 0,
       created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
    `CREATE TABLE components (set_sku TEXT NOT NULL, component_sku TEXT NOT NULL, quantity INTEGER NOT NULL, PRIMARY KEY (set_sku, component_sku))`,
    `CREATE INDEX components_by_component ON components (component_sku)`,
    `CREATE TABLE levels (sku TEXT NOT NULL, location TEXT NOT NULL, on_hand INTEGER NOT NULL DEFAULT 0, reserved INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (sku, location))`,
    `CREATE TABLE reservations (reference TEXT PRIMARY KEY, status TEXT NOT NULL, channel_id TEXT, lines TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
    `CREATE TABLE reservation_draws (reference TEXT NOT NULL, sku TEXT NOT NULL, location TEXT NOT NULL, quantity INTEGER NOT NULL, PRIMARY KEY (reference, sku, location))`,
    `CREATE INDEX draws_by_sku ON reservation_draws (sku)`,
    `CREATE TABLE ledger (
       seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, sku TEXT NOT NULL, location TEXT NOT NULL,
       kind TEXT NOT NULL, delta_on_hand INTEGER NOT NULL, delta_reserved INTEGER NOT NULL,
       on_hand_after INTEGER NOT NULL, reserved_after INTEGER NOT NULL, available_after INTEGER NOT NULL,
       reason TEXT, reference TEXT, actor TEXT)`,
    `CREATE INDEX ledger_by_sku ON ledger (sku, seq)`,
    // Changed SKUs waiting to be projected to D1 and announced on the sync queue
    // (the outbox: written in the same transaction as the change, drained after).
    `CREATE TABLE outbox (sku TEXT PRIMARY KEY, version INTEGER NOT NULL)`,
  ],
  // v3: 消費税率 per SKU (10 標準 / 8 軽減); every SKU so far sells at 10%
  [`ALTER TABLE skus ADD COLUMN tax_rate INTEGER NOT NULL DEFAULT 10`],
  // v4: 分割出荷: the parts of a reservation shipped one parcel at a time (commitPartial),
  // by the caller's shipment id, so a retried part commits nothing twice. No existing table changes.
  [`CREATE TABLE partial_commits (reference TEXT NOT NULL, shipment TEXT NOT NULL, items TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (reference, shipment))`],
];
