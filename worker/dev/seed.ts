import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { createAccount } from '../accounts/create';
import { findAccountByCode } from '../accounts/service';
import { newUserRow } from '../users/service';
import { users } from '../users/schema';

/** The demo logins printed by `npm start` and listed in the README. */
export const DEMO = {
  account: 'demo',
  admin: { loginId: 'admin', password: 'DemoPassword2026' },
  operator: { loginId: 'operator', password: 'ShelfKeeper2026' },
  viewer: { loginId: 'viewer', password: 'ReadOnlyView2026' },
  platform: { account: 'kura-ops', loginId: 'root', password: 'PlatformPass2026' },
} as const;

/**
 * Seeds the local demo: account `demo` with an admin, an operator and a
 * viewer, and the platform operator's account. Idempotent: an existing
 * account is left as it is. Reachable only in development (dev/routes.ts).
 */
export const seedDemo = async (db: Db) => {
  const created: string[] = [];
  let demo = await findAccountByCode(db, DEMO.account);
  if (!demo) {
    await createAccount(db, {
      code: DEMO.account,
      name: 'デモ商店',
      adminEmail: 'admin@demo.example',
      admin: { loginId: DEMO.admin.loginId, name: '管理者 太郎', password: DEMO.admin.password, phone: '090-0000-0001' },
    });
    demo = (await findAccountByCode(db, DEMO.account))!;
    created.push(DEMO.account);
  }
  const staff = [
    { loginId: DEMO.operator.loginId, name: '運用 花子', email: 'operator@demo.example', role: 'operator' as const, password: DEMO.operator.password },
    { loginId: DEMO.viewer.loginId, name: '閲覧 次郎', email: 'viewer@demo.example', role: 'viewer' as const, password: DEMO.viewer.password },
  ];
  for (const u of staff) {
    const exists = await db.select({ id: users.id }).from(users).where(and(eq(users.accountId, demo.id), eq(users.loginId, u.loginId))).limit(1);
    if (!exists.length) {
      await db.insert(users).values(await newUserRow(demo.id, u));
      created.push(`${DEMO.account}/${u.loginId}`);
    }
  }
  if (!(await findAccountByCode(db, DEMO.platform.account))) {
    await createAccount(db, {
      code: DEMO.platform.account,
      name: 'Kura 運営',
      adminEmail: 'ops@kura.example',
      isPlatform: true,
      admin: { loginId: DEMO.platform.loginId, name: '運営 管理者', password: DEMO.platform.password },
    });
    created.push(DEMO.platform.account);
  }
  return { created };
};
