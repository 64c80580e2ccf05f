import crypto from 'node:crypto';
import { Redis } from 'ioredis';

/** Reduces a client address (or an account key) to the key its hits are counted under. */
export interface AddressKeyer {
  hash(address: string): string | Promise<string>;
}

const ROTATE_MS = 24 * 3600 * 1000;

/**
 * Rate limits without remembering who anyone is. A client address is reduced to a keyed hash whose secret
 * exists only in memory and is replaced every 24 hours; the address itself is never kept, and neither the
 * secret nor the keys ever reach the disk (Redis here runs without persistence). This one keeps the secret in
 * this process's memory: right for one process with its counters in memory; with REDIS_URL every process
 * must hash alike, which {@link RedisAddressHasher} does.
 */
export class AddressHasher implements AddressKeyer {
  private secret = crypto.randomBytes(32);
  private rotatedAt: number;
  constructor(private readonly rotateMs = ROTATE_MS, private readonly now = () => Date.now()) {
    this.rotatedAt = now();
  }

  hash(address: string): string {
    if (this.now() - this.rotatedAt >= this.rotateMs) this.rotate();
    return crypto.createHmac('sha256', this.secret).update(address).digest('base64url').slice(0, 22);
  }

  rotate(): void {
    this.secret = crypto.randomBytes(32);
    this.rotatedAt = this.now();
  }
}

export interface RateLimitRule {
  /** Allowed hits per window. */
  max: number;
  windowSeconds: number;
}

/**
 * The same keyed hash in every process of an instance: counters in Redis are only shared if every process
 * turns an address into the same key, and a per-process secret would give each process its own count
 * (N processes, N times the limit). The secret is a random value in Redis, set with a 24-hour expiry by
 * whichever process finds it missing (SET NX), so it rotates every 24 hours for all processes together and
 * never exists outside memory (Redis must run without persistence; see README). Each process keeps its copy
 * for at most a minute, so after a Redis restart (secret gone, a new one made) processes agree again within a
 * minute. `publius start` installs it (src/main.ts), scoped to the instance's domain so that two instances
 * sharing a Redis never share counters.
 */
export class RedisAddressHasher implements AddressKeyer {
  private cached: { secret: Buffer; until: number } | null = null;
  private loading: Promise<Buffer> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly rotateMs = ROTATE_MS,
    private readonly recheckMs = 60_000,
    private readonly now = () => Date.now(),
  ) {}

  async hash(address: string): Promise<string> {
    const secret = await this.secret();
    return crypto.createHmac('sha256', secret).update(address).digest('base64url').slice(0, 22);
  }

  /** The shared secret: read at most once a minute per process (and at its expiry), created when missing. */
  secret(): Promise<Buffer> {
    if (this.cached && this.now() < this.cached.until) return Promise.resolve(this.cached.secret);
    this.loading ??= this.load().finally(() => { this.loading = null; });
    return this.loading;
  }

  private async load(): Promise<Buffer> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.redis.set(this.key, crypto.randomBytes(32).toString('base64url'), 'PX', this.rotateMs, 'NX');
      const [[, value], [, ttl]] = (await this.redis.multi().get(this.key).pttl(this.key).exec()) as [[null, string | null], [null, number]];
      // Expired between the SET and the GET (a rotation at that very moment): make the next one.
      if (!value) continue;
      const secret = Buffer.from(value, 'base64url');
      const left = ttl > 0 ? ttl : this.recheckMs;
      this.cached = { secret, until: this.now() + Math.min(left, this.recheckMs) };
      return secret;
    }
    throw new Error('could not read the shared rate-limit secret from Redis');
  }
}

export interface RateLimitStore {
  /** Counts a hit and returns the count in the current window. */
  hit(key: string, windowSeconds: number): Promise<number>;
  close(): Promise<void>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private sweeps = 0;

  async hit(key: string, windowSeconds: number): Promise<number> {
    const now = Date.now();
    if (++this.sweeps % 1000 === 0) for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + windowSeconds * 1000 });
      return 1;
    }
    return ++w.count;
  }

  async close(): Promise<void> { this.windows.clear(); }
}

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;
  private readonly hashers = new Map<string, RedisAddressHasher>();
  constructor(url: string, private readonly prefix = 'publius:rl:') {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    const k = this.prefix + key;
    const [[, count]] = (await this.redis.multi().incr(k).expire(k, windowSeconds, 'NX').exec()) as [[null, number], unknown];
    return count;
  }

  /** The address hasher whose secret lives beside these counters, shared by every process of the instance `scope`. */
  sharedHasher(scope: string): RedisAddressHasher {
    let hasher = this.hashers.get(scope);
    if (!hasher) {
      hasher = new RedisAddressHasher(this.redis, `${this.prefix}secret:${scope}`);
      this.hashers.set(scope, hasher);
    }
    return hasher;
  }

  async close(): Promise<void> { this.redis.disconnect(); }
}

export class RateLimiter {
  /** By default the secret is this process's own; `publius start` gives a Redis store the instance's shared one. */
  constructor(readonly store: RateLimitStore, readonly hasher: AddressKeyer = new AddressHasher()) {}

  /** True when the hit is within the rule. */
  async allow(bucket: string, address: string, rule: RateLimitRule): Promise<boolean> {
    const count = await this.store.hit(`${bucket}:${await this.hasher.hash(address)}`, rule.windowSeconds);
    return count <= rule.max;
  }
}

/** Limits per client address (hashed); posting is also limited per account. */
export const RATE_LIMITS = {
  signup: { max: 5, windowSeconds: 3600 },
  login: { max: 20, windowSeconds: 300 },
  post: { max: 300, windowSeconds: 3 * 3600 },
  media: { max: 30, windowSeconds: 1800 },
  api: { max: 3000, windowSeconds: 300 },
} as const satisfies Record<string, RateLimitRule>;
