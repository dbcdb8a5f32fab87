import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

/**
 * StockLedger: one instance per account (idFromName(accountId)), the only
 * writer of stock. This issue lays the skeleton: its own schema version table
 * (DO SQLite has no PRAGMA user_version) and a health probe. The stock issue
 * adds reserve / release / commit / adjust / receive.
 */
export class StockLedger extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => this.migrate());
  }

  private migrate() {
    this.sql.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = this.sql.exec<{ version: number }>('SELECT version FROM schema_version').toArray()[0];
    if (!row) this.sql.exec('INSERT INTO schema_version (version) VALUES (1)');
  }

  /** Answers the DO's schema version; used by health checks and tests. */
  async schemaVersion(): Promise<number> {
    return this.sql.exec<{ version: number }>('SELECT version FROM schema_version').one().version;
  }
}
