import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { Status } from '../db/schema.js';

/**
 * Who may see a post — the one place this rule lives.
 * - public, unlisted: everyone (unless the author blocks the viewer);
 * - private (followers-only): the author, their followers, and accounts mentioned in it;
 * - direct: the author and the accounts mentioned.
 * Posts of suspended authors are hidden from everyone but their author.
 * The SQL form expects the posts table to be reachable as `statuses`.
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

/** Whether one post is visible to a viewer (uses the same SQL rule). */
export async function canSee(db: Db, viewerId: string | null, statusId: string): Promise<boolean> {
  const row = await db.selectFrom('statuses').select('id')
    .where('id', '=', statusId).where(visibleToSql(viewerId)).executeTakeFirst();
  return !!row;
}

/** Loads a post if the viewer may see it; undefined otherwise (callers answer 404, never 403, to not confirm it exists). */
export async function findVisible(db: Db, viewerId: string | null, statusId: string): Promise<Status | undefined> {
  if (!/^\d{1,20}$/.test(statusId)) return undefined;
  return db.selectFrom('statuses').selectAll().where('id', '=', statusId).where(visibleToSql(viewerId)).executeTakeFirst();
}
