import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import { notFilteredBySql, visibleToSql } from '../posts/visibility.js';

/**
 * Search queries on PostgreSQL full-text search, with the `simple` configuration the search columns are
 * built with (no stemming: the same behaviour for every language).
 */

/** Words of a query that take part in a search; more are ignored (each adds an index lookup). */
const MAX_WORDS = 10;

/**
 * The query as a tsquery: every word must match, each as a prefix ("photo" finds "photographer") once it has
 * `minPrefix` characters. The words come from PostgreSQL's own parser, the one that built the indexed
 * column, so "example.com" or "don't" split the same way on both sides; each lexeme is quoted, so no input
 * can inject tsquery syntax. A query without words gives NULL, which matches nothing.
 */
function prefixQuery(q: string, minPrefix: number): RawBuilder<unknown> {
  return sql`(select to_tsquery('simple', string_agg(
      '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''' || case when length(lexeme) >= ${minPrefix} then ':*' else '' end,
      ' & '))
    from (select lexeme from unnest(to_tsvector('simple', ${q})) limit ${MAX_WORDS}) words)`;
}

/** `like` pattern for a literal prefix: %, _ and \ in it match only themselves. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, '\\$&')}%`;
}

export interface AccountQuery {
  /** Free text: matched against handles and display names, word by word. */
  text: string;
  /** A handle when the query is one (`@mar`, `mar`): matched as a prefix, and exactly. */
  handle: string | null;
  viewerId: string | null;
  following: boolean;
  limit: number;
  offset: number;
}

/**
 * Accounts by handle prefix or by the words of their handle and display name; the exact handle first, then
 * the most followed. An account that opted out of discovery is found only by its exact handle. Suspended
 * accounts, and accounts that block the viewer or that the viewer blocks, are not found.
 */
export async function searchAccounts(db: Db, q: AccountQuery): Promise<string[]> {
  const handle = q.handle?.toLowerCase() ?? null;
  const rows = await sql<{ id: string }>`
    select a.id from accounts a
    where not a.suspended
      and (
        a.search @@ ${prefixQuery(q.text, 1)}
        ${handle ? sql`or lower(a.handle) like ${likePrefix(handle)}` : sql``}
      )
      and (a.discoverable ${handle ? sql`or lower(a.handle) = ${handle}` : sql``})
      ${q.viewerId && q.following ? sql`and exists (select 1 from follows f where f.follower_id = ${q.viewerId} and f.followee_id = a.id)` : sql``}
      ${q.viewerId ? sql`and not exists (select 1 from blocks b where (b.account_id = ${q.viewerId} and b.target_account_id = a.id) or (b.account_id = a.id and b.target_account_id = ${q.viewerId}))` : sql``}
    order by ${handle ? sql`(lower(a.handle) = ${handle}) desc,` : sql``} a.followers_count desc, a.id
    limit ${q.limit} offset ${q.offset}`.execute(db);
  return rows.rows.map((r) => r.id);
}

/**
 * Hashtags by name prefix, the exact name first, then the shortest. Only tags on a post the viewer may see
 * are found: a tag used only in followers-only or direct posts must not reveal itself to everyone else.
 */
export async function searchTags(db: Db, name: string, viewerId: string | null, limit: number, offset: number): Promise<string[]> {
  const lower = name.toLowerCase();
  const rows = await sql<{ name: string }>`
    select lower(t.name) as name from tags t
    where lower(t.name) like ${likePrefix(lower)}
      and exists (select 1 from status_tags st join statuses on statuses.id = st.status_id where st.tag_id = t.id and ${visibleToSql(viewerId)})
    order by (lower(t.name) = ${lower}) desc, length(t.name), lower(t.name)
    limit ${limit} offset ${offset}`.execute(db);
  return rows.rows.map((r) => r.name);
}

export interface StatusQuery {
  text: string;
  viewerId: string;
  now: Date;
  accountId?: string;
  maxId?: string;
  minId?: string;
  limit: number;
  offset: number;
}

/**
 * Posts the viewer may see (visibleToSql) whose words match, newest first, boosts excluded, without authors
 * the viewer blocks or mutes. Another account's posts are found only when that account is discoverable (the
 * Account entity calls it `indexable`), or when they mention the viewer; one's own posts always.
 * Short words match exactly: a one- or two-letter prefix would make the index read most of the table.
 */
export async function searchStatuses(db: Db, q: StatusQuery): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    select statuses.id from statuses
    where statuses.search @@ ${prefixQuery(q.text, 3)}
      and statuses.reblog_of_id is null
      and ${visibleToSql(q.viewerId)}
      and ${notFilteredBySql(q.viewerId, q.now)}
      and (
        statuses.account_id = ${q.viewerId}
        or exists (select 1 from accounts author where author.id = statuses.account_id and author.discoverable)
        or exists (select 1 from status_mentions sm where sm.status_id = statuses.id and sm.account_id = ${q.viewerId})
      )
      ${q.accountId ? sql`and statuses.account_id = ${q.accountId}` : sql``}
      ${q.maxId ? sql`and statuses.id < ${q.maxId}` : sql``}
      ${q.minId ? sql`and statuses.id > ${q.minId}` : sql``}
    order by statuses.id desc
    limit ${q.limit} offset ${q.offset}`.execute(db);
  return rows.rows.map((r) => r.id);
}
