import type { Context } from '../context.js';
import type { Db } from '../db/database.js';
import type { Account, ModerationActionKind, ReportCategory } from '../db/schema.js';
import { isoDate } from '../clock.js';
import { fail, PubliusError } from '../errors.js';
import { isRowId } from '../http/ids.js';
import { findVisible } from '../posts/visibility.js';
import * as store from './moderation.store.js';
import type { ActionRecord, ModerationCounts, ReportRecord } from './moderation.store.js';

export type { ActionRecord, AppealRecord, ModerationCounts, ReportRecord } from './moderation.store.js';

export const REPORT_CATEGORIES: readonly ReportCategory[] = ['spam', 'legal', 'violation', 'other'];
/** Longest report comment, appeal, reason or decision, in characters (Mastodon's report comment limit). */
export const MAX_TEXT = 1000;
/** Most posts one report may point at. */
export const MAX_REPORTED_POSTS = 20;

/** What a moderator may do directly. The undo kinds also exist so a moderator can correct themselves. */
export const MODERATOR_ACTIONS: readonly ModerationActionKind[] = [
  'remove_post', 'mark_sensitive', 'unmark_sensitive', 'silence', 'unsilence', 'suspend', 'unsuspend', 'dismiss',
];
/** Actions against an account that it may appeal (undoing something is not appealed; a dismissal is not against anyone). */
export const APPEALABLE: readonly ModerationActionKind[] = ['remove_post', 'mark_sensitive', 'silence', 'suspend'];
const ON_POSTS: readonly ModerationActionKind[] = ['remove_post', 'mark_sensitive', 'unmark_sensitive'];

/** Plain words for each action, as the affected account reads them. */
export const ACTION_LABELS: Record<ModerationActionKind, string> = {
  remove_post: 'Post removed',
  mark_sensitive: 'Post marked sensitive',
  unmark_sensitive: 'Sensitive mark lifted',
  silence: 'Account limited (silenced)',
  unsilence: 'Limit lifted',
  suspend: 'Account suspended',
  unsuspend: 'Suspension lifted',
  dismiss: 'Report dismissed',
};

export interface ReportInput {
  accountId: string;
  statusIds?: string[];
  category?: string;
  comment?: string;
  ruleIds?: string[];
}

export interface ActionInput {
  kind: string;
  reason: string;
  /** The report being acted on; its reported account is the target. */
  reportId?: string;
  /** The target account, when there is no report (or to check it is the report's). */
  accountId?: string;
  /** The post, for actions on posts. */
  statusId?: string;
}

export interface AppealDecision {
  decision: string;
  reason: string;
}

function isStaff(account: Pick<Account, 'role'>): boolean {
  return account.role === 'moderator' || account.role === 'admin';
}

/** Trims and bounds a free text; `required` texts may not be blank. */
function text(value: unknown, field: string, required: boolean): string {
  if (value !== undefined && value !== null && typeof value !== 'string') fail('VALIDATION', `Validation failed: ${field} must be text`);
  const t = (value ?? '').trim();
  if (required && !t) fail('VALIDATION', `Validation failed: ${field} can't be blank`);
  if ([...t].length > MAX_TEXT) fail('VALIDATION', `Validation failed: ${field} is too long (maximum is ${MAX_TEXT} characters)`);
  return t;
}

/**
 * Moderation: reports, actions and appeals.
 *
 * Who sees what: anyone signed in may report; only moderators and admins see reports (with the reporter, so
 * abusive reporting can be noticed) and act. The reported account is never told who reported it, nor even that
 * a report was dismissed: it sees only actions taken against it, each with the moderator's reason (and not
 * which moderator), and it may appeal each such action once. A reversed appeal undoes the action where that is
 * possible (suspension, silence, sensitive mark); a removed post is deleted for good and cannot be restored.
 *
 * Every action and every appeal decision is a row (moderation_actions, moderation_appeals), which the
 * transparency report counts through `moderationCounts`.
 */
export class ModerationService {
  constructor(private readonly ctx: Context) {}

  private get db(): Db { return this.ctx.db; }
  private today(): string { return isoDate(this.ctx.clock.now()); }

  private requireModerator(account: Account): void {
    if (!isStaff(account) || account.suspended) fail('FORBIDDEN');
  }

  // ---- reports ----

  /** Files a report about an account (and optionally some of its posts the reporter can see). */
  async fileReport(reporter: Account, input: ReportInput): Promise<ReportRecord> {
    if (!isRowId(input.accountId)) fail('NOT_FOUND');
    const target = await this.ctx.accounts.byId(input.accountId);
    if (!target) fail('NOT_FOUND');
    if (target.id === reporter.id) fail('VALIDATION', 'Validation failed: You cannot report yourself');
    const comment = text(input.comment, 'Comment', false);
    const statusIds = [...new Set(input.statusIds ?? [])];
    if (statusIds.length > MAX_REPORTED_POSTS) fail('VALIDATION', `Validation failed: At most ${MAX_REPORTED_POSTS} posts per report`);
    if (!statusIds.every(isRowId)) fail('VALIDATION', 'Validation failed: status_ids must be numeric ids');
    for (const id of statusIds) {
      // Only posts the reporter can see, and only the reported account's own: a report cannot reveal or drag in others.
      const s = await findVisible(this.db, reporter.id, id);
      if (!s || s.account_id !== target.id) fail('NOT_FOUND', 'Record not found: a reported post does not exist or is not by that account');
    }
    const ruleIds = [...new Set(input.ruleIds ?? [])];
    if (!ruleIds.every(isRowId)) fail('VALIDATION', 'Validation failed: rule_ids must be numeric ids');
    // As Mastodon: rules given without a category mean "violation"; rules only count for violations.
    const category = (input.category === undefined || input.category === '' ? (ruleIds.length ? 'violation' : 'other') : input.category) as ReportCategory;
    if (!REPORT_CATEGORIES.includes(category)) fail('VALIDATION', `Validation failed: category must be one of ${REPORT_CATEGORIES.join(', ')}`);
    const rules = category === 'violation' ? ruleIds : [];
    if (rules.length) {
      const known = await this.db.selectFrom('instance_rules').select('id').where('id', 'in', rules).execute();
      if (known.length !== rules.length) fail('VALIDATION', 'Validation failed: rule_ids names a rule that does not exist');
    }

    const { id, notices } = await this.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('moderation_reports').values({
        reporter_id: reporter.id, target_account_id: target.id, category, comment, rule_ids: rules, created_on: this.today(),
      }).returning('id').executeTakeFirstOrThrow();
      if (statusIds.length) await trx.insertInto('moderation_report_statuses').values(statusIds.map((s) => ({ report_id: row.id, status_id: s }))).execute();
      // Every moderator hears of it (Mastodon's admin.report), whatever they block or mute: reports must not go unseen.
      const staff = await trx.selectFrom('accounts').select('id').where('role', 'in', ['moderator', 'admin']).where('suspended', '=', false)
        .where('id', '<>', reporter.id).where('id', '<>', target.id).execute();
      const notices: Array<[string, string]> = [];
      for (const m of staff) {
        notices.push([m.id, await this.ctx.notifications.store.insert({ account_id: m.id, from_account_id: reporter.id, type: 'admin.report', status_id: null }, trx)]);
      }
      return { id: row.id, notices };
    });
    for (const [accountId, notificationId] of notices) await this.ctx.notifications.announce(accountId, notificationId);
    return (await store.reportById(this.db, id))!;
  }

  /** A report as its reporter sees it (their own only): for the API's answer. */
  async ownReport(reporter: Account, id: string): Promise<ReportRecord> {
    const r = isRowId(id) ? await store.reportById(this.db, id) : undefined;
    if (!r || r.reporterId !== reporter.id) fail('NOT_FOUND');
    return r;
  }

  async openReports(moderator: Account, limit = 50, maxId?: string): Promise<ReportRecord[]> {
    this.requireModerator(moderator);
    return store.reportsInState(this.db, 'open', Math.min(Math.max(limit, 1), 200), maxId && isRowId(maxId) ? maxId : undefined);
  }

  async reports(moderator: Account, state: 'open' | 'resolved', limit = 50, maxId?: string): Promise<ReportRecord[]> {
    this.requireModerator(moderator);
    return store.reportsInState(this.db, state, Math.min(Math.max(limit, 1), 200), maxId && isRowId(maxId) ? maxId : undefined);
  }

  async report(moderator: Account, id: string): Promise<{ report: ReportRecord; actions: ActionRecord[] }> {
    this.requireModerator(moderator);
    const report = isRowId(id) ? await store.reportById(this.db, id) : undefined;
    if (!report) fail('NOT_FOUND');
    return { report, actions: await store.actionsOfReport(this.db, id) };
  }

  // ---- actions ----

  /**
   * Takes one action, records it with its reason and tells the affected account. Everything is checked before
   * anything changes; a state that makes the action meaningless (silencing a silenced account) is a 409.
   */
  async act(moderator: Account, input: ActionInput): Promise<ActionRecord> {
    this.requireModerator(moderator);
    const kind = input.kind as ModerationActionKind;
    if (!MODERATOR_ACTIONS.includes(kind)) fail('VALIDATION', `Validation failed: action must be one of ${MODERATOR_ACTIONS.join(', ')}`);
    const reason = text(input.reason, 'Reason', true);

    let report: ReportRecord | undefined;
    if (input.reportId !== undefined && input.reportId !== '') {
      report = isRowId(input.reportId) ? await store.reportById(this.db, input.reportId) : undefined;
      if (!report) fail('NOT_FOUND', 'Record not found: no such report');
    }
    if (kind === 'dismiss') {
      if (!report) fail('VALIDATION', 'Validation failed: only a report can be dismissed');
      if (report.state !== 'open') fail('CONFLICT', 'This report is already resolved');
    }
    const targetId = report?.targetAccountId ?? input.accountId;
    if (report && input.accountId && input.accountId !== report.targetAccountId) fail('VALIDATION', 'Validation failed: the account is not the one reported');
    if (!targetId || !isRowId(targetId)) fail('NOT_FOUND', 'Record not found: no such account');
    const target = await this.ctx.accounts.byId(targetId);
    if (!target) fail('NOT_FOUND', 'Record not found: no such account');
    if (kind !== 'dismiss') {
      if (target.id === moderator.id) fail('FORBIDDEN', 'Moderators do not act on their own account');
      // Staff answer to admins: a moderator cannot silence or suspend a fellow moderator or an admin.
      if (isStaff(target) && moderator.role !== 'admin') fail('FORBIDDEN', 'Only an admin can act on a staff account');
    }

    let status: { id: string; created_at: Date; sensitive: boolean } | undefined;
    if (ON_POSTS.includes(kind)) {
      if (!input.statusId || !isRowId(input.statusId)) fail('VALIDATION', 'Validation failed: choose the post to act on');
      status = await this.db.selectFrom('statuses').select(['id', 'created_at', 'sensitive'])
        .where('id', '=', input.statusId).where('account_id', '=', target.id).executeTakeFirst();
      if (!status) fail('NOT_FOUND', 'Record not found: no such post by that account');
    }

    // A removed post is deleted the way its author would delete it (files, boosts, counters, streams) before the
    // record is written: if that fails (already gone), nothing is recorded. All checks above have passed by now.
    if (kind === 'remove_post') await this.ctx.posts.delete(target, status!.id);

    const { actionId, notification } = await this.db.transaction().execute(async (trx) => {
      await this.applyEffect(trx, kind, target.id, status?.id ?? null);
      const actionId = await this.record(trx, {
        kind, accountId: target.id, moderatorId: moderator.id, reportId: report?.id ?? null, reason,
        statusId: status?.id ?? null, statusCreatedOn: status ? isoDate(new Date(status.created_at)) : null,
      });
      if (report && report.state === 'open') {
        await trx.updateTable('moderation_reports').set({ state: 'resolved', resolved_on: this.today() }).where('id', '=', report.id).execute();
      }
      const notification = kind === 'dismiss' ? null : await this.warn(trx, target.id);
      return { actionId, notification };
    });
    if (notification) await this.ctx.notifications.announce(target.id, notification);
    return (await store.actionById(this.db, actionId))!;
  }

  /** Changes the account or post; a 409 (and a rollback) when it is already in that state. */
  private async applyEffect(trx: Db, kind: ModerationActionKind, accountId: string, statusId: string | null): Promise<void> {
    const already = (what: string) => fail('CONFLICT', `Nothing to do: ${what}`);
    switch (kind) {
      case 'mark_sensitive':
      case 'unmark_sensitive': {
        const on = kind === 'mark_sensitive';
        const r = await trx.updateTable('statuses').set({ sensitive: on }).where('id', '=', statusId!).where('sensitive', '=', !on).executeTakeFirst();
        if (!r.numUpdatedRows) already(on ? 'the post is already marked sensitive' : 'the post is not marked sensitive');
        return;
      }
      case 'silence':
      case 'unsilence': {
        const on = kind === 'silence';
        const r = await trx.updateTable('accounts').set({ silenced: on }).where('id', '=', accountId).where('silenced', '=', !on).executeTakeFirst();
        if (!r.numUpdatedRows) already(on ? 'the account is already silenced' : 'the account is not silenced');
        return;
      }
      case 'suspend':
      case 'unsuspend': {
        const on = kind === 'suspend';
        const r = await trx.updateTable('accounts').set({ suspended: on }).where('id', '=', accountId).where('suspended', '=', !on).executeTakeFirst();
        if (!r.numUpdatedRows) already(on ? 'the account is already suspended' : 'the account is not suspended');
        // A suspension ends every session and app token at once, as `publius suspend` does.
        if (on) await trx.deleteFrom('access_tokens').where('account_id', '=', accountId).execute();
        return;
      }
      case 'remove_post':
      case 'dismiss':
        return;
    }
  }

  private async record(trx: Db, a: { kind: ModerationActionKind; accountId: string; moderatorId: string; reportId: string | null; reason: string; statusId: string | null; statusCreatedOn: string | null }): Promise<string> {
    const row = await trx.insertInto('moderation_actions').values({
      account_id: a.accountId, moderator_id: a.moderatorId, report_id: a.reportId, kind: a.kind, reason: a.reason,
      status_id: a.statusId, status_created_on: a.statusCreatedOn, created_on: this.today(),
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * Mastodon's moderation_warning notification. It comes "from" the account itself, as in Mastodon, so it names
   * no moderator; the reason is read on /settings/moderation.
   */
  private async warn(trx: Db, accountId: string): Promise<string> {
    return this.ctx.notifications.store.insert({ account_id: accountId, from_account_id: accountId, type: 'moderation_warning', status_id: null }, trx);
  }

  async log(moderator: Account, limit = 100, maxId?: string): Promise<ActionRecord[]> {
    this.requireModerator(moderator);
    return store.actionLog(this.db, Math.min(Math.max(limit, 1), 500), maxId && isRowId(maxId) ? maxId : undefined);
  }

  // ---- the affected account's side ----

  /** The actions against the account, with reasons and appeals; never who reported or which moderator acted. */
  async actionsAgainst(account: Account): Promise<ActionRecord[]> {
    return (await store.actionsAgainst(this.db, account.id)).map((a) => ({ ...a, moderatorHandle: null, reportId: null }));
  }

  /** Files the one appeal an action allows. Another account's action is not found. */
  async appeal(account: Account, actionId: string, appealText: string) {
    const action = isRowId(actionId) ? await store.actionById(this.db, actionId) : undefined;
    if (!action || action.accountId !== account.id || action.kind === 'dismiss') fail('NOT_FOUND');
    if (!APPEALABLE.includes(action.kind)) fail('VALIDATION', 'Validation failed: this action cannot be appealed');
    const body = text(appealText, 'Appeal', true);
    if (action.appeal) fail('CONFLICT', 'This action has already been appealed');
    try {
      await this.db.insertInto('moderation_appeals').values({ action_id: action.id, account_id: account.id, text: body, filed_on: this.today() }).execute();
    } catch (err) {
      // Two appeals at once: the unique action_id lets one through; the other is the same conflict as above.
      if (err instanceof PubliusError) throw err;
      if (await store.actionById(this.db, action.id).then((a) => a?.appeal)) fail('CONFLICT', 'This action has already been appealed');
      throw err;
    }
    return (await store.actionById(this.db, action.id))!.appeal!;
  }

  // ---- appeals, moderators' side ----

  async appeals(moderator: Account, state: 'pending' | 'upheld' | 'reversed' = 'pending', limit = 100): Promise<ActionRecord[]> {
    this.requireModerator(moderator);
    return store.appealsInState(this.db, state, Math.min(Math.max(limit, 1), 500));
  }

  /**
   * Decides an appeal. Reversing undoes what can be undone (lifts a suspension or silence, removes a sensitive
   * mark) and records that undoing as an action of its own; a removed post cannot be brought back, so reversing
   * a removal records that it was wrong and tells the account so.
   */
  async decideAppeal(moderator: Account, appealId: string, input: AppealDecision): Promise<ActionRecord> {
    this.requireModerator(moderator);
    const decision = input.decision;
    if (decision !== 'upheld' && decision !== 'reversed') fail('VALIDATION', 'Validation failed: decision must be upheld or reversed');
    const reason = text(input.reason, 'Reason', true);
    if (!isRowId(appealId)) fail('NOT_FOUND');
    const appeal = await this.db.selectFrom('moderation_appeals').select(['id', 'action_id', 'state']).where('id', '=', appealId).executeTakeFirst();
    if (!appeal) fail('NOT_FOUND');
    const action = (await store.actionById(this.db, appeal.action_id))!;
    if (action.accountId === moderator.id) fail('FORBIDDEN', 'Nobody decides their own appeal');
    if (appeal.state !== 'pending') fail('CONFLICT', 'This appeal has already been decided');

    const notification = await this.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('moderation_appeals')
        .set({ state: decision, decision_reason: reason, decided_by: moderator.id, decided_on: this.today() })
        .where('id', '=', appeal.id).where('state', '=', 'pending').executeTakeFirst();
      if (!r.numUpdatedRows) fail('CONFLICT', 'This appeal has already been decided');
      if (decision === 'reversed') await this.undo(trx, action, moderator, reason);
      return this.warn(trx, action.accountId);
    });
    await this.ctx.notifications.announce(action.accountId, notification);
    return (await store.actionById(this.db, action.id))!;
  }

  /** The undoing of a reversed action, when it is still in effect (a moderator may have lifted it meanwhile). */
  private async undo(trx: Db, action: ActionRecord, moderator: Account, reason: string): Promise<void> {
    const inverse: Partial<Record<ModerationActionKind, ModerationActionKind>> = { suspend: 'unsuspend', silence: 'unsilence', mark_sensitive: 'unmark_sensitive' };
    const kind = inverse[action.kind];
    if (!kind) return; // remove_post: the post is gone for good
    let inEffect: boolean;
    if (kind === 'unmark_sensitive') {
      const s = await trx.selectFrom('statuses').select('sensitive').where('id', '=', action.statusId!).executeTakeFirst();
      inEffect = !!s?.sensitive;
    } else {
      const a = await trx.selectFrom('accounts').select(['silenced', 'suspended']).where('id', '=', action.accountId).executeTakeFirstOrThrow();
      inEffect = kind === 'unsuspend' ? a.suspended : a.silenced;
    }
    if (!inEffect) return;
    await this.applyEffect(trx, kind, action.accountId, action.statusId);
    await this.record(trx, {
      kind, accountId: action.accountId, moderatorId: moderator.id, reportId: action.reportId, reason: `Appeal granted: ${reason}`,
      statusId: action.statusId, statusCreatedOn: action.statusCreatedOn,
    });
  }
}

/**
 * The moderation figures of a period for the transparency report: reports received, actions by kind, appeals
 * filed, upheld and reversed. `from` is inclusive and `to` exclusive (UTC days), like a HalfYear's start and end.
 */
export async function moderationCounts(db: Db, from: Date, to: Date): Promise<ModerationCounts> {
  return store.countsBetween(db, isoDate(from), isoDate(to));
}
