import { pino, type Logger, type DestinationStream } from 'pino';

/**
 * Redaction is defence in depth: request logging never serialises headers, addresses or query strings in the
 * first place (see http/plugins/access-log.ts). These paths catch anything that slips into a log object.
 */
const REDACT = [
  'req.headers', 'req.remoteAddress', 'req.remotePort', 'req.ip', 'req.ips', 'req.hostname',
  'headers', 'ip', 'ips', 'remoteAddress', 'userAgent', 'cookie', 'authorization', 'token', 'password',
  'passphrase', '*.password', '*.passphrase', '*.token', '*.authorization', '*.cookie',
];

/**
 * Log times are kept to the hour: a precise time on an access-log line could be matched against a network
 * operator's records of who connected when, which is exactly the correlation Publius refuses to enable.
 */
const hourTimestamp = () => `,"time":"${new Date().toISOString().slice(0, 13)}:00Z"`;

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined, timestamp: hourTimestamp }, destination);
}

export type { Logger };
