import { sql } from 'kysely';
import type { Db } from '../db/database.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface CountPoint { at: Date; value: number }

export type CountColumn = 'followers_count' | 'following_count' | 'statuses_count';

export interface CountSeries {
  /** What to draw: a step-like line from the window start to now. */
  points: CountPoint[];
  /** The hours in which the count was seen to change (the samples themselves): what the table lists. */
  changes: CountPoint[];
  start: Date;
  end: Date;
}

/**
 * An account counter over the last `days` days, from the hourly samples (insights/sampling.ts).
 *
 * Samples are only written when a count changes, and the sampler runs every ten minutes, so no sample in an hour
 * means the count did not change in it. Drawing straight lines between samples far apart would invent a slow
 * climb; instead the previous value is carried to the hour before each change, so a jump drawn over one hour
 * really did happen within about an hour. The line starts at the value in force at the window start (the latest
 * earlier sample, if any) and ends at the live counter, now.
 */
export async function countSeries(db: Db, accountId: string, column: CountColumn, opts: { days: number; now?: Date }): Promise<CountSeries> {
  const end = opts.now ?? new Date();
  const start = new Date(end.getTime() - opts.days * DAY_MS);
  const [before, inside, live] = await Promise.all([
    db.selectFrom('account_count_samples').select(['at', `${column} as value`])
      .where('account_id', '=', accountId).where('at', '<', start).orderBy('at', 'desc').limit(1).executeTakeFirst(),
    db.selectFrom('account_count_samples').select(['at', `${column} as value`])
      .where('account_id', '=', accountId).where('at', '>=', start).where('at', '<=', end).orderBy('at', 'asc').execute(),
    db.selectFrom('accounts').select(`${column} as value`).where('id', '=', accountId).executeTakeFirst(),
  ]);
  const changes = inside.map((r) => ({ at: new Date(r.at), value: Number(r.value) }));
  const points: CountPoint[] = [];
  if (before) points.push({ at: start, value: Number(before.value) });
  for (const sample of changes) {
    const prev = points.at(-1);
    if (prev && sample.at.getTime() - prev.at.getTime() > HOUR_MS) points.push({ at: new Date(sample.at.getTime() - HOUR_MS), value: prev.value });
    points.push(sample);
  }
  if (live) {
    const prev = points.at(-1);
    if (!prev || prev.at.getTime() < end.getTime()) points.push({ at: end, value: Number(live.value) });
  }
  return { points, changes, start, end };
}

/** The follower count over the last `days` days (see countSeries). */
export function followerSeries(db: Db, accountId: string, opts: { days: number; now?: Date }): Promise<CountSeries> {
  return countSeries(db, accountId, 'followers_count', opts);
}

/**
 * The rows of a series' text alternative. Every change when there are few; past `max` rows, the changes of the
 * last two days stay hourly (where a surge is read) and older days are summed up as their last value.
 */
export function tableRows(series: CountSeries, max = 72): { at: Date; value: number; daily: boolean }[] {
  if (series.changes.length <= max) return series.changes.map((c) => ({ ...c, daily: false }));
  const hourlyFrom = series.end.getTime() - 2 * DAY_MS;
  const rows: { at: Date; value: number; daily: boolean }[] = [];
  for (const c of series.changes) {
    if (c.at.getTime() >= hourlyFrom) { rows.push({ ...c, daily: false }); continue; }
    const day = new Date(Math.floor(c.at.getTime() / DAY_MS) * DAY_MS);
    const last = rows.at(-1);
    if (last && last.daily && last.at.getTime() === day.getTime()) last.value = c.value;
    else rows.push({ at: day, value: c.value, daily: true });
  }
  return rows;
}

export interface PostReach {
  id: string;
  createdAt: Date;
  /** A short label: the content warning when there is one (the text behind it stays behind it), else the text. */
  label: string;
  boosts: number;
  favourites: number;
  replies: number;
  /** boosts + favourites + replies: interactions, the only reach Publius can know without watching readers. */
  reach: number;
  /**
   * Sum of the boosters' follower counts at the time of each boost (their latest sample at or before it, else
   * their current count): how many timelines a boost put the post in front of, not how many people read it.
   */
  boosterFollowers: number;
}

/**
 * Reach of the account's recent public posts, from the counters Publius keeps on every post. Nobody who read a
 * post is recorded anywhere; the boosters' audience is counted from their public follower counts. Its cost is
 * one index lookup per boost (statuses_reblog, then the samples' primary key), bounded by `limit` posts.
 */
export async function reachPerPost(db: Db, accountId: string, opts: { limit: number }): Promise<PostReach[]> {
  const { rows } = await sql<{
    id: string; created_at: Date; text: string; spoiler_text: string;
    reblogs_count: number; favourites_count: number; replies_count: number; booster_followers: string | number | null;
  }>`
    select s.id, s.created_at, s.text, s.spoiler_text, s.reblogs_count, s.favourites_count, s.replies_count,
      (select coalesce(sum(coalesce(at_boost.followers_count, booster.followers_count)), 0)
         from statuses boost
         join accounts booster on booster.id = boost.account_id
         left join lateral (
           select x.followers_count from account_count_samples x
           where x.account_id = boost.account_id and x.at <= boost.created_at
           order by x.at desc limit 1
         ) at_boost on true
         where boost.reblog_of_id = s.id) as booster_followers
    from statuses s
    where s.account_id = ${accountId} and s.visibility = 'public' and s.reblog_of_id is null
    order by s.id desc
    limit ${opts.limit}`.execute(db);
  return rows.map((r) => {
    const boosts = Number(r.reblogs_count);
    const favourites = Number(r.favourites_count);
    const replies = Number(r.replies_count);
    const source = r.spoiler_text ? `CW: ${r.spoiler_text}` : r.text;
    const flat = source.replace(/\s+/g, ' ').trim();
    return {
      id: String(r.id), createdAt: new Date(r.created_at),
      label: flat.length > 40 ? `${flat.slice(0, 39)}…` : flat || '(no text)',
      boosts, favourites, replies, reach: boosts + favourites + replies,
      boosterFollowers: Number(r.booster_followers ?? 0),
    };
  });
}
