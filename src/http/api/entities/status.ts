import { sql } from 'kysely';
import type { Context } from '../../../context.js';
import type { Status } from '../../../db/schema.js';
import { loadAccounts, toAccountEntity, type AccountEntity } from './account.js';
import { toMediaEntity } from './media.js';

export interface StatusEntity {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  sensitive: boolean;
  spoiler_text: string;
  visibility: string;
  language: string | null;
  uri: string;
  url: string;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  edited_at: string | null;
  favourited?: boolean;
  reblogged?: boolean;
  muted?: boolean;
  bookmarked?: boolean;
  pinned?: boolean;
  content: string;
  text?: string;
  reblog: StatusEntity | null;
  application: null;
  account: AccountEntity;
  media_attachments: ReturnType<typeof toMediaEntity>[];
  mentions: Array<{ id: string; username: string; url: string; acct: string }>;
  tags: Array<{ name: string; url: string }>;
  emojis: unknown[];
  card: null;
  poll: null;
  filtered: unknown[];
}

/**
 * Renders posts as Mastodon Status entities for one viewer, in the order of `ids` (missing ids skipped; a boost
 * whose post is gone is skipped too). A fixed number of queries per call, whatever the number of posts: no
 * per-post round trips. Visibility is the caller's job: pass only ids the viewer may see.
 */
export async function renderStatuses(ctx: Context, viewerId: string | null, ids: string[]): Promise<StatusEntity[]> {
  if (ids.length === 0) return [];
  const { db, config } = ctx;
  // The posts and the posts they boost, in one statement: every statement is a round trip and a slice of the
  // database's CPU, and a timeline read is mostly statements (see BENCHMARKS.md).
  // The wanted ids are gathered into one array first: written as `id in (…) or id in (subquery)`, PostgreSQL
  // plans a sequential scan of every post (162 ms at 10^6 posts, found by the growth benchmark).
  const wanted = sql<string>`any(array(
    select unnest(${ids}::bigint[])
    union select shown.reblog_of_id from statuses shown where shown.id = any(${ids}::bigint[]) and shown.reblog_of_id is not null))`;
  const rows = await db.selectFrom('statuses').selectAll().where('id', '=', wanted).execute() as Status[];
  const all = new Map<string, Status>(rows.map((s) => [s.id, s]));
  const allIds = [...all.keys()];
  if (allIds.length === 0) return [];

  // Lists of ids go in as one array parameter, so each of these is one statement text whatever the page size,
  // and is prepared once (src/db/prepared.ts).
  const [accounts, media, labels] = await Promise.all([
    loadAccounts(db, [...new Set(rows.map((s) => s.account_id))]),
    db.selectFrom('media').selectAll().where('status_id', '=', sql<string>`any(${allIds}::bigint[])`).orderBy('position').orderBy('id').execute(),
    labelsOf(ctx, viewerId, allIds),
  ]);
  const accountById = new Map(accounts.map((a) => [a.id, toAccountEntity(config, a)]));
  const mediaBy = groupBy(media);
  const mentionsBy = groupBy(labels.filter((l) => l.kind === 'mention'));
  const tagsBy = groupBy(labels.filter((l) => l.kind === 'tag'));
  const flagged = (kind: Label['kind']) => new Set(labels.filter((l) => l.kind === kind).map((l) => l.status_id));
  const flags = viewerId ? { favourited: flagged('favourited'), bookmarked: flagged('bookmarked'), reblogged: flagged('reblogged') } : null;

  const render = (s: Status, reblog: StatusEntity | null): StatusEntity | null => {
    const account = accountById.get(s.account_id);
    if (!account) return null;
    return {
      id: s.id,
      created_at: s.created_at.toISOString(),
      in_reply_to_id: s.in_reply_to_id,
      in_reply_to_account_id: s.in_reply_to_account_id,
      sensitive: s.sensitive,
      spoiler_text: s.spoiler_text,
      visibility: s.visibility,
      language: s.language,
      uri: `${config.publicUrl}/users/${account.username}/statuses/${s.id}`,
      url: `${config.publicUrl}/@${account.username}/${s.id}`,
      replies_count: s.replies_count,
      reblogs_count: s.reblogs_count,
      favourites_count: s.favourites_count,
      edited_at: s.edited_at ? s.edited_at.toISOString() : null,
      ...(flags ? {
        favourited: flags.favourited.has(s.id),
        reblogged: flags.reblogged.has(s.id),
        muted: false,
        bookmarked: flags.bookmarked.has(s.id),
        pinned: false,
      } : {}),
      content: s.content_html,
      reblog,
      application: null,
      account,
      media_attachments: (mediaBy.get(s.id) ?? []).map((m) => toMediaEntity(config, m)),
      mentions: (mentionsBy.get(s.id) ?? []).map((m) => ({ id: m.account_id!, username: m.name, acct: m.name, url: `${config.publicUrl}/@${m.name}` })),
      tags: (tagsBy.get(s.id) ?? []).map((t) => ({ name: t.name.toLowerCase(), url: `${config.publicUrl}/tags/${encodeURIComponent(t.name.toLowerCase())}` })),
      emojis: [],
      card: null,
      poll: null,
      filtered: [],
    };
  };

  const out: StatusEntity[] = [];
  for (const id of ids) {
    const s = all.get(id);
    if (!s) continue;
    let reblog: StatusEntity | null = null;
    if (s.reblog_of_id) {
      const original = all.get(s.reblog_of_id);
      reblog = original ? render(original, null) : null;
      if (!reblog) continue;
    }
    const entity = render(s, reblog);
    if (entity) out.push(entity);
  }
  return out;
}

/** Mastodon's StatusEdit entity: one version of an edited post. */
export interface StatusEditEntity {
  content: string;
  spoiler_text: string;
  sensitive: boolean;
  created_at: string;
  account: AccountEntity;
  poll: null;
  media_attachments: ReturnType<typeof toMediaEntity>[];
  emojis: unknown[];
}

/**
 * The versions of a post, oldest first. A post never edited has one version, itself. Attachments removed by
 * an edit are deleted (their author took them off), so older versions list only those still held.
 */
export async function renderHistory(ctx: Context, status: Status): Promise<StatusEditEntity[]> {
  const { db, config } = ctx;
  const [edits, [author]] = await Promise.all([
    db.selectFrom('status_edits').selectAll().where('status_id', '=', status.id).orderBy('id').execute(),
    loadAccounts(db, [status.account_id]),
  ]);
  const account = toAccountEntity(config, author);
  const versions = edits.length ? edits.map((e) => ({ ...e, mediaIds: e.media_ids.split(',').filter(Boolean) }))
    : [{ content_html: status.content_html, spoiler_text: status.spoiler_text, sensitive: status.sensitive, created_at: status.created_at, mediaIds: null }];
  const media = await db.selectFrom('media').selectAll().where('status_id', '=', status.id).orderBy('position').orderBy('id').execute();
  const byId = new Map(media.map((m) => [m.id, m]));
  return versions.map((v) => ({
    content: v.content_html,
    spoiler_text: v.spoiler_text,
    sensitive: v.sensitive,
    created_at: v.created_at.toISOString(),
    account,
    poll: null,
    media_attachments: (v.mediaIds ?? media.map((m) => m.id)).map((id) => byId.get(id)).filter((m) => !!m).map((m) => toMediaEntity(config, m!)),
    emojis: [],
  }));
}

function groupBy<T extends { status_id: string | null }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    if (!r.status_id) continue;
    const list = m.get(r.status_id);
    if (list) list.push(r);
    else m.set(r.status_id, [r]);
  }
  return m;
}
interface Label {
  kind: 'mention' | 'tag' | 'favourited' | 'bookmarked' | 'reblogged';
  status_id: string;
  account_id: string | null;
  name: string;
}

/**
 * In one statement: the accounts each post mentions (by handle) and the hashtags it carries (by name), and which
 * of the posts the viewer favourited, bookmarked or boosted.
 */
async function labelsOf(ctx: Context, viewerId: string | null, ids: string[]): Promise<Label[]> {
  const anyId = sql<string>`any(${ids}::bigint[])`;
  const { rows } = await sql<Label>`
    select 'mention' as kind, m.status_id, a.id as account_id, a.handle as name
      from status_mentions m join accounts a on a.id = m.account_id where m.status_id = ${anyId}
    union all
    select 'tag', t.status_id, null, tags.name from status_tags t join tags on tags.id = t.tag_id where t.status_id = ${anyId}
    ${viewerId ? sql`
    union all
    select 'favourited', status_id, null, '' from favourites where account_id = ${viewerId} and status_id = ${anyId}
    union all
    select 'bookmarked', status_id, null, '' from bookmarks where account_id = ${viewerId} and status_id = ${anyId}
    union all
    select 'reblogged', reblog_of_id, null, '' from statuses where account_id = ${viewerId} and reblog_of_id = ${anyId}` : sql``}
    order by kind, name`.execute(ctx.db);
  return rows;
}
