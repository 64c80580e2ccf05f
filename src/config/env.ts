/**
 * The only module that reads process.env. Everything else receives a typed {@link Config}.
 */
export interface RawEnv {
  PORT?: string;
  HOST?: string;
  PUBLIC_URL?: string;
  DATA_DIR?: string;
  DATABASE_URL?: string;
  DATABASE_POOL_SIZE?: string;
  DATABASE_PREPARED_STATEMENTS?: string;
  REDIS_URL?: string;
  SIGNUP_MODE?: string;
  USER_INVITES?: string;
  INSTANCE_NAME?: string;
  LEGAL_HELP?: string;
  INSTANCE_DESCRIPTION?: string;
  ONION_ADDRESS?: string;
  LOG_LEVEL?: string;
  MEDIA_MAX_BYTES?: string;
  SESSION_TTL_DAYS?: string;
  TOKEN_TTL_DAYS?: string;
  RATE_LIMITS?: string;
  TRUSTED_PROXIES?: string;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): RawEnv {
  const keys: (keyof RawEnv)[] = [
    'PORT', 'HOST', 'PUBLIC_URL', 'DATA_DIR', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATABASE_PREPARED_STATEMENTS', 'REDIS_URL', 'SIGNUP_MODE', 'USER_INVITES',
    'INSTANCE_NAME', 'LEGAL_HELP', 'INSTANCE_DESCRIPTION', 'ONION_ADDRESS', 'LOG_LEVEL', 'MEDIA_MAX_BYTES',
    'SESSION_TTL_DAYS', 'TOKEN_TTL_DAYS', 'RATE_LIMITS', 'TRUSTED_PROXIES',
  ];
  const env: RawEnv = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined && value !== '') env[key] = value;
  }
  return env;
}
