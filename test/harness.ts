import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildConfig, type Config } from '../src/config/config.js';
import { createContext, type Context } from '../src/context.js';
import { buildApp } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { createSiblingDatabase, dropSiblingDatabase, openDatabase, type DbTarget } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { Clock } from '../src/clock.js';
import type { RawEnv } from '../src/config/env.js';

/** 'embedded' (PGlite) unless the runner asked for PostgreSQL (scripts/test.mjs sets this). */
export const TEST_BACKEND: 'embedded' | 'postgres' =
  process.env.PUBLIUS_TEST_BACKEND === 'postgres' && process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded';

export interface TestContext {
  ctx: Context;
  config: Config;
  dataDir: string;
  /** Every log line written so far, as raw text. */
  logs: string[];
  /** The PostgreSQL database of this test file (postgres backend only). */
  databaseUrl: string | null;
  close(): Promise<void>;
  /** Removes the data dir and the test database (after a stop()). */
  cleanup(): Promise<void>;
}

export interface TestContextOptions {
  env?: RawEnv;
  clock?: Clock;
  /** Keep the embedded database on disk in the data dir (as `npm start` does) instead of in memory. */
  persistentDb?: boolean;
}

let template: Promise<Blob> | null = null;

/**
 * An in-memory PGlite database with every migration applied, dumped once and shared by all test files of a run
 * (a file in the temporary directory, named by a hash of the migrations and the PGlite version): starting from
 * it instead of migrating an empty database for every context saves seconds per test. The migrations still run
 * on every context (and find nothing to do), so a stale template cannot hide a new migration.
 */
function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
    const hash = crypto.createHash('sha256');
    const migrations = path.join(root, 'src/db/migrations');
    for (const f of fs.readdirSync(migrations).sort()) hash.update(f).update(fs.readFileSync(path.join(migrations, f)));
    hash.update(fs.readFileSync(path.join(root, 'src/db/migrator.ts')));
    hash.update(JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
    const file = path.join(os.tmpdir(), `publius-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
    if (!fs.existsSync(file)) {
      const handle = await openDatabase({ dataDir: null });
      await migrateToLatest(handle.db);
      const dump = await handle.pglite!.dumpDataDir('none');
      await handle.close();
      // Another test process may be writing the same template: write aside, then rename (atomic).
      const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
      fs.writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(temp, file);
    }
    return new Blob([fs.readFileSync(file)]);
  })();
  return template;
}

/** A fresh database (in-memory PGlite, or a new database on PostgreSQL) and data dir for one test file. */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'publius-test-'));
  const redisUrl = TEST_BACKEND === 'postgres' ? process.env.TEST_REDIS_URL : undefined;
  const config = buildConfig({
    DATA_DIR: dataDir, SIGNUP_MODE: 'open', RATE_LIMITS: 'false', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1',
    PUBLIC_URL: 'http://localhost:8080',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...options.env,
  });
  let dbTarget: DbTarget = options.persistentDb ? { dataDir: path.join(dataDir, 'db') } : { dataDir: null, loadDataDir: await migratedTemplate() };
  let database: string | null = null;
  let databaseUrl: string | null = null;
  if (TEST_BACKEND === 'postgres') {
    database = `t_${crypto.randomBytes(6).toString('hex')}`;
    databaseUrl = await createSiblingDatabase(process.env.TEST_DATABASE_URL!, database);
    dbTarget = { url: databaseUrl, poolSize: 5 };
  }
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
  const logger = createLogger(config.logLevel, sink);
  const ctx = await createContext(config, { logger, clock: options.clock, dbTarget });
  const cleanup = async () => {
    if (database) await dropSiblingDatabase(process.env.TEST_DATABASE_URL!, database);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    ctx, config, dataDir, logs, databaseUrl, cleanup,
    async close() { await ctx.close(); await cleanup(); },
  };
}

export interface TestServer extends TestContext {
  app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Stops the server and closes the database but keeps the data dir and database (to inspect them). */
  stop(): Promise<void>;
}

/** A real server on a loopback port, called over HTTP as clients would. */
export async function startTestServer(options: TestContextOptions & { host?: string } = {}): Promise<TestServer> {
  const t = await createTestContext(options);
  const app = await buildApp(t.ctx);
  await app.listen({ port: 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ...t, app, url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    async close() { await app.close(); await t.close(); },
    async stop() { await app.close(); await t.ctx.close(); },
  };
}

/** A strong passphrase for test accounts. */
export const PASSPHRASE = 'correct horse battery staple 42';

/** Creates an account and an OAuth-less session token through the services (seeding, not the thing tested). */
export async function seedAccount(ctx: Context, handle: string, opts: { role?: 'user' | 'moderator' | 'legal' | 'admin'; locked?: boolean } = {}) {
  const { account } = await ctx.accounts.signUp({ handle, passphrase: PASSPHRASE, role: opts.role, bypassSignupMode: true });
  if (opts.locked) await ctx.accounts.updateProfile(account.id, { locked: true });
  const { token } = await ctx.sessions.issue({ kind: 'oauth', accountId: account.id, appId: null, scopes: ['read', 'write', 'follow', 'push'], ttlDays: 30 });
  return { account: (await ctx.accounts.byId(account.id))!, token };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny JSON client for the server under test. */
export function apiClient(baseUrl: string, token?: string) {
  async function call<T = any>(method: string, p: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) { headers['content-type'] = 'application/json'; payload = JSON.stringify(body); }
    const res = await fetch(baseUrl + p, { method, headers, body: payload, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    get: <T = any>(p: string, h?: Record<string, string>) => call<T>('GET', p, undefined, h),
    post: <T = any>(p: string, body?: unknown, h?: Record<string, string>) => call<T>('POST', p, body ?? {}, h),
    put: <T = any>(p: string, body?: unknown, h?: Record<string, string>) => call<T>('PUT', p, body ?? {}, h),
    patch: <T = any>(p: string, body?: unknown, h?: Record<string, string>) => call<T>('PATCH', p, body ?? {}, h),
    delete: <T = any>(p: string, body?: unknown, h?: Record<string, string>) => call<T>('DELETE', p, body, h),
    raw: call,
  };
}
