import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { applyPage, newestFirst, type Page } from '../http/pagination.js';
import { notFilteredBySql, visibleToSql } from './visibility.js';

/** How far up and down a thread is followed; deeper threads are cut, not an error. */
const MAX_DEPTH = 200;
const MAX_DESCENDANTS = 4000;

/**
 * The thread around a post, as ids the viewer may see: ancestors from the root down, then descendants in
 * reading order (depth first, oldest reply first). Posts by accounts the viewer blocks or mutes are left out.
 */
export async function threadOf(db: Db, viewerId: string | null, statusId: string, now: Date): Promise<{ ancestors: string[]; descendants: string[]; parentOf: Map<string, string | null> }> {
  const ancestors = await sql<{ id: string }>`
    with recursive up(id, parent, depth) as (
      select id, in_reply_to_id, 0 from statuses where id = ${statusId}
      union all
      select s.id, s.in_reply_to_id, up.depth + 1 from statuses s join up on s.id = up.parent where up.depth < ${MAX_DEPTH}
    )
    select up.id from up join statuses on statuses.id = up.id
    where up.id <> ${statusId} and ${visibleToSql(viewerId)} and ${notFilteredBySql(viewerId, now)}
    order by up.depth desc`.execute(db);
  const descendants = await sql<{ id: string; parent: string | null }>`
    with recursive down(id, depth, path) as (
      select id, 0, array[id] from statuses where id = ${statusId}
      union all
      select s.id, down.depth + 1, down.path || s.id from statuses s join down on s.in_reply_to_id = down.id where down.depth < ${MAX_DEPTH}
    )
    select down.id, statuses.in_reply_to_id as parent from down join statuses on statuses.id = down.id
    where down.id <> ${statusId} and ${visibleToSql(viewerId)} and ${notFilteredBySql(viewerId, now)}
    order by down.path limit ${MAX_DESCENDANTS}`.execute(db);
  return {
    ancestors: ancestors.rows.map((r) => r.id),
    descendants: descendants.rows.map((r) => r.id),
    parentOf: new Map(descendants.rows.map((r) => [r.id, r.parent])),
  };
}

export interface AccountPage {
  /** The pagination ids (the favourite's or boost's own id), newest first. */
  cursors: string[];
  accountIds: string[];
}

/** Who favourited a post, newest first, paginated by the favourite's id. */
export async function favouritedBy(db: Db, statusId: string, page: Page): Promise<AccountPage> {
  const q = db.selectFrom('favourites').innerJoin('accounts', 'accounts.id', 'favourites.account_id')
    .select(['favourites.id as id', 'favourites.account_id as account_id'])
    .where('favourites.status_id', '=', statusId).where('accounts.suspended', '=', false);
  const rows = newestFirst(await applyPage(q, 'favourites.id', page).execute(), page);
  return { cursors: rows.map((r) => r.id), accountIds: rows.map((r) => r.account_id) };
}

/** Who boosted a post, newest first, paginated by the boost's id. */
export async function rebloggedBy(db: Db, statusId: string, page: Page): Promise<AccountPage> {
  const q = db.selectFrom('statuses').innerJoin('accounts', 'accounts.id', 'statuses.account_id')
    .select(['statuses.id as id', 'statuses.account_id as account_id'])
    .where('statuses.reblog_of_id', '=', statusId).where('accounts.suspended', '=', false);
  const rows = newestFirst(await applyPage(q, 'statuses.id', page).execute(), page);
  return { cursors: rows.map((r) => r.id), accountIds: rows.map((r) => r.account_id) };
}
