/** Keys whose values never reach a log: passwords, secrets, tokens, codes. */
const SECRET_KEY = /pass(word)?|secret|token|credential|code_?hash|otp|apikey|api_key|authorization/i;

/** A copy of a value with every secret-looking field replaced by "***" (operation log before/after). */
export const maskSecrets = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? (v == null ? v : '***') : maskSecrets(v)]),
    );
  }
  return value;
};
