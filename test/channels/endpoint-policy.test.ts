import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MallError } from '../../worker/channels/adapter';
import { checkEndpoint, hostMatches, parseHostList, REFUSAL_MESSAGES, type EndpointContext } from '../../worker/channels/endpoint-policy';
import { mallFetch } from '../../worker/channels/http';
import type { Connection as GuardedConnection } from '../../worker/channels/adapter';
import { mallHostsOf } from '../../worker/channels/mall-hosts';
import * as channelTexts from '../../web/src/i18n/channels';
import { rakutenAdapter } from '../../worker/channels/rakuten/adapter';
import { connectionOf, findChannel } from '../../worker/channels/service';
import { createDb } from '../../worker/db/client';
import type { Env } from '../../worker/env';
import { Client, errorOf, eventually } from '../helpers/client';
import { connectChannel, FAKE_CREDENTIALS } from '../helpers/channels';
import { fakeMall } from '../helpers/fakes';
import { createSku } from '../helpers/orders';
import { createTenant, signIn, sql, sqlFirst, type Tenant } from '../helpers/tenant';

/**
 * A channel's endpoint receives the store's sealed secrets on every call, so
 * Kura refuses endpoints that point anywhere but the mall (or, in development,
 * the conformance fakes on loopback), checks every URL again when it sends,
 * and never sends a store's credentials to an endpoint they were not entered for.
 */

const DEV: EndpointContext = { development: true, mallHosts: mallHostsOf('rakuten'), sandboxHosts: [] };
const PROD: EndpointContext = { development: false, mallHosts: mallHostsOf('rakuten'), sandboxHosts: parseHostList('rms-sandbox.example.com, *.sandbox.example.net') };
const reasonOf = (url: string, ctx: EndpointContext) => {
  const v = checkEndpoint(url, ctx);
  return v.ok ? 'ok' : v.reason;
};

describe('the endpoint rule (pure)', () => {
  // Refused in every environment: each way of reaching an internal address, or of hiding one.
  const refusedEverywhere: [string, string][] = [
    ['http://169.254.169.254/latest/meta-data/', 'private_address'],
    ['http://10.0.0.1/', 'private_address'],
    ['http://172.16.0.1', 'private_address'],
    ['http://172.31.255.254/', 'private_address'],
    ['http://192.168.1.1', 'private_address'],
    ['http://100.64.0.1/', 'private_address'],
    ['http://0.0.0.0', 'private_address'],
    ['http://0.1.2.3/', 'private_address'],
    ['http://224.0.0.1/', 'private_address'],
    ['http://255.255.255.255/', 'private_address'],
    ['http://240.0.0.1/', 'private_address'],
    ['http://[fc00::1]', 'private_address'],
    ['http://[fd12:3456::1]/', 'private_address'],
    ['http://[fe80::1]', 'private_address'],
    ['http://[::]/', 'private_address'],
    ['http://[ff02::1]/', 'private_address'],
    ['http://[::7f00:1]/', 'private_address'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'private_address'],
    ['http://2130706433', 'non_canonical_host'],
    ['http://2130706433/', 'non_canonical_host'],
    ['http://0x7f000001', 'non_canonical_host'],
    ['http://0x7f000001/', 'non_canonical_host'],
    ['http://0xa9fea9fe/latest/meta-data/', 'non_canonical_host'],
    ['http://0177.0.0.1', 'non_canonical_host'],
    ['http://0177.0.0.1/', 'non_canonical_host'],
    ['http://127.1', 'non_canonical_host'],
    ['http://10.1/', 'non_canonical_host'],
    ['http://127.0.0.1./', 'non_canonical_host'],
    ['http://%31%32%37.0.0.1/', 'non_canonical_host'],
    ['http://[::ffff:127.0.0.1]', 'non_canonical_host'],
    ['http://[::ffff:7f00:1]', 'non_canonical_host'],
    ['http://[::ffff:a9fe:a9fe]/', 'non_canonical_host'],
    ['http://[0:0:0:0:0:0:0:1]/', 'non_canonical_host'],
    ['https://user:pass@example.com/', 'userinfo'],
    ['https://user@example.com/', 'userinfo'],
    ['https://@example.com/', 'userinfo'],
    ['http://user:pass@127.0.0.1:8790/', 'userinfo'],
    ['ftp://example.com/', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['data:text/plain,hi', 'scheme'],
    ['http:example.com', 'invalid_url'],
    ['http:\\\\127.0.0.1\\x', 'invalid_url'],
    ['http://exa\tmple.com/', 'invalid_url'],
    [' http://example.com/', 'invalid_url'],
    ['not a url', 'invalid_url'],
    ['', 'invalid_url'],
  ];

  it.each(refusedEverywhere)('refuses %s in development (%s)', (url, reason) => {
    expect(reasonOf(url, DEV)).toBe(reason);
  });

  it.each(refusedEverywhere)('refuses %s in production too', (url) => {
    expect(reasonOf(url, PROD)).not.toBe('ok');
  });

  it('loopback (the conformance fakes) is allowed in development only', () => {
    for (const url of ['http://127.0.0.1:8790/rakuten/demo', 'http://[::1]/', 'http://[::1]:8080/x', 'http://localhost:8787/', 'http://127.0.0.2/']) {
      expect(reasonOf(url, DEV), url).toBe('ok');
      expect(reasonOf(url, PROD), url).toBe('loopback');
    }
  });

  it('in development any public http(s) host is allowed; in production only https to the mall or an allowed sandbox', () => {
    expect(reasonOf('http://example.com/', DEV)).toBe('ok');
    expect(reasonOf('https://example.com/', DEV)).toBe('ok');
    expect(reasonOf('https://api.rms.rakuten.co.jp', PROD)).toBe('ok');
    expect(reasonOf('https://API.rms.Rakuten.co.jp:443/es/2.0/', PROD)).toBe('ok');
    expect(reasonOf('http://api.rms.rakuten.co.jp', PROD)).toBe('https_required');
    expect(reasonOf('https://rms-sandbox.example.com/', PROD)).toBe('ok');
    expect(reasonOf('https://a.sandbox.example.net/', PROD)).toBe('ok');
    expect(reasonOf('https://sandbox.example.net/', PROD)).toBe('host_not_allowed');
    expect(reasonOf('https://example.com/', PROD)).toBe('host_not_allowed');
    expect(reasonOf('https://api.rms.rakuten.co.jp.evil.example/', PROD)).toBe('host_not_allowed');
    expect(reasonOf('https://evilapi.rms.rakuten.co.jp/', PROD)).toBe('host_not_allowed');
    expect(reasonOf('https://8.8.8.8/', PROD)).toBe('host_not_allowed');
    expect(reasonOf('https://ドメイン.jp/', DEV)).toBe('non_canonical_host');
  });

  it('every refusal reason is shown in Japanese and English on the channel form (translated by its reason, never by its English text)', () => {
    for (const reason of Object.keys(REFUSAL_MESSAGES)) {
      const key = `channels.form.endpointRefused.${reason}` as keyof typeof channelTexts.ja;
      expect(channelTexts.ja[key], reason).toMatch(/[ぁ-んァ-ン一-龯]/);
      expect(channelTexts.en[key], reason).toBeTruthy();
    }
  });

  it('the malls’ own hosts are the ones their adapters call', () => {
    expect(mallHostsOf('rakuten')).toEqual(['api.rms.rakuten.co.jp']);
    expect(mallHostsOf('yahoo').sort()).toEqual(['auth.login.yahoo.co.jp', 'circus.shopping.yahooapis.jp', 'test.circus.shopping.yahooapis.jp']);
    expect(mallHostsOf('amazon').sort()).toEqual(['api.amazon.com', 'sandbox.sellingpartnerapi-fe.amazon.com', 'sellingpartnerapi-fe.amazon.com']);
    expect(mallHostsOf('shopify')).toEqual(['*.myshopify.com']);
    expect(hostMatches('kura-demo.myshopify.com', mallHostsOf('shopify'))).toBe(true);
    expect(hostMatches('myshopify.com', mallHostsOf('shopify'))).toBe(false);
    expect(hostMatches('kura-demo.myshopify.com.evil.example', mallHostsOf('shopify'))).toBe(false);
    expect(parseHostList(' A.example ,, *.B.example ')).toEqual(['a.example', '*.b.example']);
    expect(parseHostList(undefined)).toEqual([]);
  });
});

describe('mallFetch refuses before sending', () => {
  const stub = () => {
    const calls: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      calls.push(String(input));
      return new Response('{}', { status: 200 });
    }) as typeof globalThis.fetch;
    return { calls, fetch };
  };
  const refusal = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(MallError);
    return e as MallError;
  };

  it('an internal or disguised address, with or without the channel’s rule, and never retried', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/x', 'http://0x7f000001/x', 'http://[::ffff:127.0.0.1]/x', 'https://u:p@example.com/x']) {
      const s = stub();
      const e = await refusal(mallFetch({ endpoint: url, credentials: { token: 't' }, fetch: s.fetch }, url, {}));
      expect(e.retryable, url).toBe(false);
      expect(s.calls, url).toEqual([]);
    }
  });

  it('in production a stored loopback endpoint is refused and a mall host is called', async () => {
    const guard = { policy: { development: false, mallHosts: mallHostsOf('shopify'), sandboxHosts: [] } };
    const s = stub();
    const e = await refusal(mallFetch({ endpoint: 'http://127.0.0.1:8790/shopify/x', credentials: {}, fetch: s.fetch, guard } as GuardedConnection, 'http://127.0.0.1:8790/shopify/x/admin', {}));
    expect(e.message).toContain('loopback');
    expect(s.calls).toEqual([]);
    const ok = await mallFetch({ endpoint: 'https://{shopDomain}', credentials: {}, fetch: s.fetch, guard } as GuardedConnection, 'https://kura-demo.myshopify.com/admin/api/2026-10/graphql.json', {});
    expect(ok.status).toBe(200);
    expect(s.calls).toEqual(['https://kura-demo.myshopify.com/admin/api/2026-10/graphql.json']);
  });

  it('a store without credentials is never called (an auth problem for the store, not retried)', async () => {
    const s = stub();
    const conn: GuardedConnection = { endpoint: 'http://127.0.0.1:1/', credentials: {}, fetch: s.fetch, guard: { policy: DEV, credentialsMissing: true } };
    const e = await refusal(mallFetch(conn, 'http://127.0.0.1:1/x', {}));
    expect(e).toMatchObject({ retryable: false, auth: true });
    expect(s.calls).toEqual([]);
  });

  it('a redirect is not followed (it would carry the credentials to a host nobody checked)', async () => {
    const fetch = (async (_: RequestInfo | URL, init?: RequestInit) => {
      expect(init?.redirect).toBe('manual');
      return new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } });
    }) as typeof globalThis.fetch;
    const e = await refusal(mallFetch({ endpoint: 'https://api.rms.rakuten.co.jp', credentials: {}, fetch }, 'https://api.rms.rakuten.co.jp/es/2.0/order/searchOrder/', {}));
    expect(e.retryable).toBe(false);
  });
});

describe('the channel API and the endpoint', () => {
  let t: Tenant;
  let admin: Client;
  const production = { ENVIRONMENT: 'production', MALL_SANDBOX_HOSTS: 'rms-sandbox.example.com,*.sandbox.example.net' } as Partial<Env>;
  const rakuten = (endpoint: string | null) => ({ type: 'rakuten', name: '楽天 本店', endpoint, credentials: { ...FAKE_CREDENTIALS.rakuten } });
  const statusOf = async (id: string) => (await (await admin.api(`/channels/${id}/status`)).json()) as { errors: { kind: string; message: string }[] };

  beforeAll(async () => {
    t = await createTenant();
    admin = await signIn(t, 'admin');
  });

  it('refuses a private, link-local or disguised endpoint with a 400 naming the field, and saves nothing', async () => {
    const before = await sql('SELECT id FROM channels WHERE account_id = ?', t.id);
    for (const endpoint of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://[fe80::1]/', 'http://2130706433/', 'http://0x7f000001/', 'http://0177.0.0.1/', 'http://127.1/', 'http://[::ffff:127.0.0.1]/', 'https://user:pass@example.com/']) {
      const res = await admin.api('/channels', { json: rakuten(endpoint) });
      expect(res.status, endpoint).toBe(400);
      const err = await errorOf(res);
      expect(err.code).toBe('validation_error');
      expect(err.details).toEqual([expect.objectContaining({ field: 'endpoint', code: 'endpoint_not_allowed' })]);
    }
    const ch = await connectChannel(admin, 'rakuten', []);
    const patch = await admin.api(`/channels/${ch.id}`, { method: 'PATCH', json: { endpoint: 'http://169.254.169.254/latest/meta-data/' } });
    expect(patch.status).toBe(400);
    expect((await errorOf(patch)).details).toEqual([expect.objectContaining({ field: 'endpoint', reason: 'private_address' })]);
    expect((await sqlFirst<{ endpoint: string }>('SELECT endpoint FROM channels WHERE id = ?', ch.id))!.endpoint).toBe(ch.fake.endpoint);
    expect((await sql('SELECT id FROM channels WHERE account_id = ?', t.id)).length).toBe(before.length + 1);
  });

  it('in production: https to the mall or an allowed sandbox only; the fakes’ loopback and other hosts are refused', async () => {
    const prod = await signIn(t, 'admin', new Client({ envOverrides: production }));
    const reason = async (endpoint: string | null) => {
      const res = await prod.api('/channels', { json: rakuten(endpoint) });
      if (res.status === 201) return 'created';
      expect(res.status).toBe(400);
      return ((await errorOf(res)).details as { reason: string }[])[0].reason;
    };
    expect(await reason(null)).toBe('created');
    expect(await reason('https://api.rms.rakuten.co.jp')).toBe('created');
    expect(await reason('https://rms-sandbox.example.com/')).toBe('created');
    expect(await reason('https://a.sandbox.example.net/')).toBe('created');
    expect(await reason('http://api.rms.rakuten.co.jp')).toBe('https_required');
    expect(await reason('https://example.com/')).toBe('host_not_allowed');
    expect(await reason(fakeMall('rakuten').endpoint)).toBe('loopback');
    expect(await reason('http://[::1]/')).toBe('loopback');
  });

  it('a new endpoint drops the stored credentials: nothing is sent there until they are entered again', async () => {
    const ch = await connectChannel(admin, 'rakuten', []);
    const elsewhere = fakeMall('rakuten');
    const res = await admin.api(`/channels/${ch.id}`, { method: 'PATCH', json: { endpoint: elsewhere.endpoint } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { credentialsStored: string[] }).credentialsStored).toEqual([]);
    const log = await sqlFirst<{ after: string }>("SELECT after FROM operation_logs WHERE account_id = ? AND action = 'channel.update' AND target_id = ? ORDER BY id DESC", t.id, ch.id);
    // the operation log names the credentials that were dropped (never their values)
    expect(JSON.parse(log!.after)).toMatchObject({ endpoint: elsewhere.endpoint, droppedKeys: ['serviceSecret', 'licenseKey'] });
    expect(log!.after).not.toContain(FAKE_CREDENTIALS.rakuten.serviceSecret);

    // the connection test and a manual sync refuse clearly instead of calling the mall
    const test = await admin.api(`/channels/${ch.id}/test`, { method: 'POST' });
    expect(test.status).toBe(409);
    expect((await errorOf(test)).code).toBe('credentials_missing');
    const sync = await admin.api(`/channels/${ch.id}/sync`, { json: { what: 'orders' } });
    expect(sync.status).toBe(409);
    expect((await errorOf(sync)).code).toBe('credentials_missing');

    // a stock push (through the channel's sync) is refused at send time, too
    const sku = await createSku(admin, `EP-${Date.now().toString(36)}`, 4);
    await elsewhere.addItems([{ sku, remoteId: 'ep-item', remoteVariantId: 'ep-v', quantity: 0 }]);
    expect((await admin.api(`/channels/${ch.id}/listings`, { method: 'PUT', json: { items: [{ sku, remoteId: 'ep-item', remoteVariantId: 'ep-v' }] } })).status).toBe(200);
    // (the adapter or mallFetch refuses, whichever notices first; the store hears nothing)
    await eventually(async () => expect((await statusOf(ch.id)).errors.map((e) => e.kind)).toContain('stock'), 10_000);
    expect(await elsewhere.received()).toEqual([]);

    // entered again: the store is called
    const again = await admin.api(`/channels/${ch.id}`, { method: 'PATCH', json: { credentials: { ...FAKE_CREDENTIALS.rakuten } } });
    expect(((await again.json()) as { credentialsStored: string[] }).credentialsStored.sort()).toEqual(['licenseKey', 'serviceSecret']);
    expect(await (await admin.api(`/channels/${ch.id}/test`, { method: 'POST' })).json()).toMatchObject({ ok: true });
    expect((await elsewhere.received('orders')).length).toBeGreaterThan(0);
  });

  it('a new endpoint takes only a full new set of credentials; the same endpoint keeps them; back to the default drops them', async () => {
    const ch = await connectChannel(admin, 'rakuten', []);
    const elsewhere = fakeMall('rakuten');
    // only part of a set: the old licence key must not travel to the new host
    const partial = await admin.api(`/channels/${ch.id}`, { method: 'PATCH', json: { endpoint: elsewhere.endpoint, credentials: { serviceSecret: FAKE_CREDENTIALS.rakuten.serviceSecret } } });
    expect(partial.status).toBe(400);
    expect(JSON.stringify(await errorOf(partial))).toContain('credentials.licenseKey');
    expect((await sqlFirst<{ endpoint: string }>('SELECT endpoint FROM channels WHERE id = ?', ch.id))!.endpoint).toBe(ch.fake.endpoint);

    const same = await admin.api(`/channels/${ch.id}`, { method: 'PATCH', json: { endpoint: ch.fake.endpoint, name: '改名' } });
    expect(((await same.json()) as { credentialsStored: string[] }).credentialsStored.sort()).toEqual(['licenseKey', 'serviceSecret']);

    const full = await admin.api(`/channels/${ch.id}`, { method: 'PATCH', json: { endpoint: elsewhere.endpoint, credentials: { ...FAKE_CREDENTIALS.rakuten } } });
    expect(((await full.json()) as { credentialsStored: string[] }).credentialsStored.sort()).toEqual(['licenseKey', 'serviceSecret']);
    expect(await (await admin.api(`/channels/${ch.id}/test`, { method: 'POST' })).json()).toMatchObject({ ok: true });

    const toDefault = await admin.api(`/channels/${ch.id}`, { method: 'PATCH', json: { endpoint: null } });
    expect(toDefault.status).toBe(200);
    expect(await toDefault.json()).toMatchObject({ endpoint: null, credentialsStored: [] });
    expect((await admin.api(`/channels/${ch.id}/test`, { method: 'POST' })).status).toBe(409);
  });

  it('a token refresh that finishes after the endpoint changed does not bring the dropped credentials back', async () => {
    const ch = await connectChannel(admin, 'yahoo', []);
    const db = createDb(env.DB);
    const conn = await connectionOf(env as Env, db, await findChannel(db, t.id, ch.id));
    expect((await admin.api(`/channels/${ch.id}`, { method: 'PATCH', json: { endpoint: fakeMall('yahoo').endpoint } })).status).toBe(200);
    await conn.saveCredentials!({ ...conn.credentials, accessToken: 'refreshed', accessTokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(await (await admin.api(`/channels/${ch.id}`)).json()).toMatchObject({ credentialsStored: [] });
  });

  it('an endpoint stored before the rule is never called: the test refuses and the sync refuses at send time', async () => {
    const ch = await connectChannel(admin, 'rakuten', []);
    // the same fake, written as 127.1 (which reaches 127.0.0.1): stored straight into D1 as an old row would be
    const disguised = ch.fake.endpoint.replace('://127.0.0.1:', '://127.1:');
    expect(disguised).not.toBe(ch.fake.endpoint);
    await sql('UPDATE channels SET endpoint = ? WHERE id = ?', disguised, ch.id);

    const test = await admin.api(`/channels/${ch.id}/test`, { method: 'POST' });
    expect(test.status).toBe(409);
    expect(await errorOf(test)).toMatchObject({ code: 'endpoint_not_allowed', details: { reason: 'non_canonical_host' } });

    // the adapter itself, on the stored row: mallFetch refuses before any request leaves
    const db = createDb(env.DB);
    const conn = await connectionOf(env as Env, db, await findChannel(db, t.id, ch.id));
    await expect(rakutenAdapter.testConnection(conn)).rejects.toMatchObject({ name: 'MallError', retryable: false });

    // and a stock push through the channel's sync
    const sku = await createSku(admin, `EPS-${Date.now().toString(36)}`, 3);
    await ch.fake.addItems([{ sku, remoteId: 'eps-item', remoteVariantId: 'eps-v', quantity: 0 }]);
    expect((await admin.api(`/channels/${ch.id}/listings`, { method: 'PUT', json: { items: [{ sku, remoteId: 'eps-item', remoteVariantId: 'eps-v' }] } })).status).toBe(200);
    await eventually(async () => expect((await statusOf(ch.id)).errors.map((e) => e.message).join()).toContain('Kura does not send credentials to this address'), 10_000);
    expect(await ch.fake.received()).toEqual([]);
  });

  it('in production a fake’s loopback endpoint stored earlier is refused: the test answers 409 and the fake hears nothing', async () => {
    const ch = await connectChannel(admin, 'rakuten', []);
    const prod = await signIn(t, 'admin', new Client({ envOverrides: production }));
    const test = await prod.api(`/channels/${ch.id}/test`, { method: 'POST' });
    expect(test.status).toBe(409);
    expect(await errorOf(test)).toMatchObject({ code: 'endpoint_not_allowed', details: { reason: 'loopback' } });
    const db = createDb(env.DB);
    const conn = await connectionOf({ ...(env as Env), ...production } as Env, db, await findChannel(db, t.id, ch.id));
    await expect(rakutenAdapter.testConnection(conn)).rejects.toMatchObject({ name: 'MallError', retryable: false });
    expect(await ch.fake.received()).toEqual([]);
  });
});
