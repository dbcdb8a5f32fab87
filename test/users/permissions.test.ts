import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_PERMISSIONS,
  PERMISSIONS,
  defaultPermissions,
  effectivePermissions,
  isPermission,
  missingPermission,
  normalisePermissions,
  permissionsForRole,
  readStoredPermissions,
  seesPersonalData,
  type Permission,
} from '../../worker/users/permissions';
import type { Principal } from '../../worker/auth/principal';

/**
 * The permissions (権限) a user holds beside their role: one list, the
 * defaults per role, and how a stored set is read. Pure: no database.
 */
const session = (role: 'admin' | 'operator' | 'viewer', permissions: Permission[]): Principal => ({
  kind: 'session',
  accountId: 'a',
  userId: 'u',
  loginId: 'u',
  role,
  sessionId: 's',
  csrfToken: 'c',
  isPlatformAdmin: false,
  mfaEnrolmentRequired: false,
  permissions,
});

describe('the permission list', () => {
  it('names the six functions, each once', () => {
    expect([...PERMISSIONS]).toEqual(['stock_adjust', 'csv_import', 'export', 'personal_data', 'rules', 'channel_settings']);
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
  });

  it('knows its own words and nothing else', () => {
    for (const p of PERMISSIONS) expect(isPermission(p)).toBe(true);
    for (const w of ['admin', 'orders:read', '', 'EXPORT', 'export ', null, 1, undefined]) expect(isPermission(w)).toBe(false);
  });
});

describe('the defaults per role', () => {
  it('an operator adjusts stock, imports and exports CSV and sees buyers; rules and channel settings stay with admins', () => {
    expect(defaultPermissions('operator')).toEqual(['stock_adjust', 'csv_import', 'export', 'personal_data']);
    expect(defaultPermissions('operator')).not.toContain('rules');
    expect(defaultPermissions('operator')).not.toContain('channel_settings');
  });

  it('a viewer sees buyers only', () => {
    expect(defaultPermissions('viewer')).toEqual(['personal_data']);
  });

  it('an admin has all of them', () => {
    expect(defaultPermissions('admin')).toEqual([...PERMISSIONS]);
  });

  it('hands out a copy: changing it changes no default', () => {
    const mine = defaultPermissions('viewer');
    mine.push('export');
    expect(DEFAULT_PERMISSIONS.viewer).toEqual(['personal_data']);
    expect(defaultPermissions('viewer')).toEqual(['personal_data']);
  });
});

describe('a stored set', () => {
  it('is kept in the list’s order, each word once, unknown words dropped', () => {
    expect(normalisePermissions(['export', 'stock_adjust', 'export', 'delete_everything'])).toEqual(['stock_adjust', 'export']);
    expect(normalisePermissions([])).toEqual([]);
  });

  it('reads JSON text or an array; anything unreadable is no permission at all (fail closed)', () => {
    expect(readStoredPermissions('["personal_data","export"]')).toEqual(['export', 'personal_data']);
    expect(readStoredPermissions(['rules'])).toEqual(['rules']);
    for (const bad of ['', 'not json', '{"export":true}', '"export"', 'null', null, undefined, 42, [1, 2], { 0: 'export' }]) expect(readStoredPermissions(bad)).toEqual([]);
  });

  it('for an admin is always everything, whatever is stored', () => {
    expect(effectivePermissions('admin', [])).toEqual([...PERMISSIONS]);
    expect(effectivePermissions('admin', 'garbage')).toEqual([...PERMISSIONS]);
    expect(effectivePermissions('operator', ['rules'])).toEqual(['rules']);
    expect(effectivePermissions('viewer', '[]')).toEqual([]);
  });

  it('any array of strings reads to a subset of the list, in its order, without repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...PERMISSIONS), fc.string())), (words) => {
        const out = readStoredPermissions(words);
        expect(out.every((p) => PERMISSIONS.includes(p))).toBe(true);
        expect(new Set(out).size).toBe(out.length);
        expect(out).toEqual(PERMISSIONS.filter((p) => words.includes(p)));
      }),
    );
  });
});

describe('the set a user gets when an admin sets their role and permissions', () => {
  it('takes what was asked for a non-admin, or the new role’s defaults when nothing was asked', () => {
    expect(permissionsForRole('operator', ['rules', 'export'])).toEqual({ ok: true, permissions: ['export', 'rules'] });
    expect(permissionsForRole('viewer', undefined)).toEqual({ ok: true, permissions: ['personal_data'] });
    expect(permissionsForRole('operator', [])).toEqual({ ok: true, permissions: [] });
  });

  it('gives an admin everything, and refuses to take anything away from one', () => {
    expect(permissionsForRole('admin', undefined)).toEqual({ ok: true, permissions: [...PERMISSIONS] });
    expect(permissionsForRole('admin', [...PERMISSIONS].reverse())).toEqual({ ok: true, permissions: [...PERMISSIONS] });
    expect(permissionsForRole('admin', ['export'])).toEqual({ ok: false, missing: ['stock_adjust', 'csv_import', 'personal_data', 'rules', 'channel_settings'] });
  });
});

describe('who may do what', () => {
  it('names the first permission a session lacks, in the order asked', () => {
    expect(missingPermission(session('operator', ['export']), ['export', 'personal_data'])).toBe('personal_data');
    expect(missingPermission(session('viewer', ['personal_data']), ['export', 'personal_data'])).toBe('export');
    expect(missingPermission(session('operator', ['export', 'personal_data']), ['export', 'personal_data'])).toBeNull();
  });

  it('lets an API token through: its scopes decide, as before', () => {
    const token: Principal = { kind: 'token', accountId: 'a', tokenId: 't', scopes: ['orders:read'] };
    expect(missingPermission(token, ['export', 'personal_data', 'rules'])).toBeNull();
  });

  it('shows buyers to a session with personal_data and to every token that may read orders; nobody else', () => {
    expect(seesPersonalData(session('viewer', ['personal_data']))).toBe(true);
    expect(seesPersonalData(session('operator', ['stock_adjust', 'export']))).toBe(false);
    expect(seesPersonalData({ kind: 'token', accountId: 'a', tokenId: 't', scopes: ['orders:read'] })).toBe(true);
    expect(seesPersonalData(undefined)).toBe(false);
  });
});
