/**
 * One back end under test: its database (a PGlite data directory, or a fresh PostgreSQL database plus a Redis
 * db), the Publius child process, and the seeded world the scenarios share.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createSiblingDatabase, dropSiblingDatabase, type Db, type DbHandle } from '../src/db/database.js';
import type { BackendName } from './args.js';
import { openSeedDb, World } from './seed.js';
import { startPublius, type Child } from './server.js';
import type { Sizes } from './sizes.js';
import type { Results } from './results.js';

export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/5';

export async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    return `PostgreSQL at ${PG_URL}: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    return `Redis at ${REDIS_URL}: ${(err as Error).message}`;
  } finally {
    redis.disconnect();
  }
  return null;
}

export class Backend {
  readonly world = new World();
  readonly tmp: string;
  readonly logFile: string;
  private dbName: string | null = null;
  private databaseUrl: string | undefined;
  private seedHandle: DbHandle | null = null;
  server: Child | null = null;

  /** Accounts with tokens, followers of `big` first. */
  crowd: string[] = [];
  big: string | null = null;
  /** crowd[0 .. bigFollowers) follow big. */
  bigFollowers = 0;
  /** The newest post of big (what every follower's home timeline must show first). */
  lastBigPost: string | null = null;

  constructor(readonly name: BackendName, readonly sizes: Sizes, readonly results: Results) {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `publius-bench-${name}-`));
    this.logFile = path.join(this.tmp, 'server.log');
  }

  get url(): string {
    if (!this.server) throw new Error('server not running');
    return this.server.url;
  }

  async setUp(): Promise<void> {
    if (this.name === 'postgres') {
      this.dbName = `publius_bench_${process.pid}`;
      await dropSiblingDatabase(PG_URL, this.dbName);
      this.databaseUrl = await createSiblingDatabase(PG_URL, this.dbName);
      const redis = new Redis(REDIS_URL);
      await redis.flushdb();
      redis.disconnect();
    }
  }

  async start(): Promise<void> {
    if (this.server) return;
    const t = Date.now();
    this.server = await startPublius({
      dataDir: path.join(this.tmp, 'data'), logFile: this.logFile,
      ...(this.name === 'postgres' ? { databaseUrl: this.databaseUrl, redisUrl: REDIS_URL } : {}),
    });
    console.log(`  server up (pid ${this.server.pid}) in ${Date.now() - t} ms`);
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    await s?.stop();
  }

  /**
   * Runs `fn` against the database through the storage layer. PGlite is single-process, so on the embedded back
   * end the server is stopped for the seeding and started again; PostgreSQL is seeded while the server runs.
   */
  async seed<T>(what: string, fn: (db: Db) => Promise<T>): Promise<T> {
    const t = Date.now();
    const wasRunning = !!this.server;
    if (this.name === 'embedded') await this.stop();
    let handle = this.seedHandle;
    if (!handle) {
      handle = await openSeedDb(this.name === 'postgres' ? { databaseUrl: this.databaseUrl } : { dataDir: path.join(this.tmp, 'data') });
      if (this.name === 'postgres') this.seedHandle = handle;
    }
    try {
      const out = await fn(handle.db);
      await this.world.settle(handle.db);
      return out;
    } finally {
      if (this.name === 'embedded') await handle.close();
      console.log(`  seeded ${what} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      if (wasRunning || this.name === 'embedded') await this.start();
    }
  }

  /** Raw database access on PostgreSQL while the server runs (checks); null on embedded. */
  liveDb(): Db | null {
    return this.seedHandle?.db ?? null;
  }

  /** The big account (with 20 posts) and a crowd of at least `crowd` accounts, `followers` of them following it. */
  async ensureWorld(crowd: number, followers: number): Promise<void> {
    const needBig = !this.big;
    const needCrowd = Math.max(0, crowd - this.crowd.length);
    const needFollows = Math.max(0, followers - this.bigFollowers);
    if (!needBig && !needCrowd && !needFollows) { await this.start(); return; }
    await this.seed(`world (${needCrowd} accounts, ${needFollows} follows)`, async (db) => {
      if (needBig) {
        [this.big] = await this.world.accounts(db, 1, 'big');
        await this.world.posts(db, [this.big!], 20);
      }
      if (needCrowd) this.crowd = this.crowd.concat(await this.world.accounts(db, needCrowd, 'crowd'));
      if (needFollows) {
        await this.world.follow(db, this.crowd.slice(this.bigFollowers, followers), this.big!);
        this.bigFollowers = followers;
      }
    });
    await this.start();
  }

  async tearDown(): Promise<void> {
    await this.stop().catch(() => undefined);
    await this.seedHandle?.close().catch(() => undefined);
    this.seedHandle = null;
    if (this.dbName) await dropSiblingDatabase(PG_URL, this.dbName).catch((err) => console.error(`could not drop ${this.dbName}: ${err.message}`));
    this.dbName = null;
    if (!process.env.BENCH_KEEP_TMP) fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}
