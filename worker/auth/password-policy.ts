import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The password policy of the service specification:
 * - 12 to 128 characters, counted as Unicode code points, compared exactly (never truncated);
 * - at least one upper-case letter, one lower-case letter and one digit;
 * - not a common password (zxcvbn-ts's list of ~49,000, shipped with the code),
 *   nor one of them with digits or symbols added at the end ("Sunshine2026!").
 *
 * The composition rule is a deliberate deviation from NIST SP 800-63B and
 * OWASP ASVS (which advise against composition rules): the Japanese service
 * specifications customers sign require it. The blocklist and MFA are the
 * compensating controls (README, "Password policy").
 */
export type PasswordRule = 'min_length' | 'max_length' | 'uppercase' | 'lowercase' | 'digit' | 'common_password';

export const MIN_LENGTH = 12;
export const MAX_LENGTH = 128;

const common = new Set(dictionary['passwords-common']);

const isCommon = (password: string): boolean => {
  const lower = password.toLowerCase();
  if (common.has(lower)) return true;
  const stem = lower.replace(/[\d\W_]+$/u, '');
  return stem.length >= 4 && common.has(stem);
};

/** Every rule the password fails; empty when it is acceptable. */
export const checkPassword = (password: string, context: { loginId?: string } = {}): PasswordRule[] => {
  const failed: PasswordRule[] = [];
  const length = [...password].length;
  if (length < MIN_LENGTH) failed.push('min_length');
  if (length > MAX_LENGTH) failed.push('max_length');
  if (!/\p{Lu}/u.test(password)) failed.push('uppercase');
  if (!/\p{Ll}/u.test(password)) failed.push('lowercase');
  if (!/\p{Nd}/u.test(password)) failed.push('digit');
  if (isCommon(password) || (context.loginId && password.toLowerCase().includes(context.loginId.toLowerCase()) && context.loginId.length >= 4)) {
    failed.push('common_password');
  }
  return failed;
};

export const RULE_MESSAGES: Record<PasswordRule, string> = {
  min_length: `At least ${MIN_LENGTH} characters`,
  max_length: `At most ${MAX_LENGTH} characters`,
  uppercase: 'At least one upper-case letter',
  lowercase: 'At least one lower-case letter',
  digit: 'At least one digit',
  common_password: 'Too common or contains the login ID',
};
