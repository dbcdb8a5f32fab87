import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { newUserRow, type NewUser } from '../users/service';
import { users } from '../users/schema';
import { accounts } from './schema';

export interface NewAccount {
  code: string;
  name: string;
  adminEmail: string;
  isPlatform?: boolean;
  admin: Omit<NewUser, 'role' | 'email'> & { email?: string };
}

/** Creates an account and its first admin in one batch (D1's atomic unit). */
export const createAccount = async (db: Db, input: NewAccount) => {
  const code = input.code.toLowerCase();
  const taken = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.code, code)).limit(1);
  if (taken.length) throw new AppError(409, 'account_code_taken', 'That company code is already used', [{ field: 'code', message: 'Already used' }]);
  const at = new Date().toISOString();
  const account = {
    id: newId(),
    code,
    name: input.name,
    adminEmail: input.adminEmail,
    isPlatform: input.isPlatform ?? false,
    status: 'active',
    createdAt: at,
    updatedAt: at,
  };
  const admin = await newUserRow(account.id, { ...input.admin, email: input.admin.email ?? input.adminEmail, role: 'admin' });
  await db.batch([db.insert(accounts).values(account), db.insert(users).values(admin)]);
  return { account, admin };
};
