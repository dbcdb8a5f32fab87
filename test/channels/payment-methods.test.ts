import { describe, expect, it } from 'vitest';
import { PAYMENT_METHODS } from '../../worker/orders/choices';
import { LEGACY_PAYMENT_WORDS, isPaymentMethod, legacyPaymentMethod, storedPayment } from '../../worker/orders/payment-methods';
import { SETTLED_ON_DELIVERY, paymentSettled } from '../../worker/orders/state-machine';
import { methodFromWords } from '../../worker/channels/payment-words';
import { RAKUTEN_SETTLEMENTS, rakutenPayment } from '../../worker/channels/rakuten/payment-methods';
import { YAHOO_PAY_METHODS, yahooPayment } from '../../worker/channels/yahoo/payment-methods';
import { SHOPIFY_GATEWAYS, shopifyPayment } from '../../worker/channels/shopify/payment-methods';
import { AMAZON_PAYMENT_DETAIL, AMAZON_PAYMENT_METHOD, amazonPayment } from '../../worker/channels/amazon/payment-methods';

/**
 * Each mall's documented payment codes and names → Kura's one list
 * (orders/choices.ts PAYMENT_METHODS), the mall's own value kept as `raw`.
 * Every documented value lands on a Kura method; anything unknown is 'other'.
 */

const KURA = new Set<string>(PAYMENT_METHODS);

describe('payment methods: Rakuten (settlementMethodCode / settlementMethod)', () => {
  it.each([
    [1, 'クレジットカード', 'credit_card', 'mall'],
    [2, '代金引換', 'cod', 'on_delivery'],
    [4, 'ショッピングクレジット／ローン', 'loan', 'prepaid'],
    [5, 'オートローン', 'loan', 'prepaid'],
    [6, 'リース', 'loan', 'prepaid'],
    [7, '請求書払い', 'invoice', 'later'],
    [8, 'ポイント', 'points', 'mall'],
    [9, '銀行振込', 'bank_transfer', 'prepaid'],
    [12, 'Apple Pay', 'apple_pay', 'mall'],
    [13, 'セブンイレブン（前払）', 'convenience_store', 'prepaid'],
    [14, 'ローソン、郵便局ATM等（前払）', 'convenience_store', 'prepaid'],
    [14, 'ファミリーマート、ローソン等（前払）', 'convenience_store', 'prepaid'],
    [16, 'Alipay', 'other', 'mall'],
    [17, 'PayPal', 'paypal', 'mall'],
    [21, '後払い決済', 'deferred', 'mall'],
    [27, 'Alipay（支付宝）', 'other', 'mall'],
  ] as const)('code %i %s → %s (%s)', (code, name, method, settlement) => {
    expect(rakutenPayment(code, name)).toEqual({ method, settlement, raw: name });
  });

  it('covers every documented code, and reads a payload without a code by its name', () => {
    for (const s of Object.values(RAKUTEN_SETTLEMENTS)) {
      expect(KURA.has(s.method)).toBe(true);
      // the documented name alone gives the same answer as the code
      expect(rakutenPayment(null, s.name)).toMatchObject({ method: s.method, settlement: s.settlement });
    }
    expect(rakutenPayment(null, 'ファミリーマート、ローソン等（前払）')).toMatchObject({ method: 'convenience_store', settlement: 'prepaid' });
    expect(rakutenPayment(undefined, '楽天バンク決済')).toEqual({ method: 'bank_transfer', settlement: 'prepaid', raw: '楽天バンク決済' });
    expect(rakutenPayment(null, 'コンビニ決済')).toMatchObject({ method: 'convenience_store', settlement: 'prepaid' });
    // "クレジット" inside ショッピングクレジット is a loan, not a card
    expect(rakutenPayment(null, 'ショッピングクレジット')).toMatchObject({ method: 'loan' });
    // a known code wins over a surprising name
    expect(rakutenPayment(1, '何か')).toMatchObject({ method: 'credit_card', raw: '何か' });
  });

  it('an unknown code or name is other (never an error), with what Rakuten sent kept', () => {
    expect(rakutenPayment(99, '謎の決済')).toEqual({ method: 'other', settlement: 'later', raw: '謎の決済' });
    expect(rakutenPayment(99, null)).toEqual({ method: 'other', settlement: 'later', raw: '99' });
    expect(rakutenPayment(null, undefined)).toEqual({ method: 'other', settlement: 'later', raw: undefined });
  });
});

describe('payment methods: Yahoo! Shopping (PayMethod)', () => {
  it.each([
    ['payment_a1', 'credit_card'],
    ['payment_a6', 'convenience_store'],
    ['payment_a7', 'convenience_store'],
    ['payment_a8', 'other'],
    ['payment_a9', 'carrier_billing'],
    ['payment_a10', 'carrier_billing'],
    ['payment_a11', 'carrier_billing'],
    ['payment_a15', 'bank_transfer'],
    ['payment_a16', 'mall'],
    ['payment_a17', 'paypay'],
    ['payment_a18', 'deferred'],
    ['payment_a19', 'paypay'],
    ['payment_b1', 'bank_transfer'],
    ['payment_b2', 'bank_transfer'],
    ['payment_b6', 'bank_transfer'],
    ['payment_c1', 'bank_transfer'],
    ['payment_c2', 'deferred'],
    ['payment_c3', 'other'],
    ['payment_d1', 'cod'],
    ['payment_e1', 'other'],
    ['payment_e15', 'other'],
    ['payment_h1', 'other'],
    ['payment_z1', 'points'],
    ['payment_z3', 'mall'],
    ['payment_z4', 'gift_card'],
  ] as const)('%s → %s', (code, method) => {
    expect(yahooPayment(code)).toEqual({ method, raw: code });
  });

  it('covers every documented code; keeps PayMethodName as the raw value', () => {
    for (const [code, m] of Object.entries(YAHOO_PAY_METHODS)) {
      expect(KURA.has(m.method)).toBe(true);
      const sample = /^payment_[be]$/.test(code) ? `${code}1` : code;
      expect(yahooPayment(sample, m.name).raw).toBe(m.name);
    }
    expect(yahooPayment('payment_a17', 'PayPay残高等')).toEqual({ method: 'paypay', raw: 'PayPay残高等' });
  });

  it("reads the store's own methods (payment_e1…e15) by the name the store gave them", () => {
    expect(yahooPayment('payment_e3', '代金引換(ヤマト)')).toEqual({ method: 'cod', raw: '代金引換(ヤマト)' });
    expect(yahooPayment('payment_e4', 'NP後払い')).toEqual({ method: 'deferred', raw: 'NP後払い' });
    expect(yahooPayment('payment_e5', '店頭払い')).toEqual({ method: 'other', raw: '店頭払い' });
  });

  it('an unknown code is other (never an error); its name is read if it says something known', () => {
    expect(yahooPayment('payment_q9')).toEqual({ method: 'other', raw: 'payment_q9' });
    expect(yahooPayment('payment_a99', '新しいクレジットカード決済')).toEqual({ method: 'credit_card', raw: '新しいクレジットカード決済' });
    expect(yahooPayment(undefined)).toEqual({ method: 'other', raw: undefined });
    expect(yahooPayment('')).toEqual({ method: 'other', raw: undefined });
  });
});

describe('payment methods: Shopify (paymentGatewayNames)', () => {
  it.each([
    ['shopify_payments', 'credit_card'],
    ['bogus', 'credit_card'],
    ['manual', 'other'],
    ['gift_card', 'gift_card'],
    ['paypal', 'paypal'],
    ['amazon_payments', 'amazon_pay'],
    ['Cash on Delivery (COD)', 'cod'],
    ['Bank Deposit', 'bank_transfer'],
    ['Money Order', 'other'],
  ] as const)('%s → %s', (gateway, method) => {
    expect(shopifyPayment([gateway])).toEqual({ method, raw: gateway });
  });

  it('covers every documented gateway', () => {
    for (const [gateway, method] of Object.entries(SHOPIFY_GATEWAYS)) {
      expect(KURA.has(method)).toBe(true);
      expect(shopifyPayment([gateway]).method).toBe(method);
    }
  });

  it.each([
    [['代金引換'], 'cod'],
    [['銀行振込'], 'bank_transfer'],
    [['KOMOJU - コンビニ決済'], 'convenience_store'],
    [['KOMOJU - PayPay'], 'paypay'],
    [['KOMOJU - クレジットカード'], 'credit_card'],
    [['Paidy'], 'deferred'],
    [['np_atobarai'], 'deferred'],
    [['楽天ペイ'], 'rakuten_pay'],
    [['Apple Pay'], 'apple_pay'],
    // a gift card beside another gateway only paid part: the other names the method
    [['gift_card', 'shopify_payments'], 'credit_card'],
    [['gift_card', 'Cash on Delivery (COD)'], 'cod'],
  ] as const)("merchants' and apps' gateway names %j → %s", (gateways, method) => {
    expect(shopifyPayment(gateways).method).toBe(method);
  });

  it('an unknown gateway is other (never an error); the names are kept comma-joined', () => {
    expect(shopifyPayment(['Some New Gateway'])).toEqual({ method: 'other', raw: 'Some New Gateway' });
    expect(shopifyPayment(['gift_card', 'shopify_payments']).raw).toBe('gift_card, shopify_payments');
    expect(shopifyPayment([])).toEqual({ method: 'other', raw: undefined });
    expect(shopifyPayment(null)).toEqual({ method: 'other', raw: undefined });
  });
});

describe('payment methods: Amazon (PaymentMethod / PaymentMethodDetails)', () => {
  it.each([
    ['COD', ['COD'], 'cod', 'COD'],
    ['CVS', ['CVS'], 'convenience_store', 'CVS'],
    ['Other', ['Standard'], 'mall', 'Standard'],
    ['Other', ['CreditCard'], 'credit_card', 'CreditCard'],
    ['Other', ['CreditCard', 'GiftCertificate'], 'credit_card', 'CreditCard, GiftCertificate'],
    ['Other', ['GiftCertificate'], 'gift_card', 'GiftCertificate'],
    ['Other', ['GC'], 'gift_card', 'GC'],
    ['Other', ['PointsAccount'], 'points', 'PointsAccount'],
    ['Other', ['PointsAccount', 'Standard'], 'mall', 'PointsAccount, Standard'],
    ['Other', ['Invoice'], 'invoice', 'Invoice'],
    ['Other', ['Other'], 'mall', 'Other'],
    ['Other', ['Pix'], 'other', 'Pix'],
    ['Other', undefined, 'mall', 'Other'],
    // cash on delivery is what the buyer does, whatever the details add
    ['COD', ['COD', 'PointsAccount'], 'cod', 'COD, PointsAccount'],
  ] as const)('%s %j → %s', (pm, details, method, raw) => {
    expect(amazonPayment(pm, details)).toEqual({ method, raw });
  });

  it('covers every documented value', () => {
    for (const m of [...Object.values(AMAZON_PAYMENT_METHOD), ...Object.values(AMAZON_PAYMENT_DETAIL)]) expect(KURA.has(m)).toBe(true);
  });

  it('an unknown method is other (never an error); no PaymentMethod at all is Amazon’s own settlement', () => {
    expect(amazonPayment('Bitcoin', [])).toEqual({ method: 'other', raw: 'Bitcoin' });
    expect(amazonPayment('Bitcoin', ['Dogecoin'])).toEqual({ method: 'other', raw: 'Dogecoin' });
    expect(amazonPayment('Other', ['SomethingNew'])).toEqual({ method: 'mall', raw: 'SomethingNew' });
    expect(amazonPayment(undefined, undefined)).toEqual({ method: 'mall', raw: undefined });
  });
});

describe('payment methods: free-text words, stored values and the old ad-hoc words', () => {
  it('every word list answer is a Kura method; unknown words are null', () => {
    for (const w of ['代引き', 'PayPayあと払い', 'ギフトカード', 'au PAY', 'ゆうちょ銀行', 'セブン-イレブン', 'JCB']) expect(KURA.has(methodFromWords(w) ?? '')).toBe(true);
    expect(methodFromWords('PayPayあと払い')).toBe('paypay');
    expect(methodFromWords('ギフトカード')).toBe('gift_card');
    expect(methodFromWords('店頭払い')).toBeNull();
    expect(methodFromWords('')).toBeNull();
  });

  it('stores an unknown method as other with the word kept as the raw value', () => {
    expect(storedPayment({ method: 'credit_card' })).toEqual({ method: 'credit_card', raw: null });
    expect(storedPayment({ method: 'credit_card', raw: 'クレジットカード' })).toEqual({ method: 'credit_card', raw: 'クレジットカード' });
    expect(storedPayment({ method: 'card' })).toEqual({ method: 'other', raw: 'card' });
    expect(storedPayment({ method: 'card', raw: 'クレジットカード' })).toEqual({ method: 'other', raw: 'クレジットカード' });
    expect(isPaymentMethod('mall')).toBe(true);
    expect(isPaymentMethod('bank')).toBe(false);
  });

  it.each([
    ['card', 'credit_card'],
    ['bank', 'bank_transfer'],
    ['convenience', 'convenience_store'],
    ['lease', 'loan'],
    ['alipay', 'other'],
    ['mobile_suica', 'other'],
    ['payeasy', 'bank_transfer'],
    ['postal_transfer', 'bank_transfer'],
    ['cash_registered_mail', 'other'],
    ['free', 'other'],
    ['unknown', 'other'],
    ['payment_q9', 'other'],
    ['COD', 'cod'],
    [' credit_card ', 'credit_card'],
    ['代引き', 'cod'],
    ['銀行振込', 'bank_transfer'],
    ['something else', 'other'],
  ])('rewrites the old word %j → %s', (old, method) => {
    expect(legacyPaymentMethod(old)).toBe(method);
  });

  it('leaves Kura methods as they are and maps every old word onto the list', () => {
    for (const m of PAYMENT_METHODS) expect(legacyPaymentMethod(m)).toBe(m);
    for (const m of Object.values(LEGACY_PAYMENT_WORDS)) expect(KURA.has(m)).toBe(true);
  });

  it('ships without waiting for money for methods settled at checkout or after delivery, waits for the rest', () => {
    for (const m of SETTLED_ON_DELIVERY) expect(KURA.has(m)).toBe(true);
    for (const m of ['credit_card', 'cod', 'deferred', 'invoice', 'paypay', 'mall']) expect(paymentSettled({ method: m, paid: false }), m).toBe(true);
    for (const m of ['bank_transfer', 'convenience_store', 'loan', 'other']) expect(paymentSettled({ method: m, paid: false }), m).toBe(false);
  });
});
