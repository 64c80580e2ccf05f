import { sql, type Kysely } from 'kysely';

/**
 * The core schema. Every table and column here is described in src/privacy/inventory.ts; the inventory test
 * fails on anything that is not. Deliberately absent: email, phone, real name, IP address, user agent,
 * precise last-seen or login times.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create sequence snowflake_seq;

    -- Time-sortable ids for things whose creation time is public anyway (posts, media):
    -- milliseconds since epoch shifted 16 bits, plus a sequence for uniqueness across processes.
    create function snowflake_id() returns bigint language sql volatile as $$
      select (floor(extract(epoch from clock_timestamp()) * 1000)::bigint << 16) | (nextval('snowflake_seq') % 65536)
    $$;

    create table accounts (
      id bigserial primary key,
      handle text not null,
      display_name text not null default '',
      bio text not null default '',
      avatar_media_id bigint,
      header_media_id bigint,
      locked boolean not null default false,
      discoverable boolean not null default true,
      bot boolean not null default false,
      role text not null default 'user' check (role in ('user', 'moderator', 'legal', 'admin')),
      passphrase_hash text not null,
      created_on date not null default current_date,
      last_seen_on date,
      suspended boolean not null default false,
      silenced boolean not null default false,
      followers_count integer not null default 0,
      following_count integer not null default 0,
      statuses_count integer not null default 0,
      last_status_on date,
      search tsvector generated always as (to_tsvector('simple', handle || ' ' || display_name)) stored
    );
    create unique index accounts_handle_lower on accounts (lower(handle));
    create index accounts_search on accounts using gin (search);

    create table recovery_codes (
      id bigserial primary key,
      account_id bigint not null references accounts(id) on delete cascade,
      code_hash text not null
    );
    create index recovery_codes_account on recovery_codes (account_id);

    -- Who used an invite is deliberately not recorded: an invitation tree links people.
    create table invites (
      id bigserial primary key,
      code_hash text not null unique,
      created_by bigint references accounts(id) on delete set null,
      created_on date not null default current_date,
      expires_on date,
      used boolean not null default false
    );

    create table oauth_apps (
      id bigserial primary key,
      client_id text not null unique,
      client_secret_hash text not null,
      name text not null,
      website text,
      redirect_uris text not null,
      scopes text not null,
      created_on date not null default current_date
    );

    create table oauth_codes (
      code_hash text primary key,
      app_id bigint not null references oauth_apps(id) on delete cascade,
      account_id bigint not null references accounts(id) on delete cascade,
      redirect_uri text not null,
      scopes text not null,
      code_challenge text,
      code_challenge_method text,
      expires_at timestamptz not null
    );

    -- Web sessions and OAuth tokens alike. Only hashes are stored; times are kept as dates.
    create table access_tokens (
      id bigserial primary key,
      token_hash text not null unique,
      refresh_hash text unique,
      kind text not null check (kind in ('web', 'oauth')),
      app_id bigint references oauth_apps(id) on delete cascade,
      account_id bigint references accounts(id) on delete cascade,
      scopes text not null,
      created_on date not null default current_date,
      last_used_on date,
      expires_on date not null
    );
    create index access_tokens_account on access_tokens (account_id);

    create table media (
      id bigint primary key default snowflake_id(),
      account_id bigint not null references accounts(id) on delete cascade,
      status_id bigint,
      file_key text not null unique,
      content_type text not null,
      kind text not null default 'image',
      width integer not null,
      height integer not null,
      size_bytes integer not null,
      description text not null default '',
      focus_x real not null default 0,
      focus_y real not null default 0,
      blurhash text
    );
    create index media_account on media (account_id);
    create index media_status on media (status_id);

    create table statuses (
      id bigint primary key default snowflake_id(),
      account_id bigint not null references accounts(id) on delete cascade,
      in_reply_to_id bigint references statuses(id) on delete set null,
      in_reply_to_account_id bigint references accounts(id) on delete set null,
      reblog_of_id bigint references statuses(id) on delete cascade,
      text text not null default '',
      content_html text not null default '',
      spoiler_text text not null default '',
      visibility text not null check (visibility in ('public', 'unlisted', 'private', 'direct')),
      sensitive boolean not null default false,
      language text,
      created_at timestamptz not null default now(),
      edited_at timestamptz,
      replies_count integer not null default 0,
      reblogs_count integer not null default 0,
      favourites_count integer not null default 0,
      search tsvector generated always as (to_tsvector('simple', spoiler_text || ' ' || text)) stored
    );
    create index statuses_account_id on statuses (account_id, id desc);
    create index statuses_public_id on statuses (id desc) where visibility = 'public' and reblog_of_id is null;
    create index statuses_reply on statuses (in_reply_to_id);
    create index statuses_reblog on statuses (reblog_of_id);
    create unique index statuses_one_reblog on statuses (account_id, reblog_of_id) where reblog_of_id is not null;
    create index statuses_search on statuses using gin (search);

    create table status_edits (
      id bigserial primary key,
      status_id bigint not null references statuses(id) on delete cascade,
      text text not null,
      content_html text not null,
      spoiler_text text not null,
      sensitive boolean not null,
      media_ids text not null default '',
      created_at timestamptz not null
    );
    create index status_edits_status on status_edits (status_id);

    create table status_mentions (
      status_id bigint not null references statuses(id) on delete cascade,
      account_id bigint not null references accounts(id) on delete cascade,
      primary key (status_id, account_id)
    );
    create index status_mentions_account on status_mentions (account_id, status_id desc);

    create table tags (
      id bigserial primary key,
      name text not null
    );
    create unique index tags_name_lower on tags (lower(name));

    create table status_tags (
      status_id bigint not null references statuses(id) on delete cascade,
      tag_id bigint not null references tags(id) on delete cascade,
      primary key (tag_id, status_id)
    );
    create index status_tags_status on status_tags (status_id);

    create table idempotency_keys (
      account_id bigint not null references accounts(id) on delete cascade,
      key text not null,
      status_id bigint not null references statuses(id) on delete cascade,
      created_on date not null default current_date,
      primary key (account_id, key)
    );

    -- No follow time is stored: when someone started following is nobody's business.
    create table follows (
      id bigserial primary key,
      follower_id bigint not null references accounts(id) on delete cascade,
      followee_id bigint not null references accounts(id) on delete cascade,
      show_reblogs boolean not null default true,
      notify boolean not null default false,
      unique (follower_id, followee_id)
    );
    create index follows_followee on follows (followee_id, id desc);

    create table follow_requests (
      id bigserial primary key,
      account_id bigint not null references accounts(id) on delete cascade,
      target_account_id bigint not null references accounts(id) on delete cascade,
      unique (account_id, target_account_id)
    );
    create index follow_requests_target on follow_requests (target_account_id, id desc);

    create table blocks (
      id bigserial primary key,
      account_id bigint not null references accounts(id) on delete cascade,
      target_account_id bigint not null references accounts(id) on delete cascade,
      unique (account_id, target_account_id)
    );
    create index blocks_target on blocks (target_account_id);

    create table mutes (
      id bigserial primary key,
      account_id bigint not null references accounts(id) on delete cascade,
      target_account_id bigint not null references accounts(id) on delete cascade,
      hide_notifications boolean not null default true,
      expires_at timestamptz,
      unique (account_id, target_account_id)
    );

    create table favourites (
      id bigserial primary key,
      account_id bigint not null references accounts(id) on delete cascade,
      status_id bigint not null references statuses(id) on delete cascade,
      unique (account_id, status_id)
    );
    create index favourites_status on favourites (status_id);

    create table bookmarks (
      id bigserial primary key,
      account_id bigint not null references accounts(id) on delete cascade,
      status_id bigint not null references statuses(id) on delete cascade,
      unique (account_id, status_id)
    );

    create table notifications (
      id bigint primary key default snowflake_id(),
      account_id bigint not null references accounts(id) on delete cascade,
      from_account_id bigint not null references accounts(id) on delete cascade,
      type text not null check (type in ('mention', 'status', 'reblog', 'follow', 'follow_request', 'favourite', 'poll', 'update', 'admin.sign_up', 'admin.report', 'severed_relationships', 'moderation_warning')),
      status_id bigint references statuses(id) on delete cascade,
      created_at timestamptz not null default now()
    );
    create index notifications_account on notifications (account_id, id desc);

    create table instance_settings (
      key text primary key,
      value text not null
    );

    create table instance_rules (
      id bigserial primary key,
      text text not null,
      hint text not null default '',
      position integer not null default 0
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists instance_rules, instance_settings, notifications, bookmarks, favourites, mutes, blocks,
      follow_requests, follows, idempotency_keys, status_tags, tags, status_mentions, status_edits, statuses,
      media, access_tokens, oauth_codes, oauth_apps, invites, recovery_codes, accounts cascade;
    drop function if exists snowflake_id();
    drop sequence if exists snowflake_seq;
  `.execute(db);
}
