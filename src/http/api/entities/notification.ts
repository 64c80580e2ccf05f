import type { Context } from '../../../context.js';
import { loadAccounts, toAccountEntity } from './account.js';
import { renderStatuses } from './status.js';

/** Mastodon Notification entities for their owner, in the order of `ids`; another account's ids are dropped. */
export async function renderNotifications(ctx: Context, ownerId: string, ids: string[]) {
  if (!ids.length) return [];
  const rows = await ctx.db.selectFrom('notifications').selectAll().where('id', 'in', ids).where('account_id', '=', ownerId).execute();
  const accounts = new Map((await loadAccounts(ctx.db, rows.map((r) => r.from_account_id))).map((a) => [a.id, toAccountEntity(ctx.config, a)]));
  const statuses = new Map((await renderStatuses(ctx, ownerId, rows.map((r) => r.status_id).filter((x): x is string => !!x))).map((s) => [s.id, s]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r) => !!r).flatMap((r) => {
    const account = accounts.get(r!.from_account_id);
    if (!account) return [];
    const status = r!.status_id ? statuses.get(r!.status_id) : undefined;
    if (r!.status_id && !status) return [];
    return [{ id: r!.id, type: r!.type, created_at: r!.created_at.toISOString(), group_key: `ungrouped-${r!.id}`, account, ...(status ? { status } : {}) }];
  });
}
