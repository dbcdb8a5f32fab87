/** GET /api/v1/me, as the shell loads it. */
export interface Me {
  user: {
    id: string;
    loginId: string;
    name: string;
    email: string;
    role: 'admin' | 'operator' | 'viewer';
    mfa: { totp: boolean; sms: boolean; required: boolean; enrolmentRequired: boolean };
  };
  account: { code: string; name: string; isPlatform: boolean };
  csrfToken: string;
}
