import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse, text } from '../lib/openapi';
import { requireSession, sessionOf } from '../middleware/guards';
import { auditOf } from '../lib/audit';
import { publicUser } from '../auth/login';
import { revokeUserSessions } from '../auth/sessions';
import { hashPassword } from '../auth/password-hash';
import { PermissionSchema, UserSchema } from './openapi';
import { LoginIdInput } from './login-id';
import { ROLES, users } from './schema';
import { assertKeepsAnAdmin, assertLoginIdFree, assertPasswordPolicy, getUser, listUsers, mfaPolicyOf, newUserRow, permissionsToStore } from './service';
import { effectivePermissions, PERMISSIONS } from './permissions';

const Email = z.string().trim().max(254).email();
const Permissions = z.array(PermissionSchema).max(PERMISSIONS.length * 2);
const Phone = z.string().trim().max(20).regex(/^\+?[0-9-]{8,20}$/, 'A phone number such as 090-1234-5678');

const CreateUser = z
  .strictObject({
    loginId: LoginIdInput,
    name: text(100),
    email: Email,
    phone: Phone.optional(),
    role: z.enum(ROLES),
    password: z.string().min(1).max(512),
    permissions: Permissions.optional().openapi({ description: '権限; left out: the role’s defaults (operator: stock_adjust, csv_import, export, personal_data; viewer: personal_data). An admin always has every one.' }),
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
    permissions: Permissions.optional().openapi({
      description:
        '権限: the whole set the user holds from now on (their next request). Left out with a new role: that role’s defaults. An admin holds every one: a smaller set for an admin answers 422 admin_permissions_fixed.',
    }),
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
    description: 'A password that fails the policy answers 400 `password_policy` with one detail per failed rule. Without permissions the user gets the role’s defaults.',
    middleware: [admin],
    request: { body: jsonBody(CreateUser) },
    responses: { 201: jsonResponse(z.object({ user: UserSchema }), 'Created'), 409: commonErrors[400], 422: commonErrors[400], ...commonErrors },
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
    summary: 'Edit a user (admin): name, e-mail, phone, role, permissions (権限), status, password reset',
    description:
      'Disabling a user or resetting their password ends their sessions on the server. A change of permissions counts from the user’s next request; ' +
      'changing the role without sending permissions gives the new role’s defaults. The operation log keeps the permissions before and after.',
    middleware: [admin],
    request: { params: IdParam, body: jsonBody(PatchUser) },
    responses: { 200: jsonResponse(z.object({ user: UserSchema }), 'Updated'), 409: commonErrors[400], 422: commonErrors[400], ...commonErrors },
  }),
  async (c) => {
    const db = c.get('db');
    const p = sessionOf(c.get('principal'));
    const before = await getUser(db, p.accountId, c.req.valid('param').id);
    const body = c.req.valid('json');
    const demotes = before.role === 'admin' && ((body.role && body.role !== 'admin') || body.status === 'disabled');
    if (demotes) await assertKeepsAnAdmin(db, p.accountId, before.id);
    const { password, permissions: asked, ...fields } = body;
    const set: Partial<typeof users.$inferInsert> = { ...fields, updatedAt: new Date().toISOString() };
    // 権限: as asked, or the new role's defaults when only the role changes (an admin keeps every one)
    const permissionsBefore = effectivePermissions(before.role, before.permissions);
    const roleChanges = body.role !== undefined && body.role !== before.role;
    const permissions = asked !== undefined || roleChanges ? permissionsToStore(body.role ?? before.role, asked) : undefined;
    if (permissions) set.permissions = permissions;
    const permissionsChange = permissions !== undefined && permissions.join() !== permissionsBefore.join();
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
      auditOf(c, {
        action: 'user.update',
        targetType: 'user',
        targetId: before.id,
        before: { ...beforeLogged, permissions: permissionsBefore },
        after: { ...fields, ...(permissionsChange ? { permissions } : {}), password: password === undefined ? undefined : '***' },
      }),
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
