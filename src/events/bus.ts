import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export type BusHandler = (payload: string) => void;

/**
 * Publish/subscribe between the parts of one instance: streaming connections subscribe to channels such as
 * `timeline:public` or `user:<id>`. In memory for one process; through Redis when REDIS_URL is set, so that a
 * post written by one process reaches streams held by another.
 */
export interface EventBus {
  publish(channel: string, payload: string): Promise<void>;
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  /** How many handlers in this process listen on a channel (open streams, for health and tests). */
  localSubscribers(channel: string): number;
  close(): Promise<void>;
}

export class MemoryBus implements EventBus {
  private readonly emitter = new EventEmitter();
  constructor() { this.emitter.setMaxListeners(0); }

  async publish(channel: string, payload: string): Promise<void> {
    this.emitter.emit(channel, payload);
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    this.emitter.on(channel, handler);
    return async () => { this.emitter.off(channel, handler); };
  }

  localSubscribers(channel: string): number { return this.emitter.listenerCount(channel); }

  async close(): Promise<void> { this.emitter.removeAllListeners(); }
}

/** One subscriber connection per process, fanned out locally; channels are subscribed while anyone listens. */
export class RedisBus implements EventBus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly local = new MemoryBus();
  private readonly counts = new Map<string, number>();

  constructor(url: string, private readonly prefix = 'publius:') {
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.sub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.sub.on('message', (channel: string, message: string) => {
      void this.local.publish(channel.slice(this.prefix.length), message);
    });
  }

  async publish(channel: string, payload: string): Promise<void> {
    await this.pub.publish(this.prefix + channel, payload);
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    const n = this.counts.get(channel) ?? 0;
    this.counts.set(channel, n + 1);
    if (n === 0) await this.sub.subscribe(this.prefix + channel);
    const off = await this.local.subscribe(channel, handler);
    return async () => {
      await off();
      const left = (this.counts.get(channel) ?? 1) - 1;
      if (left <= 0) {
        this.counts.delete(channel);
        await this.sub.unsubscribe(this.prefix + channel).catch(() => undefined);
      } else this.counts.set(channel, left);
    };
  }

  localSubscribers(channel: string): number { return this.local.localSubscribers(channel); }

  async close(): Promise<void> {
    await this.local.close();
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
