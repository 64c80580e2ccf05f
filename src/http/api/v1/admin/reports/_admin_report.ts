import type { Context } from '../../../../../context.js';
import type { ReportRecord } from '../../../../../moderation/moderation.service.js';
import { loadAccounts, type AccountWithImages } from '../../../entities/account.js';
import { renderStatuses } from '../../../entities/status.js';
import { toVisibleAccountEntity } from '../../accounts/_shared.js';
import { dayToTimestamp } from '../../reports/_report.js';

/**
 * Mastodon's Admin::Account, as far as Publius holds it: no email, no IP addresses, no locale — they are never
 * collected, so those fields are null or empty rather than invented. https://docs.joinmastodon.org/entities/Admin_Account/
 */
function adminAccount(ctx: Context, a: AccountWithImages) {
  return {
    id: a.id, username: a.handle, domain: null, created_at: dayToTimestamp(String(a.created_on).slice(0, 10)),
    email: null, ip: null, ips: [], locale: null, invite_request: null, role: { name: a.role },
    confirmed: true, approved: true, disabled: false, silenced: a.silenced, suspended: a.suspended,
    account: toVisibleAccountEntity(ctx, a),
  };
}

/** Mastodon's Admin::Report (https://docs.joinmastodon.org/entities/Admin_Report/) for moderators. */
export async function toAdminReports(ctx: Context, viewerId: string, reports: ReportRecord[]) {
  const accountIds = [...new Set(reports.flatMap((r) => [r.targetAccountId, ...(r.reporterId ? [r.reporterId] : [])]))];
  const accounts = new Map((await loadAccounts(ctx.db, accountIds)).map((a) => [a.id, a]));
  const rules = await ctx.db.selectFrom('instance_rules').select(['id', 'text', 'hint']).execute();
  const out = [];
  for (const r of reports) {
    const reporter = r.reporterId ? accounts.get(r.reporterId) : undefined;
    const target = accounts.get(r.targetAccountId);
    out.push({
      id: r.id, action_taken: r.state === 'resolved', action_taken_at: dayToTimestamp(r.resolvedOn), category: r.category,
      comment: r.comment, forwarded: false, created_at: dayToTimestamp(r.createdOn), updated_at: dayToTimestamp(r.resolvedOn ?? r.createdOn),
      // The reporter's account was deleted: the report stays, without anyone behind it.
      account: reporter ? adminAccount(ctx, reporter) : null,
      target_account: target ? adminAccount(ctx, target) : null,
      assigned_account: null, action_taken_by_account: null,
      statuses: await renderStatuses(ctx, viewerId, r.statusIds),
      rules: rules.filter((x) => r.ruleIds.includes(String(x.id))).map((x) => ({ id: String(x.id), text: x.text, hint: x.hint })),
    });
  }
  return out;
}
