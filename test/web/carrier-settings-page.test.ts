import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, type Client } from '../helpers/client';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

/**
 * 設定 → 配送会社 as the server renders it (it reads the built web app:
 * `npm run build:web` first): one card per carrier with the saved values
 * (normalised by the API), the shop profile named where a shipper field is
 * blank, what the pre-export check would still refuse, in Japanese or English;
 * non-admins see the settings refusal.
 */

const page = async (c: Client, path: string, lang?: 'en') => {
  const res = await c.fetch(path, lang ? { headers: { cookie: `${SESSION_COOKIE}=${c.cookie}; kura_lang=${lang}` } } : {});
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(200);
  expect(html).not.toMatch(/Internal Server Error|QWIK ERROR/);
  expect(html.trimEnd().endsWith('</html>'), `${path} is rendered to the end`).toBe(true);
  return html;
};

/** The markup of one carrier's card. */
const card = (html: string, carrier: string) => {
  const m = new RegExp(`<section\\b[^>]*id="carrier-${carrier}"[\\s\\S]*?</section>`).exec(html);
  expect(m, `card ${carrier}`).not.toBeNull();
  return m![0];
};

describe('the carrier settings page', () => {
  let t: Tenant;
  let admin: Client;

  beforeAll(async () => {
    t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
    admin = await signIn(t, 'admin');
    expect((await admin.api('/settings/shop', { method: 'PUT', json: { name: '蔵ショップ', phone: '011-222-3333' } })).status).toBe(200);
    const saved = await admin.api('/carriers/yamato/settings', {
      method: 'PUT',
      json: {
        shipper: { name: '蔵ストア', postalCode: '〒１５０ー０００１', address: '東京都渋谷区神宮前1-2-3', phone: '０３－１２３４－５６７８' },
        contract: { customerCode: '０３１２３４５６７８', freightNumber: '01' },
      },
    });
    expect(saved.status).toBe(200);
  });

  it('shows a card per carrier with the saved, half-width values and what is still missing', async () => {
    const html = await page(admin, '/settings/carriers');
    const yamato = card(html, 'yamato');
    expect(yamato).toContain('value="0312345678"');
    expect(yamato).toContain('value="150-0001"');
    expect(yamato).toContain('value="03-1234-5678"');
    expect(yamato).toContain('id="carrier-yamato-ready"');
    expect(yamato).toMatch(/<form\b[^>]*method="post"/);
    // e飛伝Ⅱ has no shipper of its own: the shop profile's, which lacks the address and postal code
    const sagawa = card(html, 'sagawa');
    expect(sagawa).toContain('ショップ情報: 011-222-3333');
    expect(sagawa).toContain('id="carrier-sagawa-problems"');
    expect(sagawa).toContain('ご依頼主の住所');
    expect(sagawa).toContain('ご依頼主の郵便番号');
    expect(card(html, 'japanpost')).toContain('value="1100780"');
    expect(html).toContain('配送会社の設定');
  });

  it('reads in English too', async () => {
    const html = await page(admin, '/settings/carriers', 'en');
    expect(html).toContain('Carrier settings');
    expect(card(html, 'yamato')).toContain('Billing customer code');
    expect(card(html, 'sagawa')).toContain('Shipper address');
    expect(html).not.toContain('請求先顧客コード');
  });

  it('is linked from the settings page', async () => {
    expect(await page(admin, '/settings')).toContain('href="/settings/carriers"');
  });

  it('is for admins: an operator is told so', async () => {
    const html = await page(await signIn(t, 'op'), '/settings/carriers');
    expect(html).toContain('id="settings-refused"');
    expect(html).not.toContain('id="carrier-yamato-form"');
  });
});
