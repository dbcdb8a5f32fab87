import { beforeAll, describe, expect, it } from 'vitest';
import { jstDate } from '../../worker/lib/time';
import type { Client } from '../helpers/client';
import { FAKE_CREDENTIALS } from '../helpers/channels';
import { fakeMall } from '../helpers/fakes';
import { enrolTotp } from '../helpers/mfa';
import { uniqueRange4 } from '../helpers/net';
import { createSku } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';
import { png } from '../shop/images';

/**
 * Nothing destructive happens on one click: every delete, revoke, disable and
 * reset sits in a confirmation dialog (components/kit/confirm-dialog.tsx)
 * that names what will be lost. Read from the pages as the server renders
 * them: the button that acts is inside a closed <dialog class="confirm-dialog">,
 * only the button that opens it (`${dialog}-open`) is on the page, and no
 * form outside a dialog holds a danger button.
 */

interface Asks {
  /** the dialog's id (its trigger is `${dialog}-open`) */
  dialog: string;
  /** the id of the submit button that does it, inside the dialog */
  submit: string;
  /** words the dialog must show (the title names what goes) */
  says: string;
}

const DIALOG = /<dialog\b[^>]*\bclass="confirm-dialog"[^>]*>[\s\S]*?<\/dialog>/g;

/** Fetches a page and checks that each destructive action on it asks first. */
const expectAsksFirst = async (client: Client, path: string, asks: Asks[]) => {
  const res = await client.fetch(path);
  expect(res.status, path).toBe(200);
  const html = await res.text();
  const dialogs: string[] = [];
  const outside = html.replace(DIALOG, (d) => {
    dialogs.push(d);
    return '';
  });
  for (const a of asks) {
    const box = dialogs.find((d) => d.includes(`id="${a.dialog}"`));
    expect(box, `${path}: no confirmation dialog #${a.dialog}`).toBeDefined();
    expect(box, `${path}: #${a.submit} is not inside its dialog #${a.dialog}`).toContain(`id="${a.submit}"`);
    expect(box, `${path}: the dialog #${a.dialog} holds no form posted with the page's CSRF token`).toMatch(/<form\b[^>]*method="post"[^>]*>[\s\S]*name="_csrf"[\s\S]*<\/form>/);
    expect(box, `${path}: the dialog #${a.dialog} does not say what will be lost`).toContain(a.says);
    expect(outside, `${path}: #${a.submit} acts without asking`).not.toContain(`id="${a.submit}"`);
    expect(outside, `${path}: nothing opens #${a.dialog}`).toContain(`id="${a.dialog}-open"`);
  }
  for (const [, form] of outside.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
    expect(form, `${path}: a form with a danger button outside any confirmation dialog`).not.toMatch(/\bbtn-danger\b/);
  }
  return html;
};

/** POSTs (or PUTs) over the API and answers the created thing's id. */
const created = async (client: Client, path: string, json: unknown, method = 'POST'): Promise<string> => {
  const res = await client.api(path, { method, json });
  expect([200, 201], `${method} ${path}: ${res.status} ${await res.clone().text()}`).toContain(res.status);
  return ((await res.json()) as { id: string }).id;
};

describe('destructive actions ask before they act', () => {
  let t: Tenant;
  let admin: Client;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }, { loginId: 'clerk', role: 'viewer' }] });
    admin = await signIn(t, 'admin');
  });

  it('deleting an order rule or a blacklist entry, and deleting a saved search (the × of its chip)', async () => {
    const rule = await created(admin, '/order-rules', { name: '沖縄は要確認', priority: 100, enabled: true, conditions: [{ field: 'prefecture', op: 'in', value: ['沖縄県'] }], actions: [{ type: 'flag', value: '要確認' }] });
    const black = await created(admin, '/blacklist', { kind: 'phone', value: '090-0000-1111' });
    await expectAsksFirst(admin, '/orders/rules', [
      { dialog: `delete-rule-${rule}`, submit: `delete-rule-${rule}-yes`, says: 'ルール「沖縄は要確認」を削除しますか' },
      { dialog: `delete-blacklist-${black}`, submit: `delete-blacklist-${black}-yes`, says: '「09000001111」を削除しますか' },
    ]);

    const search = await created(admin, '/saved-searches', { name: '未入金の受注', query: 'status=awaiting_payment' });
    await expectAsksFirst(admin, '/orders', [{ dialog: `delete-search-${search}`, submit: `delete-search-${search}-yes`, says: '保存した検索「未入金の受注」を削除しますか' }]);
  });

  it('disconnecting a store, and removing one of its listings', async () => {
    await createSku(admin, 'CONF-TOTE');
    const channel = await created(admin, '/channels', { type: 'rakuten', name: '楽天 確認店', endpoint: fakeMall('rakuten').endpoint, credentials: { ...FAKE_CREDENTIALS.rakuten } });
    await expectAsksFirst(admin, `/channels/${channel}`, [{ dialog: 'delete-channel', submit: 'delete-channel-yes', says: '店舗「楽天 確認店」の接続を削除しますか' }]);

    const put = await admin.api(`/channels/${channel}/listings`, { method: 'PUT', json: { items: [{ sku: 'CONF-TOTE', remoteId: 'kura-conf-tote' }] } });
    expect(put.status, await put.clone().text()).toBe(200);
    await expectAsksFirst(admin, `/channels/${channel}/listings`, [{ dialog: 'remove-listing-CONF-TOTE', submit: 'remove-listing-CONF-TOTE-yes', says: 'SKU「CONF-TOTE」' }]);
  });

  it('revoking an API token', async () => {
    const token = await created(admin, '/api-tokens', { name: '受注連携', scopes: ['orders:read'] });
    await expectAsksFirst(admin, '/settings/api-tokens', [{ dialog: `revoke-token-${token}`, submit: `revoke-token-${token}-yes`, says: 'APIトークン「受注連携」を失効させますか' }]);
  });

  it('disabling a user and resetting their password', async () => {
    const staff = t.users.staff;
    const name = `${staff.role} ${staff.loginId}`; // as createTenant names its users
    const html = await expectAsksFirst(admin, `/settings/users/${staff.id}`, [
      { dialog: 'disable-user', submit: 'toggle-status', says: `ユーザー「${name}」を無効にしますか` },
      { dialog: 'reset-user-password', submit: 'reset-user-password-yes', says: `ユーザー「${name}」のパスワードを再設定しますか` },
    ]);
    // the new password is typed in the dialog, beside the button that sets it
    const reset = /<dialog\b[^>]*id="reset-user-password"[\s\S]*?<\/dialog>/.exec(html)?.[0] ?? '';
    expect(reset).toMatch(/<input\b[^>]*name="password"/);
  });

  it('deleting a country exception', async () => {
    const day = (d: number) => jstDate(Date.now() + d * 86_400_000);
    const exception = await created(admin, '/settings/country-exceptions', { country: 'US', from: day(1), to: day(2), cidrs: [uniqueRange4().cidr] });
    await expectAsksFirst(admin, '/settings/security', [{ dialog: `delete-exception-${exception}`, submit: `delete-exception-${exception}-yes`, says: 'US からのアクセスの例外' }]);
  });

  it('removing the shop logo', async () => {
    const res = await admin.api('/settings/shop/logo', { method: 'PUT', body: png(), headers: { 'content-type': 'image/png' } });
    expect(res.status, await res.clone().text()).toBe(200);
    await expectAsksFirst(admin, '/settings/shop', [{ dialog: 'delete-logo', submit: 'logo-delete', says: 'ロゴを削除しますか' }]);
  });

  it('deleting a SKU', async () => {
    await createSku(admin, 'CONF-MUG');
    await expectAsksFirst(admin, '/stock/sku/CONF-MUG', [{ dialog: 'delete-sku', submit: 'delete-sku-yes', says: 'SKU「CONF-MUG」を削除しますか' }]);
  });

  it('turning off two-factor authentication, with the current password typed in the dialog', async () => {
    const clerk = await signIn(t, 'clerk');
    await enrolTotp(clerk);
    const html = await expectAsksFirst(clerk, '/account', [{ dialog: 'disable-totp', submit: 'disable-totp-yes', says: '二要素認証を無効にしますか' }]);
    const box = /<dialog\b[^>]*id="disable-totp"[\s\S]*?<\/dialog>/.exec(html)?.[0] ?? '';
    expect(box).toMatch(/<input\b[^>]*name="currentPassword"/);
  });

  it('suspending a customer account (platform)', async () => {
    const platform = await createTenant({ isPlatform: true });
    const root = await signIn(platform, 'admin');
    await expectAsksFirst(root, '/platform', [{ dialog: `suspend-account-${t.code}`, submit: `suspend-account-${t.code}-yes`, says: `アカウント「${t.code}」を停止しますか` }]);
  });
});
