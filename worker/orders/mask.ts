import type { Principal } from '../auth/principal';
import { seesPersonalData } from '../users/permissions';

/**
 * 購入者の個人情報のマスク: how buyers look to a signed-in user without the
 * personal_data permission (users/permissions.ts). Pure. The routes apply it
 * to what they answer (buyerViewFor); the services stay unmasked, so imports,
 * mails, carrier files and the mall adapters always work with the real data.
 *
 * - name: the first word, then ** (山田 太郎 → 山田 **); one word: its first character (山田太郎 → 山**)
 * - phone: the last four digits (***-****-5678)
 * - e-mail: the first character and the domain (y***@example.jp)
 * - postal code: the first three digits (060-****)
 * - address: the prefecture and city stay; the lines beyond them are ***
 * - the mall's payload (raw) is left out (null): it carries all of the above
 * - a sent mail in the history: its address masked, its subject (which may name the buyer) left out
 */

const words = (s: string) => s.normalize('NFKC').trim().split(/\s+/).filter(Boolean);

export const maskName = (name: string): string => {
  const w = words(name);
  if (!w.length) return '';
  return w.length > 1 ? `${w[0]} **` : `${Array.from(w[0])[0]}**`;
};

export function maskPhone(phone: string): string;
export function maskPhone(phone: string | null): string | null;
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.normalize('NFKC').replace(/\D/g, '');
  return `***-****-${digits.length >= 4 ? digits.slice(-4) : '****'}`;
}

export function maskEmail(email: string): string;
export function maskEmail(email: string | null): string | null;
export function maskEmail(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  if (at < 0) return '***';
  const local = Array.from(email.slice(0, at));
  return `${local[0] ?? ''}***@${email.slice(at + 1)}`;
}

export const maskPostalCode = (postalCode: string): string => {
  const digits = postalCode.normalize('NFKC').replace(/\D/g, '');
  return `${digits.length >= 3 ? digits.slice(0, 3) : '***'}-****`;
};

export function maskAddressLine(line: string): string;
export function maskAddressLine(line: string | null): string | null;
export function maskAddressLine(line: string | null): string | null {
  return line ? '***' : line;
}

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string';

/** The buyer (customer) part of an answer: whichever of name, email, phone it has. */
const maskCustomer = (c: Fields): Fields => ({
  ...c,
  ...(str(c.name) ? { name: maskName(c.name) } : {}),
  ...(str(c.email) ? { email: maskEmail(c.email) } : {}),
  ...(str(c.phone) ? { phone: maskPhone(c.phone) } : {}),
});

/** The recipient (お届け先): name, postal code, the lines beyond the city, phone; the prefecture and city stay. */
const maskShipTo = (s: Fields): Fields => ({
  ...s,
  ...(str(s.name) ? { name: maskName(s.name) } : {}),
  ...(str(s.postalCode) ? { postalCode: maskPostalCode(s.postalCode) } : {}),
  ...(str(s.address1) ? { address1: maskAddressLine(s.address1) } : {}),
  ...(str(s.address2) ? { address2: maskAddressLine(s.address2) } : {}),
  ...(str(s.phone) ? { phone: maskPhone(s.phone) } : {}),
});

/** Order history entries that carry the buyer: the mails sent to them (orders/mail-service.ts). */
const MAIL_EVENTS = new Set(['mail_sent', 'mail_failed']);
const maskEvent = (e: unknown): unknown => {
  if (!isObject(e) || !str(e.kind) || !MAIL_EVENTS.has(e.kind) || !isObject(e.detail)) return e;
  const { subject: _subject, ...detail } = e.detail;
  return { ...e, detail: { ...detail, ...(str(detail.to) ? { to: maskEmail(detail.to) } : {}) } };
};

/**
 * An order-like answer with its buyer masked: the shapes of Order and
 * OrderSummary (customer, shipTo, raw, events), and the smaller ones the
 * picking, packing and 同梱 answers use (shipTo.name, customerName). Answers a
 * copy; the argument is not changed.
 */
export const maskBuyer = <T>(o: T): T => {
  if (!isObject(o)) return o;
  const out: Fields = { ...o };
  if (isObject(o.customer)) out.customer = maskCustomer(o.customer);
  if (isObject(o.shipTo)) out.shipTo = maskShipTo(o.shipTo);
  if (str(o.customerName)) out.customerName = maskName(o.customerName);
  if ('raw' in o) out.raw = null;
  if (Array.isArray(o.events)) out.events = o.events.map(maskEvent);
  return out as T;
};

/** A blacklist entry's value (a buyer's name, phone or e-mail), masked like the same field of an order. */
export const maskBlacklistValue = (kind: string, value: string): string => (kind === 'phone' ? maskPhone(value) : kind === 'email' ? maskEmail(value) : maskName(value));

const asIs = <T>(o: T): T => o;

/** What a route answers of an order for this caller: as it is with personal_data (and for API tokens), else masked. */
export const buyerViewFor = (p: Principal | undefined): (<T>(o: T) => T) => (seesPersonalData(p) ? asIs : maskBuyer);
