/**
 * The streams a client can ask for, as Mastodon names them (https://docs.joinmastodon.org/methods/streaming/).
 * Publius has no federation: the local variants carry the same posts as the plain ones, and the remote
 * variants carry nothing (they are accepted so that clients that open them do not fail).
 */
export const STREAM_NAMES = [
  'user', 'user:notification',
  'public', 'public:media', 'public:local', 'public:local:media', 'public:remote', 'public:remote:media',
  'hashtag', 'hashtag:local',
] as const;

export type StreamName = (typeof STREAM_NAMES)[number];

/** One subscription: a stream, and for hashtag streams the tag as the client spelled it. */
export interface StreamRequest {
  name: StreamName;
  tag?: string;
}

export type StreamRequestError = 'unknown stream' | 'missing tag';

const TAG = /^[\p{L}\p{N}\p{M}_]{1,100}$/u;

/** Validates a stream name (and tag) from a query string or a WebSocket message. */
export function parseStreamRequest(name: unknown, tag: unknown): StreamRequest | StreamRequestError {
  if (typeof name !== 'string' || !(STREAM_NAMES as readonly string[]).includes(name)) return 'unknown stream';
  const stream = name as StreamName;
  if (!isHashtagStream(stream)) return { name: stream };
  const cleaned = typeof tag === 'string' ? tag.replace(/^#/, '') : '';
  if (!TAG.test(cleaned)) return 'missing tag';
  return { name: stream, tag: cleaned };
}

export const isUserStream = (name: StreamName) => name === 'user' || name === 'user:notification';
export const isPublicStream = (name: StreamName) => name.startsWith('public');
export const isHashtagStream = (name: StreamName) => name.startsWith('hashtag');

/** Remote posts do not exist here; these streams stay silent. */
export const isRemoteOnly = (name: StreamName) => name.startsWith('public:remote');
/** Streams that carry only posts with media attached. */
export const isMediaOnly = (name: StreamName) => name.endsWith(':media');

/** What identifies a subscription within one connection (hashtags compare case-insensitively). */
export function streamKey(req: StreamRequest): string {
  return req.tag ? `${req.name}:${req.tag.toLowerCase()}` : req.name;
}

/** The `stream` array of a WebSocket frame: `["hashtag", "Tag"]` for hashtags, `["user"]` otherwise. */
export function streamLabel(req: StreamRequest): string[] {
  return req.tag ? [req.name, req.tag] : [req.name];
}

/**
 * The OAuth scope a token needs for a stream (Mastodon accepts the top-level `read` as well, which
 * scopeCovers does). Posts need read:statuses; the notification-only stream needs read:notifications.
 */
export function requiredScope(name: StreamName): string {
  return name === 'user:notification' ? 'read:notifications' : 'read:statuses';
}
