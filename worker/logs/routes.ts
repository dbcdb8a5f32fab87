import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { newRouter } from '../lib/router';
import { commonErrors } from '../lib/openapi';
import { requireSession } from '../middleware/guards';
import { csvRows } from '../lib/csv';
import { listAccessLogs, listOperationLogs, type LogQuery } from './service';

const When = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), 'An ISO 8601 date or time').transform((s) => new Date(s).toISOString());

const LogQuerySchema = z.object({
  from: When.optional(),
  to: When.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  format: z.enum(['json', 'csv']).default('json'),
});

const AccessLog = z
  .object({
    id: z.string(),
    at: z.string(),
    requestId: z.string(),
    accountId: z.string().nullable(),
    userId: z.string().nullable(),
    tokenId: z.string().nullable(),
    ip: z.string(),
    country: z.string(),
    method: z.string(),
    path: z.string(),
    status: z.number(),
    durationMs: z.number(),
  })
  .openapi('AccessLog');

const OperationLog = z
  .object({
    id: z.string(),
    at: z.string(),
    requestId: z.string().nullable(),
    userId: z.string().nullable(),
    tokenId: z.string().nullable(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi('OperationLog');

const CSV_MAX_ROWS = 100_000;

/**
 * Answers every row in the range as a CSV download (UTF-8 with BOM, so Excel
 * reads Japanese correctly), page by page so memory stays flat.
 */
const csvDownload = async <R extends { at: string; id: string }>(
  c: Context<AppEnv>,
  name: string,
  q: LogQuery,
  list: (q: LogQuery) => Promise<{ items: R[]; nextCursor: string | null }>,
  header: string[],
  row: (r: R) => unknown[],
) => {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const enc = new TextEncoder();
  c.executionCtx.waitUntil(
    (async () => {
      const w = writable.getWriter();
      await w.write(enc.encode('\uFEFF' + csvRows([header])));
      let cursor: string | undefined = undefined;
      let written = 0;
      do {
        const pageOf: { items: R[]; nextCursor: string | null } = await list({ ...q, cursor, limit: 1000 });
        if (pageOf.items.length) await w.write(enc.encode(csvRows(pageOf.items.map(row))));
        written += pageOf.items.length;
        cursor = pageOf.nextCursor ?? undefined;
      } while (cursor && written < CSV_MAX_ROWS);
      await w.close();
    })().catch((e) => console.error(JSON.stringify({ level: 'error', msg: 'csv export failed', error: String(e) }))),
  );
  return new Response(readable, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
};

const admin = requireSession('admin');
const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/access',
    operationId: 'listAccessLogEntries',
    tags: ['Logs'],
    summary: 'Access log (admin): every request, kept one year; ?format=csv downloads the range',
    middleware: [admin],
    request: { query: LogQuerySchema },
    responses: {
      200: {
        description: 'A page of entries, newest first, or the whole range as CSV',
        content: { 'application/json': { schema: z.object({ items: z.array(AccessLog), nextCursor: z.string().nullable() }) }, 'text/csv': { schema: z.string() } },
      },
      ...commonErrors,
    },
  }),
  async (c) => {
    const { format, ...q } = c.req.valid('query');
    const accountId = c.get('principal')!.accountId;
    const db = c.get('db');
    if (format === 'csv') {
      return csvDownload(c, 'access-log', q, (qq) => listAccessLogs(db, accountId, qq), ['at', 'requestId', 'userId', 'tokenId', 'ip', 'country', 'method', 'path', 'status', 'durationMs'], (r) => [
        r.at, r.requestId, r.userId, r.tokenId, r.ip, r.country, r.method, r.path, r.status, r.durationMs,
      ]) as never;
    }
    return c.json(await listAccessLogs(db, accountId, q), 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/operations',
    operationId: 'listOperationLogEntries',
    tags: ['Logs'],
    summary: 'Operation log (admin): who changed what, before and after, secrets masked; ?format=csv downloads',
    middleware: [admin],
    request: { query: LogQuerySchema },
    responses: {
      200: {
        description: 'A page of entries, newest first, or the whole range as CSV',
        content: { 'application/json': { schema: z.object({ items: z.array(OperationLog), nextCursor: z.string().nullable() }) }, 'text/csv': { schema: z.string() } },
      },
      ...commonErrors,
    },
  }),
  async (c) => {
    const { format, ...q } = c.req.valid('query');
    const accountId = c.get('principal')!.accountId;
    const db = c.get('db');
    if (format === 'csv') {
      return csvDownload(c, 'operation-log', q, (qq) => listOperationLogs(db, accountId, qq), ['at', 'requestId', 'userId', 'tokenId', 'action', 'targetType', 'targetId', 'before', 'after'], (r) => [
        r.at, r.requestId, r.userId, r.tokenId, r.action, r.targetType, r.targetId, r.before == null ? '' : JSON.stringify(r.before), r.after == null ? '' : JSON.stringify(r.after),
      ]) as never;
    }
    const page = await listOperationLogs(db, accountId, q);
    return c.json({ items: page.items.map(({ accountId: _a, ...r }) => r), nextCursor: page.nextCursor }, 200);
  },
);

export default app;
