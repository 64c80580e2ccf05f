import { defineRoute } from '../../../route.js';
import { fail } from '../../../../errors.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { countSeries, reachPerPost } from '../../../../insights/series.js';
import { FOLLOWER_CHART_DAYS } from '../../../../insights/figures.js';

/**
 * GET /api/v1/publius/insights/:handle — the figures behind /@handle/insights, for apps: the follower series
 * over 30 days (the samples, each an hour in which the count changed) and the reach of the latest public posts.
 * The holder's own token also gets the following and posts series, which others are not shown.
 */
export default defineRoute((app, ctx) => {
  app.get<{ Params: { handle: string } }>('/api/v1/publius/insights/:handle', async (request) => {
    const account = await ctx.accounts.byHandle(request.params.handle);
    if (!account || account.suspended) fail('NOT_FOUND');
    const own = optionalAccount(request)?.id === account.id;
    const opts = { days: FOLLOWER_CHART_DAYS, now: ctx.clock.now() };
    const samples = async (column: 'followers_count' | 'following_count' | 'statuses_count') =>
      (await countSeries(ctx.db, account.id, column, opts)).changes.map((c) => ({ at: c.at.toISOString(), value: c.value }));
    const posts = await reachPerPost(ctx.db, account.id, { limit: 20 });
    return {
      handle: account.handle,
      followers_count: account.followers_count,
      followers: await samples('followers_count'),
      ...(own ? { following: await samples('following_count'), statuses: await samples('statuses_count') } : {}),
      posts: posts.map((p) => ({
        id: p.id, created_at: p.createdAt.toISOString(), reblogs_count: p.boosts, favourites_count: p.favourites,
        replies_count: p.replies, reach: p.reach, booster_followers: p.boosterFollowers,
      })),
    };
  });
});
