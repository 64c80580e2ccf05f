/**
 * Helpers for the scale-out tests: real `publius start` processes (spawned as an operator would run them) on
 * one fresh PostgreSQL database and one Redis, streaming clients, and bulk seeding.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildConfig } from '../../src/config/config.js';
import { createContext, type Context } from '../../src/context.js';
import { createSiblingDatabase, dropSiblingDatabase, sql } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { TEST_BACKEND } from '../harness.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/**
 * Why these tests cannot run here, or false. They need a PostgreSQL server and a Redis (several processes
 * cannot share the embedded database), and run in the test runner's PostgreSQL pass only.
 */
export const SKIP: string | false =
  !process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL
    ? 'scale-out tests need TEST_DATABASE_URL and TEST_REDIS_URL (several processes share one PostgreSQL and one Redis; CI sets both)'
    : TEST_BACKEND !== 'postgres'
      ? 'scale-out tests run in the PostgreSQL pass of the test runner (PUBLIUS_TEST_BACKEND=postgres), not the embedded one'
      : false;

/** TEST_REDIS_URL with its own database number, so this file's keys (rate-limit counters) are its own. */
export function redisUrlWithDb(db: number): string {
  const u = new URL(process.env.TEST_REDIS_URL!);
  u.pathname = `/${db}`;
  return u.toString();
}

export interface Instance {
  /** Unique per instance: the domain scopes the shared rate-limit secret, so test files never share counters. */
  publicUrl: string;
  databaseUrl: string;
  redisUrl: string;
  /** A context on the instance's database, for seeding and for checking what the database holds. */
  ctx: Context;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A fresh PostgreSQL database (migrated) for one test file. Account and other serial ids start at a random
 * high offset: Redis pub/sub channels ignore the database number, and channels are named by account id, so
 * two test files on one Redis would otherwise both publish on `author:1`.
 */
export async function freshInstance(redisDb: number): Promise<Instance> {
  const name = `t_scale_${crypto.randomBytes(5).toString('hex')}`;
  const databaseUrl = await createSiblingDatabase(process.env.TEST_DATABASE_URL!, name);
  const redisUrl = redisUrlWithDb(redisDb);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'publius-scale-'));
  const publicUrl = `http://${name.replace(/_/g, '-')}.test`;
  const config = buildConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, RATE_LIMITS: 'false', LOG_LEVEL: 'warn', PUBLIC_URL: publicUrl });
  const ctx = await createContext(config, { logger: createLogger('warn') });
  const offset = 1_000_000_000 + crypto.randomInt(1_000_000_000);
  const seqs = await sql<{ name: string }>`select sequencename as name from pg_sequences where schemaname = 'public' and sequencename <> 'snowflake_seq'`.execute(ctx.db);
  for (const s of seqs.rows) await sql`select setval(${s.name}::regclass, ${offset}::bigint)`.execute(ctx.db);
  return {
    publicUrl, databaseUrl, redisUrl, ctx, dataDir,
    async close() {
      await ctx.close();
      await dropSiblingDatabase(process.env.TEST_DATABASE_URL!, name);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface LogLine { msg?: string; subsystem?: string; pid?: number; [key: string]: unknown }

/** One `publius start` (a single process, or a cluster primary with its workers). */
export class PubliusProcess {
  readonly url: string;
  readonly lines: LogLine[] = [];
  readonly stderr: string[] = [];
  child!: ChildProcess;
  private exited!: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(private readonly instance: Instance, readonly port: number, readonly workers = 1, private readonly extraEnv: Record<string, string> = {}) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Spawns the process and waits until every worker listens. */
  async start(): Promise<this> {
    const args = [path.join(ROOT, 'bin/publius.mjs'), 'start', ...(this.workers > 1 ? ['--workers', String(this.workers)] : [])];
    const before = this.listening();
    this.child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        PORT: String(this.port),
        HOST: '127.0.0.1',
        PUBLIC_URL: this.instance.publicUrl,
        DATA_DIR: this.instance.dataDir,
        DATABASE_URL: this.instance.databaseUrl,
        REDIS_URL: this.instance.redisUrl,
        SIGNUP_MODE: 'open',
        RATE_LIMITS: 'false',
        LOG_LEVEL: 'info',
        ...this.extraEnv,
      },
    });
    let buffer = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        try { this.lines.push(JSON.parse(line) as LogLine); } catch { this.lines.push({ msg: line }); }
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => { this.stderr.push(chunk.toString('utf8')); });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    await this.waitFor(() => this.listening() >= before + this.workers, `${this.workers} worker(s) listening on ${this.port}`);
    return this;
  }

  /** How many times a process of this one said it is listening (all starts so far). */
  listening(): number {
    return this.lines.filter((l) => l.msg === 'Publius is listening').length;
  }

  count(msg: string): number {
    return this.lines.filter((l) => l.msg === msg).length;
  }

  /** Waits for a condition on the logs; fails with the process's stderr if it exits first. */
  async waitFor(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`publius on ${this.port} exited (${this.child.exitCode ?? this.child.signalCode}) while waiting for ${what}:\n${this.stderr.join('')}`);
      }
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${this.stderr.join('')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Process ids of a cluster's workers (children of the primary), from the primary's own log. */
  workerPids(): number[] {
    const started = this.lines.filter((l) => l.msg === 'worker started').map((l) => l.pid as number);
    const died = new Set(this.lines.filter((l) => l.msg === 'worker died; starting a replacement').map((l) => l.pid as number));
    return started.filter((pid) => !died.has(pid));
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}

/** True while a process id exists. */
export function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Reads a Server-Sent Events stream until stopped; `ready` resolves once the server answered. */
export function sseClient(baseUrl: string, pathname: string, token: string) {
  const events: Array<{ event: string; data: string }> = [];
  const controller = new AbortController();
  let status = 0;
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => { resolveReady = r; });
  const done = (async () => {
    const res = await fetch(`${baseUrl}${pathname}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    status = res.status;
    resolveReady();
    const reader = res.body!.getReader();
    let buf = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      buf += Buffer.from(value).toString('utf8');
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (block.startsWith(':')) continue;
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) events.push({ event, data });
      }
    }
  })().catch(() => { resolveReady(); });
  return {
    events, ready, status: () => status,
    /** Ids of the posts received as `update` events, in order (a repeat appears twice). */
    updateIds: () => events.filter((e) => e.event === 'update').map((e) => (JSON.parse(e.data) as { id: string }).id),
    stop: () => { controller.abort(); return done; },
  };
}

export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }));
  return results;
}

/**
 * Bulk seeding through the storage layer: `count` accounts named `<prefix><n>`, each with an OAuth token
 * `<secret><id>` (the database holds its SHA-256 only), all following `followee`, counters kept exact.
 * Returns the follower ids and a function giving each one's token.
 */
export async function seedFollowers(ctx: Context, followee: string, count: number, prefix: string) {
  const secret = `scale_${crypto.randomBytes(12).toString('hex')}_`;
  const ids = await ctx.db.transaction().execute(async (trx) => {
    const rows = await sql<{ account_id: string }>`
      with a as (
        insert into accounts (handle, passphrase_hash, last_seen_on)
        select ${prefix} || g, 'not-a-passphrase-hash', current_date from generate_series(1, ${count}::int) g
        returning id
      )
      insert into access_tokens (token_hash, kind, account_id, scopes, last_used_on, expires_on)
      select encode(sha256(convert_to(${secret} || a.id::text, 'UTF8')), 'hex'), 'oauth', a.id,
        'read write follow push', current_date, current_date + 30
      from a
      returning account_id`.execute(trx);
    const followers = rows.rows.map((r) => String(r.account_id));
    await sql`insert into follows (follower_id, followee_id) select f, ${followee}::bigint from unnest(${followers}::bigint[]) f`.execute(trx);
    await sql`update accounts set following_count = following_count + 1 where id = any(${followers}::bigint[])`.execute(trx);
    await sql`update accounts set followers_count = followers_count + ${followers.length}::int where id = ${followee}::bigint`.execute(trx);
    return followers;
  });
  await sql`analyze accounts, access_tokens, follows`.execute(ctx.db);
  return { ids, tokenOf: (id: string) => `${secret}${id}` };
}
