import net from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { RATE_LIMITS } from '../../security/rate-limit.js';
import { fail } from '../../errors.js';

/**
 * Applies a named limit to the request's client address. The address is handed straight to the keyed hasher
 * and goes nowhere else. With REDIS_URL the counters and the hasher's secret are in Redis, so every process
 * of the instance counts the same client under the same key (src/security/rate-limit.ts).
 */
export async function enforceRateLimit(ctx: Context, request: FastifyRequest, bucket: keyof typeof RATE_LIMITS, extraKey = ''): Promise<void> {
  if (!ctx.config.rateLimits) return;
  const address = clientAddress(request, trusted(ctx));
  if (!(await ctx.rateLimiter.allow(bucket, address + extraKey, RATE_LIMITS[bucket]))) fail('RATE_LIMITED');
}

/** Applies a named limit to an account, wherever its requests come from (posting is limited per account). */
export async function enforceAccountRateLimit(ctx: Context, accountId: string, bucket: keyof typeof RATE_LIMITS): Promise<void> {
  if (!ctx.config.rateLimits) return;
  if (!(await ctx.rateLimiter.allow(bucket, `account:${accountId}`, RATE_LIMITS[bucket]))) fail('RATE_LIMITED');
}

const lists = new WeakMap<Context, net.BlockList | null>();

/** The TRUSTED_PROXIES of a context as a BlockList (null when none are configured). */
function trusted(ctx: Context): net.BlockList | null {
  if (!lists.has(ctx)) lists.set(ctx, proxyList(ctx.config.trustedProxies));
  return lists.get(ctx)!;
}

export function proxyList(entries: readonly string[]): net.BlockList | null {
  if (entries.length === 0) return null;
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/**
 * The client's address. Behind a load balancer every connection comes from the balancer, and all clients
 * would share one rate limit; so when the connection comes from a trusted proxy, X-Forwarded-For is read
 * from the right, skipping trusted proxies, and the first address that is not one is the client's (entries
 * further left were written by the client and prove nothing). Without TRUSTED_PROXIES the header is ignored.
 */
export function clientAddress(request: Pick<FastifyRequest, 'socket' | 'headers'>, proxies: net.BlockList | null): string {
  let address = unmapped(request.socket.remoteAddress ?? 'unknown');
  if (!proxies || !isTrusted(proxies, address)) return address;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((h) => unmapped(h.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!net.isIP(hops[i])) break;
    address = hops[i];
    if (!isTrusted(proxies, address)) break;
  }
  return address;
}

function isTrusted(proxies: net.BlockList, address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is `192.0.2.1`. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}
