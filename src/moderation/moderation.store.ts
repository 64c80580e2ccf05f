import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { ModerationActionKind, ReportCategory } from '../db/schema.js';

/** A report as moderators see it: who filed it is included here, and only here. */
export interface ReportRecord {
  id: string;
  reporterId: string | null;
  reporterHandle: string | null;
  targetAccountId: string;
  targetHandle: string;
  category: ReportCategory;
  comment: string;
  ruleIds: string[];
  state: 'open' | 'resolved';
  createdOn: string;
  resolvedOn: string | null;
  statusIds: string[];
}

export interface ActionRecord {
  id: string;
  accountId: string;
  accountHandle: string;
  moderatorHandle: string | null;
  reportId: string | null;
  kind: ModerationActionKind;
  statusId: string | null;
  statusCreatedOn: string | null;
  reason: string;
  createdOn: string;
  appeal: AppealRecord | null;
}

export interface AppealRecord {
  id: string;
  actionId: string;
  accountId: string;
  text: string;
  state: 'pending' | 'upheld' | 'reversed';
  decisionReason: string | null;
  filedOn: string;
  decidedOn: string | null;
}

/** Dates come back as Date objects from some drivers and as strings from others; the day is what matters. */
export function day(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

const dayOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : day(value));

/** bigint[] arrives as numbers or strings depending on the driver; ids are strings everywhere else. */
function idList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.replace(/[{}]/g, '').split(',').filter(Boolean);
  return [];
}

function reportsQuery(db: Db) {
  return db.selectFrom('moderation_reports as r')
    .innerJoin('accounts as t', 't.id', 'r.target_account_id')
    .leftJoin('accounts as rep', 'rep.id', 'r.reporter_id')
    .select([
      'r.id', 'r.reporter_id', 'rep.handle as reporter_handle', 'r.target_account_id', 't.handle as target_handle',
      'r.category', 'r.comment', 'r.rule_ids', 'r.state', 'r.created_on', 'r.resolved_on',
    ]);
}

type ReportRow = Awaited<ReturnType<ReturnType<typeof reportsQuery>['executeTakeFirstOrThrow']>>;

async function withStatuses(db: Db, rows: ReportRow[]): Promise<ReportRecord[]> {
  const ids = rows.map((r) => r.id);
  const links = ids.length
    ? await db.selectFrom('moderation_report_statuses').select(['report_id', 'status_id']).where('report_id', 'in', ids).orderBy('status_id').execute()
    : [];
  return rows.map((r) => ({
    id: r.id, reporterId: r.reporter_id, reporterHandle: r.reporter_handle, targetAccountId: r.target_account_id,
    targetHandle: r.target_handle, category: r.category, comment: r.comment, ruleIds: idList(r.rule_ids), state: r.state,
    createdOn: day(r.created_on), resolvedOn: dayOrNull(r.resolved_on),
    statusIds: links.filter((l) => l.report_id === r.id).map((l) => String(l.status_id)),
  }));
}

export async function reportById(db: Db, id: string): Promise<ReportRecord | undefined> {
  const row = await reportsQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row ? (await withStatuses(db, [row]))[0] : undefined;
}

export async function reportsInState(db: Db, state: 'open' | 'resolved', limit: number, maxId?: string): Promise<ReportRecord[]> {
  let q = reportsQuery(db).where('r.state', '=', state);
  if (maxId) q = q.where('r.id', '<', maxId);
  return withStatuses(db, await q.orderBy('r.id', 'desc').limit(limit).execute());
}

function actionsQuery(db: Db) {
  return db.selectFrom('moderation_actions as a')
    .innerJoin('accounts as t', 't.id', 'a.account_id')
    .leftJoin('accounts as m', 'm.id', 'a.moderator_id')
    .leftJoin('moderation_appeals as ap', 'ap.action_id', 'a.id')
    .select([
      'a.id', 'a.account_id', 't.handle as account_handle', 'm.handle as moderator_handle', 'a.report_id', 'a.kind',
      'a.status_id', 'a.status_created_on', 'a.reason', 'a.created_on',
      'ap.id as appeal_id', 'ap.text as appeal_text', 'ap.state as appeal_state', 'ap.decision_reason as appeal_decision_reason',
      'ap.filed_on as appeal_filed_on', 'ap.decided_on as appeal_decided_on',
    ]);
}

type ActionRow = Awaited<ReturnType<ReturnType<typeof actionsQuery>['executeTakeFirstOrThrow']>>;

function toAction(r: ActionRow): ActionRecord {
  return {
    id: r.id, accountId: r.account_id, accountHandle: r.account_handle, moderatorHandle: r.moderator_handle,
    reportId: r.report_id, kind: r.kind, statusId: r.status_id, statusCreatedOn: dayOrNull(r.status_created_on),
    reason: r.reason, createdOn: day(r.created_on),
    appeal: r.appeal_id ? {
      id: r.appeal_id, actionId: r.id, accountId: r.account_id, text: r.appeal_text!, state: r.appeal_state!,
      decisionReason: r.appeal_decision_reason, filedOn: day(r.appeal_filed_on), decidedOn: dayOrNull(r.appeal_decided_on),
    } : null,
  };
}

export async function actionById(db: Db, id: string): Promise<ActionRecord | undefined> {
  const row = await actionsQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row ? toAction(row) : undefined;
}

/** The log: every action, newest first. */
export async function actionLog(db: Db, limit: number, maxId?: string): Promise<ActionRecord[]> {
  let q = actionsQuery(db);
  if (maxId) q = q.where('a.id', '<', maxId);
  return (await q.orderBy('a.id', 'desc').limit(limit).execute()).map(toAction);
}

/** Actions against one account that concern it (a dismissed report is not one), newest first. */
export async function actionsAgainst(db: Db, accountId: string): Promise<ActionRecord[]> {
  return (await actionsQuery(db).where('a.account_id', '=', accountId).where('a.kind', '<>', 'dismiss')
    .orderBy('a.id', 'desc').limit(500).execute()).map(toAction);
}

export async function actionsOfReport(db: Db, reportId: string): Promise<ActionRecord[]> {
  return (await actionsQuery(db).where('a.report_id', '=', reportId).orderBy('a.id').execute()).map(toAction);
}

export async function appealsInState(db: Db, state: 'pending' | 'upheld' | 'reversed', limit: number): Promise<ActionRecord[]> {
  return (await actionsQuery(db).where('ap.state', '=', state).orderBy('ap.id', state === 'pending' ? 'asc' : 'desc').limit(limit).execute()).map(toAction);
}

export interface ModerationCounts {
  reports_received: number;
  /** Actions taken in the period, by kind (every kind present, zero when none). */
  actions: Record<ModerationActionKind, number>;
  appeals_filed: number;
  appeals_upheld: number;
  appeals_reversed: number;
}

export const ACTION_KINDS: readonly ModerationActionKind[] = [
  'remove_post', 'mark_sensitive', 'unmark_sensitive', 'silence', 'unsilence', 'suspend', 'unsuspend', 'dismiss',
];

/** Counts for [from, to): `from` inclusive, `to` exclusive, by UTC day. */
export async function countsBetween(db: Db, from: string, to: string): Promise<ModerationCounts> {
  const n = sql<number>`count(*)::int`.as('n');
  const [reports, actions, filed, decided] = await Promise.all([
    db.selectFrom('moderation_reports').select(n).where('created_on', '>=', from).where('created_on', '<', to).executeTakeFirstOrThrow(),
    db.selectFrom('moderation_actions').select(['kind', n]).where('created_on', '>=', from).where('created_on', '<', to).groupBy('kind').execute(),
    db.selectFrom('moderation_appeals').select(n).where('filed_on', '>=', from).where('filed_on', '<', to).executeTakeFirstOrThrow(),
    db.selectFrom('moderation_appeals').select(['state', n]).where('decided_on', '>=', from).where('decided_on', '<', to).groupBy('state').execute(),
  ]);
  const byKind = Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as Record<ModerationActionKind, number>;
  for (const a of actions) byKind[a.kind] = a.n;
  return {
    reports_received: reports.n,
    actions: byKind,
    appeals_filed: filed.n,
    appeals_upheld: decided.find((d) => d.state === 'upheld')?.n ?? 0,
    appeals_reversed: decided.find((d) => d.state === 'reversed')?.n ?? 0,
  };
}
