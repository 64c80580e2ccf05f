import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { createLogger } from '../logger.js';
import { startServer } from '../main.js';
import type { Command } from './commands.js';

/** More workers than this is a typo, not a plan (each holds a database pool and two Redis connections). */
const MAX_WORKERS = 64;
/** How long workers get to finish their requests on SIGTERM/SIGINT before they are killed. */
const STOP_GRACE_MS = 15_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * `publius start [--workers N]`. One process by default. With N > 1, a node:cluster primary runs the
 * migrations once, forks N workers that serve one port together (the primary hands out connections), forks a
 * replacement for a worker that dies, and stops them all on SIGTERM or SIGINT. Several workers need what
 * several processes need: PostgreSQL (DATABASE_URL; the embedded database is one process's) and Redis
 * (REDIS_URL; streaming pub/sub and rate-limit counters must be shared). Plain `publius start` several times
 * on several ports or machines works the same way, without the primary.
 */
export const startCommand: Command = {
  summary: 'Run the server (PORT, HOST, DATA_DIR/DATABASE_URL, REDIS_URL from the environment); --workers N for N processes on one port',
  usage: 'publius start [--workers N]',
  options: { workers: { type: 'string' } },
  async run(config, _positionals, options) {
    if (cluster.isWorker) return runWorker(config);
    const workers = Number(options.workers ?? 1);
    if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
      process.stderr.write(`--workers must be a whole number from 1 to ${MAX_WORKERS}\n`);
      return 1;
    }
    if (workers > 1) {
      const refusal = whyNotSeveral(config);
      if (refusal) { process.stderr.write(`${refusal}\n`); return 1; }
      return runPrimary(config, workers);
    }
    const server = await startServer(config);
    const shutdown = () => { void server.stop().then(() => process.exit(0)); };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return new Promise<number>(() => undefined);
  },
};

/** Why this configuration cannot run as several processes, or null when it can. */
export function whyNotSeveral(config: Config): string | null {
  if (!config.databaseUrl) {
    return '--workers needs DATABASE_URL: the embedded database (PGlite) can only be opened by one process. '
      + 'Point DATABASE_URL at a PostgreSQL server, or run without --workers.';
  }
  if (!config.redisUrl) {
    return '--workers needs REDIS_URL: streaming pub/sub and rate-limit counters must be shared between the processes, '
      + 'which is what Redis is for. Set REDIS_URL, or run without --workers.';
  }
  return null;
}

async function runPrimary(config: Config, count: number): Promise<number> {
  const logger = createLogger(config.logLevel);
  // Migrations once, before any worker exists; the workers then start without running them.
  const handle = await openDatabase({ url: config.databaseUrl, poolSize: 1 });
  try {
    const ran = await migrateToLatest(handle.db);
    if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
  } finally {
    await handle.close();
  }

  let stopping = false;
  /** Workers in a row that died before they ever listened (a bad setting, the database down). */
  let failedStarts = 0;
  const listened = new WeakSet<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on('online', () => logger.info({ subsystem: 'cluster', worker: worker.id, pid: worker.process.pid }, 'worker started'));
    worker.on('listening', () => { listened.add(worker); failedStarts = 0; });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    // A worker that served and then died is replaced at once. One that keeps dying before it listens is
    // retried ever more slowly rather than in a tight loop: 1 s, 2 s, 4 s … up to 30 s between attempts.
    if (!listened.has(worker)) failedStarts++;
    const delay = failedStarts === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** (failedStarts - 1));
    logger.warn({ subsystem: 'cluster', worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: delay }, 'worker died; starting a replacement');
    setTimeout(() => { if (!stopping) fork(); }, delay);
  });
  for (let i = 0; i < count; i++) fork();
  logger.info({ subsystem: 'cluster', workers: count, port: config.port }, 'cluster primary started');

  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ subsystem: 'cluster', signal }, 'stopping all workers');
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
      if (alive.length === 0) { resolve(0); return; }
      let left = alive.length;
      const killer = setTimeout(() => { for (const w of alive) if (!w.isDead()) w.process.kill('SIGKILL'); }, STOP_GRACE_MS);
      for (const w of alive) {
        w.once('exit', () => { if (--left === 0) { clearTimeout(killer); resolve(0); } });
        w.process.kill('SIGTERM');
      }
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  }).then((code) => { process.exit(code); return code; });
}

async function runWorker(config: Config): Promise<number> {
  const server = await startServer(config, { migrate: false });
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void server.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  // Ctrl-C in a terminal reaches the whole process group; the primary then sends SIGTERM as well.
  process.on('SIGINT', shutdown);
  // The primary is gone (killed with -9): don't linger as an orphan holding the port.
  process.on('disconnect', shutdown);
  return new Promise<number>(() => undefined);
}
