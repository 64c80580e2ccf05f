import type { Context } from '../context.js';
import { authorChannel, hashtagChannel, PUBLIC_CHANNEL, userChannel } from '../events/channels.js';
import { followedAuthors } from './audience.views.js';
import type { StreamEvent, StreamHub, StreamListener } from './stream-hub.js';
import { isPublicStream, isUserStream, streamKey, type StreamRequest } from './streams.js';

/** How a transport (WebSocket or Server-Sent Events) hands one event to its client. */
export type Deliver = (stream: string[], event: StreamEvent, payload: string) => void;

export interface StreamViewer {
  id: string;
  /** Whether the token may read notifications (the home stream carries them only then). */
  readsNotifications: boolean;
}

/**
 * One client connection's subscriptions. It holds a routing table (channel → the subscriptions that channel
 * feeds) and nothing else per post: the hub renders and filters. A home stream listens on the channel of
 * every author the viewer follows and on the viewer's own (fan-out on read, docs/adr/0001), and re-reads
 * its follows when told they changed. Changes are applied one at a time, in the order they were asked for.
 */
export class StreamSession implements StreamListener {
  readonly viewerId: string | null;
  readonly readsNotifications: boolean;
  private readonly subscriptions = new Map<string, StreamRequest>();
  private readonly table = new Map<string, readonly StreamRequest[]>();
  /**
   * A home stream routes hundreds of author channels to the same one subscription: they share one array
   * rather than holding one each (at 10,000 connections, millions of entries).
   */
  private readonly solo = new Map<StreamRequest, readonly StreamRequest[]>();
  private work: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly ctx: Context, private readonly hub: StreamHub, viewer: StreamViewer | null, private readonly send: Deliver) {
    this.viewerId = viewer?.id ?? null;
    this.readsNotifications = viewer?.readsNotifications ?? false;
  }

  routes(channel: string): readonly StreamRequest[] {
    return this.table.get(channel) ?? [];
  }

  deliver(stream: string[], event: StreamEvent, payload: string): void {
    if (!this.closed) this.send(stream, event, payload);
  }

  /** Subscribes (again subscribing is a no-op); resolves once events of the stream are being delivered. */
  subscribe(req: StreamRequest): Promise<void> {
    return this.enqueue(async () => {
      const key = streamKey(req);
      if (this.subscriptions.has(key)) return;
      if (isUserStream(req.name) && !this.viewerId) return;
      this.subscriptions.set(key, req);
      await this.route(req, await this.channelsOf(req));
    });
  }

  unsubscribe(req: StreamRequest): Promise<void> {
    return this.enqueue(async () => {
      const current = this.subscriptions.get(streamKey(req));
      if (!current) return;
      this.subscriptions.delete(streamKey(req));
      await this.unroute(current, [...this.table.keys()]);
      this.solo.delete(current);
    });
  }

  followsChanged(): void {
    void this.enqueue(async () => {
      const home = this.subscriptions.get('user');
      if (!home || !this.viewerId) return;
      const next = new Set(await this.channelsOf(home));
      const current = [...this.table.entries()].filter(([, reqs]) => reqs.includes(home)).map(([channel]) => channel);
      await this.unroute(home, current.filter((c) => !next.has(c)));
      await this.route(home, [...next]);
    });
  }

  /** Ends every subscription; safe to call more than once. */
  close(): Promise<void> {
    this.closed = true;
    return this.enqueue(async () => {
      const channels = [...this.table.keys()];
      this.table.clear();
      this.solo.clear();
      this.subscriptions.clear();
      await Promise.all(channels.map((c) => this.hub.detach(c, this)));
    }, true);
  }

  private async channelsOf(req: StreamRequest): Promise<string[]> {
    if (isUserStream(req.name)) {
      const own = userChannel(this.viewerId!);
      if (req.name === 'user:notification') return [own];
      return [own, ...(await followedAuthors(this.ctx.db, this.viewerId!)).map(authorChannel)];
    }
    if (isPublicStream(req.name)) return [PUBLIC_CHANNEL];
    return [hashtagChannel(req.tag!)];
  }

  private async route(req: StreamRequest, channels: string[]): Promise<void> {
    const added: string[] = [];
    for (const c of channels) {
      const reqs = this.table.get(c);
      if (!reqs) { this.table.set(c, this.only(req)); added.push(c); } else if (!reqs.includes(req)) this.table.set(c, [...reqs, req]);
    }
    await Promise.all(added.map((c) => this.hub.attach(c, this)));
  }

  private async unroute(req: StreamRequest, channels: string[]): Promise<void> {
    const emptied: string[] = [];
    for (const c of channels) {
      const reqs = this.table.get(c);
      if (!reqs?.includes(req)) continue;
      const left = reqs.filter((r) => r !== req);
      if (left.length) this.table.set(c, left.length === 1 ? this.only(left[0]) : left);
      else { this.table.delete(c); emptied.push(c); }
    }
    await Promise.all(emptied.map((c) => this.hub.detach(c, this)));
  }

  private only(req: StreamRequest): readonly StreamRequest[] {
    let list = this.solo.get(req);
    if (!list) { list = [req]; this.solo.set(req, list); }
    return list;
  }

  private enqueue(step: () => Promise<void>, evenIfClosed = false): Promise<void> {
    const run = this.work.then(() => (this.closed && !evenIfClosed ? undefined : step()));
    this.work = run.catch((err: Error) => {
      this.ctx.logger.warn({ subsystem: 'streaming', err: { message: err.message } }, 'stream subscription failed');
    });
    return run;
  }
}
