/**
 * Customer e-mail templates (pure): order confirmation and shipping notice,
 * with {{variables}}. User data (names, addresses, product names) may appear
 * only in the body; the subject is one line with line breaks removed, so no
 * header can be injected whatever a mall sends.
 */
export const MAIL_KINDS = ['order_confirmation', 'shipping_notice'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface MailTemplate {
  subject: string;
  body: string;
}

export const DEFAULT_TEMPLATES: Record<MailKind, MailTemplate> = {
  order_confirmation: {
    subject: '【{{shop.name}}】ご注文ありがとうございます(注文番号 {{order.number}})',
    body:
      '{{customer.name}} 様\n\n{{shop.name}}をご利用いただき、ありがとうございます。\n以下の内容でご注文を承りました。\n\n' +
      '注文番号: {{order.number}}(店舗注文番号 {{order.externalId}})\nご注文日時: {{order.orderedAt}}\n\n{{order.lines}}\n\n合計: {{order.total}}\n\n' +
      'お届け先: {{shipTo.name}} 様\n{{shipTo.address}}\n\n発送の際にあらためてご連絡いたします。\n\n{{shop.name}}\n{{shop.phone}} {{shop.email}}\n',
  },
  shipping_notice: {
    subject: '【{{shop.name}}】商品を発送しました(注文番号 {{order.number}})',
    body:
      '{{customer.name}} 様\n\nご注文の商品を発送いたしました。\n\n注文番号: {{order.number}}\n配送業者: {{tracking.carrier}}\n' +
      '伝票番号: {{tracking.number}}\nお荷物の状況: {{tracking.url}}\n\n{{order.lines}}\n\nお届け先: {{shipTo.name}} 様\n{{shipTo.address}}\n\n{{shop.name}}\n{{shop.phone}} {{shop.email}}\n',
  },
};

/** The variables a template may use, with what they hold (shown in the editor). */
export const TEMPLATE_VARIABLES: Record<string, string> = {
  'shop.name': 'ショップ名',
  'shop.phone': 'ショップの電話番号',
  'shop.email': 'ショップのメールアドレス',
  'order.number': 'Kuraの注文番号',
  'order.externalId': '店舗の注文番号',
  'order.orderedAt': '注文日時(JST)',
  'order.total': '合計金額',
  'order.lines': '明細(1行に1商品)',
  'customer.name': '注文者名',
  'shipTo.name': 'お届け先名',
  'shipTo.address': 'お届け先住所',
  'tracking.carrier': '配送業者',
  'tracking.number': '伝票番号',
  'tracking.url': '配送状況の確認URL',
};

/** Variables allowed in the subject: none that a buyer or a mall controls. */
const SUBJECT_SAFE = new Set(['shop.name', 'order.number', 'order.externalId']);

/**
 * Fills {{variables}}. Only the documented names resolve, and only from the
 * values' own keys: {{constructor}} or {{__proto__}} would otherwise reach
 * JavaScript's object internals. Anything else stays literal, as typed, so the
 * preview shows the mistake. In the subject a documented but unsafe name is dropped.
 */
const fill = (text: string, vars: Record<string, string>, allowed?: Set<string>) =>
  text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => {
    if (!Object.hasOwn(TEMPLATE_VARIABLES, key)) return whole;
    if (allowed && !allowed.has(key)) return '';
    return Object.hasOwn(vars, key) ? String(vars[key]) : '';
  });

export const renderMail = (t: MailTemplate, vars: Record<string, string>) => ({
  subject: fill(t.subject, vars, SUBJECT_SAFE).replace(/[\r\n]+/g, ' ').trim().slice(0, 200),
  body: fill(t.body, vars),
});

/** The carriers' public tracking pages. */
export const trackingUrl = (carrier: string | null, number: string | null): string => {
  if (!number) return '';
  const n = encodeURIComponent(number.replace(/-/g, ''));
  if (carrier === 'yamato') return `https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01=${n}`;
  if (carrier === 'sagawa') return `https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=${n}`;
  if (carrier === 'japanpost') return `https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=${n}&locale=ja`;
  return '';
};

const CARRIER_NAMES: Record<string, string> = { yamato: 'ヤマト運輸', sagawa: '佐川急便', japanpost: '日本郵便', other: 'その他' };

const yen = (n: number) => `¥${n.toLocaleString('ja-JP')}`;
const jst = (iso: string) => new Date(Date.parse(iso) + 9 * 3600_000).toISOString().replace('T', ' ').slice(0, 16);

export interface MailOrder {
  number: string;
  externalId: string;
  orderedAt: string;
  total: number;
  customerName: string;
  shipTo: { name: string; postalCode: string; prefecture: string; city: string; address1: string; address2: string | null };
  lines: { sku: string; name: string | null; quantity: number; unitPrice: number }[];
  carrier: string | null;
  trackingNumber: string | null;
}

export const mailVariables = (o: MailOrder, shop: { name: string; phone: string | null; email: string | null }): Record<string, string> => ({
  'shop.name': shop.name,
  'shop.phone': shop.phone ?? '',
  'shop.email': shop.email ?? '',
  'order.number': o.number,
  'order.externalId': o.externalId,
  'order.orderedAt': jst(o.orderedAt),
  'order.total': yen(o.total),
  'order.lines': o.lines.map((l) => `・${l.name ?? l.sku}(${l.sku}) × ${l.quantity}  ${yen(l.unitPrice * l.quantity)}`).join('\n'),
  'customer.name': o.customerName,
  'shipTo.name': o.shipTo.name,
  'shipTo.address': `〒${o.shipTo.postalCode} ${o.shipTo.prefecture}${o.shipTo.city}${o.shipTo.address1}${o.shipTo.address2 ? ` ${o.shipTo.address2}` : ''}`,
  'tracking.carrier': o.carrier ? (CARRIER_NAMES[o.carrier] ?? o.carrier) : '',
  'tracking.number': o.trackingNumber ?? '',
  'tracking.url': trackingUrl(o.carrier, o.trackingNumber),
});
