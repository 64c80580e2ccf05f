import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { visibleToSql } from '../posts/visibility.js';

/**
 * Full-text search with PostgreSQL (the `simple` configuration: no stemming, so it behaves the same for every
 * language). Queries become prefix matches of every word: "pict" finds "picture".
 */
export function toTsQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}_]+/gu)?.slice(0, 10) ?? [];
  if (!words.length) return null;
  return words.map((w) => `${w}:*`).join(' & ');
}

export async function searchAccounts(db: Db, q: string, opts: { viewerId: string | null; following: boolean; limit: number; offset: number }): Promise<string[]> {
  // PostgreSQL text cannot hold NUL: left in, it would make the bound parameter fail the whole query.
  const handle = q.replace(/\u0000/g, '').trim().replace(/^@/, '').split('@')[0].toLowerCase();
  const ts = toTsQuery(q);
  if (!ts) return [];
  const rows = await sql<{ id: string }>`
    select a.id from accounts a
    where a.suspended = false
      and (a.search @@ to_tsquery('simple', ${ts}) or lower(a.handle) like ${handle.replace(/[%_\\]/g, '\\$&') + '%'})
      and (a.discoverable or lower(a.handle) = ${handle})
      ${opts.following && opts.viewerId ? sql`and exists (select 1 from follows f where f.follower_id = ${opts.viewerId} and f.followee_id = a.id)` : sql``}
      ${opts.viewerId ? sql`and not exists (select 1 from blocks b where (b.account_id = ${opts.viewerId} and b.target_account_id = a.id) or (b.account_id = a.id and b.target_account_id = ${opts.viewerId}))` : sql``}
    order by (lower(a.handle) = ${handle}) desc, a.followers_count desc, a.id
    limit ${opts.limit} offset ${opts.offset}`.execute(db);
  return rows.rows.map((r) => r.id);
}

export async function searchTags(db: Db, q: string, limit: number, offset: number): Promise<string[]> {
  const name = q.trim().replace(/^#/, '').toLowerCase();
  if (!/^[\p{L}\p{N}_]{1,100}$/u.test(name)) return [];
  const rows = await sql<{ name: string }>`
    select t.name from tags t where lower(t.name) like ${name.replace(/[%_\\]/g, '\\$&') + '%'}
    order by (lower(t.name) = ${name}) desc, (select count(*) from status_tags st where st.tag_id = t.id) desc, t.name
    limit ${limit} offset ${offset}`.execute(db);
  return rows.rows.map((r) => r.name.toLowerCase());
}

/** Posts the viewer may see; anonymous searches find none (as in Mastodon). */
export async function searchStatuses(db: Db, q: string, opts: { viewerId: string; accountId?: string; limit: number; offset: number; maxId?: string; minId?: string }): Promise<string[]> {
  const ts = toTsQuery(q);
  if (!ts) return [];
  const rows = await sql<{ id: string }>`
    select statuses.id from statuses
    where statuses.search @@ to_tsquery('simple', ${ts}) and statuses.reblog_of_id is null
      and ${visibleToSql(opts.viewerId)}
      ${opts.accountId ? sql`and statuses.account_id = ${opts.accountId}` : sql``}
      ${opts.maxId ? sql`and statuses.id < ${opts.maxId}` : sql``}
      ${opts.minId ? sql`and statuses.id > ${opts.minId}` : sql``}
    order by statuses.id desc limit ${opts.limit} offset ${opts.offset}`.execute(db);
  return rows.rows.map((r) => r.id);
}
