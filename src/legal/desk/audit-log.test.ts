import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext } from '../../../test/harness.js';
import { AuditLog } from './audit-log.js';
import { Canary } from '../canary/canary.js';

test('the stored audit log is append-only and its verifier detects an edited entry', async () => {
  const t = await createTestContext();
  try {
    const log = new AuditLog(t.ctx.db, t.ctx.clock);
    await log.append({ caseId: null, type: 'desk.opened', payload: { note: 'first' }, actor: 'counsel' });
    await Promise.all([1, 2, 3, 4].map((i) => log.append({ caseId: null, type: 'comment', payload: { text: `parallel ${i}` }, actor: `lawyer${i}` })));
    const v = await log.verify();
    assert.deepEqual(v.ok && v.entries, 5, 'concurrent appends still form one chain');

    await assert.rejects(sql`update legal_events set payload = '{"note":"rewritten"}' where seq = 1`.execute(t.ctx.db), /append-only/);
    await assert.rejects(sql`delete from legal_events where seq = 2`.execute(t.ctx.db), /append-only/);

    // Someone with database access goes around the trigger: the chain still tells.
    await sql`alter table legal_events disable trigger legal_events_no_update`.execute(t.ctx.db);
    await sql`update legal_events set payload = '{"text":"parallel 9"}' where seq = 3`.execute(t.ctx.db);
    await sql`alter table legal_events enable trigger legal_events_no_update`.execute(t.ctx.db);
    assert.deepEqual(await log.verify(), { ok: false, entries: 5, firstBadSeq: 3, reason: 'hash_mismatch' });
  } finally {
    await t.close();
  }
});

test('the warrant canary is signed, verifiable, and shown as expired once its renewal date passes', async () => {
  let now = new Date('2026-03-01T09:00:00Z');
  const t = await createTestContext({ clock: { now: () => now } });
  try {
    const canary = new Canary(t.ctx.db, t.ctx.clock, 'Test Instance');
    assert.equal((await canary.status()).state, 'none');
    const first = await canary.renew(30);
    assert.equal(first.state, 'current');
    assert.equal(first.expires_on, '2026-03-31');
    assert.equal(first.signature_valid, true);
    assert.match(first.statement!, /have not received any National Security Letter/);
    now = new Date('2026-04-01T09:00:00Z');
    assert.equal((await canary.status()).state, 'expired');
    const renewed = await canary.renew(30);
    assert.equal(renewed.state, 'current');
    assert.equal(renewed.public_key, first.public_key, 'the same instance key signs every statement');
    await sql`update canary_statements set statement = statement || ' (edited)'`.execute(t.ctx.db);
    const tampered = await canary.status();
    assert.deepEqual([tampered.signature_valid, tampered.state], [false, 'expired'], 'an edited statement fails its signature');
  } finally {
    await t.close();
  }
});
