import type { CarrierLayout } from './common';

/**
 * Reads a carrier's result file (the labels it issued) into
 * {line, orderRef, trackingNumber} rows plus the rows it could not read.
 * Pure: which order a reference names is the route's business.
 *
 * The columns are found by their header names when the first row is a header
 * (the carriers let users choose output columns), else at the layout's
 * documented positions (see each layout's `result`).
 */
export interface TrackingRow {
  /** the file's line, 1-based (a header is line 1) */
  line: number;
  orderRef: string;
  trackingNumber: string;
}

export interface TrackingProblem {
  line: number;
  orderRef: string | null;
  code: string;
  message: string;
}

export interface TrackingParse {
  /** data rows read (blank lines and the header not counted) */
  count: number;
  rows: TrackingRow[];
  problems: TrackingProblem[];
}

/** The tracking number shape POST /orders/{id}/ship takes. */
export const TRACKING_NUMBER = /^[0-9A-Za-z-]{4,40}$/;

/** Header names compared without width, spaces or trailing dots: "お問合せ送り状№" = "お問合せ送り状No.". */
const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').replace(/\.+$/, '').toUpperCase();

/** A cell as Kura or a spreadsheet may have written it: ="K000001", 'K000001 (neutralised), spaces. */
const cellValue = (s: string | undefined) =>
  (s ?? '')
    .normalize('NFKC')
    .trim()
    .replace(/^="(.*)"$/, '$1')
    .replace(/^'(?=[=+\-@])/, '')
    .trim();

export const parseTrackingFile = (layout: CarrierLayout, table: string[][]): TrackingParse => {
  const r = layout.result;
  const rows: TrackingRow[] = [];
  const problems: TrackingProblem[] = [];
  let refIdx = r.orderRefIndex;
  let trackIdx = r.trackingIndex;
  let start = 0;

  const first = (table[0] ?? []).map(key);
  const refHeaders = r.orderRefHeaders.map(key);
  const trackHeaders = r.trackingHeaders.map(key);
  const hasHeader = first.some((h) => refHeaders.includes(h) || trackHeaders.includes(h));
  if (hasHeader) {
    refIdx = first.findIndex((h) => refHeaders.includes(h));
    trackIdx = first.findIndex((h) => trackHeaders.includes(h));
    if (refIdx < 0 || trackIdx < 0) {
      const missing = [refIdx < 0 ? r.orderRefHeaders[0] : null, trackIdx < 0 ? r.trackingHeaders[0] : null].filter(Boolean).join(', ');
      return { count: 0, rows, problems: [{ line: 1, orderRef: null, code: 'header_incomplete', message: `The header row has no ${missing} column` }] };
    }
    start = 1;
  }

  const seen = new Map<string, TrackingRow>();
  let count = 0;
  for (let i = start; i < table.length; i++) {
    const cells = table[i];
    const line = i + 1;
    if (cells.every((c) => c.trim() === '')) continue; // blank line
    count++;
    const orderRef = cellValue(cells[refIdx]);
    const trackingNumber = cellValue(cells[trackIdx]).replace(/\s+/g, '');
    if (cells.length <= Math.max(refIdx, trackIdx)) {
      problems.push({ line, orderRef: orderRef || null, code: 'missing_columns', message: `The row has ${cells.length} columns; the order reference and tracking number are in columns ${refIdx + 1} and ${trackIdx + 1}` });
      continue;
    }
    if (!orderRef) {
      problems.push({ line, orderRef: null, code: 'missing_order_ref', message: 'No order number in the row' });
      continue;
    }
    if (!trackingNumber) {
      problems.push({ line, orderRef, code: 'missing_tracking_number', message: 'No tracking number in the row (the label may not be issued yet)' });
      continue;
    }
    if (!TRACKING_NUMBER.test(trackingNumber)) {
      problems.push({ line, orderRef, code: 'invalid_tracking_number', message: `"${trackingNumber.slice(0, 40)}" is not a tracking number (was the file saved by a spreadsheet?)` });
      continue;
    }
    const earlier = seen.get(orderRef);
    if (earlier) {
      if (earlier.trackingNumber !== trackingNumber) {
        problems.push({ line, orderRef, code: 'duplicate_order_ref', message: `Line ${earlier.line} already gives this order the tracking number ${earlier.trackingNumber}` });
      }
      continue; // the same label listed twice
    }
    const row = { line, orderRef, trackingNumber };
    seen.set(orderRef, row);
    rows.push(row);
  }
  return { count, rows, problems };
};
