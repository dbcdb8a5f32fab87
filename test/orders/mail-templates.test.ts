import { beforeAll, describe, expect, it } from 'vitest';
import { renderMail, trackingUrl } from '../../worker/orders/mail-templates';
import { Client } from '../helpers/client';
import { createSku, getOrder, importOrder, orderBody, ship, transition } from '../helpers/orders';
import { outboxTo } from '../helpers/outbox';
import { createTenant, signIn, type Tenant } from '../helpers/tenant';

describe('customer e-mail templates', () => {
  it('keep buyer data out of the subject, so no header can be injected', () => {
    const m = renderMail(
      { subject: '{{shop.name}} {{customer.name}} {{order.number}}\r\nBcc: evil@example.com', body: '{{customer.name}} 様' },
      { 'shop.name': 'ショップ', 'customer.name': 'Evil\r\nBcc: x@example.com', 'order.number': 'K000001' },
    );
    expect(m.subject).toBe('ショップ  K000001 Bcc: evil@example.com');
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.body).toContain('Evil');
  });

  it('resolve only the documented variables: object internals and unknown names stay literal', () => {
    const vars = { 'shop.name': 'ショップ', 'order.number': 'K000001' };
    const tricks = '{{constructor}} {{__proto__}} {{toString}} {{hasOwnProperty}} {{constructor.name}} {{valueOf}} {{no.such}}';
    const m = renderMail({ subject: `{{shop.name}} ${tricks}`, body: `{{order.number}} ${tricks} {{ order.number }}` }, vars);
    expect(m.body).toBe(`K000001 ${tricks} K000001`);
    expect(m.subject).toBe(`ショップ ${tricks}`);
    for (const text of [m.subject, m.body]) expect(text).not.toMatch(/function|native code|\[object/);
    // a documented variable without a value is empty, never "undefined"
    expect(renderMail({ subject: 'x', body: '[{{tracking.number}}]' }, vars).body).toBe('[]');
  });

  it('link to each carrier’s tracking page', () => {
    expect(trackingUrl('yamato', '1234-5678-9012')).toContain('number01=123456789012');
    expect(trackingUrl('sagawa', '400012345678')).toContain('okurijoNo=400012345678');
    expect(trackingUrl('japanpost', '123456789012')).toContain('reqCodeNo1=123456789012');
    expect(trackingUrl('other', '1')).toBe('');
  });

  describe('through the API', () => {
    let t: Tenant;
    let op: Client;

    beforeAll(async () => {
      t = await createTenant({ users: [{ loginId: 'op', role: 'operator' }] });
      op = await signIn(t, 'op');
    });

    it('are off by default, and when switched on send the confirmation on import and the notice on shipping, recorded on the order', async () => {
      const list = (await (await op.api('/mail-templates')).json()) as { items: { kind: string; enabled: boolean; custom: boolean }[] };
      expect(list.items.map((i) => [i.kind, i.enabled, i.custom])).toEqual([
        ['order_confirmation', false, false],
        ['shipping_notice', false, false],
      ]);
      const sku = await createSku(op, 'MAIL-1', 10);
      const quiet = await importOrder(op, orderBody({ externalId: 'MAIL-Q', lines: [{ sku, quantity: 1, unitPrice: 1000 }] }));
      expect(quiet.order.events.some((e) => e.kind === 'mail_sent')).toBe(false);

      for (const kind of ['order_confirmation', 'shipping_notice']) {
        const r = await op.api(`/mail-templates/${kind}`, { method: 'PUT', json: { enabled: true, subject: `【店】${kind} {{order.number}}`, body: '{{customer.name}} 様\n{{order.lines}}\n{{tracking.url}}' } });
        expect(r.status).toBe(200);
      }
      const body = orderBody({ externalId: 'MAIL-1', lines: [{ sku, quantity: 2, unitPrice: 1000 }] });
      const imported = await importOrder(op, body);
      const sent = imported.order.events.find((e) => e.kind === 'mail_sent');
      expect(sent?.detail).toMatchObject({ kind: 'order_confirmation', to: body.customer.email });
      const mails = await outboxTo(body.customer.email);
      expect(mails[0]).toMatchObject({ subject: `【店】order_confirmation ${imported.order.number}` });
      expect(mails[0].body).toContain('MAIL-1');

      expect((await transition(op, imported.order.id, 'ready_to_ship')).status).toBe(200);
      expect((await ship(op, imported.order.id, 'yamato', '1234-5678-9012')).status).toBe(200);
      const after = await getOrder(op, imported.order.id);
      expect(after.events.filter((e) => e.kind === 'mail_sent').map((e) => (e.detail as { kind: string }).kind)).toEqual(['order_confirmation', 'shipping_notice']);
      const notice = (await outboxTo(body.customer.email)).find((m) => m.subject?.includes('shipping_notice'));
      expect(notice?.body).toContain('number01=123456789012');
    });

    it('preview renders a template for the latest order and sends nothing', async () => {
      const r = await op.api('/mail-templates/order_confirmation/preview', { json: { subject: 'Preview {{order.number}}', body: 'Hello {{customer.name}}' } });
      expect(r.status).toBe(200);
      const m = (await r.json()) as { subject: string; body: string };
      expect(m.subject).toMatch(/^Preview K\d{6}$/);
    });
  });
});
