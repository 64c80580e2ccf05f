import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { applyPage, newestFirst, type Page } from '../http/pagination.js';

/** Mastodon's Relationship entity. https://docs.joinmastodon.org/entities/Relationship/ */
export interface Relationship {
  id: string;
  following: boolean;
  showing_reblogs: boolean;
  notifying: boolean;
  languages: string[] | null;
  followed_by: boolean;
  blocking: boolean;
  blocked_by: boolean;
  muting: boolean;
  muting_notifications: boolean;
  muting_expires_at: string | null;
  requested: boolean;
  requested_by: boolean;
  domain_blocking: boolean;
  endorsed: boolean;
  note: string;
}

/**
 * The viewer's relationships to each existing account in `ids`, in the order asked, once each. Suspended
 * accounts are left out unless asked for (Mastodon's `with_suspended`). A mute past its expiry counts as none.
 */
export async function relationships(db: Db, viewerId: string, ids: string[], now: Date, opts: { withSuspended?: boolean } = {}): Promise<Relationship[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return [];
  let q = db.selectFrom('accounts as a')
    .leftJoin('follows as f', (j) => j.onRef('f.followee_id', '=', 'a.id').on('f.follower_id', '=', viewerId))
    .leftJoin('follow_requests as r', (j) => j.onRef('r.target_account_id', '=', 'a.id').on('r.account_id', '=', viewerId))
    .leftJoin('mutes as m', (j) => j.onRef('m.target_account_id', '=', 'a.id').on('m.account_id', '=', viewerId)
      .on((eb) => eb.or([eb('m.expires_at', 'is', null), eb('m.expires_at', '>', now)])))
    .select((eb) => [
      'a.id as id',
      'f.id as follow_id', 'f.show_reblogs as follow_reblogs', 'f.notify as follow_notify',
      'r.id as request_id', 'r.show_reblogs as request_reblogs', 'r.notify as request_notify',
      'm.id as mute_id', 'm.hide_notifications as mute_notifications', 'm.expires_at as mute_expires_at',
      eb.exists(eb.selectFrom('follows as fb').select('fb.id').whereRef('fb.follower_id', '=', 'a.id').where('fb.followee_id', '=', viewerId)).as('followed_by'),
      eb.exists(eb.selectFrom('follow_requests as rb').select('rb.id').whereRef('rb.account_id', '=', 'a.id').where('rb.target_account_id', '=', viewerId)).as('requested_by'),
      eb.exists(eb.selectFrom('blocks as b').select('b.id').where('b.account_id', '=', viewerId).whereRef('b.target_account_id', '=', 'a.id')).as('blocking'),
      eb.exists(eb.selectFrom('blocks as bb').select('bb.id').whereRef('bb.account_id', '=', 'a.id').where('bb.target_account_id', '=', viewerId)).as('blocked_by'),
    ])
    .where('a.id', 'in', wanted);
  if (!opts.withSuspended) q = q.where('a.suspended', '=', false);
  const byId = new Map((await q.execute()).map((r) => [r.id, r]));
  return wanted.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const following = r.follow_id !== null;
    const requested = r.request_id !== null;
    return [{
      id,
      following,
      // Mastodon reports a pending request's options the same way as a follow's.
      showing_reblogs: following ? !!r.follow_reblogs : requested ? !!r.request_reblogs : false,
      notifying: following ? !!r.follow_notify : requested ? !!r.request_notify : false,
      languages: null,
      followed_by: !!r.followed_by,
      blocking: !!r.blocking,
      blocked_by: !!r.blocked_by,
      muting: r.mute_id !== null,
      muting_notifications: r.mute_id !== null && !!r.mute_notifications,
      muting_expires_at: r.mute_expires_at ? new Date(r.mute_expires_at).toISOString() : null,
      requested,
      requested_by: !!r.requested_by,
      domain_blocking: false,
      endorsed: false,
      note: '',
    }];
  });
}

/** One row of an account list: the id Link headers paginate by, and the account listed. */
export interface ListedAccount {
  cursor: string;
  accountId: string;
}

type ListQuery = SelectQueryBuilder<Database, any, { cursor: string; accountId: string }>;

async function page(query: ListQuery, cursorColumn: string, p: Page): Promise<ListedAccount[]> {
  return newestFirst(await applyPage(query, cursorColumn, p).execute(), p);
}

/** Leaves out accounts the viewer blocks (Mastodon shows follower lists, minus those). */
function notBlockedBy(viewerId: string | null, accountColumn: string) {
  return (q: ListQuery): ListQuery => (viewerId
    ? q.where(sql<boolean>`not exists (select 1 from blocks vb where vb.account_id = ${viewerId} and vb.target_account_id = ${sql.ref(accountColumn)})`)
    : q);
}

/** Who follows `accountId`, newest follow first, suspended accounts left out; paginated by the follow's id. */
export function followersPage(db: Db, accountId: string, viewerId: string | null, p: Page): Promise<ListedAccount[]> {
  const q = db.selectFrom('follows').innerJoin('accounts', 'accounts.id', 'follows.follower_id')
    .select(['follows.id as cursor', 'follows.follower_id as accountId'])
    .where('follows.followee_id', '=', accountId).where('accounts.suspended', '=', false);
  return page(notBlockedBy(viewerId, 'follows.follower_id')(q), 'follows.id', p);
}

/** Whom `accountId` follows, newest follow first, suspended accounts left out. */
export function followingPage(db: Db, accountId: string, viewerId: string | null, p: Page): Promise<ListedAccount[]> {
  const q = db.selectFrom('follows').innerJoin('accounts', 'accounts.id', 'follows.followee_id')
    .select(['follows.id as cursor', 'follows.followee_id as accountId'])
    .where('follows.follower_id', '=', accountId).where('accounts.suspended', '=', false);
  return page(notBlockedBy(viewerId, 'follows.followee_id')(q), 'follows.id', p);
}

/** Accounts waiting for the owner to accept their follow request. */
export function followRequestsPage(db: Db, ownerId: string, p: Page): Promise<ListedAccount[]> {
  const q = db.selectFrom('follow_requests').innerJoin('accounts', 'accounts.id', 'follow_requests.account_id')
    .select(['follow_requests.id as cursor', 'follow_requests.account_id as accountId'])
    .where('follow_requests.target_account_id', '=', ownerId).where('accounts.suspended', '=', false);
  return page(q, 'follow_requests.id', p);
}

/** Accounts the owner blocks. */
export function blocksPage(db: Db, ownerId: string, p: Page): Promise<ListedAccount[]> {
  const q = db.selectFrom('blocks').select(['blocks.id as cursor', 'blocks.target_account_id as accountId'])
    .where('blocks.account_id', '=', ownerId);
  return page(q, 'blocks.id', p);
}

/** Accounts the owner mutes (mutes past their expiry left out), with when each mute ends. */
export async function mutesPage(db: Db, ownerId: string, now: Date, p: Page): Promise<Array<ListedAccount & { expiresAt: Date | null }>> {
  const q = db.selectFrom('mutes').select(['mutes.id as cursor', 'mutes.target_account_id as accountId', 'mutes.expires_at as expiresAt'])
    .where('mutes.account_id', '=', ownerId)
    .where((eb) => eb.or([eb('mutes.expires_at', 'is', null), eb('mutes.expires_at', '>', now)]));
  return newestFirst(await applyPage(q, 'mutes.id', p).execute(), p);
}

/** At most this many familiar followers are listed per account. */
export const FAMILIAR_FOLLOWERS_LIMIT = 40;

/**
 * For each account in `ids`: which accounts the viewer follows also follow it (newest follows first), without
 * suspended accounts or accounts the viewer blocks.
 */
export async function familiarFollowers(db: Db, viewerId: string, ids: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (!ids.length) return result;
  const rows = await sql<{ target: string; follower: string }>`
    select t.id as target, ff.follower_id as follower
    from unnest(${sql.val([...new Set(ids)])}::bigint[]) as t(id)
    cross join lateral (
      select f.follower_id from follows f
      join follows mine on mine.follower_id = ${viewerId} and mine.followee_id = f.follower_id
      join accounts a on a.id = f.follower_id and not a.suspended
      where f.followee_id = t.id and f.follower_id <> ${viewerId}
        and not exists (select 1 from blocks vb where vb.account_id = ${viewerId} and vb.target_account_id = f.follower_id)
      order by f.id desc
      limit ${FAMILIAR_FOLLOWERS_LIMIT}
    ) ff
  `.execute(db);
  for (const r of rows.rows) result.get(String(r.target))?.push(String(r.follower));
  return result;
}
