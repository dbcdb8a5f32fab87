import type { Me } from './me';
import type { Permission } from '../../../worker/users/permissions';

/**
 * 権限 for the pages: the worker's one list (worker/users/permissions.ts), and
 * whether the signed-in user may use a function, read from the shell's GET /me.
 * Hiding is for comfort only: the API refuses what a user lacks either way.
 */
export { PERMISSIONS, isPermission, type Permission } from '../../../worker/users/permissions';

/** Whether the user holds every one of `needed` (false before /me is known). */
export const can = (me: Me | null | undefined, ...needed: Permission[]): boolean => {
  const held = me?.user.permissions ?? [];
  return !!me && needed.every((p) => held.includes(p));
};
