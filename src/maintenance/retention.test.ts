import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createTestContext, seedAccount } from '../../test/harness.js';
import { enforceRetention } from './retention.js';

test('retention removes expired sessions, old notifications, stale idempotency keys and unattached uploads', async () => {
  let now = new Date('2026-01-01T12:00:00Z');
  const t = await createTestContext({ clock: { now: () => now } });
  try {
    const a = await seedAccount(t.ctx, 'r_alice'); const b = await seedAccount(t.ctx, 'r_bob');
    await t.ctx.graph.follow(b.account, a.account.id);
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer();
    const loose = await t.ctx.media.ingest(a.account.id, { data: png });
    const kept = await t.ctx.media.ingest(a.account.id, { data: png });
    const post = await t.ctx.posts.create(a.account, { text: 'keeps its media', mediaIds: [kept.id], idempotencyKey: 'k1' });
    await t.ctx.db.updateTable('notifications').set({ created_at: new Date('2025-09-01T00:00:00Z') }).execute();
    // Uploads are dated by their time-sortable id; make this one two days old.
    const oldId = ((BigInt(now.getTime() - 2 * 86_400_000) << 16n) + 1n).toString();
    await t.ctx.db.updateTable('media').set({ id: oldId }).where('id', '=', loose.id).execute();

    now = new Date('2026-05-01T12:00:00Z');
    const report = await enforceRetention(t.ctx);
    assert.deepEqual(report, { sessions: 2, notifications: 1, media: 1, idempotencyKeys: 1, holds: 0 });
    assert.equal(fs.existsSync(path.join(t.ctx.mediaDir, loose.file_key)), false);
    assert.equal(fs.existsSync(path.join(t.ctx.mediaDir, kept.file_key)), true);
    assert.ok(await t.ctx.db.selectFrom('statuses').select('id').where('id', '=', post.id).executeTakeFirst());
  } finally {
    await t.close();
  }
});
