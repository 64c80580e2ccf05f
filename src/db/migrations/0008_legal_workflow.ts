import { sql, type Kysely } from 'kysely';

/**
 * The legal desk's working records: case state and decisions, requester (agency) accounts and their uploaded
 * documents, deadlines, notices to account holders, preservation holds with their snapshots, and the outcome
 * of removal demands. Every change to these is also written to the hash-chained audit log (legal_events).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table legal_requesters (
      id bigserial primary key,
      name text not null,
      authority text not null,
      country text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );

    alter table legal_cases
      alter column kind drop not null,
      alter column process drop not null,
      add column state text not null default 'received',
      add column valid boolean not null default true,
      add column country text,
      add column targets text[] not null default '{}',
      add column requester_id bigint references legal_requesters(id),
      add column assessment jsonb,
      add column decision jsonb,
      add column respond_by timestamptz,
      add column closed_at timestamptz,
      add column updated_at timestamptz not null default now();
    create index legal_cases_state on legal_cases (state, received_at);
    create index legal_cases_received on legal_cases (received_at);

    create table legal_documents (
      id bigserial primary key,
      case_id bigint not null references legal_cases(id),
      filename text not null,
      media_type text not null,
      size_bytes integer not null,
      sha256 text not null,
      content bytea not null,
      uploaded_at timestamptz not null
    );
    create index legal_documents_case on legal_documents (case_id);

    create table legal_deadlines (
      id bigserial primary key,
      case_id bigint not null references legal_cases(id),
      kind text not null,
      due_at timestamptz not null,
      reminded_at timestamptz,
      done_at timestamptz,
      unique (case_id, kind)
    );
    create index legal_deadlines_due on legal_deadlines (due_at) where done_at is null;

    create table legal_notices (
      id bigserial primary key,
      case_id bigint not null references legal_cases(id),
      account_id bigint not null references accounts(id) on delete cascade,
      state text not null,
      deliver_at timestamptz,
      delivered_at timestamptz,
      read_at timestamptz,
      body jsonb not null,
      unique (case_id, account_id)
    );
    create index legal_notices_account on legal_notices (account_id) where state = 'delivered';
    create index legal_notices_due on legal_notices (deliver_at) where state = 'scheduled';

    create table legal_holds (
      id bigserial primary key,
      case_id bigint not null references legal_cases(id),
      account_id bigint references accounts(id) on delete set null,
      handle text not null,
      starts_at timestamptz not null,
      expires_at timestamptz not null,
      renewals integer not null default 0,
      released_at timestamptz,
      purged_at timestamptz
    );
    create index legal_holds_account on legal_holds (account_id) where purged_at is null;

    create table legal_snapshots (
      id bigserial primary key,
      hold_id bigint not null references legal_holds(id),
      taken_at timestamptz not null,
      data jsonb,
      sha256 text not null,
      purged_at timestamptz
    );
    create index legal_snapshots_hold on legal_snapshots (hold_id);

    create table legal_removals (
      id bigserial primary key,
      case_id bigint not null references legal_cases(id),
      status_id bigint,
      item text not null,
      outcome text not null,
      countries text[] not null default '{}',
      decided_at timestamptz not null
    );
    create index legal_removals_case on legal_removals (case_id);
    create index legal_removals_status on legal_removals (status_id) where status_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists legal_removals, legal_snapshots, legal_holds, legal_notices, legal_deadlines, legal_documents cascade;
    alter table legal_cases drop column if exists state, drop column if exists valid, drop column if exists country,
      drop column if exists targets, drop column if exists requester_id, drop column if exists assessment,
      drop column if exists decision, drop column if exists respond_by, drop column if exists closed_at,
      drop column if exists updated_at;
    drop table if exists legal_requesters cascade;
  `.execute(db);
}
