import type { summaryOf } from '../service';
import { normalisePhone } from '../../lib/japanese-input';
import type { Contracts } from './contract';
import type { CarrierCode, CarrierLayoutId } from './codes';

/**
 * What every carrier layout is made of: an order as the API shows it (the
 * summary plus its lines), the shipper (ご依頼主) the route passes in, and
 * small pure helpers for the carriers' cell formats (dates, postal codes,
 * Shift_JIS byte widths, address fields, time-slot codes).
 */

export type { CarrierCode, CarrierLayoutId } from './codes';

export interface CarrierOrderLine {
  sku: string;
  name: string | null;
  quantity: number;
}

export type CarrierOrder = ReturnType<typeof summaryOf> & { lines: CarrierOrderLine[] };

/** ご依頼主. Empty strings where the account has not said (never placeholders). */
export interface ShipperProfile {
  name: string;
  postalCode: string;
  address: string;
  phone: string;
}

export interface ExportContext {
  /** 出荷予定日 / 発送予定日, a JST calendar day: 2026-12-01 */
  shipDate: string;
  /** the account's carrier settings (contract.ts); a carrier without them gets the defaults */
  contracts?: Contracts;
}

export interface CellInput {
  order: CarrierOrder;
  shipper: ShipperProfile;
  ctx: ExportContext;
}

/**
 * A documented maximum: `bytes` counts Shift_JIS bytes (half-width = 1,
 * full-width = 2, as the carriers' "全角16文字/半角32文字" means), `chars`
 * counts characters whatever their width.
 */
export interface Limit {
  size: number;
  unit: 'bytes' | 'chars';
}

export interface CarrierColumn {
  /** the header exactly as the carrier's layout names it */
  header: string;
  max?: Limit;
  /** the cell; a column without one is written empty */
  value?: (i: CellInput) => string;
}

/** Where the carrier's result file (issued labels) keeps the two values the tracking import needs. */
export interface ResultLayout {
  /** header names (compared after NFKC, without spaces) of the column with the order reference */
  orderRefHeaders: string[];
  trackingHeaders: string[];
  /** 0-based positions used when the file has no header row */
  orderRefIndex: number;
  trackingIndex: number;
  /** where this comes from */
  source: string;
}

export interface CarrierLayout {
  id: CarrierLayoutId;
  carrier: CarrierCode;
  label: string;
  /** the published layout this data was taken from (see the file's header comment) */
  sources: string[];
  /** whether the carrier's import expects a header row first */
  headerRow: boolean;
  columns: CarrierColumn[];
  /** Kura's timeSlot → the carrier's 配達時間帯 code; null when the carrier has no such slot */
  timeSlotCode: (timeSlot: string | null | undefined) => string | null;
  result: ResultLayout;
}

export const col = (header: string, max?: [number, Limit['unit']], value?: (i: CellInput) => string): CarrierColumn => ({
  header,
  ...(max ? { max: { size: max[0], unit: max[1] } } : {}),
  ...(value ? { value } : {}),
});

// ───────────────────────────── time slots

/** A delivery time slot as Kura understands it, whatever the mall wrote. */
export type Slot = { kind: 'none' } | { kind: 'am' } | { kind: 'range'; from: number; to: number };

const NONE_WORDS = new Set(['', '指定なし', 'なし', '希望なし', '時間指定なし', '指定しない', 'none', '-']);

/**
 * Reads Kura's free-text timeSlot ("午前中", "14-16", "1416", "14:00-16:00",
 * "１４時～１６時", "08:00～12:00", "指定なし"). Answers null when it cannot
 * tell what slot is meant.
 */
export const parseTimeSlot = (raw: string | null | undefined): Slot | null => {
  const s = (raw ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (NONE_WORDS.has(s)) return { kind: 'none' };
  if (/^(午前|am$|morning$)/.test(s)) return { kind: 'am' };
  const t = s
    .replace(/[~〜～ー－―‐−–—]|から/g, '-')
    .replace(/(時|頃|ごろ|まで|帯)/g, '')
    .replace(/:00/g, '');
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(t) ?? /^(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (!(from >= 0 && to <= 24 && from < to)) return null;
  if (from === 8 && to === 12) return { kind: 'am' };
  return { kind: 'range', from, to };
};

/** A carrier's code table: none, am, and "from-to" ranges. */
export const slotMapper =
  (codes: { none: string; am: string; ranges: Record<string, string> }) =>
  (timeSlot: string | null | undefined): string | null => {
    const slot = parseTimeSlot(timeSlot);
    if (!slot) return null;
    if (slot.kind === 'none') return codes.none;
    if (slot.kind === 'am') return codes.am;
    return codes.ranges[`${slot.from}-${slot.to}`] ?? null;
  };

// ───────────────────────────── cell formats

/** One line of text: CR/LF/TAB would break the carriers' CSV readers. */
export const clean = (s: string | null | undefined): string => (s ?? '').replace(/[\r\n\t]+/g, ' ').trim();

/** Shift_JIS width: ASCII and half-width katakana are one byte, everything else two. */
export const sjisBytes = (s: string): number => {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += (c >= 0x20 && c <= 0x7e) || (c >= 0xff61 && c <= 0xff9f) ? 1 : 2;
  }
  return n;
};

export const measure = (s: string, unit: Limit['unit']): number => (unit === 'bytes' ? sjisBytes(s) : [...s].length);

/** The longest prefix of s that fits. */
export const cut = (s: string, size: number, unit: Limit['unit']): string => {
  let out = '';
  for (const ch of s) {
    if (measure(out + ch, unit) > size) break;
    out += ch;
  }
  return out;
};

/**
 * Spreads address parts over a carrier's fixed fields (住所1..3) of `size`
 * each: whole parts where they fit, a part longer than a field split across
 * fields. Nothing is dropped: what does not fit in the last field stays in it
 * (the carrier's import then names the field, rather than Kura shipping to a
 * shortened address).
 */
export const spread = (parts: string[], fields: number, size: number, unit: Limit['unit']): string[] => {
  const out: string[] = [];
  let cur = '';
  for (const part of parts.map(clean).filter(Boolean)) {
    if (measure(cur + part, unit) <= size) {
      cur += part;
      continue;
    }
    if (cur) out.push(cur);
    cur = part;
    while (measure(cur, unit) > size && out.length < fields - 1) {
      const head = cut(cur, size, unit);
      out.push(head);
      cur = cur.slice(head.length);
    }
  }
  if (cur) out.push(cur);
  while (out.length > fields) out.splice(fields - 1, 2, out[fields - 1] + out[fields]);
  while (out.length < fields) out.push('');
  return out;
};

/** 2026-12-01 → 2026/12/01 (sep "/") or 20261201 (sep ""). */
export const formatDate = (iso: string | null | undefined, sep: '/' | ''): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? [m[1], m[2], m[3]].join(sep) : '';
};

/** 郵便番号 as text, leading zeros kept: "060-0001" → "0600001", or "060-0001" with a hyphen. */
export const postal = (s: string | null | undefined, hyphen = false): string => {
  const digits = (s ?? '').normalize('NFKC').replace(/\D/g, '');
  if (digits.length !== 7) return clean(s);
  return hyphen ? `${digits.slice(0, 3)}-${digits.slice(3)}` : digits;
};

/** A phone number half-width (０９０ー１２３４… → 090-1234-…), hyphens kept where they were. */
export const phone = (s: string | null | undefined): string => clean(normalisePhone(s ?? ''));

/** An address typed over several lines (the shop profile keeps its line breaks), one part per line. */
export const addressLines = (s: string | null | undefined): string[] => (s ?? '').split(/\r?\n/).map(clean).filter(Boolean);

export const fullAddress = (o: CarrierOrder): string => clean(`${o.shipTo.prefecture}${o.shipTo.city}${o.shipTo.address1}`);

/** 代金引換 that is still to be collected (Kura's unified 'cod', whatever the mall called it). */
export const isCollect = (o: CarrierOrder): boolean => o.payment.method === 'cod' && !o.payment.paid;

const lineLabel = (l: CarrierOrderLine) => clean(l.name) || l.sku;

/** 品名: the first line's name, "他N点" for the rest, cut to the field if it has a size. */
export const itemSummary = (lines: CarrierOrderLine[], max?: Limit): string => {
  if (!lines.length) return '';
  const rest = lines.length > 1 ? ` 他${lines.length - 1}点` : '';
  const first = lineLabel(lines[0]);
  if (!max) return first + rest;
  return cut(first, max.size - measure(rest, max.unit), max.unit) + rest;
};

/** Up to `fields` 品名 cells, one line each ("name ×2"), the last one saying how many more there are. */
export const itemLines = (lines: CarrierOrderLine[], fields: number, max: Limit): string[] => {
  const out = lines.slice(0, fields).map((l) => cut(`${lineLabel(l)} ×${l.quantity}`, max.size, max.unit));
  if (lines.length > fields) out[fields - 1] = `他${lines.length - fields + 1}点`;
  while (out.length < fields) out.push('');
  return out;
};
