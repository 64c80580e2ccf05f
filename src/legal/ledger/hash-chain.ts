import crypto from 'node:crypto';

/**
 * The legal desk's audit log is a hash chain: each entry's hash covers its content and the previous entry's
 * hash, so editing, removing or reordering any entry breaks every hash after it. `verifyChain` recomputes
 * the chain from the stored fields and reports the first entry that does not match.
 */
export interface ChainEntry {
  seq: number;
  caseId: string | null;
  type: string;
  /** JSON-serialisable details of the event. */
  payload: unknown;
  actor: string | null;
  /** ISO 8601 timestamp. Legal events are the desk's own acts, so their times are kept. */
  at: string;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(entry: Omit<ChainEntry, 'hash'>): string {
  const body = canonicalJson({ seq: entry.seq, caseId: entry.caseId, type: entry.type, payload: entry.payload, actor: entry.actor, at: entry.at, prevHash: entry.prevHash });
  return crypto.createHash('sha256').update(body).digest('hex');
}

export function sealEntry(entry: Omit<ChainEntry, 'hash' | 'prevHash'>, prevHash: string): ChainEntry {
  const withPrev = { ...entry, prevHash };
  return { ...withPrev, hash: entryHash(withPrev) };
}

export type ChainVerdict =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; firstBadSeq: number; reason: 'hash_mismatch' | 'broken_link' | 'sequence_gap' };

export function verifyChain(entries: readonly ChainEntry[]): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { ok: false, entries: entries.length, firstBadSeq: e.seq, reason: 'sequence_gap' };
    if (e.prevHash !== prev) return { ok: false, entries: entries.length, firstBadSeq: e.seq, reason: 'broken_link' };
    if (entryHash(e) !== e.hash) return { ok: false, entries: entries.length, firstBadSeq: e.seq, reason: 'hash_mismatch' };
    prev = e.hash;
    expectedSeq++;
  }
  return { ok: true, entries: entries.length, head: prev };
}
