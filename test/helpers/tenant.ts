import { env } from 'cloudflare:workers';
import { createAccount } from '../../worker/accounts/create';
import { createDb } from '../../worker/db/client';
import { hashPassword } from '../../worker/auth/password-hash';
import { newId } from '../../worker/lib/ids';
import { users } from '../../worker/users/schema';
import type { Role } from '../../worker/users/schema';
import { defaultPermissions, type Permission } from '../../worker/users/permissions';
import { Client, ORIGIN } from './client';

export const db = () => createDb(env.DB);

/** A password that meets the policy; every test user gets it unless it asks for another. */
export const PASSWORD = 'Kura-Test-Passw0rd';

let seq = 0;
/** A company code no other test uses (tests share one D1 per run). */
export const uniqueCode = (prefix = 't'): string =>
  `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`.toLowerCase().slice(0, 32);

let phoneSeq = 0;
/** A phone number no other test uses, so the SMS outbox can be read per user. */
export const uniquePhone = (): string =>
  `090-${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}-${String(phoneSeq++ % 10_000).padStart(4, '0')}`;

export interface TestUser {
  id: string;
  loginId: string;
  password: string;
  email: string;
  phone: string | null;
  role: Role;
}

export interface Tenant {
  id: string;
  code: string;
  admin: TestUser;
  /** every user by login ID (the admin too) */
  users: Record<string, TestUser>;
}

export interface TenantOptions {
  /** further users: { loginId: role } or full specs */
  users?: Array<{ loginId: string; role: Role; phone?: string | null; password?: string; /** 権限; left out: the role's defaults */ permissions?: Permission[] }>;
  isPlatform?: boolean;
  adminPhone?: string | null;
}

let cachedHash: Promise<string> | null = null;
/** One PBKDF2 hash of PASSWORD per test file: extra users cost no further 100,000 iterations. */
const defaultHash = () => (cachedHash ??= hashPassword(PASSWORD));

/**
 * A fresh account with its admin (through accounts/create.ts, as the platform
 * does it) and any further users, each with a unique e-mail address.
 */
export const createTenant = async (opts: TenantOptions = {}): Promise<Tenant> => {
  const code = uniqueCode();
  const d = db();
  const { account, admin } = await createAccount(d, {
    code,
    name: `Test ${code}`,
    adminEmail: `admin@${code}.example`,
    isPlatform: opts.isPlatform ?? false,
    admin: { loginId: 'admin', name: '管理者', password: PASSWORD, phone: opts.adminPhone ?? null },
  });
  const adminUser: TestUser = { id: admin.id, loginId: 'admin', password: PASSWORD, email: admin.email, phone: admin.phone, role: 'admin' };
  const all: Record<string, TestUser> = { admin: adminUser };
  for (const u of opts.users ?? []) {
    const password = u.password ?? PASSWORD;
    const at = new Date().toISOString();
    const row = {
      id: newId(),
      accountId: account.id,
      loginId: u.loginId,
      name: `${u.role} ${u.loginId}`,
      email: `${u.loginId}@${code}.example`,
      phone: u.phone ?? null,
      role: u.role,
      permissions: u.permissions ?? defaultPermissions(u.role),
      status: 'active',
      passwordHash: password === PASSWORD ? await defaultHash() : await hashPassword(password),
      passwordChangedAt: at,
      createdAt: at,
      updatedAt: at,
    };
    await d.insert(users).values(row);
    all[u.loginId] = { id: row.id, loginId: u.loginId, password, email: row.email, phone: row.phone, role: u.role };
  }
  return { id: account.id, code, admin: adminUser, users: all };
};

/** POST /auth/login as a browser on our own origin would. */
export const postLogin = (client: Client, account: string, loginId: string, password: string) =>
  client.api('/auth/login', { json: { account, loginId, password }, headers: { origin: ORIGIN } });

/** Signs in (password only; the user has no second factor) and keeps the cookie and CSRF token. */
export const signIn = async (tenant: Tenant, user: TestUser | string, client = new Client()): Promise<Client> => {
  const u = typeof user === 'string' ? tenant.users[user] : user;
  const res = await postLogin(client, tenant.code, u.loginId, u.password);
  const body = (await res.json()) as { status?: string };
  if (res.status !== 200 || body.status !== 'ok') throw new Error(`sign-in of ${u.loginId} answered ${res.status} ${JSON.stringify(body)}`);
  await client.refreshCsrf();
  return client;
};

/** Runs SQL against the test D1 (to read state or to move time: lock expiry, idle sessions, ...). */
export const sql = <T = Record<string, unknown>>(query: string, ...params: unknown[]) => env.DB.prepare(query).bind(...params).all<T>().then((r) => r.results);
export const sqlFirst = <T = Record<string, unknown>>(query: string, ...params: unknown[]) => env.DB.prepare(query).bind(...params).first<T>();
