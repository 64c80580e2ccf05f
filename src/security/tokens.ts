import crypto from 'node:crypto';

/** A random secret for tokens, codes and file names: 32 bytes, URL-safe. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/**
 * Tokens are high-entropy random values, so a fast hash is enough to make a stolen database useless for
 * logging in (unlike passphrases, which need argon2).
 */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function timingSafeEqualString(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
