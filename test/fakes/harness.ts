/**
 * What every mall conformance fake shares: isolated instances, the control
 * endpoints tests and the demo generator use, a record of what the fake
 * received, fault injection and a token bucket for the malls' rate limits.
 *
 * A fake is mounted at /<mall>/<instance>/…; the instance is created on first
 * use, so each test (and the demo) points its channel's `endpoint` at its own
 * instance, e.g. http://127.0.0.1:8790/rakuten/t-123, and never sees another
 * test's state. Control endpoints live beside the mall's own under __fake/:
 *
 *   GET  __fake/received          every call the fake accepted, oldest first
 *   GET  __fake/stock             the quantity per item key as the mall now shows it
 *   POST __fake/items             [{sku, remoteId, remoteVariantId?, quantity}] listings that exist
 *   POST __fake/orders            a neutral FakeOrderSpec → the mall's own order (answers its id)
 *   POST __fake/orders/:id/cancel the store cancels an order
 *   POST __fake/faults            FaultSpec: the next N matching calls fail that way
 *   POST __fake/config            { rateLimits?: boolean, latencyMs?: number, ...mall specific }
 *   POST __fake/reset             back to empty
 *
 * Runs under Node (npm start, test global setup) and, being plain Hono, could
 * run anywhere fetch does. Only erasable TypeScript here: Node strips the types.
 */
import { Hono, type Context } from 'hono';

/** A mall-neutral order the tests and the demo generator place on a fake. */
export interface FakeOrderSpec {
  externalId?: string;
  orderedAt?: string;
  customer: { name: string; kana?: string; email?: string; phone?: string };
  shipTo: { name: string; postalCode: string; prefecture: string; city: string; address1: string; address2?: string; phone: string };
  lines: { sku: string; quantity: number; unitPrice: number; name?: string }[];
  /** mall-neutral payment word: 'card' | 'bank' | 'cod' | 'convenience' | 'paypay' ... */
  payment?: string;
  paid?: boolean;
  shippingFee?: number;
  desiredDate?: string;
  timeSlot?: string;
  note?: string;
  /** Amazon only: fulfilled by Amazon (AFN). */
  fulfilledByMall?: boolean;
}

export interface FakeItem {
  sku: string;
  remoteId: string;
  remoteVariantId?: string;
  quantity: number;
}

export type FaultSpec = {
  /** 'status': answer `status` (with Retry-After when given); 'timeout': hold the answer `ms`, then fail; 'throttle': the mall's own throttling error */
  kind: 'status' | 'timeout' | 'throttle';
  status?: number;
  retryAfter?: number;
  ms?: number;
  /** how many calls it hits (default 1) */
  count?: number;
  /** only calls whose path contains this */
  match?: string;
};

export interface Received {
  at: string;
  /** 'stock' | 'shipment' | 'orders' | 'auth' | ... as the fake names its operations */
  op: string;
  path: string;
  body: unknown;
}

/** A token bucket in real time (the malls' own limits; tests can switch it off with __fake/config). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  capacity: number;
  perSecond: number;
  constructor(capacity: number, perSecond: number) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.tokens = capacity;
    this.last = Date.now();
  }
  /** Takes `n` tokens if there are; otherwise answers the seconds until there would be. */
  take(n = 1): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= n) {
      this.tokens -= n;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.ceil((n - this.tokens) / this.perSecond) };
  }
  available(): number {
    const now = Date.now();
    return Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
  }
}

/** The state every instance has; each mall keeps its own model beside it. */
export class FakeBase {
  received: Received[] = [];
  faults: FaultSpec[] = [];
  config: { rateLimits: boolean; latencyMs: number; [k: string]: unknown } = { rateLimits: true, latencyMs: 0 };
  record(c: Context, op: string, body: unknown): void {
    this.received.push({ at: new Date().toISOString(), op, path: new URL(c.req.url).pathname, body });
  }
  /** The next fault matching this path, consumed. */
  takeFault(path: string): FaultSpec | undefined {
    const i = this.faults.findIndex((f) => !f.match || path.includes(f.match));
    if (i < 0) return undefined;
    const f = this.faults[i];
    const left = (f.count ?? 1) - 1;
    if (left <= 0) this.faults.splice(i, 1);
    else this.faults[i] = { ...f, count: left };
    return f;
  }
}

/** What a mall module provides: its own routes on a fresh instance, and the control hooks. */
export interface MallFake {
  base: FakeBase;
  /** the mall's documented endpoints (paths relative to the instance) */
  routes: Hono;
  addItems(items: FakeItem[]): void;
  /** item key → quantity, as the mall would show it to a shopper */
  quantities(): Record<string, number>;
  placeOrder(spec: FakeOrderSpec): { id: string };
  cancelOrder(id: string): boolean;
  /** the mall's own throttling answer (Shopify THROTTLED in a 200, Rakuten 429 ...) */
  throttled(c: Context, retryAfterSeconds: number): Response | Promise<Response>;
  /** mall-specific config keys (e.g. Shopify webhook address and secret) */
  configure?(config: Record<string, unknown>): void | Promise<void>;
}

/**
 * Mounts a mall: /:instance/__fake/* control routes, fault injection and
 * latency in front of the mall's routes.
 */
export const mountMall = (create: (instance: string) => MallFake): Hono => {
  const instances = new Map<string, MallFake>();
  const get = (id: string) => {
    let f = instances.get(id);
    if (!f) {
      f = create(id);
      instances.set(id, f);
    }
    return f;
  };
  const app = new Hono();
  app.get('/:instance/__fake/received', (c) => {
    const op = c.req.query('op');
    const all = get(c.req.param('instance')).base.received;
    return c.json(op ? all.filter((r) => r.op === op) : all);
  });
  app.get('/:instance/__fake/stock', (c) => c.json(get(c.req.param('instance')).quantities()));
  app.post('/:instance/__fake/items', async (c) => {
    get(c.req.param('instance')).addItems(await c.req.json());
    return c.json({ ok: true });
  });
  app.post('/:instance/__fake/orders', async (c) => c.json(get(c.req.param('instance')).placeOrder(await c.req.json()), 201));
  app.post('/:instance/__fake/orders/:id/cancel', (c) => {
    const ok = get(c.req.param('instance')).cancelOrder(c.req.param('id'));
    return c.json({ ok }, ok ? 200 : 404);
  });
  app.post('/:instance/__fake/faults', async (c) => {
    const body = (await c.req.json()) as FaultSpec | FaultSpec[];
    get(c.req.param('instance')).base.faults.push(...(Array.isArray(body) ? body : [body]));
    return c.json({ ok: true });
  });
  app.post('/:instance/__fake/config', async (c) => {
    const f = get(c.req.param('instance'));
    const body = (await c.req.json()) as Record<string, unknown>;
    Object.assign(f.base.config, body);
    await f.configure?.(body);
    return c.json(f.base.config);
  });
  app.post('/:instance/__fake/reset', (c) => {
    instances.delete(c.req.param('instance'));
    return c.json({ ok: true });
  });
  app.all('/:instance/*', async (c) => {
    const instance = c.req.param('instance');
    const f = get(instance);
    const url = new URL(c.req.url);
    const prefix = url.pathname.indexOf(`/${instance}/`);
    const rest = url.pathname.slice(prefix + instance.length + 1);
    if (f.base.config.latencyMs > 0) await new Promise((r) => setTimeout(r, f.base.config.latencyMs));
    const fault = f.base.takeFault(rest);
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfter != null ? { 'Retry-After': String(fault.retryAfter) } : {};
      return c.json({ error: 'injected fault' }, (fault.status ?? 500) as 500, headers);
    }
    if (fault?.kind === 'timeout') {
      await new Promise((r) => setTimeout(r, fault.ms ?? 20_000));
      return c.json({ error: 'injected timeout' }, 504);
    }
    if (fault?.kind === 'throttle') return f.throttled(c, fault.retryAfter ?? 1);
    const method = c.req.method;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer();
    const inner = new Request(new URL(rest + url.search, url.origin), { method, headers: c.req.raw.headers, body });
    return f.routes.fetch(inner);
  });
  return app;
};

/** How quantities() and the tests name an item: remoteId, or remoteId/remoteVariantId for a variant. */
export const itemKey = (i: { remoteId: string; remoteVariantId?: string | null }): string =>
  i.remoteVariantId ? `${i.remoteId}/${i.remoteVariantId}` : i.remoteId;

/** Small id helper: mall-looking numbers without a dependency. */
export const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
