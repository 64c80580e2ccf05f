import crypto from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Rate limits without remembering who anyone is. A client address is reduced to a keyed hash whose secret
 * exists only in this process's memory and is replaced every 24 hours; the address itself is never kept, and
 * neither the secret nor the keys ever reach the disk (Redis here runs without persistence).
 */
export class AddressHasher {
  private secret = crypto.randomBytes(32);
  private rotatedAt: number;
  constructor(private readonly rotateMs = 24 * 3600 * 1000, private readonly now = () => Date.now()) {
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
  constructor(url: string, private readonly prefix = 'publius:rl:') {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    const k = this.prefix + key;
    const [[, count]] = (await this.redis.multi().incr(k).expire(k, windowSeconds, 'NX').exec()) as [[null, number], unknown];
    return count;
  }

  async close(): Promise<void> { this.redis.disconnect(); }
}

export class RateLimiter {
  constructor(readonly store: RateLimitStore, readonly hasher = new AddressHasher()) {}

  /** True when the hit is within the rule. */
  async allow(bucket: string, address: string, rule: RateLimitRule): Promise<boolean> {
    const count = await this.store.hit(`${bucket}:${this.hasher.hash(address)}`, rule.windowSeconds);
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
