import type { Db } from '../db/database.js';
import type { NotificationType } from '../db/schema.js';
import type { EventBus } from '../events/bus.js';
import { userChannel, type StreamMessage } from '../events/channels.js';

export interface NotifyInput {
  accountId: string;
  fromAccountId: string;
  type: NotificationType;
  statusId?: string | null;
}

/**
 * Creates notifications. Nobody is notified of their own actions, nor by an account they block or mute
 * (with notifications hidden). The streaming layer is told the id; it renders the entity per viewer.
 */
export class NotificationService {
  constructor(private readonly db: Db, private readonly bus: EventBus) {}

  /** Inserts within the caller's transaction when given one; returns the new id, or null when suppressed. */
  async notify(input: NotifyInput, db: Db = this.db): Promise<string | null> {
    if (input.accountId === input.fromAccountId) return null;
    const suppressed = await db.selectFrom('blocks').select('id')
      .where('account_id', '=', input.accountId).where('target_account_id', '=', input.fromAccountId)
      .union(db.selectFrom('mutes').select('id')
        .where('account_id', '=', input.accountId).where('target_account_id', '=', input.fromAccountId)
        .where('hide_notifications', '=', true))
      .executeTakeFirst();
    if (suppressed) return null;
    const row = await db.insertInto('notifications').values({
      account_id: input.accountId, from_account_id: input.fromAccountId, type: input.type, status_id: input.statusId ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** Call after the transaction that created the notification has committed. */
  async announce(accountId: string, notificationId: string): Promise<void> {
    const message: StreamMessage = { kind: 'notification', id: notificationId };
    await this.bus.publish(userChannel(accountId), JSON.stringify(message));
  }
}
