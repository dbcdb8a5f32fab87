import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { Client } from '../helpers/client';

interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string; in: string }[]; tags?: string[]; summary?: string }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

/** The routes API.md names for this issue, as the document lists them (relative to servers[0], /api/v1). */
const REQUIRED = [
  'POST /auth/login',
  'POST /auth/mfa',
  'POST /auth/mfa/sms',
  'POST /auth/logout',
  'GET /me',
  'POST /me/password',
  'POST /me/mfa/totp',
  'POST /me/mfa/totp/confirm',
  'GET /users',
  'POST /users',
  'GET /users/{id}',
  'PATCH /users/{id}',
  'POST /users/{id}/unlock',
  'GET /settings/security',
  'PUT /settings/security',
  'GET /settings/country-exceptions',
  'POST /settings/country-exceptions',
  'DELETE /settings/country-exceptions',
  'GET /api-tokens',
  'POST /api-tokens',
  'DELETE /api-tokens/{id}',
  'GET /logs/access',
  'GET /logs/operations',
];

describe('health and API documentation', () => {
  it('GET /api/health answers ok and the version, without auth', async () => {
    const res = await new Client().fetch('/api/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ status: 'ok', version: env.APP_VERSION });
    expect(env.APP_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('GET /api/v1/openapi.json is an OpenAPI 3.1 document listing every route', async () => {
    const res = await new Client().api('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDoc;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBe(env.APP_VERSION);
    expect(doc.servers).toEqual([{ url: '/api/v1' }]);
    const ops = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    for (const op of REQUIRED) expect(ops).toContain(op);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it('the document is internally consistent: every $ref resolves, every path parameter is declared, every operation has responses', async () => {
    const doc = (await (await new Client().api('/openapi.json')).json()) as OpenApiDoc;
    const refs = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.add(x);
          else walk(x);
        }
      }
    };
    walk(doc);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\//);
      const target = ref.slice(2).split('/').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], doc);
      expect(target, ref).toBeDefined();
    }
    for (const [path, methods] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\/[a-z0-9/{}-]*$/i);
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(methods)) {
        // a path item may name its own server (the webhooks live at /hooks, beside /api/v1)
        if (method === 'servers') continue;
        expect(['get', 'post', 'put', 'patch', 'delete']).toContain(method);
        expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared.sort(), `${method} ${path}`).toEqual([...params].sort());
      }
    }
  });

  it('GET /api/docs serves the browsable docs as HTML, reading the OpenAPI document from our own origin', async () => {
    const res = await new Client().fetch('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/swagger-ui/i);
    for (const src of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])) expect(src.startsWith('/')).toBe(true);
  });
});
