import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';

/**
 * TOTP (RFC 6238) through otpauth: SHA-1, 6 digits, 30-second steps, accepted
 * one step either side of now (clock drift). The caller stores the step of the
 * last accepted code and refuses any step at or below it, so a code is never
 * accepted twice.
 */
const PERIOD = 30;
export const TOTP_WINDOW = 1;

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

export const otpauthUri = (secretBase32: string, accountCode: string, loginId: string): string =>
  new TOTP({ issuer: 'Kura', label: `${accountCode}:${loginId}`, secret: Secret.fromBase32(secretBase32), period: PERIOD }).toString();

export const qrSvg = (text: string): string => renderSVG(text, { border: 2 });

/** The time step the code belongs to, or null when it matches none in the window. */
export const matchTotpStep = (secretBase32: string, code: string, now = Date.now()): number | null => {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secretBase32), period: PERIOD, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
};

/** For tests and the demo: the code an authenticator app would show at `now`. */
export const totpCodeAt = (secretBase32: string, now = Date.now()): string =>
  TOTP.generate({ secret: Secret.fromBase32(secretBase32), period: PERIOD, timestamp: now });
