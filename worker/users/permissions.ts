import type { Principal } from '../auth/principal';
import type { Role } from './schema';

/**
 * 権限: what a person may do beyond what their role allows, one permission
 * per function (CROSSMALL and NextEngine work the same way), so a part-time
 * packer can ship orders without adjusting stock, exporting buyer lists or
 * seeing buyers' phone numbers. Pure: the guard (middleware/guards.ts), the
 * masking (orders/mask.ts), the users API and the web all read this one list.
 *
 * - stock_adjust 在庫調整: POST /stock/adjustments (adjust and 棚卸), and the stock CSV import, which adjusts too
 * - csv_import CSV取込: the stock CSV import (with stock_adjust), the carriers' tracking files (the listings import needs an admin)
 * - export CSV出力: stock export, the ledger CSV, the listings export, and (with personal_data) the order CSV and the carriers' shipping files with their check (the log CSVs need an admin)
 * - personal_data 購入者の個人情報: buyers' names, addresses, phone numbers and e-mail addresses in order answers (masked without it), and search by them
 * - rules 自動処理ルールの変更: creating, changing, reordering, deleting and running the order rules; the blacklist
 * - channel_settings チャネル設定: creating, editing and deleting channels and their credentials
 *
 * Roles still come first: a viewer never writes, and what needs an admin
 * (channels, listings, logs) still needs one. Admins hold every permission,
 * always. API tokens have no permissions: their scopes decide as before, so a
 * token with orders:read reads buyers' details in full.
 */
export const PERMISSIONS = ['stock_adjust', 'csv_import', 'export', 'personal_data', 'rules', 'channel_settings'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const isPermission = (v: unknown): v is Permission => typeof v === 'string' && (PERMISSIONS as readonly string[]).includes(v);

/** What a new user of each role gets (migrations/0014_permissions.sql gives existing users the same). */
export const DEFAULT_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  operator: ['stock_adjust', 'csv_import', 'export', 'personal_data'],
  viewer: ['personal_data'],
};

export const defaultPermissions = (role: Role): Permission[] => [...DEFAULT_PERMISSIONS[role]];

/** Known words only, each once, in the list's order. */
export const normalisePermissions = (words: readonly unknown[]): Permission[] => PERMISSIONS.filter((p) => words.includes(p));

/**
 * A stored set (users.permissions: JSON text, or the array drizzle parsed).
 * Anything unreadable is no permission at all: a broken row never grants.
 */
export const readStoredPermissions = (stored: unknown): Permission[] => {
  let value = stored;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return [];
    }
  }
  return Array.isArray(value) ? normalisePermissions(value) : [];
};

/** What a user may do: an admin everything, anyone else what is stored. */
export const effectivePermissions = (role: Role, stored: unknown): Permission[] => (role === 'admin' ? [...PERMISSIONS] : readStoredPermissions(stored));

/**
 * The set to store when an admin sets a user's role and perhaps their
 * permissions: what was asked, else the role's defaults. An admin holds every
 * permission; asking for less for one is refused (`missing` lists what would go).
 */
export const permissionsForRole = (role: Role, asked: readonly Permission[] | undefined): { ok: true; permissions: Permission[] } | { ok: false; missing: Permission[] } => {
  if (role === 'admin') {
    const missing = asked ? PERMISSIONS.filter((p) => !asked.includes(p)) : [];
    return missing.length ? { ok: false, missing } : { ok: true, permissions: [...PERMISSIONS] };
  }
  return { ok: true, permissions: asked ? normalisePermissions(asked) : defaultPermissions(role) };
};

/** The first of `needed` a signed-in person lacks, or null. API tokens lack none: their scopes decide. */
export const missingPermission = (p: Principal, needed: readonly Permission[]): Permission | null =>
  p.kind === 'token' ? null : (needed.find((x) => !p.permissions.includes(x)) ?? null);

/** Whether answers show buyers' names, addresses, phones and e-mails in full (else orders/mask.ts). */
export const seesPersonalData = (p: Principal | undefined): boolean => !!p && missingPermission(p, ['personal_data']) === null;
