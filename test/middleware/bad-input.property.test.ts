import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertErrorShape, Client, LEAK, uniqueIp } from '../helpers/client';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/**
 * Property: whatever a client throws at the sign-in and user routes (any JSON
 * value, any text, any content type, near-valid bodies with one field swapped
 * for garbage), the answer is a 4xx in the API's error shape, never a 500 or
 * a stack trace. Seeded, so a failure reproduces.
 */
const SEED = 42;
const RUNS = 150;

type Caller = 'anonymous' | 'admin';
interface Route {
  caller: Caller;
  method: string;
  path: string;
  /**
   * A well-formed body that can never succeed, wrong in two independent ways
   * where one could be fixed by chance, so swapping any one field for garbage
   * still cannot make it succeed.
   */
  base: () => Record<string, unknown>;
}

describe('fuzzing the auth and users routes (fast-check)', () => {
  let t: Tenant;
  let admin: Client;
  let routes: Route[];

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    admin = await signIn(t, 'admin');
    routes = [
      { caller: 'anonymous', method: 'POST', path: '/api/v1/auth/login', base: () => ({ account: t.code, loginId: 'admin', password: 'Wrong-Passw0rd-x' }) },
      { caller: 'anonymous', method: 'POST', path: '/api/v1/auth/mfa', base: () => ({ mfaToken: 'no-such-attempt', method: 'totp', code: '123456' }) },
      { caller: 'anonymous', method: 'POST', path: '/api/v1/auth/mfa/sms', base: () => ({ mfaToken: 'no-such-attempt' }) },
      { caller: 'admin', method: 'POST', path: '/api/v1/users', base: () => ({ loginId: 'fuzz', name: 'Fuzz', email: 'not-an-email', role: 'viewer', password: 'short' }) },
      { caller: 'admin', method: 'POST', path: '/api/v1/me/password', base: () => ({ currentPassword: 'Not-The-Passw0rd', newPassword: 'Another-Passw0rd-9' }) },
      { caller: 'admin', method: 'POST', path: '/api/v1/me/mfa/totp/confirm', base: () => ({ code: '000000' }) },
      // (PATCH /users/{id} is left out: `{}` or any one valid field is a valid edit)
      {
        caller: 'admin',
        method: 'PUT',
        path: '/api/v1/settings/security',
        // an allowlist without the admin's own address (409) and a threshold below the minimum (400)
        base: () => ({ ipAllowlist: ['198.51.100.0/24'], lockoutThreshold: 1, lockoutMinutes: 30, mfaRequired: false }),
      },
    ];
  });

  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml', ''),
    fc.stringMatching(/^[a-z]{1,12}\/[a-z0-9.+-]{1,16}(; ?[a-z]{1,8}=[a-z0-9-]{1,8})?$/),
  );

  const keyOf = (r: () => Record<string, unknown>) => fc.constantFrom(...Object.keys(r()));

  /** A body: any JSON, any text, raw bytes, an object of random fields, or the route's body with one field swapped. */
  const bodyFor = (route: Route) =>
    fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 64 }).map((b) => new TextDecoder('latin1').decode(b)),
      fc.dictionary(fc.oneof(keyOf(route.base), fc.string({ maxLength: 12 })), fc.jsonValue(), { maxKeys: 6 }).map((o) => JSON.stringify(o)),
      fc
        .tuple(keyOf(route.base), fc.oneof(fc.jsonValue(), fc.string({ maxLength: 2000 }), fc.constant('x'.repeat(100_000))))
        .map(([k, v]) => JSON.stringify({ ...route.base(), [k]: v })),
      fc.tuple(fc.string({ maxLength: 12 }), fc.jsonValue()).map(([k, v]) => JSON.stringify({ ...route.base(), [`x${k}`]: v })),
    );

  const callAndCheck = async (route: Route, body: string, type: string) => {
    const client = route.caller === 'admin' ? admin : new Client({ ip: uniqueIp() });
    const headers: Record<string, string> = { origin: 'http://localhost' };
    if (type) headers['content-type'] = type;
    const res = await client.fetch(route.path, { method: route.method, body, headers });
    const text = await res.text();
    const where = `${route.method} ${route.path} [${type}] ${JSON.stringify(body.slice(0, 120))} -> ${res.status} ${text.slice(0, 200)}`;
    expect(res.status, where).toBeGreaterThanOrEqual(400);
    expect(res.status, where).toBeLessThan(500);
    expect(text, where).not.toMatch(LEAK);
    let parsed: unknown;
    expect(() => (parsed = JSON.parse(text)), where).not.toThrow();
    expect(() => assertErrorShape(parsed), where).not.toThrow();
  };

  it(`answers arbitrary bodies and content types with a 4xx error body (seed ${SEED}, ${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat().chain((i) => {
          const route = routes[i % routes.length];
          return fc.tuple(fc.constant(route), bodyFor(route), contentType);
        }),
        async ([route, body, type]) => callAndCheck(route, body, type),
      ),
      { seed: SEED, numRuns: RUNS },
    );
    // the admin's session survived the onslaught (no property run signed it out or changed its password)
    expect((await admin.api('/me')).status).toBe(200);
  });

  it(`answers arbitrary JSON with the right content type with a 4xx error body on every route (seed ${SEED})`, async () => {
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(bodyFor(route), async (body) => callAndCheck(route, body, 'application/json')),
        { seed: SEED, numRuns: 25 },
      );
    }
  });

  it(`never answers 5xx to arbitrary query strings on the list routes (seed ${SEED}, 60 runs)`, async () => {
    const param = fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String), fc.constantFrom('', '0', '-1', '201', '1e3', 'NaN', '2026-01-01', '2026-13-01T99:00:00Z'));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/logs/access', '/api/v1/logs/operations', '/api/v1/users'),
        fc.record({ limit: param, cursor: param, from: param, to: param, format: fc.oneof(param, fc.constantFrom('json', 'csv')) }, { requiredKeys: [] }),
        async (path, query) => {
          const res = await admin.fetch(`${path}?${new URLSearchParams(query as Record<string, string>)}`);
          const text = await res.text();
          const where = `${path} ${JSON.stringify(query)} -> ${res.status} ${text.slice(0, 200)}`;
          expect(res.status, where).toBeLessThan(500);
          expect(text, where).not.toMatch(LEAK);
          if (res.status >= 400) assertErrorShape(JSON.parse(text));
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it(`never answers 5xx to arbitrary edits of a user (PATCH /users/{id}, seed ${SEED}, 60 runs)`, async () => {
    const route: Route = { caller: 'admin', method: 'PATCH', path: `/api/v1/users/${t.users.staff.id}`, base: () => ({ name: 'Staff', password: 'short' }) };
    await fc.assert(
      fc.asyncProperty(bodyFor(route), contentType, async (body, type) => {
        const res = await admin.fetch(route.path, { method: 'PATCH', body, headers: type ? { 'content-type': type } : {} });
        const text = await res.text();
        const where = `PATCH [${type}] ${JSON.stringify(body.slice(0, 120))} -> ${res.status} ${text.slice(0, 200)}`;
        expect(res.status, where).toBeLessThan(500);
        expect(text, where).not.toMatch(LEAK);
        if (res.status >= 400) assertErrorShape(JSON.parse(text));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
