import { defineRoute } from '../../route.js';
import { html } from '../_layout.js';
import { sendWebPage, webViewer } from '../_session.js';
import { countChartFor, followerChartFor, reachChartFor } from '../../../insights/figures.js';

/**
 * An account's insights: its follower count over 30 days and the reach of its recent public posts, from counts
 * Publius keeps anyway (no reader is recorded). Public, like the counts themselves; the holder alone also sees the
 * history of whom they follow and how much they post, which others have no need to chart.
 */
export default defineRoute((app, ctx) => {
  app.get<{ Params: { handle: string } }>('/@:handle/insights', async (request, reply) => {
    const account = await ctx.accounts.byHandle(request.params.handle);
    if (!account || account.suspended) {
      return sendWebPage(ctx, request, reply, {
        status: 404, title: 'Not found',
        body: html`<h1>Not found</h1><p class="error" role="alert">There is no account with that handle here.</p>`,
      });
    }
    const viewer = webViewer(request);
    const own = viewer?.id === account.id;
    const [followers, reach, following, posts] = await Promise.all([
      followerChartFor(ctx, account.id),
      reachChartFor(ctx, account.id),
      own ? countChartFor(ctx, account.id, 'following_count') : null,
      own ? countChartFor(ctx, account.id, 'statuses_count') : null,
    ]);
    const body = html`<h1>Insights for @${account.handle}</h1>
<p><a href="/@${account.handle}">Back to the profile</a></p>
<p class="help">From counts this server keeps on every account and post, sampled every ten minutes. Times are in UTC. No one who reads is recorded.</p>
<section aria-labelledby="insights-followers-h"><h2 id="insights-followers-h">Followers</h2>${followers}</section>
<section aria-labelledby="insights-reach-h"><h2 id="insights-reach-h">Reach per post</h2>${reach}</section>
${own ? html`<section aria-labelledby="insights-own-h"><h2 id="insights-own-h">Only you see these</h2>${following}${posts}</section>` : null}`;
    return sendWebPage(ctx, request, reply, { title: `Insights for @${account.handle}`, body, viewer });
  });
});
