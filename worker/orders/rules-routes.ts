import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, max } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { newRouter } from '../lib/router';
import { commonErrors, ErrorSchema, jsonBody, jsonResponse, text } from '../lib/openapi';
import { requirePermission, requireScope } from '../middleware/guards';
import { seesPersonalData } from '../users/permissions';
import { maskBlacklistValue } from './mask';
import { AppError } from '../lib/errors';
import { auditOf } from '../lib/audit';
import { newId } from '../lib/ids';
import { actorOf, type Principal } from '../auth/principal';
import { blacklist, orderRules, savedSearches } from './rules-schema';
import { MAX_RULE_PRIORITY, normaliseForMatch, prioritiesFor, RULE_CARRIERS, RULE_SETTABLE_STATUSES } from './rules';
import { loadRules, runRules, RUN_MAX_ORDERS, simulateRules } from './rules-service';
import { PaymentMethodField } from './api-schema';
import { PREFECTURE_NAMES, SHIPPING_METHODS } from './choices';
import { actorLabel } from '../stock/service';

const Condition = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('channelId'), op: z.literal('eq'), value: z.string().min(1).max(64) }),
  // Kura's unified method (the same for every mall): a mall's own code would never match.
  z.strictObject({ field: z.literal('paymentMethod'), op: z.literal('eq'), value: PaymentMethodField }),
  z.strictObject({ field: z.literal('total'), op: z.enum(['gte', 'lte']), value: z.number().int().min(0).max(100_000_000) }),
  z.strictObject({
    field: z.literal('prefecture'),
    op: z.literal('in'),
    value: z
      .array(z.string().refine((v) => PREFECTURE_NAMES.includes(v), 'A prefecture (都道府県) as written in addresses, such as 東京都'))
      .min(1)
      .max(47),
  }),
  z.strictObject({ field: z.literal('sku'), op: z.literal('contains'), value: z.string().min(1).max(64) }),
  z.strictObject({ field: z.literal('flag'), op: z.literal('has'), value: z.string().trim().min(1).max(40) }),
  // the order's 配送方法 as stored (Kura's SHIPPING_METHODS, or what a mall sent)
  z.strictObject({ field: z.literal('shippingMethod'), op: z.literal('eq'), value: z.string().trim().min(1).max(40) }),
]);

const Action = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('status'), value: z.enum(RULE_SETTABLE_STATUSES) }),
  z.strictObject({ type: z.literal('flag'), value: z.string().trim().min(1).max(40) }),
  z.strictObject({ type: z.literal('carrier'), value: z.enum(RULE_CARRIERS) }),
  z.strictObject({ type: z.literal('shippingMethod'), value: z.enum(SHIPPING_METHODS) }),
]);

const RuleInput = z
  .strictObject({
    name: text(100),
    enabled: z.boolean().default(true),
    priority: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .optional()
      .openapi({ description: 'Lower runs first. Left out: a new rule runs after every other, a replaced rule keeps its place' }),
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
// 権限 rules (自動処理ルールの変更, users/permissions.ts): a person changes, reorders, runs the rules and
// edits the blacklist only with it (admins by default); simulating changes nothing and stays open
const canChangeRules = requirePermission('rules');
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
  createRoute({ method: 'post', path: '/order-rules', operationId: 'createOrderRule', tags: ['Order rules'], summary: 'Create a rule; it runs on every arriving order', middleware: [write, canChangeRules], request: { body: jsonBody(RuleInput) }, responses: { 201: jsonResponse(RuleSchema, 'Created'), ...commonErrors } }),
  async (c) => {
    const at = new Date().toISOString();
    const body = c.req.valid('json');
    const db = c.get('db');
    // Without a priority the new rule runs last.
    const [top] = await db.select({ priority: max(orderRules.priority) }).from(orderRules).where(eq(orderRules.accountId, accountOf(c)));
    const priority = body.priority ?? Math.min(MAX_RULE_PRIORITY, (top?.priority ?? 0) + 10);
    const row = { id: newId(), accountId: accountOf(c), ...body, priority, createdAt: at, updatedAt: at };
    await db.batch([db.insert(orderRules).values(row), auditOf(c, { action: 'order_rule.create', targetType: 'order_rule', targetId: row.id, after: { ...body, priority } })]);
    return c.json(strip(row) as never, 201);
  },
);

app.openapi(
  createRoute({ method: 'put', path: '/order-rules/{id}', operationId: 'replaceOrderRule', tags: ['Order rules'], summary: 'Replace a rule', middleware: [write, canChangeRules], request: { params: IdParam, body: jsonBody(RuleInput) }, responses: { 200: jsonResponse(RuleSchema, 'Saved'), ...commonErrors } }),
  async (c) => {
    const before = await ruleOf(c, c.req.valid('param').id);
    const given = c.req.valid('json');
    const body = { ...given, priority: given.priority ?? before.priority };
    const db = c.get('db');
    await db.batch([
      db.update(orderRules).set({ ...body, updatedAt: new Date().toISOString() }).where(and(eq(orderRules.accountId, accountOf(c)), eq(orderRules.id, before.id))),
      auditOf(c, { action: 'order_rule.update', targetType: 'order_rule', targetId: before.id, before: strip(before), after: body }),
    ]);
    return c.json(strip(await ruleOf(c, before.id)) as never, 200);
  },
);

app.openapi(
  createRoute({ method: 'delete', path: '/order-rules/{id}', operationId: 'deleteOrderRule', tags: ['Order rules'], summary: 'Delete a rule', middleware: [write, canChangeRules], request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...commonErrors } }),
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
          matched: z.array(
            z.object({
              orderId: z.string(),
              number: z.string(),
              status: z.string(),
              plan: z.object({
                matched: z.array(z.object({ id: z.string(), name: z.string() })),
                flags: z.array(z.string()),
                carrier: z.string().nullable(),
                shippingMethod: z.string().nullable(),
                status: z.string().nullable(),
                refused: z.string().nullable(),
              }),
            }),
          ),
        }),
        'Orders the rules would change, and how',
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { rule, limit } = c.req.valid('json');
    const rules = rule ? [{ id: 'draft', ...rule, priority: rule.priority ?? 0 }] : await loadRules(c.get('db'), accountOf(c));
    return c.json((await simulateRules(c.get('db'), accountOf(c), rules, limit)) as never, 200);
  },
);

const RulePatch = z
  .strictObject({
    name: text(100).optional(),
    enabled: z.boolean().optional().openapi({ description: 'Switch the rule on or off (a switched-off rule keeps its place)' }),
    priority: z.number().int().min(0).max(MAX_RULE_PRIORITY).optional(),
    conditions: z.array(Condition).max(20).optional(),
    actions: z.array(Action).min(1).max(10).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'Nothing to change' })
  .openapi('OrderRulePatch');

app.openapi(
  createRoute({
    method: 'patch',
    path: '/order-rules/{id}',
    operationId: 'updateOrderRule',
    tags: ['Order rules'],
    summary: 'Change part of a rule: switch it on or off, rename it, or change its conditions or actions',
    middleware: [write, canChangeRules],
    request: { params: IdParam, body: jsonBody(RulePatch) },
    responses: { 200: jsonResponse(RuleSchema, 'Saved'), ...commonErrors },
  }),
  async (c) => {
    const before = await ruleOf(c, c.req.valid('param').id);
    const patch = c.req.valid('json');
    const db = c.get('db');
    await db.batch([
      db.update(orderRules).set({ ...patch, updatedAt: new Date().toISOString() }).where(and(eq(orderRules.accountId, accountOf(c)), eq(orderRules.id, before.id))),
      auditOf(c, { action: 'order_rule.update', targetType: 'order_rule', targetId: before.id, before: Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof typeof before]])), after: patch }),
    ]);
    return c.json(strip(await ruleOf(c, before.id)) as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/order-rules/reorder',
    operationId: 'reorderOrderRules',
    tags: ['Order rules'],
    summary: 'Put the rules in a new running order: every rule of the account exactly once, first runs first',
    description:
      'The rules get priorities 10, 20, 30 … in the order given. A list that is not exactly the account’s rules (one added or deleted meanwhile, an unknown id) answers 409 `rules_changed` naming the ids that are missing or unknown; a repeated id is a 400.',
    middleware: [write, canChangeRules],
    request: {
      body: jsonBody(
        z.strictObject({
          ids: z
            .array(z.string().min(1).max(64))
            .min(1)
            .max(1000)
            .refine((ids) => new Set(ids).size === ids.length, { message: 'Each rule once' }),
        }),
      ),
    },
    responses: { 200: jsonResponse(z.object({ items: z.array(RuleSchema), nextCursor: z.null() }), 'The rules in their new order'), 409: jsonResponse(ErrorSchema, 'The list is not the account’s rules'), ...commonErrors },
  }),
  async (c) => {
    const { ids } = c.req.valid('json');
    const db = c.get('db');
    const accountId = accountOf(c);
    const current = await db.select({ id: orderRules.id, priority: orderRules.priority }).from(orderRules).where(eq(orderRules.accountId, accountId)).orderBy(asc(orderRules.priority), asc(orderRules.id));
    const known = new Set(current.map((r) => r.id));
    const given = new Set(ids);
    const missing = current.filter((r) => !given.has(r.id)).map((r) => r.id);
    const unknown = ids.filter((id) => !known.has(id));
    if (missing.length || unknown.length) throw new AppError(409, 'rules_changed', 'The list is not the account’s rules (one was added or deleted meanwhile?); reload and try again', { missing, unknown });
    const was = new Map(current.map((r) => [r.id, r.priority]));
    const next = prioritiesFor(ids);
    const moved = next.filter((r) => was.get(r.id) !== r.priority);
    const at = new Date().toISOString();
    await db.batch([
      auditOf(c, { action: 'order_rule.reorder', targetType: 'order_rule', before: current.map((r) => r.id), after: ids }),
      ...moved.map((r) => db.update(orderRules).set({ priority: r.priority, updatedAt: at }).where(and(eq(orderRules.accountId, accountId), eq(orderRules.id, r.id)))),
    ]);
    const rows = await db.select().from(orderRules).where(eq(orderRules.accountId, accountId)).orderBy(asc(orderRules.priority), asc(orderRules.id));
    return c.json({ items: rows.map(strip), nextCursor: null } as never, 200);
  },
);

const RunChange = z.object({
  type: z.enum(['status', 'flag', 'carrier', 'shippingMethod']),
  from: z.string().nullable().openapi({ description: 'The value before (null for a flag added, or a carrier or 配送方法 that was not set)' }),
  to: z.string(),
});

app.openapi(
  createRoute({
    method: 'post',
    path: '/order-rules/run',
    operationId: 'runOrderRules',
    tags: ['Order rules'],
    summary: '今すぐ実行: run the saved, enabled rules on the account’s 新規受付 (new) orders now, as on import',
    description: `Oldest orders first, at most ${RUN_MAX_ORDERS} a call: \`truncated\` says more are waiting and \`nextCursor\` continues after the last one examined. Each order that changes gets a \`rules\` event in its history; a status move the workflow forbids is listed under \`refused\` and changes nothing. Running again changes nothing more.`,
    middleware: [write, canChangeRules],
    request: {
      body: jsonBody(
        z.strictObject({
          limit: z.number().int().min(1).max(RUN_MAX_ORDERS).default(RUN_MAX_ORDERS),
          cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous answer' }),
        }),
      ),
    },
    responses: {
      200: jsonResponse(
        z
          .object({
            examined: z.number().int(),
            truncated: z.boolean(),
            nextCursor: z.string().nullable(),
            results: z.array(z.object({ orderId: z.string(), number: z.string(), rules: z.array(z.object({ id: z.string(), name: z.string() })), changes: z.array(RunChange) })),
            refused: z.array(z.object({ orderId: z.string(), number: z.string(), code: z.string(), to: z.string().nullable() })),
          })
          .openapi('OrderRulesRun'),
        'What changed, per order',
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid('json');
    const p = c.get('principal')!;
    const out = await runRules(c.env.DB, c.get('db'), p.accountId, actorLabel(p), { limit, cursor });
    await auditOf(c, {
      action: 'order_rule.run',
      targetType: 'order_rule',
      after: { examined: out.examined, changed: out.results.length, orders: out.results.map((r) => r.number), refused: out.refused.length, truncated: out.truncated },
    });
    return c.json(out as never, 200);
  },
);

// ───────────────────────────── blacklist

const BlacklistEntry = z.object({ id: z.string(), kind: z.enum(['name', 'phone', 'email']), value: z.string(), note: z.string().nullable(), createdAt: z.string() }).openapi('BlacklistEntry');

app.openapi(
  createRoute({ method: 'get', path: '/blacklist', operationId: 'listBlacklistEntries', tags: ['Order rules'], summary: 'The blacklist: orders matching a name, phone or e-mail are flagged on arrival', description: 'Without the personal_data permission a signed-in user sees each value masked as in orders (山**, ***-****-1111, y***@example.jp).', middleware: [read], responses: { 200: jsonResponse(z.object({ items: z.array(BlacklistEntry), nextCursor: z.null() }), 'Entries'), ...commonErrors } }),
  async (c) => {
    const items = (await c.get('db').select().from(blacklist).where(eq(blacklist.accountId, accountOf(c))).orderBy(asc(blacklist.createdAt))).map(strip);
    return c.json({ items: seesPersonalData(c.get('principal')) ? items : items.map((e) => ({ ...e, value: maskBlacklistValue(e.kind, e.value) })), nextCursor: null } as never, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/blacklist',
    operationId: 'createBlacklistEntry',
    tags: ['Order rules'],
    summary: 'Add a blacklist entry',
    middleware: [write, canChangeRules],
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
  createRoute({ method: 'delete', path: '/blacklist/{id}', operationId: 'deleteBlacklistEntry', tags: ['Order rules'], summary: 'Remove a blacklist entry', middleware: [write, canChangeRules], request: { params: IdParam }, responses: { 204: { description: 'Removed' }, ...commonErrors } }),
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
