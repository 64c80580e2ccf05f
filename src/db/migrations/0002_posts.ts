import { sql, type Kysely } from 'kysely';

/**
 * Posts: attachments keep the order their author gave (Mastodon clients show them in that order), and the
 * bookmark and favourite lists, paginated by their own ids per account, get an index each. The visibility rule
 * hides suspended authors' posts: a partial index keeps that check from scanning every account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table media add column position smallint not null default 0;
    create index bookmarks_account on bookmarks (account_id, id desc);
    create index favourites_account on favourites (account_id, id desc);
    create index accounts_suspended on accounts (id) where suspended;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists accounts_suspended;
    drop index if exists favourites_account;
    drop index if exists bookmarks_account;
    alter table media drop column if exists position;
  `.execute(db);
}
