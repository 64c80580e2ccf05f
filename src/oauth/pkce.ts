import crypto from 'node:crypto';
import { timingSafeEqualString } from '../security/tokens.js';

/** RFC 7636 §4.1: 43 to 128 characters from the unreserved set. A challenge (base64url of SHA-256) is 43. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function isValidChallenge(challenge: string): boolean {
  return CHALLENGE.test(challenge);
}

/** True when the verifier hashes to the challenge (S256, the only method Publius accepts). */
export function verifierMatches(verifier: string | undefined, challenge: string): boolean {
  if (!verifier || !VERIFIER.test(verifier)) return false;
  return timingSafeEqualString(crypto.createHash('sha256').update(verifier).digest('base64url'), challenge);
}
