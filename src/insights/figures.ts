import type { Context } from '../context.js';
import { html, type Html } from '../http/web/_layout.js';
import { barChart, lineChart } from './charts.js';
import { countSeries, reachPerPost, tableRows, type CountColumn } from './series.js';

/** The window of the follower chart: hourly samples cover it whole (they are thinned only after 90 days). */
export const FOLLOWER_CHART_DAYS = 30;

const LABELS: Record<CountColumn, { title: string; y: string }> = {
  followers_count: { title: 'Followers over the last 30 days', y: 'Followers' },
  following_count: { title: 'Accounts followed over the last 30 days', y: 'Following' },
  statuses_count: { title: 'Posts over the last 30 days', y: 'Posts' },
};

/** One counter's chart with its table, over the last 30 days. */
export async function countChartFor(ctx: Pick<Context, 'db' | 'clock'>, accountId: string, column: CountColumn): Promise<Html> {
  const series = await countSeries(ctx.db, accountId, column, { days: FOLLOWER_CHART_DAYS, now: ctx.clock.now() });
  const label = LABELS[column];
  return lineChart({ points: series.points, table: tableRows(series) }, {
    title: label.title, yLabel: label.y, from: series.start, to: series.end, id: `insights-${column.replace('_count', '')}`,
    empty: 'Counts are sampled every ten minutes; the chart appears once there is a history to draw.',
  });
}

/**
 * The follower chart of an account, ready to embed (the profile page does): follower counts are public, so it
 * may be shown to anyone who may see the profile.
 */
export function followerChartFor(ctx: Pick<Context, 'db' | 'clock'>, accountId: string): Promise<Html> {
  return countChartFor(ctx, accountId, 'followers_count');
}

/** Reach of the account's recent public posts: interactions per post, with the boosters' audience beside. */
export async function reachChartFor(ctx: Pick<Context, 'db'>, accountId: string, limit = 10): Promise<Html> {
  const posts = await reachPerPost(ctx.db, accountId, { limit });
  return html`${barChart(posts.map((p) => ({
    label: p.label, value: p.reach,
    cells: [p.boosts, p.favourites, p.replies, p.boosterFollowers],
  })), {
    title: `Reach of the ${posts.length === 1 ? 'latest public post' : `latest ${posts.length} public posts`}`,
    yLabel: 'Reach', id: 'insights-reach', columns: ['Boosts', 'Favourites', 'Replies', "Boosters' followers"],
    empty: 'No public posts yet.',
  })}<p class="help">Reach is boosts + favourites + replies. "Boosters' followers" adds up the follower counts of those who boosted, at the time of the boost: how many home timelines a boost reached, not how many people read it. Publius does not record who reads a post, so it cannot say.</p>`;
}
