import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse, text } from '../lib/openapi';
import { requireSession, sessionOf } from '../middleware/guards';
import { auditOf } from '../lib/audit';
import { publicUser } from '../auth/login';
import { revokeUserSessions } from '../auth/sessions';
import { hashPassword } from '../auth/password-hash';
import { UserSchema } from './openapi';
import { LoginIdInput } from './login-id';
import { ROLES, users } from './schema';
import { assertKeepsAnAdmin, assertLoginIdFree, assertPasswordPolicy, getUser, listUsers, mfaPolicyOf, newUserRow } from './service';

const Email = z.string().trim().max(254).email();
const Phone = z.string().trim().max(20).regex(/^\+?[0-9-]{8,20}$/, 'A phone number such as 090-1234-5678');

const CreateUser = z
  .strictObject({
    loginId: LoginIdInput,
    name: text(100),
    email: Email,
    phone: Phone.optional(),
    role: z.enum(ROLES),
    password: z.string().min(1).max(512),
  })
  .openapi('CreateUser');

const PatchUser = z
  .strictObject({
    name: text(100).optional(),
    email: Email.optional(),
    phone: Phone.nullable().optional(),
    role: z.enum(ROLES).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    password: z.string().min(1).max(512).optional().openapi({ description: 'Sets a new password (admin reset); ends the user’s sessions' }),
  })
  .openapi('PatchUser');

const IdParam = z.object({ id: z.string().min(1).max(64) });
const admin = requireSession('admin');
const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listUsers',
    tags: ['Users'],
    summary: 'List the account’s users (admin)',
    middleware: [admin],
    responses: { 200: jsonResponse(z.object({ items: z.array(UserSchema), nextCursor: z.null() }), 'Users'), ...commonErrors },
  }),
  async (c) => {
    const accountId = c.get('principal')!.accountId;
    const [rows, account] = await Promise.all([listUsers(c.get('db'), accountId), mfaPolicyOf(c.get('db'), accountId)]);
    return c.json({ items: rows.map((u) => publicUser(u, account)), nextCursor: null }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'createUser',
    tags: ['Users'],
    summary: 'Create a user (admin)',
    description: 'A password that fails the policy answers 400 `password_policy` with one detail per failed rule.',
    middleware: [admin],
    request: { body: jsonBody(CreateUser) },
    responses: { 201: jsonResponse(z.object({ user: UserSchema }), 'Created'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const db = c.get('db');
    const p = sessionOf(c.get('principal'));
    const body = c.req.valid('json');
    await assertLoginIdFree(db, p.accountId, body.loginId);
    const row = await newUserRow(p.accountId, body);
    const { passwordHash: _omit, ...logged } = row;
    try {
      await db.batch([db.insert(users).values(row), auditOf(c, { action: 'user.create', targetType: 'user', targetId: row.id, after: logged })]);
    } catch (e) {
      // Two admins creating ADMIN and admin at the same moment: the unique index decides.
      if (/UNIQUE constraint failed/.test(String((e as Error)?.message ?? e))) await assertLoginIdFree(db, p.accountId, body.loginId);
      throw e;
    }
    return c.json({ user: publicUser(await getUser(db, p.accountId, row.id), await mfaPolicyOf(db, p.accountId)) }, 201);
  },
);

app.openapi(
  createRoute({
    method: 'get',
    path: '/{id}',
    operationId: 'getUser',
    tags: ['Users'],
    summary: 'Read a user (admin)',
    middleware: [admin],
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ user: UserSchema }), 'The user'), ...commonErrors },
  }),
  async (c) => c.json({ user: publicUser(await getUser(c.get('db'), c.get('principal')!.accountId, c.req.valid('param').id), await mfaPolicyOf(c.get('db'), c.get('principal')!.accountId)) }, 200),
);

app.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    operationId: 'updateUser',
    tags: ['Users'],
    summary: 'Edit a user (admin): name, e-mail, phone, role, status, password reset',
    description: 'Disabling a user or resetting their password ends their sessions on the server.',
    middleware: [admin],
    request: { params: IdParam, body: jsonBody(PatchUser) },
    responses: { 200: jsonResponse(z.object({ user: UserSchema }), 'Updated'), 409: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const db = c.get('db');
    const p = sessionOf(c.get('principal'));
    const before = await getUser(db, p.accountId, c.req.valid('param').id);
    const body = c.req.valid('json');
    const demotes = before.role === 'admin' && ((body.role && body.role !== 'admin') || body.status === 'disabled');
    if (demotes) await assertKeepsAnAdmin(db, p.accountId, before.id);
    const { password, ...fields } = body;
    const set: Partial<typeof users.$inferInsert> = { ...fields, updatedAt: new Date().toISOString() };
    if (password !== undefined) {
      assertPasswordPolicy(password, before.loginId);
      set.passwordHash = await hashPassword(password);
      set.passwordChangedAt = set.updatedAt;
    }
    const endsSessions = password !== undefined || body.status === 'disabled';
    const { passwordHash: _b, totpSecret: _t, totpPendingSecret: _tp, ...beforeLogged } = before;
    await db.batch([
      db.update(users).set(set).where(and(eq(users.accountId, p.accountId), eq(users.id, before.id))),
      ...(endsSessions ? [revokeUserSessions(db, before.id)] : []),
      auditOf(c, { action: 'user.update', targetType: 'user', targetId: before.id, before: beforeLogged, after: { ...fields, password: password === undefined ? undefined : '***' } }),
    ]);
    return c.json({ user: publicUser(await getUser(db, p.accountId, before.id), await mfaPolicyOf(db, p.accountId)) }, 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/unlock',
    operationId: 'unlockUser',
    tags: ['Users'],
    summary: 'Unlock a user locked by failed sign-ins (admin)',
    middleware: [admin],
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ user: UserSchema }), 'Unlocked'), ...commonErrors },
  }),
  async (c) => {
    const db = c.get('db');
    const p = sessionOf(c.get('principal'));
    const u = await getUser(db, p.accountId, c.req.valid('param').id);
    await db.batch([
      db.update(users).set({ failedLogins: 0, lockedUntil: null, updatedAt: new Date().toISOString() }).where(and(eq(users.accountId, p.accountId), eq(users.id, u.id))),
      auditOf(c, { action: 'user.unlock', targetType: 'user', targetId: u.id, before: { lockedUntil: u.lockedUntil, failedLogins: u.failedLogins } }),
    ]);
    return c.json({ user: publicUser(await getUser(db, p.accountId, u.id), await mfaPolicyOf(db, p.accountId)) }, 200);
  },
);

export default app;
