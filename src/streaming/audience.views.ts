import type { Db } from '../db/database.js';
import type { ViewerFacts } from './audience.js';
import type { Authorship } from './streamed-post.js';

/** A post's authorship, and the boosted original's for a boost (a StreamedPost is one). */
export interface Readership {
  post: Authorship;
  original: Authorship | null;
}

/** Viewer ids per query: 10,000 listening connections make ten round trips per kind of fact. */
const CHUNK = 1000;

interface MutableFacts {
  follows: Map<string, { showReblogs: boolean }>;
  blockedBy: Set<string>;
  hides: Set<string>;
  favourited: Set<string>;
  reblogged: Set<string>;
  bookmarked: Set<string>;
}

/**
 * Loads, for every viewer about to receive a post, the facts the audience rule needs, with a fixed number
 * of queries per chunk of viewers. Follows are read only when they matter (followers-only posts, boosts);
 * flags only when they can be set (an edited post, the original of a boost): nobody has favourited a post
 * that was just written.
 */
export async function loadViewerFacts(
  db: Db, now: Date, post: Readership, viewerIds: readonly string[], need: { flags: boolean },
): Promise<Map<string, ViewerFacts>> {
  const facts = new Map<string, MutableFacts>();
  for (const id of viewerIds) {
    facts.set(id, { follows: new Map(), blockedBy: new Set(), hides: new Set(), favourited: new Set(), reblogged: new Set(), bookmarked: new Set() });
  }
  const authors = [...new Set([post.post.authorId, ...(post.original ? [post.original.authorId] : [])])];
  // Boosts: whether the viewer wants the booster's boosts. Followers-only posts: whether the viewer follows.
  const needFollows = post.original !== null || post.post.visibility === 'private';
  const statusIds = [post.post.statusId, ...(post.original ? [post.original.statusId] : [])];

  const at = (id: string) => facts.get(id)!;
  for (let i = 0; i < viewerIds.length; i += CHUNK) {
    const chunk = viewerIds.slice(i, i + CHUNK);
    const [blocks, mutes, follows, favourites, bookmarks, boosts] = await Promise.all([
      db.selectFrom('blocks').select(['account_id', 'target_account_id'])
        .where((eb) => eb.or([
          eb.and([eb('account_id', 'in', authors), eb('target_account_id', 'in', chunk)]),
          eb.and([eb('account_id', 'in', chunk), eb('target_account_id', 'in', authors)]),
        ])).execute(),
      db.selectFrom('mutes').select(['account_id', 'target_account_id'])
        .where('account_id', 'in', chunk).where('target_account_id', 'in', authors)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])).execute(),
      needFollows
        ? db.selectFrom('follows').select(['follower_id', 'followee_id', 'show_reblogs'])
          .where('follower_id', 'in', chunk).where('followee_id', 'in', authors).execute()
        : [],
      need.flags ? db.selectFrom('favourites').select(['account_id', 'status_id']).where('account_id', 'in', chunk).where('status_id', 'in', statusIds).execute() : [],
      need.flags ? db.selectFrom('bookmarks').select(['account_id', 'status_id']).where('account_id', 'in', chunk).where('status_id', 'in', statusIds).execute() : [],
      need.flags
        ? db.selectFrom('statuses').select(['account_id', 'reblog_of_id']).where('account_id', 'in', chunk).where('reblog_of_id', 'in', statusIds).execute()
        : [],
    ]);
    for (const b of blocks) {
      if (facts.has(b.target_account_id) && authors.includes(b.account_id)) at(b.target_account_id).blockedBy.add(b.account_id);
      if (facts.has(b.account_id) && authors.includes(b.target_account_id)) at(b.account_id).hides.add(b.target_account_id);
    }
    for (const m of mutes) at(m.account_id).hides.add(m.target_account_id);
    for (const f of follows) at(f.follower_id).follows.set(f.followee_id, { showReblogs: f.show_reblogs });
    for (const f of favourites) at(f.account_id).favourited.add(f.status_id);
    for (const b of bookmarks) at(b.account_id).bookmarked.add(b.status_id);
    for (const r of boosts) if (r.reblog_of_id) at(r.account_id).reblogged.add(r.reblog_of_id);
  }
  return facts;
}

/** The authors a home stream listens to: everyone the viewer follows, and the viewer. */
export async function followedAuthors(db: Db, viewerId: string): Promise<string[]> {
  const rows = await db.selectFrom('follows').select('followee_id').where('follower_id', '=', viewerId).execute();
  return [viewerId, ...rows.map((r) => r.followee_id)];
}
