import { sql, type Kysely } from 'kysely';

/**
 * The legal desk's records. The audit log is append-only: a trigger refuses updates and deletes, and the hash
 * chain (src/legal/ledger/hash-chain.ts) makes any edit made around the trigger detectable by
 * `publius legal verify-log`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table legal_cases (
      id bigserial primary key,
      reference text not null,
      kind text not null,
      process text not null,
      received_at timestamptz not null,
      document jsonb not null,
      problems jsonb not null default '[]',
      document_sha256 text,
      created_at timestamptz not null default now()
    );

    create table legal_events (
      seq integer primary key,
      case_id bigint references legal_cases(id),
      type text not null,
      payload jsonb not null,
      actor text,
      at timestamptz not null,
      prev_hash text not null,
      hash text not null unique
    );
    create index legal_events_case on legal_events (case_id, seq);

    create function legal_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the legal audit log is append-only';
    end $$;
    create trigger legal_events_no_update before update or delete on legal_events
      for each row execute function legal_events_append_only();

    create table canary_statements (
      id bigserial primary key,
      statement text not null,
      issued_on date not null,
      expires_on date not null,
      signature text not null,
      public_key text not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists canary_statements, legal_events, legal_cases cascade;
    drop function if exists legal_events_append_only();
  `.execute(db);
}
