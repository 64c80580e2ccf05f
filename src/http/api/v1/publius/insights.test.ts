import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, apiClient } from '../../../../../test/harness.js';
import { sampleCounts } from '../../../../insights/sampling.js';

test('GET /api/v1/publius/insights/:handle: follower samples and reach for anyone; following and posts only with the holder\'s token', async () => {
  const clock = { at: new Date('2026-06-01T09:00:00Z'), now() { return new Date(this.at); } };
  const s = await startTestServer({ clock });
  try {
    const { ctx } = s;
    const writer = await seedAccount(ctx, 'writer');
    const fan = await seedAccount(ctx, 'fan');
    await sampleCounts(ctx);
    clock.at = new Date('2026-06-01T10:30:00Z');
    await ctx.graph.follow(fan.account, writer.account.id);
    const post = await ctx.posts.create(writer.account, { text: 'hello', visibility: 'public' });
    await ctx.posts.favourite(fan.account, post.id, true);
    await sampleCounts(ctx);

    const anon = await apiClient(s.url).get('/api/v1/publius/insights/writer');
    assert.equal(anon.status, 200);
    assert.deepEqual(anon.body.followers, [{ at: '2026-06-01T09:00:00.000Z', value: 0 }, { at: '2026-06-01T10:00:00.000Z', value: 1 }]);
    assert.equal(anon.body.following, undefined);
    assert.equal(anon.body.statuses, undefined);
    assert.deepEqual(anon.body.posts.map((p: { reach: number; favourites_count: number }) => [p.reach, p.favourites_count]), [[1, 1]]);

    const byOther = await apiClient(s.url, fan.token).get('/api/v1/publius/insights/writer');
    assert.equal(byOther.body.statuses, undefined);
    const own = await apiClient(s.url, writer.token).get('/api/v1/publius/insights/writer');
    assert.deepEqual(own.body.statuses.map((x: { value: number }) => x.value), [0, 1]);

    assert.equal((await apiClient(s.url).get('/api/v1/publius/insights/nobody')).status, 404);
  } finally {
    await s.close();
  }
});
