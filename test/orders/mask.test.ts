import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buyerViewFor, maskAddressLine, maskBuyer, maskEmail, maskName, maskPhone, maskPostalCode } from '../../worker/orders/mask';
import type { Principal } from '../../worker/auth/principal';

/**
 * 購入者の個人情報のマスク: what a user without the personal_data permission
 * sees of a buyer. Pure; the routes apply it to what they answer.
 */
describe('a buyer’s name', () => {
  it('keeps the first word: 山田 太郎 → 山田 **, in either width of space', () => {
    expect(maskName('山田 太郎')).toBe('山田 **');
    expect(maskName('山田　太郎')).toBe('山田 **');
    expect(maskName('  YAMADA  Taro  ')).toBe('YAMADA **');
    expect(maskName('山田 太郎 様')).toBe('山田 **');
  });

  it('written as one word, keeps only its first character', () => {
    expect(maskName('山田太郎')).toBe('山**');
    expect(maskName('𠮷田花子')).toBe('𠮷**');
  });

  it('empty stays empty', () => {
    expect(maskName('')).toBe('');
    expect(maskName('   ')).toBe('');
  });
});

describe('a phone number', () => {
  it('shows the last four digits only', () => {
    expect(maskPhone('090-1234-5678')).toBe('***-****-5678');
    expect(maskPhone('03-0000-1111')).toBe('***-****-1111');
    expect(maskPhone('+81 90 1234 5678')).toBe('***-****-5678');
    expect(maskPhone('０９０－１２３４－５６７８')).toBe('***-****-5678');
  });

  it('with fewer than four digits shows none; null stays null', () => {
    expect(maskPhone('12')).toBe('***-****-****');
    expect(maskPhone(null)).toBeNull();
  });
});

describe('an e-mail address', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmail('yamada@example.jp')).toBe('y***@example.jp');
    expect(maskEmail('a@b.example')).toBe('a***@b.example');
  });

  it('without an @ shows nothing; null stays null', () => {
    expect(maskEmail('nonsense')).toBe('***');
    expect(maskEmail('@example.jp')).toBe('***@example.jp');
    expect(maskEmail(null)).toBeNull();
  });
});

describe('a postal code and the address lines', () => {
  it('the postal code keeps its first three digits', () => {
    expect(maskPostalCode('060-0001')).toBe('060-****');
    expect(maskPostalCode('1000001')).toBe('100-****');
    expect(maskPostalCode('１００－０００１')).toBe('100-****');
    expect(maskPostalCode('')).toBe('***-****');
  });

  it('a line beyond the prefecture and city is ***; an empty or missing one stays as it is', () => {
    expect(maskAddressLine('北一条西2-1')).toBe('***');
    expect(maskAddressLine('')).toBe('');
    expect(maskAddressLine(null)).toBeNull();
  });
});

const order = () => ({
  id: 'o1',
  number: 'K000001',
  customer: { name: '山田 太郎', email: 'yamada@example.jp', phone: '090-1234-5678' },
  shipTo: { name: '佐藤 花子', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2-1', address2: 'サンプルビル 3F', phone: '011-222-3333' },
  note: 'のし不要',
  raw: { buyer: { name: '山田 太郎', tel: '09012345678' } },
  events: [
    { id: 'e1', kind: 'created', detail: { channelId: 'manual', externalId: 'X-1' } },
    { id: 'e2', kind: 'mail_sent', detail: { kind: 'order_confirmation', to: 'yamada@example.jp', subject: '山田 太郎 様 ご注文ありがとうございます' } },
    { id: 'e3', kind: 'mail_failed', detail: { kind: 'shipping_notice', to: 'yamada@example.jp', subject: 'x', error: 'down' } },
  ],
});

describe('an order, masked', () => {
  it('masks the buyer and the recipient, keeps the prefecture and city, and drops the mall’s payload', () => {
    const m = maskBuyer(order());
    expect(m.customer).toEqual({ name: '山田 **', email: 'y***@example.jp', phone: '***-****-5678' });
    expect(m.shipTo).toEqual({ name: '佐藤 **', postalCode: '060-****', prefecture: '北海道', city: '札幌市中央区', address1: '***', address2: '***', phone: '***-****-3333' });
    expect(m.raw).toBeNull();
    expect(m.number).toBe('K000001');
    expect(m.note).toBe('のし不要');
  });

  it('masks the address a sent mail went to, and leaves its subject out', () => {
    const m = maskBuyer(order());
    expect(m.events[0]).toEqual(order().events[0]);
    expect(m.events[1].detail).toEqual({ kind: 'order_confirmation', to: 'y***@example.jp' });
    expect(m.events[2].detail).toEqual({ kind: 'shipping_notice', to: 'y***@example.jp', error: 'down' });
  });

  it('masks the shapes other answers use: a recipient name alone, a customerName beside the address', () => {
    expect(maskBuyer({ id: 'p', shipTo: { name: '佐藤 花子' } })).toEqual({ id: 'p', shipTo: { name: '佐藤 **' } });
    expect(maskBuyer({ customerName: '山田 太郎', shipTo: { name: '山田 太郎', postalCode: '100-0001', prefecture: '東京都', city: '千代田区', address1: '千代田1-1', address2: null } })).toEqual({
      customerName: '山田 **',
      shipTo: { name: '山田 **', postalCode: '100-****', prefecture: '東京都', city: '千代田区', address1: '***', address2: null },
    });
  });

  it('does not change the order it was given', () => {
    const o = order();
    maskBuyer(o);
    expect(o).toEqual(order());
  });

  it('never leaves a phone’s or an e-mail’s full text anywhere in the answer', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0[0-9]{1,3}-[0-9]{2,4}-[0-9]{4}$/), fc.emailAddress(), fc.stringMatching(/^[^\s]{1,8} [^\s]{1,8}$/), (phone, email, name) => {
        const o = { ...order(), customer: { name, email, phone }, shipTo: { ...order().shipTo, phone } };
        const text = JSON.stringify(maskBuyer(o));
        expect(text).not.toContain(phone);
        expect(text).not.toContain(`"${email}"`);
        if (!name.endsWith(' **')) expect(text).not.toContain(`"${name}"`);
      }),
    );
  });
});

describe('which view a caller gets', () => {
  const session = (permissions: ('personal_data' | 'export')[]): Principal => ({
    kind: 'session',
    accountId: 'a',
    userId: 'u',
    loginId: 'u',
    role: 'operator',
    sessionId: 's',
    csrfToken: 'c',
    isPlatformAdmin: false,
    mfaEnrolmentRequired: false,
    permissions,
  });

  it('a session with personal_data and any API token see the order as it is; a session without it sees it masked', () => {
    const o = order();
    expect(buyerViewFor(session(['personal_data']))(o)).toBe(o);
    expect(buyerViewFor({ kind: 'token', accountId: 'a', tokenId: 't', scopes: ['orders:read'] })(o)).toBe(o);
    expect(buyerViewFor(session(['export']))(o).customer.name).toBe('山田 **');
  });
});
