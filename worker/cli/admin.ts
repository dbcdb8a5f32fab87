// `npm run admin -- <command>`: the service operator's bootstrap tool, run on
// Node 22 (type stripping) with wrangler. It writes straight to D1 because the
// first platform admin cannot be created through an API that needs one.
//
//   npm run admin -- create-platform-admin --code kura-ops --name "Kura 運営" \
//       --email ops@example.jp --login root [--remote]
//   npm run admin -- suspend-account --code acme [--remote]
//   npm run admin -- reactivate-account --code acme [--remote]
//
// The password is read from KURA_ADMIN_PASSWORD, or asked for on the terminal;
// it is never an argument (arguments end up in shell history).
import { spawnSync } from 'node:child_process';
import { ulid } from 'ulidx';
import { createInterface } from 'node:readline/promises';
import { hashPassword } from '../auth/password-hash.ts';
import { checkPassword } from '../auth/password-policy.ts';

const args = process.argv.slice(2);
const command = args[0];
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const target = args.includes('--remote') ? '--remote' : '--local';
const sqlText = (v: string) => `'${v.replace(/'/g, "''")}'`;

const d1 = (sql: string) => {
  const r = spawnSync('node_modules/.bin/wrangler', ['d1', 'execute', 'DB', target, '--command', sql], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const ask = async (q: string) => {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const a = await rl.question(q);
  rl.close();
  return a;
};

const required = (name: string) => {
  const v = opt(name);
  if (!v) {
    console.error(`missing --${name}`);
    process.exit(2);
  }
  return v;
};

if (command === 'create-platform-admin') {
  const code = required('code').toLowerCase();
  const name = required('name');
  const email = required('email');
  const login = required('login');
  const password = process.env.KURA_ADMIN_PASSWORD ?? (await ask('password (12–128 chars, upper/lower/digit): '));
  const failed = checkPassword(password, { loginId: login });
  if (failed.length) {
    console.error(`password refused: ${failed.join(', ')}`);
    process.exit(2);
  }
  const now = new Date().toISOString();
  const accountId = ulid();
  const userId = ulid();
  const hash = await hashPassword(password);
  d1(
    `INSERT INTO accounts (id, code, name, status, admin_email, is_platform, ip_allowlist, lockout_threshold, lockout_minutes, mfa_required, created_at, updated_at)
     VALUES (${sqlText(accountId)}, ${sqlText(code)}, ${sqlText(name)}, 'active', ${sqlText(email)}, 1, '[]', 5, 30, 1, ${sqlText(now)}, ${sqlText(now)});
     INSERT INTO users (id, account_id, login_id, name, email, role, status, password_hash, password_changed_at, created_at, updated_at)
     VALUES (${sqlText(userId)}, ${sqlText(accountId)}, ${sqlText(login)}, ${sqlText(name)}, ${sqlText(email)}, 'admin', 'active', ${sqlText(hash)}, ${sqlText(now)}, ${sqlText(now)}, ${sqlText(now)});`,
  );
  console.log(`platform account ${code} with admin ${login} created (${target}). MFA is required for it: enrol TOTP at first sign-in.`);
} else if (command === 'suspend-account' || command === 'reactivate-account') {
  const code = required('code').toLowerCase();
  const status = command === 'suspend-account' ? 'suspended' : 'active';
  const now = new Date().toISOString();
  d1(`UPDATE accounts SET status = ${sqlText(status)}, updated_at = ${sqlText(now)} WHERE code = ${sqlText(code)} AND is_platform = 0;
      UPDATE sessions SET revoked_at = ${sqlText(now)} WHERE revoked_at IS NULL AND ${status === 'suspended' ? '1' : '0'} AND account_id = (SELECT id FROM accounts WHERE code = ${sqlText(code)});`);
  console.log(`account ${code}: ${status}`);
} else {
  console.log('usage: npm run admin -- create-platform-admin --code C --name N --email E --login L [--remote]\n       npm run admin -- suspend-account|reactivate-account --code C [--remote]');
  process.exit(command ? 2 : 0);
}
