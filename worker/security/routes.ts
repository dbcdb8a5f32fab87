import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse } from '../lib/openapi';
import { requireSession, sessionOf } from '../middleware/guards';
import { auditOf } from '../lib/audit';
import { AppError } from '../lib/errors';
import { isValidCidr, ipInRanges } from '../lib/cidr';
import { newId } from '../lib/ids';
import { accounts } from '../accounts/schema';
import { findAccount, securitySettingsOf } from '../accounts/service';
import { countryExceptions } from './schema';
import { listCountryExceptions } from './service';

const Cidr = z.string().trim().max(64).refine(isValidCidr, 'Not an IPv4 or IPv6 address or CIDR range');

const SecuritySettings = z
  .strictObject({
    ipAllowlist: z.array(Cidr).max(100).openapi({ example: ['203.0.113.0/24', '2001:db8::/32'], description: 'Empty means any IP' }),
    lockoutThreshold: z.number().int().min(3).max(20),
    lockoutMinutes: z.number().int().min(1).max(1440),
    mfaRequired: z.boolean(),
  })
  .openapi('SecuritySettings');

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(d)), 'Not a date');

const CountryExceptionInput = z
  .strictObject({
    country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'ISO 3166-1 alpha-2 code').transform((s) => s.toUpperCase()),
    from: IsoDate,
    to: IsoDate,
    cidrs: z.array(Cidr).min(1).max(50),
    note: z.string().trim().max(500).optional(),
  })
  .refine((e) => e.from <= e.to, { message: '"to" must not be before "from"', path: ['to'] })
  .refine((e) => e.country !== 'JP', { message: 'Japan needs no exception', path: ['country'] })
  .openapi('CountryExceptionInput');

const CountryException = z
  .object({ id: z.string(), country: z.string(), from: z.string(), to: z.string(), cidrs: z.array(z.string()), note: z.string().nullable(), createdAt: z.string() })
  .openapi('CountryException');

const toPublic = (e: typeof countryExceptions.$inferSelect) => ({
  id: e.id,
  country: e.country,
  from: e.fromDate,
  to: e.toDate,
  cidrs: e.cidrs,
  note: e.note,
  createdAt: e.createdAt,
});

const admin = requireSession('admin');
const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/security',
    operationId: 'getSecuritySettings',
    tags: ['Security settings'],
    summary: 'Read the account’s security settings (admin)',
    middleware: [admin],
    responses: { 200: jsonResponse(SecuritySettings, 'Settings'), ...commonErrors },
  }),
  async (c) => c.json(securitySettingsOf((await findAccount(c.get('db'), c.get('principal')!.accountId))!), 200),
);

app.openapi(
  createRoute({
    method: 'put',
    path: '/security',
    operationId: 'replaceSecuritySettings',
    tags: ['Security settings'],
    summary: 'Replace the account’s security settings (admin)',
    description: 'An allowlist that would exclude the admin’s own current address is refused (409 `would_lock_out`).',
    middleware: [admin],
    request: { body: jsonBody(SecuritySettings) },
    responses: { 200: jsonResponse(SecuritySettings, 'Saved'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const body = c.req.valid('json');
    if (body.ipAllowlist.length > 0 && !ipInRanges(c.get('client').ip, body.ipAllowlist)) {
      throw new AppError(409, 'would_lock_out', `Your own address (${c.get('client').ip}) is not in the allowlist`, [{ field: 'ipAllowlist', message: 'Add your own address first' }]);
    }
    const before = securitySettingsOf((await findAccount(db, p.accountId))!);
    await db.batch([
      db.update(accounts).set({ ...body, updatedAt: new Date().toISOString() }).where(eq(accounts.id, p.accountId)),
      auditOf(c, { action: 'settings.security', targetType: 'account', targetId: p.accountId, before, after: body }),
    ]);
    return c.json(body, 200);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/country-exceptions',
    operationId: 'listCountryExceptions',
    tags: ['Security settings'],
    summary: 'List approved access from outside Japan (admin)',
    middleware: [admin],
    responses: { 200: jsonResponse(z.object({ items: z.array(CountryException), nextCursor: z.null() }), 'Exceptions'), ...commonErrors },
  }),
  async (c) => c.json({ items: (await listCountryExceptions(c.get('db'), c.get('principal')!.accountId)).map(toPublic), nextCursor: null }, 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/country-exceptions',
    operationId: 'createCountryException',
    tags: ['Security settings'],
    summary: 'Approve access from a country, in a period (JST dates, inclusive), from given ranges (admin)',
    middleware: [admin],
    request: { body: jsonBody(CountryExceptionInput) },
    responses: { 201: jsonResponse(CountryException, 'Created'), ...commonErrors },
  }),
  async (c) => {
    const p = sessionOf(c.get('principal'));
    const db = c.get('db');
    const b = c.req.valid('json');
    const row = {
      id: newId(),
      accountId: p.accountId,
      country: b.country,
      fromDate: b.from,
      toDate: b.to,
      cidrs: b.cidrs,
      note: b.note ?? null,
      createdBy: p.userId,
      createdAt: new Date().toISOString(),
    };
    await db.batch([db.insert(countryExceptions).values(row), auditOf(c, { action: 'settings.country_exception.create', targetType: 'country_exception', targetId: row.id, after: b })]);
    return c.json(toPublic(row), 201);
  },
);

const remove = async (c: Parameters<Parameters<typeof app.openapi>[1]>[0], id: string) => {
  const p = sessionOf(c.get('principal'));
  const db = c.get('db');
  const found = (await db.select().from(countryExceptions).where(and(eq(countryExceptions.accountId, p.accountId), eq(countryExceptions.id, id))).limit(1))[0];
  if (!found) throw new AppError(404, 'not_found', 'Exception not found');
  await db.batch([
    db.delete(countryExceptions).where(and(eq(countryExceptions.accountId, p.accountId), eq(countryExceptions.id, id))),
    auditOf(c, { action: 'settings.country_exception.delete', targetType: 'country_exception', targetId: id, before: toPublic(found) }),
  ]);
};

app.openapi(
  createRoute({
    method: 'delete',
    path: '/country-exceptions/{id}',
    operationId: 'deleteCountryException',
    tags: ['Security settings'],
    summary: 'Withdraw an exception (admin)',
    middleware: [admin],
    request: { params: z.object({ id: z.string().min(1).max(64) }) },
    responses: { 204: { description: 'Deleted' }, ...commonErrors },
  }),
  async (c) => {
    await remove(c as never, c.req.valid('param').id);
    return c.body(null, 204);
  },
);

app.openapi(
  createRoute({
    method: 'delete',
    path: '/country-exceptions',
    operationId: 'deleteCountryExceptionById',
    tags: ['Security settings'],
    summary: 'Withdraw an exception named by ?id= (API.md form of the route)',
    middleware: [admin],
    request: { query: z.object({ id: z.string().min(1).max(64) }) },
    responses: { 204: { description: 'Deleted' }, ...commonErrors },
  }),
  async (c) => {
    await remove(c as never, c.req.valid('query').id);
    return c.body(null, 204);
  },
);

export default app;
