import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { Status } from '../db/schema.js';
import { isRowId } from '../http/ids.js';

/**
 * Who may see a post — the one place this rule lives:
 * - public, unlisted: everyone;
 * - private (followers-only): the author, their followers, and the accounts mentioned in it;
 * - direct: the author and the accounts mentioned;
 * - a viewer the author blocks sees none of the author's posts;
 * - posts of suspended authors are hidden from everyone but their author.
 * `alias` names the statuses row in the surrounding query.
 */
export function visibleToSql(viewerId: string | null, alias = 'statuses'): RawBuilder<boolean> {
  const s = sql.ref(alias);
  if (!viewerId) {
    return sql<boolean>`(${s}.visibility in ('public', 'unlisted') and not exists (select 1 from accounts sa where sa.id = ${s}.account_id and sa.suspended))`;
  }
  return sql<boolean>`(
    ${s}.account_id = ${viewerId}
    or (
      not exists (select 1 from accounts sa where sa.id = ${s}.account_id and sa.suspended)
      and not exists (select 1 from blocks vb where vb.account_id = ${s}.account_id and vb.target_account_id = ${viewerId})
      and (
        ${s}.visibility in ('public', 'unlisted')
        or (${s}.visibility = 'private' and exists (select 1 from follows vf where vf.follower_id = ${viewerId} and vf.followee_id = ${s}.account_id))
        or exists (select 1 from status_mentions vm where vm.status_id = ${s}.id and vm.account_id = ${viewerId})
      )
    ))`;
}

/**
 * The same rule, specialised for home timelines, where every author is the viewer or an account the viewer
 * follows. For such posts it reduces to two parts:
 * - per author, checked once (`authorVisibleToFollowerSql` on the author's id): not suspended, and not blocking
 *   the viewer;
 * - per post (`visibleToFollowerSql`): the viewer's own, or not direct, or direct and mentioning the viewer.
 * Cheaper per row than visibleToSql, so an author's newest posts come straight off the (account_id, id)
 * index. Only valid when the viewer follows (or is) the author: the follow is what makes private posts visible.
 */
export function authorVisibleToFollowerSql(viewerId: string, authorId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(
    ${authorId} = ${viewerId}
    or (not exists (select 1 from accounts sa where sa.id = ${authorId} and sa.suspended)
      and not exists (select 1 from blocks vb where vb.account_id = ${authorId} and vb.target_account_id = ${viewerId})))`;
}

export function visibleToFollowerSql(viewerId: string, alias = 'statuses'): RawBuilder<boolean> {
  const s = sql.ref(alias);
  return sql<boolean>`(
    ${s}.visibility <> 'direct'
    or ${s}.account_id = ${viewerId}
    or exists (select 1 from status_mentions vm where vm.status_id = ${s}.id and vm.account_id = ${viewerId}))`;
}

/**
 * The viewer's own filters, which are a preference rather than a permission: in timelines and threads, posts
 * by accounts the viewer blocks or mutes (while the mute lasts) are left out. A post opened by its id is still
 * shown, as in Mastodon. `now` (the context's clock) decides which mutes have expired.
 */
export function notFilteredBySql(viewerId: string | null, now: Date, alias = 'statuses'): RawBuilder<boolean> {
  if (!viewerId) return sql<boolean>`true`;
  const s = sql.ref(alias);
  return sql<boolean>`(
    not exists (select 1 from blocks fb where fb.account_id = ${viewerId} and fb.target_account_id = ${s}.account_id)
    and not exists (select 1 from mutes fm where fm.account_id = ${viewerId} and fm.target_account_id = ${s}.account_id
      and (fm.expires_at is null or fm.expires_at > ${now})))`;
}

/** Whether one post is visible to a viewer (the same rule, as a check). */
export async function canSee(db: Db, viewerId: string | null, statusId: string): Promise<boolean> {
  if (!isRowId(statusId)) return false;
  const row = await db.selectFrom('statuses').select('id')
    .where('id', '=', statusId).where(visibleToSql(viewerId)).executeTakeFirst();
  return !!row;
}

/** Loads a post if the viewer may see it; undefined otherwise (callers answer 404, never 403, to not confirm it exists). */
export async function findVisible(db: Db, viewerId: string | null, statusId: string): Promise<Status | undefined> {
  if (!isRowId(statusId)) return undefined;
  return db.selectFrom('statuses').selectAll().where('id', '=', statusId).where(visibleToSql(viewerId)).executeTakeFirst();
}
