import { beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/client';
import { cancel, createSku, getOrder, importOrder, orderBody, stockOf } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/** A mall sends the same order again with changes (address, payment, lines): Kura takes the later version. */
describe('a later version of an imported order', () => {
  let t: Tenant;
  let op: Client;
  let n = 0;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
  });

  it('updates the address and payment, re-reserves changed lines, and leaves an identical repeat alone', async () => {
    const a = await createSku(op, `LV-${++n}`, 10);
    const body = orderBody({ externalId: `LV-${n}`, channelId: 'yahoo-1', lines: [{ sku: a, quantity: 2, unitPrice: 1000 }] });
    const first = await importOrder(op, body);
    expect(first.status).toBe(201);
    expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 2, available: 8 });

    const later = {
      ...body,
      shipTo: { ...body.shipTo, address1: '別の住所 2-2' },
      lines: [{ sku: a, quantity: 5, unitPrice: 1000 }],
    };
    const second = await importOrder(op, later);
    expect(second.status).toBe(200);
    expect(second.order.id).toBe(first.order.id);
    expect(second.order.shipTo.address1).toBe('別の住所 2-2');
    expect(second.order.lines).toEqual([expect.objectContaining({ sku: a, quantity: 5 })]);
    expect(second.order.totals.items).toBe(5000);
    expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 5, available: 5 });
    const edits = (await getOrder(op, first.order.id)).events.filter((e) => e.kind === 'edited');
    expect(edits).toHaveLength(1);

    // The same later version again: nothing more happens.
    await importOrder(op, later);
    expect((await getOrder(op, first.order.id)).events.filter((e) => e.kind === 'edited')).toHaveLength(1);
    expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 5, available: 5 });
  });

  it('does not reopen or change a cancelled order', async () => {
    const a = await createSku(op, `LV-${++n}`, 10);
    const body = orderBody({ externalId: `LV-${n}`, channelId: 'yahoo-1', lines: [{ sku: a, quantity: 1, unitPrice: 1000 }] });
    const first = await importOrder(op, body);
    expect((await cancel(op, first.order.id)).status).toBe(200);
    const again = await importOrder(op, { ...body, lines: [{ sku: a, quantity: 4, unitPrice: 1000 }] });
    expect(again.status).toBe(200);
    expect(again.order.status).toBe('cancelled');
    expect(again.order.lines).toEqual([expect.objectContaining({ quantity: 1 })]);
    expect(await stockOf(op, a)).toEqual({ onHand: 10, reserved: 0, available: 10 });
  });
});
