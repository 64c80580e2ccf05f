import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Account, Status, Visibility } from '../db/schema.js';
import type { Context } from '../context.js';
import { isoDate } from '../clock.js';
import { fail } from '../errors.js';
import { authorChannel, hashtagChannel, PUBLIC_CHANNEL, type StreamMessage } from '../events/channels.js';
import { extractHashtags, extractMentions, MAX_STATUS_CHARS, renderContent, statusLength } from './content.js';
import { findVisible } from './visibility.js';

export const MAX_MEDIA = 4;

export interface PostInput {
  text: string;
  spoilerText?: string;
  visibility?: Visibility;
  sensitive?: boolean;
  language?: string | null;
  inReplyToId?: string | null;
  mediaIds?: string[];
  idempotencyKey?: string | null;
}

/** Posts, boosts, favourites and bookmarks; counters kept exact in the same transaction as the change. */
export class PostService {
  constructor(private readonly ctx: Context) {}

  private get db(): Db { return this.ctx.db; }

  async create(author: Account, input: PostInput): Promise<Status> {
    const text = input.text ?? '';
    const mediaIds = [...new Set(input.mediaIds ?? [])];
    if (!text.trim() && mediaIds.length === 0) fail('VALIDATION', "Validation failed: Text can't be blank");
    if (statusLength(text) + [...(input.spoilerText ?? '')].length > MAX_STATUS_CHARS) fail('VALIDATION', `Validation failed: Text character limit of ${MAX_STATUS_CHARS} exceeded`);
    if (mediaIds.length > MAX_MEDIA) fail('VALIDATION', `Validation failed: You can attach at most ${MAX_MEDIA} files`);

    if (input.idempotencyKey) {
      const prior = await this.db.selectFrom('idempotency_keys').innerJoin('statuses', 'statuses.id', 'idempotency_keys.status_id')
        .selectAll('statuses').where('idempotency_keys.account_id', '=', author.id).where('idempotency_keys.key', '=', input.idempotencyKey)
        .executeTakeFirst();
      if (prior) return prior;
    }

    let parent: Status | undefined;
    if (input.inReplyToId) {
      parent = await findVisible(this.db, author.id, input.inReplyToId);
      if (!parent) fail('NOT_FOUND', 'The post you are replying to does not exist or is not visible to you');
      if (parent.reblog_of_id) fail('VALIDATION', 'Validation failed: You cannot reply to a boost');
    }
    const visibility = input.visibility ?? 'public';
    const mentioned = await this.resolveMentions(text);
    const html = renderContent(text, this.ctx.config.publicUrl, new Map(mentioned.map((a) => [a.handle.toLowerCase(), a.handle])));
    const tags = extractHashtags(text);

    const status = await this.db.transaction().execute(async (trx) => {
      if (mediaIds.length) {
        if (!mediaIds.every((m) => /^\d{1,20}$/.test(m))) fail('VALIDATION', 'Validation failed: Media not found or already attached');
        const owned = await trx.selectFrom('media').select('id').where('id', 'in', mediaIds)
          .where('account_id', '=', author.id).where('status_id', 'is', null).execute();
        if (owned.length !== mediaIds.length) fail('VALIDATION', 'Validation failed: Media not found or already attached');
      }
      const created = await trx.insertInto('statuses').values({
        account_id: author.id, text, content_html: html, spoiler_text: input.spoilerText ?? '', visibility,
        sensitive: input.sensitive ?? !!input.spoilerText, language: input.language ?? null,
        in_reply_to_id: parent?.id ?? null, in_reply_to_account_id: parent?.account_id ?? null,
      }).returningAll().executeTakeFirstOrThrow();
      if (mediaIds.length) await trx.updateTable('media').set({ status_id: created.id }).where('id', 'in', mediaIds).execute();
      await this.linkMentionsAndTags(trx, created.id, mentioned.map((a) => a.id), tags);
      await trx.updateTable('accounts').set((eb) => ({ statuses_count: eb('statuses_count', '+', 1), last_status_on: isoDate(this.ctx.clock.now()) }))
        .where('id', '=', author.id).execute();
      if (parent) await trx.updateTable('statuses').set((eb) => ({ replies_count: eb('replies_count', '+', 1) })).where('id', '=', parent.id).execute();
      if (input.idempotencyKey) {
        await trx.insertInto('idempotency_keys').values({ account_id: author.id, key: input.idempotencyKey.slice(0, 200), status_id: created.id, created_on: isoDate(this.ctx.clock.now()) }).execute();
      }
      const notices: Array<[string, string]> = [];
      for (const a of mentioned) {
        const n = await this.ctx.notifications.notify({ accountId: a.id, fromAccountId: author.id, type: 'mention', statusId: created.id }, trx);
        if (n) notices.push([a.id, n]);
      }
      return { created, notices };
    });
    await this.announce(status.created, tags, 'status');
    for (const [to, id] of status.notices) await this.ctx.notifications.announce(to, id);
    return status.created;
  }

  async edit(author: Account, statusId: string, input: { text: string; spoilerText?: string; sensitive?: boolean; mediaIds?: string[]; language?: string | null }): Promise<Status> {
    const current = await this.ownStatus(author, statusId);
    if (current.reblog_of_id) fail('VALIDATION', 'Validation failed: A boost cannot be edited');
    const text = input.text ?? '';
    if (statusLength(text) + [...(input.spoilerText ?? '')].length > MAX_STATUS_CHARS) fail('VALIDATION', `Validation failed: Text character limit of ${MAX_STATUS_CHARS} exceeded`);
    const mentioned = await this.resolveMentions(text);
    const html = renderContent(text, this.ctx.config.publicUrl, new Map(mentioned.map((a) => [a.handle.toLowerCase(), a.handle])));
    const tags = extractHashtags(text);
    const mediaIds = input.mediaIds ? [...new Set(input.mediaIds)] : undefined;
    if (mediaIds && mediaIds.length > MAX_MEDIA) fail('VALIDATION', `Validation failed: You can attach at most ${MAX_MEDIA} files`);
    if (!text.trim() && !(mediaIds?.length)) {
      const hasMedia = await this.db.selectFrom('media').select('id').where('status_id', '=', current.id).executeTakeFirst();
      if (!hasMedia || mediaIds) fail('VALIDATION', "Validation failed: Text can't be blank");
    }
    const updated = await this.db.transaction().execute(async (trx) => {
      const oldMedia = await trx.selectFrom('media').select('id').where('status_id', '=', current.id).orderBy('id').execute();
      const edits = await trx.selectFrom('status_edits').select('id').where('status_id', '=', current.id).executeTakeFirst();
      if (!edits) {
        // The first edit also records the original, so the history starts where the post did.
        await trx.insertInto('status_edits').values({
          status_id: current.id, text: current.text, content_html: current.content_html, spoiler_text: current.spoiler_text,
          sensitive: current.sensitive, media_ids: oldMedia.map((m) => m.id).join(','), created_at: current.created_at,
        }).execute();
      }
      if (mediaIds) {
        const ok = await trx.selectFrom('media').select('id').where('id', 'in', mediaIds.length ? mediaIds.filter((m) => /^\d{1,20}$/.test(m)) : ['0'])
          .where('account_id', '=', author.id).where((eb) => eb.or([eb('status_id', 'is', null), eb('status_id', '=', current.id)])).execute();
        if (ok.length !== mediaIds.length) fail('VALIDATION', 'Validation failed: Media not found or already attached');
        await trx.updateTable('media').set({ status_id: null }).where('status_id', '=', current.id).execute();
        if (mediaIds.length) await trx.updateTable('media').set({ status_id: current.id }).where('id', 'in', mediaIds).execute();
      }
      const now = this.ctx.clock.now();
      const row = await trx.updateTable('statuses').set({
        text, content_html: html, spoiler_text: input.spoilerText ?? '', sensitive: input.sensitive ?? !!input.spoilerText,
        language: input.language ?? current.language, edited_at: now,
      }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      const media = mediaIds ?? oldMedia.map((m) => m.id);
      await trx.insertInto('status_edits').values({
        status_id: current.id, text, content_html: html, spoiler_text: row.spoiler_text, sensitive: row.sensitive,
        media_ids: media.join(','), created_at: now,
      }).execute();
      await trx.deleteFrom('status_mentions').where('status_id', '=', current.id).execute();
      await trx.deleteFrom('status_tags').where('status_id', '=', current.id).execute();
      await this.linkMentionsAndTags(trx, current.id, mentioned.map((a) => a.id), tags);
      return row;
    });
    await this.announce(updated, tags, 'status.update');
    return updated;
  }

  /** Deletes an own post (and its boosts); returns the deleted row and the keys of its media files. */
  async delete(author: Account, statusId: string): Promise<{ status: Status; mediaKeys: string[] }> {
    const current = await this.ownStatus(author, statusId);
    const result = await this.db.transaction().execute(async (trx) => {
      const media = await trx.selectFrom('media').select(['id', 'file_key']).where('status_id', '=', current.id).execute();
      if (media.length) await trx.deleteFrom('media').where('status_id', '=', current.id).execute();
      // Boosts of this post disappear with it: fix their authors' post counts.
      const boosts = await trx.deleteFrom('statuses').where('reblog_of_id', '=', current.id).returning('account_id').execute();
      for (const b of boosts) await trx.updateTable('accounts').set((eb) => ({ statuses_count: eb('statuses_count', '-', 1) })).where('id', '=', b.account_id).execute();
      await trx.deleteFrom('statuses').where('id', '=', current.id).execute();
      await trx.updateTable('accounts').set((eb) => ({ statuses_count: sql`greatest(${eb.ref('statuses_count')} - 1, 0)` })).where('id', '=', author.id).execute();
      if (current.in_reply_to_id) {
        await trx.updateTable('statuses').set((eb) => ({ replies_count: sql`greatest(${eb.ref('replies_count')} - 1, 0)` })).where('id', '=', current.in_reply_to_id).execute();
      }
      if (current.reblog_of_id) {
        await trx.updateTable('statuses').set((eb) => ({ reblogs_count: sql`greatest(${eb.ref('reblogs_count')} - 1, 0)` })).where('id', '=', current.reblog_of_id).execute();
      }
      return media.map((m) => m.file_key);
    });
    await this.publish(current, { kind: 'delete', id: current.id }, []);
    return { status: current, mediaKeys: result };
  }

  async favourite(account: Account, statusId: string, on: boolean): Promise<Status> {
    const target = await this.visible(account, statusId);
    const note = await this.db.transaction().execute(async (trx) => {
      if (on) {
        const ins = await trx.insertInto('favourites').values({ account_id: account.id, status_id: target.id })
          .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing()).returning('id').executeTakeFirst();
        if (!ins) return null;
        await trx.updateTable('statuses').set((eb) => ({ favourites_count: eb('favourites_count', '+', 1) })).where('id', '=', target.id).execute();
        return this.ctx.notifications.notify({ accountId: target.account_id, fromAccountId: account.id, type: 'favourite', statusId: target.id }, trx);
      }
      const del = await trx.deleteFrom('favourites').where('account_id', '=', account.id).where('status_id', '=', target.id).executeTakeFirst();
      if (Number(del.numDeletedRows) > 0) {
        await trx.updateTable('statuses').set((eb) => ({ favourites_count: sql`greatest(${eb.ref('favourites_count')} - 1, 0)` })).where('id', '=', target.id).execute();
      }
      return null;
    });
    if (note) await this.ctx.notifications.announce(target.account_id, note);
    return target;
  }

  async bookmark(account: Account, statusId: string, on: boolean): Promise<Status> {
    const target = await this.visible(account, statusId);
    if (on) {
      await this.db.insertInto('bookmarks').values({ account_id: account.id, status_id: target.id })
        .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing()).execute();
    } else {
      await this.db.deleteFrom('bookmarks').where('account_id', '=', account.id).where('status_id', '=', target.id).execute();
    }
    return target;
  }

  /** Boosts a post; returns the boost row (existing one when already boosted). */
  async reblog(account: Account, statusId: string): Promise<Status> {
    let target = await this.visible(account, statusId);
    if (target.reblog_of_id) target = await this.visible(account, target.reblog_of_id);
    if (target.visibility === 'private' || target.visibility === 'direct') fail('FORBIDDEN', 'This post cannot be boosted');
    const existing = await this.db.selectFrom('statuses').selectAll().where('account_id', '=', account.id).where('reblog_of_id', '=', target.id).executeTakeFirst();
    if (existing) return existing;
    const { boost, note } = await this.db.transaction().execute(async (trx) => {
      const boost = await trx.insertInto('statuses').values({ account_id: account.id, reblog_of_id: target.id, visibility: target.visibility })
        .returningAll().executeTakeFirstOrThrow();
      await trx.updateTable('statuses').set((eb) => ({ reblogs_count: eb('reblogs_count', '+', 1) })).where('id', '=', target.id).execute();
      await trx.updateTable('accounts').set((eb) => ({ statuses_count: eb('statuses_count', '+', 1) })).where('id', '=', account.id).execute();
      const note = await this.ctx.notifications.notify({ accountId: target.account_id, fromAccountId: account.id, type: 'reblog', statusId: target.id }, trx);
      return { boost, note };
    });
    await this.publish(boost, { kind: 'status', id: boost.id }, []);
    if (note) await this.ctx.notifications.announce(target.account_id, note);
    return boost;
  }

  async unreblog(account: Account, statusId: string): Promise<Status> {
    const target = await this.visible(account, statusId);
    const boost = await this.db.selectFrom('statuses').selectAll().where('account_id', '=', account.id).where('reblog_of_id', '=', target.id).executeTakeFirst();
    if (boost) await this.delete(account, boost.id);
    return (await this.db.selectFrom('statuses').selectAll().where('id', '=', target.id).executeTakeFirst()) ?? target;
  }

  async visible(viewer: Account | null, statusId: string): Promise<Status> {
    const s = await findVisible(this.db, viewer?.id ?? null, statusId);
    if (!s) fail('NOT_FOUND');
    return s;
  }

  private async ownStatus(author: Account, statusId: string): Promise<Status> {
    const s = await findVisible(this.db, author.id, statusId);
    if (!s) fail('NOT_FOUND');
    // As Mastodon: another account's post is simply not found among one's own.
    if (s.account_id !== author.id) fail('NOT_FOUND');
    return s;
  }

  private async resolveMentions(text: string): Promise<Array<{ id: string; handle: string }>> {
    const handles = extractMentions(text);
    if (!handles.length) return [];
    return this.db.selectFrom('accounts').select(['id', 'handle']).where(sql`lower(handle)`, 'in', handles).where('suspended', '=', false).execute();
  }

  private async linkMentionsAndTags(trx: Db, statusId: string, accountIds: string[], tags: string[]): Promise<void> {
    if (accountIds.length) await trx.insertInto('status_mentions').values(accountIds.map((account_id) => ({ status_id: statusId, account_id }))).onConflict((oc) => oc.doNothing()).execute();
    for (const name of tags) {
      await trx.insertInto('tags').values({ name }).onConflict((oc) => oc.expression(sql`lower(name)`).doNothing()).execute();
      const tag = await trx.selectFrom('tags').select('id').where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirstOrThrow();
      await trx.insertInto('status_tags').values({ status_id: statusId, tag_id: tag.id }).onConflict((oc) => oc.doNothing()).execute();
    }
  }

  private async announce(status: Status, tags: string[], kind: 'status' | 'status.update'): Promise<void> {
    await this.publish(status, { kind, id: status.id }, tags);
  }

  /** One publish per channel, however many followers (docs/adr/0001). */
  private async publish(status: Status, message: StreamMessage, tags: string[]): Promise<void> {
    const payload = JSON.stringify(message);
    await this.ctx.bus.publish(authorChannel(status.account_id), payload);
    if (status.visibility === 'public' && !status.reblog_of_id) {
      await this.ctx.bus.publish(PUBLIC_CHANNEL, payload);
      for (const t of tags) await this.ctx.bus.publish(hashtagChannel(t), payload);
    }
  }
}
