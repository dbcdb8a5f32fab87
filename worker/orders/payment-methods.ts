import { PAYMENT_METHODS, type PaymentMethod } from './choices';

/**
 * Kura's payment methods (choices.ts PAYMENT_METHODS) beside the mall's own
 * value: every order keeps `payment_method` (Kura's, what rules, search, slips
 * and carrier files read) and `payment_raw` (what the mall called it, shown
 * beside it). Pure.
 */
const KNOWN: ReadonlySet<string> = new Set(PAYMENT_METHODS);

export const isPaymentMethod = (s: unknown): s is PaymentMethod => typeof s === 'string' && KNOWN.has(s);

/**
 * An order's payment as stored: a method Kura does not know becomes 'other'
 * with the given word kept as the raw value (the API refuses such a method;
 * this is the net under the adapters and internal callers). Never throws.
 */
export const storedPayment = (p: { method: string; raw?: string | null }): { method: PaymentMethod; raw: string | null } =>
  isPaymentMethod(p.method) ? { method: p.method, raw: p.raw ?? null } : { method: 'other', raw: p.raw ?? (p.method.trim() || null) };

/**
 * The words the mall adapters wrote before the unified list (Rakuten 'card',
 * 'bank', 'convenience', 'lease' …, Yahoo! 'mobile_suica', 'payeasy' …, Shopify
 * 'bank', 'convenience'), and the Japanese words a manual order may have been
 * given, → Kura's method. Keys are lower-case: the lookup lower-cases ASCII
 * and trims spaces, as the migration's SQL (lower(trim(x))) does.
 * migrations/0012_payment_raw.sql has the same table as a CASE; the test
 * test/orders/payment-methods-api.test.ts runs that SQL and checks the two agree.
 */
export const LEGACY_PAYMENT_WORDS: Readonly<Record<string, PaymentMethod>> = {
  card: 'credit_card',
  creditcard: 'credit_card',
  bank: 'bank_transfer',
  convenience: 'convenience_store',
  lease: 'loan',
  alipay: 'other',
  mobile_suica: 'other',
  payeasy: 'bank_transfer',
  bank_debit: 'mall',
  postal_transfer: 'bank_transfer',
  cash_registered_mail: 'other',
  free: 'other',
  unknown: 'other',
  'クレジットカード': 'credit_card',
  '代金引換': 'cod',
  '代引': 'cod',
  '代引き': 'cod',
  '銀行振込': 'bank_transfer',
  'コンビニ': 'convenience_store',
  'コンビニ払い': 'convenience_store',
  'コンビニ決済': 'convenience_store',
  '後払い': 'deferred',
  'ポイント': 'points',
  '請求書払い': 'invoice',
};

/** ASCII lower case and spaces trimmed, as SQLite's lower(trim(x)). */
const sqlKey = (s: string) => s.replace(/^ +| +$/g, '').replace(/[A-Z]/g, (c) => c.toLowerCase());

/** An old stored method → Kura's: a Kura method stays, a known old word is translated, anything else is 'other'. */
export const legacyPaymentMethod = (old: string): PaymentMethod => {
  if (isPaymentMethod(old)) return old;
  const k = sqlKey(old);
  return isPaymentMethod(k) ? k : (LEGACY_PAYMENT_WORDS[k] ?? 'other');
};
