import pg from 'pg';
import { buildConfig, type Config } from './config/config.js';
import { readEnv } from './config/env.js';
import { createContext, type Context } from './context.js';
import { buildApp } from './app.js';
import type { FastifyInstance } from 'fastify';
import { enforceRetention } from './maintenance/retention.js';
import { runDeskChores } from './maintenance/legal-desk.js';
import { embeddedHousekeeping } from './maintenance/embedded-housekeeping.js';
import { startSampling } from './insights/sampling.js';
import { RateLimiter, RedisRateLimitStore } from './security/rate-limit.js';

export interface RunningServer {
  ctx: Context;
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Run migrations before serving (default). A cluster's primary runs them once before forking, so workers don't. */
  migrate?: boolean;
  /** How often a process that does not run the chores tries to take them over (ms; tests shorten it). */
  choreRetryMs?: number;
}

/** Starts one server process: config → context (migrations run) → app → listen. */
export async function startServer(config: Config = buildConfig(readEnv()), options: StartOptions = {}): Promise<RunningServer> {
  const ctx = await createContext(config, { migrate: options.migrate !== false });
  // With Redis, rate-limit counters are shared, and so must be the secret addresses are hashed with, or each
  // process would count a client under its own key (N processes, N times the limit). The secret lives in Redis
  // (memory only, 24-hour expiry), scoped to this instance's domain (src/security/rate-limit.ts).
  if (ctx.rateLimiter.store instanceof RedisRateLimitStore) {
    ctx.rateLimiter = new RateLimiter(ctx.rateLimiter.store, ctx.rateLimiter.store.sharedHasher(config.domain));
  }
  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  ctx.logger.info({ url, backend: ctx.backend, signupMode: config.signupMode }, 'Publius is listening');
  if ((await ctx.accounts.store.adminCount()) === 0) {
    ctx.logger.info('No admin yet. Create one with: npx publius admin create-admin <handle>');
  }
  const chores = new ChoreLeader(ctx, options.choreRetryMs ?? CHORE_RETRY_MS);
  await chores.start();
  let stopped = false;
  return {
    ctx, app, url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await chores.stop();
      await app.close();
      await ctx.close();
    },
  };
}

/** How often a process that does not hold the chores lock tries to take it. */
const CHORE_RETRY_MS = 60_000;
/**
 * The advisory lock (two-int form, its own class id so nothing else collides) whose holder runs the chores.
 * Advisory locks are per database, so instances sharing one PostgreSQL server don't contend.
 */
const CHORE_LOCK: [number, number] = [0x50554231 /* "PUB1" */, 1];

/**
 * The periodic chores — retention and legal-desk chores every hour, the insights sampler every ten minutes —
 * run in exactly one process of the instance.
 *
 * Chosen: a PostgreSQL session advisory lock, held on a dedicated connection by whichever process takes it
 * first, rather than "the cluster primary's first worker". A cluster primary only knows its own workers, but
 * an instance may also be several `publius start` processes on several ports or machines; the lock covers
 * every arrangement the same way. It also fails over by itself: when the holder dies, PostgreSQL ends its
 * connection and releases the lock, and another process takes it at its next try (within a minute). The
 * holder checks its connection on the same schedule and stops its chores if the connection was lost, so two
 * processes overlap for at most about a minute after a network split — harmless, as every chore is safe to
 * repeat (deletes of expired rows, an upserted sample per hour, due notices delivered under a row lock in
 * one transaction). Session advisory locks need a session: behind PgBouncer, point
 * DATABASE_URL at session pooling (or directly at PostgreSQL).
 *
 * On the embedded database there is only ever one process, which always runs them.
 */
class ChoreLeader {
  private client: pg.Client | null = null;
  private leading: { stop(): void } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private busy = false;

  constructor(private readonly ctx: Context, private readonly retryMs: number) {}

  async start(): Promise<void> {
    if (!this.ctx.config.databaseUrl) { this.lead(); return; }
    await this.tick();
    this.timer = setInterval(() => { void this.tick(); }, this.retryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.leading?.stop();
    this.leading = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Takes the lock when free; when holding it, checks the connection that holds it is still alive. */
  private async tick(): Promise<void> {
    if (this.stopped || this.busy) return;
    this.busy = true;
    try {
      if (this.leading) {
        await this.client!.query('select 1');
        return;
      }
      const client = new pg.Client({ connectionString: this.ctx.config.databaseUrl! });
      client.on('error', () => { if (this.client === client) this.lose(); });
      try {
        await client.connect();
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, $2) as locked', CHORE_LOCK);
        if (rows[0]?.locked && !this.stopped) {
          this.client = client;
          this.lead();
          return;
        }
      } catch { /* the database is unreachable: try again at the next tick */ }
      // Not ours (or stopping): don't hold a connection for nothing until the next try; only the holder keeps one.
      await client.end().catch(() => undefined);
    } catch {
      this.lose();
    } finally {
      this.busy = false;
    }
  }

  private lead(): void {
    const ctx = this.ctx;
    ctx.logger.info({ subsystem: 'chores', pid: process.pid }, 'this process runs the periodic chores (retention, legal desk, insights sampling)');
    const retention = async () => {
      await enforceRetention(ctx).catch((err: Error) => ctx.logger.warn({ err: { message: err.message } }, 'retention run failed'));
      await runDeskChores(ctx).catch((err: Error) => ctx.logger.warn({ err: { message: err.message } }, 'legal desk chores failed'));
      await embeddedHousekeeping(ctx).catch((err: Error) => ctx.logger.warn({ err: { message: err.message } }, 'embedded vacuum failed'));
    };
    void retention();
    const purge = setInterval(() => { void retention(); }, 3600_000);
    purge.unref();
    const stopSampling = startSampling(ctx); // follower/post counts for insights, every 10 minutes
    this.leading = { stop() { clearInterval(purge); stopSampling(); } };
  }

  /** The lock's connection failed: whatever it held is released by PostgreSQL; stop and try again later. */
  private lose(): void {
    if (!this.client && !this.leading) return;
    if (this.leading) this.ctx.logger.warn({ subsystem: 'chores' }, 'lost the chores lock connection; another process will take the chores over');
    this.leading?.stop();
    this.leading = null;
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
  }
}
