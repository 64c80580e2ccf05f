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

/** A follow as (follower id, followee id). */
export type FollowPair = readonly [followerId: string, followeeId: string];

/** Numeric order of bigint ids given as strings. */
const byId = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/**
 * The only SQL that writes follows, follow requests, blocks and mutes, and the only code that moves the
 * accounts' follower and following counters. A counter moves only when a follows row was really inserted or
 * deleted, in the caller's transaction, so the counters always equal the rows.
 *
 * Lock order. Every graph transaction takes its locks in one order, so no two can deadlock (PostgreSQL
 * would abort one with a 500): the pair's lock (`lockPair`, for transactions that create a follow or a block);
 * blocks; follows rows (the smaller follower id first); follow requests (the smaller requester id first);
 * notifications; and the accounts' counter rows last, in id order. Counters last also keeps the hot row of an
 * account that thousands follow at once locked only until commit.
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
   * Serialises the transactions that create a follow, a request or a block between two accounts, until commit.
   * Without it a follow could commit beside a block made at the same moment (each checking before the other
   * wrote); with it, whichever comes second sees the first. Only this pair waits: a thousand accounts following
   * one account at once hold a thousand different locks.
   */
  async lockPair(trx: Db, a: string, b: string): Promise<void> {
    const [lo, hi] = byId(a, b) <= 0 ? [a, b] : [b, a];
    await sql`select pg_advisory_xact_lock(hashtextextended(${`graph:${lo}:${hi}`}, 0))`.execute(trx);
  }

  /** Whether either account blocks the other; inside a transaction, after `lockPair`, this is authoritative. */
  async blockedEitherWay(a: string, b: string, db: Db = this.db): Promise<boolean> {
    const row = await db.selectFrom('blocks').select('id').where((eb) => eb.or([
      eb.and([eb('account_id', '=', a), eb('target_account_id', '=', b)]),
      eb.and([eb('account_id', '=', b), eb('target_account_id', '=', a)]),
    ])).executeTakeFirst();
    return !!row;
  }

  /**
   * Inserts the follow; true when a row was inserted. A concurrent duplicate inserts nothing (`on conflict do
   * nothing`), so it cannot count twice. Counters are NOT moved here: call `moveCounters` last in the
   * transaction (see the lock order above).
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

  /** Deletes the follows between two accounts, both ways, in lock order; returns those that existed. */
  async deleteFollowsBetween(trx: Db, a: string, b: string): Promise<FollowPair[]> {
    const deleted: FollowPair[] = [];
    for (const [follower, followee] of byId(a, b) <= 0 ? [[a, b], [b, a]] : [[b, a], [a, b]]) {
      if (await this.deleteFollow(trx, follower, followee)) deleted.push([follower, followee]);
    }
    return deleted;
  }

  /**
   * Moves the counters of follows that were inserted (+1) or deleted (-1): one update per account, in id order
   * (the last locks a graph transaction takes).
   */
  async moveCounters(trx: Db, follows: readonly FollowPair[], delta: 1 | -1): Promise<void> {
    const moves = new Map<string, { following: number; followers: number }>();
    const at = (id: string) => moves.get(id) ?? moves.set(id, { following: 0, followers: 0 }).get(id)!;
    for (const [follower, followee] of follows) {
      at(follower).following += delta;
      at(followee).followers += delta;
    }
    for (const id of [...moves.keys()].sort(byId)) {
      const m = moves.get(id)!;
      await trx.updateTable('accounts').set({
        following_count: sql<number>`greatest(following_count + ${m.following}, 0)`,
        followers_count: sql<number>`greatest(followers_count + ${m.followers}, 0)`,
      }).where('id', '=', id).execute();
    }
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

  /** Who has asked to follow `targetId`, oldest request first. */
  async requesterIds(targetId: string, db: Db = this.db): Promise<string[]> {
    const rows = await db.selectFrom('follow_requests').select('account_id').where('target_account_id', '=', targetId).orderBy('id').execute();
    return rows.map((r) => r.account_id);
  }

  /** The options of a pending request, or null when there is none (a read: it locks nothing). */
  async requestOptions(accountId: string, targetId: string, db: Db = this.db): Promise<FollowOptions | null> {
    const row = await db.selectFrom('follow_requests').select(['show_reblogs', 'notify'])
      .where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
    return row ? { reblogs: row.show_reblogs, notify: row.notify } : null;
  }

  /** Deletes a pending request and returns the options it carried, or null when there was none. */
  async takeRequest(trx: Db, accountId: string, targetId: string): Promise<FollowOptions | null> {
    const row = await trx.deleteFrom('follow_requests').where('account_id', '=', accountId).where('target_account_id', '=', targetId)
      .returning(['show_reblogs', 'notify']).executeTakeFirst();
    return row ? { reblogs: row.show_reblogs, notify: row.notify } : null;
  }

  /** Deletes pending requests between two accounts, both ways, in lock order. */
  async deleteRequestsBetween(trx: Db, a: string, b: string): Promise<void> {
    for (const [from, to] of byId(a, b) <= 0 ? [[a, b], [b, a]] : [[b, a], [a, b]]) await this.takeRequest(trx, from, to);
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
