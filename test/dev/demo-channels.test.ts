import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../worker/dev/seed';
import { DEMO_PRODUCTS, DEMO_STORES, demoStoreEndpoint } from '../../worker/dev/demo-channels';
import { Client } from '../helpers/client';
import { postLogin } from '../helpers/tenant';

interface ChannelJson {
  id: string;
  type: string;
  name: string;
  endpoint: string | null;
  settings: Record<string, unknown>;
  credentialsStored: string[];
}

const seed = async (stores?: string) => {
  const res = await new Client().api(`/dev/seed${stores ? `?stores=${encodeURIComponent(stores)}` : ''}`, { method: 'POST' });
  return { status: res.status, body: (await res.json()) as { created: string[]; stores?: { type: string; id: string; name: string; endpoint: string }[] } };
};

const demoAdmin = async () => {
  const admin = new Client();
  expect((await postLogin(admin, DEMO.account, DEMO.admin.loginId, DEMO.admin.password)).status).toBe(200);
  return admin;
};

describe('the demo stores (POST /api/v1/dev/seed?stores=…, development only)', () => {
  it('creates one channel per mall on the fakes with their listings, once', async () => {
    const fakes = inject('fakesUrl');
    const first = await seed(fakes);
    expect(first.status).toBe(200);
    expect(first.body.stores?.map((s) => s.type).sort()).toEqual(['amazon', 'rakuten', 'shopify', 'yahoo']);
    for (const s of first.body.stores!) expect(s.endpoint).toBe(`${fakes}/${s.type}/demo`);

    // Seeding again (with or without the stores) changes nothing.
    const again = await seed(fakes);
    expect(again.body.created).toEqual([]);
    expect(again.body.stores).toEqual(first.body.stores);
    expect((await seed()).body).toEqual({ created: [] });

    const admin = await demoAdmin();
    const res = await admin.api('/channels');
    expect(res.status).toBe(200);
    const text = await res.text();
    const items = (JSON.parse(text) as { items: ChannelJson[] }).items;
    expect(items).toHaveLength(4);
    for (const store of DEMO_STORES) {
      const ch = items.find((c) => c.type === store.type)!;
      expect(ch).toMatchObject({
        id: first.body.stores!.find((s) => s.type === store.type)!.id,
        name: store.name,
        endpoint: demoStoreEndpoint(fakes, store.type),
        settings: { orderPull: true, stockPush: true, shipmentPush: true },
      });
      // Which keys are stored is shown; the values never are.
      expect(ch.credentialsStored.length).toBeGreaterThan(0);
      for (const value of Object.values(store.credentials)) expect(text).not.toContain(value);

      const listings = (await (await admin.api(`/channels/${ch.id}/listings`)).json()) as { items: { sku: string; remoteId: string; remoteVariantId: string | null }[] };
      expect(listings.items).toEqual(
        store.listings.map((l) => ({ sku: l.sku, remoteId: l.remoteId, remoteVariantId: l.remoteVariantId ?? null })).sort((a, b) => a.sku.localeCompare(b.sku)),
      );
      expect(listings.items.map((l) => l.sku).sort()).toEqual(DEMO_PRODUCTS.map((p) => p.sku).sort());
    }
    for (const c of items) expect(JSON.stringify(await (await admin.api(`/channels/${c.id}`)).json())).not.toMatch(/shpat_|SP123456|kura-client-secret|Atzr\|/);
  });

  it('sends the stores only to this machine', async () => {
    for (const stores of ['https://example.com', 'http://10.0.0.1:8790', 'http://127.0.0.1.example.com:8790', 'file:///etc/passwd']) {
      expect((await seed(stores)).status, stores).toBe(400);
    }
  });
});
