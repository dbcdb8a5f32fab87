import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Env } from '../env';
import { newId } from '../lib/ids';
import { notify } from '../notify/service';
import { getShop } from '../shop/service';
import { orderEvents, orderLines, orders } from './schema';
import { mailTemplates } from './rules-schema';
import { DEFAULT_TEMPLATES, mailVariables, renderMail, type MailKind, type MailOrder } from './mail-templates';

export const templateFor = async (db: Db, accountId: string, kind: MailKind) => {
  const row = (await db.select().from(mailTemplates).where(and(eq(mailTemplates.accountId, accountId), eq(mailTemplates.kind, kind))).limit(1))[0];
  return row ? { kind, enabled: row.enabled, subject: row.subject, body: row.body, custom: true } : { kind, enabled: false, ...DEFAULT_TEMPLATES[kind], custom: false };
};

export const mailOrderOf = async (db: Db, accountId: string, orderId: string): Promise<(MailOrder & { email: string | null }) | null> => {
  const o = (await db.select().from(orders).where(and(eq(orders.accountId, accountId), eq(orders.id, orderId))).limit(1))[0];
  if (!o) return null;
  const lines = await db.select().from(orderLines).where(and(eq(orderLines.accountId, accountId), eq(orderLines.orderId, orderId))).orderBy(asc(orderLines.lineNo));
  return {
    number: o.number,
    externalId: o.externalId,
    orderedAt: o.orderedAt,
    total: o.total,
    customerName: o.customerName,
    email: o.customerEmail,
    shipTo: { name: o.shipName, postalCode: o.postalCode, prefecture: o.prefecture, city: o.city, address1: o.address1, address2: o.address2 },
    lines: lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice })),
    carrier: o.carrier,
    trackingNumber: o.trackingNumber,
  };
};

/** The mail as it would be sent for this order (preview, and what sendOrderMail sends). */
export const renderOrderMail = async (db: Db, accountId: string, orderId: string, template: { subject: string; body: string }) => {
  const o = await mailOrderOf(db, accountId, orderId);
  if (!o) return null;
  const { view: shop } = await getShop(db, accountId);
  return { to: o.email, ...renderMail(template, mailVariables(o, shop)) };
};

/**
 * Sends the account's template of this kind to the order's customer, if the
 * template is switched on and the order has an e-mail address, and records it
 * on the order. A mail that cannot be sent is recorded too; it never fails the
 * import or the shipment that triggered it.
 */
export const sendOrderMail = async (env: Env, db: Db, accountId: string, orderId: string, kind: MailKind) => {
  const t = await templateFor(db, accountId, kind);
  if (!t.enabled) return null;
  const mail = await renderOrderMail(db, accountId, orderId, t);
  if (!mail?.to) return null;
  let kindOfEvent = 'mail_sent';
  let error: string | null = null;
  try {
    await notify(env, db, accountId, { channel: 'email', to: mail.to, subject: mail.subject, body: mail.body });
  } catch (e) {
    kindOfEvent = 'mail_failed';
    error = String(e instanceof Error ? e.message : e);
  }
  await db.insert(orderEvents).values({
    id: newId(),
    accountId,
    orderId,
    at: new Date().toISOString(),
    actor: 'system:mail',
    kind: kindOfEvent,
    detail: { kind, to: mail.to, subject: mail.subject, ...(error ? { error } : {}) },
  });
  return kindOfEvent;
};
