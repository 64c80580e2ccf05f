import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Account, Status, Visibility } from '../db/schema.js';
import type { Context } from '../context.js';
import { addDays, isoDate } from '../clock.js';
import { fail } from '../errors.js';
import { isRowId } from '../http/ids.js';
import { authorChannel, hashtagChannel, PUBLIC_CHANNEL, type StreamMessage } from '../events/channels.js';
import { extractHashtags, extractMentions, MAX_STATUS_CHARS, renderContent, statusLength } from './content.js';
import { canSee, findVisible } from './visibility.js';
import * as store from './posts.store.js';

/** Mastodon's limit of attachments per post. */
export const MAX_MEDIA = 4;
/** How long an Idempotency-Key returns the post it made (keys are stored with a date only, so: today and yesterday). */
const IDEMPOTENCY_DAYS = 1;

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

export interface EditInput {
  text: string;
  spoilerText?: string;
  sensitive?: boolean;
  language?: string | null;
  /** The complete new list of attachments; undefined keeps the current ones. */
  mediaIds?: string[];
}

/** Notifications made inside a transaction, announced once it has committed. */
type Notices = Array<{ to: string; id: string }>;

/** Thrown inside a transaction to roll back a post whose Idempotency-Key a concurrent request took first. */
class IdempotencyRace extends Error {}

/**
 * Posts, boosts, favourites and bookmarks. Counters (replies, boosts, favourites, an author's post count) are
 * changed in the same transaction as the row they count, so they stay exact. Events and notifications are
 * announced only after the commit, and carry ids only.
 */
export class PostService {
  constructor(private readonly ctx: Context) {}

  private get db(): Db { return this.ctx.db; }

  async create(author: Account, input: PostInput): Promise<Status> {
    const text = input.text ?? '';
    const spoilerText = input.spoilerText ?? '';
    const mediaIds = [...new Set(input.mediaIds ?? [])];
    if (!text.trim() && mediaIds.length === 0) fail('VALIDATION', "Validation failed: Text can't be blank");
    this.checkLength(text, spoilerText);
    this.checkMediaIds(mediaIds);

    const key = input.idempotencyKey ? idempotencyKey(input.idempotencyKey) : null;
    const keySince = isoDate(addDays(this.ctx.clock.now(), -IDEMPOTENCY_DAYS));
    if (key) {
      const prior = await store.findByIdempotencyKey(this.db, author.id, key, keySince);
      if (prior) return prior;
    }

    let parent: Status | undefined;
    if (input.inReplyToId) {
      parent = await this.visibleOriginal(author, input.inReplyToId, 'The post you are trying to reply to does not exist or is not visible to you');
    }
    const visibility = input.visibility ?? 'public';
    const mentioned = await this.resolveMentions(text);
    const html = this.render(text, mentioned);
    const tags = extractHashtags(text);
    const today = isoDate(this.ctx.clock.now());

    let result: { created: Status; notices: Notices };
    try {
      result = await this.db.transaction().execute(async (trx) => {
        const created = await store.insertStatus(trx, {
          account_id: author.id, text, content_html: html, spoiler_text: spoilerText, visibility,
          sensitive: (input.sensitive ?? false) || !!spoilerText, language: input.language ?? null,
          in_reply_to_id: parent?.id ?? null, in_reply_to_account_id: parent?.account_id ?? null,
        });
        if ((await store.attachMedia(trx, author.id, created.id, mediaIds)) !== mediaIds.length) {
          fail('VALIDATION', 'Validation failed: Media not found, not yours, or already attached to a post');
        }
        await store.setMentionsAndTags(trx, created.id, mentioned.map((a) => a.id), tags);
        if (store.countsOnProfile(visibility)) await store.bumpStatusesCount(trx, [author.id], 1, today);
        if (parent && store.countsAsReply(visibility)) await store.bumpStatusCounter(trx, parent.id, 'replies_count', 1);
        if (key && !(await store.rememberIdempotencyKey(trx, author.id, key, created.id, today, keySince))) throw new IdempotencyRace();

        const notices = await this.notifyMentions(trx, author, created, mentioned.map((a) => a.id));
        // A reply tells the author of the post replied to, when they are not mentioned already and may see it.
        if (parent && parent.account_id !== author.id && !mentioned.some((a) => a.id === parent!.account_id)
          && await canSee(trx, parent.account_id, created.id)) {
          const id = await this.ctx.notifications.notify({ accountId: parent.account_id, fromAccountId: author.id, type: 'mention', statusId: created.id }, trx);
          if (id) notices.push({ to: parent.account_id, id });
        }
        return { created, notices };
      });
    } catch (err) {
      if (!(err instanceof IdempotencyRace) || !key) throw err;
      const prior = await store.findByIdempotencyKey(this.db, author.id, key, keySince);
      if (!prior) throw err;
      return prior;
    }
    await this.publish(result.created, { kind: 'status', id: result.created.id }, tags);
    await this.announce(result.notices);
    return result.created;
  }

  /** Edits an own post: text, content warning, sensitivity, language and attachments. Visibility cannot change. */
  async edit(author: Account, statusId: string, input: EditInput): Promise<Status> {
    const current = await this.own(author, statusId);
    if (current.reblog_of_id) fail('VALIDATION', 'Validation failed: A boost cannot be edited');
    const text = input.text ?? '';
    const spoilerText = input.spoilerText ?? '';
    this.checkLength(text, spoilerText);
    const mediaIds = input.mediaIds ? [...new Set(input.mediaIds)] : undefined;
    if (mediaIds) this.checkMediaIds(mediaIds);
    const mentioned = await this.resolveMentions(text);
    const html = this.render(text, mentioned);
    const tags = extractHashtags(text);

    const { updated, removedFiles, notices } = await this.db.transaction().execute(async (trx) => {
      const oldMedia = await store.mediaIdsOf(trx, current.id);
      const newMedia = mediaIds ?? oldMedia;
      if (!text.trim() && newMedia.length === 0) fail('VALIDATION', "Validation failed: Text can't be blank");
      if (!(await store.hasEdits(trx, current.id))) {
        // The first edit also records the original, so the history starts where the post did.
        await store.recordEdit(trx, current.id, {
          text: current.text, content_html: current.content_html, spoiler_text: current.spoiler_text,
          sensitive: current.sensitive, media_ids: oldMedia, created_at: current.created_at,
        });
      }
      let removedFiles: string[] = [];
      if (mediaIds) {
        if ((await store.attachMedia(trx, author.id, current.id, mediaIds)) !== mediaIds.length) {
          fail('VALIDATION', 'Validation failed: Media not found, not yours, or already attached to a post');
        }
        // An attachment taken off a post is deleted, not left behind: its author removed it.
        removedFiles = await store.deleteMedia(trx, current.id, mediaIds);
      }
      const now = this.ctx.clock.now();
      const updated = await store.updateStatus(trx, current.id, {
        text, content_html: html, spoiler_text: spoilerText, sensitive: (input.sensitive ?? false) || !!spoilerText,
        language: input.language === undefined ? current.language : input.language, edited_at: now,
      });
      await store.recordEdit(trx, current.id, {
        text, content_html: html, spoiler_text: updated.spoiler_text, sensitive: updated.sensitive, media_ids: newMedia, created_at: now,
      });
      const before = new Set(await store.mentionedAccountIds(trx, current.id));
      await store.setMentionsAndTags(trx, current.id, mentioned.map((a) => a.id), tags);
      const notices = await this.notifyMentions(trx, author, updated, mentioned.map((a) => a.id).filter((id) => !before.has(id)));
      return { updated, removedFiles, notices };
    });
    await this.removeFiles(removedFiles);
    await this.publish(updated, { kind: 'status.update', id: updated.id }, tags);
    await this.announce(notices);
    return updated;
  }

  /** Deletes an own post, its boosts and its attachments; returns the row as it was. */
  async delete(author: Account, statusId: string): Promise<Status> {
    const current = await this.own(author, statusId);
    const tags = await store.tagNamesOf(this.db, current.id);
    const { files, boosts } = await this.db.transaction().execute(async (trx) => {
      const files = await store.deleteMedia(trx, current.id);
      // Boosts disappear with the post (the foreign key would remove them too): fix their authors' counts first.
      const boosts = await store.deleteBoostsOf(trx, current.id);
      await store.bumpStatusesCount(trx, boosts.map((b) => b.account_id), -1);
      if (!(await store.deleteStatus(trx, current.id))) fail('NOT_FOUND'); // deleted meanwhile: roll back, count nothing twice
      if (store.countsOnProfile(current.visibility)) await store.bumpStatusesCount(trx, [author.id], -1);
      if (current.in_reply_to_id && store.countsAsReply(current.visibility)) {
        await store.bumpStatusCounter(trx, current.in_reply_to_id, 'replies_count', -1);
      }
      if (current.reblog_of_id) await store.bumpStatusCounter(trx, current.reblog_of_id, 'reblogs_count', -1);
      return { files, boosts };
    });
    await this.removeFiles(files);
    await this.publish(current, { kind: 'delete', id: current.id }, tags);
    for (const b of boosts) await this.publish(b, { kind: 'delete', id: b.id }, []);
    return current;
  }

  /** Favourites (or un-favourites) a post; a boost's id means the boosted post. Returns that post. */
  async favourite(account: Account, statusId: string, on: boolean): Promise<Status> {
    const target = await this.visibleOriginal(account, statusId);
    const notices = await this.db.transaction().execute(async (trx) => {
      const notices: Notices = [];
      if (on) {
        if (!(await store.addFavourite(trx, account.id, target.id))) return notices;
        await store.bumpStatusCounter(trx, target.id, 'favourites_count', 1);
        const id = await this.ctx.notifications.notify({ accountId: target.account_id, fromAccountId: account.id, type: 'favourite', statusId: target.id }, trx);
        if (id) notices.push({ to: target.account_id, id });
      } else if (await store.removeFavourite(trx, account.id, target.id)) {
        await store.bumpStatusCounter(trx, target.id, 'favourites_count', -1);
      }
      return notices;
    });
    await this.announce(notices);
    return target;
  }

  /** Bookmarks (or un-bookmarks) a post; a boost's id means the boosted post. Returns that post. */
  async bookmark(account: Account, statusId: string, on: boolean): Promise<Status> {
    const target = await this.visibleOriginal(account, statusId);
    if (on) await store.addBookmark(this.db, account.id, target.id);
    else await store.removeBookmark(this.db, account.id, target.id);
    return target;
  }

  /**
   * Boosts a post; returns the boost (the existing one when already boosted). Followers-only and direct posts
   * cannot be boosted: that would show them to people their author did not choose.
   */
  async reblog(account: Account, statusId: string): Promise<Status> {
    const target = await this.visibleOriginal(account, statusId);
    if (target.visibility === 'private' || target.visibility === 'direct') fail('FORBIDDEN', 'This post cannot be boosted');
    const existing = await store.findBoost(this.db, account.id, target.id);
    if (existing) return existing;
    const made = await this.db.transaction().execute(async (trx) => {
      const boost = await store.insertBoost(trx, account.id, target);
      if (!boost) return null; // a concurrent request boosted it first
      await store.bumpStatusCounter(trx, target.id, 'reblogs_count', 1);
      await store.bumpStatusesCount(trx, [account.id], 1, isoDate(this.ctx.clock.now()));
      const id = await this.ctx.notifications.notify({ accountId: target.account_id, fromAccountId: account.id, type: 'reblog', statusId: target.id }, trx);
      return { boost, notices: id ? [{ to: target.account_id, id }] : [] };
    });
    if (!made) return (await store.findBoost(this.db, account.id, target.id))!;
    await this.publish(made.boost, { kind: 'status', id: made.boost.id }, []);
    await this.announce(made.notices);
    return made.boost;
  }

  /** Withdraws the account's boost of a post (nothing happens when there is none); returns the boosted post. */
  async unreblog(account: Account, statusId: string): Promise<Status> {
    const target = await this.visibleOriginal(account, statusId);
    const boost = await store.findBoost(this.db, account.id, target.id);
    if (!boost) return target;
    const removed = await this.db.transaction().execute(async (trx) => {
      if (!(await store.deleteStatus(trx, boost.id))) return false; // a concurrent request removed it first
      await store.bumpStatusCounter(trx, target.id, 'reblogs_count', -1);
      await store.bumpStatusesCount(trx, [account.id], -1);
      return true;
    });
    if (removed) await this.publish(boost, { kind: 'delete', id: boost.id }, []);
    return target;
  }

  /** A post the viewer may see, or 404. */
  async visible(viewer: Account | null, statusId: string): Promise<Status> {
    const s = await findVisible(this.db, viewer?.id ?? null, statusId);
    if (!s) fail('NOT_FOUND');
    return s;
  }

  /** One of the account's own posts, or 404: as in Mastodon, another account's post is simply not found among one's own. */
  async own(author: Account, statusId: string): Promise<Status> {
    if (!isRowId(statusId)) fail('NOT_FOUND');
    const s = await this.db.selectFrom('statuses').selectAll().where('id', '=', statusId).where('account_id', '=', author.id).executeTakeFirst();
    if (!s) fail('NOT_FOUND');
    return s;
  }

  /** The visible post an id names; for a boost, the boosted post (which must be visible too). */
  private async visibleOriginal(viewer: Account, statusId: string, notFound?: string): Promise<Status> {
    let s = await findVisible(this.db, viewer.id, statusId);
    if (s?.reblog_of_id) s = await findVisible(this.db, viewer.id, s.reblog_of_id);
    if (!s) fail('NOT_FOUND', notFound);
    return s;
  }

  private checkLength(text: string, spoilerText: string): void {
    if (statusLength(text, spoilerText) > MAX_STATUS_CHARS) {
      fail('VALIDATION', `Validation failed: Text character limit of ${MAX_STATUS_CHARS} exceeded`);
    }
  }

  private checkMediaIds(mediaIds: string[]): void {
    if (mediaIds.length > MAX_MEDIA) fail('VALIDATION', `Validation failed: You can attach at most ${MAX_MEDIA} files`);
    if (!mediaIds.every(isRowId)) fail('VALIDATION', 'Validation failed: Media not found, not yours, or already attached to a post');
  }

  private render(text: string, mentioned: Array<{ handle: string }>): string {
    return renderContent(text, {
      publicUrl: this.ctx.config.publicUrl, domain: this.ctx.config.domain,
      mentionable: new Map(mentioned.map((a) => [a.handle.toLowerCase(), a.handle])),
    });
  }

  /** The local, not suspended accounts a text mentions. */
  private async resolveMentions(text: string): Promise<Array<{ id: string; handle: string }>> {
    const handles = extractMentions(text, this.ctx.config.domain);
    if (!handles.length) return [];
    return this.db.selectFrom('accounts').select(['id', 'handle'])
      .where(sql`lower(handle)`, 'in', handles).where('suspended', '=', false).execute();
  }

  /** Mention notifications, except to accounts the author blocks (they cannot see the post). */
  private async notifyMentions(trx: Db, author: Account, status: Status, accountIds: string[]): Promise<Notices> {
    const blocked = await store.blockedBy(trx, author.id, accountIds);
    const notices: Notices = [];
    for (const to of accountIds) {
      if (blocked.has(to)) continue;
      const id = await this.ctx.notifications.notify({ accountId: to, fromAccountId: author.id, type: 'mention', statusId: status.id }, trx);
      if (id) notices.push({ to, id });
    }
    return notices;
  }

  private async announce(notices: Notices): Promise<void> {
    for (const n of notices) await this.ctx.notifications.announce(n.to, n.id);
  }

  /** Files of deleted attachments; removed after the rows are gone, so a failure leaves no row pointing at nothing. */
  private async removeFiles(keys: string[]): Promise<void> {
    if (keys.length) await this.ctx.media.deleteFiles(keys);
  }

  /**
   * One publish per channel, however many followers (docs/adr/0001): the author's channel always; public
   * posts also on their hashtags' channels, and on the public channel unless they reply to someone else
   * (Mastodon keeps such replies off the public timelines). Boosts go to the author's channel only.
   */
  private async publish(status: Status, message: StreamMessage, tags: string[]): Promise<void> {
    const payload = JSON.stringify(message);
    await this.ctx.bus.publish(authorChannel(status.account_id), payload);
    if (status.visibility !== 'public' || status.reblog_of_id) return;
    for (const t of tags) await this.ctx.bus.publish(hashtagChannel(t), payload);
    if (!isReplyToOther(status)) await this.ctx.bus.publish(PUBLIC_CHANNEL, payload);
  }
}

/** A reply to another account's post (a reply to oneself, a thread, is not). */
export function isReplyToOther(s: Pick<Status, 'in_reply_to_id' | 'in_reply_to_account_id' | 'account_id'>): boolean {
  return !!s.in_reply_to_id && s.in_reply_to_account_id !== s.account_id;
}

/** Keys are stored as given when short; long ones by digest, so any client key fits and still matches. */
function idempotencyKey(raw: string): string {
  return raw.length <= 64 ? raw : `sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`;
}
