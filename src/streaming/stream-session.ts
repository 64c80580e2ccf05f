import type { Context } from '../context.js';
import type { Account } from '../db/schema.js';
import { authorChannel, hashtagChannel, PUBLIC_CHANNEL, userChannel, type StreamMessage } from '../events/channels.js';
import { canSee } from '../posts/visibility.js';
import { renderStatuses, type StatusEntity } from '../http/api/entities/status.js';
import { renderNotifications } from '../http/api/entities/notification.js';

export type StreamName = 'user' | 'user:notification' | 'public' | 'public:local' | 'public:media' | 'public:local:media' | 'hashtag' | 'hashtag:local';
export const STREAM_NAMES: readonly StreamName[] = ['user', 'user:notification', 'public', 'public:local', 'public:media', 'public:local:media', 'hashtag', 'hashtag:local'];

/** What a transport (WebSocket or SSE) must do: deliver one event to its client. */
export type Deliver = (stream: string[], event: 'update' | 'status.update' | 'delete' | 'notification', payload: string) => void;

/**
 * One streaming client's subscriptions. Messages on the bus carry ids; this renders entities for this
 * viewer only after checking they may see them. A user stream listens on the channel of every author the
 * viewer follows (fan-out on read: one publish per post, however many followers), and re-reads that list
 * when told the viewer's graph changed.
 */
export class StreamSession {
  private readonly offs = new Map<string, () => Promise<void>>();
  private followees = new Set<string>();
  private hiddenAuthors = new Set<string>();
  private noReblogs = new Set<string>();
  private readonly subscribed = new Map<string, { stream: StreamName; tag?: string }>();
  private closed = false;

  constructor(private readonly ctx: Context, readonly viewer: Account | null, private readonly deliver: Deliver) {}

  static key(stream: StreamName, tag?: string): string { return tag ? `${stream}:${tag.toLowerCase()}` : stream; }

  async subscribe(stream: StreamName, tag?: string): Promise<void> {
    const key = StreamSession.key(stream, tag);
    if (this.subscribed.has(key)) return;
    this.subscribed.set(key, { stream, tag });
    if (stream === 'user' || stream === 'user:notification') {
      if (!this.viewer) return;
      await this.listen(userChannel(this.viewer.id), (m) => this.onUserMessage(m));
      if (stream === 'user') await this.refreshGraph();
    } else if (stream.startsWith('public')) {
      await this.listen(PUBLIC_CHANNEL, (m) => this.onStatusMessage(m, 'public'));
    } else if (tag) {
      await this.listen(hashtagChannel(tag), (m) => this.onStatusMessage(m, 'hashtag', tag));
    }
    if (this.viewer) await this.refreshHidden();
  }

  async unsubscribe(stream: StreamName, tag?: string): Promise<void> {
    this.subscribed.delete(StreamSession.key(stream, tag));
    if (stream === 'user') for (const id of this.followees) await this.unlisten(authorChannel(id));
    else if (stream.startsWith('public') && ![...this.subscribed.values()].some((s) => s.stream.startsWith('public'))) await this.unlisten(PUBLIC_CHANNEL);
    else if (tag) await this.unlisten(hashtagChannel(tag));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const off of this.offs.values()) await off().catch(() => undefined);
    this.offs.clear();
  }

  private async listen(channel: string, handler: (m: StreamMessage) => Promise<void>): Promise<void> {
    if (this.offs.has(channel) || this.closed) return;
    const off = await this.ctx.bus.subscribe(channel, (payload) => {
      let message: StreamMessage;
      try { message = JSON.parse(payload) as StreamMessage; } catch { return; }
      handler(message).catch((err: Error) => this.ctx.logger.warn({ err: { message: err.message }, subsystem: 'streaming' }, 'stream delivery failed'));
    });
    this.offs.set(channel, off);
  }

  private async unlisten(channel: string): Promise<void> {
    const off = this.offs.get(channel);
    this.offs.delete(channel);
    if (off) await off();
  }

  private async refreshGraph(): Promise<void> {
    if (!this.viewer || !this.subscribed.has('user')) return;
    const rows = await this.ctx.db.selectFrom('follows').select(['followee_id', 'show_reblogs']).where('follower_id', '=', this.viewer.id).execute();
    const next = new Set([this.viewer.id, ...rows.map((r) => r.followee_id)]);
    this.noReblogs = new Set(rows.filter((r) => !r.show_reblogs).map((r) => r.followee_id));
    for (const id of this.followees) if (!next.has(id)) await this.unlisten(authorChannel(id));
    for (const id of next) await this.listen(authorChannel(id), (m) => this.onStatusMessage(m, 'user'));
    this.followees = next;
  }

  private async refreshHidden(): Promise<void> {
    if (!this.viewer) return;
    // Both directions: authors I block or mute, and authors who block me (they may not reach me).
    const [blocks, blockedBy, mutes] = await Promise.all([
      this.ctx.db.selectFrom('blocks').select('target_account_id as id').where('account_id', '=', this.viewer.id).execute(),
      this.ctx.db.selectFrom('blocks').select('account_id as id').where('target_account_id', '=', this.viewer.id).execute(),
      this.ctx.db.selectFrom('mutes').select('target_account_id as id').where('account_id', '=', this.viewer.id).execute(),
    ]);
    this.hiddenAuthors = new Set([...blocks, ...blockedBy, ...mutes].map((r) => r.id));
  }

  private async onUserMessage(m: StreamMessage): Promise<void> {
    if (!this.viewer) return;
    if (m.kind === 'status' || m.kind === 'status.update' || m.kind === 'delete') return;
    if (m.kind === 'graph.changed') { await this.refreshGraph(); await this.refreshHidden(); return; }
    if (m.kind === 'notification') {
      const [n] = await renderNotifications(this.ctx, this.viewer.id, [m.id]);
      if (!n) return;
      const streams = [...this.subscribed.keys()].filter((k) => k === 'user' || k === 'user:notification');
      for (const s of streams) this.deliver([s], 'notification', JSON.stringify(n));
    }
  }

  private async onStatusMessage(m: StreamMessage, source: 'user' | 'public' | 'hashtag', tag?: string): Promise<void> {
    if (m.kind === 'graph.changed' || m.kind === 'notification') return;
    const streams = this.streamsFor(source, tag);
    if (!streams.length) return;
    if (m.kind === 'delete') { for (const s of streams) this.deliver([s], 'delete', m.id); return; }
    const entity = await this.visibleEntity(m.id);
    if (!entity) return;
    if (this.hiddenAuthors.has(entity.account.id) || (entity.reblog && this.hiddenAuthors.has(entity.reblog.account.id))) return;
    if (source === 'user' && entity.reblog && this.noReblogs.has(entity.account.id)) return;
    const payload = JSON.stringify(entity);
    for (const s of streams) {
      if (s.includes('media') && entity.media_attachments.length === 0) continue;
      this.deliver(source === 'hashtag' ? [s, tag ?? ''] : [s], m.kind === 'status.update' ? 'status.update' : 'update', payload);
    }
  }

  private streamsFor(source: 'user' | 'public' | 'hashtag', tag?: string): string[] {
    const keys = [...this.subscribed.entries()];
    if (source === 'user') return keys.filter(([k]) => k === 'user').map(([k]) => k);
    if (source === 'public') return keys.filter(([, v]) => v.stream.startsWith('public')).map(([k]) => k);
    return keys.filter(([, v]) => v.stream.startsWith('hashtag') && v.tag?.toLowerCase() === tag?.toLowerCase()).map(([, v]) => v.stream);
  }

  private async visibleEntity(id: string): Promise<StatusEntity | undefined> {
    const viewerId = this.viewer?.id ?? null;
    const shared = await sharedRender(this.ctx, id);
    if (shared) {
      // Public and unlisted posts render the same for everyone; a just-published post has no viewer flags.
      // The only viewer-dependent rule left for them, blocks, is applied by the caller from hiddenAuthors.
      return viewerId ? { ...shared, favourited: false, reblogged: false, muted: false, bookmarked: false, pinned: false } : shared;
    }
    if (!(await canSee(this.ctx.db, viewerId, id))) return undefined;
    const [entity] = await renderStatuses(this.ctx, viewerId, [id]);
    return entity;
  }
}

/**
 * Renders a public or unlisted post once for every stream that receives it: with 10,000 connections, one
 * query batch per post instead of one per connection. Followers-only and direct posts are never cached.
 */
const cache = new WeakMap<Context, Map<string, Promise<StatusEntity | null>>>();
function sharedRender(ctx: Context, id: string): Promise<StatusEntity | null> {
  let m = cache.get(ctx);
  if (!m) { m = new Map(); cache.set(ctx, m); }
  let p = m.get(id);
  if (!p) {
    p = renderStatuses(ctx, null, [id]).then(([e]) => (e && (e.visibility === 'public' || e.visibility === 'unlisted') && (!e.reblog || e.reblog.visibility !== 'private') ? e : null));
    m.set(id, p);
    const store = m;
    setTimeout(() => store.delete(id), 30_000).unref();
  }
  return p;
}
