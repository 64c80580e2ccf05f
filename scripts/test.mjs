#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner: once on embedded PGlite, and once more on
// PostgreSQL (and Redis) when TEST_DATABASE_URL (and TEST_REDIS_URL) are set, as CI does.
// Usage: npm test [-- file-or-folder-filter ...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filters = process.argv.slice(2);

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith('.test.ts') && !f.includes('node_modules'));
}

let files = [...find(path.join(root, 'src')), ...find(path.join(root, 'test'))].sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
// Browser tests run only where a Chromium is installed (CI installs it); they say so when skipped.
if (files.length === 0) { console.error('no test files matched'); process.exit(1); }

// Most files wait on a database, a socket or Chromium rather than compute: two files per core keep the cores
// busy (measured on 2 cores: the embedded run took 376 s at 4 files at a time, 656 s at 2).
const concurrency = Math.max(2, os.availableParallelism() * 2);
// Per test (and per file): generous, because the graph's concurrency tests on PGlite slow down a lot when the
// machine is shared; a test that hangs still ends the run well inside CI's limit.
const timeoutMs = 600_000;

const backends = ['embedded'];
if (process.env.TEST_DATABASE_URL) backends.push('postgres');

const check = spawnSync('npx', ['tsc', '--noEmit'], { cwd: root, stdio: 'inherit' });
if (check.status !== 0) { console.error('typecheck failed'); process.exit(check.status ?? 1); }

let failed = false;
for (const backend of backends) {
  // A browser sees the same pages whatever the database; they run once, on the embedded default.
  const run = backend === 'embedded' ? files : files.filter((f) => !f.includes(`${path.sep}test${path.sep}browser${path.sep}`));
  console.log(`\n=== test suite on ${backend} (${run.length} files) ===`);
  const r = spawnSync(process.execPath, [
    '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${timeoutMs}`, ...run,
  ], { cwd: root, stdio: 'inherit', env: { ...process.env, PUBLIUS_TEST_BACKEND: backend } });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
