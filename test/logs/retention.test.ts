import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { newId } from '../../worker/lib/ids';
import { sql } from '../helpers/tenant';

const DAY = 86_400_000;

const runCron = async (cron: string, scheduledTime = Date.now()) => {
  const controller = createScheduledController({ cron, scheduledTime });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
};

/** Access-log rows of a made-up account, aged as asked; answers their ids by label. */
const seed = async (ages: Record<string, number>) => {
  const accountId = `retention-${newId()}`;
  const ids: Record<string, string> = {};
  for (const [label, ageMs] of Object.entries(ages)) {
    ids[label] = newId();
    await sql(
      'INSERT INTO access_logs (id, at, request_id, account_id, ip, country, method, path, status, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ids[label],
      new Date(Date.now() - ageMs).toISOString(),
      `r-${ids[label]}`,
      accountId,
      '10.0.0.1',
      'JP',
      'GET',
      '/api/v1/me',
      200,
      1,
    );
  }
  const left = async () => (await sql<{ id: string }>('SELECT id FROM access_logs WHERE account_id = ?', accountId)).map((r) => r.id).sort();
  return { ids, left };
};

describe('access-log retention (one year)', () => {
  it('the daily job (cron "0 18 * * *", 03:00 JST) deletes access logs older than 365 days and keeps newer ones', async () => {
    const { ids, left } = await seed({
      twoYears: 730 * DAY,
      justOver: 365 * DAY + 3600_000,
      justUnder: 365 * DAY - 3600_000,
      lastMonth: 30 * DAY,
      today: 1000,
    });
    await runCron('0 18 * * *');
    expect(await left()).toEqual([ids.justUnder, ids.lastMonth, ids.today].sort());
  });

  it('the every-minute job deletes nothing', async () => {
    const { ids, left } = await seed({ twoYears: 730 * DAY, today: 1000 });
    await runCron('* * * * *');
    expect(await left()).toEqual([ids.twoYears, ids.today].sort());
  });

  it('purges more than one chunk of old rows in a run', async () => {
    const accountId = `retention-bulk-${newId()}`;
    const old = new Date(Date.now() - 400 * DAY).toISOString();
    // 5,200 old rows: more than one 5,000-row delete
    const stmt = env.DB.prepare(
      "INSERT INTO access_logs (id, at, request_id, account_id, ip, country, method, path, status, duration_ms) VALUES (?, ?, 'r', ?, '10.0.0.1', 'JP', 'GET', '/', 200, 1)",
    );
    const rows = Array.from({ length: 5200 }, () => stmt.bind(newId(), old, accountId));
    for (let i = 0; i < rows.length; i += 500) await env.DB.batch(rows.slice(i, i + 500));
    await runCron('0 18 * * *');
    expect(await sql('SELECT id FROM access_logs WHERE account_id = ?', accountId)).toEqual([]);
  });

  it('the daily job also clears sessions and sign-in attempts that ended more than a day ago', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const oldSession = newId();
    const recentSession = newId();
    for (const [id, expires] of [
      [oldSession, now - 2 * DAY],
      [recentSession, now - 3600_000],
    ] as const) {
      await sql(
        "INSERT INTO sessions (id, token_hash, account_id, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, 'a', 'u', 'c', ?, ?, ?)",
        id,
        `h-${id}`,
        iso(expires - 12 * 3600_000),
        iso(expires - 12 * 3600_000),
        iso(expires),
      );
    }
    await runCron('0 18 * * *');
    const left = (await sql<{ id: string }>('SELECT id FROM sessions WHERE id IN (?, ?)', oldSession, recentSession)).map((r) => r.id);
    expect(left).toEqual([recentSession]);
  });
});
