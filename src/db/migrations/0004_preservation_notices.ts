import { sql, type Kysely } from 'kysely';

/**
 * Written by account deletion when the account was under a legal hold (src/privacy/legal-hold.ts): the legal
 * desk must learn that records it had to preserve were deleted. No foreign key: the account is gone by then.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table preservation_notices (
      id bigserial primary key,
      hold_id text not null,
      case_id text,
      account_id bigint not null,
      handle text not null,
      deleted_on date not null default current_date
    );
    create index preservation_notices_hold on preservation_notices (hold_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists preservation_notices`.execute(db);
}
