import { csvRows } from '../../lib/csv';
import type { CarrierLayout, CarrierLayoutId, CarrierOrder, ExportContext, ShipperProfile } from './common';
import { japanpostYupri } from './japanpost-yupri';
import { sagawaEhiden2 } from './sagawa-ehiden2';
import { yamatoB2 } from './yamato-b2';

export type { CarrierCode, CarrierLayout, CarrierLayoutId, CarrierOrder, CarrierOrderLine, ExportContext, ShipperProfile } from './common';
export { parseTimeSlot } from './common';
export { parseTrackingFile, type TrackingParse, type TrackingProblem, type TrackingRow } from './tracking';

/** The carriers' shipping-file layouts, by the id the API takes (?carrier=). */
export const CARRIER_LAYOUTS: Record<CarrierLayoutId, CarrierLayout> = {
  yamato_b2: yamatoB2,
  sagawa_ehiden2: sagawaEhiden2,
  japanpost_yupri: japanpostYupri,
};

export const CARRIER_LAYOUT_IDS = Object.keys(CARRIER_LAYOUTS) as [CarrierLayoutId, ...CarrierLayoutId[]];

/** One row per order, one cell per column of the layout, in the layout's order. */
export const shippingRows = (layout: CarrierLayout, orders: CarrierOrder[], shipper: ShipperProfile, ctx: ExportContext): string[][] =>
  orders.map((order) => layout.columns.map((c) => (c.value ? c.value({ order, shipper, ctx }) : '')));

/**
 * The file's text (before Shift_JIS encoding): the header row where the
 * carrier's import expects one, then the rows, CRLF. Cells go through the
 * CSV-injection neutralisation of lib/csv (codes and numbers are left as they are).
 */
export const shippingCsv = (layout: CarrierLayout, rows: string[][]): string =>
  csvRows([...(layout.headerRow ? [layout.columns.map((c) => c.header)] : []), ...rows]);
