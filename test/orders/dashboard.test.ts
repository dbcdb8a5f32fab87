import { describe, expect, it } from 'vitest';
import { createTenant, signIn } from '../helpers/tenant';
import { createSku, importOrder, orderBody, transition } from '../helpers/orders';
import { dashboardWindows } from '../../worker/orders/dashboard-figures';

describe('the dashboard figures', () => {
  it('cuts days in JST: just after midnight JST is already the new day', () => {
    const w = dashboardWindows(Date.parse('2026-12-07T15:00:01Z')); // 2026-12-08 00:00:01 JST
    expect(w.today).toBe('2026-12-08');
    expect(w.todayStart).toBe('2026-12-07T15:00:00.000Z');
    expect(w.yesterdayStart).toBe('2026-12-06T15:00:00.000Z');
    expect(w.readyBefore).toBe('2026-12-06');
    expect(w.stockBefore).toBe('2026-12-05');
  });

  it('answers yesterday beside today, and the ageing that the linked list shows', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    await createSku(admin, 'DB-1', 10);
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const old = (await importOrder(admin, orderBody({ externalId: 'DB-OLD', orderedAt: at(3), lines: [{ sku: 'DB-1', quantity: 1, unitPrice: 1000 }] }))).order;
    await importOrder(admin, orderBody({ externalId: 'DB-Y', orderedAt: at(1), lines: [{ sku: 'DB-1', quantity: 1, unitPrice: 2000 }] }));
    await importOrder(admin, orderBody({ externalId: 'DB-T', lines: [{ sku: 'DB-1', quantity: 1, unitPrice: 3000 }] }));
    await transition(admin, old.id, 'ready_to_ship');
    const f = (await (await admin.api('/orders/summary')).json()) as {
      today: { orders: number; total: number }[];
      yesterday: { orders: number; total: number };
      ageing: { readyToShip: { count: number; orderedOnOrBefore: string }; awaitingStock: { count: number } };
    };
    expect(f.today.reduce((n, c) => n + c.orders, 0)).toBe(1);
    expect(f.yesterday).toEqual({ orders: 1, total: 2000 });
    expect(f.ageing.readyToShip.count).toBe(1);
    expect(f.ageing.awaitingStock.count).toBe(0);
    // the list the figure links to shows exactly that order
    const linked = (await (await admin.api(`/orders?status=ready_to_ship&to=${encodeURIComponent(new Date(`${f.ageing.readyToShip.orderedOnOrBefore}T23:59:59.999+09:00`).toISOString())}`)).json()) as { items: { id: string }[]; total: number };
    expect(linked.items.map((i) => i.id)).toEqual([old.id]);
  });
});
