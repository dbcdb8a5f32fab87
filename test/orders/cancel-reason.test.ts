import { describe, expect, it } from 'vitest';
import { createTenant, signIn } from '../helpers/tenant';
import { createSku, getOrder, importOrder, orderBody } from '../helpers/orders';

describe('cancelling an order with a reason', () => {
  it('records the reason and the note in the history, and still accepts a cancel without a body', async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const op = await signIn(t, 'op');
    await createSku(op, 'CR-1', 5);
    const a = (await importOrder(op, orderBody({ externalId: 'CR-A', lines: [{ sku: 'CR-1', quantity: 1, unitPrice: 500 }] }))).order;
    const b = (await importOrder(op, orderBody({ externalId: 'CR-B', lines: [{ sku: 'CR-1', quantity: 1, unitPrice: 500 }] }))).order;

    const res = await op.api(`/orders/${a.id}/cancel`, { json: { reason: 'out_of_stock', note: '入荷未定のため' } });
    expect(res.status).toBe(200);
    const cancelled = (await getOrder(op, a.id)).events.find((e) => e.kind === 'cancelled');
    expect(cancelled?.detail).toMatchObject({ from: 'new', reason: 'out_of_stock', note: '入荷未定のため', byMall: false });
    // a phone order has no mall to tell
    expect((await getOrder(op, a.id)).events.some((e) => e.kind === 'cancel_manual' || e.kind === 'cancel_queued')).toBe(false);

    expect((await op.api(`/orders/${b.id}/cancel`, { method: 'POST' })).status).toBe(200);
    expect((await getOrder(op, b.id)).events.find((e) => e.kind === 'cancelled')?.detail).toMatchObject({ reason: 'other', note: null });
  });

  it('refuses an unknown reason with a 400 naming the field', async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const op = await signIn(t, 'op');
    await createSku(op, 'CR-2', 5);
    const a = (await importOrder(op, orderBody({ externalId: 'CR-C', lines: [{ sku: 'CR-2', quantity: 1, unitPrice: 500 }] }))).order;
    const res = await op.api(`/orders/${a.id}/cancel`, { json: { reason: 'bored' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: { field: string }[] } }).error.details[0].field).toBe('reason');
    expect((await getOrder(op, a.id)).status).toBe('new');
  });
});
