/**
 * `npm run bench [-- --quick] [--backend embedded|postgres|both] [--scenario name]`
 *
 * Issue 5's benchmarks against the real HTTP API of a Publius child process, on the embedded default and on
 * PostgreSQL + Redis. Writes bench-results.json and prints a table; always stops by itself (a watchdog ends
 * the run and its children if it overruns).
 */
import os from 'node:os';
import fs from 'node:fs';
import { execSync } from 'node:child_process';
import { parseArgs, type BackendName } from './args.js';
import { Backend, PG_URL, REDIS_URL, postgresReachable } from './backend.js';
import { Results } from './results.js';
import { FULL, QUICK, scaled } from './sizes.js';
import { floor } from './scenarios/floor.js';
import { surge } from './scenarios/surge.js';
import { broadcast } from './scenarios/broadcast.js';
import { readStorm } from './scenarios/read.js';
import { growth } from './scenarios/growth.js';

const args = parseArgs(process.argv.slice(2));
const sizes = args.quick ? QUICK : FULL;
const started = Date.now();
const watchdogMs = (args.quick ? 10 : 90) * 60_000;

let backends: BackendName[];
if (args.backends === 'auto') {
  const why = await postgresReachable();
  backends = why ? ['embedded'] : ['embedded', 'postgres'];
  if (why) console.log(`PostgreSQL + Redis not reachable, embedded only (${why})`);
} else backends = args.backends;
if (backends.includes('postgres')) {
  const why = await postgresReachable();
  if (why) { console.error(why); process.exit(2); }
}

function version(cmd: string): string | null {
  try { return execSync(cmd, { stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim(); } catch { return null; }
}

const cpu = /model name\s*:\s*(.*)/.exec(fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? os.cpus()[0]?.model;
const results = new Results(args.out, {
  mode: args.quick ? 'quick' : 'full',
  started_at: new Date(started).toISOString(),
  machine: { nproc: os.availableParallelism(), ram_gib: Math.round(os.totalmem() / 2 ** 30), cpu, node: process.version,
    postgres: backends.includes('postgres') ? version(`psql "${PG_URL}" -Atc "show server_version"`) : null,
    redis: backends.includes('postgres') ? version(`redis-cli -u "${REDIS_URL}" info server | grep redis_version`) : null },
  sizes, scale: args.scale, embedded_scale: args.embeddedScale,
});

if (args.append) results.keepOthers(backends);

let current: Backend | null = null;
const watchdog = setTimeout(async () => {
  console.error(`bench overran its ${watchdogMs / 60_000} min limit; stopping`);
  results.fail(`watchdog: overran ${watchdogMs / 60_000} min`);
  await current?.tearDown().catch(() => undefined);
  process.exit(3);
}, watchdogMs);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => { void (current?.tearDown() ?? Promise.resolve()).finally(() => process.exit(130)); });
}

const selected = args.scenario ? [args.scenario] : ['floor', 'surge', 'broadcast', 'read', 'growth'];
const scenarios: Record<string, (b: Backend) => Promise<void>> = { floor, surge, broadcast, read: readStorm, growth };

console.log(`Publius bench (${args.quick ? 'quick' : 'full'}): ${backends.join(' + ')}; scenarios ${selected.join(', ')}`);
for (const name of backends) {
  const scale = name === 'embedded' && args.embeddedScale !== null ? args.embeddedScale : args.scale;
  const b = new Backend(name, scaled(sizes, scale), results);
  if (scale !== 1) console.log(`(surge, broadcast and streams at ${scale}× their ${args.quick ? 'quick' : 'full'} sizes)`);
  current = b;
  const t = Date.now();
  console.log(`\n== ${name} ==`);
  try {
    await b.setUp();
    // Seed the shared world once up front (each seeding restarts the embedded server).
    const z = b.sizes;
    const crowd = selected.some((s) => s !== 'floor') ? Math.max(z.surgeExisting + z.surgeNew, ...z.growthFollowers) : 1000;
    const initial = selected.includes('surge') ? z.surgeExisting : Math.min(crowd, z.surgeExisting + z.surgeNew);
    await b.ensureWorld(crowd, initial);
    // The floor is measured first in every run, so that every figure has its ratio.
    if (!selected.includes('floor')) await floor(b);
    for (const s of selected) {
      console.log(`-- ${s}`);
      try {
        await scenarios[s](b);
      } catch (err) {
        results.fail(`${name}/${s}: ${(err as Error).stack ?? err}`);
      }
    }
  } catch (err) {
    results.fail(`${name}: ${(err as Error).stack ?? err}`);
  } finally {
    await b.tearDown();
    current = null;
  }
  console.log(`== ${name} done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

results.write();
console.log(`\n${results.table()}\n`);
console.log(`wrote ${args.out}; whole run ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (results.failures.length) {
  console.error(`\n${results.failures.length} failure(s):\n  ${results.failures.join('\n  ')}`);
  process.exit(1);
}
process.exit(0);
