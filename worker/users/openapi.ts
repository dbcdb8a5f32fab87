import { z } from '@hono/zod-openapi';
import { ROLES } from './schema';
import { PERMISSIONS } from './permissions';

/** One 権限 (users/permissions.ts). */
export const PermissionSchema = z.enum(PERMISSIONS).openapi('Permission', {
  description:
    'stock_adjust 在庫調整 (stock adjustments, 棚卸, the stock CSV import), csv_import CSV取込, export CSV出力, personal_data 購入者の個人情報 (buyers in order answers, and search by them), ' +
    'rules 自動処理ルールの変更 (order rules, blacklist), channel_settings チャネル設定. A signed-in user without one gets 403 permission_denied with details {permission}.',
});

export const UserSchema = z
  .object({
    id: z.string(),
    loginId: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    role: z.enum(ROLES),
    permissions: z
      .array(PermissionSchema)
      .openapi({ description: '権限 in effect, in the list’s order (an admin: every one). API tokens have none: their scopes decide.' }),
    status: z.string(),
    locked: z.boolean(),
    lockedUntil: z.string().nullable(),
    lastLoginAt: z.string().nullable(),
    mfa: z.object({ totp: z.boolean(), sms: z.boolean() }),
    createdAt: z.string(),
  })
  .openapi('User');
