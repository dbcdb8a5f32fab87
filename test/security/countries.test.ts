import { describe, expect, it } from 'vitest';
import { jstDate } from '../../worker/lib/time';
import { Client, errorOf } from '../helpers/client';
import { uniqueRange4 } from '../helpers/net';
import { createTenant, postLogin, signIn, type Tenant } from '../helpers/tenant';

const DAY = 86_400_000;
const today = () => jstDate();
const daysFromToday = (n: number) => jstDate(Date.now() + n * DAY);

const addException = async (admin: Client, body: { country: string; from: string; to: string; cidrs: string[] }) => {
  const res = await admin.api('/settings/country-exceptions', { json: body });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string };
};

/** A tenant with a signed-in admin (in Japan) and an operator "traveller". */
const setup = async () => {
  const t = await createTenant({ users: [{ loginId: 'traveller', role: 'operator' }] });
  const admin = await signIn(t, 'admin');
  return { t, admin };
};

const loginFrom = (t: Tenant, country: string, ip: string) => postLogin(new Client({ country, ip }), t.code, 'traveller', t.users.traveller.password);

describe('use from Japan only', () => {
  it('a request from outside Japan gets 403 country_not_allowed: API, sign-in, signed-in API and web pages', async () => {
    const { t, admin } = await setup();
    const ip = uniqueRange4().ip(9);
    const us = new Client({ country: 'US', ip });

    const health = await us.fetch('/api/health');
    expect(health.status).toBe(403);
    expect((await errorOf(health)).code).toBe('country_not_allowed');

    const login = await loginFrom(t, 'US', ip);
    expect(login.status).toBe(403);
    expect((await errorOf(login)).code).toBe('country_not_allowed');

    const session = new Client({ country: 'DE', ip });
    session.cookie = admin.cookie;
    const me = await session.api('/me');
    expect(me.status).toBe(403);
    expect((await errorOf(me)).code).toBe('country_not_allowed');

    expect((await us.fetch('/')).status).toBe(403);
    // the header is read case-insensitively
    expect((await new Client({ country: 'us', ip }).fetch('/api/health')).status).toBe(403);
    // and Japan is fine
    expect((await new Client({ country: 'JP', ip }).fetch('/api/health')).status).toBe(200);
  });
});

describe('country exceptions', () => {
  it('let that country in, from its ranges, inside its period; not from other ranges or countries', async () => {
    const { t, admin } = await setup();
    const range = uniqueRange4();
    const other = uniqueRange4();
    await addException(admin, { country: 'US', from: daysFromToday(-1), to: daysFromToday(1), cidrs: [range.cidr] });

    const login = await loginFrom(t, 'US', range.ip(5));
    expect(login.status).toBe(200);
    const us = new Client({ country: 'US', ip: range.ip(5) });
    us.cookie = login.headers.getSetCookie()[0].split(';')[0].split('=')[1];
    expect((await us.api('/me')).status).toBe(200);

    const wrongRange = await loginFrom(t, 'US', other.ip(5));
    expect(wrongRange.status).toBe(403);
    expect((await errorOf(wrongRange)).code).toBe('country_not_allowed');
    const wrongCountry = await loginFrom(t, 'GB', range.ip(5));
    expect(wrongCountry.status).toBe(403);
    expect((await errorOf(wrongCountry)).code).toBe('country_not_allowed');
  });

  it('are inclusive of their first and last day (JST)', async () => {
    const { t, admin } = await setup();
    const startsToday = uniqueRange4();
    const endsToday = uniqueRange4();
    await addException(admin, { country: 'US', from: today(), to: daysFromToday(10), cidrs: [startsToday.cidr] });
    await addException(admin, { country: 'US', from: daysFromToday(-10), to: today(), cidrs: [endsToday.cidr] });
    expect((await loginFrom(t, 'US', startsToday.ip(1))).status).toBe(200);
    expect((await loginFrom(t, 'US', endsToday.ip(1))).status).toBe(200);
  });

  it('do not apply before their period starts or after it ends', async () => {
    const { t, admin } = await setup();
    const ended = uniqueRange4();
    const future = uniqueRange4();
    await addException(admin, { country: 'US', from: daysFromToday(-20), to: daysFromToday(-1), cidrs: [ended.cidr] });
    await addException(admin, { country: 'US', from: daysFromToday(1), to: daysFromToday(20), cidrs: [future.cidr] });
    for (const ip of [ended.ip(1), future.ip(1)]) {
      const res = await loginFrom(t, 'US', ip);
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('country_not_allowed');
    }
  });

  it('belong to their account: another account’s users are not let in by it', async () => {
    const { admin } = await setup();
    const range = uniqueRange4();
    await addException(admin, { country: 'US', from: daysFromToday(-1), to: daysFromToday(1), cidrs: [range.cidr] });
    const other = await createTenant({ users: [{ loginId: 'traveller', role: 'operator' }] });
    const res = await loginFrom(other, 'US', range.ip(3));
    // refused like an unknown company code (no enumeration of codes from outside)
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('invalid_credentials');
    // and a signed-in session of the other account is refused from there, by name
    const me = await (await signIn(other, 'traveller')).fetch('/api/v1/me', { country: 'US', ip: range.ip(4) });
    expect(me.status).toBe(403);
    expect((await errorOf(me)).code).toBe('country_not_allowed');
  });

  it('withdrawing an exception (DELETE) shuts the door again', async () => {
    const { t, admin } = await setup();
    const range = uniqueRange4();
    const { id } = await addException(admin, { country: 'US', from: daysFromToday(-1), to: daysFromToday(1), cidrs: [range.cidr] });
    expect((await loginFrom(t, 'US', range.ip(1))).status).toBe(200);
    const listed = (await (await admin.api('/settings/country-exceptions')).json()) as { items: { id: string; country: string; from: string; to: string; cidrs: string[] }[] };
    expect(listed.items).toEqual([expect.objectContaining({ id, country: 'US', cidrs: [range.cidr] })]);
    expect((await admin.api(`/settings/country-exceptions/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await loginFrom(t, 'US', range.ip(1))).status).toBe(403);
    expect(((await (await admin.api('/settings/country-exceptions')).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('do not bypass the account’s IP allowlist', async () => {
    const home = uniqueRange4();
    const abroad = uniqueRange4();
    const t = await createTenant({ users: [{ loginId: 'traveller', role: 'operator' }] });
    const admin = await signIn(t, 'admin', new Client({ ip: home.ip(1) }));
    await addException(admin, { country: 'US', from: daysFromToday(-1), to: daysFromToday(1), cidrs: [abroad.cidr] });
    await admin.api('/settings/security', { method: 'PUT', json: { ipAllowlist: [home.cidr], lockoutThreshold: 5, lockoutMinutes: 30, mfaRequired: false } });
    const res = await loginFrom(t, 'US', abroad.ip(1));
    // refused like an unknown company code (no enumeration of codes from outside)
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('invalid_credentials');
  });

  it('refuses malformed exceptions: Japan itself, an end before the start, bad ranges or countries', async () => {
    const { admin } = await setup();
    const range = uniqueRange4().cidr;
    const cases = [
      { country: 'JP', from: today(), to: today(), cidrs: [range] },
      { country: 'US', from: daysFromToday(2), to: daysFromToday(1), cidrs: [range] },
      { country: 'US', from: today(), to: today(), cidrs: ['not-a-range'] },
      { country: 'US', from: today(), to: today(), cidrs: [] },
      { country: 'USA', from: today(), to: today(), cidrs: [range] },
      { country: 'US', from: '2026-13-45', to: today(), cidrs: [range] },
    ];
    for (const body of cases) {
      const res = await admin.api('/settings/country-exceptions', { json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_error');
    }
    expect(((await (await admin.api('/settings/country-exceptions')).json()) as { items: unknown[] }).items).toEqual([]);
  });
});
