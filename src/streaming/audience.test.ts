import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, seedAccount, type TestContext } from '../../test/harness.js';
import type { Account } from '../db/schema.js';
import { canSee } from '../posts/visibility.js';
import { canRead, mayReceive, NO_FACTS } from './audience.js';
import { loadViewerFacts } from './audience.views.js';
import { loadStreamedPost } from './streamed-post.js';

/**
 * Drift test: streams decide who may read a post in memory (audience.ts) from facts loaded in batches; the
 * timelines decide with SQL (visibleToSql). For every kind of post and every kind of viewer, both must agree.
 */

let t: TestContext;
before(async () => { t = await createTestContext(); });
after(async () => { await t.close(); });

test('the in-memory audience rule agrees with visibleToSql for every visibility and relationship', async () => {
  const ctx = t.ctx;
  const seed = async (h: string) => (await seedAccount(ctx, h)).account;
  const author = await seed('au_author');
  const booster = await seed('au_booster');
  const viewers: Record<string, Account> = {
    follower: await seed('au_follower'),
    mentioned: await seed('au_mentioned'),
    stranger: await seed('au_stranger'),
    blockedByAuthor: await seed('au_blocked'),
    blocksAuthor: await seed('au_blocker'),
    mutesAuthor: await seed('au_muter'),
    mutedOnceExpired: await seed('au_expired'),
    noBoosts: await seed('au_noboosts'),
  };
  await ctx.graph.follow(viewers.follower, author.id);
  await ctx.graph.follow(viewers.mutesAuthor, author.id);
  await ctx.graph.follow(viewers.noBoosts, booster.id, { reblogs: false });
  await ctx.graph.follow(viewers.follower, booster.id);
  await ctx.graph.block(author, viewers.blockedByAuthor.id);
  await ctx.graph.block(viewers.blocksAuthor, author.id);
  await ctx.graph.mute(viewers.mutesAuthor, author.id, false, 0);
  await ctx.graph.mute(viewers.mutedOnceExpired, author.id, false, 1);
  // The clock moves past the one-second mute without sleeping: facts are read "now + 2 s".
  const later = new Date(ctx.clock.now().getTime() + 2000);

  const posts = {
    public: await ctx.posts.create(author, { text: 'public @au_mentioned', visibility: 'public' }),
    unlisted: await ctx.posts.create(author, { text: 'unlisted', visibility: 'unlisted' }),
    private: await ctx.posts.create(author, { text: 'private', visibility: 'private' }),
    privateMention: await ctx.posts.create(author, { text: 'private @au_mentioned', visibility: 'private' }),
    direct: await ctx.posts.create(author, { text: 'direct @au_mentioned', visibility: 'direct' }),
  };
  const boost = await ctx.posts.reblog(booster, posts.public.id);

  const viewerIds = [author.id, booster.id, ...Object.values(viewers).map((v) => v.id)];
  const cases: Array<[string, string | null]> = [['anonymous', null], ['author', author.id], ['booster', booster.id], ...Object.entries(viewers).map(([k, v]) => [k, v.id] as [string, string])];
  let compared = 0;
  for (const [postName, status] of [...Object.entries(posts), ['boost', boost] as const]) {
    const streamed = (await loadStreamedPost(ctx, status.id))!;
    const facts = await loadViewerFacts(ctx.db, later, streamed, viewerIds, { flags: true });
    for (const [viewerName, viewerId] of cases) {
      const f = viewerId ? facts.get(viewerId)! : NO_FACTS;
      const sqlSees = await canSee(ctx.db, viewerId, status.id) && (!streamed.original || await canSee(ctx.db, viewerId, streamed.original.statusId));
      const memorySees = canRead(streamed.post, viewerId, f) && (!streamed.original || canRead(streamed.original, viewerId, f));
      assert.equal(memorySees, sqlSees, `${viewerName} reading the ${postName} post`);
      compared++;
    }
  }
  assert.equal(compared, 6 * 11);

  // Filters on top of permission: blocks and live mutes hide, an expired mute does not.
  const pub = (await loadStreamedPost(ctx, posts.public.id))!;
  const facts = await loadViewerFacts(ctx.db, later, pub, viewerIds, { flags: false });
  const receives = (v: Account) => mayReceive(pub, v.id, facts.get(v.id)!);
  assert.equal(receives(viewers.follower), true);
  assert.equal(receives(viewers.stranger), true);
  assert.equal(receives(viewers.mutesAuthor), false);
  assert.equal(receives(viewers.blocksAuthor), false);
  assert.equal(receives(viewers.blockedByAuthor), false);
  assert.equal(receives(viewers.mutedOnceExpired), true);

  // A boost of a muted author's post is filtered too; reblogs=false is recorded for the booster.
  const boosted = (await loadStreamedPost(ctx, boost.id))!;
  const boostFacts = await loadViewerFacts(ctx.db, later, boosted, viewerIds, { flags: true });
  assert.equal(mayReceive(boosted, viewers.mutesAuthor.id, boostFacts.get(viewers.mutesAuthor.id)!), false);
  assert.equal(boostFacts.get(viewers.noBoosts.id)!.follows.get(booster.id)?.showReblogs, false);
  assert.equal(boostFacts.get(viewers.follower.id)!.follows.get(booster.id)?.showReblogs, true);
  assert.equal(boostFacts.get(booster.id)!.reblogged.has(posts.public.id), true, 'the booster sees the original as reblogged');

  // A suspended author's posts are for the author's eyes only.
  const gone = await seed('au_suspended');
  const goneSaid = await ctx.posts.create(gone, { text: 'before the suspension', visibility: 'public' });
  await ctx.db.updateTable('accounts').set({ suspended: true }).where('id', '=', gone.id).execute();
  const suspended = (await loadStreamedPost(ctx, goneSaid.id))!;
  const suspendedFacts = await loadViewerFacts(ctx.db, later, suspended, [gone.id, viewers.stranger.id], { flags: false });
  for (const viewerId of [null, gone.id, viewers.stranger.id]) {
    const f = viewerId ? suspendedFacts.get(viewerId)! : NO_FACTS;
    assert.equal(canRead(suspended.post, viewerId, f), await canSee(ctx.db, viewerId, goneSaid.id), `viewer ${viewerId} of a suspended author`);
  }
});
