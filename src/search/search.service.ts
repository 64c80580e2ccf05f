import type { Context } from '../context.js';
import { searchAccounts, searchStatuses, searchTags } from './search.views.js';

export type SearchType = 'accounts' | 'hashtags' | 'statuses';

export interface SearchParams {
  q: string;
  type?: SearchType;
  following: boolean;
  accountId?: string;
  maxId?: string;
  minId?: string;
  limit: number;
  offset: number;
}

export interface SearchResults {
  accountIds: string[];
  tagNames: string[];
  statusIds: string[];
}

const HANDLE = /^@?([\p{L}\p{N}_]{1,30})(?:@([^\s@]+))?$/u;
const TAG = /^#?([\p{L}\p{N}\p{M}_]{1,100})$/u;

/**
 * What a search query asks for, read as Mastodon reads it: `#tag` looks for hashtags (not accounts), anything
 * with an `@` is not a hashtag, `@handle@domain` names an account here only when the domain is this server's
 * (Publius does not federate: a remote address finds nobody).
 */
export function interpret(raw: string, domain: string) {
  // PostgreSQL text cannot hold NUL: left in, the bound parameter would fail the whole query.
  const q = raw.replace(/\u0000/g, '').trim();
  const m = HANDLE.exec(q);
  const remote = !!m?.[2] && m[2].toLowerCase() !== domain.toLowerCase();
  return {
    text: q,
    handle: m && !remote ? m[1] : null,
    accounts: !q.startsWith('#') && !(q.includes('@') && /\s/.test(q)) && !remote,
    tag: !q.includes('@') ? TAG.exec(q)?.[1] ?? null : null,
  };
}

/**
 * Search as GET /api/v2/search does it. Anonymous viewers find accounts and hashtags but never posts, as
 * in Mastodon; posts are those the viewer may see (see searchStatuses).
 */
export async function search(ctx: Context, viewerId: string | null, p: SearchParams): Promise<SearchResults> {
  const want = (t: SearchType) => !p.type || p.type === t;
  const query = interpret(p.q, ctx.config.domain);
  const [accountIds, tagNames, statusIds] = await Promise.all([
    want('accounts') && query.accounts
      ? searchAccounts(ctx.db, { text: query.text, handle: query.handle, viewerId, following: p.following, limit: p.limit, offset: p.offset })
      : [],
    want('hashtags') && query.tag ? searchTags(ctx.db, query.tag, viewerId, p.limit, p.offset) : [],
    want('statuses') && viewerId
      ? searchStatuses(ctx.db, {
        text: query.text, viewerId, now: ctx.clock.now(), accountId: p.accountId, maxId: p.maxId, minId: p.minId, limit: p.limit, offset: p.offset,
      })
      : [],
  ]);
  return { accountIds, tagNames, statusIds };
}

/** Accounts only, as GET /api/v1/accounts/search does it. */
export async function searchAccountsFor(ctx: Context, viewerId: string, p: { q: string; following: boolean; limit: number; offset: number }): Promise<string[]> {
  const query = interpret(p.q, ctx.config.domain);
  if (!query.accounts) return [];
  return searchAccounts(ctx.db, { text: query.text, handle: query.handle, viewerId, following: p.following, limit: p.limit, offset: p.offset });
}
