import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, seedAccount } from '../../test/harness.js';
import { sampleCounts, hourBucket } from './sampling.js';

function movableClock(iso: string) {
  return { at: new Date(iso), now() { return new Date(this.at); } };
}

async function samplesOf(db: Parameters<typeof sampleCounts>[0]['db'], accountId: string) {
  const rows = await db.selectFrom('account_count_samples').selectAll().where('account_id', '=', accountId).orderBy('at').execute();
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), followers: r.followers_count, following: r.following_count, statuses: r.statuses_count }));
}

test('a pass samples accounts with no sample or changed counts, only those, in the hour bucket where the latest value wins', async () => {
  const clock = movableClock('2026-03-01T10:05:00Z');
  const t = await createTestContext({ clock });
  try {
    const { ctx } = t;
    const alt = (await seedAccount(ctx, 'alt_uscis')).account;
    const fan = (await seedAccount(ctx, 'fan')).account;
    const quiet = (await seedAccount(ctx, 'quiet')).account;

    assert.equal((await sampleCounts(ctx)).sampled, 3, 'every account gets a first sample');
    assert.equal((await sampleCounts(ctx)).sampled, 0, 'nothing changed: nothing written');

    clock.at = new Date('2026-03-01T10:25:00Z');
    await ctx.graph.follow(fan, alt.id);
    assert.equal((await sampleCounts(ctx)).sampled, 2, 'the followee and the follower changed; the quiet account did not');
    assert.deepEqual(await samplesOf(ctx.db, alt.id), [{ at: '2026-03-01T10:00:00.000Z', followers: 1, following: 0, statuses: 0 }],
      'same hour: the row was updated, not added');
    assert.deepEqual((await samplesOf(ctx.db, quiet.id)).length, 1);

    clock.at = new Date('2026-03-01T11:02:00Z');
    await ctx.posts.create(alt, { text: 'hello', visibility: 'public' });
    await ctx.graph.unfollow(fan, alt.id);
    assert.equal((await sampleCounts(ctx)).sampled, 2);
    assert.deepEqual(await samplesOf(ctx.db, alt.id), [
      { at: '2026-03-01T10:00:00.000Z', followers: 1, following: 0, statuses: 0 },
      { at: '2026-03-01T11:00:00.000Z', followers: 0, following: 0, statuses: 1 },
    ]);
    assert.deepEqual(await samplesOf(ctx.db, fan.id), [
      { at: '2026-03-01T10:00:00.000Z', followers: 0, following: 1, statuses: 0 },
      { at: '2026-03-01T11:00:00.000Z', followers: 0, following: 0, statuses: 0 },
    ]);
    assert.equal(hourBucket(new Date('2026-03-01T11:59:59.999Z')).toISOString(), '2026-03-01T11:00:00.000Z');
  } finally {
    await t.close();
  }
});

test('after 90 days hourly samples are thinned to the last of each day; recent ones stay hourly', async () => {
  const clock = movableClock('2026-01-10T00:00:00Z');
  const t = await createTestContext({ clock });
  try {
    const { ctx } = t;
    const a = (await seedAccount(ctx, 'thin')).account;
    // Two old days with three hourly changes each, and a recent day with two.
    const hours = ['2026-01-10T01:00Z', '2026-01-10T05:00Z', '2026-01-10T23:00Z', '2026-01-11T00:00Z', '2026-01-11T12:00Z', '2026-01-11T13:00Z'];
    const recent = ['2026-04-15T08:00Z', '2026-04-15T09:00Z'];
    let n = 0;
    for (const at of [...hours, ...recent]) {
      await ctx.db.insertInto('account_count_samples').values({ account_id: a.id, at: new Date(at), followers_count: ++n, following_count: 0, statuses_count: 0 }).execute();
    }
    // Make the live counters equal the latest sample, so the pass only thins.
    await ctx.db.updateTable('accounts').set({ followers_count: n }).where('id', '=', a.id).execute();

    clock.at = new Date('2026-04-20T06:00:00Z'); // 90 days back is 2026-01-20: both old days are past it
    const report = await sampleCounts(ctx);
    assert.equal(report.sampled, 0);
    assert.equal(report.thinned, 4);
    assert.deepEqual((await samplesOf(ctx.db, a.id)).map((s) => [s.at, s.followers]), [
      ['2026-01-10T23:00:00.000Z', 3], ['2026-01-11T13:00:00.000Z', 6],
      ['2026-04-15T08:00:00.000Z', 7], ['2026-04-15T09:00:00.000Z', 8],
    ]);
    assert.equal((await sampleCounts(ctx)).thinned, 0, 'thinning is idempotent');
  } finally {
    await t.close();
  }
});

test('cost of one sampling pass over 10,000 accounts (printed, not asserted)', async () => {
  const clock = movableClock('2026-05-01T12:00:00Z');
  const t = await createTestContext({ clock });
  try {
    const { ctx } = t;
    // Accounts are inserted directly: 10,000 sign-ups would measure passphrase hashing, not sampling.
    await sql`insert into accounts (handle, passphrase_hash, followers_count, following_count, statuses_count)
      select 'bulk' || g, 'x', g % 500, g % 70, g % 30 from generate_series(1, 10000) g`.execute(ctx.db);
    const time = async () => { const t0 = performance.now(); const r = await sampleCounts(ctx); return { ...r, ms: Math.round(performance.now() - t0) }; };
    const first = await time();
    const unchanged = await time();
    await sql`update accounts set followers_count = followers_count + 1 where id % 10 = 0`.execute(ctx.db);
    clock.at = new Date('2026-05-01T13:00:00Z');
    const tenth = await time();
    assert.equal(first.sampled, 10000);
    assert.equal(unchanged.sampled, 0);
    assert.equal(tenth.sampled, 1000);
    console.log(`sampling 10,000 accounts on ${t.ctx.backend}: first pass ${first.ms} ms (10,000 rows), unchanged ${unchanged.ms} ms (0 rows), 10% changed ${tenth.ms} ms (1,000 rows)`);
  } finally {
    await t.close();
  }
});
