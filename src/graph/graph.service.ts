import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Account } from '../db/schema.js';
import type { Context } from '../context.js';
import { fail } from '../errors.js';
import { userChannel, type StreamMessage } from '../events/channels.js';

export interface Relationship {
  id: string;
  following: boolean;
  showing_reblogs: boolean;
  notifying: boolean;
  followed_by: boolean;
  blocking: boolean;
  blocked_by: boolean;
  muting: boolean;
  muting_notifications: boolean;
  requested: boolean;
  requested_by: boolean;
  domain_blocking: boolean;
  endorsed: boolean;
  note: string;
  languages: string[] | null;
}

/**
 * Follows, follow requests, blocks and mutes. Follower counts stay exact: a counter moves only when a row was
 * really inserted or deleted, in the same short transaction (an account gaining 120,000 followers in a day
 * takes one insert and two counter updates per follow).
 */
export class GraphService {
  constructor(private readonly ctx: Context) {}
  private get db(): Db { return this.ctx.db; }

  async target(id: string): Promise<Account> {
    if (!/^\d{1,20}$/.test(id)) fail('NOT_FOUND');
    const a = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a || a.suspended) fail('NOT_FOUND');
    return a;
  }

  async follow(me: Account, targetId: string, opts: { reblogs?: boolean; notify?: boolean } = {}): Promise<void> {
    const target = await this.target(targetId);
    if (target.id === me.id) fail('FORBIDDEN', 'You cannot follow yourself');
    if (await this.blockedEitherWay(me.id, target.id)) fail('FORBIDDEN', 'This action is not allowed');
    const note = await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('follows').select('id').where('follower_id', '=', me.id).where('followee_id', '=', target.id).executeTakeFirst();
      if (existing) {
        const changes = {
          ...(opts.reblogs !== undefined ? { show_reblogs: opts.reblogs } : {}),
          ...(opts.notify !== undefined ? { notify: opts.notify } : {}),
        };
        if (Object.keys(changes).length) await trx.updateTable('follows').set(changes).where('id', '=', existing.id).execute();
        return null;
      }
      if (target.locked) {
        const req = await trx.insertInto('follow_requests').values({ account_id: me.id, target_account_id: target.id })
          .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing()).returning('id').executeTakeFirst();
        return req ? this.ctx.notifications.notify({ accountId: target.id, fromAccountId: me.id, type: 'follow_request' }, trx) : null;
      }
      const inserted = await this.insertFollow(trx, me.id, target.id, opts);
      return inserted ? this.ctx.notifications.notify({ accountId: target.id, fromAccountId: me.id, type: 'follow' }, trx) : null;
    });
    if (note) await this.ctx.notifications.announce(target.id, note);
    await this.graphChanged(me.id);
  }

  async unfollow(me: Account, targetId: string): Promise<void> {
    const target = await this.target(targetId);
    await this.db.transaction().execute(async (trx) => {
      await this.deleteFollow(trx, me.id, target.id);
      await trx.deleteFrom('follow_requests').where('account_id', '=', me.id).where('target_account_id', '=', target.id).execute();
    });
    await this.graphChanged(me.id);
  }

  async removeFromFollowers(me: Account, followerId: string): Promise<void> {
    const follower = await this.target(followerId);
    await this.db.transaction().execute((trx) => this.deleteFollow(trx, follower.id, me.id));
    await this.graphChanged(follower.id);
  }

  /** Accepts a pending request from `requesterId` to follow me; only requests made to me can be found. */
  async authorize(me: Account, requesterId: string): Promise<void> {
    const requester = await this.target(requesterId);
    const note = await this.db.transaction().execute(async (trx) => {
      const del = await trx.deleteFrom('follow_requests').where('account_id', '=', requester.id).where('target_account_id', '=', me.id).executeTakeFirst();
      if (Number(del.numDeletedRows) === 0) fail('NOT_FOUND', 'No pending follow request from this account');
      const inserted = await this.insertFollow(trx, requester.id, me.id, {});
      return inserted ? this.ctx.notifications.notify({ accountId: me.id, fromAccountId: requester.id, type: 'follow' }, trx) : null;
    });
    if (note) await this.ctx.notifications.announce(me.id, note);
    await this.graphChanged(requester.id);
  }

  async reject(me: Account, requesterId: string): Promise<void> {
    const requester = await this.target(requesterId);
    const del = await this.db.deleteFrom('follow_requests').where('account_id', '=', requester.id).where('target_account_id', '=', me.id).executeTakeFirst();
    if (Number(del.numDeletedRows) === 0) fail('NOT_FOUND', 'No pending follow request from this account');
  }

  /** Blocking ends follows both ways and pending requests both ways. */
  async block(me: Account, targetId: string): Promise<void> {
    const target = await this.target(targetId);
    if (target.id === me.id) fail('FORBIDDEN', 'You cannot block yourself');
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('blocks').values({ account_id: me.id, target_account_id: target.id })
        .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing()).execute();
      await this.deleteFollow(trx, me.id, target.id);
      await this.deleteFollow(trx, target.id, me.id);
      await trx.deleteFrom('follow_requests').where((eb) => eb.or([
        eb.and([eb('account_id', '=', me.id), eb('target_account_id', '=', target.id)]),
        eb.and([eb('account_id', '=', target.id), eb('target_account_id', '=', me.id)]),
      ])).execute();
    });
    await this.graphChanged(me.id);
    await this.graphChanged(target.id);
  }

  async unblock(me: Account, targetId: string): Promise<void> {
    const target = await this.target(targetId);
    await this.db.deleteFrom('blocks').where('account_id', '=', me.id).where('target_account_id', '=', target.id).execute();
    await this.graphChanged(me.id);
  }

  async mute(me: Account, targetId: string, notifications: boolean, durationSeconds: number): Promise<void> {
    const target = await this.target(targetId);
    if (target.id === me.id) fail('FORBIDDEN', 'You cannot mute yourself');
    const expires_at = durationSeconds > 0 ? new Date(this.ctx.clock.now().getTime() + durationSeconds * 1000) : null;
    await this.db.insertInto('mutes').values({ account_id: me.id, target_account_id: target.id, hide_notifications: notifications, expires_at })
      .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doUpdateSet({ hide_notifications: notifications, expires_at })).execute();
    await this.graphChanged(me.id);
  }

  async unmute(me: Account, targetId: string): Promise<void> {
    const target = await this.target(targetId);
    await this.db.deleteFrom('mutes').where('account_id', '=', me.id).where('target_account_id', '=', target.id).execute();
    await this.graphChanged(me.id);
  }

  async relationships(meId: string, ids: string[]): Promise<Relationship[]> {
    const valid = [...new Set(ids.filter((id) => /^\d{1,20}$/.test(id)))];
    if (!valid.length) return [];
    const q = (table: 'follows' | 'follow_requests' | 'blocks' | 'mutes', mine: string, theirs: string) =>
      this.db.selectFrom(table as 'follows').selectAll().where(mine as 'follower_id', '=', meId).where(theirs as 'followee_id', 'in', valid).execute() as Promise<any[]>;
    const [following, followedBy, requested, requestedBy, blocking, blockedBy, muting] = await Promise.all([
      q('follows', 'follower_id', 'followee_id'), q('follows', 'followee_id', 'follower_id'),
      q('follow_requests', 'account_id', 'target_account_id'), q('follow_requests', 'target_account_id', 'account_id'),
      q('blocks', 'account_id', 'target_account_id'), q('blocks', 'target_account_id', 'account_id'),
      q('mutes', 'account_id', 'target_account_id'),
    ]);
    const now = this.ctx.clock.now();
    return valid.map((id) => {
      const f = following.find((r) => r.followee_id === id);
      const m = muting.find((r) => r.target_account_id === id && (!r.expires_at || r.expires_at > now));
      return {
        id,
        following: !!f,
        showing_reblogs: f ? f.show_reblogs : false,
        notifying: f ? f.notify : false,
        followed_by: followedBy.some((r) => r.follower_id === id),
        blocking: blocking.some((r) => r.target_account_id === id),
        blocked_by: blockedBy.some((r) => r.account_id === id),
        muting: !!m,
        muting_notifications: m ? m.hide_notifications : false,
        requested: requested.some((r) => r.target_account_id === id),
        requested_by: requestedBy.some((r) => r.account_id === id),
        domain_blocking: false,
        endorsed: false,
        note: '',
        languages: null,
      };
    });
  }

  private async insertFollow(trx: Db, followerId: string, followeeId: string, opts: { reblogs?: boolean; notify?: boolean }): Promise<boolean> {
    const row = await trx.insertInto('follows').values({
      follower_id: followerId, followee_id: followeeId, show_reblogs: opts.reblogs ?? true, notify: opts.notify ?? false,
    }).onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing()).returning('id').executeTakeFirst();
    if (!row) return false;
    await trx.updateTable('accounts').set((eb) => ({ following_count: eb('following_count', '+', 1) })).where('id', '=', followerId).execute();
    await trx.updateTable('accounts').set((eb) => ({ followers_count: eb('followers_count', '+', 1) })).where('id', '=', followeeId).execute();
    return true;
  }

  private async deleteFollow(trx: Db, followerId: string, followeeId: string): Promise<void> {
    const del = await trx.deleteFrom('follows').where('follower_id', '=', followerId).where('followee_id', '=', followeeId).executeTakeFirst();
    if (Number(del.numDeletedRows) === 0) return;
    await trx.updateTable('accounts').set((eb) => ({ following_count: sql`greatest(${eb.ref('following_count')} - 1, 0)` })).where('id', '=', followerId).execute();
    await trx.updateTable('accounts').set((eb) => ({ followers_count: sql`greatest(${eb.ref('followers_count')} - 1, 0)` })).where('id', '=', followeeId).execute();
  }

  private async blockedEitherWay(a: string, b: string): Promise<boolean> {
    const row = await this.db.selectFrom('blocks').select('id').where((eb) => eb.or([
      eb.and([eb('account_id', '=', a), eb('target_account_id', '=', b)]),
      eb.and([eb('account_id', '=', b), eb('target_account_id', '=', a)]),
    ])).executeTakeFirst();
    return !!row;
  }

  private async graphChanged(accountId: string): Promise<void> {
    const message: StreamMessage = { kind: 'graph.changed' };
    await this.ctx.bus.publish(userChannel(accountId), JSON.stringify(message));
  }
}
