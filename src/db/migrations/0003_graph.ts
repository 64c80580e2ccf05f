import { sql, type Kysely } from 'kysely';

/**
 * Follow requests keep the options the requester chose (reblogs, notify) so authorising one creates the same
 * follow a direct follow would. Indexes for the graph's read paths and for deleting an account without scanning
 * every notification or mute that mentions it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table follow_requests
      add column show_reblogs boolean not null default true,
      add column notify boolean not null default false;
    create index follows_follower on follows (follower_id, id desc);
    create index mutes_target on mutes (target_account_id);
    create index mutes_expiry on mutes (expires_at) where expires_at is not null;
    create index notifications_from on notifications (from_account_id);
    create index notifications_age on notifications (created_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists notifications_age;
    drop index if exists notifications_from;
    drop index if exists mutes_expiry;
    drop index if exists mutes_target;
    drop index if exists follows_follower;
    alter table follow_requests drop column if exists notify, drop column if exists show_reblogs;
  `.execute(db);
}
