import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, GENESIS_HASH, sealEntry, verifyChain, type ChainEntry } from './hash-chain.js';
import { generateInstanceKey, sign, verifySignature, keyFingerprint } from '../signing/instance-key.js';

function chain(n: number): ChainEntry[] {
  const out: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = sealEntry({ seq: i, caseId: 'c1', type: i === 1 ? 'received' : 'comment', payload: { text: `entry ${i}`, n: i }, actor: 'lawyer', at: `2017-03-1${i % 10}T10:00:00Z` }, prev);
    out.push(e);
    prev = e.hash;
  }
  return out;
}

test('canonical JSON does not depend on key order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
});

test('an untouched chain verifies', () => {
  const v = verifyChain(chain(5));
  assert.equal(v.ok, true);
});

test('editing any field of an entry is detected at that entry', () => {
  for (const field of ['payload', 'type', 'actor', 'at', 'caseId'] as const) {
    const c = chain(5);
    (c[2] as any)[field] = field === 'payload' ? { text: 'entry 3 (edited)', n: 3 } : 'tampered';
    const v = verifyChain(c);
    assert.deepEqual(v, { ok: false, entries: 5, firstBadSeq: 3, reason: 'hash_mismatch' }, field);
  }
});

test('re-hashing an edited entry still breaks the link to the next one', () => {
  const c = chain(5);
  const edited = sealEntry({ ...c[1], payload: { text: 'rewritten' } }, c[1].prevHash);
  c[1] = edited;
  assert.deepEqual(verifyChain(c), { ok: false, entries: 5, firstBadSeq: 3, reason: 'broken_link' });
});

test('a removed entry is detected', () => {
  const c = chain(5);
  c.splice(3, 1);
  assert.equal(verifyChain(c).ok, false);
});

test('Ed25519 signatures verify and fail on changed data or another key', () => {
  const k = generateInstanceKey();
  const sig = sign(k.privateKeyPem, 'manifest');
  assert.equal(verifySignature(k.publicKeyPem, 'manifest', sig), true);
  assert.equal(verifySignature(k.publicKeyPem, 'manifest!', sig), false);
  assert.equal(verifySignature(generateInstanceKey().publicKeyPem, 'manifest', sig), false);
  assert.match(keyFingerprint(k.publicKeyPem), /^([0-9a-f]{4}:){7}[0-9a-f]{4}$/);
});
