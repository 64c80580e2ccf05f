import type { Db } from '../db/database.js';
import type { NotificationType } from '../db/schema.js';
import type { EventBus } from '../events/bus.js';
import { userChannel, type StreamMessage } from '../events/channels.js';
import { addDays, systemClock, type Clock } from '../clock.js';
import { fail } from '../errors.js';
import { NotificationStore } from './notifications.store.js';

/** Notifications are deleted this many days after they were made (the data inventory promises it). */
export const NOTIFICATION_RETENTION_DAYS = 90;

export interface NotifyInput {
  accountId: string;
  fromAccountId: string;
  type: NotificationType;
  statusId?: string | null;
}

/**
 * Creates and removes notifications. Nobody is notified of their own actions, nor by an account they block or
 * mute (with notifications hidden, until the mute expires). The streaming layer is told the id; it renders the
 * entity per viewer. Only the owner can see, dismiss or clear a notification.
 */
export class NotificationService {
  readonly store: NotificationStore;

  constructor(private readonly db: Db, private readonly bus: EventBus, private readonly clock: Clock = systemClock) {
    this.store = new NotificationStore(db);
  }

  /** Inserts within the caller's transaction when given one; returns the new id, or null when suppressed. */
  async notify(input: NotifyInput, db: Db = this.db): Promise<string | null> {
    if (input.accountId === input.fromAccountId) return null;
    const now = this.clock.now();
    const suppressed = await db.selectFrom('blocks').select('id')
      .where('account_id', '=', input.accountId).where('target_account_id', '=', input.fromAccountId)
      .union(db.selectFrom('mutes').select('id')
        .where('account_id', '=', input.accountId).where('target_account_id', '=', input.fromAccountId)
        .where('hide_notifications', '=', true)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])))
      .executeTakeFirst();
    if (suppressed) return null;
    return this.store.insert({
      account_id: input.accountId, from_account_id: input.fromAccountId, type: input.type, status_id: input.statusId ?? null,
    }, db);
  }

  /** Call after the transaction that created the notification has committed. */
  async announce(accountId: string, notificationId: string): Promise<void> {
    const message: StreamMessage = { kind: 'notification', id: notificationId };
    await this.bus.publish(userChannel(accountId), JSON.stringify(message));
  }

  /**
   * Removes the notice of a follow or follow request once the thing it announced is gone (unfollowed,
   * authorised, rejected, withdrawn), as Mastodon does: the notification dies with its follow.
   */
  async withdraw(ownerId: string, fromId: string, type: 'follow' | 'follow_request', db: Db = this.db): Promise<void> {
    await this.store.deleteFrom(ownerId, fromId, [type], db);
  }

  /** After a block: nothing the blocked account caused stays in the blocker's notifications. */
  async forgetAllFrom(ownerId: string, fromId: string, db: Db = this.db): Promise<void> {
    await this.store.deleteFrom(ownerId, fromId, null, db);
  }

  /** Dismisses one of the owner's notifications; another account's id is not found. */
  async dismiss(ownerId: string, id: string): Promise<void> {
    if (!(await this.store.deleteOwned(ownerId, id))) fail('NOT_FOUND');
  }

  async clear(ownerId: string): Promise<void> {
    await this.store.deleteAllOwned(ownerId);
  }

  /** Deletes notifications past their retention period; returns how many. Run periodically (maintenance). */
  async purgeExpired(now: Date = this.clock.now()): Promise<number> {
    return this.store.deleteCreatedBefore(addDays(now, -NOTIFICATION_RETENTION_DAYS));
  }
}
