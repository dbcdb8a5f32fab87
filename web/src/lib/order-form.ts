import type { OrderInputBody, OrderPatchBody, OrderView } from './orders';

/**
 * The order form (manual entry and edit) as plain data: what the fields hold,
 * and the API bodies built from a posted form. Pure, so both pages and the
 * tests share one reading of the form.
 */
export interface LineDraft {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export interface OrderDraft {
  customer: { name: string; email: string; phone: string };
  shipTo: { name: string; postalCode: string; prefecture: string; city: string; address1: string; address2: string; phone: string };
  payment: { method: string; paid: boolean };
  shipping: { method: string; desiredDate: string; timeSlot: string };
  note: string;
  lines: LineDraft[];
}

export const emptyDraft = (): OrderDraft => ({
  customer: { name: '', email: '', phone: '' },
  shipTo: { name: '', postalCode: '', prefecture: '東京都', city: '', address1: '', address2: '', phone: '' },
  payment: { method: 'credit_card', paid: false },
  shipping: { method: 'takkyubin', desiredDate: '', timeSlot: '' },
  note: '',
  lines: [],
});

export const draftOf = (o: OrderView): OrderDraft => ({
  customer: { name: o.customer.name, email: o.customer.email ?? '', phone: o.customer.phone ?? '' },
  shipTo: { ...o.shipTo, address2: o.shipTo.address2 ?? '' },
  payment: { ...o.payment },
  shipping: { method: o.shipping.method ?? '', desiredDate: o.shipping.desiredDate ?? '', timeSlot: o.shipping.timeSlot ?? '' },
  note: o.note ?? '',
  lines: o.lines.map((l) => ({ sku: l.sku, name: l.name ?? '', quantity: l.quantity, unitPrice: l.unitPrice })),
});

type Form = Record<string, unknown>;
/**
 * A posted field by its API path. Qwik City's actions nest dotted names
 * (customer.name → { customer: { name } }); a flat key is read too.
 */
const get = (f: Form, path: string): unknown =>
  path in f ? f[path] : path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), f);
const s = (f: Form, k: string) => String(get(f, k) ?? '').trim();

/** The lines the picker keeps in its hidden `lines` field (JSON); anything malformed is dropped, the API judges the rest. */
export const linesOf = (f: Form): LineDraft[] => {
  try {
    const parsed = JSON.parse(s(f, 'lines') || '[]') as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((l): l is LineDraft => !!l && typeof l === 'object' && typeof (l as LineDraft).sku === 'string')
      .map((l) => ({ sku: l.sku, name: String(l.name ?? ''), quantity: Number(l.quantity), unitPrice: Number(l.unitPrice) }));
  } catch {
    return [];
  }
};

const contact = (f: Form) => ({
  customer: { name: s(f, 'customer.name'), email: s(f, 'customer.email'), phone: s(f, 'customer.phone') },
  shipTo: {
    name: s(f, 'shipTo.name') || s(f, 'customer.name'),
    postalCode: s(f, 'shipTo.postalCode'),
    prefecture: s(f, 'shipTo.prefecture'),
    city: s(f, 'shipTo.city'),
    address1: s(f, 'shipTo.address1'),
    address2: s(f, 'shipTo.address2'),
    phone: s(f, 'shipTo.phone') || s(f, 'customer.phone'),
  },
});

/** POST /orders for a phone or fax order (channel "manual"). */
export const manualOrderBody = (f: Form, now = new Date()): OrderInputBody => {
  const c = contact(f);
  const orderedAt = s(f, 'orderedAt');
  return {
    channelId: 'manual',
    externalId: s(f, 'externalId') || `MANUAL-${now.getTime()}`,
    orderedAt: orderedAt ? new Date(`${orderedAt}:00+09:00`).toISOString() : now.toISOString(),
    customer: { name: c.customer.name, email: c.customer.email || undefined, phone: c.customer.phone || undefined },
    shipTo: { ...c.shipTo, address2: c.shipTo.address2 || undefined },
    lines: linesOf(f).map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, name: l.name || undefined })),
    payment: { method: s(f, 'payment.method'), paid: s(f, 'payment.paid') === 'true' },
    shipping: { method: s(f, 'shipping.method') || undefined, desiredDate: s(f, 'shipping.desiredDate') || undefined, timeSlot: s(f, 'shipping.timeSlot') || undefined },
    totals: { shippingFee: Number(s(f, 'shippingFee') || 0) },
    note: s(f, 'note') || undefined,
  } as OrderInputBody;
};

/** PATCH /orders/{id}: every field of the edit form (the API records what changed). */
export const orderPatchBody = (f: Form, opts: { contact?: boolean } = {}): OrderPatchBody => {
  const c = contact(f);
  return {
    // without the personal_data 権限 the buyer is masked: the contact is neither shown for editing nor sent back (the API refuses it)
    ...(opts.contact === false
      ? {}
      : { customer: { name: c.customer.name, email: c.customer.email || null, phone: c.customer.phone || null }, shipTo: { ...c.shipTo, address2: c.shipTo.address2 || undefined } }),
    lines: linesOf(f).map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, name: l.name || undefined })),
    payment: { method: s(f, 'payment.method'), paid: s(f, 'payment.paid') === 'true' },
    shipping: { method: s(f, 'shipping.method') || null, desiredDate: s(f, 'shipping.desiredDate') || null, timeSlot: s(f, 'shipping.timeSlot') || null },
    note: s(f, 'note') || null,
  } as OrderPatchBody;
};

/** The draft a posted form holds (refilled after a refusal, so nothing typed is lost). */
export const draftFromForm = (f: Form): OrderDraft => ({
  customer: { name: s(f, 'customer.name'), email: s(f, 'customer.email'), phone: s(f, 'customer.phone') },
  shipTo: {
    name: s(f, 'shipTo.name'),
    postalCode: s(f, 'shipTo.postalCode'),
    prefecture: s(f, 'shipTo.prefecture'),
    city: s(f, 'shipTo.city'),
    address1: s(f, 'shipTo.address1'),
    address2: s(f, 'shipTo.address2'),
    phone: s(f, 'shipTo.phone'),
  },
  payment: { method: s(f, 'payment.method'), paid: s(f, 'payment.paid') === 'true' },
  shipping: { method: s(f, 'shipping.method'), desiredDate: s(f, 'shipping.desiredDate'), timeSlot: s(f, 'shipping.timeSlot') },
  note: s(f, 'note'),
  lines: linesOf(f),
});
