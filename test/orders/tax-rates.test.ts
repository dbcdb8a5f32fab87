import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type Client } from '../helpers/client';
import { createTenant, signIn, sql, type Tenant } from '../helpers/tenant';
import { adjust, getOrder, importOrder, orderBody } from '../helpers/orders';

/**
 * 消費税率 per SKU (10% 標準, 8% 軽減税率) over the API, and the rate each order
 * line keeps from its SKU as it was when the order arrived.
 */
interface Sku {
  code: string;
  taxRate: number;
}
interface Line {
  lineNo: number;
  sku: string;
  taxRate: number;
}

describe('tax rates (消費税率) of SKUs and order lines', () => {
  let t: Tenant;
  let op: Client;

  const skuOf = async (res: Response, status = 200) => {
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(status);
    return (JSON.parse(text) as { sku: Sku }).sku;
  };
  const linesOf = async (id: string) => (await getOrder(op, id)).lines as unknown as Line[];

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    op = await signIn(t, 'op');
  });

  it('a SKU is 10% unless it is made 8%; the rate is read back, listed and edited', async () => {
    expect((await skuOf(await op.api('/skus', { json: { code: 'TAX-STD', name: 'Tシャツ' } }), 201)).taxRate).toBe(10);
    expect((await skuOf(await op.api('/skus', { json: { code: 'TAX-FOOD', name: '緑茶 100g', taxRate: 8 } }), 201)).taxRate).toBe(8);
    expect((await skuOf(await op.api('/skus/TAX-FOOD'))).taxRate).toBe(8);

    const list = (await (await op.api('/skus?q=TAX-')).json()) as { items: Sku[] };
    expect(list.items.map((s) => [s.code, s.taxRate])).toEqual([
      ['TAX-FOOD', 8],
      ['TAX-STD', 10],
    ]);

    // a PATCH of other fields leaves the rate alone; a PATCH of the rate changes it
    expect((await skuOf(await op.api('/skus/TAX-FOOD', { method: 'PATCH', json: { name: '緑茶 200g' } }))).taxRate).toBe(8);
    expect((await skuOf(await op.api('/skus/TAX-STD', { method: 'PATCH', json: { taxRate: 8 } }))).taxRate).toBe(8);
    expect((await skuOf(await op.api('/skus/TAX-STD', { method: 'PATCH', json: { taxRate: 10 } }))).taxRate).toBe(10);
    expect((await skuOf(await op.api('/skus/TAX-STD'))).taxRate).toBe(10);
  });

  it('any rate but 10 or 8 answers 400 naming taxRate, and nothing changes', async () => {
    for (const taxRate of [7, 0, 5, 8.5, '8', null]) {
      for (const res of [
        await op.api('/skus', { json: { code: 'TAX-BAD', name: 'bad', taxRate } }),
        await op.api('/skus/TAX-FOOD', { method: 'PATCH', json: { taxRate } }),
      ]) {
        expect(res.status, `taxRate ${JSON.stringify(taxRate)}`).toBe(400);
        const e = await errorOf(res);
        expect(e.code).toBe('validation_error');
        expect((e.details as { field: string }[]).map((d) => d.field)).toContain('taxRate');
      }
    }
    expect((await op.api('/skus/TAX-BAD')).status).toBe(404);
    expect((await skuOf(await op.api('/skus/TAX-FOOD'))).taxRate).toBe(8);
  });

  it('an imported order’s lines carry their SKUs’ rates, and keep them when the SKU changes later', async () => {
    await adjust(op, 'TAX-STD', 10, 'set');
    await adjust(op, 'TAX-FOOD', 10, 'set');
    const { order } = await importOrder(
      op,
      orderBody({
        externalId: 'TAX-ORDER-1',
        lines: [
          { sku: 'TAX-STD', quantity: 1, unitPrice: 2200 },
          { sku: 'TAX-FOOD', quantity: 2, unitPrice: 540 },
          { sku: 'TAX-UNKNOWN', quantity: 1, unitPrice: 100 },
        ],
      }),
    );
    const answered = order.lines as unknown as Line[];
    expect(answered.map((l) => [l.sku, l.taxRate])).toEqual([
      ['TAX-STD', 10],
      ['TAX-FOOD', 8],
      ['TAX-UNKNOWN', 10],
    ]);
    expect((await linesOf(order.id)).map((l) => l.taxRate)).toEqual([10, 8, 10]);
    expect((await sql<{ tax_rate: number }>('SELECT tax_rate FROM order_lines WHERE account_id = ? AND order_id = ? ORDER BY line_no', t.id, order.id)).map((r) => r.tax_rate)).toEqual([10, 8, 10]);

    // the order is a record of the sale: a later change of the SKU's rate does not rewrite it
    await skuOf(await op.api('/skus/TAX-FOOD', { method: 'PATCH', json: { taxRate: 10 } }));
    expect((await linesOf(order.id)).map((l) => l.taxRate)).toEqual([10, 8, 10]);

    // edited lines: a SKU already on the order keeps its rate, a SKU new to it takes the SKU's rate now
    await skuOf(await op.api('/skus', { json: { code: 'TAX-RICE', name: '米 5kg', taxRate: 8 } }), 201);
    await adjust(op, 'TAX-RICE', 5, 'set');
    const edit = await op.api(`/orders/${order.id}`, {
      method: 'PATCH',
      json: {
        lines: [
          { sku: 'TAX-FOOD', quantity: 1, unitPrice: 540 },
          { sku: 'TAX-RICE', quantity: 1, unitPrice: 2480 },
          { sku: 'TAX-STD', quantity: 1, unitPrice: 2200 },
        ],
      },
    });
    expect(edit.status, await edit.clone().text()).toBe(200);
    expect((await linesOf(order.id)).map((l) => [l.sku, l.taxRate])).toEqual([
      ['TAX-FOOD', 8],
      ['TAX-RICE', 8],
      ['TAX-STD', 10],
    ]);
  });

  it('a batch of orders reads the rates once for all their lines', async () => {
    const res = await op.api('/orders/batch', {
      json: {
        orders: [1, 2, 3].map((n) =>
          orderBody({
            externalId: `TAX-BATCH-${n}`,
            lines: [
              { sku: 'TAX-RICE', quantity: 1, unitPrice: 2480 },
              { sku: 'TAX-STD', quantity: 1, unitPrice: 2200 },
            ],
          }),
        ),
      },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const rows = await sql<{ sku: string; tax_rate: number }>(
      `SELECT l.sku, l.tax_rate FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.account_id = ? AND o.external_id LIKE 'TAX-BATCH-%' ORDER BY o.external_id, l.line_no`,
      t.id,
    );
    expect(rows.map((r) => [r.sku, r.tax_rate])).toEqual([
      ['TAX-RICE', 8],
      ['TAX-STD', 10],
      ['TAX-RICE', 8],
      ['TAX-STD', 10],
      ['TAX-RICE', 8],
      ['TAX-STD', 10],
    ]);
  });
});
