import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import { authorVisibleToFollowerSql, notFilteredBySql, visibleToFollowerSql, visibleToSql } from '../posts/visibility.js';
import { applyPage, newestFirst, type Page } from '../http/pagination.js';

/**
 * Timeline queries, fan-out on read (docs/adr/0001). Each returns the ids of posts the viewer may see, newest
 * first; rendering is separate (renderStatuses). Pagination is by post id, which sorts by time. `now` is the
 * context's clock, for mute expiry.
 */

/** The pagination bounds on a post id column. */
function bounds(column: RawBuilder<unknown>, page: Page): RawBuilder<unknown> {
  return sql.join([
    page.max_id ? sql`and ${column} < ${page.max_id}` : sql``,
    page.since_id ? sql`and ${column} > ${page.since_id}` : sql``,
    page.min_id ? sql`and ${column} > ${page.min_id}` : sql``,
  ], sql` `);
}

/** min_id asks for the page just above it: read oldest first, then turn it around. */
const direction = (page: Page) => (page.min_id ? sql`asc` : sql`desc`);

async function idsOf(db: Db, query: RawBuilder<{ id: string }>, page: Page): Promise<string[]> {
  const rows = (await query.execute(db)).rows.map((r) => r.id);
  return page.min_id ? rows.reverse() : rows;
}

const onlyMediaSql = sql`and exists (select 1 from media om where om.status_id = statuses.id)`;

/** A boost is shown only when the boosted post is visible too, and not by an account the viewer filters. */
function boostedVisible(viewerId: string | null, now: Date): RawBuilder<boolean> {
  return sql<boolean>`(statuses.reblog_of_id is null or exists (
    select 1 from statuses original where original.id = statuses.reblog_of_id
      and ${visibleToSql(viewerId, 'original')} and ${notFilteredBySql(viewerId, now, 'original')}))`;
}

/**
 * Posts and boosts by the accounts the viewer follows, and the viewer's own, without accounts the viewer blocks
 * or mutes, and without boosts from follows whose boosts the viewer turned off.
 *
 * The query starts from the reader's follows (a few hundred rows at most, by index) and, for each followed
 * account, reads its newest visible posts from the `statuses (account_id, id desc)` index, stopping at `limit`
 * per account; the page is the newest `limit` of those. Its cost grows with what the reader follows, never with
 * an author's follower count, nor with how much any author ever posted. Visibility is checked in the form for
 * followed authors (visibleToFollowerSql): per author once, then a cheap per-post test the planner can
 * push into the index scan.
 */
export async function homeTimeline(db: Db, viewerId: string, page: Page, now: Date): Promise<string[]> {
  return idsOf(db, sql<{ id: string }>`
    select candidate.id from (
      select ${viewerId}::bigint as author_id, true as show_reblogs
      union all
      select f.followee_id, f.show_reblogs from follows f
      where f.follower_id = ${viewerId}
        and ${authorVisibleToFollowerSql(viewerId, sql`f.followee_id`)}
        and not exists (select 1 from blocks hb where hb.account_id = ${viewerId} and hb.target_account_id = f.followee_id)
        and not exists (select 1 from mutes hm where hm.account_id = ${viewerId} and hm.target_account_id = f.followee_id
          and (hm.expires_at is null or hm.expires_at > ${now}))
    ) authors
    cross join lateral (
      select statuses.id from statuses
      where statuses.account_id = authors.author_id ${bounds(sql`statuses.id`, page)}
        and (authors.show_reblogs or statuses.reblog_of_id is null)
        and ${visibleToFollowerSql(viewerId)}
        and ${boostedVisible(viewerId, now)}
      order by statuses.id ${direction(page)}
      limit ${page.limit}
    ) candidate
    order by candidate.id ${direction(page)}
    limit ${page.limit}`, page);
}

export interface PublicFilters {
  onlyMedia: boolean;
}

/**
 * Public posts, newest first: no boosts, and (as Mastodon) no replies to other accounts — a thread's
 * continuation by its own author stays. Every post here is local.
 */
export async function publicTimeline(db: Db, viewerId: string | null, f: PublicFilters, page: Page, now: Date): Promise<string[]> {
  return idsOf(db, sql<{ id: string }>`
    select statuses.id from statuses
    where statuses.visibility = 'public' and statuses.reblog_of_id is null ${bounds(sql`statuses.id`, page)}
      and (statuses.in_reply_to_id is null or statuses.in_reply_to_account_id = statuses.account_id)
      and ${visibleToSql(viewerId)} and ${notFilteredBySql(viewerId, now)}
      ${f.onlyMedia ? onlyMediaSql : sql``}
    order by statuses.id ${direction(page)}
    limit ${page.limit}`, page);
}

export interface TagFilters {
  /** At least one of these (the hashtag in the path is always among them). */
  any: string[];
  /** Every one of these. */
  all: string[];
  /** None of these. */
  none: string[];
  onlyMedia: boolean;
}

/** Public posts with the given hashtags (replies included, boosts not). */
export async function tagTimeline(db: Db, viewerId: string | null, f: TagFilters, page: Page, now: Date): Promise<string[]> {
  const names = [...new Set([...f.any, ...f.all, ...f.none].map((t) => t.toLowerCase()))];
  const tags = await db.selectFrom('tags').select(['id', sql<string>`lower(name)`.as('name')])
    .where(sql`lower(name)`, 'in', names).execute();
  const idOf = new Map(tags.map((t) => [t.name, t.id]));
  const anyIds = f.any.map((t) => idOf.get(t.toLowerCase())).filter((x): x is string => !!x);
  const allIds = f.all.map((t) => idOf.get(t.toLowerCase()));
  const noneIds = f.none.map((t) => idOf.get(t.toLowerCase())).filter((x): x is string => !!x);
  if (anyIds.length === 0 || allIds.some((x) => !x)) return [];
  const has = (tagId: string) => sql`exists (select 1 from status_tags ht where ht.status_id = statuses.id and ht.tag_id = ${tagId})`;
  return idsOf(db, sql<{ id: string }>`
    select statuses.id from statuses
    where statuses.id in (select st.status_id from status_tags st where st.tag_id in (${sql.join(anyIds)}) ${bounds(sql`st.status_id`, page)})
      and statuses.visibility = 'public' and statuses.reblog_of_id is null
      ${sql.join(allIds.map((id) => sql`and ${has(id!)}`), sql` `)}
      ${sql.join(noneIds.map((id) => sql`and not ${has(id)}`), sql` `)}
      and ${visibleToSql(viewerId)} and ${notFilteredBySql(viewerId, now)}
      ${f.onlyMedia ? onlyMediaSql : sql``}
    order by statuses.id ${direction(page)}
    limit ${page.limit}`, page);
}

export interface AccountStatusFilters {
  onlyMedia: boolean;
  /** Leaves out replies to other accounts (a thread by the account itself stays, as in Mastodon). */
  excludeReplies: boolean;
  excludeReblogs: boolean;
  tagged?: string;
}

/** An account's posts and boosts that the viewer may see. */
export async function accountStatuses(db: Db, viewerId: string | null, accountId: string, f: AccountStatusFilters, page: Page, now: Date): Promise<string[]> {
  return idsOf(db, sql<{ id: string }>`
    select statuses.id from statuses
    where statuses.account_id = ${accountId} ${bounds(sql`statuses.id`, page)}
      and ${visibleToSql(viewerId)}
      ${f.onlyMedia ? onlyMediaSql : sql``}
      ${f.excludeReplies ? sql`and (statuses.in_reply_to_id is null or statuses.in_reply_to_account_id = statuses.account_id)` : sql``}
      ${f.excludeReblogs ? sql`and statuses.reblog_of_id is null` : sql``}
      ${f.tagged ? sql`and exists (select 1 from status_tags tt join tags on tags.id = tt.tag_id where tt.status_id = statuses.id and lower(tags.name) = ${f.tagged.toLowerCase()})` : sql``}
      and ${boostedVisible(viewerId, now)}
    order by statuses.id ${direction(page)}
    limit ${page.limit}`, page);
}

export interface SavedPage {
  /** The bookmark's or favourite's own ids, newest first: Mastodon paginates these lists by them. */
  cursors: string[];
  statusIds: string[];
}

/** The viewer's bookmarks or favourites, newest first, of posts the viewer may still see. */
export async function savedStatuses(db: Db, viewerId: string, list: 'bookmarks' | 'favourites', page: Page): Promise<SavedPage> {
  const q = db.selectFrom(list).innerJoin('statuses', 'statuses.id', `${list}.status_id`)
    .select([`${list}.id as id`, 'statuses.id as status_id'])
    .where(`${list}.account_id`, '=', viewerId).where(visibleToSql(viewerId));
  const rows = newestFirst(await applyPage(q, `${list}.id`, page).execute(), page);
  return { cursors: rows.map((r) => r.id), statusIds: rows.map((r) => r.status_id) };
}
