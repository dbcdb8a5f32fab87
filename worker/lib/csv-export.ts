import { EXCEL_TEXT } from './csv';
import { jstDate } from './time';
import { encodeCsv, type CsvEncoding } from './japanese-csv';

/**
 * What every CSV download shares (pure): cells an operator opens in Excel.
 * - Times in JST as Excel reads them: 2026/12/08 14:05:09.
 * - A file name carrying the JST date (在庫_20261208.csv), sent with an ASCII
 *   fallback and the UTF-8 name (RFC 6266, RFC 5987 filename*=UTF-8''…).
 * - JAN codes and postal codes kept as text (="0490000000012"), so Excel keeps
 *   their leading zeros: textCell() is the only way to write such a cell, and
 *   it takes digits and hyphens alone; anything else stays an ordinary cell,
 *   neutralised by csvRows like every other (lib/csv.ts).
 */

/** Who reads the file: people in Excel (ja, the default) or integrations (en: today's English codes, UTC, raw values). */
export type CsvHeaders = 'ja' | 'en';
export const CSV_HEADERS = ['ja', 'en'] as const;

const JST_OFFSET_MS = 9 * 3600_000;

/** "2026/12/08 14:05:09" for an ISO instant, in JST; '' for no time or one that does not parse. */
export const jstCell = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const s = new Date(ms + JST_OFFSET_MS).toISOString();
  return `${s.slice(0, 4)}/${s.slice(5, 7)}/${s.slice(8, 10)} ${s.slice(11, 19)}`;
};

const DIGITS_AND_HYPHENS = /^(?=.*\d)[0-9-]{1,40}$/;

/**
 * A cell Excel keeps as text. Its one factory, ExcelText.of (textCell), takes
 * digits and hyphens alone (a JAN code, a postal code); csvRows writes it as
 * ="…" past the formula neutralisation, and checks its shape once more.
 */
export class ExcelText {
  readonly [EXCEL_TEXT]: string;
  private constructor(readonly value: string) {
    this[EXCEL_TEXT] = `="${value}"`;
  }
  toString() {
    return this.value;
  }
  /** Digits and hyphens as a text cell; anything else comes back as the plain string ('' for null). */
  static of(value: string | null | undefined): ExcelText | string {
    if (value == null) return '';
    return DIGITS_AND_HYPHENS.test(value) ? new ExcelText(value) : value;
  }
}

/**
 * A JAN or postal code (any value made of digits and hyphens) as a text cell;
 * anything else, null, or a value with one other character in it, comes back
 * as the plain string and is neutralised by csvRows as usual.
 */
export const textCell = (value: string | null | undefined): ExcelText | string => ExcelText.of(value);

/** The JST calendar day as 20261208. */
export const jstDay = (at: number = Date.now()): string => jstDate(at).replace(/-/g, '');

/** A file name in plain ASCII letters, digits, . _ - (everything else becomes _), for the fallback filename="…". */
export const asciiFileName = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '_');

/** RFC 5987 ext-value: UTF-8, every byte but attr-char percent-encoded (encodeURIComponent leaves ' ( ) * ! alone). */
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/** The names of an export file made `at`: 在庫_20261208.csv, with stock_20261208.csv as its ASCII fallback. */
export const exportFileName = (name: { ja: string; ascii: string }, at: number = Date.now()) => {
  const day = jstDay(at);
  return { name: `${name.ja.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')}_${day}.csv`, ascii: `${asciiFileName(name.ascii)}_${day}.csv` };
};

/** Content-Disposition for a download: attachment; filename="ASCII"; filename*=UTF-8''<the real name>. */
export const contentDisposition = (file: { name: string; ascii: string }): string =>
  `attachment; filename="${asciiFileName(file.ascii)}"; filename*=UTF-8''${rfc5987(file.name)}`;

/**
 * Encodes a CSV written in pieces (a streamed export): Shift_JIS piece by
 * piece, or UTF-8 with the BOM before the first piece only (Excel needs it to
 * read UTF-8; a BOM in the middle would be a stray character). Pieces end at a
 * line break, so no character is ever split.
 */
export const csvPieceEncoder = (encoding: CsvEncoding) => {
  let first = true;
  const utf8 = new TextEncoder();
  return (text: string): Uint8Array => {
    const bytes = first || encoding === 'shift_jis' ? encodeCsv(text, encoding) : utf8.encode(text);
    first = false;
    return bytes;
  };
};
