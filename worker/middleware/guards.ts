import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import type { Principal, Scope } from '../auth/principal';
import type { Role } from '../users/schema';
import { missingPermission, type Permission } from '../users/permissions';
import { AppError } from '../lib/errors';

type SessionPrincipal = Extract<Principal, { kind: 'session' }>;

/** Paths a user who must still enrol in MFA may use. */
const ENROLMENT_OPEN = /^\/api\/v1\/(me(\/.*)?|auth\/logout)$/;

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/**
 * For routes people use in the web app: a signed-in user of at least `role`.
 * API tokens are refused (403): user, security and log administration is not
 * part of any token scope.
 */
export const requireSession = (role: Role = 'viewer') =>
  createMiddleware<AppEnv>(async (c, next) => {
    const p = c.get('principal');
    if (!p) throw new AppError(401, 'unauthorized', 'Sign-in required');
    if (p.kind !== 'session') throw new AppError(403, 'forbidden', 'This route is not available to API tokens');
    if (p.mfaEnrolmentRequired && !ENROLMENT_OPEN.test(c.req.path)) {
      throw new AppError(403, 'mfa_enrolment_required', 'Set up two-factor authentication first');
    }
    if (rank[p.role] < rank[role]) throw new AppError(403, 'forbidden', `Requires the ${role} role`);
    await next();
  });

/**
 * For data routes used by both people and integrators: a token needs `scope`;
 * a person needs the role that goes with it (":write" scopes need operator,
 * or `role` when given: a channel's credentials are for admins).
 */
export const requireScope = (scope: Scope, role?: Role) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const p = c.get('principal');
    if (!p) throw new AppError(401, 'unauthorized', 'Sign-in required');
    if (p.kind === 'token') {
      if (!p.scopes.includes(scope)) throw new AppError(403, 'insufficient_scope', `The token lacks the ${scope} scope`);
    } else {
      if (p.mfaEnrolmentRequired) throw new AppError(403, 'mfa_enrolment_required', 'Set up two-factor authentication first');
      if (scope.endsWith(':write') && rank[p.role] < rank.operator) throw new AppError(403, 'forbidden', 'Requires the operator role');
      if (role && rank[p.role] < rank[role]) throw new AppError(403, 'forbidden', `Requires the ${role} role`);
    }
    await next();
  });

/**
 * For a function a role alone does not decide (users/permissions.ts): a
 * signed-in person needs every one of `needed` (admins hold them all), else 403
 * permission_denied with details {permission} naming the first one missing.
 * API tokens pass: their scopes decide, as before. Put it after requireScope
 * or requireSession, so a caller the role refuses hears 403 forbidden first.
 */
export const requirePermission = (...needed: Permission[]) => requirePermissionWhen(() => true, ...needed);

/** requirePermission for the requests `applies` picks (a JSON read that also answers CSV with ?format=csv). */
export const requirePermissionWhen = (applies: (c: Context<AppEnv>) => boolean, ...needed: Permission[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const p = c.get('principal');
    if (!p) throw new AppError(401, 'unauthorized', 'Sign-in required');
    if (applies(c)) {
      const missing = missingPermission(p, needed);
      if (missing) throw new AppError(403, 'permission_denied', `Requires the ${missing} permission`, { permission: missing });
    }
    await next();
  });

export const sessionOf = (p: Principal | undefined): SessionPrincipal => {
  if (!p || p.kind !== 'session') throw new AppError(401, 'unauthorized', 'Sign-in required');
  return p;
};
