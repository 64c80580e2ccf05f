import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface FollowOptions {
  /** Show the followee's boosts in the home timeline. */
  reblogs?: boolean;
  /** Notify the follower of the followee's new posts. */
  notify?: boolean;
}

/** What stands between two accounts, read before a follow. */
export interface PairState {
  following: boolean;
  requested: boolean;
  blockedEitherWay: boolean;
}

function optionColumns(opts: FollowOptions): { show_reblogs?: boolean; notify?: boolean } {
  return {
    ...(opts.reblogs !== undefined ? { show_reblogs: opts.reblogs } : {}),
    ...(opts.notify !== undefined ? { notify: opts.notify } : {}),
  };
}

/**
 * The only SQL that writes follows, follow requests, blocks and mutes, and the only code that moves the
 * accounts' follower and following counters. A counter moves only when a follows row was really inserted or
 * deleted, in the caller's transaction, so the counters always equal the rows.
 */
export class GraphStore {
  constructor(private readonly db: Db) {}

  async pairState(meId: string, otherId: string, db: Db = this.db): Promise<PairState> {
    const row = await sql<{ following: boolean; requested: boolean; blocked: boolean }>`
      select
        exists (select 1 from follows where follower_id = ${meId} and followee_id = ${otherId}) as following,
        exists (select 1 from follow_requests where account_id = ${meId} and target_account_id = ${otherId}) as requested,
        exists (select 1 from blocks where (account_id = ${meId} and target_account_id = ${otherId})
                                        or (account_id = ${otherId} and target_account_id = ${meId})) as blocked
    `.execute(db);
    const r = row.rows[0];
    return { following: r.following, requested: r.requested, blockedEitherWay: r.blocked };
  }

  /**
   * Inserts the follow; true when a row was inserted. A concurrent duplicate inserts nothing (`on conflict do
   * nothing`), so it cannot count twice. Counters are NOT moved here: call `moveCounters` last in the
   * transaction, so the followee's row (hot when thousands follow one account) stays locked only until commit.
   */
  async insertFollow(trx: Db, followerId: string, followeeId: string, opts: FollowOptions): Promise<boolean> {
    const row = await trx.insertInto('follows')
      .values({ follower_id: followerId, followee_id: followeeId, show_reblogs: opts.reblogs ?? true, notify: opts.notify ?? false })
      .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
      .returning('id').executeTakeFirst();
    return !!row;
  }

  /** Deletes the follow; true when a row was deleted. Move the counters afterwards with `moveCounters`. */
  async deleteFollow(trx: Db, followerId: string, followeeId: string): Promise<boolean> {
    const res = await trx.deleteFrom('follows').where('follower_id', '=', followerId).where('followee_id', '=', followeeId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /**
   * Moves both counters of one follow by `delta`. The two rows are always updated in id order: two
   * transactions touching the same pair (A follows B while B follows A) then lock in the same order and
   * cannot deadlock.
   */
  async moveCounters(trx: Db, followerId: string, followeeId: string, delta: 1 | -1): Promise<void> {
    const moved = (column: 'following_count' | 'followers_count') =>
      (delta > 0 ? sql<number>`${sql.ref(column)} + 1` : sql<number>`greatest(${sql.ref(column)} - 1, 0)`);
    const updates = [
      { id: followerId, set: { following_count: moved('following_count') } },
      { id: followeeId, set: { followers_count: moved('followers_count') } },
    ].sort((x, y) => (BigInt(x.id) < BigInt(y.id) ? -1 : 1));
    for (const u of updates) await trx.updateTable('accounts').set(u.set).where('id', '=', u.id).execute();
  }

  async updateFollowOptions(followerId: string, followeeId: string, opts: FollowOptions, db: Db = this.db): Promise<void> {
    const changes = optionColumns(opts);
    // An update with nothing to set is invalid SQL and would abort a PostgreSQL transaction.
    if (Object.keys(changes).length === 0) return;
    await db.updateTable('follows').set(changes).where('follower_id', '=', followerId).where('followee_id', '=', followeeId).execute();
  }

  /** Inserts a pending request; true when a row was inserted (not already pending). */
  async insertRequest(trx: Db, accountId: string, targetId: string, opts: FollowOptions): Promise<boolean> {
    const row = await trx.insertInto('follow_requests')
      .values({ account_id: accountId, target_account_id: targetId, show_reblogs: opts.reblogs ?? true, notify: opts.notify ?? false })
      .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
      .returning('id').executeTakeFirst();
    return !!row;
  }

  async updateRequestOptions(accountId: string, targetId: string, opts: FollowOptions, db: Db = this.db): Promise<void> {
    const changes = optionColumns(opts);
    if (Object.keys(changes).length === 0) return;
    await db.updateTable('follow_requests').set(changes).where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
  }

  /** Deletes a pending request and returns the options it carried, or null when there was none. */
  async takeRequest(trx: Db, accountId: string, targetId: string): Promise<FollowOptions | null> {
    const row = await trx.deleteFrom('follow_requests').where('account_id', '=', accountId).where('target_account_id', '=', targetId)
      .returning(['show_reblogs', 'notify']).executeTakeFirst();
    return row ? { reblogs: row.show_reblogs, notify: row.notify } : null;
  }

  /** Deletes pending requests between two accounts, both ways. */
  async deleteRequestsBetween(trx: Db, a: string, b: string): Promise<void> {
    await trx.deleteFrom('follow_requests').where((eb) => eb.or([
      eb.and([eb('account_id', '=', a), eb('target_account_id', '=', b)]),
      eb.and([eb('account_id', '=', b), eb('target_account_id', '=', a)]),
    ])).execute();
  }

  async insertBlock(trx: Db, accountId: string, targetId: string): Promise<void> {
    await trx.insertInto('blocks').values({ account_id: accountId, target_account_id: targetId })
      .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing()).execute();
  }

  async deleteBlock(accountId: string, targetId: string, db: Db = this.db): Promise<void> {
    await db.deleteFrom('blocks').where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
  }

  /** Creates the mute or replaces its settings. */
  async upsertMute(accountId: string, targetId: string, hideNotifications: boolean, expiresAt: Date | null, db: Db = this.db): Promise<void> {
    await db.insertInto('mutes').values({ account_id: accountId, target_account_id: targetId, hide_notifications: hideNotifications, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doUpdateSet({ hide_notifications: hideNotifications, expires_at: expiresAt }))
      .execute();
  }

  async deleteMute(accountId: string, targetId: string, db: Db = this.db): Promise<void> {
    await db.deleteFrom('mutes').where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
  }

  /** Deletes mutes whose time ran out; returns how many. */
  async deleteExpiredMutes(now: Date, db: Db = this.db): Promise<number> {
    const res = await db.deleteFrom('mutes').where('expires_at', 'is not', null).where('expires_at', '<=', now).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
