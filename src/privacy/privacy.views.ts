import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';

/** Another account, as the export names it: stable id plus the address people know it by. */
export interface AccountRef {
  id: string;
  acct: string;
  url: string;
}

/** A post the account holder acted on (bookmark, favourite), named by its address. */
export interface PostRef {
  id: string;
  url: string;
  author: string;
}

/** The account's relations, read for the export. */
export interface Relations {
  followers: AccountRef[];
  following: Array<AccountRef & { show_reblogs: boolean; notify: boolean }>;
  follow_requests_sent: AccountRef[];
  follow_requests_received: AccountRef[];
  mutes: Array<AccountRef & { hide_notifications: boolean; expires_at: string | null }>;
  blocks: AccountRef[];
  bookmarks: PostRef[];
  favourites: PostRef[];
}

export async function relationsOf(db: Db, config: Config, accountId: string): Promise<Relations> {
  const ref = (r: { id: string; handle: string }): AccountRef => ({ id: r.id, acct: `${r.handle}@${config.domain}`, url: `${config.publicUrl}/@${r.handle}` });
  const post = (r: { id: string; handle: string }): PostRef => ({ id: r.id, url: `${config.publicUrl}/@${r.handle}/${r.id}`, author: `${r.handle}@${config.domain}` });

  const followers = await db.selectFrom('follows').innerJoin('accounts', 'accounts.id', 'follows.follower_id')
    .select(['accounts.id', 'accounts.handle']).where('follows.followee_id', '=', accountId).orderBy('follows.id').execute();
  const following = await db.selectFrom('follows').innerJoin('accounts', 'accounts.id', 'follows.followee_id')
    .select(['accounts.id', 'accounts.handle', 'follows.show_reblogs', 'follows.notify']).where('follows.follower_id', '=', accountId).orderBy('follows.id').execute();
  const sent = await db.selectFrom('follow_requests').innerJoin('accounts', 'accounts.id', 'follow_requests.target_account_id')
    .select(['accounts.id', 'accounts.handle']).where('follow_requests.account_id', '=', accountId).orderBy('follow_requests.id').execute();
  const received = await db.selectFrom('follow_requests').innerJoin('accounts', 'accounts.id', 'follow_requests.account_id')
    .select(['accounts.id', 'accounts.handle']).where('follow_requests.target_account_id', '=', accountId).orderBy('follow_requests.id').execute();
  const mutes = await db.selectFrom('mutes').innerJoin('accounts', 'accounts.id', 'mutes.target_account_id')
    .select(['accounts.id', 'accounts.handle', 'mutes.hide_notifications', 'mutes.expires_at']).where('mutes.account_id', '=', accountId).orderBy('mutes.id').execute();
  const blocks = await db.selectFrom('blocks').innerJoin('accounts', 'accounts.id', 'blocks.target_account_id')
    .select(['accounts.id', 'accounts.handle']).where('blocks.account_id', '=', accountId).orderBy('blocks.id').execute();
  const bookmarks = await db.selectFrom('bookmarks').innerJoin('statuses', 'statuses.id', 'bookmarks.status_id').innerJoin('accounts', 'accounts.id', 'statuses.account_id')
    .select(['statuses.id', 'accounts.handle']).where('bookmarks.account_id', '=', accountId).orderBy('bookmarks.id').execute();
  const favourites = await db.selectFrom('favourites').innerJoin('statuses', 'statuses.id', 'favourites.status_id').innerJoin('accounts', 'accounts.id', 'statuses.account_id')
    .select(['statuses.id', 'accounts.handle']).where('favourites.account_id', '=', accountId).orderBy('favourites.id').execute();

  return {
    followers: followers.map(ref),
    following: following.map((r) => ({ ...ref(r), show_reblogs: r.show_reblogs, notify: r.notify })),
    follow_requests_sent: sent.map(ref),
    follow_requests_received: received.map(ref),
    mutes: mutes.map((r) => ({ ...ref(r), hide_notifications: r.hide_notifications, expires_at: r.expires_at ? new Date(r.expires_at).toISOString() : null })),
    blocks: blocks.map(ref),
    bookmarks: bookmarks.map(post),
    favourites: favourites.map(post),
  };
}
