import { describe, expect, it } from 'vitest';
import { Client, errorOf } from '../helpers/client';
import { createTenant, postLogin, signIn, sqlFirst } from '../helpers/tenant';

interface PublicUser {
  id: string;
  loginId: string;
  name: string;
  email: string;
  phone: string | null;
  role: string;
  status: string;
  locked: boolean;
  mfa: { totp: boolean; sms: boolean };
}

describe('users (admin)', () => {
  it('an admin creates a user who can then sign in with that role; the answer carries no secrets', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const res = await admin.api('/users', {
      json: { loginId: 'hanako', name: '運用 花子', email: 'hanako@example.com', phone: '090-1234-5678', role: 'operator', password: 'Warehouse-Koi-2046' },
    });
    expect(res.status).toBe(201);
    const { user } = (await res.json()) as { user: PublicUser };
    expect(user).toMatchObject({ loginId: 'hanako', name: '運用 花子', email: 'hanako@example.com', phone: '090-1234-5678', role: 'operator', status: 'active', locked: false, mfa: { totp: false, sms: false } }); // a phone alone is no second factor: this account does not require MFA
    expect(JSON.stringify(user)).not.toMatch(/password|pbkdf2|secret/i);

    const list = ((await (await admin.api('/users')).json()) as { items: PublicUser[]; nextCursor: null }).items;
    expect(list.map((u) => u.loginId)).toEqual(['admin', 'hanako']);
    expect(JSON.stringify(list)).not.toMatch(/pbkdf2|passwordHash|totpSecret/i);

    const login = await postLogin(new Client(), t.code, 'hanako', 'Warehouse-Koi-2046');
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: PublicUser }).user.role).toBe('operator');
  });

  it('a login ID is unique within the account (409 login_id_taken), but may repeat across accounts', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const admin = await signIn(t, 'admin');
    const res = await admin.api('/users', { json: { loginId: 'staff', name: 'Dup', email: 'dup@example.com', role: 'viewer', password: 'Warehouse-Koi-2046' } });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('login_id_taken');
    const other = await createTenant();
    const otherAdmin = await signIn(other, 'admin');
    expect((await otherAdmin.api('/users', { json: { loginId: 'staff', name: 'Same id', email: 'same@example.com', role: 'viewer', password: 'Warehouse-Koi-2046' } })).status).toBe(201);
  });

  it('an admin edits name, e-mail, phone and role; the change shows at the user’s next request', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'viewer' }] });
    const admin = await signIn(t, 'admin');
    const staff = await signIn(t, 'staff');
    expect((await staff.api('/users')).status).toBe(403);
    const res = await admin.api(`/users/${t.users.staff.id}`, { method: 'PATCH', json: { name: 'Promoted', email: 'p@example.com', phone: '03-1234-5678', role: 'admin' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: PublicUser }).user).toMatchObject({ name: 'Promoted', email: 'p@example.com', phone: '03-1234-5678', role: 'admin' });
    // the role is read per request: the staff's existing session is now an admin's
    expect((await staff.api('/users')).status).toBe(200);
    // and back, with the phone removed
    await admin.api(`/users/${t.users.staff.id}`, { method: 'PATCH', json: { role: 'viewer', phone: null } });
    expect((await staff.api('/users')).status).toBe(403);
    expect((await sqlFirst<{ phone: string | null }>('SELECT phone FROM users WHERE id = ?', t.users.staff.id))!.phone).toBeNull();
  });

  it('the last active admin cannot be demoted or disabled (409 last_admin)', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const admin = await signIn(t, 'admin');
    for (const json of [{ role: 'operator' }, { status: 'disabled' }]) {
      const res = await admin.api(`/users/${t.admin.id}`, { method: 'PATCH', json });
      expect(res.status).toBe(409);
      expect((await errorOf(res)).code).toBe('last_admin');
    }
    // with a second admin it is allowed
    await admin.api(`/users/${t.users.staff.id}`, { method: 'PATCH', json: { role: 'admin' } });
    expect((await admin.api(`/users/${t.admin.id}`, { method: 'PATCH', json: { role: 'operator' } })).status).toBe(200);
  });

  it('a disabled user can be enabled again and signs in', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const admin = await signIn(t, 'admin');
    await admin.api(`/users/${t.users.staff.id}`, { method: 'PATCH', json: { status: 'disabled' } });
    expect((await postLogin(new Client(), t.code, 'staff', t.users.staff.password)).status).toBe(401);
    await admin.api(`/users/${t.users.staff.id}`, { method: 'PATCH', json: { status: 'active' } });
    expect((await postLogin(new Client(), t.code, 'staff', t.users.staff.password)).status).toBe(200);
  });

  it('look-alike login IDs are the same ID: case and full-width forms are refused (409), and sign-in accepts them', async () => {
    const t = await createTenant({ users: [{ loginId: 'staff', role: 'operator' }] });
    const admin = await signIn(t, 'admin');
    const base = { name: 'Look-alike', email: 'alike@example.com', role: 'admin', password: 'Warehouse-Koi-2046' };
    for (const loginId of ['ADMIN', 'Admin', 'ＡＤＭＩＮ', 'ａｄｍｉｎ', 'STAFF', ' staff ']) {
      const res = await admin.api('/users', { json: { ...base, loginId } });
      expect(res.status, loginId).toBe(409);
      expect((await errorOf(res)).code).toBe('login_id_taken');
    }
    // a full-width ID is stored in its ASCII form
    const created = await admin.api('/users', { json: { ...base, role: 'viewer', loginId: 'ＳＡＴＯ０１' } });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { user: PublicUser }).user.loginId).toBe('SATO01');
    // however the ID is typed, it is the same user
    for (const typed of ['sato01', 'Sato01', 'ｓａｔｏ０１']) {
      expect((await postLogin(new Client(), t.code, typed, 'Warehouse-Koi-2046')).status, typed).toBe(200);
    }
    // the database refuses a look-alike even if the check above were skipped
    await expect(
      sqlFirst("INSERT INTO users (id, account_id, login_id, name, email, role, password_hash, password_changed_at, created_at, updated_at) VALUES ('x-' || hex(randomblob(8)), ?, 'Staff', 'x', 'x@example.com', 'viewer', 'x', '', '', '') RETURNING id", t.id),
    ).rejects.toThrow(/UNIQUE/);
  });

  it('refuses a login ID with spaces or symbols and an invalid e-mail or phone', async () => {
    const t = await createTenant();
    const admin = await signIn(t, 'admin');
    const base = { loginId: 'ok', name: 'N', email: 'n@example.com', role: 'viewer', password: 'Warehouse-Koi-2046' };
    for (const [field, value] of [
      ['loginId', 'has space'],
      ['loginId', 'semi;colon'],
      ['loginId', "o'brien"],
      ['email', 'no-at-sign'],
      ['phone', '12'],
      ['phone', 'call-me-maybe'],
      ['role', 'owner'],
      ['name', '   '],
    ] as const) {
      const res = await admin.api('/users', { json: { ...base, [field]: value } });
      expect(res.status, `${field}=${value}`).toBe(400);
      const err = await errorOf(res);
      expect((err.details as { field: string }[]).map((d) => d.field)).toContain(field);
    }
  });
});
