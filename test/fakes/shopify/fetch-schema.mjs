#!/usr/bin/env node
// Fetches Shopify's official Admin GraphQL schema for the fake (test/fakes/shopify/schema.ts):
// the introspection files Shopify ships in the npm package @shopify/dev-mcp. Only the package's
// own tarball is unpacked (its data files), never its ~300 runtime dependencies, which the
// schema check does not need. Run by `pretest`; offline it says so and the schema suite skips,
// except on CI, where a missing schema fails the run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VERSION = '1.16.0';
const target = join(process.cwd(), 'node_modules', '@shopify', 'dev-mcp');
const marker = join(target, 'dist', 'data', 'admin_2026-10.json.gz');
if (existsSync(marker)) process.exit(0);
const work = mkdtempSync(join(tmpdir(), 'dev-mcp-'));
try {
  const out = execFileSync('npm', ['pack', `@shopify/dev-mcp@${VERSION}`, '--pack-destination', work, '--json', '--silent'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const file = JSON.parse(out)[0].filename;
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', join(work, file), '-C', target, '--strip-components=1', 'package/package.json', 'package/dist/data'], { stdio: 'inherit' });
  console.log(`Shopify Admin schema: @shopify/dev-mcp@${VERSION} data unpacked into ${target}`);
} catch (e) {
  console.error(`Shopify Admin schema not fetched (${e instanceof Error ? e.message.split('\n')[0] : e}); the schema suite will skip.`);
  if (process.env.CI) process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
}
