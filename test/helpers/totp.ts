import { totpCodeAt } from '../../worker/auth/totp';
import { sleep } from './client';

export { totpCodeAt };

/** The base32 secret inside an otpauth:// URI (what an authenticator app scans). */
export const secretOf = (otpauthUri: string): string => {
  const s = new URL(otpauthUri).searchParams.get('secret');
  if (!s) throw new Error(`no secret in ${otpauthUri}`);
  return s;
};

/**
 * Waits, if needed, until the current 30-second TOTP step has at least
 * `marginMs` left, so a code computed now for "one step away" is still one
 * step away when the Worker checks it.
 */
export const awaitStepMargin = async (marginMs = 4000): Promise<void> => {
  const into = Date.now() % 30_000;
  if (into > 30_000 - marginMs) await sleep(30_000 - into + 200);
};
