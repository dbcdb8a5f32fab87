import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../helpers/client';
import { createTenant, signIn } from '../helpers/tenant';
import { adjust, importOrder, orderBody } from '../helpers/orders';

/**
 * The order documents as the server renders them for a signed-in user: the
 * 納品書 with its tax breakdown by rate, registration number and payment; the
 * gift 納品書 with no price on it; the 領収書. These read the built web app
 * (`npm run build:web` first).
 *
 * The order: a ¥2,200 shirt (10%), two ¥540 teas (8%) and ¥880 shipping, paid
 * cash on delivery: 10% on ¥3,080 holds ¥280, 8% on ¥1,080 holds ¥80, ¥4,160 in all.
 */
const INVOICE = 'T1234567890123';

/** The page's HTML with the yen sign in one form (ICU writes the full-width ￥ for ja-JP). */
const page = async (c: Client, path: string, status = 200) => {
  const res = await c.fetch(path);
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(status);
  expect(html).not.toMatch(/Internal Server Error|QWIK ERROR/);
  expect(html.trimEnd().endsWith('</html>'), `${path} is rendered to the end`).toBe(true);
  return html.replace(/￥/g, '¥');
};

/** The page's <title>, as Chromium's "Save as PDF" names the file (any Qwik markers left out). */
const titleOf = (html: string) => (/<title\b[^>]*>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '').replace(/<!--[\s\S]*?-->/g, '');

/** The printed sheets (<article class="slip…">…</article>) of a page. */
const sheets = (html: string) => html.match(/<article\b[^>]*class="slip[^"]*"[\s\S]*?<\/article>/g) ?? [];

describe('order documents (納品書・ギフト納品書・領収書)', () => {
  let op: Client;
  let orderId: string;
  let orderNumber: string;

  beforeAll(async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    const admin = await signIn(t, 'admin');
    op = await signIn(t, 'op');
    const shop = await admin.api('/settings/shop', {
      method: 'PUT',
      json: { name: '蔵ストア', postalCode: '150-0001', address: '東京都渋谷区神宮前1-2-3', phone: '03-1234-5678', invoiceNumber: 'Ｔ１２３４５６７８９０１２３' },
    });
    expect(shop.status).toBe(200);
    expect((await op.api('/skus', { json: { code: 'DOC-SHIRT', name: 'Tシャツ' } })).status).toBe(201);
    expect((await op.api('/skus', { json: { code: 'DOC-TEA', name: '緑茶 100g', taxRate: 8 } })).status).toBe(201);
    await adjust(op, 'DOC-SHIRT', 100, 'set');
    await adjust(op, 'DOC-TEA', 100, 'set');
    const body = orderBody({
      externalId: 'DOC-1',
      customerName: '山田 花子',
      payment: { method: 'cod', paid: false },
      lines: [
        { sku: 'DOC-SHIRT', quantity: 1, unitPrice: 2200 },
        { sku: 'DOC-TEA', quantity: 2, unitPrice: 540 },
      ],
    });
    const { order } = await importOrder(op, { ...body, shipTo: { ...body.shipTo, name: '佐藤 一郎' }, totals: { shippingFee: 880 } });
    orderId = order.id;
    orderNumber = order.number;
  });

  it('the 納品書 shows the tax by rate, the registration number and cash on delivery with the amount due', async () => {
    const html = await page(op, `/orders/${orderId}/slip`);
    const [sheet, ...more] = sheets(html);
    expect(more).toHaveLength(0);
    expect(sheet).toMatch(/^<article\b[^>]*class="slip"/);
    expect(sheet).toContain('10%対象 ¥3,080(うち消費税 ¥280)');
    expect(sheet).toContain('8%対象 ¥1,080(うち消費税 ¥80)');
    expect(sheet).toContain('※は軽減税率(8%)対象品目です。');
    expect(sheet).toContain(`登録番号 ${INVOICE}`);
    expect(sheet).toMatch(/id="slip-payment"[^>]*>代金引換</);
    expect(sheet).toMatch(/id="slip-cod"[\s\S]*?代金引換 ご請求額[\s\S]*?¥4,160/);
    expect(titleOf(html)).toBe(`納品書 ${orderNumber}`);
    // the toolbar offers the gift version
    expect(html).toMatch(new RegExp(`href="/orders/${orderId}/slip\\?gift=1"`));
  });

  it('the gift 納品書 (?gift=1) has no price, total or tax on it, and names the orderer when someone else receives it', async () => {
    const html = await page(op, `/orders/${orderId}/slip?gift=1`);
    const [sheet, ...more] = sheets(html);
    expect(more).toHaveLength(0);
    expect(sheet).toMatch(/^<article\b[^>]*class="slip slip-gift"/);
    expect(sheet).not.toMatch(/[¥￥]/);
    expect(sheet).not.toMatch(/消費税|対象|ご請求額|単価|合計/);
    expect(sheet).toContain('Tシャツ');
    expect(sheet).toContain('緑茶 100g');
    expect(sheet).toContain('佐藤 一郎');
    expect(sheet).toMatch(/id="slip-orderer"[\s\S]*?ご依頼主[\s\S]*?山田 花子/);
    expect(titleOf(html)).toBe(`ギフト納品書 ${orderNumber}`);
    expect(html).toMatch(/id="slip-gift"[^>]*aria-current="page"|aria-current="page"[^>]*id="slip-gift"/);
  });

  it('an order flagged gift prints as a gift slip by itself, and ?gift=0 prints the standard one', async () => {
    const flagged = await op.api(`/orders/${orderId}`, { method: 'PATCH', json: { flags: ['gift'] } });
    expect(flagged.status).toBe(200);
    try {
      expect(sheets(await page(op, `/orders/${orderId}/slip`))[0]).toMatch(/^<article\b[^>]*class="slip slip-gift"/);
      const standard = sheets(await page(op, `/orders/${orderId}/slip?gift=0`))[0];
      expect(standard).toMatch(/^<article\b[^>]*class="slip"/);
      expect(standard).toContain('¥4,160');
      // in bulk too: the flagged order is a gift slip unless gift=0 says otherwise
      expect(sheets(await page(op, `/orders/slips?ids=${orderId}`))[0]).toMatch(/class="slip slip-gift"/);
      expect(sheets(await page(op, `/orders/slips?ids=${orderId}&gift=0`))[0]).toMatch(/^<article\b[^>]*class="slip"/);
    } finally {
      expect((await op.api(`/orders/${orderId}`, { method: 'PATCH', json: { flags: [] } })).status).toBe(200);
    }
  });

  it('the 領収書 states the amount, the addressee, what for, the tax by rate and the shop’s registration number', async () => {
    const html = await page(op, `/orders/${orderId}/receipt`);
    expect(titleOf(html)).toBe(`領収書 ${orderNumber}`);
    const [sheet, ...more] = sheets(html);
    expect(more).toHaveLength(0);
    expect(sheet).toMatch(/id="receipt-amount"[^>]*>¥4,160-</);
    expect(sheet).toMatch(/id="receipt-to"[\s\S]*?山田 花子[\s\S]*?様/);
    expect(sheet).toContain('但し お品代として');
    expect(sheet).toContain('10%対象 ¥3,080(うち消費税 ¥280)');
    expect(sheet).toContain('8%対象 ¥1,080(うち消費税 ¥80)');
    expect(sheet).toContain(`登録番号 ${INVOICE}`);
    expect(sheet).toContain('上記正に領収いたしました。');
    // ¥4,160 needs no stamp
    expect(sheet).not.toContain('receipt-stamp');
  });

  it('the addressee and the description are edited through ?to= and ?for=', async () => {
    const html = await page(op, `/orders/${orderId}/receipt?to=${encodeURIComponent('株式会社テスト')}&for=${encodeURIComponent('食料品代として')}`);
    const sheet = sheets(html)[0];
    expect(sheet).toMatch(/id="receipt-to"[\s\S]*?株式会社テスト/);
    expect(sheet).not.toContain('山田 花子');
    expect(sheet).toContain('但し 食料品代として');
    // the form shows what is printed
    expect(html).toMatch(/name="to"[^>]*value="株式会社テスト"|value="株式会社テスト"[^>]*name="to"/);
  });

  it('a receipt for ¥50,000 or more before tax has a box for the 収入印紙, and says a PDF needs none', async () => {
    const { order } = await importOrder(op, orderBody({ externalId: 'DOC-BIG', lines: [{ sku: 'DOC-SHIRT', quantity: 30, unitPrice: 2200 }] }));
    const sheet = sheets(await page(op, `/orders/${order.id}/receipt`))[0];
    expect(sheet).toMatch(/id="receipt-amount"[^>]*>¥66,000-</);
    expect(sheet).toContain('10%対象 ¥66,000(うち消費税 ¥6,000)');
    expect(sheet).toMatch(/id="receipt-stamp"[\s\S]*?収入印紙[\s\S]*?電子データ\(PDF\)で交付する場合は不要/);
  });

  it('the order page links its 領収書 beside its 納品書', async () => {
    const html = await page(op, `/orders/${orderId}`);
    expect(html).toMatch(new RegExp(`id="order-slip"[\\s\\S]*?href="/orders/${orderId}/receipt"|href="/orders/${orderId}/receipt"[^>]*id="order-receipt"`));
    expect(html).toContain('id="order-receipt"');
  });
});
