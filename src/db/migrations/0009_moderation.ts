import { sql, type Kysely } from 'kysely';

/**
 * Moderation: reports filed by users, the actions moderators take (each with a reason the affected account
 * sees), and the one appeal each action allows. Dates are days, not instants: the transparency report only
 * needs the day, and a coarser record says less about when someone was using the service.
 *
 * The reporter is kept (set to null when that account is deleted) so moderators can see repeated or abusive
 * reporting; the reported account is never shown who reported it (src/moderation/moderation.service.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table moderation_reports (
      id bigserial primary key,
      reporter_id bigint references accounts(id) on delete set null,
      target_account_id bigint not null references accounts(id) on delete cascade,
      category text not null check (category in ('spam', 'legal', 'violation', 'other')),
      comment text not null default '',
      rule_ids bigint[] not null default '{}',
      state text not null default 'open' check (state in ('open', 'resolved')),
      created_on date not null,
      resolved_on date
    );
    create index moderation_reports_open on moderation_reports (id) where state = 'open';
    create index moderation_reports_target on moderation_reports (target_account_id);
    create index moderation_reports_reporter on moderation_reports (reporter_id);

    create table moderation_report_statuses (
      report_id bigint not null references moderation_reports(id) on delete cascade,
      status_id bigint not null references statuses(id) on delete cascade,
      primary key (report_id, status_id)
    );
    create index moderation_report_statuses_status on moderation_report_statuses (status_id);

    create table moderation_actions (
      id bigserial primary key,
      account_id bigint not null references accounts(id) on delete cascade,
      moderator_id bigint references accounts(id) on delete set null,
      report_id bigint references moderation_reports(id) on delete set null,
      kind text not null check (kind in ('remove_post', 'mark_sensitive', 'unmark_sensitive', 'silence', 'unsilence', 'suspend', 'unsuspend', 'dismiss')),
      status_id bigint,
      status_created_on date,
      reason text not null,
      created_on date not null
    );
    create index moderation_actions_account on moderation_actions (account_id);
    create index moderation_actions_created on moderation_actions (created_on);

    create table moderation_appeals (
      id bigserial primary key,
      action_id bigint not null unique references moderation_actions(id) on delete cascade,
      -- The appellant (the action's account), kept here too so the appeal is part of what they can export.
      account_id bigint not null references accounts(id) on delete cascade,
      text text not null,
      state text not null default 'pending' check (state in ('pending', 'upheld', 'reversed')),
      decision_reason text,
      decided_by bigint references accounts(id) on delete set null,
      filed_on date not null,
      decided_on date
    );
    create index moderation_appeals_pending on moderation_appeals (id) where state = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists moderation_appeals, moderation_actions, moderation_report_statuses, moderation_reports`.execute(db);
}
