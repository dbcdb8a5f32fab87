import { fromBase64, toBase64, toBase64Url, toHex, utf8 } from './encoding';

/** A URL-safe random secret (session ids, API tokens, MFA tokens). */
export const randomToken = (bytes = 32): string => toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));

/** SHA-256 hex: what we store for secrets that only need to be recognised (sessions, tokens, codes). */
export const sha256Hex = async (text: string): Promise<string> =>
  toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))));

/** Compares two strings without leaking where they differ (timingSafeEqual needs equal lengths). */
export const constantTimeEqual = (a: string, b: string): boolean => {
  const ab = utf8(a);
  const bb = utf8(b);
  if (ab.length !== bb.length) {
    // still spend the time of a comparison so length is the only signal
    crypto.subtle.timingSafeEqual(ab, ab);
    return false;
  }
  return crypto.subtle.timingSafeEqual(ab, bb);
};

/** A random numeric code of n digits, uniform (rejection sampling avoids modulo bias). */
export const randomDigits = (n: number): string => {
  let out = '';
  const buf = new Uint8Array(1);
  while (out.length < n) {
    crypto.getRandomValues(buf);
    if (buf[0] < 250) out += String(buf[0] % 10);
  }
  return out;
};

/**
 * AES-GCM encryption for secrets at rest (mall credentials, TOTP secrets).
 * Keys come from the ENCRYPTION_KEYS secret ({"k1":"<base64 32 bytes>"}); every
 * ciphertext records its key id as "keyId:iv:ciphertext" so keys can rotate.
 */
export interface SecretBox {
  encrypt(plaintext: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}

export const createSecretBox = (keysJson: string, currentKeyId: string): SecretBox => {
  let parsed: Record<string, string>;
  try {
    parsed = JSON.parse(keysJson || '{}');
  } catch {
    throw new Error('ENCRYPTION_KEYS is not valid JSON');
  }
  const cache = new Map<string, Promise<CryptoKey>>();
  const key = (id: string) => {
    const raw = parsed[id];
    if (!raw) throw new Error(`unknown encryption key id ${id}`);
    if (!cache.has(id)) {
      cache.set(id, crypto.subtle.importKey('raw', fromBase64(raw), 'AES-GCM', false, ['encrypt', 'decrypt']));
    }
    return cache.get(id)!;
  };
  return {
    async encrypt(plaintext) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(currentKeyId), utf8(plaintext));
      return `${currentKeyId}:${toBase64(iv)}:${toBase64(new Uint8Array(ct))}`;
    },
    async decrypt(sealed) {
      const [id, iv, ct] = sealed.split(':');
      const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv) }, await key(id), fromBase64(ct));
      return new TextDecoder().decode(pt);
    },
  };
};
