import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { visibleToSql } from '../posts/visibility.js';
import type { Page } from '../http/pagination.js';

/**
 * Timeline queries, fan-out on read (docs/adr/0001). Each returns post ids, newest first, that the viewer may
 * see; rendering is separate. Pagination is by post id (time-sortable).
 */
function pageClause(page: Page) {
  return sql.join([
    page.max_id ? sql`and statuses.id < ${page.max_id}` : sql``,
    page.since_id ? sql`and statuses.id > ${page.since_id}` : sql``,
    page.min_id ? sql`and statuses.id > ${page.min_id}` : sql``,
  ], sql` `);
}

const order = (page: Page) => (page.min_id ? sql`order by statuses.id asc` : sql`order by statuses.id desc`);

async function ids(db: Db, query: ReturnType<typeof sql<{ id: string }>>, page: Page): Promise<string[]> {
  const rows = (await query.execute(db)).rows.map((r) => r.id);
  return page.min_id ? rows.reverse() : rows;
}

/** Without boosts or posts from authors the viewer blocks or mutes. */
function notHidden(viewerId: string) {
  return sql`and not exists (select 1 from blocks hb where hb.account_id = ${viewerId} and hb.target_account_id = statuses.account_id)
    and not exists (select 1 from mutes hm where hm.account_id = ${viewerId} and hm.target_account_id = statuses.account_id and (hm.expires_at is null or hm.expires_at > now()))`;
}

/**
 * Posts and boosts by the accounts the viewer follows, and the viewer's own. The followee list is small for
 * a reader; each author's newest posts come from the (account_id, id) index, however many followers the
 * author has. The lateral join reads at most `limit` rows per author, so the cost is bounded by what the
 * reader follows, not by how much any author ever posted.
 */
export async function homeTimeline(db: Db, viewerId: string, page: Page): Promise<string[]> {
  const limit = page.limit;
  return ids(db, sql<{ id: string }>`
    select statuses.id from (
      select ${viewerId}::bigint as author_id, true as show_reblogs
      union all
      select followee_id, show_reblogs from follows where follower_id = ${viewerId}
    ) authors
    cross join lateral (
      select s.id from statuses s
      where s.account_id = authors.author_id
        ${page.max_id ? sql`and s.id < ${page.max_id}` : sql``}
        ${page.since_id ? sql`and s.id > ${page.since_id}` : sql``}
        ${page.min_id ? sql`and s.id > ${page.min_id}` : sql``}
        and (authors.show_reblogs or s.reblog_of_id is null)
      ${page.min_id ? sql`order by s.id asc` : sql`order by s.id desc`}
      limit ${limit * 2}
    ) candidate
    join statuses on statuses.id = candidate.id
    where ${visibleToSql(viewerId)}
      and (statuses.reblog_of_id is null or exists (
        select 1 from statuses original where original.id = statuses.reblog_of_id and ${visibleToSql(viewerId, 'original')}
          and not exists (select 1 from blocks ob where ob.account_id = ${viewerId} and ob.target_account_id = original.account_id)))
      ${notHidden(viewerId)}
    ${order(page)} limit ${limit}`, page);
}

export async function publicTimeline(db: Db, viewerId: string | null, page: Page, onlyMedia: boolean): Promise<string[]> {
  return ids(db, sql<{ id: string }>`
    select statuses.id from statuses
    where statuses.visibility = 'public' and statuses.reblog_of_id is null ${pageClause(page)}
      and ${visibleToSql(viewerId)}
      ${onlyMedia ? sql`and exists (select 1 from media m where m.status_id = statuses.id)` : sql``}
      ${viewerId ? notHidden(viewerId) : sql``}
    ${order(page)} limit ${page.limit}`, page);
}

export async function tagTimeline(db: Db, viewerId: string | null, tags: { any: string[]; all: string[]; none: string[] }, page: Page, onlyMedia: boolean): Promise<string[]> {
  const has = (t: string) => sql`exists (select 1 from status_tags st join tags on tags.id = st.tag_id where st.status_id = statuses.id and lower(tags.name) = ${t.toLowerCase()})`;
  const anyClause = sql.join(tags.any.map(has), sql` or `);
  return ids(db, sql<{ id: string }>`
    select statuses.id from statuses
    where statuses.visibility = 'public' and statuses.reblog_of_id is null ${pageClause(page)}
      and (${anyClause})
      ${sql.join(tags.all.map((t) => sql`and ${has(t)}`), sql` `)}
      ${sql.join(tags.none.map((t) => sql`and not ${has(t)}`), sql` `)}
      and ${visibleToSql(viewerId)}
      ${onlyMedia ? sql`and exists (select 1 from media m where m.status_id = statuses.id)` : sql``}
      ${viewerId ? notHidden(viewerId) : sql``}
    ${order(page)} limit ${page.limit}`, page);
}

export interface AccountStatusFilters {
  onlyMedia: boolean;
  excludeReplies: boolean;
  excludeReblogs: boolean;
  tagged?: string;
}

export async function accountStatuses(db: Db, viewerId: string | null, accountId: string, f: AccountStatusFilters, page: Page): Promise<string[]> {
  return ids(db, sql<{ id: string }>`
    select statuses.id from statuses
    where statuses.account_id = ${accountId} ${pageClause(page)}
      and ${visibleToSql(viewerId)}
      ${f.onlyMedia ? sql`and exists (select 1 from media m where m.status_id = statuses.id)` : sql``}
      ${f.excludeReplies ? sql`and (statuses.in_reply_to_id is null or statuses.in_reply_to_account_id = statuses.account_id)` : sql``}
      ${f.excludeReblogs ? sql`and statuses.reblog_of_id is null` : sql``}
      ${f.tagged ? sql`and exists (select 1 from status_tags st join tags on tags.id = st.tag_id where st.status_id = statuses.id and lower(tags.name) = ${f.tagged.toLowerCase()})` : sql``}
      and (statuses.reblog_of_id is null or exists (select 1 from statuses original where original.id = statuses.reblog_of_id and ${visibleToSql(viewerId, 'original')}))
    ${order(page)} limit ${page.limit}`, page);
}
