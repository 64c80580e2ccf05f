import type { Readership } from './audience.views.js';
import type { Authorship, StreamedPost, ViewerFlags } from './streamed-post.js';

/**
 * What one viewer's relationships to a post's authors are, loaded for every receiving viewer at once
 * (audience.views.ts): a handful of queries per post, not a handful per connection.
 */
export interface ViewerFacts extends ViewerFlags {
  /** Authors (of the post or the boosted original) the viewer follows, with whether they want their boosts. */
  follows: ReadonlyMap<string, { showReblogs: boolean }>;
  /** Authors who block the viewer. */
  blockedBy: ReadonlySet<string>;
  /** Authors the viewer blocks, or mutes while the mute lasts. */
  hides: ReadonlySet<string>;
}

export const NO_FACTS: ViewerFacts = {
  follows: new Map(), blockedBy: new Set(), hides: new Set(), favourited: new Set(), reblogged: new Set(), bookmarked: new Set(),
};

/**
 * Whether a viewer may read one post. The same rule as visibleToSql in src/posts/visibility.ts, evaluated on
 * facts already in memory; audience.test.ts checks the two agree case by case.
 */
export function canRead(a: Authorship, viewerId: string | null, facts: ViewerFacts): boolean {
  if (viewerId === a.authorId) return true;
  if (a.authorSuspended) return false;
  if (viewerId === null) return a.visibility === 'public' || a.visibility === 'unlisted';
  if (facts.blockedBy.has(a.authorId)) return false;
  if (a.visibility === 'public' || a.visibility === 'unlisted') return true;
  if (a.mentionIds.has(viewerId)) return true;
  return a.visibility === 'private' && facts.follows.has(a.authorId);
}

/** Whether a viewer may read a post and, for a boost, the boosted original. */
export function mayRead(post: Readership, viewerId: string | null, facts: ViewerFacts): boolean {
  return canRead(post.post, viewerId, facts) && (!post.original || canRead(post.original, viewerId, facts));
}

/**
 * Whether a streamed post reaches a viewer at all: they may read it (and, for a boost, the original), and
 * its author (or the original's) is not someone the viewer blocks or mutes — the filters timelines apply.
 */
export function mayReceive(post: StreamedPost, viewerId: string | null, facts: ViewerFacts): boolean {
  if (!mayRead(post, viewerId, facts)) return false;
  if (viewerId === null) return true;
  for (const a of [post.post, post.original]) if (a && a.authorId !== viewerId && facts.hides.has(a.authorId)) return false;
  return true;
}

/** A boost reaches a home stream unless the viewer followed the booster with reblogs turned off. */
export function wantsBoost(post: StreamedPost, viewerId: string, facts: ViewerFacts): boolean {
  if (!post.original || post.post.authorId === viewerId) return true;
  return facts.follows.get(post.post.authorId)?.showReblogs !== false;
}
