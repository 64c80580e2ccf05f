import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, PASSPHRASE } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';
import { sampleCounts } from '../../../insights/sampling.js';

test('/@handle/insights: follower chart and reach per post for anyone, following/posts history only for the holder', async () => {
  const clock = { at: new Date('2026-06-01T09:00:00Z'), now() { return new Date(this.at); } };
  const s = await startTestServer({ clock });
  try {
    const { ctx } = s;
    const writer = (await seedAccount(ctx, 'writer')).account;
    const booster = (await seedAccount(ctx, 'booster')).account;
    const fans = await Promise.all(['fan1', 'fan2', 'fan3'].map(async (h) => (await seedAccount(ctx, h)).account));
    await sampleCounts(ctx);

    // Over the next hours: the booster gains three followers, then boosts; the writer is followed and favourited.
    clock.at = new Date('2026-06-01T10:10:00Z');
    for (const fan of fans) await ctx.graph.follow(fan, booster.id);
    await sampleCounts(ctx);
    clock.at = new Date('2026-06-01T11:10:00Z');
    const post = await ctx.posts.create(writer, { text: 'A post with <b>markup</b> & reach', visibility: 'public' });
    await ctx.posts.create(writer, { text: 'followers only, never charted', visibility: 'private' });
    await ctx.posts.reblog(booster, post.id);
    await ctx.posts.favourite(fans[0], post.id, true);
    await ctx.graph.follow(fans[0], writer.id);
    await ctx.graph.follow(fans[1], writer.id);
    await sampleCounts(ctx);
    clock.at = new Date('2026-06-01T12:00:00Z');

    const anon = await fetch(`${s.url}/@writer/insights`);
    assert.equal(anon.status, 200);
    const page = await anon.text();
    assert.match(page, /<h1>Insights for @writer<\/h1>/);
    assert.match(page, /<svg [^>]*role="img"[^>]*aria-labelledby="insights-followers-title/);
    assert.match(page, /<table>/);
    assert.match(page, /Followers from 0 on [^<]* to 2 on/);
    assert.doesNotMatch(page, /\sstyle=|<style|<script(?![^>]*\ssrc=)/i, 'no inline style or script');
    assert.match(anon.headers.get('content-security-policy') ?? '', /./);
    // Reach per post: one boost + one favourite; the booster had 3 followers when boosting. The private post is absent.
    assert.match(page, /A post with &lt;b&gt;markup&lt;\/b&gt; &amp; reach<\/th><td class="num">2<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">3<\/td>/);
    assert.doesNotMatch(page, /followers only, never charted/);
    assert.doesNotMatch(page, /Only you see these|insights-following|insights-statuses/, 'following and posts history are not shown to others');

    const other = new WebClient(s.url);
    await other.logIn('fan1', PASSPHRASE);
    const seenByOther = await other.get('/@writer/insights');
    assert.equal(seenByOther.status, 200);
    assert.doesNotMatch(seenByOther.text, /Only you see these|insights-following|insights-statuses/);

    const self = new WebClient(s.url);
    await self.logIn('writer', PASSPHRASE);
    const own = await self.get('/@writer/insights');
    assert.equal(own.status, 200);
    assert.match(own.text, /Only you see these/);
    assert.match(own.text, /id="insights-following"/);
    assert.match(own.text, /id="insights-statuses"[\s\S]*Posts from 0 on [^<]* to 2 on/);

    assert.equal((await fetch(`${s.url}/@nobody_here/insights`)).status, 404);
    await ctx.db.updateTable('accounts').set({ suspended: true }).where('id', '=', booster.id).execute();
    assert.equal((await fetch(`${s.url}/@booster/insights`)).status, 404, 'a suspended account shows nothing');
  } finally {
    await s.close();
  }
});

test('the profile page opens with the follower chart, drawn on the server with its table; later pages leave it out', async () => {
  const s = await startTestServer();
  try {
    const { account } = await seedAccount(s.ctx, 'alt_uscis');
    for (const h of ['f1', 'f2', 'f3']) {
      const { account: f } = await seedAccount(s.ctx, h);
      await s.ctx.graph.follow(f, account.id);
    }
    await sampleCounts(s.ctx);
    const page = await new WebClient(s.url).get('/@alt_uscis');
    assert.equal(page.status, 200);
    assert.match(page.text, /class="profile-chart"[\s\S]*<svg [^>]*role="img"[\s\S]*<table/);
    assert.doesNotMatch(page.text, /style=|<script/);
    const older = await new WebClient(s.url).get('/@alt_uscis?max_id=999999999999999999');
    assert.doesNotMatch(older.text, /class="profile-chart"/);
  } finally {
    await s.close();
  }
});
