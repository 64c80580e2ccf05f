import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, seedAccount } from '../../test/harness.js';
import type { Visibility } from '../db/schema.js';
import { authorVisibleToFollowerSql, canSee, visibleToFollowerSql, visibleToSql } from './visibility.js';

/**
 * The visibility rule as a table: every kind of post against every kind of viewer, through the SQL predicate
 * and the check function; and the home-timeline form of the rule agrees with the general one wherever it applies.
 */
test('who sees what: the rule for every visibility and viewer, and its follower form agrees with it', async () => {
  const t = await createTestContext();
  try {
    const { ctx } = t;
    const [author, follower, mentioned, stranger, blocked, suspended] = await Promise.all(
      ['v_author', 'v_follower', 'v_mentioned', 'v_stranger', 'v_blocked', 'v_suspended'].map((h) => seedAccount(ctx, h)));
    for (const who of [follower, blocked, mentioned]) {
      await ctx.db.insertInto('follows').values({ follower_id: who.account.id, followee_id: author.account.id }).execute();
      await ctx.db.insertInto('follows').values({ follower_id: who.account.id, followee_id: suspended.account.id }).execute();
    }
    const posts: Record<string, string> = {};
    for (const v of ['public', 'unlisted', 'private', 'direct'] as Visibility[]) {
      posts[v] = (await ctx.posts.create(author.account, { text: `${v} post`, visibility: v })).id;
      posts[`${v}+mention`] = (await ctx.posts.create(author.account, { text: `${v} post for @v_mentioned @v_blocked`, visibility: v })).id;
    }
    posts.suspendedPublic = (await ctx.posts.create(suspended.account, { text: 'before suspension' })).id;
    await ctx.db.insertInto('blocks').values({ account_id: author.account.id, target_account_id: blocked.account.id }).execute();
    await ctx.db.updateTable('accounts').set({ suspended: true }).where('id', '=', suspended.account.id).execute();

    const expected: Record<string, string[]> = {
      // viewer →       anonymous, author, follower, mentioned, stranger, blocked
      public:            ['anon', 'author', 'follower', 'mentioned', 'stranger'],
      'public+mention':  ['anon', 'author', 'follower', 'mentioned', 'stranger'],
      unlisted:          ['anon', 'author', 'follower', 'mentioned', 'stranger'],
      'unlisted+mention': ['anon', 'author', 'follower', 'mentioned', 'stranger'],
      private:           ['author', 'follower', 'mentioned'],
      'private+mention': ['author', 'follower', 'mentioned'],
      direct:            ['author'],
      'direct+mention':  ['author', 'mentioned'],
      suspendedPublic:   [],
    };
    const viewers = { anon: null, author: author.account.id, follower: follower.account.id, mentioned: mentioned.account.id, stranger: stranger.account.id, blocked: blocked.account.id };
    for (const [name, id] of Object.entries(posts)) {
      const seenBy: string[] = [];
      for (const [viewer, viewerId] of Object.entries(viewers)) {
        const bySql = !!(await ctx.db.selectFrom('statuses').select('id').where('id', '=', id).where(visibleToSql(viewerId)).executeTakeFirst());
        assert.equal(await canSee(ctx.db, viewerId, id), bySql, `${name} / ${viewer}: check and predicate agree`);
        if (bySql) seenBy.push(viewer);
      }
      assert.deepEqual(seenBy, expected[name], name);
    }

    // The follower form, for viewers who follow (or are) the author, matches the general rule post by post.
    for (const viewerId of [author.account.id, follower.account.id, mentioned.account.id, blocked.account.id]) {
      const general = await ctx.db.selectFrom('statuses').select('id').where(visibleToSql(viewerId)).orderBy('id').execute();
      const followerForm = await ctx.db.selectFrom('statuses').select('id')
        .where(authorVisibleToFollowerSql(viewerId, sql`statuses.account_id`)).where(visibleToFollowerSql(viewerId)).orderBy('id').execute();
      assert.deepEqual(followerForm, general);
    }
  } finally {
    await t.close();
  }
});
