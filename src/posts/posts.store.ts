import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Status, Visibility } from '../db/schema.js';

/**
 * The only SQL that writes posts and what hangs off them (mentions, tags, edits, favourites, bookmarks,
 * idempotency keys, the counters on posts and accounts, and the `media.status_id` link). Every function takes
 * the caller's transaction; the rules (who may, what counts) are in posts.service.ts.
 */

/** What a post adds to its author's public post count: direct messages are not counted (as in Mastodon). */
export function countsOnProfile(visibility: Visibility): boolean {
  return visibility !== 'direct';
}

/** Which replies a post's replies_count shows: only those anyone may see, so it reveals no private replies. */
export function countsAsReply(visibility: Visibility): boolean {
  return visibility === 'public' || visibility === 'unlisted';
}

export interface NewStatus {
  account_id: string;
  text: string;
  content_html: string;
  spoiler_text: string;
  visibility: Visibility;
  sensitive: boolean;
  language: string | null;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
}

export async function insertStatus(trx: Db, values: NewStatus): Promise<Status> {
  return trx.insertInto('statuses').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A boost row; undefined when the account has already boosted the post (one boost per account and post). */
export async function insertBoost(trx: Db, accountId: string, original: Status): Promise<Status | undefined> {
  return trx.insertInto('statuses')
    .values({ account_id: accountId, reblog_of_id: original.id, visibility: original.visibility })
    .onConflict((oc) => oc.columns(['account_id', 'reblog_of_id']).where('reblog_of_id', 'is not', null).doNothing())
    .returningAll().executeTakeFirst();
}

/**
 * Links uploads to a post. Only the author's own uploads that are not on another post are taken; the caller
 * compares the count with what it asked for. The update itself is the check, so two posts racing for one
 * upload cannot both get it. Attachments keep the order of `mediaIds`.
 */
export async function attachMedia(trx: Db, accountId: string, statusId: string, mediaIds: string[]): Promise<number> {
  if (mediaIds.length === 0) return 0;
  const position = sql<number>`case ${sql.join(mediaIds.map((id, i) => sql`when media.id = ${id} then ${i}::smallint`), sql` `)} else 0 end`;
  const rows = await trx.updateTable('media').set({ status_id: statusId, position })
    .where('id', 'in', mediaIds).where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('status_id', 'is', null), eb('status_id', '=', statusId)]))
    // A profile picture or header is not an upload waiting for a post.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('accounts').select('accounts.id')
      .where((e) => e.or([e('accounts.avatar_media_id', '=', eb.ref('media.id')), e('accounts.header_media_id', '=', eb.ref('media.id'))])))))
    .returning('id').execute();
  return rows.length;
}

/** Removes a post's uploads that are no longer wanted; returns their file keys (files go after commit). */
export async function deleteMedia(trx: Db, statusId: string, keepIds: string[] = []): Promise<string[]> {
  let q = trx.deleteFrom('media').where('status_id', '=', statusId);
  if (keepIds.length) q = q.where('id', 'not in', keepIds);
  return (await q.returning('file_key').execute()).map((r) => r.file_key);
}

export async function mediaIdsOf(trx: Db, statusId: string): Promise<string[]> {
  return (await trx.selectFrom('media').select('id').where('status_id', '=', statusId).orderBy('position').orderBy('id').execute()).map((r) => r.id);
}

/** Replaces a post's mentions and hashtags (the tags themselves are created on first use). */
export async function setMentionsAndTags(trx: Db, statusId: string, accountIds: string[], tagNames: string[]): Promise<void> {
  await trx.deleteFrom('status_mentions').where('status_id', '=', statusId).execute();
  await trx.deleteFrom('status_tags').where('status_id', '=', statusId).execute();
  if (accountIds.length) {
    await trx.insertInto('status_mentions').values(accountIds.map((account_id) => ({ status_id: statusId, account_id })))
      .onConflict((oc) => oc.doNothing()).execute();
  }
  if (tagNames.length) {
    await trx.insertInto('tags').values(tagNames.map((name) => ({ name })))
      .onConflict((oc) => oc.expression(sql`lower(name)`).doNothing()).execute();
    const tags = await trx.selectFrom('tags').select('id')
      .where(sql`lower(name)`, 'in', tagNames.map((t) => t.toLowerCase())).execute();
    await trx.insertInto('status_tags').values(tags.map((t) => ({ status_id: statusId, tag_id: t.id })))
      .onConflict((oc) => oc.doNothing()).execute();
  }
}

export async function mentionedAccountIds(db: Db, statusId: string): Promise<string[]> {
  return (await db.selectFrom('status_mentions').select('account_id').where('status_id', '=', statusId).execute()).map((r) => r.account_id);
}

export async function tagNamesOf(db: Db, statusId: string): Promise<string[]> {
  return (await db.selectFrom('status_tags').innerJoin('tags', 'tags.id', 'status_tags.tag_id')
    .select('tags.name').where('status_tags.status_id', '=', statusId).execute()).map((r) => r.name);
}

export interface StatusChanges {
  text: string;
  content_html: string;
  spoiler_text: string;
  sensitive: boolean;
  language: string | null;
  edited_at: Date;
}

export async function updateStatus(trx: Db, statusId: string, changes: StatusChanges): Promise<Status> {
  return trx.updateTable('statuses').set(changes).where('id', '=', statusId).returningAll().executeTakeFirstOrThrow();
}

export interface EditRecord {
  text: string;
  content_html: string;
  spoiler_text: string;
  sensitive: boolean;
  media_ids: string[];
  created_at: Date;
}

export async function hasEdits(trx: Db, statusId: string): Promise<boolean> {
  return !!(await trx.selectFrom('status_edits').select('id').where('status_id', '=', statusId).executeTakeFirst());
}

export async function recordEdit(trx: Db, statusId: string, e: EditRecord): Promise<void> {
  await trx.insertInto('status_edits').values({
    status_id: statusId, text: e.text, content_html: e.content_html, spoiler_text: e.spoiler_text,
    sensitive: e.sensitive, media_ids: e.media_ids.join(','), created_at: e.created_at,
  }).execute();
}

/** Deletes a post (its mentions, tags, edits, favourites, bookmarks and notifications cascade). */
export async function deleteStatus(trx: Db, statusId: string): Promise<boolean> {
  const r = await trx.deleteFrom('statuses').where('id', '=', statusId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Deletes the boosts of a post; returns them so their authors' counts can be fixed. */
export async function deleteBoostsOf(trx: Db, statusId: string): Promise<Status[]> {
  return trx.deleteFrom('statuses').where('reblog_of_id', '=', statusId).returningAll().execute();
}

export async function findBoost(db: Db, accountId: string, originalId: string): Promise<Status | undefined> {
  return db.selectFrom('statuses').selectAll().where('account_id', '=', accountId).where('reblog_of_id', '=', originalId).executeTakeFirst();
}

type Counter = 'replies_count' | 'reblogs_count' | 'favourites_count';

/** Adds `delta` to a post's counter, never below zero. */
export async function bumpStatusCounter(trx: Db, statusId: string, counter: Counter, delta: number): Promise<void> {
  const value = sql<number>`greatest(${sql.ref(counter)} + ${delta}::int, 0)`;
  await trx.updateTable('statuses').set({ [counter]: value } as Partial<Record<Counter, typeof value>>)
    .where('id', '=', statusId).execute();
}

/** Adds `delta` to accounts' post counts (one row per occurrence), never below zero; optionally sets last_status_on. */
export async function bumpStatusesCount(trx: Db, accountIds: string[], delta: number, lastStatusOn?: string): Promise<void> {
  const perAccount = new Map<string, number>();
  for (const id of accountIds) perAccount.set(id, (perAccount.get(id) ?? 0) + delta);
  for (const [id, d] of perAccount) {
    await trx.updateTable('accounts').set((eb) => ({
      statuses_count: sql<number>`greatest(${eb.ref('statuses_count')} + ${d}::int, 0)`,
      ...(lastStatusOn ? { last_status_on: lastStatusOn } : {}),
    })).where('id', '=', id).execute();
  }
}

/** True when the favourite is new. */
export async function addFavourite(trx: Db, accountId: string, statusId: string): Promise<boolean> {
  const row = await trx.insertInto('favourites').values({ account_id: accountId, status_id: statusId })
    .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing()).returning('id').executeTakeFirst();
  return !!row;
}

/** True when there was a favourite to remove. */
export async function removeFavourite(trx: Db, accountId: string, statusId: string): Promise<boolean> {
  const r = await trx.deleteFrom('favourites').where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function addBookmark(db: Db, accountId: string, statusId: string): Promise<void> {
  await db.insertInto('bookmarks').values({ account_id: accountId, status_id: statusId })
    .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing()).execute();
}

export async function removeBookmark(db: Db, accountId: string, statusId: string): Promise<void> {
  await db.deleteFrom('bookmarks').where('account_id', '=', accountId).where('status_id', '=', statusId).execute();
}

/** The post an idempotency key produced, if the key was used since `sinceDate` ('YYYY-MM-DD'). */
export async function findByIdempotencyKey(db: Db, accountId: string, key: string, sinceDate: string): Promise<Status | undefined> {
  return db.selectFrom('idempotency_keys').innerJoin('statuses', 'statuses.id', 'idempotency_keys.status_id')
    .selectAll('statuses')
    .where('idempotency_keys.account_id', '=', accountId).where('idempotency_keys.key', '=', key)
    .where('idempotency_keys.created_on', '>=', sinceDate)
    .executeTakeFirst();
}

/**
 * Records the key for a new post; false when the key is already taken (a concurrent request with the same key
 * won), or an expired use of it is still stored — then that old row is replaced.
 */
export async function rememberIdempotencyKey(trx: Db, accountId: string, key: string, statusId: string, today: string, sinceDate: string): Promise<boolean> {
  await trx.deleteFrom('idempotency_keys').where('account_id', '=', accountId).where('key', '=', key)
    .where('created_on', '<', sinceDate).execute();
  const row = await trx.insertInto('idempotency_keys').values({ account_id: accountId, key, status_id: statusId, created_on: today })
    .onConflict((oc) => oc.columns(['account_id', 'key']).doNothing()).returning('key').executeTakeFirst();
  return !!row;
}

/** The accounts among `ids` that `authorId` blocks (they get no notification, and cannot see the post). */
export async function blockedBy(db: Db, authorId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('blocks').select('target_account_id')
    .where('account_id', '=', authorId).where('target_account_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.target_account_id));
}
