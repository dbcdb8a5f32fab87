import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorOf, LEAK, ORIGIN } from '../helpers/client';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/** Checks a refusal: the given 4xx status, the API error shape, and nothing internal in the body. */
const refused = async (res: Response, status: number, code?: string) => {
  const text = await res.clone().text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(text).not.toMatch(LEAK);
  const err = await errorOf(res);
  if (code) expect(err.code).toBe(code);
  return err;
};

const fieldsOf = (details: unknown) => (details as { field: string; code?: string }[]).map((d) => d.field);

describe('bad input gets a 4xx JSON error, never a 500 or a stack trace', () => {
  let t: Tenant;
  let admin: Client;
  beforeAll(async () => {
    t = await createTenant();
    admin = await signIn(t, 'admin');
  });

  const raw = (client: Client, path: string, body: BodyInit, contentType = 'application/json', method = 'POST') =>
    client.api(path, { method, body, headers: { 'content-type': contentType, origin: ORIGIN } });

  it('malformed JSON answers 400 invalid_json', async () => {
    for (const body of ['{', '{"account": "x",}', "{'a': 1}", 'undefined', '{"a":1}{"b":2}', '\u0000']) {
      await refused(await raw(new Client(), '/auth/login', body), 400, 'invalid_json');
      await refused(await raw(admin, '/users', body), 400, 'invalid_json');
    }
    await refused(await raw(admin, '/settings/security', '[1,2', 'application/json', 'PUT'), 400, 'invalid_json');
  });

  it('bytes that are not UTF-8 answer 400', async () => {
    await refused(await raw(new Client(), '/auth/login', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 400);
  });

  it('JSON that is not an object answers 400 validation_error', async () => {
    for (const body of ['null', '[]', '42', '"text"', 'true', '[{"account":"a","loginId":"b","password":"c"}]']) {
      await refused(await raw(new Client(), '/auth/login', body), 400, 'validation_error');
    }
  });

  it('wrong types answer 400 validation_error naming each field', async () => {
    const err = await refused(await raw(new Client(), '/auth/login', JSON.stringify({ account: 1, loginId: true, password: ['x'] })), 400, 'validation_error');
    expect(fieldsOf(err.details).sort()).toEqual(['account', 'loginId', 'password']);
    const users = await refused(
      await admin.api('/users', { json: { loginId: 5, name: {}, email: 'not-an-email', role: 'superuser', password: 12345678901234, phone: 'call me' } }),
      400,
      'validation_error',
    );
    expect(fieldsOf(users.details).sort()).toEqual(['email', 'loginId', 'name', 'password', 'phone', 'role']);
    const settings = await refused(
      await admin.api('/settings/security', { method: 'PUT', json: { ipAllowlist: '10.0.0.0/8', lockoutThreshold: '5', lockoutMinutes: 1.5, mfaRequired: 'yes' } }),
      400,
      'validation_error',
    );
    expect(fieldsOf(settings.details).sort()).toEqual(['ipAllowlist', 'lockoutMinutes', 'lockoutThreshold', 'mfaRequired']);
  });

  it('missing fields answer 400 naming each one', async () => {
    const err = await refused(await raw(new Client(), '/auth/login', '{}'), 400, 'validation_error');
    expect(fieldsOf(err.details).sort()).toEqual(['account', 'loginId', 'password']);
    const users = await refused(await admin.api('/users', { json: { loginId: 'x' } }), 400, 'validation_error');
    expect(fieldsOf(users.details).sort()).toEqual(['email', 'name', 'password', 'role']);
  });

  it('unknown fields answer 400 with an unknown_field detail (no mass assignment)', async () => {
    const err = await refused(
      await raw(new Client(), '/auth/login', JSON.stringify({ account: t.code, loginId: 'admin', password: t.admin.password, role: 'admin' })),
      400,
      'validation_error',
    );
    expect(err.details).toEqual([{ field: 'role', code: 'unknown_field', message: expect.any(String) }]);
    const users = await refused(
      await admin.api('/users', { json: { loginId: 'u1', name: 'U', email: 'u1@example.com', role: 'viewer', password: 'Harbour-Crane-42', accountId: 'other', isPlatform: true } }),
      400,
      'validation_error',
    );
    expect(fieldsOf(users.details).sort()).toEqual(['accountId', 'isPlatform']);
  });

  it('100 KB strings answer 400 quickly, not a slow query or a 500', async () => {
    const big = 'あ'.repeat(100 * 1024 / 3);
    const ascii = 'x'.repeat(100 * 1024);
    await refused(await raw(new Client(), '/auth/login', JSON.stringify({ account: ascii, loginId: 'a', password: 'b' })), 400, 'validation_error');
    await refused(await raw(new Client(), '/auth/login', JSON.stringify({ account: 'a', loginId: big, password: 'b' })), 400, 'validation_error');
    await refused(await raw(new Client(), '/auth/login', JSON.stringify({ account: t.code, loginId: 'admin', password: ascii })), 400, 'validation_error');
    await refused(await raw(new Client(), '/auth/mfa', JSON.stringify({ mfaToken: ascii, method: 'totp', code: '123456' })), 400, 'validation_error');
    await refused(await admin.api('/users', { json: { loginId: 'big', name: big, email: 'big@example.com', role: 'viewer', password: 'Harbour-Crane-42' } }), 400, 'validation_error');
    await refused(await admin.api('/me/password', { json: { currentPassword: ascii, newPassword: ascii } }), 400, 'validation_error');
    await refused(await admin.api(`/users/${ascii.slice(0, 5000)}`), 400, 'validation_error');
    await refused(await admin.api(`/logs/access?cursor=${ascii.slice(0, 5000)}`), 400, 'validation_error');
    // a session cookie of 100 KB is simply no session
    const c = new Client();
    c.cookie = ascii;
    await refused(await c.api('/me'), 401);
  });

  it('a body over 256 KB answers 413', async () => {
    await refused(await raw(new Client(), '/auth/login', JSON.stringify({ account: 'x'.repeat(300 * 1024), loginId: 'a', password: 'b' })), 413, 'payload_too_large');
  });

  it('a body of another content type answers 415', async () => {
    const body = JSON.stringify({ account: t.code, loginId: 'admin', password: t.admin.password });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/csv', 'application/jsonp', 'json']) {
      await refused(await raw(new Client(), '/auth/login', body, type), 415, 'unsupported_media_type');
    }
    // no content type at all
    await refused(await new Client().api('/auth/login', { body, headers: { origin: ORIGIN } }), 415, 'unsupported_media_type');
    // but charset parameters and letter case are fine
    const ok = await raw(new Client(), '/auth/login', body, 'Application/JSON; charset=utf-8');
    expect(ok.status).toBe(200);
  });

  it('unknown routes and methods answer 404 in the error shape', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nope'],
      ['POST', '/api/v1/users/x/y/z'],
      ['GET', '/api/v2/users'],
      ['GET', '/api/'],
      ['DELETE', '/api/v1/me'],
      ['PUT', '/api/v1/auth/login'],
      ['POST', '/hooks/ebay/abc'],
      ['POST', '/hooks/shopify'],
      ['GET', '/api/v1/users/%E0%A4%A'],
    ] as const) {
      await refused(await admin.fetch(path, { method, ...(method === 'GET' ? {} : { json: {} }) }), 404, 'not_found');
    }
  });

  it('deeply nested JSON answers 400, not a crash', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    await refused(await raw(new Client(), '/auth/login', deep), 400);
    const deepObj = `{"account":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)},"loginId":"a","password":"b"}`;
    await refused(await raw(new Client(), '/auth/login', deepObj), 400, 'validation_error');
  });

  it('bad query parameters answer 400', async () => {
    for (const q of ['limit=abc', 'limit=-1', 'limit=1e9', 'limit=', 'from=2026-99-99', 'to=%00']) {
      await refused(await admin.api(`/logs/access?${q}`), 400, 'validation_error');
    }
  });
});
