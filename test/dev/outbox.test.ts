import { describe, expect, it } from 'vitest';
import { DEMO } from '../../worker/dev/seed';
import { Client } from '../helpers/client';
import { createTenant, postLogin } from '../helpers/tenant';

describe('local development outbox and seed (ENVIRONMENT=development)', () => {
  it('GET /api/v1/dev/outbox lists e-mail sent locally, newest first, in the API.md shape', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    for (let i = 0; i < 5; i++) await postLogin(new Client(), t.code, 'staff', 'Wrong-Passw0rd-x');
    const res = await new Client().api('/dev/outbox');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Record<string, unknown>[] };
    const mine = items.filter((m) => m.to === t.users.staff.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toEqual({ channel: 'email', to: t.users.staff.email, subject: expect.any(String), body: expect.stringContaining('staff'), sentAt: expect.stringMatching(/Z$/) });
    const times = items.map((m) => String(m.sentAt));
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('POST /api/v1/dev/seed creates the demo logins once; they sign in', async () => {
    expect((await new Client().api('/dev/seed', { method: 'POST' })).status).toBe(200);
    const second = (await (await new Client().api('/dev/seed', { method: 'POST' })).json()) as { created: string[] };
    expect(second.created).toEqual([]);
    for (const who of [DEMO.admin, DEMO.operator, DEMO.viewer]) {
      expect((await postLogin(new Client(), DEMO.account, who.loginId, who.password)).status).toBe(200);
    }
    expect((await postLogin(new Client(), DEMO.platform.account, DEMO.platform.loginId, DEMO.platform.password)).status).toBe(200);
  });
});
