import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sameLoginId } from './login-id';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { checkPassword, RULE_MESSAGES } from '../auth/password-policy';
import { hashPassword } from '../auth/password-hash';
import { users, type Role, type User } from './schema';
import { permissionsForRole, type Permission } from './permissions';
import { accounts } from '../accounts/schema';

/** A rejected password: 400 password_policy, details naming each failed rule (API.md). */
export const assertPasswordPolicy = (password: string, loginId?: string, field = 'password') => {
  const failed = checkPassword(password, { loginId });
  if (failed.length > 0) {
    throw new AppError(
      400,
      'password_policy',
      'The password does not meet the policy',
      failed.map((rule) => ({ field, rule, message: RULE_MESSAGES[rule] })),
    );
  }
};

export const listUsers = (db: Db, accountId: string) => db.select().from(users).where(eq(users.accountId, accountId)).orderBy(asc(users.loginId));

/** A user of this account, or 404: another account's id is indistinguishable from a missing one. */
export const getUser = async (db: Db, accountId: string, id: string): Promise<User> => {
  const u = (await db.select().from(users).where(and(eq(users.accountId, accountId), eq(users.id, id))).limit(1))[0];
  if (!u) throw new AppError(404, 'not_found', 'User not found');
  return u;
};

export interface NewUser {
  loginId: string;
  name: string;
  email: string;
  phone?: string | null;
  role: Role;
  password: string;
  /** 権限: the role's defaults when left out; an admin always gets every one */
  permissions?: readonly Permission[];
}

/** The permissions to store for a new or changed user, or 422 when an admin would lose one (users/permissions.ts). */
export const permissionsToStore = (role: Role, asked: readonly Permission[] | undefined): Permission[] => {
  const r = permissionsForRole(role, asked);
  if (!r.ok) {
    throw new AppError(422, 'admin_permissions_fixed', 'An admin holds every permission; change the role first to take one away', [
      { field: 'permissions', message: `An admin keeps ${r.missing.join(', ')}` },
    ]);
  }
  return r.permissions;
};

export const newUserRow = async (accountId: string, input: NewUser) => {
  assertPasswordPolicy(input.password, input.loginId);
  const at = new Date().toISOString();
  return {
    id: newId(),
    accountId,
    loginId: input.loginId,
    name: input.name,
    email: input.email,
    phone: input.phone ?? null,
    role: input.role,
    permissions: permissionsToStore(input.role, input.permissions),
    status: 'active',
    passwordHash: await hashPassword(input.password),
    passwordChangedAt: at,
    createdAt: at,
    updatedAt: at,
  } satisfies typeof users.$inferInsert;
};

export const assertLoginIdFree = async (db: Db, accountId: string, loginId: string) => {
  const taken = await db.select({ id: users.id }).from(users).where(and(eq(users.accountId, accountId), sameLoginId(loginId))).limit(1);
  if (taken.length) throw new AppError(409, 'login_id_taken', 'That login ID is already used in this account', [{ field: 'loginId', message: 'Already used' }]);
};

/** Refuses a change that would leave the account without an active admin. */
export const assertKeepsAnAdmin = async (db: Db, accountId: string, userId: string) => {
  const others = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.accountId, accountId), eq(users.role, 'admin'), eq(users.status, 'active'), ne(users.id, userId)))
    .limit(1);
  if (!others.length) throw new AppError(409, 'last_admin', 'The account must keep at least one active admin');
};

/** Whether the account requires MFA: what decides if a user's phone is really used at sign-in (auth/mfa-methods.ts). */
export const mfaPolicyOf = async (db: Db, accountId: string): Promise<{ mfaRequired: boolean }> =>
  (await db.select({ mfaRequired: accounts.mfaRequired }).from(accounts).where(eq(accounts.id, accountId)).limit(1))[0] ?? { mfaRequired: false };
