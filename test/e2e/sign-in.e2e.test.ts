import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { launchChromium } from './browser';

const base = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const signIn = async (page: Page, account: string, loginId: string, password: string) => {
  await page.goto(`${base}/login`);
  await page.fill('input[name=account]', account);
  await page.fill('input[name=loginId]', loginId);
  await page.fill('input[name=password]', password);
  await page.click('#login-form button[type=submit]');
};

/** The code an authenticator app shows `offsetSteps` 30-second steps from now. */
const totpCode = (uri: string, offsetSteps = 0) => {
  const secret = Secret.fromBase32(new URL(uri).searchParams.get('secret')!);
  return TOTP.generate({ secret, timestamp: Date.now() + offsetSteps * 30_000 });
};

describe('an admin in Chromium', () => {
  it('enrols TOTP, signs in with it, creates a user, sets an IP allowlist and signs out', async () => {
    const page = await browser.newPage({ locale: 'ja-JP' });

    // Sign in with the seeded demo admin: lands on the Japanese dashboard.
    await signIn(page, 'demo', 'admin', 'DemoPassword2026');
    await page.waitForURL(`${base}/`);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('ダッシュボード');

    // Enrol TOTP from the account page: QR code, then a current code, then recovery codes.
    await page.goto(`${base}/account`);
    await page.click('#totp-start');
    await page.locator('.qr svg').waitFor();
    const uri = (await page.locator('#otpauth-uri').textContent())!.trim();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    await page.fill('#totp-confirm input[name=code]', totpCode(uri));
    await page.click('#totp-confirm button[type=submit]');
    await page.locator('#recovery-codes').waitFor();
    expect((await page.locator('#recovery-codes').textContent())!.trim().split('\n')).toHaveLength(10);

    // Sign out, then sign in again: the second step asks for the app's code.
    await page.click('#logout');
    await page.waitForURL(/\/login/);
    await signIn(page, 'demo', 'admin', 'DemoPassword2026');
    await page.locator('#mfa-form').waitFor();
    // The enrolment used the current step; a code is never accepted twice, so use the next step's (±1 window).
    await page.fill('#mfa-form input[name=code]', totpCode(uri, 1));
    await page.click('#mfa-form button[type=submit]');
    await page.waitForURL(`${base}/`);
    await expect(page.locator('#mfa-nudge').count()).resolves.toBe(0);

    // Sign out: the session is gone on the server, so the app sends us back to the login page.
    await page.click('#logout');
    await page.waitForURL(/\/login/);
    await page.goto(`${base}/account`);
    expect(page.url()).toBe(`${base}/login?next=%2Faccount`);
    await page.close();
  });
});
