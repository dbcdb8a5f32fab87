import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../worker/logs/mask';
import { Client } from '../helpers/client';
import { enrolTotp } from '../helpers/mfa';
import { createTenant, signIn, sql } from '../helpers/tenant';

interface OpRow {
  id: string;
  at: string;
  request_id: string | null;
  account_id: string;
  user_id: string | null;
  token_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
}

const opsOf = (accountId: string) => sql<OpRow>('SELECT * FROM operation_logs WHERE account_id = ? ORDER BY id', accountId);

const NEW_PASSWORD = 'Plaintext-Never-Logged-7';

describe('the operation log', () => {
  it('records who created a user, with the fields but without password or hash', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const res = await admin.api('/users', {
      json: { loginId: 'newbie', name: '新人', email: 'newbie@example.com', role: 'operator', password: NEW_PASSWORD },
      headers: { 'x-request-id': 'op-create-1' },
    });
    expect(res.status).toBe(201);
    const { user } = (await res.json()) as { user: { id: string } };
    const [op] = (await opsOf(t.id)).filter((o) => o.action === 'user.create');
    expect(op).toMatchObject({ user_id: t.admin.id, token_id: null, target_type: 'user', target_id: user.id, request_id: 'op-create-1' });
    const after = JSON.parse(op.after!);
    expect(after).toMatchObject({ loginId: 'newbie', name: '新人', email: 'newbie@example.com', role: 'operator' });
    expect(JSON.stringify(op)).not.toContain(NEW_PASSWORD);
    expect(JSON.stringify(op)).not.toMatch(/pbkdf2/);
    expect(after.passwordHash === undefined || after.passwordHash === '***').toBe(true);
  });

  it('records an edit with before and after; a password reset shows only ***', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const admin = await signIn(t, 'admin');
    await admin.api(`/users/${t.users.staff.id}`, { method: 'PATCH', json: { name: 'Renamed', password: NEW_PASSWORD } });
    const [op] = (await opsOf(t.id)).filter((o) => o.action === 'user.update');
    const before = JSON.parse(op.before!);
    const after = JSON.parse(op.after!);
    expect(before.name).toBe('operator staff');
    expect(after).toEqual({ name: 'Renamed', password: '***' });
    const text = JSON.stringify(op);
    expect(text).not.toContain(NEW_PASSWORD);
    expect(text).not.toMatch(/pbkdf2/);
    expect(Object.keys(before)).not.toContain('passwordHash');
    expect(Object.keys(before).filter((k) => /secret/i.test(k) && before[k] !== null && before[k] !== '***')).toEqual([]);
  });

  it('records password changes, TOTP enrolment, settings, tokens and unlocks, never with a secret', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const staff = await signIn(t, 'staff');
    const { secret, recoveryCodes } = await enrolTotp(staff);
    await staff.api('/me/password', { json: { currentPassword: t.users.staff.password, newPassword: NEW_PASSWORD } });
    const admin = await signIn(t, 'admin');
    await admin.api('/settings/security', { method: 'PUT', json: { ipAllowlist: [], lockoutThreshold: 7, lockoutMinutes: 15, mfaRequired: false } });
    const { token } = (await (await admin.api('/api-tokens', { json: { name: 'erp', scopes: ['orders:read'] } })).json()) as { token: string };
    await admin.api(`/users/${t.users.staff.id}/unlock`, { method: 'POST' });

    const ops = await opsOf(t.id);
    expect(ops.map((o) => o.action)).toEqual(['me.totp_enrol', 'me.password_change', 'settings.security', 'api_token.create', 'user.unlock']);
    const settings = ops.find((o) => o.action === 'settings.security')!;
    expect(JSON.parse(settings.before!)).toMatchObject({ lockoutThreshold: 5, lockoutMinutes: 30 });
    expect(JSON.parse(settings.after!)).toMatchObject({ lockoutThreshold: 7, lockoutMinutes: 15 });
    const all = JSON.stringify(ops);
    for (const s of [NEW_PASSWORD, t.users.staff.password, secret, token, ...recoveryCodes]) expect(all).not.toContain(s);
    expect(all).not.toMatch(/pbkdf2|k1:/);
  });

  it('is listed by the API newest first, paged with a cursor, and downloadable as CSV', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    for (let i = 0; i < 5; i++) await admin.api('/api-tokens', { json: { name: `t${i}`, scopes: ['orders:read'] } });
    const seen: { id: string; action: string; after: { name: string } }[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.api(`/logs/operations?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const page = (await res.json()) as { items: { id: string; action: string; after: { name: string } }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((o) => o.after.name)).toEqual(['t4', 't3', 't2', 't1', 't0']);
    expect(new Set(seen.map((o) => o.id)).size).toBe(5);

    const csv = await admin.api('/logs/operations?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('at,requestId,userId,tokenId,action,targetType,targetId,before,after');
    expect(lines.filter((l) => l.includes('api_token.create'))).toHaveLength(5);
  });
});

describe('masking secrets (pure)', () => {
  it('replaces every secret-looking field, at any depth, and keeps the rest', () => {
    expect(
      maskSecrets({
        name: 'a',
        password: 'p',
        passwordHash: 'h',
        newPassword: 'n',
        totpSecret: 's',
        apiToken: 't',
        credentials: { key: 'k' },
        nested: [{ authorization: 'Bearer x', ok: 1 }],
        smsCodeHash: 'c',
        empty: null,
        totpPendingSecret: null,
      }),
    ).toEqual({
      name: 'a',
      password: '***',
      passwordHash: '***',
      newPassword: '***',
      totpSecret: '***',
      apiToken: '***',
      credentials: '***',
      nested: [{ authorization: '***', ok: 1 }],
      smsCodeHash: '***',
      empty: null,
      totpPendingSecret: null,
    });
  });
});

describe('a signed-out caller', () => {
  it('cannot read the logs', async () => {
    expect((await new Client().api('/logs/operations')).status).toBe(401);
  });
});
