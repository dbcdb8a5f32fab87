import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, type Client } from '../helpers/client';
import { FAKE_CREDENTIALS } from '../helpers/channels';
import { fakeMall } from '../helpers/fakes';
import { createSku, importOrder, orderBody } from '../helpers/orders';
import { createTenant, signIn } from '../helpers/tenant';
import { defaultPermissions } from '../../worker/users/permissions';

/**
 * The 自動処理ルール page as the server renders it (it reads the built web
 * app: `npm run build:web` first): the list says every condition in words (a
 * store by its name, never its id), each rule switches on and off and moves up
 * and down with one click, the editor offers only lists and checkboxes with
 * labels and opens prefilled for a rule, and 「今すぐ実行」 answers with the
 * orders it changed, by number, linked, in the reader's language.
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
/** The <select name=…> and its options. */
const selectOf = (html: string, name: string) => new RegExp(`<select\\b[^>]*\\bname="${name}"[^>]*>[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
/** The option tags of a select, as [value, label, selected]. */
const optionsOf = (select: string) => [...select.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map(([, attrs, label]) => [/value="([^"]*)"/.exec(attrs)?.[1] ?? '', label.replace(/<!--[\s\S]*?-->/g, '').trim(), /\bselected\b/.test(attrs)] as const);
/** Visible text: tags and Qwik's comments gone. */
const textOf = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ');

describe('the rules page', () => {
  let op: Client;
  let channelId: string;
  let ruleId: string;
  let offId: string;

  beforeAll(async () => {
    const t = await createTenant({ users: [{ loginId: 'op', role: 'operator', permissions: [...defaultPermissions('operator'), 'rules'] }] });
    const admin = await signIn(t, 'admin');
    op = await signIn(t, 'op');
    const ch = await admin.api('/channels', { json: { type: 'rakuten', name: '楽天 本店', endpoint: fakeMall('rakuten').endpoint, credentials: { ...FAKE_CREDENTIALS.rakuten } } });
    expect(ch.status, await ch.clone().text()).toBe(201);
    channelId = ((await ch.json()) as { id: string }).id;
    await createSku(op, 'RP-TOTE', 20);
    const rule = await op.api('/order-rules', {
      json: {
        name: '楽天の高額は保留',
        conditions: [
          { field: 'channelId', op: 'eq', value: channelId },
          { field: 'paymentMethod', op: 'eq', value: 'cod' },
          { field: 'total', op: 'gte', value: 10_000 },
          { field: 'prefecture', op: 'in', value: ['沖縄県', '北海道'] },
          { field: 'sku', op: 'contains', value: 'RP-TOTE' },
          { field: 'flag', op: 'has', value: 'repeat' },
          { field: 'shippingMethod', op: 'eq', value: 'nekopos' },
        ],
        actions: [
          { type: 'status', value: 'on_hold' },
          { type: 'flag', value: '要確認' },
          { type: 'carrier', value: 'sagawa' },
          { type: 'shippingMethod', value: 'compact' },
        ],
      },
    });
    expect(rule.status, await rule.clone().text()).toBe(201);
    ruleId = ((await rule.json()) as { id: string }).id;
    const off = await op.api('/order-rules', { json: { name: '閉店したストア', enabled: false, conditions: [{ field: 'channelId', op: 'eq', value: 'gone-store-7' }], actions: [{ type: 'flag', value: '旧店舗' }] } });
    expect(off.status).toBe(201);
    offId = ((await off.json()) as { id: string }).id;
  });

  it('lists each rule in words: the store by its name, no store id anywhere in the list', async () => {
    const html = await page(op, '/orders/rules');
    const table = elementOf(html, 'table', 'rules-table');
    expect(table).not.toBe('');
    const text = textOf(table);
    for (const words of ['楽天の高額は保留', 'ストア: 楽天 本店', '支払い方法: 代金引換', '¥10,000 以上', '沖縄県・北海道', '商品「RP-TOTE」を含む', 'フラグ「リピーター」あり', '配送方法: ネコポス', 'ステータスを「保留」へ', 'フラグ「要確認」を付ける', '配送業者を佐川急便に', '配送方法を宅急便コンパクトに']) {
      expect(text, words).toContain(words);
    }
    expect(text).toContain('接続されていないストア');
    expect(table).not.toContain(channelId);
    expect(table).not.toContain('gone-store-7');
  });

  it('switches a rule with one button (no dialog) and moves it with up and down buttons', async () => {
    const html = await page(op, '/orders/rules');
    const on = new RegExp(`<button\\b[^>]*id="toggle-rule-${ruleId}"[^>]*>`).exec(html)?.[0] ?? '';
    expect(on).toMatch(/role="switch"/);
    expect(on).toMatch(/aria-checked="true"/);
    expect(new RegExp(`<button\\b[^>]*id="toggle-rule-${offId}"[^>]*>`).exec(html)?.[0]).toMatch(/aria-checked="false"/);
    // the switch is a plain form of its own, not inside a confirmation dialog
    const dialogs = html.match(/<dialog\b[\s\S]*?<\/dialog>/g) ?? [];
    expect(dialogs.some((d) => d.includes(`toggle-rule-${ruleId}`))).toBe(false);
    expect(new RegExp(`<button\\b[^>]*id="up-rule-${ruleId}"[^>]*>`).exec(html)?.[0]).toMatch(/disabled/);
    expect(new RegExp(`<button\\b[^>]*id="down-rule-${ruleId}"[^>]*>`).exec(html)?.[0]).not.toMatch(/disabled/);
    expect(new RegExp(`<button\\b[^>]*id="down-rule-${offId}"[^>]*>`).exec(html)?.[0]).toMatch(/disabled/);
    // deleting still asks first
    expect(html).toContain(`id="delete-rule-${ruleId}-open"`);
  });

  it('the editor offers lists and labelled checkboxes only: stores by name with 手入力, payment and shipping methods, 47 prefectures, flags', async () => {
    const html = await page(op, '/orders/rules');
    const form = elementOf(html, 'form', 'rule-form');
    expect(form).not.toBe('');
    const stores = optionsOf(selectOf(form, 'channelId'));
    expect(stores).toContainEqual(['manual', '手入力(電話・FAXなど)', false]);
    expect(stores).toContainEqual([channelId, '楽天 本店', false]);
    expect(stores.every(([value, label]) => label !== value || value === '')).toBe(true);
    expect(optionsOf(selectOf(form, 'paymentMethod'))).toContainEqual(['cod', '代金引換', false]);
    expect(optionsOf(selectOf(form, 'shippingMethod'))).toContainEqual(['nekopos', 'ネコポス', false]);
    expect(optionsOf(selectOf(form, 'actStatus'))).toContainEqual(['on_hold', '保留', false]);
    expect(optionsOf(selectOf(form, 'actCarrier'))).toContainEqual(['sagawa', '佐川急便', false]);
    expect(optionsOf(selectOf(form, 'actShippingMethod'))).toContainEqual(['compact', '宅急便コンパクト', false]);
    const prefectures = [...form.matchAll(/<label\b[^>]*>\s*<input\b(?=[^>]*name="prefecture\[\]")[^>]*value="([^"]+)"[^>]*>([\s\S]*?)<\/label>/g)];
    expect(prefectures).toHaveLength(47);
    expect(prefectures.every(([, value, label]) => textOf(label).includes(value))).toBe(true);
    const flags = [...form.matchAll(/<label\b[^>]*>\s*<input\b(?=[^>]*name="hasFlag\[\]")[^>]*value="([^"]+)"[^>]*>([\s\S]*?)<\/label>/g)].map(([, v, label]) => [v, textOf(label).trim()]);
    expect(flags).toEqual(expect.arrayContaining([['blacklist', 'ブラックリスト'], ['repeat', 'リピーター'], ['要確認', '要確認']]));
    // nothing typed as an id: no text field for a store, a payment code or a prefecture
    for (const name of ['channelId', 'paymentMethod', 'prefecture', 'hasFlag', 'actStatus', 'actCarrier']) expect(form).not.toMatch(new RegExp(`<input\\b[^>]*name="${name}"`));
    expect(form).toContain('id="rule-sku-search"');
  });

  it('opens a rule prefilled for editing', async () => {
    const html = await page(op, `/orders/rules?edit=${ruleId}`);
    const form = elementOf(html, 'form', 'rule-form');
    expect(form).toMatch(new RegExp(`<input\\b(?=[^>]*name="id")[^>]*value="${ruleId}"`));
    expect(form).toMatch(/<input\b(?=[^>]*name="name")(?=[^>]*value="楽天の高額は保留")/);
    expect(optionsOf(selectOf(form, 'channelId'))).toContainEqual([channelId, '楽天 本店', true]);
    expect(optionsOf(selectOf(form, 'paymentMethod'))).toContainEqual(['cod', '代金引換', true]);
    expect(optionsOf(selectOf(form, 'actStatus'))).toContainEqual(['on_hold', '保留', true]);
    expect(form).toMatch(/<input\b(?=[^>]*name="prefecture\[\]")(?=[^>]*value="沖縄県")(?=[^>]*checked)/);
    expect(form).not.toMatch(/<input\b(?=[^>]*name="prefecture\[\]")(?=[^>]*value="東京都")(?=[^>]*checked)/);
    expect(form).toMatch(/<input\b(?=[^>]*name="sku\[\]")(?=[^>]*value="RP-TOTE")/);
    expect(form).toMatch(/<input\b(?=[^>]*name="totalMin")(?=[^>]*value="10000")/);
    expect(form).toMatch(/<input\b(?=[^>]*name="actFlag\[\]")(?=[^>]*value="要確認")(?=[^>]*checked)/);
    // a rule of a store no longer connected keeps its store, named as such
    const off = elementOf(await page(op, `/orders/rules?edit=${offId}`), 'form', 'rule-form');
    expect(optionsOf(selectOf(off, 'channelId'))).toContainEqual(['gone-store-7', '接続されていないストア', true]);
  });

  it('in English, the list and the editor speak English', async () => {
    const html = await page(op, '/orders/rules', 'en');
    const text = textOf(elementOf(html, 'table', 'rules-table'));
    for (const words of ['Store: 楽天 本店', 'Payment: Cash on delivery', 'Prefecture: Okinawa, Hokkaido', 'Move to “On hold”', 'Ship with Sagawa']) expect(text, words).toContain(words);
    expect(optionsOf(selectOf(elementOf(html, 'form', 'rule-form'), 'actStatus'))).toContainEqual(['on_hold', 'On hold', false]);
  });

  it('「今すぐ実行」 lists the orders it changed by number, linked, in the reader’s language', async () => {
    // an order every switched-on rule condition fits: 楽天 本店, 代引, ≥ ¥10,000, 北海道, RP-TOTE, a repeat buyer, ネコポス
    const phone = '080-3333-0101';
    const body = (externalId: string) => {
      const b = orderBody({ externalId, channelId, phone, payment: { method: 'cod', paid: false }, lines: [{ sku: 'RP-TOTE', quantity: 1, unitPrice: 12_000 }] });
      return { ...b, shipping: { ...b.shipping, method: 'nekopos' } };
    };
    // the rule runs on import too: switch it off while the orders arrive, so 今すぐ実行 has work to do
    expect((await op.api(`/order-rules/${ruleId}`, { method: 'PATCH', json: { enabled: false } })).status).toBe(200);
    await importOrder(op, body('RP-RUN-1'));
    const second = (await importOrder(op, body('RP-RUN-2'))).order;
    expect(second.flags).toContain('repeat');
    expect(second.status).toBe('new');
    expect((await op.api(`/order-rules/${ruleId}`, { method: 'PATCH', json: { enabled: true } })).status).toBe(200);

    const html = await page(op, '/orders/rules', 'en');
    const dialog = elementOf(html, 'dialog', 'run-rules');
    const action = /<form\b[^>]*action="([^"]+)"/.exec(dialog)?.[1]?.replace(/&amp;/g, '&');
    const csrf = /<input\b(?=[^>]*name="_csrf")[^>]*value="([^"]+)"/.exec(dialog)?.[1];
    expect(action && csrf).toBeTruthy();
    const res = await op.fetch(`/orders/rules${action!.replace(/^[^?]*/, '')}`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf! }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${SESSION_COOKIE}=${op.cookie}; kura_lang=en` },
    });
    const after = await res.text();
    expect(res.status, after.slice(0, 300)).toBe(200);
    expect(after).not.toMatch(/Internal Server Error|QWIK ERROR/);
    const result = elementOf(after, 'section', 'run-result');
    const link = new RegExp(`<a\\b[^>]*href="/orders/${second.id}"[^>]*>([\\s\\S]*?)</a>`).exec(result);
    expect(link, 'the order number links to the order').not.toBeNull();
    expect(textOf(link![1]).trim()).toBe(second.number);
    const text = textOf(result);
    for (const words of ['Status: New → On hold', 'Flag “要確認” added', 'Carrier: not set → Sagawa', 'Shipping method: Nekopos → TA-Q-BIN Compact', '楽天の高額は保留']) expect(text, words).toContain(words);
  });
});
