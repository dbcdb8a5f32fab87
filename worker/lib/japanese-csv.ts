import Encoding from 'encoding-japanese';
import Papa from 'papaparse';

/**
 * Japanese CSV I/O: Shift_JIS (CP932) or UTF-8, CRLF, parsed by papaparse and
 * transcoded by encoding-japanese. Cells stay strings, so JAN codes and postal
 * codes keep their leading zeros.
 */
export type CsvEncoding = 'utf-8' | 'shift_jis';

export const decodeCsv = (bytes: Uint8Array, encoding: CsvEncoding): string => {
  if (encoding === 'shift_jis') return Encoding.convert(bytes, { to: 'UNICODE', from: 'SJIS', type: 'string' }) as unknown as string;
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

export const encodeCsv = (text: string, encoding: CsvEncoding): Uint8Array => {
  if (encoding === 'shift_jis') return new Uint8Array(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
  return new TextEncoder().encode('\uFEFF' + text);
};

/** Rows of cells, one per line (blank lines kept as [''], so row i is line i + 1). */
export const parseCsv = (text: string): string[][] => {
  const rows = Papa.parse<string[]>(text.replace(/\r?\n$/, ''), { skipEmptyLines: false }).data;
  return rows.map((r) => r.map((c) => c.trim()));
};

export const contentTypeFor = (encoding: CsvEncoding) => (encoding === 'shift_jis' ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8');
