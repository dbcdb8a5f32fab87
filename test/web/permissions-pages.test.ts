import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, type Client } from '../helpers/client';
import { createSku } from '../helpers/orders';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';
import { PERMISSIONS, defaultPermissions } from '../../worker/users/permissions';

/**
 * 権限 in the web app, as the server renders it (it reads the built web app:
 * `npm run build:web` first): the user page's 「権限」 section, a checkbox per
 * permission with its name and one line, fixed for an admin; the users list's
 * summary; the stock pages offering only what the user may do (GET /me).
 */
const page = async (c: Client, path: string, lang?: 'en') => {
  const res = await c.fetch(path, lang ? { headers: { cookie: `${SESSION_COOKIE}=${c.cookie}; kura_lang=${lang}` } } : {});
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(200);
  expect(html).not.toMatch(/Internal Server Error|QWIK ERROR/);
  expect(html.trimEnd().endsWith('</html>'), `${path} is rendered to the end`).toBe(true);
  return html;
};

/** The element with this id, up to its closing tag (no nesting of the same tag inside). */
const elementOf = (html: string, tag: string, id: string) => new RegExp(`<${tag}\\b[^>]*\\bid="${id}"[^>]*>[\\s\\S]*?</${tag}>`).exec(html)?.[0] ?? '';
/** The checkbox of one permission inside a piece of HTML (its opening tag). */
const boxOf = (html: string, p: string) => new RegExp(`<input\\b[^>]*\\bvalue="${p}"[^>]*>`).exec(html)?.[0] ?? '';
const textOf = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ');

describe('権限 pages', () => {
  let t: Tenant;
  let admin: Client;
  let packer: Client;
  let op: Client;

  beforeAll(async () => {
    t = await createTenant({
      users: [
        { loginId: 'op', role: 'operator' },
        // a part-time packer: ships orders, no stock adjustment, no export, no buyers' details
        { loginId: 'packer', role: 'operator', permissions: ['csv_import'] },
      ],
    });
    admin = await signIn(t, 'admin');
    op = await signIn(t, 'op');
    packer = await signIn(t, 'packer');
    await createSku(admin, 'PERM-PAGE', 5);
  });

  it('the user page has a 「権限」 section: a checkbox per permission with its name and one line, checked as the user holds them', async () => {
    const html = await page(admin, `/settings/users/${t.users.op.id}`);
    const section = elementOf(html, 'section', 'user-permissions');
    expect(section).toContain('権限');
    const form = elementOf(html, 'form', 'permissions-form');
    expect(form).toMatch(/\bmethod="post"/i);
    expect(form).toContain('name="_csrf"');
    for (const p of PERMISSIONS) {
      const box = boxOf(form, p);
      expect(box, p).toContain('name="permissions[]"');
      expect(/\bchecked\b/.test(box), p).toBe(defaultPermissions('operator').includes(p));
      expect(/\bdisabled\b/.test(box), p).toBe(false);
    }
    const text = textOf(section);
    for (const name of ['在庫調整', 'CSV取込', 'CSV出力', '購入者の個人情報', '自動処理ルールの変更', 'チャネル設定']) expect(text).toContain(name);
    expect(text).toContain('在庫数の調整と棚卸を行えます。');
    expect(html).toContain('id="save-permissions"');
  });

  it('for an admin every box is checked and fixed, with a note, and there is nothing to save', async () => {
    const html = await page(admin, `/settings/users/${t.admin.id}`);
    const fixed = elementOf(html, 'fieldset', 'permissions-fixed');
    expect(fixed).toMatch(/<fieldset\b[^>]*\bdisabled\b/);
    for (const p of PERMISSIONS) {
      const box = boxOf(fixed, p);
      expect(box, p).toMatch(/\bchecked\b/);
      expect(box, p).toMatch(/\bdisabled\b/);
    }
    expect(textOf(elementOf(html, 'p', 'permissions-admin-note'))).toContain('管理者はすべての権限を持ちます');
    expect(html).not.toContain('id="permissions-form"');
    expect(html).not.toContain('id="save-permissions"');
  });

  it('in English too', async () => {
    const html = await page(admin, `/settings/users/${t.users.op.id}`, 'en');
    const text = textOf(elementOf(html, 'section', 'user-permissions'));
    for (const name of ['Permissions', 'Stock adjustment', 'CSV import', 'CSV export', 'Buyers’ personal data', 'Changing automation rules', 'Channel settings']) expect(text).toContain(name);
  });

  it('the users list sums each user’s permissions up', async () => {
    const html = await page(admin, '/settings/users');
    const row = (loginId: string) => new RegExp(`<tr\\b[^>]*data-login-id="${loginId}"[^>]*>[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
    expect(textOf(row('admin'))).toContain('すべて');
    expect(row('op')).toContain('data-permissions="stock_adjust csv_import export personal_data"');
    expect(textOf(row('op'))).toContain('個人情報');
    expect(row('packer')).toContain('data-permissions="csv_import"');
    expect(textOf(row('packer'))).not.toContain('個人情報');
  });

  it('the stock pages offer adjustment, import and export only to who may use them', async () => {
    const full = await page(op, '/stock');
    for (const id of ['stock-adjust-link', 'stock-import-link', 'stock-export-link']) expect(full, id).toContain(`id="${id}"`);
    const sku = await page(op, '/stock/sku/PERM-PAGE');
    for (const id of ['sku-adjust-link', 'ledger-csv-link']) expect(sku, id).toContain(`id="${id}"`);

    const limited = await page(packer, '/stock');
    for (const id of ['stock-adjust-link', 'stock-import-link', 'stock-export-link']) expect(limited, id).not.toContain(`id="${id}"`);
    expect(limited).not.toContain('/api/v1/stock/export');
    const limitedSku = await page(packer, '/stock/sku/PERM-PAGE');
    for (const id of ['sku-adjust-link', 'ledger-csv-link']) expect(limitedSku, id).not.toContain(`id="${id}"`);
    expect(limitedSku).not.toContain('ledger?format=csv');
  });
});
