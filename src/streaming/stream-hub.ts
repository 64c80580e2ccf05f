import type { Context } from '../context.js';
import { isoDate } from '../clock.js';
import type { StreamMessage } from '../events/channels.js';
import { renderNotifications } from '../http/api/entities/notification.js';
import { mayRead, mayReceive, NO_FACTS, wantsBoost, type ViewerFacts } from './audience.js';
import { loadViewerFacts, type Readership } from './audience.views.js';
import { loadStreamedPost, type StreamedPost } from './streamed-post.js';
import { isMediaOnly, isRemoteOnly, isUserStream, streamLabel, type StreamRequest } from './streams.js';

export type StreamEvent = 'update' | 'status.update' | 'delete' | 'notification';

/** One open stream connection, as the hub sees it (StreamSession implements it). */
export interface StreamListener {
  /** null for an anonymous connection (public and hashtag streams only). */
  readonly viewerId: string | null;
  /** Whether the connection's token may read notifications. */
  readonly readsNotifications: boolean;
  /** The connection's subscriptions that a message on `channel` feeds. */
  routes(channel: string): readonly StreamRequest[];
  deliver(stream: string[], event: StreamEvent, payload: string): void;
  /** The viewer's follows changed: re-read whom the home stream listens to. */
  followsChanged(): void;
}

interface Channel {
  listeners: Set<StreamListener>;
  /** Resolves once the bus delivers this channel; to the function that stops it. */
  ready: Promise<() => Promise<void>>;
  /** Deliveries in the order messages arrived, whatever order their preparation finishes in. */
  queue: Promise<void>;
}

type Delivery = () => void;

const HEARTBEAT_MS = 15_000;
/** How often connections are checked against their tokens (revoked, expired, account suspended or deleted). */
const TOKEN_SWEEP_MS = 60_000;
const TOKEN_CHUNK = 1000;
/** How long a rendered post is kept for the other channels that announce the same event. */
const POST_TTL_MS = 15_000;
/** How many recently streamed posts' readerships are remembered, to route their deletion (~200 bytes each). */
const RECENT_POSTS = 20_000;

/**
 * The streaming side of the event bus for one process. However many connections listen to a channel, the
 * hub subscribes to it once, decodes each message once, renders each post once, and loads what it needs
 * to know about the receiving viewers in batched queries (audience.views.ts) rather than per connection:
 * at 10,000 connections a post costs a fixed handful of queries per thousand viewers, and each connection
 * holds only its routing table.
 */
export class StreamHub {
  private readonly channels = new Map<string, Channel>();
  private readonly posts = new Map<string, { channels: Set<string>; post: Promise<StreamedPost | null> }>();
  private readonly recent = new Map<string, Readership>();
  private readonly beats = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private readonly tokens = new Map<string, Set<() => void>>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: Context) {}

  /** Starts delivering `channel` to a listener; resolves once the bus subscription is live. */
  async attach(channel: string, listener: StreamListener): Promise<void> {
    let state = this.channels.get(channel);
    if (!state) {
      const created: Channel = { listeners: new Set(), ready: this.ctx.bus.subscribe(channel, (raw) => this.onMessage(channel, created, raw)), queue: Promise.resolve() };
      state = created;
      this.channels.set(channel, created);
      created.ready.catch(() => { if (this.channels.get(channel) === created) this.channels.delete(channel); });
    }
    state.listeners.add(listener);
    await state.ready;
  }

  /** Stops delivering `channel` to a listener; the bus subscription ends with its last listener. */
  async detach(channel: string, listener: StreamListener): Promise<void> {
    const state = this.channels.get(channel);
    if (!state || !state.listeners.delete(listener) || state.listeners.size > 0) return;
    this.channels.delete(channel);
    const stop = await state.ready.catch(() => null);
    await stop?.().catch(() => undefined);
  }

  /** Calls `beat` every 15 s (one timer for every connection) until the returned function is called. */
  keepAlive(beat: () => void): () => void {
    this.beats.add(beat);
    if (!this.timer) {
      this.timer = setInterval(() => { for (const b of this.beats) b(); }, HEARTBEAT_MS);
      this.timer.unref();
    }
    return () => {
      this.beats.delete(beat);
      if (this.beats.size === 0 && this.timer) { clearInterval(this.timer); this.timer = null; }
    };
  }

  /**
   * Ends a connection (calls `end`) once its access token stops being valid: revoked, expired, or its account
   * suspended or deleted. Checked for every connection of the process at once, a query per 1,000 tokens a
   * minute, so a revoked session stops streaming within a minute. Returns the function that stops watching.
   */
  watchToken(tokenId: string, end: () => void): () => void {
    let ends = this.tokens.get(tokenId);
    if (!ends) { ends = new Set(); this.tokens.set(tokenId, ends); }
    ends.add(end);
    if (!this.sweeper) {
      this.sweeper = setInterval(() => { void this.sweepTokens().catch(() => undefined); }, TOKEN_SWEEP_MS);
      this.sweeper.unref();
    }
    return () => {
      const set = this.tokens.get(tokenId);
      set?.delete(end);
      if (set && set.size === 0) this.tokens.delete(tokenId);
      if (this.tokens.size === 0 && this.sweeper) { clearInterval(this.sweeper); this.sweeper = null; }
    };
  }

  /** Ends the connections whose token is no longer valid (run every minute; callable at once). */
  async sweepTokens(): Promise<void> {
    const ids = [...this.tokens.keys()];
    const today = isoDate(this.ctx.clock.now());
    for (let i = 0; i < ids.length; i += TOKEN_CHUNK) {
      const chunk = ids.slice(i, i + TOKEN_CHUNK);
      const live = await this.ctx.db.selectFrom('access_tokens')
        .leftJoin('accounts', 'accounts.id', 'access_tokens.account_id')
        .select('access_tokens.id')
        .where('access_tokens.id', 'in', chunk)
        .where('access_tokens.expires_on', '>=', today)
        .where((eb) => eb.or([eb('access_tokens.account_id', 'is', null), eb('accounts.suspended', '=', false)]))
        .execute();
      const valid = new Set(live.map((r) => r.id));
      for (const id of chunk) if (!valid.has(id)) for (const end of this.tokens.get(id) ?? []) end();
    }
  }

  /** How many connections listen to a channel in this process (tests and health). */
  listeners(channel: string): number {
    return this.channels.get(channel)?.listeners.size ?? 0;
  }

  private onMessage(channel: string, state: Channel, raw: string): void {
    let message: StreamMessage;
    try { message = JSON.parse(raw) as StreamMessage; } catch { return; }
    // Preparation (rendering, audience queries) starts at once and may overlap the previous message's;
    // delivery waits its turn, so a client never sees a delete before the update it removes.
    const prepared = this.prepare(channel, message, [...state.listeners]);
    state.queue = state.queue
      .then(() => prepared)
      .then((deliver) => deliver?.())
      .catch((err: Error) => this.ctx.logger.warn({ subsystem: 'streaming', err: { message: err.message } }, 'stream delivery failed'));
  }

  private async prepare(channel: string, m: StreamMessage, listeners: StreamListener[]): Promise<Delivery | null> {
    switch (m.kind) {
      case 'status':
      case 'status.update':
        return this.prepareStatus(channel, m.kind, m.id, listeners);
      case 'delete':
        return this.prepareDelete(channel, m.id, listeners);
      case 'notification':
        return this.prepareNotification(channel, m.id, listeners);
      case 'graph.changed':
        return () => { for (const l of listeners) l.followsChanged(); };
    }
  }

  private async prepareStatus(channel: string, kind: 'status' | 'status.update', id: string, listeners: StreamListener[]): Promise<Delivery | null> {
    const targets = listeners.map((l) => ({ l, reqs: l.routes(channel) })).filter((t) => t.reqs.length > 0);
    if (!targets.length) return null;
    const post = await this.streamedPost(kind, id, channel);
    if (!post) return null;
    const viewerIds = [...new Set(targets.map((t) => t.l.viewerId).filter((v): v is string => v !== null))];
    const facts = await loadViewerFacts(this.ctx.db, this.ctx.clock.now(), post, viewerIds, { flags: kind === 'status.update' || !!post.original });
    const event: StreamEvent = kind === 'status' ? 'update' : 'status.update';
    return () => {
      for (const { l, reqs } of targets) {
        const viewerFacts = l.viewerId ? facts.get(l.viewerId) ?? NO_FACTS : NO_FACTS;
        if (!mayReceive(post, l.viewerId, viewerFacts)) continue;
        for (const req of reqs) {
          if (carriesPost(req, post, l.viewerId, viewerFacts)) l.deliver(streamLabel(req), event, post.payload(l.viewerId ? viewerFacts : null));
        }
      }
    };
  }

  /**
   * A deletion carries only an id, and the post is gone by then. When this process streamed the post, it
   * knows who could read it and tells only them (a follower not mentioned in a direct post does not learn
   * that one existed); otherwise every connection routed to the channel gets the id, as clients expect.
   */
  private async prepareDelete(channel: string, id: string, listeners: StreamListener[]): Promise<Delivery | null> {
    const targets = listeners.map((l) => ({ l, reqs: l.routes(channel).filter(carriesDeletes) })).filter((t) => t.reqs.length > 0);
    if (!targets.length) return null;
    const known = this.recent.get(id);
    const restricted = known && [known.post, known.original].some((a) => a && a.visibility !== 'public' && a.visibility !== 'unlisted');
    const viewerIds = [...new Set(targets.map((t) => t.l.viewerId).filter((v): v is string => v !== null))];
    const facts = restricted ? await loadViewerFacts(this.ctx.db, this.ctx.clock.now(), known, viewerIds, { flags: false }) : null;
    return () => {
      for (const { l, reqs } of targets) {
        if (facts && known && !mayRead(known, l.viewerId, l.viewerId ? facts.get(l.viewerId) ?? NO_FACTS : NO_FACTS)) continue;
        for (const req of reqs) l.deliver(streamLabel(req), 'delete', id);
      }
    };
  }

  private async prepareNotification(channel: string, id: string, listeners: StreamListener[]): Promise<Delivery | null> {
    const owners = [...new Set(listeners.map((l) => l.viewerId).filter((v): v is string => v !== null))];
    const payloads = new Map<string, string>();
    for (const owner of owners) {
      const [entity] = await renderNotifications(this.ctx, owner, [id]);
      if (entity) payloads.set(owner, JSON.stringify(entity));
    }
    return () => {
      for (const l of listeners) {
        const payload = l.viewerId ? payloads.get(l.viewerId) : undefined;
        if (!payload || !l.readsNotifications) continue;
        for (const req of l.routes(channel)) if (isUserStream(req.name)) l.deliver(streamLabel(req), 'notification', payload);
      }
    };
  }

  /**
   * A post is announced on several channels (its author's, the public one, its hashtags'); each channel
   * delivers it to different connections but all of them share one rendering. The same channel announcing
   * the same post again is a new event (a second edit), which is rendered afresh.
   */
  private streamedPost(kind: string, id: string, channel: string): Promise<StreamedPost | null> {
    const key = `${kind}:${id}`;
    const cached = this.posts.get(key);
    if (cached && !cached.channels.has(channel)) {
      cached.channels.add(channel);
      return cached.post;
    }
    const entry = { channels: new Set([channel]), post: loadStreamedPost(this.ctx, id).then((post) => this.remember(post)) };
    this.posts.set(key, entry);
    setTimeout(() => { if (this.posts.get(key) === entry) this.posts.delete(key); }, POST_TTL_MS).unref();
    return entry.post;
  }

  private remember(post: StreamedPost | null): StreamedPost | null {
    if (!post) return post;
    this.recent.delete(post.id);
    this.recent.set(post.id, { post: post.post, original: post.original });
    if (this.recent.size > RECENT_POSTS) this.recent.delete(this.recent.keys().next().value!);
    return post;
  }
}

/** Which subscriptions carry a post the viewer may read. */
function carriesPost(req: StreamRequest, post: StreamedPost, viewerId: string | null, facts: ViewerFacts): boolean {
  if (isUserStream(req.name)) return req.name === 'user' && viewerId !== null && wantsBoost(post, viewerId, facts);
  // Public and hashtag streams: public posts, never boosts (as the public timelines).
  if (post.visibility !== 'public' || post.original || isRemoteOnly(req.name)) return false;
  return !isMediaOnly(req.name) || post.hasMedia;
}

function carriesDeletes(req: StreamRequest): boolean {
  return req.name !== 'user:notification' && !isRemoteOnly(req.name);
}
