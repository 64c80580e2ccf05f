import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { NotificationType } from '../db/schema.js';
import { applyPage, newestFirst, type Page } from '../http/pagination.js';

/** Every notification type Publius stores (the database's check constraint). */
export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  'mention', 'status', 'reblog', 'follow', 'follow_request', 'favourite', 'poll', 'update',
  'admin.sign_up', 'admin.report', 'severed_relationships', 'moderation_warning',
];

export interface NotificationFilter {
  /** Only these types (unknown names match nothing, as in Mastodon); empty means every type. */
  types: string[];
  excludeTypes: string[];
  /** Only notifications caused by this account. */
  fromAccountId?: string;
}

/** The types a filter asks for, or null for "every type". */
function requestedTypes(filter: NotificationFilter): NotificationType[] | null {
  const known = (names: string[]) => NOTIFICATION_TYPES.filter((t) => names.includes(t));
  if (!filter.types.length && !filter.excludeTypes.length) return null;
  const base = filter.types.length ? known(filter.types) : [...NOTIFICATION_TYPES];
  const excluded = known(filter.excludeTypes);
  return base.filter((t) => !excluded.includes(t));
}

/** The owner's notifications matching the filter, from accounts that are not suspended. */
function filtered(db: Db, ownerId: string, filter: NotificationFilter) {
  const types = requestedTypes(filter);
  let q = db.selectFrom('notifications')
    .innerJoin('accounts', 'accounts.id', 'notifications.from_account_id')
    .select('notifications.id as id')
    .where('notifications.account_id', '=', ownerId)
    .where('accounts.suspended', '=', false);
  if (types) q = types.length ? q.where('notifications.type', 'in', types) : q.where(sql<boolean>`false`);
  if (filter.fromAccountId) q = q.where('notifications.from_account_id', '=', filter.fromAccountId);
  return q;
}

/** One page of the owner's notification ids, newest first. */
export async function notificationPage(db: Db, ownerId: string, filter: NotificationFilter, page: Page): Promise<string[]> {
  const rows = await applyPage(filtered(db, ownerId, filter), 'notifications.id', page).execute();
  return newestFirst(rows, page).map((r) => r.id);
}

/** How many notifications match, counting no further than `cap` (Mastodon caps this count too). */
export async function notificationCount(db: Db, ownerId: string, filter: NotificationFilter, cap: number): Promise<number> {
  const row = await db.selectFrom(filtered(db, ownerId, filter).limit(cap).as('capped'))
    .select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}
