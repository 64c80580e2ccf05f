import type { Context } from '../../../context.js';
import type { NotificationType } from '../../../db/schema.js';
import { loadAccounts, toAccountEntity, type AccountEntity } from './account.js';
import { renderStatuses, type StatusEntity } from './status.js';

/** Mastodon's Notification entity. https://docs.joinmastodon.org/entities/Notification/ */
export interface NotificationEntity {
  id: string;
  type: NotificationType;
  group_key: string;
  created_at: string;
  account: AccountEntity;
  status?: StatusEntity;
}

/**
 * Notification entities for their owner, in the order of `ids`. Another account's ids are dropped, and so are
 * notifications whose author is suspended or whose post the owner may no longer see.
 */
export async function renderNotifications(ctx: Context, ownerId: string, ids: string[]): Promise<NotificationEntity[]> {
  if (!ids.length) return [];
  const rows = await ctx.db.selectFrom('notifications').selectAll().where('id', 'in', ids).where('account_id', '=', ownerId).execute();
  const authors = (await loadAccounts(ctx.db, rows.map((r) => r.from_account_id))).filter((a) => !a.suspended);
  const accounts = new Map(authors.map((a) => [a.id, toAccountEntity(ctx.config, a)]));
  const statusIds = [...new Set(rows.flatMap((r) => (r.status_id ? [r.status_id] : [])))];
  const statuses = new Map((await renderStatuses(ctx, ownerId, statusIds)).map((s) => [s.id, s]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    const account = r && accounts.get(r.from_account_id);
    if (!r || !account) return [];
    const status = r.status_id ? statuses.get(r.status_id) : undefined;
    if (r.status_id && !status) return [];
    return [{
      id: r.id, type: r.type, group_key: `ungrouped-${r.id}`, created_at: r.created_at.toISOString(), account,
      ...(status ? { status } : {}),
    }];
  });
}
