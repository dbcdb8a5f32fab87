import { describe, expect, it } from 'vitest';
import { signInMethods } from '../../worker/auth/mfa-methods';
import { createTenant, signIn } from '../helpers/tenant';

describe('the user list shows MFA truthfully', () => {
  it('counts SMS only where sign-in really asks for it', () => {
    expect(signInMethods({ totpEnabled: false, phone: '090-1234-5678' }, { mfaRequired: false })).toEqual([]);
    expect(signInMethods({ totpEnabled: false, phone: '090-1234-5678' }, { mfaRequired: true })).toEqual(['sms']);
    expect(signInMethods({ totpEnabled: true, phone: null }, { mfaRequired: false })).toEqual(['totp']);
    expect(signInMethods({ totpEnabled: true, phone: '090-1234-5678' }, { mfaRequired: false })).toEqual(['totp', 'sms']);
  });

  it('answers sms: false for a user with a phone in an account that does not require MFA', async () => {
    const t = await createTenant({ adminPhone: '090-1111-2222' });
    const admin = await signIn(t, 'admin');
    const list = (await (await admin.api('/users')).json()) as { items: { loginId: string; mfa: { totp: boolean; sms: boolean } }[] };
    expect(list.items.find((u) => u.loginId === t.admin.loginId)?.mfa).toEqual({ totp: false, sms: false });
  });
});
