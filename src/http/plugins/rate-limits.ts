import type { FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { RATE_LIMITS } from '../../security/rate-limit.js';
import { fail } from '../../errors.js';

/**
 * Applies a named limit to the request's client address. The address is handed straight to the keyed hasher
 * and goes nowhere else.
 */
export async function enforceRateLimit(ctx: Context, request: FastifyRequest, bucket: keyof typeof RATE_LIMITS, extraKey = ''): Promise<void> {
  if (!ctx.config.rateLimits) return;
  const address = request.socket.remoteAddress ?? 'unknown';
  if (!(await ctx.rateLimiter.allow(bucket, address + extraKey, RATE_LIMITS[bucket]))) fail('RATE_LIMITED');
}

/** Applies a named limit to an account, wherever its requests come from (posting is limited per account). */
export async function enforceAccountRateLimit(ctx: Context, accountId: string, bucket: keyof typeof RATE_LIMITS): Promise<void> {
  if (!ctx.config.rateLimits) return;
  if (!(await ctx.rateLimiter.allow(bucket, `account:${accountId}`, RATE_LIMITS[bucket]))) fail('RATE_LIMITED');
}
