import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse, text } from '../lib/openapi';
import { requireSession, sessionOf } from '../middleware/guards';
import { auditOf } from '../lib/audit';
import { AppError } from '../lib/errors';
import { SCOPES } from '../auth/principal';
import { apiTokens } from './schema';
import { createApiToken, findApiToken, listApiTokens, publicToken } from './service';

const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiToken');

const admin = requireSession('admin');
const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listApiTokens',
    tags: ['API tokens'],
    summary: 'List API tokens, with their last use (admin)',
    middleware: [admin],
    responses: { 200: jsonResponse(z.object({ items: z.array(ApiToken), nextCursor: z.null() }), 'Tokens'), ...commonErrors },
  }),
  async (c) => c.json({ items: (await listApiTokens(c.get('db'), c.get('principal')!.accountId)).map(publicToken), nextCursor: null }, 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'createApiToken',
    tags: ['API tokens'],
    summary: 'Create a token; the secret is in this answer only',
    middleware: [admin],
    request: { body: jsonBody(z.strictObject({ name: text(100), scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length) }).openapi('CreateApiToken')) },
    responses: { 201: jsonResponse(ApiToken.extend({ token: z.string() }), 'Created; store the token now'), ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const body = c.req.valid('json');
    const { secret, row } = await createApiToken(c.get('db'), { accountId: p.accountId, name: body.name, scopes: [...new Set(body.scopes)], createdBy: p.userId });
    await auditOf(c, { action: 'api_token.create', targetType: 'api_token', targetId: row.id, after: { name: row.name, scopes: row.scopes } });
    return c.json({ ...publicToken(row), token: secret }, 201);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/{id}',
    operationId: 'revokeApiToken',
    tags: ['API tokens'],
    summary: 'Revoke a token; it stops working at once',
    middleware: [admin],
    request: { params: z.object({ id: z.string().min(1).max(64) }) },
    responses: { 204: { description: 'Revoked' }, ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const t = await findApiToken(db, p.accountId, c.req.valid('param').id);
    if (!t) throw new AppError(404, 'not_found', 'Token not found');
    await db.batch([
      db.update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(and(eq(apiTokens.accountId, p.accountId), eq(apiTokens.id, t.id), isNull(apiTokens.revokedAt))),
      auditOf(c, { action: 'api_token.revoke', targetType: 'api_token', targetId: t.id, before: { name: t.name } }),
    ]);
    return c.body(null, 204);
  },
);

export default app;
