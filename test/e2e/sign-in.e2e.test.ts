import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { useChromium } from './browser';

const base = inject('baseURL');
const chromium = useChromium();

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
    const page = await chromium().newPage({ locale: 'ja-JP' });

    // Sign in with the seeded demo admin: lands on the Japanese dashboard.
    await signIn(page, 'demo', 'admin', 'DemoPassword2026');
    // Qwik navigates client-side: the URL changes before the new page is drawn, so wait for the page itself.
    await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
    expect(page.url()).toBe(`${base}/`);

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
    await page.locator('#login-form').waitFor();
    await signIn(page, 'demo', 'admin', 'DemoPassword2026');
    await page.locator('#mfa-form').waitFor();
    // The enrolment used the current step; a code is never accepted twice, so use the next step's (±1 window).
    await page.fill('#mfa-form input[name=code]', totpCode(uri, 1));
    await page.click('#mfa-form button[type=submit]');
    await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
    await expect(page.locator('#mfa-nudge').count()).resolves.toBe(0);

    // Create a user from 設定 → ユーザー: the new row appears in the table.
    await page.goto(`${base}/settings/users`);
    const form = page.locator('#create-user-form');
    await form.locator('input[name=loginId]').fill('e2e-staff');
    await form.locator('input[name=name]').fill('出荷 担当');
    await form.locator('input[name=email]').fill('staff@demo.example');
    await form.locator('select[name=role]').selectOption('operator');
    await form.locator('input[name=password]').fill('short');
    await form.locator('button[type=submit]').click();
    // The browser's own minLength check or the server's policy message stops a weak password.
    await form.locator('input[name=password]').fill('Shipping-Desk-2026');
    await form.locator('button[type=submit]').click();
    await page.locator('#user-created').waitFor();
    await page.locator('#users-table tr[data-login-id="e2e-staff"]').waitFor();

    // Set an IP allowlist that includes this browser's address (127.0.0.1 locally) and IPv6 loopback.
    await page.goto(`${base}/settings/security`);
    await page.fill('#security-form textarea[name=ipAllowlist]', '127.0.0.1/32\n::1/128');
    await page.click('#security-form button[type=submit]');
    await page.locator('#security-saved').waitFor();
    await page.reload();
    await expect(page.locator('#security-form textarea[name=ipAllowlist]').inputValue()).resolves.toContain('127.0.0.1/32');

    // From an address outside the allowlist the same admin cannot sign in (locally the address comes from CF-Connecting-IP).
    const outside = await chromium().newContext({ extraHTTPHeaders: { 'cf-connecting-ip': '203.0.113.9' } });
    const other = await outside.newPage();
    await signIn(other, 'demo', 'admin', 'DemoPassword2026');
    await other.locator('#login-form [role=alert]').waitFor();
    await expect(other.locator('#login-form [role=alert]').textContent()).resolves.toMatch(/接続元からのログインが制限/);
    await outside.close();

    // Sign out: the session is gone on the server, so the app sends us back to the login page.
    await page.click('#logout');
    await page.locator('#login-form').waitFor();
    await page.goto(`${base}/account`);
    expect(page.url()).toBe(`${base}/login?next=%2Faccount`);
    await page.close();
  });
  it('after signing in from a crafted link (/login?next=/%09/evil.example/x) stays on Kura', async () => {
    const context = await chromium().newContext();
    const page = await context.newPage();
    const left: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) left.push(r.url());
    });
    await page.goto(`${base}/login?next=/%09/evil.example/x`);
    await page.fill('input[name=account]', 'demo');
    await page.fill('input[name=loginId]', 'operator');
    await page.fill('input[name=password]', 'ShelfKeeper2026');
    await page.click('#login-form button[type=submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    expect(new URL(page.url()).origin).toBe(new URL(base).origin);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(left).toEqual([]);
    await context.close();
  });
});
