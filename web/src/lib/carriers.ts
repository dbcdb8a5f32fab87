import type { MessageKey } from '../i18n';
import type { CarrierCode, CarrierLayoutId, CarrierProblem, ContractOf, SavedShipper } from '../../../worker/orders/carriers/codes';
import type { ActionError } from './action';

/**
 * The carrier settings and the pre-export check as the web shows them
 * (worker/orders/carrier-settings-routes.ts, carrier-routes.ts): the API's
 * shapes, and the problems and validation messages in the reader's language
 * (web/src/i18n/carrier.ts).
 */

export type { CarrierProblem, CarrierCode, CarrierLayoutId };
export { CARRIER_CODES, LAYOUT_OF, CARRIER_OF, YAMATO_INVOICE_TYPES, SAGAWA_FREIGHT, SAGAWA_SLOT_PLANS } from '../../../worker/orders/carriers/codes';

export interface CarrierSettings<C extends CarrierCode = CarrierCode> {
  carrier: C;
  layout: CarrierLayoutId;
  label: string;
  shipper: SavedShipper;
  printedShipper: { name: string; postalCode: string; address: string; phone: string };
  contract: ContractOf[C];
  problems: CarrierProblem[];
  updatedAt: string | null;
}

/** GET /api/v1/carriers/settings */
export interface CarrierSettingsList {
  items: CarrierSettings[];
  shop: { name: string; postalCode: string | null; address: string | null; phone: string | null };
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const yen = (n: number | undefined) => (n === undefined ? '' : n.toLocaleString('ja-JP'));

/** A problem's field, named for the reader. */
export const fieldLabel = (t: T, field: string): string => t(`carrier.field.${field}` as MessageKey);

/** Why the carrier would refuse it, for the reader (the API's detail is English). */
export const problemText = (t: T, p: CarrierProblem): string => {
  if (p.code === 'phone_invalid' && p.actual !== undefined) return t('carrier.problem.phone_invalid.digits', { actual: p.actual });
  const unit = p.unit === 'bytes' ? t('carrier.unit.bytes') : p.unit === 'chars' ? t('carrier.unit.chars') : '';
  const money = p.unit === 'yen';
  return t(`carrier.problem.${p.code}` as MessageKey, {
    column: p.column ?? '',
    limit: money ? yen(p.limit) : (p.limit ?? ''),
    actual: money ? yen(p.actual) : (p.actual ?? ''),
    unit,
  });
};

/** The API's own messages for the carrier settings (worker/orders/carriers/settings-schema.ts, carrier-settings-routes.ts). */
const RULES: [RegExp, (t: T, m: RegExpExecArray) => string][] = [
  [/^(\d+) to (\d+) digits$/, (t, m) => t('carrier.form.digitsRange', { min: m[1], max: m[2] })],
  [/^(\d+) digits$/, (t, m) => t('carrier.form.digits', { n: m[1] })],
  [/^Up to (\d+) digits$/, (t, m) => t('carrier.form.upToDigits', { n: m[1] })],
  [/^Up to (\d+) letters or digits$/, (t, m) => t('carrier.form.alnum', { n: m[1] })],
  [/^At most (\d+) bytes$/, (t, m) => t('carrier.form.maxBytes', { n: m[1], half: Math.floor(Number(m[1]) / 2) })],
  [/^At most (\d+) characters$/, (t, m) => t('carrier.form.maxChars', { n: m[1] })],
  [/^(.+): at most (\d+) (bytes|chars)$/, (t, m) => t('carrier.form.columnMax', { column: m[1], limit: m[2], unit: t(m[3] === 'bytes' ? 'carrier.unit.bytes' : 'carrier.unit.chars') })],
  [/^A phone number of 10 or 11 digits$/, (t) => t('carrier.form.phoneDigits')],
];

/** A carrier-settings message in the reader's words, or null when it is one of the common ones (detailText). */
export const carrierMessage = (t: T, message: string): string | null => {
  for (const [re, text] of RULES) {
    const m = re.exec(message);
    if (m) return text(t, m);
  }
  return null;
};

/** The API error's details by field ("shipper.phone", "contract.customerCode"). */
export const detailsOf = (e: ActionError | null | undefined): { field: string; message: string; code?: string }[] =>
  e && Array.isArray(e.details)
    ? (e.details as unknown[]).filter((d): d is { field: string; message: string } => !!d && typeof d === 'object' && typeof (d as { field?: unknown }).field === 'string')
    : [];
