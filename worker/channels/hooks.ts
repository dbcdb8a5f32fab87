/**
 * Inbound webhooks: POST /hooks/{type}/{channelId}. No session: the mall's
 * signature over the raw body is the authentication, checked before anything
 * is parsed; a bad one answers 401 and changes nothing. Deliveries are
 * deduplicated by the mall's event id, and an older version of an order
 * arriving after a newer one changes nothing (orders.mall_updated_at).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../lib/errors';
import { commonErrors, jsonResponse } from '../lib/openapi';
import { newRouter } from '../lib/router';
import { importPulled } from './order-pull';
import { channels, webhookEvents } from './schema';
import { orderFromWebhook, verifyShopifyHmac, webhookEventOf } from './shopify/webhook';
import { connectionOf } from './service';

/** Shopify's order payloads are small; anything larger is not theirs. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

const app = newRouter();

app.openapi(
  createRoute({
    method: 'post',
    path: '/shopify/{channelId}',
    operationId: 'receiveShopifyWebhook',
    tags: ['Webhooks'],
    summary: 'Shopify order webhooks (orders/create, orders/updated, orders/cancelled), signed with X-Shopify-Hmac-Sha256',
    description: 'The HMAC-SHA256 of the raw body with the channel’s webhook secret must match; duplicates (X-Shopify-Event-Id) are answered 200 and ignored.',
    security: [],
    request: { params: z.object({ channelId: z.string().min(1).max(64) }) },
    responses: { 200: jsonResponse(z.object({ ok: z.boolean(), duplicate: z.boolean().optional(), ignored: z.boolean().optional() }), 'Handled'), ...commonErrors },
  }),
  async (c) => {
    const db = c.get('db');
    const channelId = c.req.valid('param').channelId;
    const raw = await c.req.arrayBuffer();
    if (raw.byteLength > MAX_WEBHOOK_BYTES) throw new AppError(413, 'payload_too_large', 'The request body is too large');
    const channel = (await db.select().from(channels).where(and(eq(channels.id, channelId), eq(channels.type, 'shopify'))).limit(1))[0];
    // An unknown channel and a bad signature look the same from outside: 401, nothing changed.
    const secret = channel ? (await connectionOf(c.env, db, channel)).credentials.webhookSecret : '';
    if (!channel || !(await verifyShopifyHmac(raw, c.req.header('x-shopify-hmac-sha256') ?? null, secret ?? ''))) {
      throw new AppError(401, 'invalid_signature', 'The webhook signature does not match');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      throw new AppError(400, 'invalid_json', 'The webhook body is not JSON');
    }
    const ev = webhookEventOf(c.req.raw.headers, payload);
    const eventId = ev.eventId ?? ev.webhookId;
    if (eventId) {
      const fresh = await db.insert(webhookEvents).values({ channelId, eventId, receivedAt: new Date().toISOString() }).onConflictDoNothing().returning({ eventId: webhookEvents.eventId });
      if (!fresh.length) return c.json({ ok: true, duplicate: true }, 200);
    }
    const order = ev.topic ? orderFromWebhook(ev.topic, payload) : null;
    if (!order || !channel.settings.orderPull) return c.json({ ok: true, ignored: true }, 200);
    try {
      await importPulled(c.env, db, channel, [{ ...order, mallUpdatedAt: order.mallUpdatedAt ?? ev.updatedAt ?? undefined }]);
    } catch (e) {
      // Let Shopify deliver it again: forget the event id so the retry is not taken for a duplicate.
      if (eventId) await db.delete(webhookEvents).where(and(eq(webhookEvents.channelId, channelId), eq(webhookEvents.eventId, eventId)));
      throw e;
    }
    return c.json({ ok: true }, 200);
  },
);

export default app;
