import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { StockLedger } from '../../worker/stock/ledger-do';

const stubFor = (account: string) => env.STOCK_LEDGER.get(env.STOCK_LEDGER.idFromName(account));

/** The schema_version table inside the object (DO SQLite has no PRAGMA user_version). */
const versionRows = (stub: DurableObjectStub<StockLedger>) =>
  runInDurableObject<StockLedger, { version: number }[]>(stub, (_instance, state) =>
    state.storage.sql.exec<{ version: number }>('SELECT version FROM schema_version ORDER BY version').toArray(),
  );

describe('StockLedger Durable Object (skeleton)', () => {
  it('answers its schema version over RPC: the version recorded in its own schema_version table', async () => {
    const stub = stubFor('acct-schema');
    const version = await stub.schemaVersion();
    expect(Number.isInteger(version)).toBe(true);
    expect(version).toBeGreaterThanOrEqual(1);
    const rows = await versionRows(stub);
    expect(rows.length).toBeGreaterThan(0);
    expect(Math.max(...rows.map((r) => r.version))).toBe(version);
  });

  it('migrates once: a restarted object keeps the same version and does not re-run its migrations', async () => {
    const stub = stubFor('acct-restart');
    const version = await stub.schemaVersion();
    const before = await versionRows(stub);
    await evictDurableObject(stub);
    expect(await stub.schemaVersion()).toBe(version);
    expect(await versionRows(stub)).toEqual(before);
  });

  it('one object per account: the same name reaches the same object, another name another one', async () => {
    const a = env.STOCK_LEDGER.idFromName('acct-a');
    expect(a.equals(env.STOCK_LEDGER.idFromName('acct-a'))).toBe(true);
    expect(a.equals(env.STOCK_LEDGER.idFromName('acct-b'))).toBe(false);
    expect(await stubFor('acct-b').schemaVersion()).toBe(await stubFor('acct-a').schemaVersion());
  });
});
