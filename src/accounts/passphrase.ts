import argon2 from 'argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSPHRASE_LENGTH = 12;
export const MAX_PASSPHRASE_LENGTH = 1024;

const COMMON = new Set<string>((dictionary as Record<string, string[]>)['passwords-common'].map((p) => p.toLowerCase()));

/** Why a passphrase is refused, or null when it is acceptable. */
export function passphraseProblem(passphrase: string, handle?: string): string | null {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return `Passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`;
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) return `Passphrase must be at most ${MAX_PASSPHRASE_LENGTH} characters`;
  const lower = passphrase.toLowerCase();
  if (COMMON.has(lower)) return 'Passphrase is on a list of commonly used passwords';
  if (new Set(lower).size <= 3) return 'Passphrase repeats too few characters';
  if (handle && lower.includes(handle.toLowerCase()) && lower.length - handle.length < 8) return 'Passphrase is too close to the handle';
  return null;
}

// OWASP's argon2id baseline (19 MiB, 2 passes) keeps a login under ~50 ms on a small server.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassphrase(passphrase: string): Promise<string> {
  return argon2.hash(passphrase, OPTIONS);
}

export async function verifyPassphrase(hash: string, passphrase: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, passphrase);
  } catch {
    return false;
  }
}

/** A hash to verify against when the handle does not exist, so timing does not reveal which handles exist. */
let dummyHash: Promise<string> | null = null;
export function dummyPassphraseHash(): Promise<string> {
  dummyHash ??= hashPassphrase('publius-dummy-passphrase-for-timing');
  return dummyHash;
}
