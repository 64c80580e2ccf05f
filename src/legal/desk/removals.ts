import type { Db } from '../../db/database.js';

/** A removal demand's item as the desk resolved it: a post of this instance, or nothing found. */
export interface ResolvedItem {
  item: string;
  statusId: string | null;
  authorId: string | null;
  authorHandle: string | null;
}

/**
 * Finds the posts a removal demand names, by id or by any of the addresses Publius gives a post
 * (`/@handle/ID`, `/statuses/ID`, `/users/handle/statuses/ID`). Addresses on other hosts name nothing here.
 */
export async function resolveItems(db: Db, items: string[], domain: string): Promise<ResolvedItem[]> {
  const out: ResolvedItem[] = [];
  for (const item of items) {
    const id = statusIdOf(item, domain);
    const row = id
      ? await db.selectFrom('statuses').innerJoin('accounts', 'accounts.id', 'statuses.account_id')
        .select(['statuses.id', 'statuses.account_id', 'accounts.handle']).where('statuses.id', '=', id).executeTakeFirst()
      : undefined;
    out.push({ item, statusId: row ? String(row.id) : null, authorId: row ? String(row.account_id) : null, authorHandle: row?.handle ?? null });
  }
  return out;
}

export function statusIdOf(item: string, domain: string): string | null {
  const trimmed = item.trim();
  if (/^\d{1,18}$/.test(trimmed)) return trimmed;
  let url: URL;
  try { url = new URL(trimmed); } catch { return null; }
  if (url.host !== domain) return null;
  const m = url.pathname.match(/^\/(?:@[a-z0-9_]+|statuses|users\/[a-z0-9_]+\/statuses)\/(\d{1,18})\/?$/i);
  return m ? m[1] : null;
}
