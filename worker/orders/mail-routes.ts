import { createRoute, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { newRouter } from '../lib/router';
import { commonErrors, jsonBody, jsonResponse } from '../lib/openapi';
import { requireScope } from '../middleware/guards';
import { AppError } from '../lib/errors';
import { auditOf } from '../lib/audit';
import { orders } from './schema';
import { mailTemplates } from './rules-schema';
import { MAIL_KINDS, TEMPLATE_VARIABLES, mailVariables, renderMail } from './mail-templates';
import { mailOrderOf, renderOrderMail, templateFor } from './mail-service';
import { getShop } from '../shop/service';
import { seesPersonalData } from '../users/permissions';
import { maskBuyer, maskEmail } from './mask';

/** The preview for a caller without personal_data: the order's buyer masked as in GET /orders/{id} (orders/mask.ts). */
const maskedOrderMail = async (c: Context<AppEnv>, orderId: string, template: { subject: string; body: string }) => {
  const o = await mailOrderOf(c.get('db'), accountOf(c), orderId);
  if (!o) return null;
  const { view: shop } = await getShop(c.get('db'), accountOf(c));
  return { to: maskEmail(o.email), ...renderMail(template, mailVariables(maskBuyer(o), shop)) };
};

const Template = z
  .object({ kind: z.enum(MAIL_KINDS), enabled: z.boolean(), subject: z.string(), body: z.string(), custom: z.boolean().openapi({ description: 'false: the built-in default is in use' }) })
  .openapi('MailTemplate');
const TemplateInput = z
  .strictObject({ enabled: z.boolean(), subject: z.string().trim().min(1).max(200), body: z.string().min(1).max(10_000) })
  .openapi('MailTemplateInput');
const KindParam = z.object({ kind: z.enum(MAIL_KINDS) });

const accountOf = (c: Context<AppEnv>) => c.get('principal')!.accountId;
const read = requireScope('orders:read');
const write = requireScope('orders:write');
const app = newRouter();

app.openapi(
  createRoute({
    method: 'get',
    path: '/mail-templates',
    operationId: 'listMailTemplates',
    tags: ['Orders'],
    summary: 'Customer e-mail templates (order confirmation, shipping notice) and the variables they may use',
    middleware: [read],
    responses: { 200: jsonResponse(z.object({ items: z.array(Template), variables: z.record(z.string(), z.string()) }), 'Templates'), ...commonErrors },
  }),
  async (c) => c.json({ items: await Promise.all(MAIL_KINDS.map((k) => templateFor(c.get('db'), accountOf(c), k))), variables: TEMPLATE_VARIABLES }, 200),
);

app.openapi(
  createRoute({
    method: 'put',
    path: '/mail-templates/{kind}',
    operationId: 'saveMailTemplate',
    tags: ['Orders'],
    summary: 'Save a template and switch it on or off; buyer data is allowed only in the body',
    middleware: [write],
    request: { params: KindParam, body: jsonBody(TemplateInput) },
    responses: { 200: jsonResponse(Template, 'Saved'), ...commonErrors },
  }),
  async (c) => {
    const { kind } = c.req.valid('param');
    const body = c.req.valid('json');
    const row = { accountId: accountOf(c), kind, ...body, updatedAt: new Date().toISOString() };
    await c.get('db').batch([
      c.get('db').insert(mailTemplates).values(row).onConflictDoUpdate({ target: [mailTemplates.accountId, mailTemplates.kind], set: { ...body, updatedAt: row.updatedAt } }),
      auditOf(c, { action: 'mail_template.save', targetType: 'mail_template', targetId: kind, after: { enabled: body.enabled, subject: body.subject } }),
    ]);
    return c.json(await templateFor(c.get('db'), accountOf(c), kind), 200);
  },
);

app.openapi(
  createRoute({
    method: 'post',
    path: '/mail-templates/{kind}/preview',
    operationId: 'previewMailTemplate',
    tags: ['Orders'],
    summary: 'Render a template (saved, or the one in the body) for an order (default: the latest); sends nothing',
    description: 'For a signed-in user without the personal_data permission the order’s buyer is masked in the mail as in GET /orders/{id}.',
    middleware: [read],
    request: { params: KindParam, body: jsonBody(z.strictObject({ orderId: z.string().min(1).max(64).optional(), subject: z.string().max(200).optional(), body: z.string().max(10_000).optional() })) },
    responses: { 200: jsonResponse(z.object({ to: z.string().nullable(), subject: z.string(), body: z.string() }), 'The rendered mail'), ...commonErrors },
  }),
  async (c) => {
    const { kind } = c.req.valid('param');
    const input = c.req.valid('json');
    const saved = await templateFor(c.get('db'), accountOf(c), kind);
    const template = { subject: input.subject ?? saved.subject, body: input.body ?? saved.body };
    const orderId =
      input.orderId ??
      (await c.get('db').select({ id: orders.id }).from(orders).where(eq(orders.accountId, accountOf(c))).orderBy(desc(orders.orderedAt)).limit(1))[0]?.id;
    if (!orderId) return c.json({ to: null, ...renderMail(template, {}) }, 200);
    const mail = seesPersonalData(c.get('principal')) ? await renderOrderMail(c.get('db'), accountOf(c), orderId, template) : await maskedOrderMail(c, orderId, template);
    if (!mail) throw new AppError(404, 'not_found', 'Order not found');
    return c.json(mail, 200);
  },
);

export default app;
