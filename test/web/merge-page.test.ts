import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, type Client } from '../helpers/client';
import { createSku, getOrder, importOrder, orderBody } from '../helpers/orders';
import { createTenant, signIn } from '../helpers/tenant';

/**
 * The 同梱候補 page as the server renders it (it reads the built web app:
 * `npm run build:web` first): each group of orders for one customer and
 * address, by K-number with the store, the store order number, the customer,
 * the address and the total; a 「同梱する」 button that opens a dialog with the
 * form; the merge itself through that form, answered with a link to the
 * parent; a group that cannot merge says why; a viewer only looks.
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
/** The opening tag of the element with this id. */
const tagOf = (html: string, id: string) => new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
/** Visible text: tags and Qwik's comments gone, the yen sign in one form (ICU writes the full-width ￥ for ja-JP). */
const textOf = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/￥/g, '¥');

describe('the 同梱候補 page', () => {
  let op: Client;
  let viewer: Client;
  let a: { id: string; number: string; externalId: string };
  let b: { id: string; number: string; externalId: string };
  let elsewhere: { id: string; number: string };
  let x1: { id: string; number: string };
  let x2: { id: string; number: string };

  beforeAll(async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }, { loginId: 'viewer', role: 'viewer' }] });
    op = await signIn(t, 'op');
    viewer = await signIn(t, 'viewer');
    await createSku(op, 'MP-CUP', 50);
    const body = (externalId: string, o: { phone?: string; name?: string; carrier?: string } = {}) =>
      orderBody({ externalId, phone: o.phone ?? '011-333-0001', customerName: o.name ?? '同梱 太郎', lines: [{ sku: 'MP-CUP', quantity: 1, unitPrice: 1200 }] });
    a = (await importOrder(op, body('MP-STORE-1'))).order;
    b = (await importOrder(op, body('MP-STORE-2'))).order;
    const far = body('MP-STORE-3');
    elsewhere = (await importOrder(op, { ...far, shipTo: { ...far.shipTo, address1: '南9条西9-9' } })).order;
    // a second buyer whose two orders name different carriers: listed, but cannot merge
    x1 = (await importOrder(op, body('MP-STORE-4', { phone: '011-333-0002', name: '配送 花子' }))).order;
    x2 = (await importOrder(op, body('MP-STORE-5', { phone: '011-333-0002', name: '配送 花子' }))).order;
    expect((await op.api(`/orders/bulk`, { json: { action: 'carrier', ids: [x1.id], carrier: 'yamato' } })).status).toBe(200);
    expect((await op.api(`/orders/bulk`, { json: { action: 'carrier', ids: [x2.id], carrier: 'sagawa' } })).status).toBe(200);
  });

  it('lists a group by K-number with store, store order number, customer, address and total, and a 「同梱する」 button that asks first', async () => {
    const html = await page(op, '/orders/merge');
    const group = elementOf(html, 'section', `merge-group-${a.id}`);
    expect(group, 'the group of the first order').not.toBe('');
    expect(group).toContain('data-can-merge="true"');
    const text = textOf(group);
    for (const s of [a.number, b.number, 'MP-STORE-1', 'MP-STORE-2', '手入力', '同梱 太郎', '北海道', '¥1,200', '親', '子']) expect(text, s).toContain(s);
    expect(group).toContain(`href="/orders/${a.id}"`);
    expect(text).not.toContain(elsewhere.number);
    const open = tagOf(html, `merge-${a.id}-open`);
    expect(open).toContain('同梱する');
    expect(open).not.toMatch(/\bdisabled\b/);
    const dialog = elementOf(html, 'dialog', `merge-${a.id}`);
    expect(dialog).toMatch(/<form\b/);
    expect(dialog).toContain(`value="${b.id}"`);
    expect(textOf(dialog)).toContain(`${a.number} に同梱しますか`);
  });

  it('says why a group cannot merge and offers no button for it', async () => {
    const html = await page(op, '/orders/merge');
    const group = elementOf(html, 'section', `merge-group-${x1.id}`);
    expect(group).toContain('data-can-merge="false"');
    expect(textOf(group)).toContain(`${x2.number} は配送会社が異なります`);
    expect(tagOf(html, `merge-${x1.id}-open`)).toMatch(/\bdisabled\b/);
  });

  it('speaks English when the reader chose it', async () => {
    const html = await page(op, '/orders/merge', 'en');
    const text = textOf(html);
    for (const s of ['Orders to merge', 'Store order no.', 'Manual entry', 'Main', 'ships with another carrier']) expect(text, s).toContain(s);
    expect(text).not.toContain('同梱する');
  });

  it('a viewer sees the groups, and no button that works', async () => {
    const html = await page(viewer, '/orders/merge');
    expect(textOf(html)).toContain('閲覧のみの権限では同梱できません');
    expect(tagOf(html, `merge-${a.id}-open`)).toMatch(/\bdisabled\b/);
  });

  it('merges through the dialog’s form and answers with a link to the parent; the group is gone', async () => {
    const html = await page(op, '/orders/merge');
    const dialog = elementOf(html, 'dialog', `merge-${a.id}`);
    const action = /<form\b[^>]*action="([^"]+)"/.exec(dialog)?.[1]?.replace(/&amp;/g, '&');
    // Qwik may write value= before or after name=: read the whole tag, then its value
    const field = (name: string) => /\bvalue="([^"]*)"/.exec(new RegExp(`<input\\b[^>]*\\bname="${name}"[^>]*>`).exec(dialog)?.[0] ?? '')?.[1];
    expect(action && field('_csrf')).toBeTruthy();
    const res = await op.fetch(`/orders/merge${action!.replace(/^[^?]*/, '')}`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: field('_csrf')!, parentId: field('parentId')!, childIds: field('childIds')! }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${SESSION_COOKIE}=${op.cookie}` },
    });
    const after = await res.text();
    expect(res.status, after.slice(0, 300)).toBe(200);
    expect(after).not.toMatch(/Internal Server Error|QWIK ERROR/);
    const done = elementOf(after, 'p', 'merge-done');
    expect(textOf(done)).toContain(`${b.number} を ${a.number} に同梱しました`);
    expect(done).toContain(`href="/orders/${a.id}"`);
    expect(elementOf(after, 'section', `merge-group-${a.id}`)).toBe('');
    expect((await getOrder(op, b.id)).status).toBe('merged');
  });
});
