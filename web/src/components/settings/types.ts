/** The API's shapes used by the settings pages (worker/users, security, tokens, logs, platform, dev). */
import type { Permission } from '../../lib/permissions';

export type Role = 'admin' | 'operator' | 'viewer';
export const ROLES: Role[] = ['admin', 'operator', 'viewer'];

export interface User {
  id: string;
  loginId: string;
  name: string;
  email: string;
  phone: string | null;
  role: Role;
  /** 権限 in effect (an admin: every one) */
  permissions: Permission[];
  status: string;
  locked: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  mfa: { totp: boolean; sms: boolean };
  createdAt: string;
}

export interface SecuritySettings {
  ipAllowlist: string[];
  lockoutThreshold: number;
  lockoutMinutes: number;
  mfaRequired: boolean;
}

export interface CountryException {
  id: string;
  country: string;
  from: string;
  to: string;
  cidrs: string[];
  note: string | null;
  createdAt: string;
}

/** API.md's eight token scopes, in its order. */
export const SCOPES = [
  'orders:read',
  'orders:write',
  'stock:read',
  'stock:write',
  'products:read',
  'products:write',
  'channels:read',
  'channels:write',
] as const;

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AccessLog {
  id: string;
  at: string;
  requestId: string;
  userId: string | null;
  tokenId: string | null;
  ip: string;
  country: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

export interface OperationLog {
  id: string;
  at: string;
  requestId: string | null;
  userId: string | null;
  tokenId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

export interface Account {
  id: string;
  code: string;
  name: string;
  status: string;
  adminEmail: string;
  isPlatform: boolean;
  contractEndedAt: string | null;
  createdAt: string;
}

export interface OutboxItem {
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  body: string;
  sentAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
