import path from 'node:path';
import type { Config } from './config/config.js';
import { openDatabase, type Db, type DbTarget } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger, type Logger } from './logger.js';
import { systemClock, type Clock } from './clock.js';
import { MemoryBus, RedisBus, type EventBus } from './events/bus.js';
import { MemoryRateLimitStore, RateLimiter, RedisRateLimitStore } from './security/rate-limit.js';
import { AccountService } from './accounts/accounts.service.js';
import { SessionService } from './sessions/sessions.service.js';
import { NotificationService } from './notifications/notifications.service.js';
import { PostService } from './posts/posts.service.js';
import { MediaService } from './media/media.service.js';
import { GraphService } from './graph/graph.service.js';
import { OAuthService } from './oauth/oauth.service.js';
import { PrivacyService } from './privacy/privacy.service.js';
import { StreamHub } from './streaming/stream-hub.js';
import { LegalDesk } from './legal/desk/desk.service.js';
import { PreservationHolds } from './legal/preservation/holds.js';
import { ModerationService } from './moderation/moderation.service.js';

/** Everything a request handler or CLI command needs, built once and passed down. */
export interface Context {
  config: Config;
  db: Db;
  backend: 'embedded' | 'postgres';
  logger: Logger;
  clock: Clock;
  bus: EventBus;
  rateLimiter: RateLimiter;
  /** Where uploaded (already re-encoded) media files live. */
  mediaDir: string;
  accounts: AccountService;
  sessions: SessionService;
  notifications: NotificationService;
  posts: PostService;
  media: MediaService;
  graph: GraphService;
  oauth: OAuthService;
  privacy: PrivacyService;
  /** Streaming connections of this process: one bus subscription per channel, one rendering per post. */
  streaming: StreamHub;
  /** The legal desk: cases, decisions, notices to account holders, agency accounts, audit log. */
  desk: LegalDesk;
  /** Preservation holds and their snapshots; also the registry account deletion consults. */
  holds: PreservationHolds;
  /** Reports, moderation actions and appeals. */
  moderation: ModerationService;
  close(): Promise<void>;
}

export interface ContextOptions {
  logger?: Logger;
  clock?: Clock;
  /** Overrides where the database is (tests); default from config. */
  dbTarget?: DbTarget;
  /** Skip migrations (the CLI's migrate command runs them itself). */
  migrate?: boolean;
}

/** Where the configured database is: the PostgreSQL server of DATABASE_URL, or the embedded one in DATA_DIR/db. */
export function dbTargetOf(config: Config): DbTarget {
  return config.databaseUrl
    ? { url: config.databaseUrl, poolSize: config.databasePoolSize, preparedStatements: config.databasePreparedStatements }
    : { dataDir: path.join(config.dataDir, 'db'), preparedStatements: config.databasePreparedStatements };
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<Context> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const handle = await openDatabase(options.dbTarget ?? dbTargetOf(config));
  if (options.migrate !== false) await migrateToLatest(handle.db, handle.schema);
  const bus: EventBus = config.redisUrl ? new RedisBus(config.redisUrl) : new MemoryBus();
  const rateLimiter = new RateLimiter(config.redisUrl ? new RedisRateLimitStore(config.redisUrl) : new MemoryRateLimitStore());
  const db = handle.db;

  const ctx: Context = {
    config,
    db,
    backend: handle.backend,
    logger,
    clock,
    bus,
    rateLimiter,
    mediaDir: path.join(config.dataDir, 'media'),
    accounts: new AccountService(db, config, clock),
    sessions: new SessionService(db, clock),
    notifications: new NotificationService(db, bus, clock),
    posts: undefined as unknown as PostService,
    graph: undefined as unknown as GraphService,
    oauth: undefined as unknown as OAuthService,
    privacy: undefined as unknown as PrivacyService,
    streaming: undefined as unknown as StreamHub,
    desk: undefined as unknown as LegalDesk,
    holds: undefined as unknown as PreservationHolds,
    moderation: undefined as unknown as ModerationService,
    media: new MediaService(db, path.join(config.dataDir, 'media'), config.mediaMaxBytes, clock),
    async close() {
      await bus.close();
      await rateLimiter.store.close();
      await handle.close();
    },
  };
  // Services that need the whole context are built once it exists.
  ctx.posts = new PostService(ctx);
  ctx.graph = new GraphService(ctx);
  ctx.oauth = new OAuthService(db, ctx.accounts, ctx.sessions, clock, config.tokenTtlDays);
  ctx.privacy = new PrivacyService(ctx);
  ctx.streaming = new StreamHub(ctx);
  ctx.desk = new LegalDesk(ctx);
  ctx.holds = new PreservationHolds(ctx);
  ctx.moderation = new ModerationService(ctx);
  ctx.privacy.legalHolds = ctx.holds;
  return ctx;
}
