import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { RawEnv } from './env.js';

export const SIGNUP_MODES = ['open', 'invite', 'closed'] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

const boolish = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  DATABASE_PREPARED_STATEMENTS: boolish.default(true),
  REDIS_URL: z.string().url().optional(),
  SIGNUP_MODE: z.enum(SIGNUP_MODES).default('invite'),
  USER_INVITES: boolish.default(false),
  INSTANCE_NAME: z.string().min(1).max(100).default('Publius'),
  INSTANCE_DESCRIPTION: z.string().max(1000).default('A microblog that holds nothing that could unmask the people who speak on it.'),
  ONION_ADDRESS: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MEDIA_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  SESSION_TTL_DAYS: z.coerce.number().int().positive().default(30),
  TOKEN_TTL_DAYS: z.coerce.number().int().positive().default(90),
  RATE_LIMITS: boolish.default(true),
  LEGAL_HELP: z.string().min(1).max(2000).optional(),
  TRUSTED_PROXIES: z.string().optional()
    .transform((v) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean))
    .refine((list) => list.every(isAddressOrSubnet), 'a comma-separated list of IP addresses or subnets (10.0.0.0/8, ::1)'),
});

/** An IPv4/IPv6 address, or one with a prefix length (a subnet). */
function isAddressOrSubnet(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  const family = net.isIP(address);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** Everything the server needs to know about its environment, read once at start. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  /** Host part of publicUrl, used for acct URIs. */
  domain: string;
  dataDir: string;
  /** Absent: embedded PGlite in dataDir/db. */
  databaseUrl: string | null;
  /** Connections each process keeps to PostgreSQL. */
  databasePoolSize: number;
  /**
   * Prepare the statements a process runs repeatedly (src/db/prepared.ts). Turn off behind a pooler that
   * cannot carry prepared statements across transactions (PgBouncer in transaction mode before 1.21).
   */
  databasePreparedStatements: boolean;
  redisUrl: string | null;
  signupMode: SignupMode;
  userInvites: boolean;
  instanceName: string;
  instanceDescription: string;
  onionAddress: string | null;
  logLevel: string;
  mediaMaxBytes: number;
  sessionTtlDays: number;
  tokenTtlDays: number;
  rateLimits: boolean;
  /** Where a user served with a legal demand can find help; shown in every legal notice. */
  legalHelp: string;
  /**
   * Addresses or subnets of the reverse proxies / load balancers in front of the server, whose
   * X-Forwarded-For the rate limits believe. Empty: the connection's own address is the client's.
   */
  trustedProxies: string[];
}

/**
 * Organisations that defend anonymous speakers. Plain text, not links the page would load: Publius makes no
 * request to a third party on the user's behalf.
 */
export const DEFAULT_LEGAL_HELP =
  'You may want a lawyer before the response date. Organisations that help people whose anonymous speech is targeted: ' +
  'Electronic Frontier Foundation (eff.org/pages/legal-assistance), ACLU (aclu.org), Reporters Committee for Freedom of the Press ' +
  '(rcfp.org, for journalists), and outside the United States your national bar association or digital-rights group.';

export class ConfigError extends Error {}

export function buildConfig(env: RawEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    domain: new URL(publicUrl).host,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    redisUrl: e.REDIS_URL ?? null,
    signupMode: e.SIGNUP_MODE,
    userInvites: e.USER_INVITES,
    instanceName: e.INSTANCE_NAME,
    instanceDescription: e.INSTANCE_DESCRIPTION,
    onionAddress: e.ONION_ADDRESS ?? null,
    logLevel: e.LOG_LEVEL,
    mediaMaxBytes: e.MEDIA_MAX_BYTES,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    tokenTtlDays: e.TOKEN_TTL_DAYS,
    rateLimits: e.RATE_LIMITS,
    legalHelp: e.LEGAL_HELP ?? DEFAULT_LEGAL_HELP,
    trustedProxies: e.TRUSTED_PROXIES,
  };
}
