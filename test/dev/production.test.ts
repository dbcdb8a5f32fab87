import { describe, expect, it } from 'vitest';
import { Client } from '../helpers/client';
import { createTenant, signIn } from '../helpers/tenant';

/**
 * /dev/outbox, /dev/seed and /dev/bench need no sign-in, because they exist
 * only in local development. Outside ENVIRONMENT=development none of them may
 * exist at all: not for strangers, not for a signed-in admin, not in the
 * OpenAPI document, and not as the outbox page.
 */
describe('development-only routes outside development', () => {
  const devPaths = async () => {
    const doc = (await (await new Client().api('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/dev/'))
      .flatMap(([p, methods]) => Object.keys(methods).filter((m) => m !== 'servers').map((m) => ({ method: m.toUpperCase(), path: p })));
    // the development document lists them (so this test covers every one that is added)
    expect(ops.map((o) => o.path)).toEqual(expect.arrayContaining(['/dev/outbox', '/dev/seed', '/dev/bench/stock', '/dev/bench/resync']));
    return ops;
  };

  for (const environment of ['production', 'staging', '', 'Development']) {
    it(`do not exist when ENVIRONMENT is ${JSON.stringify(environment)}`, async () => {
      const ops = await devPaths();
      const stranger = new Client({ envOverrides: { ENVIRONMENT: environment } });
      for (const { method, path } of ops) {
        const res = await stranger.api(path, { method, ...(method === 'POST' ? { json: {} } : {}) });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      const page = await stranger.fetch('/dev/outbox');
      expect(page.status).toBe(404);
      const doc = (await (await stranger.api('/openapi.json')).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths).filter((p) => p.startsWith('/dev/'))).toEqual([]);
    });
  }

  it('do not exist for a signed-in admin in production either', async () => {
    const ops = await devPaths();
    const t = await createTenant();
    const admin = await signIn(t, 'admin', new Client({ envOverrides: { ENVIRONMENT: 'production' } }));
    for (const { method, path } of ops) {
      const res = await admin.api(path, { method, ...(method === 'POST' ? { json: {} } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await admin.fetch('/dev/outbox')).status).toBe(404);
  });
});
