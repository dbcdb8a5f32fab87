import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../worker/auth/principal';
import { Client, errorOf, eventually } from '../helpers/client';
import { createTenant, signIn, sql, sqlFirst } from '../helpers/tenant';

interface Token {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const setup = async () => {
  const t = await createTenant();
  const admin = await signIn(t, 'admin');
  const create = async (name = 'ERP link', scopes: string[] = ['orders:read', 'stock:read']) => {
    const res = await admin.api('/api-tokens', { json: { name, scopes } });
    expect(res.status).toBe(201);
    return (await res.json()) as Token & { token: string };
  };
  const list = async () => ((await (await admin.api('/api-tokens')).json()) as { items: Token[] }).items;
  return { t, admin, create, list };
};

describe('API tokens', () => {
  it('the secret is shown once at creation; the list never contains it, and only its hash is stored', async () => {
    const { create, list } = await setup();
    const created = await create('ERP link', ['orders:read', 'orders:read', 'stock:write']);
    expect(created.token).toMatch(/^kura_[A-Za-z0-9_-]{40,}$/);
    expect(created).toMatchObject({ name: 'ERP link', scopes: ['orders:read', 'stock:write'], lastUsedAt: null, revokedAt: null });
    expect(created.token.startsWith(created.prefix)).toBe(true);

    const items = await list();
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual({ id: created.id, name: 'ERP link', prefix: created.prefix, scopes: ['orders:read', 'stock:write'], createdAt: created.createdAt, lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(items)).not.toContain(created.token);

    const row = await sqlFirst<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = ?', created.id);
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(created.token);
    // and the operation log does not carry it either
    const ops = await sql<{ after: string }>("SELECT after FROM operation_logs WHERE target_id = ? AND action = 'api_token.create'", created.id);
    expect(ops).toHaveLength(1);
    expect(ops[0].after).not.toContain(created.token);
  });

  it('works as a Bearer token, and its last use is recorded', async () => {
    const { t, create, list } = await setup();
    const { token, id } = await create();
    const rid = `tok${Date.now()}`;
    const res = await new Client().api('/openapi.json', { bearer: token, headers: { 'x-request-id': rid } });
    expect(res.status).toBe(200);
    await eventually(async () => {
      const [item] = await list();
      expect(item.lastUsedAt).not.toBeNull();
      expect(Math.abs(Date.parse(item.lastUsedAt!) - Date.now())).toBeLessThan(60_000);
    });
    const log = await eventually(async () => {
      const r = await sqlFirst<{ account_id: string; token_id: string; user_id: string | null }>('SELECT account_id, token_id, user_id FROM access_logs WHERE request_id = ?', rid);
      expect(r).not.toBeNull();
      return r!;
    });
    expect(log).toEqual({ account_id: t.id, token_id: id, user_id: null });
  });

  it('an unknown or malformed token gets 401 invalid_token, even on routes open to everyone', async () => {
    for (const authorization of ['Bearer kura_notarealtoken', 'Bearer something-else', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const res = await new Client().api('/openapi.json', { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect((await errorOf(res)).code).toBe('invalid_token');
    }
  });

  it('a token, whatever its scopes, gets 403 on the session-only admin routes', async () => {
    const { create } = await setup();
    const { token } = await create('all scopes', [...SCOPES]);
    for (const [method, path] of [
      ['GET', '/me'],
      ['GET', '/users'],
      ['POST', '/users'],
      ['GET', '/settings/security'],
      ['GET', '/settings/country-exceptions'],
      ['GET', '/api-tokens'],
      ['POST', '/api-tokens'],
      ['GET', '/logs/access'],
      ['GET', '/logs/operations'],
      ['GET', '/platform/accounts'],
    ] as const) {
      const res = await new Client().api(path, { method, bearer: token, ...(method === 'POST' ? { json: {} } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await errorOf(res)).code).toBe('forbidden');
    }
  });

  it('a revoked token gets 401 at once', async () => {
    const { admin, create, list } = await setup();
    const { token, id } = await create();
    expect((await new Client().api('/openapi.json', { bearer: token })).status).toBe(200);
    const del = await admin.api(`/api-tokens/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    const res = await new Client().api('/openapi.json', { bearer: token });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('invalid_token');
    const [item] = await list();
    expect(item.revokedAt).not.toBeNull();
  });

  it('a token of a suspended account gets 401', async () => {
    const { t, create } = await setup();
    const { token } = await create();
    await sql("UPDATE accounts SET status = 'suspended' WHERE id = ?", t.id);
    expect((await new Client().api('/openapi.json', { bearer: token })).status).toBe(401);
  });

  it('refuses unknown or missing scopes and names', async () => {
    const { admin, list } = await setup();
    for (const body of [
      { name: 'x', scopes: ['orders:delete'] },
      { name: 'x', scopes: [] },
      { name: '', scopes: ['orders:read'] },
      { name: 'x' },
      { name: 'x', scopes: ['orders:read'], token: 'kura_mine' },
    ]) {
      const res = await admin.api('/api-tokens', { json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_error');
    }
    expect(await list()).toEqual([]);
  });
});
