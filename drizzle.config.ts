import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL into migrations/; wrangler applies it.
export default defineConfig({
  dialect: 'sqlite',
  schema: './worker/db/schema.ts',
  out: './migrations',
});
