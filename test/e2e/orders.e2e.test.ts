import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import Encoding from 'encoding-japanese';
import { readFileSync } from 'node:fs';
import { useChromium } from './browser';

const base = inject('baseURL');
const chromium = useChromium();

/** Imports an order through the API with the page's own session (cookie, CSRF token, Origin). */
const importOrder = async (page: Page, csrf: string, n: number) => {
  const res = await page.request.post(`${base}/api/v1/orders`, {
    headers: { origin: base, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    data: {
      channelId: 'rakuten-e2e',
      externalId: `E2E-${Date.now()}-${n}`,
      orderedAt: new Date(Date.now() - n * 60_000).toISOString(),
      customer: { name: `受注 テスト${n}`, email: `buyer${n}@example.jp` },
      shipTo: { name: `受注 テスト${n}`, postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: `北1条西${n}丁目`, phone: '011-000-0000' },
      lines: [{ sku: 'TOTE-NAT', quantity: 1, unitPrice: 2200 }],
      payment: { method: 'credit_card', paid: true },
      shipping: { timeSlot: '14-16' },
    },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).order as { id: string; number: string; status: string };
};

describe('an operator working orders in Chromium', () => {
  it('imports orders, bulk-moves them, prints a slip, exports a B2 file and ships one', async () => {
    const page = await chromium().newPage({ locale: 'ja-JP', acceptDownloads: true });
    await page.goto(`${base}/login`);
    await page.fill('input[name=account]', 'demo');
    await page.fill('input[name=loginId]', 'operator');
    await page.fill('input[name=password]', 'ShelfKeeper2026');
    await page.click('#login-form button[type=submit]');
    await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
    const csrf = (await (await page.request.get(`${base}/api/v1/me`)).json()).csrfToken as string;
    const toteBefore = (await (await page.request.get(`${base}/api/v1/stock/TOTE-NAT`)).json()) as { onHand: number; reserved: number };

    const orders = [await importOrder(page, csrf, 1), await importOrder(page, csrf, 2), await importOrder(page, csrf, 3)];
    expect(orders.every((o) => o.status === 'new')).toBe(true);

    // Bulk: select the three and move them to 出荷待ち.
    await page.goto(`${base}/orders?q=${encodeURIComponent('受注 テスト')}`);
    for (const o of orders) await page.check(`#orders-table tr[data-number="${o.number}"] input[name="ids[]"]`);
    await page.selectOption('#bulk-form select[name=action]', 'to:ready_to_ship');
    await page.click('#bulk-form .bulk-bar button[type=submit]');
    await page.locator('#bulk-result').waitFor();
    await expect(page.locator('#bulk-result').textContent()).resolves.toContain('3件成功');

    // The B2 Cloud file for the selection: Shift_JIS, CRLF, the customer's name and the postal code with its leading zero.
    await page.goto(`${base}/orders?q=${encodeURIComponent('受注 テスト')}`);
    for (const o of orders) await page.check(`#orders-table tr[data-number="${o.number}"] input[name="ids[]"]`);
    await page.selectOption('#carrier-file', 'yamato_b2');
    // the export is checked first (the demo shop has its B2 customer code); clean, the dialog offers the download
    await page.click('#carrier-export');
    await page.locator('#carrier-export-download:enabled').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#carrier-export-download')]);
    const bytes = readFileSync((await download.path())!);
    const text = Encoding.convert(new Uint8Array(bytes), { to: 'UNICODE', from: 'SJIS', type: 'string' }) as unknown as string;
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toContain('お客様管理番号');
    expect(lines).toHaveLength(1 + orders.length);
    expect(text).toContain('受注 テスト1');
    expect(text).toContain('0600001');
    expect(text).toContain('1416');

    // The printable 納品書 of the first order.
    await page.goto(`${base}/orders/${orders[0].id}/slip`);
    await expect(page.locator('body').textContent()).resolves.toContain('納品書');
    await expect(page.locator('body').textContent()).resolves.toContain('受注 テスト1');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');

    // Ship the first: carrier and tracking number; the stock leaves the shelf.
    await page.goto(`${base}/orders/${orders[0].id}`);
    await page.selectOption('#ship-form select[name=carrier]', 'yamato');
    await page.fill('#ship-form input[name=trackingNumber]', '123456789012');
    await page.click('#ship-form button[type=submit]');
    await page.locator('#order-status', { hasText: '出荷済' }).waitFor();
    await expect(page.locator('#order-history').textContent()).resolves.toContain('出荷');
    const toteAfter = (await (await page.request.get(`${base}/api/v1/stock/TOTE-NAT`)).json()) as { onHand: number; reserved: number };
    expect(toteAfter.onHand).toBe(toteBefore.onHand - 1);
    expect(toteAfter.reserved).toBe(toteBefore.reserved + 2);

    // Bulk ship from the list: the second order with a tracking number typed into its row;
    // the third has none, so it fails alone and the result says why.
    await page.goto(`${base}/orders?status=ready_to_ship&q=${encodeURIComponent('受注 テスト')}`);
    await page.selectOption('#bulk-form select[name=action]', 'ship');
    await page.selectOption('#bulk-form select[name=shipCarrier]', 'sagawa');
    await page.fill(`#orders-table input[name="tn_${orders[1].id}"]`, '400012345678');
    for (const o of [orders[1], orders[2]]) await page.check(`#orders-table tr[data-number="${o.number}"] input[name="ids[]"]`);
    await page.click('#bulk-form .bulk-bar button[type=submit]');
    await page.locator('#bulk-result').waitFor();
    const shipped = await page.locator('#bulk-result').textContent();
    expect(shipped).toContain('1件成功、1件失敗');
    expect(shipped).toContain('追跡番号が入力されていません');
    const second = (await (await page.request.get(`${base}/api/v1/orders/${orders[1].id}`)).json()) as { order: { status: string; shipping: { carrier: string; trackingNumber: string } } };
    expect(second.order).toMatchObject({ status: 'shipped', shipping: { carrier: 'sagawa', trackingNumber: '400012345678' } });

    // Every order matching the filter (beyond the checked rows): the last one goes on hold, with progress.
    await page.goto(`${base}/orders?status=ready_to_ship&q=${encodeURIComponent('受注 テスト')}`);
    await page.selectOption('#bulk-form select[name=scope]', 'all');
    await page.selectOption('#bulk-form select[name=action]', 'to:on_hold');
    await page.click('#bulk-form .bulk-bar button[type=submit]');
    await page.locator('#bulk-result').waitFor();
    await expect(page.locator('#bulk-result').textContent()).resolves.toContain('1件成功、0件失敗');
    const third = (await (await page.request.get(`${base}/api/v1/orders/${orders[2].id}`)).json()) as { order: { status: string } };
    expect(third.order.status).toBe('on_hold');
    await page.close();
  });

  it('asks the server only for what a page shows, offers the next step first, keeps the delivery labels, and prints bulk slips whole', async () => {
    const page = await chromium().newPage({ locale: 'ja-JP' });
    await page.goto(`${base}/login`);
    await page.fill('input[name=account]', 'demo');
    await page.fill('input[name=loginId]', 'operator');
    await page.fill('input[name=password]', 'ShelfKeeper2026');
    await page.click('#login-form button[type=submit]');
    await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
    const csrf = (await (await page.request.get(`${base}/api/v1/me`)).json()).csrfToken as string;
    const orders = [await importOrder(page, csrf, 11), await importOrder(page, csrf, 12), await importOrder(page, csrf, 13)];

    // No Link prefetch: the list loads no other page's data in the background.
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(r.url()));
    await page.goto(`${base}/orders?q=${encodeURIComponent('受注 テスト')}`, { waitUntil: 'networkidle' });
    await page.hover(`#orders-table tr[data-number="${orders[0].number}"] a`);
    await page.waitForTimeout(500);
    expect(fetched.filter((u) => u.includes('q-data.json'))).toEqual([]);

    // New orders: the bulk bar offers 出荷待ち first and never 新規受付.
    await page.check(`#orders-table tr[data-number="${orders[0].number}"] input[name="ids[]"]`);
    await page.locator('#bulk-form select[name=action] option[value="to:new"]').waitFor({ state: 'detached' });
    const options = await page.locator('#bulk-form select[name=action] option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(options[0]).toBe('to:ready_to_ship');
    expect(options).not.toContain('to:new');
    expect(options).not.toContain('ship');
    await expect(page.locator('#bulk-form select[name=action]').inputValue()).resolves.toBe('to:ready_to_ship');

    // After an action on the order page, the delivery line keeps its labels.
    await page.goto(`${base}/orders/${orders[0].id}`);
    await page.fill('#order-flags input[name=add]', '要確認');
    await page.click('#order-flags .inline-form button[type=submit]');
    await page.locator('#order-flags .chip', { hasText: '要確認' }).waitFor();
    const delivery = await page.locator('#order-delivery').innerText();
    expect(delivery).toContain('お届け希望日');
    expect(delivery).toContain('時間帯');
    expect(delivery).toContain('14〜16時');

    // Bulk 納品書: three sheets, and nothing after the last one.
    await page.goto(`${base}/orders/slips?ids=${orders.map((o) => o.id).join(',')}`, { waitUntil: 'networkidle' });
    await expect(page.locator('article.slip').count()).resolves.toBe(3);
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('Internal Server Error');
    expect(await page.locator('.slip-sheets').evaluate((el) => el.lastElementChild?.getAttribute('data-order'))).toBe(orders[2].number);
    expect(await page.locator('.slip-sheets ~ *').count()).toBe(0);
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(3);
    await page.close();
  });
});
