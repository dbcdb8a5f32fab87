/**
 * The second factors a user is really asked for at sign-in (pure): TOTP when
 * enrolled; SMS when the user has a phone and the account requires MFA or the
 * user has TOTP (SMS is then the fallback). A phone number alone, with MFA
 * neither required nor enrolled, asks for nothing, so the user list must not
 * show it as SMS MFA.
 */
export const signInMethods = (user: { totpEnabled: boolean; phone: string | null }, account: { mfaRequired: boolean }): ('totp' | 'sms')[] => [
  ...(user.totpEnabled ? (['totp'] as const) : []),
  ...(user.phone && (account.mfaRequired || user.totpEnabled) ? (['sms'] as const) : []),
];
