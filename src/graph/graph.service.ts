import type { Account } from '../db/schema.js';
import type { Context } from '../context.js';
import { fail, PubliusError } from '../errors.js';
import { isRowId } from '../http/ids.js';
import { userChannel, type StreamMessage } from '../events/channels.js';
import { GraphStore, type FollowOptions } from './graph.store.js';
import { relationships, type Relationship } from './graph.views.js';

export type { Relationship } from './graph.views.js';
export type { FollowOptions } from './graph.store.js';

/** What a follow did: a new follow, a request to a locked account, or nothing new (options may have changed). */
export type FollowOutcome = 'followed' | 'requested' | 'unchanged';

/** The longest mute Publius accepts, in seconds (ten years); longer is a validation error. */
export const MAX_MUTE_SECONDS = 10 * 365 * 86_400;

/**
 * Follows, follow requests, blocks and mutes — the rules. Follower counts stay exact: a counter moves only
 * when a follows row was really inserted or deleted, in the same transaction. Designed for the surge (one
 * account gaining 120,000 followers in a day, many at once): a follow is one insert, its notification, and
 * two counter updates taken last, so the followee's hot counter row is locked only until commit. Every
 * transaction here takes its locks in the order GraphStore documents, so concurrent ones cannot deadlock.
 *
 * After a commit that changes whom someone listens to, `graph.changed` goes to their user channel so an open
 * stream re-reads its follows and blocks.
 */
export class GraphService {
  readonly store: GraphStore;

  constructor(private readonly ctx: Context) {
    this.store = new GraphStore(ctx.db);
  }

  /** An account that can be acted on or listed: it exists and is not suspended; otherwise a 404. */
  async target(id: string): Promise<Account> {
    if (!isRowId(id)) fail('NOT_FOUND');
    const a = await this.ctx.accounts.byId(id);
    if (!a || a.suspended) fail('NOT_FOUND');
    return a;
  }

  /**
   * Follows `targetId`, or asks to when the account is locked. Already following (or already asked): the
   * options given are updated and nothing else happens. A block either way refuses it (403, as Mastodon).
   */
  async follow(me: Account, targetId: string, opts: FollowOptions = {}): Promise<FollowOutcome> {
    const target = await this.target(targetId);
    if (target.id === me.id) fail('FORBIDDEN', 'You cannot follow yourself');
    // Read outside any transaction: the common cases (blocked, already following) need none.
    const state = await this.store.pairState(me.id, target.id);
    if (state.blockedEitherWay) fail('FORBIDDEN');
    if (state.following) {
      await this.store.updateFollowOptions(me.id, target.id, opts);
      return 'unchanged';
    }
    if (target.locked) return this.request(me, target, opts, state.requested);

    const { inserted, noticeId } = await this.ctx.db.transaction().execute(async (trx) => {
      await this.store.lockPair(trx, me.id, target.id);
      if (await this.store.blockedEitherWay(me.id, target.id, trx)) fail('FORBIDDEN');
      if (!(await this.store.insertFollow(trx, me.id, target.id, opts))) {
        // A concurrent follow by the same account won the race: it counted; this one only sets options.
        await this.store.updateFollowOptions(me.id, target.id, opts, trx);
        return { inserted: false, noticeId: null };
      }
      if (state.requested) {
        // The account was unlocked while a request was pending: the follow replaces the request.
        await this.store.takeRequest(trx, me.id, target.id);
        await this.ctx.notifications.withdraw(target.id, me.id, 'follow_request', trx);
      }
      const noticeId = await this.ctx.notifications.notify({ accountId: target.id, fromAccountId: me.id, type: 'follow' }, trx);
      await this.store.moveCounters(trx, [[me.id, target.id]], +1);
      return { inserted: true, noticeId };
    });
    if (noticeId) await this.ctx.notifications.announce(target.id, noticeId);
    if (inserted) await this.graphChanged(me.id);
    return inserted ? 'followed' : 'unchanged';
  }

  private async request(me: Account, target: Account, opts: FollowOptions, pending: boolean): Promise<FollowOutcome> {
    if (pending) {
      await this.store.updateRequestOptions(me.id, target.id, opts);
      return 'unchanged';
    }
    const noticeId = await this.ctx.db.transaction().execute(async (trx) => {
      await this.store.lockPair(trx, me.id, target.id);
      if (await this.store.blockedEitherWay(me.id, target.id, trx)) fail('FORBIDDEN');
      if (!(await this.store.insertRequest(trx, me.id, target.id, opts))) return null;
      return this.ctx.notifications.notify({ accountId: target.id, fromAccountId: me.id, type: 'follow_request' }, trx);
    });
    if (noticeId) await this.ctx.notifications.announce(target.id, noticeId);
    return 'requested';
  }

  /** Stops following `targetId`, or withdraws a pending request. Idempotent. */
  async unfollow(me: Account, targetId: string): Promise<void> {
    const target = await this.target(targetId);
    const removed = await this.ctx.db.transaction().execute(async (trx) => {
      const removed = await this.store.deleteFollow(trx, me.id, target.id);
      const withdrawn = await this.store.takeRequest(trx, me.id, target.id);
      if (removed) await this.ctx.notifications.withdraw(target.id, me.id, 'follow', trx);
      if (withdrawn) await this.ctx.notifications.withdraw(target.id, me.id, 'follow_request', trx);
      if (removed) await this.store.moveCounters(trx, [[me.id, target.id]], -1);
      return removed;
    });
    if (removed) await this.graphChanged(me.id);
  }

  /** Makes `followerId` stop following me. Idempotent. */
  async removeFromFollowers(me: Account, followerId: string): Promise<void> {
    const follower = await this.target(followerId);
    const removed = await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await this.store.deleteFollow(trx, follower.id, me.id))) return false;
      await this.ctx.notifications.withdraw(me.id, follower.id, 'follow', trx);
      await this.store.moveCounters(trx, [[follower.id, me.id]], -1);
      return true;
    });
    if (removed) await this.graphChanged(follower.id);
  }

  /** Accepts the pending request `requesterId` made to me; a request made to anyone else is not found. */
  async authorize(me: Account, requesterId: string): Promise<void> {
    const requester = await this.target(requesterId);
    const pending = await this.store.requestOptions(requester.id, me.id);
    if (!pending) fail('NOT_FOUND', 'No pending follow request from this account');
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.store.lockPair(trx, requester.id, me.id);
      const inserted = await this.store.insertFollow(trx, requester.id, me.id, pending);
      // Withdrawn or handled meanwhile: the follow is rolled back with this error.
      if (!(await this.store.takeRequest(trx, requester.id, me.id))) fail('NOT_FOUND', 'No pending follow request from this account');
      await this.ctx.notifications.withdraw(me.id, requester.id, 'follow_request', trx);
      if (inserted) await this.store.moveCounters(trx, [[requester.id, me.id]], +1);
    });
    await this.graphChanged(requester.id);
  }

  /**
   * Accepts every pending request made to me — what Mastodon does when a locked account unlocks (call it after
   * the profile update that sets locked to false). Each request is its own short transaction; returns how many
   * became follows.
   */
  async authorizeAllRequests(me: Account): Promise<number> {
    let accepted = 0;
    for (const requesterId of await this.store.requesterIds(me.id)) {
      try {
        await this.authorize(me, requesterId);
        accepted++;
      } catch (err) {
        // Withdrawn meanwhile, or the requester was suspended: nothing to accept.
        if (!(err instanceof PubliusError && err.code === 'NOT_FOUND')) throw err;
      }
    }
    return accepted;
  }

  /** Refuses the pending request `requesterId` made to me. */
  async reject(me: Account, requesterId: string): Promise<void> {
    const requester = await this.target(requesterId);
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await this.store.takeRequest(trx, requester.id, me.id))) fail('NOT_FOUND', 'No pending follow request from this account');
      await this.ctx.notifications.withdraw(me.id, requester.id, 'follow_request', trx);
    });
  }

  /**
   * Blocks `targetId`: follows both ways and pending requests both ways end (counters fixed), and nothing the
   * blocked account caused stays in my notifications (as Mastodon).
   */
  async block(me: Account, targetId: string): Promise<void> {
    const target = await this.target(targetId);
    if (target.id === me.id) fail('FORBIDDEN', 'You cannot block yourself');
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.store.lockPair(trx, me.id, target.id);
      await this.store.insertBlock(trx, me.id, target.id);
      const ended = await this.store.deleteFollowsBetween(trx, me.id, target.id);
      await this.store.deleteRequestsBetween(trx, me.id, target.id);
      await this.ctx.notifications.withdraw(target.id, me.id, 'follow', trx);
      await this.ctx.notifications.withdraw(target.id, me.id, 'follow_request', trx);
      await this.ctx.notifications.forgetAllFrom(me.id, target.id, trx);
      await this.store.moveCounters(trx, ended, -1);
    });
    await this.graphChanged(me.id);
    await this.graphChanged(target.id);
  }

  async unblock(me: Account, targetId: string): Promise<void> {
    const target = await this.target(targetId);
    await this.store.deleteBlock(me.id, target.id);
    await this.graphChanged(me.id);
    await this.graphChanged(target.id);
  }

  /**
   * Mutes `targetId` (their posts leave my timelines; with `notifications`, their notifications stop too) for
   * `durationSeconds`, or indefinitely when 0. Muting again replaces the settings.
   */
  async mute(me: Account, targetId: string, notifications: boolean, durationSeconds: number): Promise<void> {
    const target = await this.target(targetId);
    if (target.id === me.id) fail('FORBIDDEN', 'You cannot mute yourself');
    if (!Number.isInteger(durationSeconds) || durationSeconds < 0 || durationSeconds > MAX_MUTE_SECONDS) fail('VALIDATION', 'Validation failed: duration: out of range');
    const expiresAt = durationSeconds > 0 ? new Date(this.ctx.clock.now().getTime() + durationSeconds * 1000) : null;
    await this.store.upsertMute(me.id, target.id, notifications, expiresAt);
    await this.graphChanged(me.id);
  }

  async unmute(me: Account, targetId: string): Promise<void> {
    const target = await this.target(targetId);
    await this.store.deleteMute(me.id, target.id);
    await this.graphChanged(me.id);
  }

  /** My relationship to one account (the answer to every action above). */
  async relationship(meId: string, id: string): Promise<Relationship> {
    const [r] = await relationships(this.ctx.db, meId, [id], this.ctx.clock.now(), { withSuspended: true });
    if (!r) fail('NOT_FOUND');
    return r;
  }

  /** My relationships to the accounts given; unknown (and, unless asked, suspended) accounts are left out. */
  relationships(meId: string, ids: string[], opts: { withSuspended?: boolean } = {}): Promise<Relationship[]> {
    return relationships(this.ctx.db, meId, ids.filter(isRowId), this.ctx.clock.now(), opts);
  }

  /** Deletes mutes whose time ran out (the data inventory keeps mutes only until they expire). */
  purgeExpiredMutes(): Promise<number> {
    return this.store.deleteExpiredMutes(this.ctx.clock.now());
  }

  private async graphChanged(accountId: string): Promise<void> {
    const message: StreamMessage = { kind: 'graph.changed' };
    await this.ctx.bus.publish(userChannel(accountId), JSON.stringify(message));
  }
}
