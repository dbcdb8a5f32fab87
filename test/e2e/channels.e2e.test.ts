import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useChromium } from './browser';

const base = inject('baseURL');
const chromium = useChromium();

/** A context of its own, with its own client address (the login throttle counts per IP). */
const contextFor = (n: number): Promise<BrowserContext> =>
  chromium().newContext({ locale: 'ja-JP', acceptDownloads: true, extraHTTPHeaders: { 'cf-connecting-ip': `198.51.100.${(Date.now() + n) % 250}` } });

const signIn = async (page: Page, loginId: string, password: string) => {
  await page.goto(`${base}/login`);
  await page.fill('input[name=account]', 'demo');
  await page.fill('input[name=loginId]', loginId);
  await page.fill('input[name=password]', password);
  await page.click('#login-form button[type=submit]');
  await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
};

describe('connecting a mall store in Chromium', () => {
  it('an admin adds a Rakuten store, maps its listings by form and CSV, and sees stock by SKU and failed jobs; a viewer sees no admin controls', async () => {
    const name = `E2E 楽天市場店 ${Date.now()}`;
    const admin = await contextFor(1);
    const page = await admin.newPage();
    await signIn(page, 'admin', 'DemoPassword2026');

    // 店舗を追加: the mall, its credentials (never shown again) and an endpoint override under 詳細設定.
    await page.goto(`${base}/channels`);
    await page.click('#add-channel');
    await page.waitForURL(`${base}/channels/new`);
    await page.selectOption('#channel-form select[name=type]', 'rakuten');
    await page.fill('#channel-form input[name=name]', name);
    await page.fill('#channel-form input[name=cred_rakuten_serviceSecret]', 'SP000000_e2eSecret');
    await page.fill('#channel-form input[name=cred_rakuten_licenseKey]', 'SL000000_e2eLicense');
    await page.click('#channel-form details.advanced summary');
    // nothing listens there: the connection test must report the failure, not hang
    await page.fill('#channel-form input[name=endpoint]', 'http://127.0.0.1:9/rakuten/e2e');
    await page.click('#channel-form button[type=submit]');
    await page.waitForURL(/\/channels\/[^/?]+\?created=1$/);
    const id = new URL(page.url()).pathname.split('/')[2];
    await page.locator('#channel-created').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toContain(name);
    // The credentials are stored, and only their names come back.
    await page.locator('#channel-form [data-stored="serviceSecret"]').waitFor();
    await page.locator('#channel-form [data-stored="licenseKey"]').waitFor();
    await expect(page.locator('#channel-form input[name=cred_rakuten_serviceSecret]').inputValue()).resolves.toBe('');
    await page.locator('#channel-status').waitFor();

    // 接続テスト: the mall's answer (here: it could not be reached).
    await page.click('#test-connection');
    await page.locator('#test-result').waitFor();
    await expect(page.locator('#test-result').getAttribute('data-ok')).resolves.toBe('false');
    await expect(page.locator('#test-result').textContent()).resolves.toContain('接続できませんでした');

    // 商品の対応: one row through the form…
    await page.goto(`${base}/channels/${id}/listings`);
    await page.locator('#listings-table').waitFor();
    await page.fill('#listing-form input[name=sku]', 'TOTE-NAT');
    await page.fill('#listing-form input[name=remoteId]', 'kura-tote');
    await page.fill('#listing-form input[name=remoteVariantId]', 'nat');
    await page.click('#listing-form button[type=submit]');
    await page.locator('#listing-saved').waitFor();
    await page.locator('#listings-table tr[data-sku="TOTE-NAT"]').waitFor();
    await expect(page.locator('#listings-table tr[data-sku="TOTE-NAT"]').textContent()).resolves.toContain('kura-tote');

    // …and more by CSV: a file with one bad line is refused as a whole, then imported without it.
    const dir = mkdtempSync(join(tmpdir(), 'kura-e2e-'));
    const csv = join(dir, 'listings.csv');
    writeFileSync(csv, 'SKU,商品ID,バリエーションID\r\nCAP-BLK,kura-cap,blk\r\nTS-WHT-M,,\r\n');
    await page.setInputFiles('#import-form input[type=file]', csv);
    await page.selectOption('#import-form select[name=encoding]', 'utf-8');
    await page.click('#import-form button[type=submit]');
    await page.locator('#import-result').waitFor();
    await expect(page.locator('#import-result').textContent()).resolves.toContain('何も取り込んでいません');
    await expect(page.locator('#import-problems').textContent()).resolves.toContain('商品IDがありません');
    await page.check('#import-form input[name=applyValid]');
    await page.click('#import-form button[type=submit]');
    await page.locator('#import-result', { hasText: '1件を取り込みました' }).waitFor();
    await page.locator('#listings-table tr[data-sku="CAP-BLK"]').waitFor();
    await expect(page.locator('#listings-table tbody tr').count()).resolves.toBe(2);
    const listed = (await (await page.request.get(`${base}/api/v1/channels/${id}/listings`)).json()) as { items: { sku: string; remoteId: string }[] };
    expect(listed.items.map((l) => l.sku).sort()).toEqual(['CAP-BLK', 'TOTE-NAT']);

    // SKU別在庫: what the store should show for each listed SKU.
    await page.goto(`${base}/channels/${id}/stock`);
    await page.locator('#store-stock-table tr[data-sku="TOTE-NAT"]').waitFor();
    const tote = (await (await page.request.get(`${base}/api/v1/stock/TOTE-NAT`)).json()) as { available: number };
    await expect(page.locator('#store-stock-table tr[data-sku="TOTE-NAT"] td.num strong').first().textContent()).resolves.toBe(String(tote.available));
    await page.check('#store-stock-filter input[name=drift]');
    await page.waitForURL(/drift=true/);
    await page.locator('#store-stock-table').waitFor();

    // 失敗キュー opens (empty or not, it is a table with its columns).
    await page.goto(`${base}/channels/${id}/dead-letters`);
    await page.locator('#dead-letters-table').waitFor();
    await expect(page.locator('#dead-letters-table thead').textContent()).resolves.toContain('試行回数');

    // The SKU page lists the store under 各店舗の在庫.
    await page.goto(`${base}/stock/sku/TOTE-NAT`);
    await page.locator(`#store-stock-table tr[data-channel="${id}"]`).waitFor();
    await expect(page.locator(`#store-stock-table tr[data-channel="${id}"]`).textContent()).resolves.toContain(name);

    // A viewer reads everything and changes nothing: no admin or operator controls anywhere.
    const viewerCtx = await contextFor(2);
    const viewer = await viewerCtx.newPage();
    await signIn(viewer, 'viewer', 'ReadOnlyView2026');
    await viewer.goto(`${base}/channels`);
    await viewer.locator(`#channels-table tr[data-channel="${id}"]`).waitFor();
    expect(await viewer.locator('#add-channel').count()).toBe(0);
    await viewer.goto(`${base}/channels/${id}`);
    await viewer.locator('#settings-readonly').waitFor();
    for (const sel of ['#channel-form', '#test-connection', '#delete-channel', '#sync-bar']) expect(await viewer.locator(sel).count(), sel).toBe(0);
    await viewer.goto(`${base}/channels/${id}/listings`);
    await viewer.locator('#listings-readonly').waitFor();
    for (const sel of ['#listing-form', '#import-form', '#listings-table button']) expect(await viewer.locator(sel).count(), sel).toBe(0);
    await viewer.goto(`${base}/channels/${id}/dead-letters`);
    await viewer.locator('#dead-letters-table').waitFor();
    expect(await viewer.locator('#dead-letters-table button').count()).toBe(0);
    await viewer.goto(`${base}/channels/new`);
    await viewer.locator('#admin-only').waitFor();
    await viewerCtx.close();

    // 削除, with its confirmation: the store leaves the list.
    await page.goto(`${base}/channels/${id}`);
    await page.click('#delete-channel-open');
    await page.click('#delete-channel-yes');
    await page.waitForURL(`${base}/channels?deleted=1`);
    expect(await page.locator(`#channels-table tr[data-channel="${id}"]`).count()).toBe(0);
    await admin.close();
  });
});
