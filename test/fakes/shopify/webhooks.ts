/**
 * Webhook deliveries as Shopify makes them
 * (https://shopify.dev/docs/apps/build/webhooks/delivery-structure,
 *  https://shopify.dev/docs/apps/build/webhooks/verify-deliveries,
 *  https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates):
 * a POST of the REST-shaped JSON with X-Shopify-Topic, X-Shopify-Hmac-Sha256
 * (base64 HMAC-SHA256 of the raw body keyed with the app's client secret),
 * X-Shopify-Shop-Domain, X-Shopify-API-Version, X-Shopify-Webhook-Id,
 * X-Shopify-Event-Id and X-Shopify-Triggered-At.
 *
 * The quirks a receiver must survive, switched on with __fake/config:
 *   duplicateWebhooks: true   every delivery is sent twice (same event and webhook id)
 *   outOfOrderWebhooks: true  an order's orders/create is held back and arrives after its next event
 *   badSignature: true        the HMAC is computed with the wrong secret
 * Deliveries go out one at a time, in order, and each is recorded with op 'webhook'.
 */
import type { FakeBase } from '../harness.ts';
import { FAKE_API_VERSIONS, FAKE_SHOP_DOMAIN, FAKE_WEBHOOK_SECRET } from './constants.ts';

export type WebhookTopic = 'orders/create' | 'orders/updated' | 'orders/cancelled';

interface WebhookEvent {
  topic: WebhookTopic;
  /** the order the event is about, for holding events back */
  subject: string;
  eventId: string;
  triggeredAt: string;
  /** serialized when the event happened, so a late delivery carries the old state */
  body: string;
}

/** GraphQL topic enum → webhook topic header (WebhookSubscriptionTopic ORDERS_CREATE → orders/create). */
export const TOPIC_BY_ENUM: Record<string, WebhookTopic> = {
  ORDERS_CREATE: 'orders/create',
  ORDERS_UPDATED: 'orders/updated',
  ORDERS_CANCELLED: 'orders/cancelled',
};

/** How long an out-of-order create waits for a later event before it goes anyway. */
const HOLD_MS = 2000;

const base64 = (bytes: ArrayBuffer): string => btoa(String.fromCharCode(...new Uint8Array(bytes)));

export const signBody = async (body: string, secret: string): Promise<string> => {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base64(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
};

export class WebhookSender {
  private base: FakeBase;
  /** topic → callback URIs registered with webhookSubscriptionCreate */
  subscriptions: { id: string; topic: WebhookTopic; uri: string; createdAt: string }[] = [];
  private queue: Promise<void> = Promise.resolve();
  private held = new Map<string, { event: WebhookEvent; timer: ReturnType<typeof setTimeout> }>();

  constructor(base: FakeBase) {
    this.base = base;
  }

  private targets(topic: WebhookTopic): string[] {
    const urls = this.subscriptions.filter((s) => s.topic === topic).map((s) => s.uri);
    const configured = this.base.config.webhookUrl;
    if (typeof configured === 'string' && configured) urls.unshift(configured);
    return [...new Set(urls)];
  }

  /** An event happened to `subject` (an order GID); `payload` is its webhook body now. */
  emit(topic: WebhookTopic, subject: string, payload: unknown): void {
    const event: WebhookEvent = { topic, subject, eventId: crypto.randomUUID(), triggeredAt: new Date().toISOString(), body: JSON.stringify(payload) };
    const held = this.held.get(subject);
    if (held) {
      // The newer event overtakes the one held back: the receiver sees them out of order.
      clearTimeout(held.timer);
      this.held.delete(subject);
      this.enqueue(event);
      this.enqueue(held.event);
      return;
    }
    if (this.base.config.outOfOrderWebhooks === true && topic === 'orders/create') {
      const timer = setTimeout(() => {
        this.held.delete(subject);
        this.enqueue(event);
      }, HOLD_MS);
      this.held.set(subject, { event, timer });
      return;
    }
    this.enqueue(event);
  }

  private enqueue(event: WebhookEvent): void {
    const times = this.base.config.duplicateWebhooks === true ? 2 : 1;
    for (const url of this.targets(event.topic)) {
      const webhookId = crypto.randomUUID();
      for (let i = 0; i < times; i++) this.queue = this.queue.then(() => this.deliver(event, url, webhookId));
    }
  }

  /** Resolves when every delivery queued so far has been attempted. */
  settled(): Promise<void> {
    return this.queue;
  }

  private async deliver(event: WebhookEvent, url: string, webhookId: string): Promise<void> {
    const secret = typeof this.base.config.webhookSecret === 'string' ? this.base.config.webhookSecret : FAKE_WEBHOOK_SECRET;
    const hmac = await signBody(event.body, this.base.config.badSignature === true ? `${secret}-not-the-secret` : secret);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': event.topic,
      'X-Shopify-Hmac-Sha256': hmac,
      'X-Shopify-Shop-Domain': typeof this.base.config.shopDomain === 'string' ? this.base.config.shopDomain : FAKE_SHOP_DOMAIN,
      'X-Shopify-API-Version': typeof this.base.config.webhookApiVersion === 'string' ? this.base.config.webhookApiVersion : FAKE_API_VERSIONS[FAKE_API_VERSIONS.length - 1],
      'X-Shopify-Webhook-Id': webhookId,
      'X-Shopify-Event-Id': event.eventId,
      'X-Shopify-Triggered-At': event.triggeredAt,
    };
    let status = 0;
    try {
      const res = await fetch(url, { method: 'POST', headers, body: event.body, signal: AbortSignal.timeout(5000) });
      status = res.status;
      await res.body?.cancel();
    } catch {
      status = 0; // Shopify would retry later; the fake only records the failure
    }
    this.base.received.push({
      at: new Date().toISOString(),
      op: 'webhook',
      path: url,
      body: { topic: event.topic, url, status, headers, payload: JSON.parse(event.body) },
    });
  }
}
