import { expect } from 'vitest';
import { Client, ORIGIN } from './client';
import { postLogin, type Tenant } from './tenant';
import { secretOf, totpCodeAt } from './totp';

/** Signs in with the password and answers the login attempt's mfaToken (the second factor is still due). */
export const passwordStep = async (client: Client, t: Tenant, loginId: string): Promise<{ mfaToken: string; methods: string[] }> => {
  const res = await postLogin(client, t.code, loginId, t.users[loginId].password);
  const body = (await res.json()) as { status: string; mfaToken: string; methods: string[] };
  expect(res.status).toBe(200);
  expect(body.status).toBe('mfa_required');
  expect(res.headers.get('set-cookie')).toBeNull();
  return body;
};

/** POST /auth/mfa as the sign-in page does. */
export const postMfa = (client: Client, mfaToken: string, method: 'totp' | 'sms' | 'recovery', code: string) =>
  client.api('/auth/mfa', { json: { mfaToken, method, code }, headers: { origin: ORIGIN } });

/** Enrols the signed-in user in TOTP; answers the secret (as the app would hold it) and the recovery codes. */
export const enrolTotp = async (client: Client): Promise<{ secret: string; recoveryCodes: string[] }> => {
  const start = await client.api('/me/mfa/totp', { method: 'POST' });
  expect(start.status).toBe(200);
  const { otpauthUri } = (await start.json()) as { otpauthUri: string };
  const secret = secretOf(otpauthUri);
  const confirm = await client.api('/me/mfa/totp/confirm', { json: { code: totpCodeAt(secret) } });
  expect(confirm.status).toBe(200);
  const { recoveryCodes } = (await confirm.json()) as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
};
