import { describe, expect, it } from 'vitest';
import { Client, eventually } from '../helpers/client';
import { createTenant, signIn, sql, sqlFirst } from '../helpers/tenant';

interface AccessRow {
  id: string;
  at: string;
  request_id: string;
  account_id: string | null;
  user_id: string | null;
  token_id: string | null;
  ip: string;
  country: string;
  method: string;
  path: string;
  status: number;
  duration_ms: number;
}

let seq = 0;
const rid = () => `log${Date.now()}x${seq++}`;

/** The access-log row of one request (written just after the answer). */
/** The entry of a request; a page's own entry among the API calls it made under the same id when `path` is given. */
const rowOf = (requestId: string, path?: string) =>
  eventually(async () => {
    const r = path
      ? await sqlFirst<AccessRow>('SELECT * FROM access_logs WHERE request_id = ? AND path = ?', requestId, path)
      : await sqlFirst<AccessRow>('SELECT * FROM access_logs WHERE request_id = ?', requestId);
    expect(r).not.toBeNull();
    return r!;
  });

describe('the access log', () => {
  it('records a signed-in request: time, account, user, IP, country, method, path, status, duration', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin', new Client({ ip: '10.200.1.7' }));
    const id = rid();
    const started = Date.now();
    const res = await admin.api('/users?limit=5&secret=not-logged', { headers: { 'x-request-id': id } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(id);
    const row = await rowOf(id);
    expect(row).toMatchObject({
      account_id: t.id,
      user_id: t.admin.id,
      token_id: null,
      ip: '10.200.1.7',
      country: 'JP',
      method: 'GET',
      path: '/api/v1/users',
      status: 200,
    });
    expect(Math.abs(Date.parse(row.at) - started)).toBeLessThan(10_000);
    expect(row.at).toMatch(/Z$/);
    expect(row.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('records requests with an API token by token, not user', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const { id: tokenId, token } = (await (await admin.api('/api-tokens', { json: { name: 'x', scopes: ['orders:read'] } })).json()) as { id: string; token: string };
    const id = rid();
    await new Client().api('/users', { bearer: token, headers: { 'x-request-id': id } });
    expect(await rowOf(id)).toMatchObject({ account_id: t.id, token_id: tokenId, user_id: null, status: 403 });
  });

  it('records anonymous requests, errors, refusals and web pages too', async () => {
    const cases: [Client, string, Record<string, unknown>][] = [
      [new Client(), '/api/health', { account_id: null, user_id: null, method: 'GET', path: '/api/health', status: 200 }],
      [new Client(), '/api/v1/nothing-here', { status: 404, path: '/api/v1/nothing-here' }],
      [new Client(), '/api/v1/me', { status: 401 }],
      [new Client({ country: 'KP', ip: '10.201.2.3' }), '/api/health', { status: 403, country: 'KP', ip: '10.201.2.3' }],
      [new Client(), '/', { method: 'GET', path: '/' }],
    ];
    for (const [client, path, expected] of cases) {
      const id = rid();
      await client.fetch(path, { headers: { 'x-request-id': id } });
      expect(await rowOf(id, String(expected.path ?? path)), path).toMatchObject(expected);
    }
    // a failed sign-in (no account known yet)
    const t = await createTenant();
    const id = rid();
    const login = await new Client().api('/auth/login', { json: { account: t.code, loginId: 'admin', password: 'x' }, headers: { 'x-request-id': id } });
    expect(login.status).toBe(401);
    expect(await rowOf(id)).toMatchObject({ method: 'POST', path: '/api/v1/auth/login', status: 401 });
  });

  it('is listed newest first and pages with a cursor, each row once', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = rid();
      ids.push(id);
      await admin.api('/me', { headers: { 'x-request-id': id } });
    }
    for (const id of ids) await rowOf(id);
    const to = new Date().toISOString();
    const expected = (await sql<{ id: string }>('SELECT id FROM access_logs WHERE account_id = ? AND at <= ? ORDER BY at DESC, id DESC', t.id, to)).map(
      (r) => r.id,
    );
    expect(expected.length).toBeGreaterThanOrEqual(8);

    const seen: { id: string; at: string; requestId: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q = new URLSearchParams({ limit: '3', to });
      if (cursor) q.set('cursor', cursor);
      const res = await admin.api(`/logs/access?${q}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: { id: string; at: string; requestId: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(cursor).toBeNull();
    expect(seen.map((r) => r.id)).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 3));
    for (const id of ids) expect(seen.map((r) => r.requestId)).toContain(id);
  });

  it('filters by from/to, and refuses a malformed date or limit', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const page = (await (await admin.api(`/logs/access?from=${encodeURIComponent(future)}`)).json()) as { items: unknown[]; nextCursor: string | null };
    expect(page).toEqual({ items: [], nextCursor: null });
    for (const q of ['from=yesterday-ish', 'limit=0', 'limit=201', 'format=xml']) {
      const res = await admin.api(`/logs/access?${q}`);
      expect(res.status, q).toBe(400);
    }
  });

  it('downloads as CSV (?format=csv): text/csv with a header row, one line per entry', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const id = rid();
    await admin.api('/users', { headers: { 'x-request-id': id } });
    await rowOf(id);
    const res = await admin.api('/logs/access?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="access-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('at,requestId,userId,tokenId,ip,country,method,path,status,durationMs');
    const row = lines.find((l) => l.includes(id));
    expect(row).toBeDefined();
    expect(row!.split(',')).toEqual([expect.stringMatching(/Z$/), id, t.admin.id, '', admin.ip, 'JP', 'GET', '/api/v1/users', '200', expect.stringMatching(/^\d+$/)]);
    expect(lines.at(-1)).toBe('');
  });
});
