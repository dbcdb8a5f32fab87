import type { CancelReason } from '../orders/cancel-reasons';
/**
 * Channels (API.md, Channels): stores on malls, their listings, sync and status.
 * Reading: channels:read (anyone signed in). Sync and dead-letter retry:
 * channels:write (operators). Creating, editing, deleting a channel, its
 * credentials and its listing map: channels:write and, for people, the admin role.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { auditOf } from '../lib/audit';
import { csvRows } from '../lib/csv';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { contentTypeFor, decodeCsv, encodeCsv, parseCsv } from '../lib/japanese-csv';
import { commonErrors, ErrorSchema, jsonBody, jsonResponse, text } from '../lib/openapi';
import { newRouter } from '../lib/router';
import { requirePermission, requireScope } from '../middleware/guards';
import { CHANNEL_TYPES, MallError } from './adapter';
import { LISTINGS_HEADER, listingCsvRows, parseListingRows } from './listings-csv';
import { adapterFor } from './registry';
import { channelDeadLetters, channelListings, channelState, channelStock, channels } from './schema';
import { channelView, createChannel, findChannel, listChannels, listingsOf, sendableConnection, updateChannel } from './service';
import { reconcileChannel } from './reconcile';
import { publishStockChanges } from './stock-sync';
import { channelSyncOf } from './sync-do';

const read = requireScope('channels:read');
const write = requireScope('channels:write');
const admin = requireScope('channels:write', 'admin');
// 権限 (users/permissions.ts): the CSV export needs export. Creating, editing and deleting channels and their
// credentials (channel_settings) needs an admin, and admins hold every permission, so those stay admin-only.
const canExport = requirePermission('export');
const accountOf = (c: Context<AppEnv>) => c.get('principal')!.accountId;
const app = newRouter();

// ───────────────────────────── schemas

const Allocation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('percent'), percent: z.number().int().min(0).max(100) }),
  z.strictObject({ kind: z.literal('fixed'), quantity: z.number().int().min(0).max(1_000_000) }),
]);

const SettingsInput = z.strictObject({
  orderPull: z.boolean().optional(),
  stockPush: z.boolean().optional(),
  shipmentPush: z.boolean().optional(),
  safetyStock: z.number().int().min(0).max(1_000_000).optional(),
  maxQuantity: z.number().int().min(0).max(1_000_000).nullable().optional(),
  allocation: Allocation.optional(),
});

const Endpoint = z
  .string()
  .trim()
  .max(300)
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'An http(s) URL')
  .openapi({
    description:
      'Overrides the mall’s production base URL (a sandbox, or a conformance fake in development). In production: https, and the host is the mall’s own ' +
      '(Rakuten api.rms.rakuten.co.jp; Yahoo! circus.shopping.yahooapis.jp, test.circus.shopping.yahooapis.jp, auth.login.yahoo.co.jp; Amazon ' +
      'sellingpartnerapi-fe.amazon.com, sandbox.sellingpartnerapi-fe.amazon.com, api.amazon.com; Shopify *.myshopify.com) or on the operator’s ' +
      'MALL_SANDBOX_HOSTS. Everywhere: no user:password@, the host in its plain form (no numeric, hex, octal, short or IPv4-in-IPv6 addresses) and ' +
      'no private, link-local, CGNAT, unspecified, multicast, broadcast or reserved address; loopback only in development. A refused endpoint ' +
      'answers 400 validation_error with a detail {field: "endpoint", code: "endpoint_not_allowed", reason}. Changing the endpoint (also to null) ' +
      'drops the stored credentials unless the same request gives a full new set.',
    example: 'https://api.rms.rakuten.co.jp',
  });

const Credentials = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/), z.string().max(4000))
  .refine((r) => Object.keys(r).length <= 20, 'At most 20 keys')
  .openapi({ description: 'The mall’s own credential fields (see each mall); encrypted at rest and never returned' });

const ChannelInput = z
  .strictObject({
    type: z.enum(CHANNEL_TYPES as [string, ...string[]]).openapi({ example: 'rakuten' }),
    name: text(100),
    endpoint: Endpoint.nullable().optional(),
    credentials: Credentials,
    settings: SettingsInput.optional(),
  })
  .openapi('ChannelInput');

const ChannelPatch = z
  .strictObject({ name: text(100).optional(), endpoint: Endpoint.nullable().optional(), credentials: Credentials.optional(), settings: SettingsInput.optional() })
  .openapi('ChannelPatch');

const Channel = z
  .object({
    id: z.string(),
    type: z.enum(CHANNEL_TYPES as [string, ...string[]]),
    name: z.string(),
    endpoint: z.string().nullable(),
    settings: z.object({
      orderPull: z.boolean(),
      stockPush: z.boolean(),
      shipmentPush: z.boolean(),
      safetyStock: z.number(),
      maxQuantity: z.number().nullable(),
      allocation: z.unknown(),
    }),
    credentialsStored: z.array(z.string()).openapi({ description: 'Which credential fields are stored (never their values)' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Channel');

/** A store that must not be called now: no credentials since its endpoint changed, or an endpoint today's rule refuses. */
const notSendable = {
  409: {
    description: 'credentials_missing (enter the credentials again; they are dropped when the endpoint changes) or endpoint_not_allowed (a stored endpoint the rule refuses); nothing was sent',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

const IdParam = z.object({ id: z.string().min(1).max(64) });
const Listing = z.object({ sku: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/), remoteId: text(255), remoteVariantId: z.string().trim().max(255).nullable().optional() }).openapi('Listing');

// ───────────────────────────── channels

app.openapi(
  createRoute({ method: 'get', path: '/channels', operationId: 'listChannels', tags: ['Channels'], summary: 'List the account’s channels (stores on malls)', middleware: [read], responses: { 200: jsonResponse(z.object({ items: z.array(Channel), nextCursor: z.null() }), 'Channels'), ...commonErrors } }),
  async (c) => c.json({ items: await Promise.all((await listChannels(c.get('db'), accountOf(c))).map((x) => channelView(c.env, x))), nextCursor: null } as never, 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/channels',
    operationId: 'createChannel',
    tags: ['Channels'],
    summary: 'Connect a store: its mall, name, credentials (encrypted at rest, never returned) and sync settings',
    middleware: [admin],
    request: { body: jsonBody(ChannelInput) },
    responses: { 201: jsonResponse(Channel, 'Created'), ...commonErrors },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const row = await createChannel(c.env, c.get('db'), accountOf(c), body as Parameters<typeof createChannel>[3]);
    await auditOf(c, { action: 'channel.create', targetType: 'channel', targetId: row.id, after: { type: row.type, name: row.name, endpoint: row.endpoint } });
    return c.json((await channelView(c.env, row)) as never, 201);
  },
);

app.openapi(
  createRoute({ method: 'get', path: '/channels/{id}', operationId: 'getChannel', tags: ['Channels'], summary: 'Read a channel (without its credentials)', middleware: [read], request: { params: IdParam }, responses: { 200: jsonResponse(Channel, 'The channel'), ...commonErrors } }),
  async (c) => c.json((await channelView(c.env, await findChannel(c.get('db'), accountOf(c), c.req.valid('param').id))) as never, 200),
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/channels/{id}',
    operationId: 'updateChannel',
    tags: ['Channels'],
    summary: 'Edit a channel: name, endpoint, settings; credentials given replace the stored ones key by key (a changed endpoint drops the stored credentials unless a full new set is given)',
    middleware: [admin],
    request: { params: IdParam, body: jsonBody(ChannelPatch) },
    responses: { 200: jsonResponse(Channel, 'Saved'), ...commonErrors },
  }),
  async (c) => {
    const id = c.req.valid('param').id;
    const body = c.req.valid('json');
    const { row, droppedKeys } = await updateChannel(c.env, c.get('db'), accountOf(c), id, body as Parameters<typeof updateChannel>[4]);
    await auditOf(c, {
      action: 'channel.update',
      targetType: 'channel',
      targetId: id,
      after: {
        name: body.name,
        endpoint: body.endpoint,
        settings: body.settings,
        credentialsChanged: body.credentials ? Object.keys(body.credentials) : undefined,
        // The endpoint changed without new credentials: these stored credentials were deleted and nothing is
        // sent until they are entered again. (A key named "credential…" would be masked by the operation log.)
        droppedKeys: droppedKeys.length ? droppedKeys : undefined,
      },
    });
    // New safety stock, cap or allocation: every store figure is recomputed and pushed.
    if (body.settings) await c.env.SYNC_QUEUE.send({ kind: 'channel-resync', accountId: accountOf(c), channelId: id });
    return c.json((await channelView(c.env, row)) as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/channels/{id}',
    operationId: 'deleteChannel',
    tags: ['Channels'],
    summary: 'Disconnect a store: its credentials, listings and sync state are deleted (its orders stay)',
    middleware: [admin],
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...commonErrors },
  }),
  async (c) => {
    const db = c.get('db');
    const accountId = accountOf(c);
    const ch = await findChannel(db, accountId, c.req.valid('param').id);
    await db.batch([
      db.delete(channelListings).where(and(eq(channelListings.accountId, accountId), eq(channelListings.channelId, ch.id))),
      db.delete(channelStock).where(and(eq(channelStock.accountId, accountId), eq(channelStock.channelId, ch.id))),
      db.delete(channelState).where(and(eq(channelState.accountId, accountId), eq(channelState.channelId, ch.id))),
      db.delete(channelDeadLetters).where(and(eq(channelDeadLetters.accountId, accountId), eq(channelDeadLetters.channelId, ch.id))),
      db.delete(channels).where(and(eq(channels.accountId, accountId), eq(channels.id, ch.id))),
      auditOf(c, { action: 'channel.delete', targetType: 'channel', targetId: ch.id, before: { type: ch.type, name: ch.name } }),
    ]);
    return c.body(null, 204);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/channels/{id}/test',
    operationId: 'testChannelConnection',
    tags: ['Channels'],
    summary: 'Connection test: one cheap authenticated call to the mall with the stored credentials',
    middleware: [admin],
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ ok: z.boolean(), message: z.string().nullable(), auth: z.boolean().optional() }), 'The mall’s answer'), ...commonErrors, ...notSendable },
  }),
  async (c) => {
    const ch = await findChannel(c.get('db'), accountOf(c), c.req.valid('param').id);
    const conn = await sendableConnection(c.env, c.get('db'), ch);
    try {
      await adapterFor(ch.type).testConnection(conn);
      return c.json({ ok: true, message: null }, 200);
    } catch (e) {
      // The mall's answer, never the credentials: adapters keep secrets out of their messages.
      const message = e instanceof MallError ? e.message : 'The mall could not be reached';
      return c.json({ ok: false, message, auth: e instanceof MallError ? e.auth : false }, 200);
    }
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/channels/{id}/sync',
    operationId: 'startChannelSync',
    tags: ['Channels'],
    summary: 'Start a sync now: "orders" pulls, "stock" pushes what differs, "full" pushes every listed SKU (progress on the status)',
    middleware: [write],
    request: { params: IdParam, body: jsonBody(z.strictObject({ what: z.enum(['orders', 'stock', 'full']) })) },
    responses: { 202: jsonResponse(z.object({ jobId: z.string() }), 'Queued'), ...commonErrors, ...notSendable },
  }),
  async (c) => {
    const ch = await findChannel(c.get('db'), accountOf(c), c.req.valid('param').id);
    const { what } = c.req.valid('json');
    await sendableConnection(c.env, c.get('db'), ch);
    const jobId = newId();
    if (what === 'orders') await c.env.SYNC_QUEUE.send({ kind: 'order-pull', accountId: ch.accountId, channelId: ch.id });
    else if (what === 'full') await c.env.SYNC_QUEUE.send({ kind: 'channel-resync', accountId: ch.accountId, channelId: ch.id });
    else {
      await reconcileChannel(c.env, c.get('db'), ch.accountId, ch.id);
    }
    await auditOf(c, { action: `channel.sync.${what}`, targetType: 'channel', targetId: ch.id });
    return c.json({ jobId }, 202);
  },
);

const Problem = z.object({ at: z.string(), kind: z.string(), message: z.string() });

app.openapi(
  createRoute({
    method: 'get',
    path: '/channels/{id}/status',
    operationId: 'getChannelStatus',
    tags: ['Channels'],
    summary: 'Health of a channel: last order pull, last stock push, backlog, errors, drift and resync progress',
    middleware: [read],
    request: { params: IdParam },
    responses: {
      200: jsonResponse(
        z.object({
          lastOrderPullAt: z.string().nullable(),
          lastStockPushAt: z.string().nullable(),
          orderWatermark: z.string().nullable(),
          backlog: z.number(),
          backoffUntil: z.string().nullable(),
          errors: z.array(Problem),
          deadLetters: z.number(),
          drift: z.array(z.object({ sku: z.string(), intended: z.number(), pushed: z.number().nullable(), confirmed: z.number().nullable(), confirmedAt: z.string().nullable() })),
          resync: z.object({ total: z.number(), done: z.number(), startedAt: z.string(), finishedAt: z.string().nullable() }).nullable(),
        }),
        'Status',
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const db = c.get('db');
    const accountId = accountOf(c);
    const ch = await findChannel(db, accountId, c.req.valid('param').id);
    const [state, drift, dead, live] = await Promise.all([
      db.select().from(channelState).where(eq(channelState.channelId, ch.id)).limit(1),
      db
        .select({ sku: channelStock.sku, intended: channelStock.intended, pushed: channelStock.pushed, confirmed: channelStock.confirmed, confirmedAt: channelStock.confirmedAt })
        .from(channelStock)
        .where(and(eq(channelStock.channelId, ch.id), eq(channelStock.drift, true)))
        .orderBy(asc(channelStock.sku))
        .limit(100),
      db.select({ id: channelDeadLetters.id }).from(channelDeadLetters).where(and(eq(channelDeadLetters.accountId, accountId), eq(channelDeadLetters.channelId, ch.id), isNull(channelDeadLetters.retriedAt))),
      channelSyncOf(c.env, accountId, ch.id).status(),
    ]);
    const s = state[0];
    const errors = [
      ...(s?.lastOrderPullError ? [{ at: s.lastOrderPullAt ?? s.updatedAt, kind: 'orders', message: s.lastOrderPullError }] : []),
      ...(s?.lastStockPushError ? [{ at: s.updatedAt, kind: 'stock', message: s.lastStockPushError }] : []),
    ];
    const resync = s?.resync
      ? {
          total: s.resync.total,
          done: Math.max(0, s.resync.total - live.backlog),
          startedAt: s.resync.startedAt,
          // done when nothing is left to send (also when there was nothing to send at all)
          finishedAt: live.backlog === 0 ? (s.resync.finishedAt ?? s.lastStockPushAt ?? s.resync.startedAt) : null,
        }
      : null;
    return c.json(
      {
        lastOrderPullAt: s?.lastOrderPullAt ?? null,
        lastStockPushAt: s?.lastStockPushAt ?? null,
        orderWatermark: s?.orderWatermark ?? null,
        backlog: live.backlog,
        backoffUntil: live.backoffUntil ? new Date(live.backoffUntil).toISOString() : null,
        errors,
        deadLetters: dead.length,
        drift,
        resync,
      },
      200,
    );
  },
);

// ───────────────────────────── listings

app.openapi(
  createRoute({
    method: 'get',
    path: '/channels/{id}/listings',
    operationId: 'listChannelListings',
    tags: ['Channels'],
    summary: 'The listing map: which mall item (and variant) carries which SKU',
    middleware: [read],
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ items: z.array(Listing) }), 'Listings'), ...commonErrors },
  }),
  async (c) => {
    const ch = await findChannel(c.get('db'), accountOf(c), c.req.valid('param').id);
    const rows = await listingsOf(c.get('db'), ch.accountId, ch.id);
    return c.json({ items: rows.map((r) => ({ sku: r.sku, remoteId: r.remoteId, remoteVariantId: r.remoteVariantId })) } as never, 200);
  },
);

/** Replaces (or with `merge`, adds to) the channel's listings, then pushes the quantities of the SKUs now listed. */
const saveListings = async (c: Context<AppEnv>, channelId: string, items: { sku: string; remoteId: string; remoteVariantId?: string | null }[], merge: boolean) => {
  const db = c.get('db');
  const accountId = accountOf(c);
  const now = new Date().toISOString();
  const writes = [];
  if (!merge) writes.push(db.delete(channelListings).where(and(eq(channelListings.accountId, accountId), eq(channelListings.channelId, channelId))));
  for (let i = 0; i < items.length; i += 15) {
    writes.push(
      db
        .insert(channelListings)
        .values(items.slice(i, i + 15).map((l) => ({ accountId, channelId, sku: l.sku, remoteId: l.remoteId, remoteVariantId: l.remoteVariantId ?? null, updatedAt: now })))
        .onConflictDoUpdate({ target: [channelListings.channelId, channelListings.sku], set: { remoteId: sqlExcluded('remote_id'), remoteVariantId: sqlExcluded('remote_variant_id'), updatedAt: now } }),
    );
  }
  writes.push(auditOf(c, { action: merge ? 'channel.listings.import' : 'channel.listings.replace', targetType: 'channel', targetId: channelId, after: { count: items.length } }));
  await db.batch(writes as unknown as [(typeof writes)[number], ...(typeof writes)[number][]]);
  for (let i = 0; i < items.length; i += 500) await publishStockChanges(c.env, db, accountId, items.slice(i, i + 500).map((l) => l.sku), { channelId });
};

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

app.openapi(
  createRoute({
    method: 'put',
    path: '/channels/{id}/listings',
    operationId: 'replaceChannelListings',
    tags: ['Channels'],
    summary: 'Replace the listing map (every SKU at most once); the listed SKUs’ quantities are pushed',
    middleware: [admin],
    request: { params: IdParam, body: jsonBody(z.strictObject({ items: z.array(Listing).max(5000) })) },
    responses: { 200: jsonResponse(z.object({ count: z.number() }), 'Saved'), ...commonErrors },
  }),
  async (c) => {
    const ch = await findChannel(c.get('db'), accountOf(c), c.req.valid('param').id);
    const { items } = c.req.valid('json');
    const dup = items.findIndex((x, i) => items.findIndex((y) => y.sku === x.sku) !== i);
    if (dup >= 0) throw new AppError(400, 'validation_error', 'The request is not valid', [{ field: `items.${dup}.sku`, message: 'Each SKU at most once' }]);
    await saveListings(c, ch.id, items, false);
    return c.json({ count: items.length }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/channels/{id}/listings/export',
    operationId: 'exportChannelListingsCsv',
    tags: ['Channels'],
    summary: 'The listing map as CSV (SKU, 商品ID, バリエーションID; Shift_JIS by default, CRLF)',
    description: 'A signed-in user needs the export permission (CSV出力): 403 permission_denied otherwise.',
    middleware: [read, canExport],
    request: { params: IdParam, query: z.object({ encoding: z.enum(['shift_jis', 'utf-8']).default('shift_jis') }) },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...commonErrors },
  }),
  async (c) => {
    const ch = await findChannel(c.get('db'), accountOf(c), c.req.valid('param').id);
    const { encoding } = c.req.valid('query');
    const rows = await listingsOf(c.get('db'), ch.accountId, ch.id);
    return new Response(encodeCsv(csvRows([LISTINGS_HEADER, ...listingCsvRows(rows)]), encoding), {
      headers: { 'Content-Type': contentTypeFor(encoding), 'Content-Disposition': `attachment; filename="listings-${ch.type}-${new Date().toISOString().slice(0, 10)}.csv"` },
    }) as never;
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/channels/{id}/listings/import',
    operationId: 'importChannelListingsCsv',
    tags: ['Channels'],
    summary: 'Import listings from CSV (adds and updates; rows with problems are reported by line and nothing is saved unless applyValid)',
    middleware: [admin],
    request: {
      params: IdParam,
      query: z.object({ encoding: z.enum(['shift_jis', 'utf-8']).default('shift_jis'), applyValid: z.enum(['true', 'false']).default('false') }),
      body: { required: true, content: { 'text/csv': { schema: z.string() } } },
    },
    responses: {
      200: jsonResponse(z.object({ applied: z.number(), problems: z.array(z.object({ line: z.number(), code: z.string(), message: z.string() })) }), 'The report'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const ch = await findChannel(c.get('db'), accountOf(c), c.req.valid('param').id);
    const q = c.req.valid('query');
    const rows = parseCsv(decodeCsv(new Uint8Array(await c.req.arrayBuffer()), q.encoding));
    if (rows.length > 20_001) throw new AppError(413, 'too_many_rows', 'At most 20,000 rows per file');
    const { items, problems } = parseListingRows(rows);
    if (problems.length && q.applyValid !== 'true') return c.json({ applied: 0, problems }, 200);
    await saveListings(c, ch.id, items, true);
    return c.json({ applied: items.length, problems }, 200);
  },
);

// ───────────────────────────── per-SKU figures and dead letters

const StoreFigure = z
  .object({
    sku: z.string(),
    intended: z.number().openapi({ description: 'What the store should show now' }),
    intendedAt: z.string(),
    pushed: z.number().nullable().openapi({ description: 'The last quantity the mall accepted' }),
    pushedAt: z.string().nullable(),
    confirmed: z.number().nullable().openapi({ description: 'Read back from the mall (null: unknown there, or not read)' }),
    confirmedAt: z.string().nullable(),
    drift: z.boolean(),
    error: z.string().nullable(),
  })
  .openapi('StoreFigure');

app.openapi(
  createRoute({
    method: 'get',
    path: '/channels/{id}/stock',
    operationId: 'listChannelStock',
    tags: ['Channels'],
    summary: 'What the store shows per SKU: intended, pushed and confirmed quantities with their times (paged; drift=true for the differences)',
    middleware: [read],
    request: { params: IdParam, query: z.object({ drift: z.enum(['true', 'false']).optional(), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
    responses: { 200: jsonResponse(z.object({ items: z.array(StoreFigure), nextCursor: z.string().nullable() }), 'Figures'), ...commonErrors },
  }),
  async (c) => {
    const ch = await findChannel(c.get('db'), accountOf(c), c.req.valid('param').id);
    const q = c.req.valid('query');
    const after = decodeCursor(q.cursor);
    const rows = await c
      .get('db')
      .select()
      .from(channelStock)
      .where(and(eq(channelStock.accountId, ch.accountId), eq(channelStock.channelId, ch.id), q.drift === 'true' ? eq(channelStock.drift, true) : undefined, after ? gt(channelStock.sku, after.id) : undefined))
      .orderBy(asc(channelStock.sku))
      .limit(q.limit + 1);
    const items = rows.slice(0, q.limit).map(({ accountId: _a, channelId: _c, ...r }) => r);
    return c.json({ items, nextCursor: rows.length > q.limit ? encodeCursor({ at: '', id: items[items.length - 1].sku }) : null } as never, 200);
  },
);

const DeadLetter = z.object({ id: z.string(), kind: z.string(), payload: z.unknown(), error: z.string(), attempts: z.number(), createdAt: z.string() }).openapi('DeadLetter');

app.openapi(
  createRoute({
    method: 'get',
    path: '/channels/{id}/dead-letters',
    operationId: 'listChannelDeadLetters',
    tags: ['Channels'],
    summary: 'What failed after every retry (stock pushes, shipments, pulls), newest first',
    middleware: [read],
    request: { params: IdParam, query: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
    responses: { 200: jsonResponse(z.object({ items: z.array(DeadLetter), nextCursor: z.string().nullable() }), 'Dead letters'), ...commonErrors },
  }),
  async (c) => {
    const ch = await findChannel(c.get('db'), accountOf(c), c.req.valid('param').id);
    const q = c.req.valid('query');
    const cur = decodeCursor(q.cursor);
    const rows = await c
      .get('db')
      .select()
      .from(channelDeadLetters)
      .where(
        and(
          eq(channelDeadLetters.accountId, ch.accountId),
          eq(channelDeadLetters.channelId, ch.id),
          isNull(channelDeadLetters.retriedAt),
          cur ? or(lt(channelDeadLetters.createdAt, cur.at), and(eq(channelDeadLetters.createdAt, cur.at), lt(channelDeadLetters.id, cur.id))) : undefined,
        ),
      )
      .orderBy(desc(channelDeadLetters.createdAt), desc(channelDeadLetters.id))
      .limit(q.limit + 1);
    const items = rows.slice(0, q.limit).map(({ accountId: _a, channelId: _c, retriedAt: _r, ...r }) => r);
    const last = items[items.length - 1];
    return c.json({ items, nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null } as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/channels/{id}/dead-letters/{letterId}/retry',
    operationId: 'retryChannelDeadLetter',
    tags: ['Channels'],
    summary: 'Retry a dead letter: stock is recomputed from today’s figures and pushed; a shipment or pull is queued again',
    middleware: [write],
    request: { params: IdParam.extend({ letterId: z.string().min(1).max(64) }) },
    responses: { 202: jsonResponse(z.object({ queued: z.boolean() }), 'Queued again'), ...commonErrors, ...notSendable },
  }),
  async (c) => {
    const db = c.get('db');
    const { id, letterId } = c.req.valid('param');
    const ch = await findChannel(db, accountOf(c), id);
    await sendableConnection(c.env, c.get('db'), ch);
    const letter = (
      await db
        .select()
        .from(channelDeadLetters)
        .where(and(eq(channelDeadLetters.accountId, ch.accountId), eq(channelDeadLetters.channelId, ch.id), eq(channelDeadLetters.id, letterId), isNull(channelDeadLetters.retriedAt)))
        .limit(1)
    )[0];
    if (!letter) throw new AppError(404, 'not_found', 'Dead letter not found');
    await db.update(channelDeadLetters).set({ retriedAt: new Date().toISOString() }).where(eq(channelDeadLetters.id, letter.id));
    if (letter.kind === 'stock') {
      // Today's quantity, not the one that failed: stock has moved on since.
      const codes = (letter.payload as { sku: string }[]).map((p) => p.sku);
      await publishStockChanges(c.env, db, ch.accountId, codes, { channelId: ch.id });
    } else if (letter.kind === 'shipment') {
      const p = letter.payload as { orderId: string };
      await c.env.SYNC_QUEUE.send({ kind: 'shipment', accountId: ch.accountId, channelId: ch.id, orderId: p.orderId });
    } else if (letter.kind === 'cancel') {
      const p = letter.payload as { orderId: string; reason: CancelReason; note: string | null };
      await c.env.SYNC_QUEUE.send({ kind: 'cancel', accountId: ch.accountId, channelId: ch.id, orderId: p.orderId, reason: p.reason, note: p.note ?? null });
    } else await c.env.SYNC_QUEUE.send({ kind: 'order-pull', accountId: ch.accountId, channelId: ch.id });
    await auditOf(c, { action: 'channel.dead_letter.retry', targetType: 'channel', targetId: ch.id, after: { letterId, kind: letter.kind } });
    return c.json({ queued: true }, 202);
  },
);

export default app;
