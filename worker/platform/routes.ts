import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse, text } from '../lib/openapi';
import { requireSession } from '../middleware/guards';
import { AppError } from '../lib/errors';
import { auditOf } from '../lib/audit';
import { accounts } from '../accounts/schema';
import { createAccount } from '../accounts/create';
import { findAccount } from '../accounts/service';
import { revokeAccountSessions } from './service';

/** The service operator's area: admins of the platform account only. */
const platformAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const p = c.get('principal');
  if (p?.kind !== 'session' || !p.isPlatformAdmin) throw new AppError(403, 'forbidden', 'Platform administrators only');
  await next();
});

const AccountSchema = z
  .object({ id: z.string(), code: z.string(), name: z.string(), status: z.string(), adminEmail: z.string(), isPlatform: z.boolean(), contractEndedAt: z.string().nullable(), createdAt: z.string() })
  .openapi('Account');

const toPublic = (a: typeof accounts.$inferSelect) => ({
  id: a.id,
  code: a.code,
  name: a.name,
  status: a.status,
  adminEmail: a.adminEmail,
  isPlatform: a.isPlatform,
  contractEndedAt: a.contractEndedAt,
  createdAt: a.createdAt,
});

const guards = [requireSession('admin'), platformAdmin];
const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/accounts',
    operationId: 'listAccounts',
    tags: ['Platform'],
    summary: 'List all accounts (platform admin)',
    middleware: guards,
    responses: { 200: jsonResponse(z.object({ items: z.array(AccountSchema), nextCursor: z.null() }), 'Accounts'), ...commonErrors },
  }),
  async (c) => c.json({ items: (await c.get('db').select().from(accounts).orderBy(asc(accounts.code))).map(toPublic), nextCursor: null }, 200),
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/accounts',
    operationId: 'createAccount',
    tags: ['Platform'],
    summary: 'Create an account with its first admin (platform admin)',
    middleware: guards,
    request: {
      body: jsonBody(
        z
          .strictObject({
            code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/, '2–32 letters, digits or -').openapi({ description: 'Company code (会社コード); stored and matched at sign-in in lower case' }),
            name: text(100),
            adminEmail: z.string().trim().max(254).email(),
            admin: z.strictObject({ loginId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/), name: text(100), password: z.string().min(1).max(512) }),
          })
          .openapi('CreateAccount'),
      ),
    },
    responses: { 201: jsonResponse(z.object({ account: AccountSchema }), 'Created'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const { account } = await createAccount(c.get('db'), c.req.valid('json'));
    await auditOf(c, { action: 'platform.account.create', targetType: 'account', targetId: account.id, after: { code: account.code, name: account.name } });
    return c.json({ account: toPublic((await findAccount(c.get('db'), account.id))!) }, 201);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/accounts/{id}/status',
    operationId: 'setAccountStatus',
    tags: ['Platform'],
    summary: 'Suspend or reactivate an account, or mark its contract ended (platform admin)',
    description: 'Suspending or ending ends every session of the account at once; its API tokens stop working.',
    middleware: guards,
    request: { params: z.object({ id: z.string().min(1).max(64) }), body: jsonBody(z.strictObject({ status: z.enum(['active', 'suspended', 'terminated']) })) },
    responses: { 200: jsonResponse(z.object({ account: AccountSchema }), 'Updated'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const db = c.get('db');
    const a = await findAccount(db, c.req.valid('param').id);
    if (!a) throw new AppError(404, 'not_found', 'Account not found');
    if (a.isPlatform) throw new AppError(409, 'platform_account', 'The platform account cannot be suspended');
    const { status } = c.req.valid('json');
    const at = new Date().toISOString();
    await db.batch([
      db.update(accounts).set({ status, updatedAt: at, contractEndedAt: status === 'terminated' ? (a.contractEndedAt ?? at) : null }).where(eq(accounts.id, a.id)),
      revokeAccountSessions(db, a.id, status === 'active'),
      auditOf(c, { action: 'platform.account.status', targetType: 'account', targetId: a.id, before: { status: a.status }, after: { status } }),
    ]);
    return c.json({ account: toPublic((await findAccount(db, a.id))!) }, 200);
  },
);

export default app;
