import type { Context } from '../../../../context.js';
import type { ReportRecord } from '../../../../moderation/moderation.service.js';
import { loadAccounts, type AccountEntity } from '../../entities/account.js';
import { toVisibleAccountEntity } from '../accounts/_shared.js';
import { fail } from '../../../../errors.js';

/** Mastodon's Report entity (https://docs.joinmastodon.org/entities/Report/), as the reporter sees it. */
export interface ReportEntity {
  id: string;
  action_taken: boolean;
  action_taken_at: string | null;
  category: string;
  comment: string;
  /** Publius does not federate, so a report is never forwarded to another server. */
  forwarded: boolean;
  created_at: string;
  status_ids: string[] | null;
  rule_ids: string[] | null;
  target_account: AccountEntity;
}

/** Dates are kept to the day (a person's act); the API's timestamps are that day at midnight UTC. */
export function dayToTimestamp(day: string | null): string | null {
  return day ? `${day}T00:00:00.000Z` : null;
}

export async function toReportEntity(ctx: Context, r: ReportRecord): Promise<ReportEntity> {
  const [target] = await loadAccounts(ctx.db, [r.targetAccountId]);
  if (!target) fail('NOT_FOUND');
  return {
    id: r.id,
    action_taken: r.state === 'resolved',
    action_taken_at: dayToTimestamp(r.resolvedOn),
    category: r.category,
    comment: r.comment,
    forwarded: false,
    created_at: dayToTimestamp(r.createdOn)!,
    status_ids: r.statusIds.length ? r.statusIds : null,
    rule_ids: r.ruleIds.length ? r.ruleIds : null,
    target_account: toVisibleAccountEntity(ctx, target),
  };
}
