/**
 * CSV writing (RFC 4180) with CSV-injection neutralisation: a cell that a
 * spreadsheet would run as a formula (= + - @, tab, CR) is prefixed with '.
 * A plain negative number (a ledger delta such as -3) is data, not a formula,
 * and stays a number.
 */
export const neutralise = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell) ? `'${cell}` : cell);

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** Rows as CSV lines, each ended by `eol` (CRLF by default, as Excel and carriers expect). */
export const csvRows = (rows: unknown[][], eol = '\r\n'): string =>
  rows.map((r) => r.map((v) => quote(neutralise(v == null ? '' : String(v)))).join(',') + eol).join('');

export const toCsv = (header: string[], rows: unknown[][], eol = '\r\n'): string => csvRows([header, ...rows], eol);
