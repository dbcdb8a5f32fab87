import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// The migrations are read from ./migrations by vitest.config.ts (readD1Migrations)
// and handed over as the TEST_MIGRATIONS binding. Setup files may run more than
// once; applyD1Migrations applies only what is not applied yet.
if (!env.TEST_MIGRATIONS?.length) throw new Error('TEST_MIGRATIONS is missing: see vitest.config.ts');
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
