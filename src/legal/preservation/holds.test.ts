import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { sql } from 'kysely';
import { createTestContext, seedAccount, PASSPHRASE, type TestContext } from '../../../test/harness.js';
import { PubliusError } from '../../errors.js';
import { enforceRetention } from '../../maintenance/retention.js';

function movableClock(iso: string) {
  return { at: new Date(iso), now() { return new Date(this.at); }, advanceDays(d: number) { this.at = new Date(this.at.getTime() + d * 86_400_000); } };
}

async function rejectsWith(p: Promise<unknown>, code: string, pattern?: RegExp) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof PubliusError, `expected a PubliusError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (pattern) assert.match(err.message, pattern, err.message);
    return true;
  });
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** A case to hang holds on, through the desk's real intake (a bare preservation letter). */
async function openCase(t: TestContext): Promise<string> {
  const c = await t.ctx.desk.intake({ text: '{"reference": "PRES-1", "kind": "preservation"}', filename: 'letter.json', actor: 'counsel' });
  return c.id;
}

async function image(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 200, g: 30, b: 90 } } }).png().toBuffer();
}

test('a hold keeps the account\'s posts, DM and media through deletion, renews once, and is purged when it expires', async () => {
  const clock = movableClock('2026-09-03T09:00:00Z');
  const t = await createTestContext({ clock });
  try {
    const { account: writer } = await seedAccount(t.ctx, 'night_watch_77');
    const { account: friend } = await seedAccount(t.ctx, 'friend');
    const media = await t.ctx.media.ingest(writer.id, { data: await image(), description: 'the flyer' });
    const originalBytes = fs.readFileSync(t.ctx.media.filePath(media.file_key)!);
    const pub = await t.ctx.posts.create(writer, { text: 'Public notice', visibility: 'public', mediaIds: [media.id] });
    const priv = await t.ctx.posts.create(writer, { text: 'Followers only', visibility: 'private' });
    const dm = await t.ctx.posts.create(writer, { text: '@friend meet at noon', visibility: 'direct' });
    await t.ctx.posts.create(friend, { text: '@night_watch_77 see you', visibility: 'direct' });

    const caseId = await openCase(t);
    const placed = await t.ctx.holds.place({ caseId, handles: ['@Night_Watch_77', 'nobody_here'], actor: 'counsel' });
    assert.deepEqual(placed.missing, ['nobody_here'], 'a handle with no account gets no hold and is reported');
    assert.equal(placed.holds.length, 1);
    const hold = placed.holds[0];
    assert.equal(hold.handle, 'night_watch_77');
    assert.equal(hold.expiresAt.toISOString(), '2026-12-02T09:00:00.000Z', '90 days by default');
    assert.deepEqual(await t.ctx.holds.holdsFor(writer.id), [{ id: hold.id, caseId }]);
    assert.deepEqual(await t.ctx.holds.holdsFor(friend.id), []);

    // Written after the hold: § 2703(f) preserves what exists, it collects nothing new.
    await t.ctx.posts.create(writer, { text: 'after the hold', visibility: 'public' });

    // The account holder deletes the account; deletion looks the same to them.
    await t.ctx.privacy.deleteAccount(writer.id, PASSPHRASE);
    assert.equal(await t.ctx.db.selectFrom('accounts').select('id').where('id', '=', writer.id).executeTakeFirst(), undefined);
    assert.deepEqual(await t.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', writer.id).execute(), []);
    assert.equal(fs.existsSync(t.ctx.media.filePath(media.file_key)!), false, 'the live media file is gone');
    const notices = await t.ctx.db.selectFrom('preservation_notices').selectAll().execute();
    assert.equal(notices.length, 1);
    assert.equal(notices[0].hold_id, hold.id);
    assert.equal(notices[0].handle, 'night_watch_77');
    assert.equal((await t.ctx.holds.get(hold.id)).accountId, null, 'the hold outlives the account row');

    const snap = await t.ctx.holds.snapshot(hold.id);
    assert.equal(snap.sha256, hold.snapshotSha256);
    assert.equal(snap.data.account.handle, 'night_watch_77');
    const texts = snap.data.tables.statuses.map((s) => s.text).sort();
    assert.deepEqual(texts, ['@friend meet at noon', 'Followers only', 'Public notice']);
    assert.deepEqual(snap.data.tables.statuses.map((s) => s.id).sort(), [pub.id, priv.id, dm.id].sort());
    assert.ok(snap.data.tables.status_mentions.some((m) => m.status_id === dm.id), 'who the DM went to');
    assert.ok(snap.data.tables.status_mentions.some((m) => m.account_id === writer.id && m.status_id !== dm.id), 'DM received');
    assert.equal(snap.data.tables.accounts.length, 1);
    assert.equal('passphrase_hash' in snap.data.tables.accounts[0], false, 'credentials are never preserved');
    assert.deepEqual(snap.data.tables.media.map((m) => m.description), ['the flyer']);
    assert.equal(snap.data.files.length, 1);
    assert.equal(snap.data.files[0].sha256, sha256(originalBytes));
    assert.equal(sha256(fs.readFileSync(snap.filePaths[media.file_key])), sha256(originalBytes), 'bytes identical');

    // One renewal: another 90 days from the current expiry. A second is refused.
    clock.advanceDays(80);
    const renewed = await t.ctx.holds.renew(hold.id, 'counsel');
    assert.equal(renewed.renewals, 1);
    assert.equal(renewed.expiresAt.toISOString(), '2027-03-02T09:00:00.000Z');
    await rejectsWith(t.ctx.holds.renew(hold.id, 'counsel'), 'CONFLICT', /renewed once/);
    assert.equal((await t.ctx.holds.get(hold.id)).expiresAt.toISOString(), '2027-03-02T09:00:00.000Z');

    // Just before expiry nothing is purged; past it the hourly retention run purges it.
    clock.at = new Date('2027-03-02T08:59:59Z');
    assert.equal(await t.ctx.holds.purgeExpired(clock.now()), 0);
    assert.ok((await t.ctx.holds.snapshot(hold.id)).data);
    clock.at = new Date('2027-03-02T09:00:01Z');
    const report = await enforceRetention(t.ctx);
    assert.equal(report.holds, 1);
    const row = await t.ctx.db.selectFrom('legal_snapshots').selectAll().where('hold_id', '=', hold.id).executeTakeFirstOrThrow();
    assert.equal(row.data, null);
    assert.ok(row.purged_at);
    assert.equal(row.sha256, hold.snapshotSha256, 'the hash stays as proof of what was kept');
    assert.equal(fs.existsSync(path.join(t.ctx.holds.dir, hold.id)), false, 'copied files removed');
    await rejectsWith(t.ctx.holds.snapshot(hold.id), 'GONE', /purged/);
    assert.ok((await t.ctx.holds.get(hold.id)).purgedAt);
    assert.equal(await t.ctx.holds.purgeExpired(clock.now()), 0, 'purged once');

    const events = (await t.ctx.desk.events(caseId)).filter((e) => e.type.startsWith('hold.'));
    assert.deepEqual(events.map((e) => e.type), ['hold.placed', 'hold.no_account', 'hold.renewed', 'hold.purged']);
    const placedPayload = events[0].payload as Record<string, unknown>;
    assert.equal(placedPayload.snapshotSha256, hold.snapshotSha256);
    assert.equal(placedPayload.handle, 'night_watch_77');
    assert.equal(JSON.stringify(events).includes('Public notice'), false, 'the audit log never carries the preserved data');
    assert.equal((await t.ctx.holds.audit.verify()).ok, true);
  } finally {
    await t.close();
  }
});

test('a released hold is purged at the next run; days set the length; unknown cases are refused', async () => {
  const clock = movableClock('2026-09-03T09:00:00Z');
  const t = await createTestContext({ clock });
  try {
    const { account } = await seedAccount(t.ctx, 'eu_target');
    await t.ctx.posts.create(account, { text: 'hello', visibility: 'public' });
    const caseId = await openCase(t);
    await rejectsWith(t.ctx.holds.place({ caseId: '999999', handles: ['eu_target'], actor: 'counsel' }), 'NOT_FOUND');
    await rejectsWith(t.ctx.holds.place({ caseId, handles: ['eu_target'], days: 0, actor: 'counsel' }), 'VALIDATION');

    const { holds: [hold] } = await t.ctx.holds.place({ caseId, handles: ['eu_target'], days: 60, actor: 'counsel' });
    assert.equal(hold.expiresAt.toISOString(), '2026-11-02T09:00:00.000Z');
    const released = await t.ctx.holds.release(hold.id, 'counsel');
    assert.ok(released.releasedAt);
    assert.deepEqual(await t.ctx.holds.holdsFor(account.id), [], 'a released hold no longer binds deletion');
    await rejectsWith(t.ctx.holds.renew(hold.id, 'counsel'), 'CONFLICT', /ended/);
    await rejectsWith(t.ctx.holds.release(hold.id, 'counsel'), 'CONFLICT');

    clock.advanceDays(1);
    assert.equal(await t.ctx.holds.purgeExpired(clock.now()), 1);
    await rejectsWith(t.ctx.holds.snapshot(hold.id), 'GONE');
    const [listed] = await t.ctx.holds.forCase(caseId);
    assert.equal(listed.id, hold.id);
    assert.ok(listed.purgedAt);
    const types = (await t.ctx.desk.events(caseId)).map((e) => e.type).filter((x) => x.startsWith('hold.'));
    assert.deepEqual(types, ['hold.placed', 'hold.released', 'hold.purged']);
    assert.equal((await t.ctx.holds.audit.verify()).ok, true);
  } finally {
    await t.close();
  }
});

test('altering a snapshot or a preserved file in storage is detected on read', async () => {
  const t = await createTestContext();
  try {
    const { account } = await seedAccount(t.ctx, 'tampered');
    const media = await t.ctx.media.ingest(account.id, { data: await image() });
    await t.ctx.posts.create(account, { text: 'what I really wrote', visibility: 'public', mediaIds: [media.id] });
    const caseId = await openCase(t);
    // Two holds over the same account (two requests), one for each kind of tampering.
    const { holds: [a] } = await t.ctx.holds.place({ caseId, handles: ['tampered'], actor: 'counsel' });
    const { holds: [b] } = await t.ctx.holds.place({ caseId, handles: ['tampered'], actor: 'counsel' });
    assert.ok(await t.ctx.holds.snapshot(a.id));

    await sql`update legal_snapshots set data = jsonb_set(data, '{tables,statuses,0,text}', '"what they say I wrote"') where hold_id = ${a.id}`.execute(t.ctx.db);
    await rejectsWith(t.ctx.holds.snapshot(a.id), 'INTERNAL', /does not match its SHA-256/);

    const copy = (await t.ctx.holds.snapshot(b.id)).filePaths[media.file_key];
    fs.chmodSync(copy, 0o640);
    fs.appendFileSync(copy, Buffer.from([0]));
    await rejectsWith(t.ctx.holds.snapshot(b.id), 'INTERNAL', /preserved file .* does not match/);
  } finally {
    await t.close();
  }
});
