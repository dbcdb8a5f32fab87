import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse, text } from '../lib/openapi';
import { requireScope } from '../middleware/guards';
import { AppError } from '../lib/errors';
import { auditOf } from '../lib/audit';
import { newId } from '../lib/ids';
import { actorOf, type Principal } from '../auth/principal';
import { blacklist, orderRules, savedSearches } from './rules-schema';
import { normaliseForMatch } from './rules';
import { loadRules, simulateRules } from './rules-service';

const SETTABLE = ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'on_hold'] as const;

const Condition = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('channelId'), op: z.literal('eq'), value: z.string().min(1).max(64) }),
  z.strictObject({ field: z.literal('paymentMethod'), op: z.literal('eq'), value: z.string().min(1).max(40) }),
  z.strictObject({ field: z.literal('total'), op: z.enum(['gte', 'lte']), value: z.number().int().min(0).max(100_000_000) }),
  z.strictObject({ field: z.literal('prefecture'), op: z.literal('in'), value: z.array(z.string().min(1).max(10)).min(1).max(47) }),
  z.strictObject({ field: z.literal('sku'), op: z.literal('contains'), value: z.string().min(1).max(64) }),
  z.strictObject({ field: z.literal('flag'), op: z.literal('has'), value: z.string().min(1).max(40) }),
]);

const Action = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('status'), value: z.enum(SETTABLE) }),
  z.strictObject({ type: z.literal('flag'), value: z.string().trim().min(1).max(40) }),
  z.strictObject({ type: z.literal('carrier'), value: z.enum(['yamato', 'sagawa', 'japanpost', 'other']) }),
]);

const RuleInput = z
  .strictObject({
    name: text(100),
    enabled: z.boolean().default(true),
    priority: z.number().int().min(0).max(10_000).default(100),
    conditions: z.array(Condition).max(20),
    actions: z.array(Action).min(1).max(10),
  })
  .openapi('OrderRuleInput');

const RuleSchema = z
  .object({ id: z.string(), name: z.string(), enabled: z.boolean(), priority: z.number(), conditions: z.array(z.unknown()), actions: z.array(z.unknown()), createdAt: z.string(), updatedAt: z.string() })
  .openapi('OrderRule');

const IdParam = z.object({ id: z.string().min(1).max(64) });
const accountOf = (c: Context<AppEnv>) => c.get('principal')!.accountId;
const read = requireScope('orders:read');
const write = requireScope('orders:write');
const app = newRouter();

const ruleOf = async (c: Context<AppEnv>, id: string) => {
  const r = (await c.get('db').select().from(orderRules).where(and(eq(orderRules.accountId, accountOf(c)), eq(orderRules.id, id))).limit(1))[0];
  if (!r) throw new AppError(404, 'not_found', 'Rule not found');
  return r;
};

const strip = <T extends { accountId: string }>({ accountId: _a, ...rest }: T) => rest;

app.openapi(
  createRoute({ method: 'get', path: '/order-rules', operationId: 'listOrderRules', tags: ['Order rules'], summary: 'List automatic processing rules (自動処理), in the order they run', middleware: [read], responses: { 200: jsonResponse(z.object({ items: z.array(RuleSchema), nextCursor: z.null() }), 'Rules'), ...commonErrors } }),
  async (c) => {
    const rows = await c.get('db').select().from(orderRules).where(eq(orderRules.accountId, accountOf(c))).orderBy(asc(orderRules.priority), asc(orderRules.id));
    return c.json({ items: rows.map(strip), nextCursor: null } as never, 200);
  },
);

app.openapi(
  createRoute({ method: 'post', path: '/order-rules', operationId: 'createOrderRule', tags: ['Order rules'], summary: 'Create a rule; it runs on every arriving order', middleware: [write], request: { body: jsonBody(RuleInput) }, responses: { 201: jsonResponse(RuleSchema, 'Created'), ...commonErrors } }),
  async (c) => {
    const at = new Date().toISOString();
    const row = { id: newId(), accountId: accountOf(c), ...c.req.valid('json'), createdAt: at, updatedAt: at };
    await c.get('db').batch([c.get('db').insert(orderRules).values(row), auditOf(c, { action: 'order_rule.create', targetType: 'order_rule', targetId: row.id, after: c.req.valid('json') })]);
    return c.json(strip(row) as never, 201);
  },
);

app.openapi(
  createRoute({ method: 'put', path: '/order-rules/{id}', operationId: 'replaceOrderRule', tags: ['Order rules'], summary: 'Replace a rule', middleware: [write], request: { params: IdParam, body: jsonBody(RuleInput) }, responses: { 200: jsonResponse(RuleSchema, 'Saved'), ...commonErrors } }),
  async (c) => {
    const before = await ruleOf(c, c.req.valid('param').id);
    const body = c.req.valid('json');
    const db = c.get('db');
    await db.batch([
      db.update(orderRules).set({ ...body, updatedAt: new Date().toISOString() }).where(and(eq(orderRules.accountId, accountOf(c)), eq(orderRules.id, before.id))),
      auditOf(c, { action: 'order_rule.update', targetType: 'order_rule', targetId: before.id, before: strip(before), after: body }),
    ]);
    return c.json(strip(await ruleOf(c, before.id)) as never, 200);
  },
);

app.openapi(
  createRoute({ method: 'delete', path: '/order-rules/{id}', operationId: 'deleteOrderRule', tags: ['Order rules'], summary: 'Delete a rule', middleware: [write], request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...commonErrors } }),
  async (c) => {
    const before = await ruleOf(c, c.req.valid('param').id);
    const db = c.get('db');
    await db.batch([db.delete(orderRules).where(and(eq(orderRules.accountId, accountOf(c)), eq(orderRules.id, before.id))), auditOf(c, { action: 'order_rule.delete', targetType: 'order_rule', targetId: before.id, before: strip(before) })]);
    return c.body(null, 204);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/order-rules/simulate',
    operationId: 'simulateOrderRules',
    tags: ['Order rules'],
    summary: 'Simulate: what the saved rules (or the rule in the body) would do to the latest orders; changes nothing',
    middleware: [read],
    request: { body: jsonBody(z.strictObject({ rule: RuleInput.optional(), limit: z.number().int().min(1).max(1000).default(200) })) },
    responses: {
      200: jsonResponse(
        z.object({
          checked: z.number(),
          matched: z.array(z.object({ orderId: z.string(), number: z.string(), status: z.string(), plan: z.object({ matched: z.array(z.object({ id: z.string(), name: z.string() })), flags: z.array(z.string()), carrier: z.string().nullable(), status: z.string().nullable(), refused: z.string().nullable() }) })),
        }),
        'Orders the rules would change, and how',
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { rule, limit } = c.req.valid('json');
    const rules = rule ? [{ id: 'draft', ...rule }] : await loadRules(c.get('db'), accountOf(c));
    return c.json((await simulateRules(c.get('db'), accountOf(c), rules, limit)) as never, 200);
  },
);

// ───────────────────────────── blacklist

const BlacklistEntry = z.object({ id: z.string(), kind: z.enum(['name', 'phone', 'email']), value: z.string(), note: z.string().nullable(), createdAt: z.string() }).openapi('BlacklistEntry');

app.openapi(
  createRoute({ method: 'get', path: '/blacklist', operationId: 'listBlacklistEntries', tags: ['Order rules'], summary: 'The blacklist: orders matching a name, phone or e-mail are flagged on arrival', middleware: [read], responses: { 200: jsonResponse(z.object({ items: z.array(BlacklistEntry), nextCursor: z.null() }), 'Entries'), ...commonErrors } }),
  async (c) => c.json({ items: (await c.get('db').select().from(blacklist).where(eq(blacklist.accountId, accountOf(c))).orderBy(asc(blacklist.createdAt))).map(strip), nextCursor: null } as never, 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/blacklist',
    operationId: 'createBlacklistEntry',
    tags: ['Order rules'],
    summary: 'Add a blacklist entry',
    middleware: [write],
    request: { body: jsonBody(z.strictObject({ kind: z.enum(['name', 'phone', 'email']), value: text(254), note: z.string().trim().max(500).optional() })) },
    responses: { 201: jsonResponse(BlacklistEntry, 'Added'), ...commonErrors },
  }),
  async (c) => {
    const b = c.req.valid('json');
    const row = { id: newId(), accountId: accountOf(c), kind: b.kind, value: normaliseForMatch(b.kind, b.value), note: b.note ?? null, createdAt: new Date().toISOString() };
    if (!row.value) throw new AppError(400, 'validation_error', 'The request is not valid', [{ field: 'value', message: 'Nothing left to match after normalising' }]);
    await c.get('db').batch([c.get('db').insert(blacklist).values(row), auditOf(c, { action: 'blacklist.add', targetType: 'blacklist', targetId: row.id, after: { kind: row.kind } })]);
    return c.json(strip(row) as never, 201);
  },
);

app.openapi(
  createRoute({ method: 'delete', path: '/blacklist/{id}', operationId: 'deleteBlacklistEntry', tags: ['Order rules'], summary: 'Remove a blacklist entry', middleware: [write], request: { params: IdParam }, responses: { 204: { description: 'Removed' }, ...commonErrors } }),
  async (c) => {
    const db = c.get('db');
    const gone = await db.delete(blacklist).where(and(eq(blacklist.accountId, accountOf(c)), eq(blacklist.id, c.req.valid('param').id))).returning({ id: blacklist.id });
    if (!gone.length) throw new AppError(404, 'not_found', 'Entry not found');
    await auditOf(c, { action: 'blacklist.remove', targetType: 'blacklist', targetId: gone[0].id });
    return c.body(null, 204);
  },
);

// ───────────────────────────── saved searches

/** Who saved a search: the user's id (as before), or `token:<id>` for an API token. */
const searchOwnerOf = (p: Principal): string => (p.kind === 'session' ? p.userId : `token:${actorOf(p).tokenId}`);
const mayDeleteSearch = (p: Principal, createdBy: string | null): boolean => (p.kind === 'session' && p.role === 'admin') || createdBy === searchOwnerOf(p);

const SavedSearch = z
  .object({ id: z.string(), name: z.string(), query: z.string(), createdAt: z.string(), canDelete: z.boolean().openapi({ description: 'Whether the caller may delete it: its owner, or an admin' }) })
  .openapi('SavedSearch');

app.openapi(
  createRoute({ method: 'get', path: '/saved-searches', operationId: 'listSavedSearches', tags: ['Orders'], summary: 'Saved order-list searches (保存した検索条件)', middleware: [read], responses: { 200: jsonResponse(z.object({ items: z.array(SavedSearch), nextCursor: z.null() }), 'Searches'), ...commonErrors } }),
  async (c) => {
    const p = c.get('principal')!;
    const rows = await c.get('db').select().from(savedSearches).where(eq(savedSearches.accountId, p.accountId)).orderBy(asc(savedSearches.name));
    return c.json({ items: rows.map(({ accountId: _a, createdBy, ...s }) => ({ ...s, canDelete: mayDeleteSearch(p, createdBy) })), nextCursor: null }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/saved-searches',
    operationId: 'createSavedSearch',
    tags: ['Orders'],
    summary: 'Save an order-list search',
    description: 'Needs `orders:write` (operators and admins): viewers and read-only tokens only use the searches.',
    middleware: [write],
    request: { body: jsonBody(z.strictObject({ name: text(60), query: z.string().max(500).regex(/^[\w\-.=&%+:]*$/, 'A query string of the order list') })) },
    responses: { 201: jsonResponse(SavedSearch, 'Saved'), ...commonErrors },
  }),
  async (c) => {
    const p = c.get('principal')!;
    const row = { id: newId(), accountId: p.accountId, ...c.req.valid('json'), createdBy: searchOwnerOf(p), createdAt: new Date().toISOString() };
    await c.get('db').insert(savedSearches).values(row);
    return c.json({ id: row.id, name: row.name, query: row.query, createdAt: row.createdAt, canDelete: true }, 201);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/saved-searches/{id}',
    operationId: 'deleteSavedSearch',
    tags: ['Orders'],
    summary: 'Delete a saved search',
    description: 'Needs `orders:write`. Only the one who saved it may delete it, or an admin (403 `not_owner`).',
    middleware: [write],
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...commonErrors },
  }),
  async (c) => {
    const p = c.get('principal')!;
    const db = c.get('db');
    const id = c.req.valid('param').id;
    const [found] = await db.select({ createdBy: savedSearches.createdBy }).from(savedSearches).where(and(eq(savedSearches.accountId, p.accountId), eq(savedSearches.id, id))).limit(1);
    if (!found) throw new AppError(404, 'not_found', 'Saved search not found');
    if (!mayDeleteSearch(p, found.createdBy)) throw new AppError(403, 'not_owner', 'Only the one who saved this search, or an admin, may delete it');
    await db.delete(savedSearches).where(and(eq(savedSearches.accountId, p.accountId), eq(savedSearches.id, id)));
    return c.body(null, 204);
  },
);

export default app;
