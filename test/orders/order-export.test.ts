import { describe, expect, it } from 'vitest';
import { ORDER_EXPORT_HEADER_EN, ORDER_EXPORT_HEADER_JA, orderExportCsv, orderTaxColumns, type ExportOrder } from '../../worker/orders/export-layout';
import { PAYMENT_LABELS_JA, STATUS_LABELS_JA, SYSTEM_ACTOR_LABELS_JA, MANUAL_CHANNEL_JA } from '../../worker/orders/labels';
import { PAYMENT_METHODS } from '../../worker/orders/choices';
import { ORDER_STATUSES } from '../../worker/orders/state-machine';
import { parseCsv } from '../../worker/lib/japanese-csv';
import { ja as deskJa } from '../../web/src/i18n/desk';
import { ja as ordersJa } from '../../web/src/i18n/orders';

/**
 * The 受注CSV layout (orders/export-layout.ts): one row per line, the order's
 * amounts on its first line only (so a column adds up over orders), the tax
 * by rate as on the 納品書 (tax.ts).
 *
 * The order: a ¥2,200 shirt (10%), two ¥540 teas (8%), ¥880 shipping and ¥330
 * 代引手数料, ¥100 off and ¥50 of points. 10%: 2,200 + 880 + 330 = 3,410;
 * 8%: 1,080. The ¥100 discount is shared: 8% takes floor(100 × 1,080 / 4,490) = 24,
 * 10% the other 76 → 10% on ¥3,334 holds ¥303, 8% on ¥1,056 holds ¥78.
 */
const order = (over: Partial<ExportOrder> = {}): ExportOrder => ({
  number: 'K000042',
  channelId: 'CH1',
  externalId: '0012345678',
  orderedAt: '2026-12-07T23:30:00.000Z',
  status: 'ready_to_ship',
  customerName: '山田 花子',
  postalCode: '060-0001',
  prefecture: '北海道',
  paymentMethod: 'cod',
  shippingFee: 880,
  fees: 330,
  discount: 100,
  points: 50,
  total: 2200 + 1080 + 880 + 330 - 100 - 50,
  lines: [
    { sku: 'SHIRT', name: 'Tシャツ', quantity: 1, unitPrice: 2200, taxRate: 10 },
    { sku: 'TEA', name: '緑茶 100g', quantity: 2, unitPrice: 540, taxRate: 8 },
  ],
  ...over,
});

const look = { channelName: (id: string) => (id === 'CH1' ? '楽天 蔵ストア' : undefined), janOf: (sku: string) => (sku === 'TEA' ? '0490000000012' : null) };

describe('the 受注CSV layout', () => {
  it('ja: one row per line; the order on every row, its amounts on the first line only', () => {
    expect(ORDER_EXPORT_HEADER_JA).toHaveLength(ORDER_EXPORT_HEADER_EN.length);
    const csv = orderExportCsv([order()], 'ja', look);
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    // text cells as Excel's ="…": the postal code, the JAN and a digits-only store order number
    expect(lines[0]).toBe(
      'K000042,楽天 蔵ストア,="0012345678",2026/12/08 08:30:00,出荷待ち,山田 花子,="060-0001",北海道,代金引換,SHIRT,,Tシャツ,1,2200,2200,10,3334,303,1056,78,880,330,100,50,4340',
    );
    expect(lines[1]).toBe('K000042,楽天 蔵ストア,="0012345678",2026/12/08 08:30:00,出荷待ち,山田 花子,="060-0001",北海道,代金引換,TEA,="0490000000012",緑茶 100g,2,540,1080,8,,,,,,,,,');
    expect(lines).toHaveLength(3);
  });

  it('en: English codes and the values as stored (UTC, codes, channel id, plain text)', () => {
    const rows = parseCsv(orderExportCsv([order()], 'en', look));
    expect(rows[0]).toEqual(['K000042', 'CH1', '0012345678', '2026-12-07T23:30:00.000Z', 'ready_to_ship', '山田 花子', '060-0001', '北海道', 'cod', 'SHIRT', '', 'Tシャツ', '1', '2200', '2200', '10', '3334', '303', '1056', '78', '880', '330', '100', '50', '4340']);
    expect(rows[1].slice(9, 16)).toEqual(['TEA', '0490000000012', '緑茶 100g', '2', '540', '1080', '8']);
  });

  it('the tax by rate follows tax.ts: shipping and fees at 10%, no 8% column amount when nothing is at 8%', () => {
    expect(orderTaxColumns(order())).toEqual({ taxable10: 3334, tax10: 303, taxable8: 1056, tax8: 78 });
    expect(orderTaxColumns(order({ lines: [{ sku: 'SHIRT', name: null, quantity: 1, unitPrice: 1100, taxRate: 10 }], shippingFee: 0, fees: 0, discount: 0 }))).toEqual({
      taxable10: 1100,
      tax10: 100,
      taxable8: 0,
      tax8: 0,
    });
    // food alone with free shipping: 8% only
    expect(orderTaxColumns(order({ lines: [{ sku: 'TEA', name: null, quantity: 2, unitPrice: 540, taxRate: 8 }], shippingFee: 0, fees: 0, discount: 0 }))).toEqual({
      taxable10: 0,
      tax10: 0,
      taxable8: 1080,
      tax8: 80,
    });
  });

  it('user text is neutralised; only digits-and-hyphens values become text cells; a keyed-in order names 手入力', () => {
    const rows = orderExportCsv(
      [order({ channelId: 'manual', externalId: '=HYPERLINK("http://evil.example")', customerName: '@SUM(A1)', lines: [{ sku: 'X', name: '+cmd', quantity: 1, unitPrice: 100, taxRate: 10 }] })],
      'ja',
      look,
    );
    const [row] = parseCsv(rows);
    expect(row[1]).toBe(MANUAL_CHANNEL_JA);
    expect(row[2]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(row[5]).toBe("'@SUM(A1)");
    expect(row[11]).toBe("'+cmd");
    for (const cell of row) expect(cell, cell).not.toMatch(/^[+@]|^=(?!"[0-9-]+"$)/);
  });

  it('a line the mall sent without a name takes the SKU’s name from the catalogue', () => {
    const rows = parseCsv(orderExportCsv([order({ lines: [{ sku: 'TEA', name: null, quantity: 1, unitPrice: 540, taxRate: 8 }] })], 'ja', { ...look, skuName: (sku: string) => (sku === 'TEA' ? '緑茶' : null) }));
    expect(rows[0][11]).toBe('緑茶');
    expect(parseCsv(orderExportCsv([order({ lines: [{ sku: 'NEW', name: null, quantity: 1, unitPrice: 540, taxRate: 8 }] })], 'ja', look))[0][11]).toBe('');
  });

  it('an unknown store is named by its id', () => {
    expect(parseCsv(orderExportCsv([order({ channelId: 'GONE' })], 'ja', look))[0][1]).toBe('GONE');
  });
});

describe('the worker’s Japanese labels say what the screens say', () => {
  it('payment methods (desk.ts orders.payment.*)', () => {
    for (const m of PAYMENT_METHODS) expect(PAYMENT_LABELS_JA[m], m).toBe(deskJa[`orders.payment.${m}` as keyof typeof deskJa]);
  });
  it('statuses (orders.ts orders.status.*; 同梱済 until the screens name it)', () => {
    for (const s of ORDER_STATUSES) {
      const screen = (ordersJa as Record<string, string>)[`orders.status.${s}`];
      if (screen !== undefined) expect(STATUS_LABELS_JA[s], s).toBe(screen);
    }
    expect(STATUS_LABELS_JA.merged).toBe('同梱済');
  });
  it('system actors (orders.ts orders.actor.*)', () => {
    for (const [actor, label] of Object.entries(SYSTEM_ACTOR_LABELS_JA)) expect(label, actor).toBe((ordersJa as Record<string, string>)[`orders.actor.${actor}`]);
  });
});
