import { z } from '@hono/zod-openapi';
import { ROLES } from './schema';

export const UserSchema = z
  .object({
    id: z.string(),
    loginId: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    role: z.enum(ROLES),
    status: z.string(),
    locked: z.boolean(),
    lockedUntil: z.string().nullable(),
    lastLoginAt: z.string().nullable(),
    mfa: z.object({ totp: z.boolean(), sms: z.boolean() }),
    createdAt: z.string(),
  })
  .openapi('User');
