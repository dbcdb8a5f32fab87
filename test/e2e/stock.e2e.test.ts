import { describe, expect, inject, it } from 'vitest';
import Encoding from 'encoding-japanese';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useChromium } from './browser';

const base = inject('baseURL');
const chromium = useChromium();

/** An Excel-style Shift_JIS CSV with a Japanese header, one bad line, and enough lines to need three chunks. */
const shiftJisCsv = () => {
  const lines = ['商品コード,数量,倉庫', 'E2E-MUG,30,default', 'E2E-MUG,abc', ...Array.from({ length: 4200 }, (_, i) => `E2E-MUG,${100 + (i % 5)}`)];
  const bytes = Uint8Array.from(Encoding.convert(Encoding.stringToCode(lines.join('\r\n') + '\r\n'), { to: 'SJIS', from: 'UNICODE' }) as number[]);
  const file = join(mkdtempSync(join(tmpdir(), 'kura-e2e-csv-')), 'stock.csv');
  writeFileSync(file, bytes);
  return file;
};

describe('an operator in Chromium', () => {
  it('registers a SKU, adjusts its stock, imports a Shift_JIS CSV with progress and sees the ledger', async () => {
    const page = await chromium().newPage({ locale: 'ja-JP' });
    await page.goto(`${base}/login`);
    await page.fill('input[name=account]', 'demo');
    await page.fill('input[name=loginId]', 'operator');
    await page.fill('input[name=password]', 'ShelfKeeper2026');
    await page.click('#login-form button[type=submit]');
    await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();

    // The seeded catalogue is listed, paged on the server, with the low-stock filter.
    await page.goto(`${base}/stock?lowStock=true`);
    await page.locator('#stock-table').waitFor();
    await expect(page.locator('#stock-table').textContent()).resolves.toContain('TS-NVY-L');

    // Register a SKU with a JAN code that starts with 0.
    await page.goto(`${base}/stock/new`);
    await page.fill('#sku-form input[name=code]', 'E2E-MUG');
    await page.fill('#sku-form input[name=name]', '波佐見焼 マグカップ');
    await page.fill('#sku-form input[name=janCode]', '0490000000012');
    await page.fill('#sku-form input[name=reorderPoint]', '5');
    await page.click('#sku-form button[type=submit]');
    await page.locator('#stock-figures').waitFor();
    expect(page.url()).toContain('/stock/sku/E2E-MUG');

    // Adjust: +12 with a reason.
    await page.goto(`${base}/stock/adjust`);
    await page.fill('#adjust-form textarea[name=lines]', 'E2E-MUG,12');
    await page.fill('#adjust-form input[name=reason]', '入荷');
    await page.click('#adjust-form button[type=submit]');
    await page.locator('#adjust-form').locator('xpath=preceding-sibling::p[contains(@class,"alert-ok")]').waitFor();

    // Import: the first pass finds the bad line and applies nothing; then apply the valid lines.
    await page.goto(`${base}/stock/import`);
    await page.setInputFiles('#import-form input[name=file]', shiftJisCsv());
    await page.selectOption('#import-form select[name=mode]', 'set');
    await page.selectOption('#import-form select[name=encoding]', 'shift_jis');
    await page.click('#import-form button[type=submit]');
    await page.locator('#import-problems').waitFor({ timeout: 60_000 });
    await expect(page.locator('table').last().textContent()).resolves.toContain('3');
    await page.check('#import-form input[name=applyValid]');
    await page.click('#import-form button[type=submit]');
    await page.locator('#import-done').waitFor({ timeout: 60_000 });

    // The SKU now shows the last imported count, and the ledger explains every change.
    await page.goto(`${base}/stock/sku/E2E-MUG`);
    const last = 100 + ((4200 - 1) % 5);
    await expect(page.locator('#stock-figures').textContent()).resolves.toContain(String(last));
    await expect(page.locator('#ledger-table').textContent()).resolves.toContain('CSV取込');
    // The ledger export (the same session) reaches back to the manual adjustment.
    const csv = await (await page.request.get(`${base}/api/v1/stock/E2E-MUG/ledger?format=csv&encoding=utf-8`)).text();
    expect(csv).toContain('入荷');
    expect(csv.split('\r\n').filter((l) => l.includes('CSV取込')).length).toBe(4201);
    await page.close();
  });
});
