/**
 * CSV writing (RFC 4180) with CSV-injection neutralisation: a cell that a
 * spreadsheet would run as a formula (= + - @, tab, CR) is prefixed with '.
 * A plain negative number (a ledger delta such as -3) is data, not a formula,
 * and stays a number.
 */
export const neutralise = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell) ? `'${cell}` : cell);

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/**
 * The one kind of cell written as it is, past neutralise(): Excel's text formula
 * ="0490000000012", so a JAN or postal code keeps its leading zeros. Only
 * csv-export.ts textCell() makes one (from digits and hyphens alone), and the
 * shape is checked again here: a marker holding anything else is written as an
 * ordinary, neutralised cell. User text is a string, never such an object.
 */
export const EXCEL_TEXT = Symbol('csv.excelText');
const EXCEL_TEXT_CELL = /^="[0-9-]{1,40}"$/;

const cellOf = (v: unknown): string => {
  if (typeof v === 'object' && v !== null && EXCEL_TEXT in v) {
    const inner = (v as { [EXCEL_TEXT]: unknown })[EXCEL_TEXT];
    if (typeof inner === 'string' && EXCEL_TEXT_CELL.test(inner)) return inner;
    return quote(neutralise(inner == null ? '' : String(inner)));
  }
  return quote(neutralise(v == null ? '' : String(v)));
};

/** Rows as CSV lines, each ended by `eol` (CRLF by default, as Excel and carriers expect). */
export const csvRows = (rows: unknown[][], eol = '\r\n'): string => rows.map((r) => r.map(cellOf).join(',') + eol).join('');

export const toCsv = (header: string[], rows: unknown[][], eol = '\r\n'): string => csvRows([header, ...rows], eol);
