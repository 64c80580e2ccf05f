/**
 * Channels on the event bus. Messages carry ids only; each streaming connection renders entities for its own
 * viewer (visibility, favourited, blocks). Home timelines are fan-out on read (docs/adr/0001), so a new post is
 * announced once on its author's channel, and every stream whose owner follows that author listens there:
 * one publish per post, however many followers.
 */
export type StreamMessage =
  | { kind: 'status'; id: string }
  | { kind: 'status.update'; id: string }
  | { kind: 'delete'; id: string }
  | { kind: 'notification'; id: string }
  /** The owner's follows or blocks changed: a user stream re-reads whom it listens to. */
  | { kind: 'graph.changed' };

export const authorChannel = (accountId: string) => `author:${accountId}`;
export const userChannel = (accountId: string) => `user:${accountId}`;
export const PUBLIC_CHANNEL = 'timeline:public';
export const hashtagChannel = (tag: string) => `hashtag:${tag.toLowerCase()}`;
