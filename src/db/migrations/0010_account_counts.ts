import { sql, type Kysely } from 'kysely';

/**
 * Hourly samples of each account's public counters, for the insights charts. The counters on accounts are
 * sampled by a periodic chore (insights/sampling.ts) rather than logged on every follow: a follow surge must
 * cost one counter update, not an extra row. A sample holds counts only — never who followed or who read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table account_count_samples (
      account_id bigint not null references accounts(id) on delete cascade,
      at timestamptz not null,
      followers_count integer not null,
      following_count integer not null,
      statuses_count integer not null,
      primary key (account_id, at)
    );
    create index account_count_samples_at on account_count_samples (at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table account_count_samples`.execute(db);
}
