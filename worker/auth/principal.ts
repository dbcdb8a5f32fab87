import type { Role } from '../users/schema';
import type { Permission } from '../users/permissions';

export const SCOPES = [
  'orders:read',
  'orders:write',
  'stock:read',
  'stock:write',
  'products:read',
  'products:write',
  'channels:read',
  'channels:write',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: a signed-in person (session cookie) or an integrator (API token). */
export type Principal =
  | {
      kind: 'session';
      accountId: string;
      userId: string;
      loginId: string;
      role: Role;
      sessionId: string;
      csrfToken: string;
      isPlatformAdmin: boolean;
      /** MFA is required for the account but this user has no factor yet: only enrolment is open */
      mfaEnrolmentRequired: boolean;
      /** 権限 (users/permissions.ts), as in effect: every one for an admin */
      permissions: Permission[];
    }
  | { kind: 'token'; accountId: string; tokenId: string; scopes: Scope[] };

export const actorOf = (p: Principal) =>
  p.kind === 'session' ? { userId: p.userId, tokenId: null } : { userId: null, tokenId: p.tokenId };
