import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import Encoding from 'encoding-japanese';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useChromium } from './browser';

const base = inject('baseURL');
const chromium = useChromium();

/** A JSON call with the page's own session (cookie, CSRF token, Origin). */
const call = async (page: Page, csrf: string, method: string, path: string, data?: unknown) => {
  const res = await page.request.fetch(`${base}/api/v1${path}`, { method, headers: { origin: base, 'x-csrf-token': csrf, 'content-type': 'application/json' }, data });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
};

/**
 * One operator's day at the order desk, in Japanese, in Chromium: a phone
 * order keyed in with the product picker, its address corrected, two orders
 * of one customer merged, the picking list, a packing check with one wrong
 * scan, the Yamato B2 file (refused once for a missing B2 setting, then
 * clean), the tracking numbers read back, bulk slips, a return back into
 * stock, and the operation log naming every order touched.
 */
describe('an operator day at the order desk', () => {
  it('runs from a phone order to the operation log without a stumble', async () => {
    const page = await chromium().newPage({ locale: 'ja-JP', acceptDownloads: true });
    await page.goto(`${base}/login`);
    await page.fill('input[name=account]', 'demo');
    await page.fill('input[name=loginId]', 'admin');
    await page.fill('input[name=password]', 'DemoPassword2026');
    await page.click('#login-form button[type=submit]');
    await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
    const csrf = (await (await page.request.get(`${base}/api/v1/me`)).json()).csrfToken as string;
    const tag = `日次${Date.now() % 100000}`;

    // 1. A phone order with the product picker; full-width phone and postal code, the address from the postal code.
    await page.goto(`${base}/orders/new`);
    await page.fill('input[name="customer.name"]', `${tag} 太郎`);
    await page.fill('input[name="customer.phone"]', '０３－５５５５－０１２３');
    await page.fill('input[name="shipTo.postalCode"]', '〒１００－０００１');
    await page.click('#postal-lookup');
    await page.locator('#postal-note').waitFor();
    await expect(page.inputValue('input[name="shipTo.city"]')).resolves.toBe('千代田区');
    await page.fill('input[name="shipTo.address1"]', '千代田1-1');
    await page.fill('#product-search', 'TOTE-NAT');
    await page.locator('#product-hits li[data-sku="TOTE-NAT"]').waitFor();
    await page.keyboard.press('Enter');
    await page.fill('#order-lines input[data-price="TOTE-NAT"]', '2200');
    await Promise.all([page.waitForURL(/\/orders\/[0-9A-Z]{26}$/), page.click('#order-submit')]);
    const aId = page.url().split('/').pop()!;
    const a = (await call(page, csrf, 'GET', `/orders/${aId}`)).order as { number: string; customer: { phone: string }; shipTo: { postalCode: string } };
    expect(a.customer.phone).toBe('03-5555-0123');
    expect(a.shipTo.postalCode).toBe('100-0001');

    // 2. Edit its address on the order page.
    await page.click('#order-edit-open');
    await page.fill('#order-edit-form input[name="shipTo.address2"]', 'デモビル 3F');
    await page.click('#order-edit-save');
    await page.locator('#order-saved').waitFor();
    await expect(page.locator('#order-ship-to').innerText()).resolves.toContain('デモビル 3F');

    // 3. Packing check (before the parcel grows by a merge): one wrong scan stops with a message, then the right one completes it.
    await page.goto(`${base}/orders/${aId}/pack`);
    await page.locator('#pack-scan').waitFor();
    await page.locator('#pack-scan').focus();
    await page.keyboard.type('TS-WHT-S\n');
    await page.locator('#pack-status.packing-status-error').waitFor();
    await page.keyboard.type('TOTE-NAT\n');
    await page.locator('#pack-complete').waitFor();
    await page.click('#pack-record');
    await page.locator('#pack-recorded').waitFor();

    // 3. A second order of the same customer to the same address: proposed for 同梱, merged.
    const shipTo = { name: `${tag} 太郎`, postalCode: '100-0001', prefecture: '東京都', city: '千代田区', address1: '千代田1-1', address2: 'デモビル 3F', phone: '03-5555-0123' };
    const b = (
      await call(page, csrf, 'POST', '/orders', {
        channelId: 'manual',
        externalId: `${tag}-B`,
        orderedAt: new Date().toISOString(),
        customer: { name: `${tag} 太郎`, phone: '03-5555-0123' },
        shipTo,
        lines: [{ sku: 'TS-WHT-M', quantity: 1, unitPrice: 3300 }],
        payment: { method: 'credit_card', paid: true },
      })
    ).order as { id: string; number: string };
    await page.goto(`${base}/orders/merge`);
    await page.locator(`#merge-group-${aId}`).waitFor();
    await expect(page.locator(`#merge-group-${aId}`).innerText()).resolves.toContain(b.number);
    await page.click(`#merge-${aId}-open`);
    await page.click(`#merge-submit-${aId}`);
    await page.locator('#merge-done').waitFor();
    expect(((await call(page, csrf, 'GET', `/orders/${b.id}`)).order as { status: string }).status).toBe('merged');

    // 4. The picking list for the order.
    await page.goto(`${base}/orders/picking?ids=${aId}&kind=total`);
    await expect(page.locator('body').innerText()).resolves.toContain('TOTE-NAT');

    await call(page, csrf, 'POST', `/orders/${aId}/transition`, { to: 'ready_to_ship' });

    // 6. The Yamato B2 file: refused once for a missing B2 setting, clean once it is entered.
    const yamato = ((await call(page, csrf, 'GET', '/carriers/settings')).items as { carrier: string; shipper: unknown; contract: Record<string, unknown> }[]).find((i) => i.carrier === 'yamato')!;
    await call(page, csrf, 'PUT', '/carriers/yamato/settings', { shipper: yamato.shipper, contract: { ...yamato.contract, customerCode: null } });
    await page.goto(`${base}/orders?q=${encodeURIComponent(a.number)}`);
    await page.check(`#orders-table tr[data-number="${a.number}"] input[name="ids[]"]`);
    await page.selectOption('#carrier-file', 'yamato_b2');
    await page.click('#carrier-export');
    await page.locator('#carrier-export-problems').waitFor();
    await expect(page.locator('#carrier-export-problems').innerText()).resolves.toContain('請求先顧客コード');
    await call(page, csrf, 'PUT', '/carriers/yamato/settings', { shipper: yamato.shipper, contract: yamato.contract });
    await page.click('#carrier-export-recheck');
    await page.locator('#carrier-export-download:enabled').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#carrier-export-download')]);
    const b2 = Encoding.convert(new Uint8Array(readFileSync((await download.path())!)), { to: 'UNICODE', from: 'SJIS', type: 'string' }) as unknown as string;
    expect(b2).toContain(a.number);
    expect(b2).toContain('03-5555-0123');

    // 7. The tracking numbers read back from B2's 発行済データ: the order ships.
    const lines = b2.split('\r\n').filter(Boolean);
    const header = lines[0].split(',');
    const row = lines.find((l) => l.includes(a.number))!.split(',');
    row[header.indexOf('伝票番号')] = '412345678901';
    const dir = mkdtempSync(join(tmpdir(), 'kura-b2-'));
    const file = join(dir, 'b2-issued.csv');
    writeFileSync(file, Buffer.from(Encoding.convert(Encoding.stringToCode(`${header.join(',')}\r\n${row.join(',')}\r\n`), { to: 'SJIS', from: 'UNICODE' }) as number[]));
    await page.goto(`${base}/orders/tracking`);
    await page.selectOption('#tracking-form select[name=carrier]', 'yamato_b2');
    await page.setInputFiles('#tracking-form input[name=file]', file);
    await page.click('#tracking-form button[type=submit]');
    await page.locator('#tracking-result').waitFor();
    await expect(page.locator('#tracking-result').innerText()).resolves.toContain('1');
    expect(((await call(page, csrf, 'GET', `/orders/${aId}`)).order as { status: string }).status).toBe('shipped');

    // 8. Bulk 納品書 for three orders: the last page holds no error.
    const recent: { id: string; number: string }[] = [];
    for (let n = 1; n <= 3; n++) {
      const body = { channelId: 'manual', externalId: `${tag}-S${n}`, orderedAt: new Date().toISOString(), customer: { name: `伝票 ${n}号` }, shipTo: { ...shipTo, name: `伝票 ${n}号`, address1: `千代田${n}-${n}` }, lines: [{ sku: 'TOTE-NAT', quantity: 1, unitPrice: 2200 }], payment: { method: 'credit_card', paid: true } };
      recent.push((await call(page, csrf, 'POST', '/orders', body)).order);
    }
    await page.goto(`${base}/orders/slips?ids=${recent.map((o) => o.id).join(',')}`, { waitUntil: 'networkidle' });
    await expect(page.locator('article.slip').count()).resolves.toBe(3);
    expect(await page.locator('body').innerText()).not.toContain('Internal Server Error');

    // 9. A return: the tote comes back sellable and goes back into stock through the ledger.
    const toteBefore = (await call(page, csrf, 'GET', '/stock/TOTE-NAT')) as { onHand: number };
    await page.goto(`${base}/orders/${aId}/return`);
    await page.locator('#return-form').waitFor();
    const toteRow = page.locator('#return-lines tr', { has: page.locator('input[value="TOTE-NAT"]') });
    await toteRow.locator('input[name^="qty_"]').fill('1');
    await toteRow.locator('input[name^="sellable_"]').fill('1');
    await page.selectOption('#return-form select[name=reason]', 'customer');
    await page.click('#return-confirm-open');
    await page.click('#return-save');
    await page.locator('#return-done').waitFor();
    const toteAfter = (await call(page, csrf, 'GET', '/stock/TOTE-NAT')) as { onHand: number };
    expect(toteAfter.onHand).toBe(toteBefore.onHand + 1);

    // 10. The operation log lists the day's work with the order numbers.
    await page.goto(`${base}/settings/logs?tab=operations`);
    const log = await page.locator('#operation-log').innerText();
    for (const label of ['受注の登録', '受注の編集', '同梱', '検品', '出荷', '返品']) expect(log).toContain(label);
    expect(log).toContain(a.number);
    await page.close();
  });
});
