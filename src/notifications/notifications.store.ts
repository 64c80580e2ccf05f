import type { Db } from '../db/database.js';
import type { NotificationType } from '../db/schema.js';

/** The only SQL that writes notifications. */
export class NotificationStore {
  constructor(private readonly db: Db) {}

  async insert(values: { account_id: string; from_account_id: string; type: NotificationType; status_id: string | null }, db: Db = this.db): Promise<string> {
    const row = await db.insertInto('notifications').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** Deletes one notification if it belongs to the owner; true when one was deleted. */
  async deleteOwned(ownerId: string, id: string, db: Db = this.db): Promise<boolean> {
    const res = await db.deleteFrom('notifications').where('id', '=', id).where('account_id', '=', ownerId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async deleteAllOwned(ownerId: string, db: Db = this.db): Promise<number> {
    const res = await db.deleteFrom('notifications').where('account_id', '=', ownerId).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /** Deletes what `fromId` caused for `ownerId`: every type, or only those listed. */
  async deleteFrom(ownerId: string, fromId: string, types: NotificationType[] | null, db: Db = this.db): Promise<number> {
    let q = db.deleteFrom('notifications').where('account_id', '=', ownerId).where('from_account_id', '=', fromId);
    if (types) q = q.where('type', 'in', types);
    const res = await q.executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async deleteCreatedBefore(cutoff: Date, db: Db = this.db): Promise<number> {
    const res = await db.deleteFrom('notifications').where('created_at', '<', cutoff).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
