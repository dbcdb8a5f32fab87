import type { Permission } from '../../../worker/users/permissions';

/** GET /api/v1/me, as the shell loads it. */
export interface Me {
  user: {
    id: string;
    loginId: string;
    name: string;
    email: string;
    role: 'admin' | 'operator' | 'viewer';
    /** 権限 in effect (an admin: every one): hide what the user cannot use (web/src/lib/permissions.ts) */
    permissions: Permission[];
    mfa: { totp: boolean; sms: boolean; required: boolean; enrolmentRequired: boolean };
  };
  account: { code: string; name: string; isPlatform: boolean };
  csrfToken: string;
}
