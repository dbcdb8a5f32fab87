import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromium } from './browser';

const base = inject('baseURL');
const chromium = useChromium();

/** The id of the element that has the focus (a string expression: this project's types have no DOM). */
const focusedId = (page: Page) => page.evaluate('document.activeElement ? document.activeElement.id : null') as Promise<string | null>;

/** Imports an order through the API with the page's own session (cookie, CSRF token, Origin). */
const importOrder = async (page: Page, csrf: string, lines: { sku: string; quantity: number; unitPrice: number }[]) => {
  const res = await page.request.post(`${base}/api/v1/orders`, {
    headers: { origin: base, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    data: {
      channelId: 'rakuten-e2e',
      externalId: `E2E-PACK-${Date.now()}`,
      orderedAt: new Date().toISOString(),
      customer: { name: '検品 テスト', email: 'pack@example.jp' },
      shipTo: { name: '検品 テスト', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北1条西1丁目', phone: '011-000-0000' },
      lines,
      payment: { method: 'credit_card', paid: true },
    },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).order as { id: string; number: string; externalId: string; status: string };
};

describe('a packer checking an order with a barcode reader in Chromium', () => {
  it('refuses a wrong item, counts a fast burst of right ones, completes and records the check', async () => {
    const page = await chromium().newPage({ locale: 'ja-JP' });
    await page.goto(`${base}/login`);
    await page.fill('input[name=account]', 'demo');
    await page.fill('input[name=loginId]', 'operator');
    await page.fill('input[name=password]', 'ShelfKeeper2026');
    await page.click('#login-form button[type=submit]');
    await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
    const csrf = (await (await page.request.get(`${base}/api/v1/me`)).json()).csrfToken as string;
    const jan = ((await (await page.request.get(`${base}/api/v1/skus/TOTE-NAT`)).json()) as { sku: { janCode: string } }).sku.janCode;
    expect(jan).toMatch(/^\d{13}$/);

    // two totes, and a gift set of a T-shirt and a tote: 4 items to pack (3 totes, 1 T-shirt)
    const order = await importOrder(page, csrf, [
      { sku: 'TOTE-NAT', quantity: 2, unitPrice: 2980 },
      { sku: 'GIFT-TS-TOTE', quantity: 1, unitPrice: 5500 },
    ]);

    // the entry page opens the order's check from its store order number, as a scanner types it
    await page.goto(`${base}/orders/pack`);
    await page.locator('#pack-entry').waitFor();
    await expect(focusedId(page)).resolves.toBe('pack-entry');
    await page.keyboard.type(`${order.externalId}\n`);
    await page.waitForURL(`${base}/orders/${order.id}/pack`);

    const input = page.locator('#pack-scan');
    await input.waitFor();
    await expect(page.locator('#pack-order-number').textContent()).resolves.toContain(order.number);
    await expect(focusedId(page)).resolves.toBe('pack-scan');
    await expect(page.locator('#pack-total').textContent()).resolves.toContain('0 / 4 点');

    // Escape clears what was typed
    await page.keyboard.type('TYPO');
    await page.keyboard.press('Escape');
    await expect(input.inputValue()).resolves.toBe('');

    // a product that is not on the order: the message in red, nothing counted, the field still focused and empty
    await page.keyboard.type('4902102072618\n');
    await page.locator('#pack-status.packing-status-error').waitFor();
    await expect(page.locator('#pack-status').textContent()).resolves.toContain('この注文の商品ではありません');
    await expect(page.locator('#pack-total').textContent()).resolves.toContain('0 / 4 点');
    await expect(input.inputValue()).resolves.toBe('');
    await expect(focusedId(page)).resolves.toBe('pack-scan');

    // the right items as a reader sends them: code + Enter, one right after the other, JAN or SKU code
    await page.keyboard.type(`${jan}\n${jan}\nTS-NVY-M\n${jan}\n`);
    await page.locator('#pack-complete').waitFor();
    await expect(page.locator('#pack-status').textContent()).resolves.toContain('検品完了');
    await expect(page.locator('#pack-total').textContent()).resolves.toContain('4 / 4 点');
    const states = await page.locator('#pack-lines tr[data-state]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    expect(states.every((s) => s === 'done')).toBe(true);

    // one too many stops again, and the check stays complete
    await page.keyboard.type(`${jan}\n`);
    await page.locator('#pack-status.packing-status-error').waitFor();
    await expect(page.locator('#pack-status').textContent()).resolves.toContain('多すぎます');

    // record it: then the way on to shipping
    await page.click('#pack-record');
    await page.locator('#pack-recorded').waitFor();
    await page.locator('#pack-to-ship').waitFor();
    const recorded = (await (await page.request.get(`${base}/api/v1/orders/${order.id}`)).json()) as { order: { events: { kind: string; detail: { units?: number } }[] } };
    expect(recorded.order.events.filter((e) => e.kind === 'packed').map((e) => e.detail.units)).toEqual([4]);

    await page.goto(`${base}/orders/${order.id}`);
    await expect(page.locator('#order-history').textContent()).resolves.toContain('検品');
    await page.close();
  });
});
